package greencover.store.memory;

import greencover.domain.SummaryRow;
import greencover.store.SummaryRepository;
import java.util.List;

/** Summaries of a {@link MemoryCatalog}, keyed by (site, scene, index). */
final class MemorySummaryRepository implements SummaryRepository {
    private final MemoryCatalog catalog;

    MemorySummaryRepository(MemoryCatalog catalog) { this.catalog = catalog; }

    @Override
    public void put(SummaryRow row) {
        catalog.write(s -> s.summaries.put(row.siteId() + '\0' + row.sceneId() + '\0' + row.index(), row));
    }

    @Override
    public void deleteOf(String siteId, java.util.Collection<String> sceneIds) {
        if (sceneIds.isEmpty()) return;
        catalog.write(s -> s.summaries.values().removeIf(r -> r.siteId().equals(siteId) && sceneIds.contains(r.sceneId())));
    }

    @Override
    public List<SummaryRow> of(String siteId, String index) {
        return catalog.read().summaries.values().stream().filter(r -> r.siteId().equals(siteId) && r.index().equals(index)).toList();
    }

    @Override
    public List<SummaryRow> ofScene(String sceneId, String index) {
        return catalog.read().summaries.values().stream().filter(r -> r.sceneId().equals(sceneId) && r.index().equals(index)).toList();
    }
}
