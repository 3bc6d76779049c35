package greencover.service;

import greencover.core.raster.BandRole;
import java.nio.file.Path;

/** One band role of an upload: which file holds it, which band of that file (0-based), and the request field it came from. */
public record BandInput(BandRole role, Path file, int band, String field) {}
