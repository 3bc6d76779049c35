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
    private final Map<String, Lease> leases = new LinkedHashMap<>();

    private record Lease(String owner, java.time.Instant until) {}

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

    @Override
    public synchronized boolean takeLease(String name, String owner, java.time.Instant now, java.time.Instant until) {
        Lease l = leases.get(name);
        if (l != null && !l.owner().equals(owner) && l.until().isAfter(now)) return false;
        leases.put(name, new Lease(owner, until));
        return true;
    }

    @Override
    public synchronized boolean renewLease(String name, String owner, java.time.Instant until) {
        Lease l = leases.get(name);
        if (l == null || !l.owner().equals(owner)) return false;
        leases.put(name, new Lease(owner, until));
        return true;
    }

    @Override
    public synchronized void releaseLease(String name, String owner) {
        Lease l = leases.get(name);
        if (l != null && l.owner().equals(owner)) leases.remove(name);
    }
}
