package greencover.service.map;

/** The encodings of a map image: PNG (indexed for one layer, RGBA for a stack) or opaque baseline JPEG. */
public enum ImageFormat {
    PNG("image/png"), JPEG("image/jpeg");

    private final String mimeType;

    ImageFormat(String mimeType) { this.mimeType = mimeType; }

    /** The MIME type written as Content-Type. */
    public String mimeType() { return mimeType; }
}
