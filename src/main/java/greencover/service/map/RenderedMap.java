package greencover.service.map;

/** STUB (to be replaced by the renderer branch): encoded image bytes. */
public record RenderedMap(byte[] bytes, String contentType, boolean empty) {}
