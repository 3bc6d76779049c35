package greencover.service.error;

/** The submitted payload is over a configured size limit: code {@code payload_too_large}, field = the part. */
public class PayloadTooLargeException extends GreenCoverException {
    public PayloadTooLargeException(String field, String detail) {
        this("payload_too_large", field, detail);
    }

    protected PayloadTooLargeException(String code, String field, String detail) {
        super(code, field, detail);
    }
}
