package greencover.http.semantics;

/**
 * One byte range of a body of known length, from a {@code Range: bytes=...} header (RFC 9110 §14.1.2).
 *
 * @param first the first byte, 0-based
 * @param last the last byte, inclusive, {@code < length}
 * @param length the whole body's length in bytes
 */
public record ByteRange(long first, long last, long length) {
    /** What a {@code Range} header asks of a body. */
    public enum Kind {
        /** No header, a unit other than bytes, several ranges, or a malformed one: answer the whole body (200). */
        WHOLE,
        /** One satisfiable range: answer 206 with it. */
        PART,
        /** A well-formed range that starts at or beyond the end: answer 416. */
        UNSATISFIABLE
    }

    /** The number of bytes in the range. */
    public long size() { return last - first + 1; }

    /** The {@code Content-Range} value, e.g. {@code bytes 0-99/1000}. */
    public String contentRange() { return "bytes " + first + "-" + last + "/" + length; }

    /** What {@code header} (null for none) asks of a body of {@code length} bytes. */
    public static Kind kind(String header, long length) {
        if (header == null) return Kind.WHOLE;
        ByteRange r = parse(header, length);
        if (r != null) return Kind.PART;
        String spec = spec(header);
        if (spec == null || spec.contains(",")) return Kind.WHOLE;
        return spec.matches("[0-9]{1,18}-[0-9]{0,18}") && Long.parseLong(spec.substring(0, spec.indexOf('-'))) >= length
                || spec.equals("-0") ? Kind.UNSATISFIABLE : Kind.WHOLE;
    }

    /**
     * The single range {@code header} asks for, clamped to the body ({@code bytes=0-} is the whole body,
     * {@code bytes=-500} the last 500 bytes, {@code bytes=990-2000} of 1000 bytes is 990–999); null unless
     * {@link #kind} is {@link Kind#PART}.
     */
    public static ByteRange parse(String header, long length) {
        String spec = spec(header);
        if (spec == null || spec.contains(",") || length <= 0) return null;
        if (spec.matches("-[0-9]{1,18}")) {
            long n = Long.parseLong(spec.substring(1));
            if (n == 0) return null;
            return new ByteRange(Math.max(0, length - n), length - 1, length);
        }
        if (!spec.matches("[0-9]{1,18}-[0-9]{0,18}")) return null;
        int dash = spec.indexOf('-');
        long first = Long.parseLong(spec.substring(0, dash));
        long last = dash == spec.length() - 1 ? length - 1 : Long.parseLong(spec.substring(dash + 1));
        if (last < first || first >= length) return null;
        return new ByteRange(first, Math.min(last, length - 1), length);
    }

    private static String spec(String header) {
        if (header == null) return null;
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return null;
        return h.substring(6).replace(" ", "");
    }
}
