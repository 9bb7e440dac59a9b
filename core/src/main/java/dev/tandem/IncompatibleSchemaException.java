package dev.tandem;

/**
 * This app is too old for the database: a migration it does not know was contracted, so its code
 * may use what the contract dropped. Raised by {@link Tandem#start()} before anything runs. The same
 * check after every heartbeat, and one for a migration the app knows that was rolled back, refuse a
 * running instance's application connections instead, with this message (docs/fleet.md).
 */
public class IncompatibleSchemaException extends TandemException {

    private static final long serialVersionUID = 1L;

    public IncompatibleSchemaException(String message) {
        super(message);
    }
}
