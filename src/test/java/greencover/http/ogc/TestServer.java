package greencover.http.ogc;

import greencover.core.index.SpectralIndices;
import greencover.http.OgcRoutes;
import greencover.http.semantics.HttpSemantics;
import greencover.service.map.MapRenderer;
import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** A real server on port 0 with the OGC routes over {@link TestMapData} and the server's HTTP semantics (CORS, HEAD, ETag, Range), and a JDK HTTP client. */
final class TestServer implements AutoCloseable {
    final TestMapData data = new TestMapData();
    final OgcRoutes routes = new OgcRoutes(new MapRenderer(data, SpectralIndices.defaults()), data, 16L << 20);
    private final Javalin app = Javalin.create(cfg -> {
        routes.register(cfg);
        HttpSemantics.install(cfg, java.util.List.of("*"), java.util.List.of());
    }).start(0);
    private final HttpClient http = HttpClient.newHttpClient();

    String origin() { return "http://localhost:" + app.port(); }

    HttpResponse<byte[]> get(String pathAndQuery, String... headers) {
        return send("GET", pathAndQuery, headers);
    }

    HttpResponse<byte[]> send(String method, String pathAndQuery, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int k = 0; k < headers.length; k += 2) b.header(headers[k], headers[k + 1]);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String text(HttpResponse<byte[]> r) { return new String(r.body(), StandardCharsets.UTF_8); }

    /** Parses XML namespace-unaware (so XPath needs no prefixes) without loading external DTDs. */
    static Document xml(byte[] bytes) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw new AssertionError("not XML: " + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    static String xpath(Document d, String expr) {
        try {
            return XPathFactory.newInstance().newXPath().evaluate(expr, d);
        } catch (Exception e) {
            throw new AssertionError(expr, e);
        }
    }

    static NodeList nodes(Document d, String expr) {
        try {
            return (NodeList) XPathFactory.newInstance().newXPath().evaluate(expr, d, XPathConstants.NODESET);
        } catch (Exception e) {
            throw new AssertionError(expr, e);
        }
    }

    @Override public void close() { app.stop(); }
}
