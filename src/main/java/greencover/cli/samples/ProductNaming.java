package greencover.cli.samples;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * Sentinel-2 L2A product naming and processing baselines by date:
 * {@code MMM_MSIL2A_YYYYMMDDTHHMMSS_Nxxyy_ROOO_Txxxxx_<generation time>} (without {@code .SAFE}).
 * Baselines follow the ESA history closely enough for the offset rule: 02.04 (2016–2017),
 * 02.06 (2018), 02.12 (2019 to 2022-01-24), 04.00 from 2022-01-25 (first with the BOA offset),
 * 05.09 from 2022-12-06, 05.10 from 2023-12-13, 05.11 from 2024-07-23.
 */
final class ProductNaming {

    /** First acquisition date whose products carry BOA_ADD_OFFSET = -1000 (baseline 04.00). */
    static final LocalDate OFFSET_START = LocalDate.of(2022, 1, 25);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private ProductNaming() {
    }

    /** Processing baseline as "xx.yy" for an acquisition on {@code date}. */
    static String baseline(LocalDate date) {
        if (date.isBefore(LocalDate.of(2018, 1, 1))) return "02.04";
        if (date.isBefore(LocalDate.of(2019, 1, 1))) return "02.06";
        if (date.isBefore(OFFSET_START)) return "02.12";
        if (date.isBefore(LocalDate.of(2022, 12, 6))) return "04.00";
        if (date.isBefore(LocalDate.of(2023, 12, 13))) return "05.09";
        if (date.isBefore(LocalDate.of(2024, 7, 23))) return "05.10";
        return "05.11";
    }

    /** Whether DNs of baseline {@code baseline} ("xx.yy") carry the +1000 offset (baseline 04.00 and later). */
    static boolean hasOffset(String baseline) {
        return Integer.parseInt(baseline.substring(0, 2)) >= 4;
    }

    /**
     * The product name of an acquisition. The satellite (S2A before S2B's first year, then A or B) and the
     * generation time (2–8 h after sensing) are drawn from {@code random}.
     */
    static String productName(LocalDate date, String sensingTime, int relativeOrbit, String tile, SplittableRandom random) {
        String satellite = date.isBefore(LocalDate.of(2017, 7, 1)) || random.nextBoolean() ? "S2A" : "S2B";
        LocalDateTime sensing = date.atTime(Integer.parseInt(sensingTime.substring(0, 2)),
                Integer.parseInt(sensingTime.substring(2, 4)), Integer.parseInt(sensingTime.substring(4, 6)));
        LocalDateTime generated = sensing.plusSeconds(2 * 3600 + random.nextInt(6 * 3600));
        String pb = baseline(date).replace(".", "");
        return String.format("%s_MSIL2A_%s_N%s_R%03d_T%s_%s", satellite, STAMP.format(sensing), pb, relativeOrbit, tile,
                STAMP.format(generated));
    }
}
