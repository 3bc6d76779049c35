package greencover.store.memory;

import greencover.domain.DuplicateKeyException;
import greencover.domain.Site;
import greencover.store.SiteRepository;
import java.util.List;
import java.util.Optional;

/** Sites of a {@link MemoryCatalog}. */
final class MemorySiteRepository implements SiteRepository {
    private final MemoryCatalog catalog;

    MemorySiteRepository(MemoryCatalog catalog) { this.catalog = catalog; }

    @Override
    public void insert(Site site) {
        catalog.write(s -> {
            if (s.sites.containsKey(site.id())) throw new DuplicateKeyException("site '" + site.id() + "' is already stored", null);
            return s.sites.put(site.id(), site);
        });
    }

    @Override
    public List<Site> all() { return List.copyOf(catalog.read().sites.values()); }

    @Override
    public Optional<Site> byId(String id) { return Optional.ofNullable(catalog.read().sites.get(id)); }

    @Override
    public boolean updateGoals(String id, greencover.domain.SiteGoals goals) {
        if (!catalog.read().sites.containsKey(id)) return false;
        return catalog.write(s -> {
            Site old = s.sites.get(id);
            if (old == null) return false;
            s.sites.put(id, new Site(old.id(), old.name(), old.wgs84(), old.geometryAsGiven(), old.areaM2(), old.greenThreshold(),
                    old.ndviSoil(), old.ndviVeg(), old.properties(), old.createdAt(), goals));
            return true;
        });
    }

    @Override
    public boolean delete(String id) {
        if (!catalog.read().sites.containsKey(id)) return false;
        return catalog.write(s -> {
            s.summaries.values().removeIf(r -> r.siteId().equals(id));
            s.outlines.remove(id);
            s.alertSettings.remove(id);
            s.alerts.values().removeIf(a -> a.siteId().equals(id));
            s.deliveries.removeIf(d -> d.siteId().equals(id));
            return s.sites.remove(id) != null;
        });
    }
}
