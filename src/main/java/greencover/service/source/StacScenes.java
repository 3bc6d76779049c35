package greencover.service.source;

import greencover.core.raster.BandRole;
import greencover.service.BandInput;
import greencover.service.IngestRequest;
import greencover.service.SceneService;
import greencover.service.error.InvalidInputException;
import greencover.stac.CollectionProfiles;
import greencover.stac.StacException;
import greencover.stac.StacItem;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Ingests a STAC item read in place: the item (given, or fetched by URL under the address rule), its collection
 * profile (named, detected from the collection, or a mapping), Planetary Computer hrefs signed ({@link RemoteRasters#signed}),
 * then {@link SceneService#ingestRemote} over the window the sites need.
 */
public final class StacScenes {
    /** Largest STAC item document read. */
    public static final long MAX_ITEM_BYTES = 4L << 20;

    private final SceneService scenes;
    private final RemoteRasters remote;

    public StacScenes(SceneService scenes, RemoteRasters remote) {
        this.scenes = scenes;
        this.remote = remote;
    }

    /**
     * The item: {@code itemUrl} to fetch, or {@code itemJson} as given; {@code profile} a profile name or null;
     * {@code mapping} for other collections, or null.
     */
    public record StacRequest(String itemUrl, byte[] itemJson, String profile, CollectionProfiles.Mapping mapping) {}

    /** Ingests the item (see the class comment); answers as an upload does. */
    public SceneService.IngestResult ingest(StacRequest r) { return ingest(r, null); }

    /** As above, telling {@code meter} (null: nobody) the bytes the item's assets read. */
    public SceneService.IngestResult ingest(StacRequest r, java.util.function.LongConsumer meter) { return ingest(r, meter, null); }

    /**
     * As above, telling {@code completed} (null: the scene service's own hook, which evaluates the alerts of the sites
     * the scene meets) the new scene.
     */
    public SceneService.IngestResult ingest(StacRequest r, java.util.function.LongConsumer meter,
                                            java.util.function.Consumer<greencover.domain.Scene> completed) {
        URI base = null;
        byte[] json = r.itemJson();
        if (r.itemUrl() != null) {
            try {
                base = new URI(r.itemUrl().trim());
            } catch (java.net.URISyntaxException e) {
                throw new InvalidInputException("invalid_field", "stacItem", "stacItem '" + r.itemUrl() + "' is not a URL");
            }
            if (!base.isAbsolute()) throw new InvalidInputException("invalid_field", "stacItem", "stacItem '" + r.itemUrl() + "' is not an absolute URL");
            json = remote.fetchDocument(base, "stacItem", MAX_ITEM_BYTES);
        }
        CollectionProfiles.ItemScene s;
        try {
            s = CollectionProfiles.resolve(StacItem.parse(json), r.profile(), r.mapping());
        } catch (StacException e) {
            throw new InvalidInputException(e.code(), e.field(), e.getMessage());
        }
        List<BandInput> bands = new ArrayList<>();
        for (CollectionProfiles.Band b : s.bands()) {
            BandRole role;
            try {
                role = BandRole.parse(b.role());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("invalid_band", "collectionProfile", "'" + b.role() + "' is not a band role");
            }
            URI href;
            try {
                href = base != null ? base.resolve(b.href()) : new URI(b.href());
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                throw new InvalidInputException("invalid_stac_item", "stacItem", "the href of asset '" + b.asset() + "' is not a URL");
            }
            if (!href.isAbsolute()) {
                throw new InvalidInputException("invalid_stac_item", "stacItem", "the href of asset '" + b.asset() + "' is relative and the item was given inline");
            }
            if (s.needsSigning()) href = remote.signed(href); // the signed URL is only used for the requests
            bands.add(BandInput.remote(role, href, 0, b.role(), b.headerBytes()));
        }
        var provenance = new java.util.LinkedHashMap<>(s.provenance());
        for (BandInput b : bands) provenance.put("href." + b.role().key(), SceneService.unsigned(b.href()));
        IngestRequest req = new IngestRequest(bands, s.sensor(), s.acquired(), s.name(), s.fields());
        return scenes.ingestRemote(new SceneService.RemoteIngest(req, s.identity(), provenance, meter, completed), null);
    }
}
