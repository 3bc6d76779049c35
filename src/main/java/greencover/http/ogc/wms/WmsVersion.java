package greencover.http.ogc.wms;

import greencover.http.ogc.OgcParams;


/** A WMS version this server speaks, with what differs between them. */
public enum WmsVersion {
    V1_1_1("1.1.1", "SRS", "X", "Y", "application/vnd.ogc.se_xml", "application/vnd.ogc.wms_xml"),
    V1_3_0("1.3.0", "CRS", "I", "J", "text/xml", "text/xml");

    private final String text;
    private final String crsParam;
    private final String iParam;
    private final String jParam;
    private final String exceptionType;
    private final String capabilitiesType;

    WmsVersion(String text, String crsParam, String iParam, String jParam, String exceptionType,
            String capabilitiesType) {
        this.text = text;
        this.crsParam = crsParam;
        this.iParam = iParam;
        this.jParam = jParam;
        this.exceptionType = exceptionType;
        this.capabilitiesType = capabilitiesType;
    }

    public String text() { return text; }

    /** "CRS" in 1.3.0, "SRS" in 1.1.1. */
    public String crsParam() { return crsParam; }

    /** "I" in 1.3.0, "X" in 1.1.1. */
    public String iParam() { return iParam; }

    /** "J" in 1.3.0, "Y" in 1.1.1. */
    public String jParam() { return jParam; }

    public String exceptionContentType() { return exceptionType; }

    public String capabilitiesContentType() { return capabilitiesType; }

    /**
     * Picks the version of an operation request: 1.3.0 when absent; 1.1.0 and 1.1.1 are served as 1.1.1.
     *
     * @throws greencover.service.map.MapRequestException {@code INVALID_PARAMETER} for other versions
     */
    public static WmsVersion of(String version) {
        if (version == null || version.isBlank() || version.equals("1.3.0")) return V1_3_0;
        if (version.equals("1.1.1") || version.equals("1.1.0")) return V1_1_1;
        throw OgcParams.invalid("VERSION", "Invalid 'VERSION' parameter: " + version
                + ". Allowed versions include: 1.3.0, 1.1.1");
    }

    /**
     * Negotiates the version of a GetCapabilities answer (WMS 1.3.0 §6.2.4): the highest supported version not
     * above the requested one, or the lowest supported when the request is below all; 1.3.0 when absent.
     */
    public static WmsVersion negotiate(String version) {
        if (version == null || version.isBlank()) return V1_3_0;
        return compare(version, "1.3.0") >= 0 ? V1_3_0 : V1_1_1;
    }

    private static int compare(String a, String b) {
        String[] x = a.trim().split("\\."), y = b.split("\\.");
        for (int k = 0; k < Math.max(x.length, y.length); k++) {
            int p = k < x.length ? parse(x[k]) : 0, q = k < y.length ? parse(y[k]) : 0;
            if (p != q) return Integer.compare(p, q);
        }
        return 0;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
