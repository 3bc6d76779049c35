/**
 * Spectral vegetation indices and the cover measures derived from them.
 *
 * <p>A {@link greencover.core.index.SpectralIndex} turns per-pixel surface reflectance (0–1 units, produced by a
 * {@link greencover.core.raster.SensorProfile}) into one index value per pixel, NaN where the pixel is not
 * {@link greencover.core.raster.PixelClass#VALID} or the formula is undefined (0/0). The built-in indices
 * (ndvi, savi, msavi2, evi, ndmi) live in the immutable registry {@link greencover.core.index.SpectralIndices}.
 * {@link greencover.core.index.Fvc} converts NDVI to fractional vegetation cover, and
 * {@link greencover.core.index.CoverClasses} bins NDVI into the map's green-cover classes.
 */
package greencover.core.index;
