package greencover.http.ogc;

import greencover.service.map.MapException;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * Writes WMS exceptions: a {@code ServiceExceptionReport} document (1.3.0 in the http://www.opengis.net/ogc
 * namespace, 1.1.1 as application/vnd.ogc.se_xml), or for GetMap with EXCEPTIONS=INIMAGE/BLANK an image of the
 * requested size holding the message or nothing.
 */
public final class WmsExceptionReport {
    private WmsExceptionReport() {}

    /** The HTTP status of a WMS exception code: 500 for NoApplicableCode, else 400 (a client error). */
    public static int statusOf(String code) {
        return "NoApplicableCode".equals(code) ? 500 : 400;
    }

    /** The report document of {@code e}. */
    public static byte[] xml(WmsVersion version, MapException e) {
        XmlWriter x = new XmlWriter();
        if (version == WmsVersion.V1_3_0) {
            x.start("ServiceExceptionReport", "version", "1.3.0", "xmlns", "http://www.opengis.net/ogc",
                    "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance", "xsi:schemaLocation",
                    "http://www.opengis.net/ogc http://schemas.opengis.net/wms/1.3.0/exceptions_1_3_0.xsd");
        } else {
            x.raw("<!DOCTYPE ServiceExceptionReport SYSTEM "
                    + "\"http://schemas.opengis.net/wms/1.1.1/exception_1_1_1.dtd\">");
            x.start("ServiceExceptionReport", "version", "1.1.1");
        }
        x.text("ServiceException", e.getMessage() == null ? e.code() : e.getMessage(), "code", e.code(),
                "locator", e.locator());
        x.end();
        return x.toBytes();
    }

    /** An image of the map's size: blank (background or clear) or with the message written on it. */
    public static byte[] image(MapException e, int width, int height, String format, boolean transparent, int bg,
            boolean withMessage) {
        boolean jpeg = format.equals("image/jpeg");
        BufferedImage img = new BufferedImage(width, height, jpeg ? BufferedImage.TYPE_INT_RGB
                : BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            if (!transparent || jpeg) {
                g.setColor(new Color(bg));
                g.fillRect(0, 0, width, height);
            }
            if (withMessage) {
                g.setColor(Color.RED);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                g.drawString(e.code() + ": " + e.getMessage(), 4, 16);
            }
        } finally {
            g.dispose();
        }
        return LayerCompositor.encode(img, jpeg);
    }
}
