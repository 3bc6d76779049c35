package greencover.cli.samples;

import java.time.LocalDate;
import java.util.Map;

/**
 * One written scene: product name, region, date, processing baseline, UTM EPSG code and the sky
 * condition measured per site.
 */
record GeneratedScene(String name, String regionKey, LocalDate acquired, String processingBaseline, int epsg,
                      Map<String, SceneSynthesizer.SiteSky> skyBySite) {

    GeneratedScene {
        skyBySite = Map.copyOf(skyBySite);
    }

    /** Path of a band file relative to the sample root, with forward slashes. */
    String file(String band) {
        return "scenes/" + name + "/" + band + ".tif";
    }
}
