package greencover.service.map;

import java.util.Objects;

/**
 * A map request that cannot be served: why ({@link Reason}, a stable code that each protocol translates with
 * its own table into its exception code and HTTP status) and the request parameter at fault, as the client
 * named it ({@code LAYERS}, {@code TILEROW}, {@code time}...; null when no single parameter is to blame).
 */
public final class MapRequestException extends RuntimeException {

    /** Why a map request cannot be served; protocol-free (no OGC code, no HTTP status). */
    public enum Reason {
        /** No layer of that name is offered. */
        LAYER_NOT_DEFINED,
        /** The layer is offered but does not answer point queries. */
        LAYER_NOT_QUERYABLE,
        /** The layer has no style of that name. */
        STYLE_NOT_DEFINED,
        /** The CRS is unknown, or the data cannot be transformed to it. */
        INVALID_CRS,
        /** The image or info format is not offered. */
        INVALID_FORMAT,
        /** The TIME value is malformed, or the layer has no data for it. */
        INVALID_TIME,
        /** A required parameter is absent or blank. */
        MISSING_PARAMETER,
        /** A parameter has a value outside what it accepts. */
        INVALID_PARAMETER,
        /** A tile address outside its tile matrix (or not a tile address at all). */
        TILE_OUT_OF_RANGE,
        /** A point-query pixel outside the image or tile. */
        POINT_OUT_OF_RANGE,
        /** The protocol does not offer the requested operation. */
        OPERATION_NOT_SUPPORTED
    }

    private final Reason reason;
    private final String parameter;

    public MapRequestException(Reason reason, String parameter, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.parameter = parameter;
    }

    /** A {@link Reason#MISSING_PARAMETER} for {@code parameter}. */
    public static MapRequestException missing(String parameter) {
        return new MapRequestException(Reason.MISSING_PARAMETER, parameter, "Missing parameter '" + parameter + "'");
    }

    /** An {@link Reason#INVALID_PARAMETER} for {@code parameter}. */
    public static MapRequestException invalid(String parameter, String message) {
        return new MapRequestException(Reason.INVALID_PARAMETER, parameter, message);
    }

    public Reason reason() { return reason; }

    /** The request parameter at fault, or null. */
    public String parameter() { return parameter; }
}
