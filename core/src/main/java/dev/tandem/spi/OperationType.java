package dev.tandem.spi;

/**
 * A kind of declarative operation in {@code .yaml} scripts, e.g. {@code add_column}. Implementations
 * are found with {@link java.util.ServiceLoader}; {@code create} checks the operation's fields and
 * throws a {@link dev.tandem.ScriptException} (through {@link OperationSpec#error}) for bad input.
 */
public interface OperationType {

    /** The key that names the operation in a script. */
    String name();

    Operation create(OperationSpec spec);
}
