package greencover.http.rest;

import greencover.domain.Alert;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Alerts as an Atom 1.0 feed (RFC 4287): one entry per alert episode, its id {@code urn:uuid:<alert id>}, updated when
 * it opened or, once cleared, when it cleared (so a feed reader shows the change again), linking to the site's report.
 */
final class AlertFeed {
    static final String FEED_ID = "tag:greencover,2026:alerts";

    private AlertFeed() {}

    static String atom(List<Alert> alerts, Map<String, String> siteNames, String base, String query) {
        Instant updated = Instant.EPOCH;
        for (Alert a : alerts) updated = max(updated, a.clearedAt() != null ? a.clearedAt() : a.openedAt());
        StringBuilder x = new StringBuilder(1024);
        x.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
        x.append("  <id>").append(FEED_ID).append(query == null || query.isEmpty() ? "" : esc("?" + query)).append("</id>\n");
        x.append("  <title>GreenCover alerts</title>\n");
        x.append("  <subtitle>Alerts on restoration sites: trends, seasonal baseline, annual drop, missing clear observations</subtitle>\n");
        x.append("  <updated>").append(updated).append("</updated>\n");
        x.append("  <link rel=\"self\" type=\"application/atom+xml\" href=\"").append(esc(base + "/api/v1/alerts.atom"
                + (query == null || query.isEmpty() ? "" : "?" + query))).append("\"/>\n");
        x.append("  <link rel=\"alternate\" type=\"text/html\" href=\"").append(esc(base + "/")).append("\"/>\n");
        x.append("  <author><name>GreenCover</name></author>\n");
        x.append("  <generator>GreenCover</generator>\n");
        for (Alert a : alerts) {
            String name = siteNames.getOrDefault(a.siteId(), a.siteId());
            Instant u = a.clearedAt() != null ? a.clearedAt() : a.openedAt();
            x.append("  <entry>\n");
            x.append("    <id>urn:uuid:").append(esc(a.id())).append("</id>\n");
            x.append("    <title>").append(esc(name + ": " + a.rule() + (a.isOpen() ? " (open)" : " (cleared)"))).append("</title>\n");
            x.append("    <updated>").append(u).append("</updated>\n");
            x.append("    <published>").append(a.openedAt()).append("</published>\n");
            x.append("    <link rel=\"alternate\" type=\"text/html\" href=\"").append(esc(base + "/api/v1/sites/" + a.siteId() + "/report")).append("\"/>\n");
            x.append("    <category term=\"").append(esc(a.rule())).append("\"/>\n");
            x.append("    <summary type=\"text\">").append(esc((a.isOpen() ? "Open since " + a.openedAt() : "Cleared " + a.clearedAt()
                    + " (opened " + a.openedAt() + ")") + (a.observedOn() == null ? "" : "; observation of " + a.observedOn()) + ". "
                    + a.detail())).append("</summary>\n");
            x.append("  </entry>\n");
        }
        return x.append("</feed>\n").toString();
    }

    private static Instant max(Instant a, Instant b) { return a.isAfter(b) ? a : b; }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') b.append(' ');
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }
}
