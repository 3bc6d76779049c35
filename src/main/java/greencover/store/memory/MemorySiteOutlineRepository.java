package greencover.store.memory;

import greencover.domain.DuplicateKeyException;
import greencover.domain.OutlineVersion;
import greencover.store.SiteOutlineRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Outline versions of a {@link MemoryCatalog}. */
final class MemorySiteOutlineRepository implements SiteOutlineRepository {
    private final MemoryCatalog catalog;

    MemorySiteOutlineRepository(MemoryCatalog catalog) { this.catalog = catalog; }

    @Override
    public void insert(OutlineVersion v) {
        catalog.write(s -> {
            List<OutlineVersion> list = s.outlines.computeIfAbsent(v.siteId(), k -> new ArrayList<>());
            if (list.stream().anyMatch(o -> o.validFrom().equals(v.validFrom()))) {
                throw new DuplicateKeyException("site '" + v.siteId() + "' already has an outline from " + v.validFrom(), null);
            }
            list.add(v);
            list.sort(Comparator.comparing(OutlineVersion::validFrom));
            return null;
        });
    }

    @Override
    public List<OutlineVersion> of(String siteId) {
        return List.copyOf(catalog.read().outlines.getOrDefault(siteId, List.of()));
    }

    @Override
    public Map<String, List<OutlineVersion>> all() {
        Map<String, List<OutlineVersion>> out = new TreeMap<>();
        catalog.read().outlines.forEach((k, v) -> { if (!v.isEmpty()) out.put(k, List.copyOf(v)); });
        return out;
    }
}
