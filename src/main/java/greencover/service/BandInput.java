package greencover.service;

import greencover.core.raster.BandRole;
import java.net.URI;
import java.nio.file.Path;

/**
 * One band role of a scene: which file holds it (an upload's temporary file) or, for a scene read where it lives,
 * which URL ({@code href}, then {@code file} is null, and {@code headerBytes} the asset's declared header size or
 * 0), which band of that file (0-based), and the request field it came from.
 */
public record BandInput(BandRole role, Path file, int band, String field, URI href, int headerBytes) {
    /** A band of an uploaded file. */
    public BandInput(BandRole role, Path file, int band, String field) {
        this(role, file, band, field, null, 0);
    }

    /** A band of the GeoTIFF at {@code href}. */
    public static BandInput remote(BandRole role, URI href, int band, String field, int headerBytes) {
        return new BandInput(role, null, band, field, href, headerBytes);
    }

    /** Whether the band is read where it lives. */
    public boolean isRemote() { return href != null; }

    /** What identifies its source: the file or the URL (bands of one source are decoded together). */
    Object sourceKey() { return file != null ? file : href; }
}
