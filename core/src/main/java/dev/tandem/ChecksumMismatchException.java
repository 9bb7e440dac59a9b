package dev.tandem;

/** An applied script was edited. Applied scripts are immutable: nothing runs until this is resolved. */
public class ChecksumMismatchException extends TandemException {

    private static final long serialVersionUID = 1L;

    public ChecksumMismatchException(String script, String version, int recorded, int actual) {
        super("Migration " + version + " (" + script + ") was changed after it was applied: recorded checksum "
                + recorded + ", the script now has " + actual + ". Applied scripts are immutable: restore the original "
                + "script and put the change in a new migration with a higher version.");
    }
}
