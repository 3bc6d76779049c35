package greencover.service.map;

/** An encoded map image, its MIME type and whether no pixel at all carries data. */
public record RenderedMap(byte[] bytes, String contentType, boolean empty) {}
