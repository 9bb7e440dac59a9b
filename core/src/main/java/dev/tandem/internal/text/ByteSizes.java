package dev.tandem.internal.text;

import java.util.Locale;

/** A number of bytes for people: the same table reads the same size in the log, the status and the CLI. */
public final class ByteSizes {

    private static final long MIB = 1024 * 1024;

    private ByteSizes() {
    }

    /** {@code bytes} in MiB; in KiB (rounded up, so no size but 0 reads 0) under 1 MiB, in GiB (one decimal) from 10 GiB on. */
    public static String readable(long bytes) {
        if (bytes < MIB) {
            return (bytes + 1023) / 1024 + " KiB";
        }
        double mib = (double) bytes / MIB;
        return mib >= 10 * 1024 ? String.format(Locale.ROOT, "%.1f GiB", mib / 1024) : String.format(Locale.ROOT, "%.0f MiB", mib);
    }
}
