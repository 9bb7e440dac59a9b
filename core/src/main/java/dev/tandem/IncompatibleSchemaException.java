package dev.tandem;

/**
 * This app is too old for the database: a migration it does not know was contracted, so its code
 * may use what the contract dropped. Raised by {@link Tandem#start()} before anything runs.
 */
public class IncompatibleSchemaException extends TandemException {

    private static final long serialVersionUID = 1L;

    public IncompatibleSchemaException(String message) {
        super(message);
    }
}
