package dev.tandem;

/** Something Tandem could not do; the message says what, where, and what to do about it. */
public class TandemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TandemException(String message) {
        super(message);
    }

    public TandemException(String message, Throwable cause) {
        super(message, cause);
    }
}
