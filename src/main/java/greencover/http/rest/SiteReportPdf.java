package greencover.http.rest;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The site report as PDF: {@link SiteReport}'s XHTML page (the chart as a PNG, see {@link SvgRaster}) laid out by
 * openhtmltopdf on PDFBox, A4. The page's font family, DejaVu Sans, is embedded (subset) when the system has its TTF
 * files (Debian's fonts-dejavu-core); without them openhtmltopdf falls back to the PDF base fonts, which lack a few of
 * the report's signs (→, ≥), drawn then as '#'.
 */
final class SiteReportPdf {
    private static final List<Path> FONT_DIRS = List.of(Path.of("/usr/share/fonts/truetype/dejavu"), Path.of("/usr/share/fonts/dejavu"),
            Path.of("/usr/share/fonts/TTF"));

    private SiteReportPdf() {}

    static byte[] render(String xhtml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        PdfRendererBuilder b = new PdfRendererBuilder();
        b.useFastMode();
        font(b, "DejaVuSans.ttf", "DejaVu Sans", 400, BaseRendererBuilder.FontStyle.NORMAL);
        font(b, "DejaVuSans-Bold.ttf", "DejaVu Sans", 700, BaseRendererBuilder.FontStyle.NORMAL);
        font(b, "DejaVuSans-Oblique.ttf", "DejaVu Sans", 400, BaseRendererBuilder.FontStyle.ITALIC);
        font(b, "DejaVuSansMono.ttf", "monospace", 400, BaseRendererBuilder.FontStyle.NORMAL);
        b.withHtmlContent(xhtml, null);
        b.toStream(out);
        try {
            b.run();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static void font(PdfRendererBuilder b, String file, String family, int weight, BaseRendererBuilder.FontStyle style) {
        for (Path dir : FONT_DIRS) {
            Path f = dir.resolve(file);
            if (Files.isRegularFile(f)) {
                b.useFont(f.toFile(), family, weight, style, true);
                return;
            }
        }
    }
}
