package greencover.http.ogc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes an XML document element by element with escaped text and attributes, indented by two spaces.
 * Attributes are given as name, value pairs; a null value omits the attribute.
 */
public final class XmlWriter {
    private final StringBuilder out = new StringBuilder(4096);
    private final Deque<String> open = new ArrayDeque<>();

    public XmlWriter() { out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"); }

    /** Appends a raw line (a DOCTYPE); never with user text. */
    public XmlWriter raw(String line) {
        out.append(line).append('\n');
        return this;
    }

    /** Opens an element that will hold children. */
    public XmlWriter start(String name, String... attributes) {
        indent();
        out.append('<').append(name);
        attributes(attributes);
        out.append(">\n");
        open.push(name);
        return this;
    }

    /** Closes the innermost open element. */
    public XmlWriter end() {
        String name = open.pop();
        indent();
        out.append("</").append(name).append(">\n");
        return this;
    }

    /** Writes an element holding {@code text}; nothing when text is null. */
    public XmlWriter text(String name, Object text, String... attributes) {
        if (text == null) return this;
        indent();
        out.append('<').append(name);
        attributes(attributes);
        out.append('>');
        escape(String.valueOf(text), false);
        out.append("</").append(name).append(">\n");
        return this;
    }

    /** Writes an empty element. */
    public XmlWriter empty(String name, String... attributes) {
        indent();
        out.append('<').append(name);
        attributes(attributes);
        out.append("/>\n");
        return this;
    }

    public byte[] toBytes() {
        if (!open.isEmpty()) throw new IllegalStateException("unclosed elements: " + open);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void attributes(String[] attributes) {
        if (attributes.length % 2 != 0) throw new IllegalArgumentException("attributes must be name, value pairs");
        for (int k = 0; k < attributes.length; k += 2) {
            if (attributes[k + 1] == null) continue;
            out.append(' ').append(attributes[k]).append("=\"");
            escape(attributes[k + 1], true);
            out.append('"');
        }
    }

    private void indent() {
        for (int k = 0; k < open.size(); k++) out.append("  ");
    }

    private void escape(String s, boolean attribute) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') continue; // not allowed in XML 1.0
                    out.append(c);
                }
            }
        }
    }
}
