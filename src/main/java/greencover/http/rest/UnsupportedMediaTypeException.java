package greencover.http.rest;

import greencover.service.error.GreenCoverException;

/** A request body in a media type the route does not read: code {@code unsupported_media_type}, field {@code Content-Type}. */
public final class UnsupportedMediaTypeException extends GreenCoverException {
    public UnsupportedMediaTypeException(String detail) {
        super("unsupported_media_type", "Content-Type", detail);
    }
}
