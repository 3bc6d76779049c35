package greencover.store.memory;

import greencover.domain.DuplicateKeyException;
import greencover.domain.Scene;
import greencover.domain.SceneDamage;
import greencover.domain.SceneState;
import greencover.store.SceneRepository;
import greencover.store.memory.MemoryCatalog.State;
import java.time.Instant;
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
            if (s.scenes.containsKey(scene.id()) || s.deleting.containsKey(scene.id()) || s.damaged.containsKey(scene.id())) throw new DuplicateKeyException("scene '" + scene.id() + "' is already stored", null);
            for (Scene o : (Iterable<Scene>) java.util.stream.Stream.of(s.scenes, s.deleting, s.damaged).flatMap(m -> m.values().stream())::iterator) {
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
        if (!catalog.read().scenes.containsKey(id) && !catalog.read().damaged.containsKey(id)) return false;
        return catalog.write(s -> {
            Scene sc = s.scenes.remove(id);
            if (sc == null) sc = s.damaged.remove(id);
            if (sc == null) return false;
            sc = sc.withDamage(null);
            s.deleting.put(id, sc);
            s.summaries.values().removeIf(r -> r.sceneId().equals(id));
            return true;
        });
    }

    @Override
    public boolean markDamaged(String id, Instant createdAt, SceneDamage damage) {
        Scene now = catalog.read().scenes.get(id);
        if (now == null || !now.createdAt().equals(createdAt)) return false;
        return catalog.write(s -> {
            Scene sc = s.scenes.get(id);
            if (sc == null || !sc.createdAt().equals(createdAt)) return false;
            s.scenes.remove(id);
            s.damaged.put(id, sc.withDamage(damage));
            return true;
        });
    }

    @Override
    public boolean widenFootprint(String id, Instant createdAt, org.locationtech.jts.geom.Geometry footprintWgs84) {
        return catalog.write(s -> {
            Scene sc = s.scenes.get(id);
            if (sc == null || !sc.createdAt().equals(createdAt)) return false;
            s.scenes.put(id, sc.withFootprint(footprintWgs84));
            return true;
        });
    }

    @Override
    public List<Scene> damaged() { return catalog.read().damaged.values().stream().sorted(ORDER).toList(); }

    @Override
    public Optional<SceneState> stateOf(String id) {
        State s = catalog.read();
        if (s.scenes.containsKey(id)) return Optional.of(SceneState.ACTIVE);
        if (s.damaged.containsKey(id)) return Optional.of(SceneState.DAMAGED);
        if (s.deleting.containsKey(id)) return Optional.of(SceneState.DELETING);
        return Optional.empty();
    }

    @Override
    public List<String> deleting() { return catalog.read().deleting.keySet().stream().sorted().toList(); }

    @Override
    public boolean delete(String id) {
        State now = catalog.read();
        if (!now.scenes.containsKey(id) && !now.deleting.containsKey(id) && !now.damaged.containsKey(id)) return false;
        return catalog.write(s -> {
            s.summaries.values().removeIf(r -> r.sceneId().equals(id));
            boolean active = s.scenes.remove(id) != null;
            boolean damaged = s.damaged.remove(id) != null;
            return s.deleting.remove(id) != null || active || damaged;
        });
    }
}
