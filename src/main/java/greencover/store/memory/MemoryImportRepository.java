package greencover.store.memory;

import greencover.domain.SiteWatch;
import greencover.domain.StacImport;
import greencover.store.ImportRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Imports and watches in memory (lost with the process), for service tests. */
final class MemoryImportRepository implements ImportRepository {
    private final Map<String, StacImport> imports = new LinkedHashMap<>();
    private final Map<String, SiteWatch> watches = new LinkedHashMap<>();
    private final Map<String, List<StacImport.Done>> done = new LinkedHashMap<>();

    @Override
    public synchronized void save(StacImport i) { imports.put(i.id(), i); }

    @Override
    public synchronized void saveProgress(StacImport i, StacImport.Done d) {
        imports.put(i.id(), i);
        done.computeIfAbsent(i.id(), k -> new ArrayList<>()).add(d);
    }

    @Override
    public synchronized List<StacImport.Done> done(String id) { return List.copyOf(done.getOrDefault(id, List.of())); }

    @Override
    public synchronized Optional<StacImport> find(String id) { return Optional.ofNullable(imports.get(id)); }

    @Override
    public synchronized List<StacImport> all() {
        List<StacImport> out = new ArrayList<>(imports.values());
        out.sort(Comparator.comparing(StacImport::createdAt).reversed());
        return out;
    }

    @Override
    public synchronized void saveWatch(SiteWatch w) { watches.put(w.siteId(), w); }

    @Override
    public synchronized Optional<SiteWatch> watch(String siteId) { return Optional.ofNullable(watches.get(siteId)); }

    @Override
    public synchronized boolean deleteWatch(String siteId) { return watches.remove(siteId) != null; }

    @Override
    public synchronized List<SiteWatch> watches() { return new ArrayList<>(watches.values()); }
}
