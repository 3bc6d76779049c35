package greencover.domain;

/**
 * The life of a scene's catalog row: {@code active} (served), {@code damaged} (its files are missing or
 * unreadable: listed with a {@link SceneDamage}, left out of maps and series) and {@code deleting} (a tombstone: its
 * files are being removed, invisible to every read). The keys are stored in {@code scenes.state}.
 */
public enum SceneState {
    ACTIVE("active"),
    DAMAGED("damaged"),
    DELETING("deleting");

    private final String key;

    SceneState(String key) { this.key = key; }

    /** The stored and published name. */
    public String key() { return key; }

    /**
     * The state stored as {@code key}.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static SceneState of(String key) {
        for (SceneState s : values()) if (s.key.equals(key)) return s;
        throw new IllegalArgumentException("not a scene state: '" + key + "' (active, damaged, deleting)");
    }
}
