package dev.tandem.cli;

import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * compare's option values that name tables and columns, checked as they are parsed: a malformed one is
 * a usage error that shows the form expected.
 */
final class TableArguments {

    private TableArguments() {
    }

    /** {@code --map old=new}: a table of the source and its name in the target. */
    static final class Mapping implements ITypeConverter<Map.Entry<String, String>> {

        @Override
        public Map.Entry<String, String> convert(String value) {
            String[] parts = value.split("=", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new TypeConversionException("'" + value + "' is not SOURCE_TABLE=TARGET_TABLE, e.g. --map wp_users=users");
            }
            return Map.entry(parts[0], parts[1]);
        }
    }

    /** {@code --ignore-columns table.column}, the source's names. */
    static final class TableColumn implements ITypeConverter<String> {

        @Override
        public String convert(String value) {
            int dot = value.indexOf('.');
            if (dot < 1 || dot == value.length() - 1) {
                throw new TypeConversionException("'" + value + "' is not TABLE.COLUMN, e.g. --ignore-columns wp_options.autoload");
            }
            return value;
        }
    }
}
