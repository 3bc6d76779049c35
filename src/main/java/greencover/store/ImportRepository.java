package greencover.store;

import greencover.domain.SiteWatch;
import greencover.domain.StacImport;
import java.util.List;
import java.util.Optional;

/**
 * Imports from STAC APIs and the sites' watches, kept in the catalog so that both survive a restart. Their writes do
 * not change the catalog version: an import's progress is not a change of scenes or sites.
 */
public interface ImportRepository {
    /** Stores {@code i}, replacing the import of the same id. */
    void save(StacImport i);

    Optional<StacImport> find(String id);

    /**
     * Stores {@code i} and records that it is done with item {@code d}, in one write: a resumed import counts each item
     * once from what was recorded ({@link #done}).
     */
    void saveProgress(StacImport i, StacImport.Done d);

    /** The items import {@code id} is done with, in the order they were recorded (a key repeats for an item found twice). */
    List<StacImport.Done> done(String id);

    /** Every import, newest first. */
    List<StacImport> all();

    /** Stores {@code w}, replacing the site's watch. */
    void saveWatch(SiteWatch w);

    Optional<SiteWatch> watch(String siteId);

    /** Removes the site's watch; false when it had none. */
    boolean deleteWatch(String siteId);

    List<SiteWatch> watches();

    /**
     * Takes the lease {@code name} (e.g. {@code import:<id>}, {@code watch:<site>}) for {@code owner} until
     * {@code until}, in one conditional write: when no one holds it, its holder's lease had expired at {@code now}, or
     * {@code owner} holds it already. Servers on one catalog run an import, or poll a watch, only under its lease, so
     * each runs once however many servers there are, and a server that dies leaves it to the others once its lease
     * expires. Returns whether {@code owner} holds it now. A lease that must not be taken again before it expires, even
     * by the same server (one poll per interval), is taken under an owner name of its own for each take.
     */
    boolean takeLease(String name, String owner, java.time.Instant now, java.time.Instant until);

    /** Extends {@code owner}'s lease {@code name} to {@code until}; false when {@code owner} no longer holds it (taken over). */
    boolean renewLease(String name, String owner, java.time.Instant until);

    /** Gives up {@code owner}'s lease {@code name} (nothing when another holds it). */
    void releaseLease(String name, String owner);
}
