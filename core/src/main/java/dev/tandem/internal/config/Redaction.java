package dev.tandem.internal.config;

import java.util.regex.Pattern;

/** Removes credentials from text that goes to logs and exception messages. */
public final class Redaction {

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password\\d?=)[^&;)]*");
    /** A {@code user:password@} before a host: the first one's, or another's of a list ({@code [a:b@h1,c:d@h2]}). */
    private static final Pattern USER_INFO = Pattern.compile("([/,\\[][^/:@,\\[\\]()]+:)[^@/]*@");

    private Redaction() {
    }

    /** The JDBC URL with any password in it (a parameter or {@code user:password@}) masked. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        return USER_INFO.matcher(PASSWORD_PARAMETER.matcher(url).replaceAll("$1****")).replaceAll("$1****@");
    }
}
