package greencover.store.memory;

import greencover.domain.DuplicateKeyException;
import greencover.domain.Scene;
import greencover.store.SceneRepository;
import greencover.store.memory.MemoryCatalog.State;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Scenes of a {@link MemoryCatalog}, ordered as {@link SceneRepository#between} requires. */
final class MemorySceneRepository implements SceneRepository {
    private static final Comparator<Scene> ORDER = Comparator.comparing(Scene::date).thenComparing(Scene::createdAt)
            .thenComparing(Scene::id);
    private final MemoryCatalog catalog;

    MemorySceneRepository(MemoryCatalog catalog) { this.catalog = catalog; }

    @Override
    public void insert(Scene scene) {
        catalog.write(s -> {
            if (s.scenes.containsKey(scene.id()) || s.deleting.containsKey(scene.id())) throw new DuplicateKeyException("scene '" + scene.id() + "' is already stored", null);
            for (Scene o : (Iterable<Scene>) java.util.stream.Stream.concat(s.scenes.values().stream(), s.deleting.values().stream())::iterator) {
                if (o.contentHash().equals(scene.contentHash())) {
                    throw new DuplicateKeyException("the content hash of scene '" + scene.id() + "' is stored as " + o.id(), null);
                }
            }
            return s.scenes.put(scene.id(), scene);
        });
    }

    @Override
    public List<Scene> between(LocalDate from, LocalDate to) {
        List<Scene> out = new ArrayList<>();
        for (Scene sc : catalog.read().scenes.values()) {
            if ((from == null || !sc.date().isBefore(from)) && (to == null || !sc.date().isAfter(to))) out.add(sc);
        }
        out.sort(ORDER);
        return out;
    }

    @Override
    public Optional<Scene> byId(String id) { return Optional.ofNullable(catalog.read().scenes.get(id)); }

    @Override
    public Optional<Scene> byContentHash(String hash) {
        return catalog.read().scenes.values().stream().filter(s -> s.contentHash().equals(hash)).findFirst();
    }

    @Override
    public List<Scene> byContentHashPrefix(String prefix) {
        return catalog.read().scenes.values().stream().filter(s -> s.contentHash().startsWith(prefix)).sorted(ORDER).toList();
    }

    @Override
    public boolean markDeleting(String id) {
        if (!catalog.read().scenes.containsKey(id)) return false;
        return catalog.write(s -> {
            Scene sc = s.scenes.remove(id);
            if (sc == null) return false;
            s.deleting.put(id, sc);
            s.summaries.values().removeIf(r -> r.sceneId().equals(id));
            return true;
        });
    }

    @Override
    public List<String> deleting() { return catalog.read().deleting.keySet().stream().sorted().toList(); }

    @Override
    public boolean delete(String id) {
        State now = catalog.read();
        if (!now.scenes.containsKey(id) && !now.deleting.containsKey(id)) return false;
        return catalog.write(s -> {
            s.summaries.values().removeIf(r -> r.sceneId().equals(id));
            boolean active = s.scenes.remove(id) != null;
            return s.deleting.remove(id) != null || active;
        });
    }
}
