package greencover.http.rest;

import greencover.service.error.GreenCoverException;

/**
 * A write without a valid bearer token: code {@code missing_token} or {@code invalid_token}, field
 * {@code Authorization}. Raised by {@link BearerAuth}; answered 401 with a {@code WWW-Authenticate} challenge by {@link RestErrors}.
 */
public final class UnauthorizedException extends GreenCoverException {
    public UnauthorizedException(String code, String detail) {
        super(code, "Authorization", detail);
    }
}
