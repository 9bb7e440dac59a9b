package dev.tandem.mysql.internal.move;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first host of a JDBC URL of MySQL's or MariaDB's driver, and its port: what another server replicates
 * from and what a move's messages name it by. Read from each form the drivers take ({@code host:port},
 * {@code user:password@host}, {@code [host1,host2]}, {@code [::1]:3306}, {@code address=(host=h)(port=p)},
 * {@code (host=h,port=p)}), and never with what else the URL holds: a password in it stays out of every label,
 * record and log line, and out of {@code MASTER_HOST}.
 */
record JdbcHost(String host, int port) {

    static final int DEFAULT_PORT = 3306;
    private static final Pattern URL = Pattern.compile("^jdbc:[a-z]+(?::[a-z]+)?://(.*)$", Pattern.DOTALL);
    private static final Pattern KEY_VALUE = Pattern.compile("\\s*([a-zA-Z]+)\\s*=\\s*([^,()]*)\\s*");
    private static final Pattern HOST_PORT = Pattern.compile("^([^:\\[\\]]+)(?::(\\d+))?$");
    private static final Pattern IPV6_PORT = Pattern.compile("^\\[([0-9a-fA-F:.%]+)](?::(\\d+))?$");

    /** {@code url}'s first host; empty when it is no URL of that shape. */
    static Optional<JdbcHost> of(String url) {
        Matcher m = url == null ? null : URL.matcher(url.strip());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return first(authority(m.group(1)));
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The hosts part of what follows {@code //}: up to the first {@code /} or {@code ?} outside brackets. */
    private static String authority(String rest) {
        return untilOutsideBrackets(rest, "/?");
    }

    private static Optional<JdbcHost> first(String hosts) {
        String spec = untilOutsideBrackets(hosts, ",").strip();
        Matcher ipv6 = IPV6_PORT.matcher(withoutUserInfo(spec));
        if (ipv6.matches()) {
            return Optional.of(new JdbcHost(ipv6.group(1), port(ipv6.group(2))));
        }
        if (spec.startsWith("[") && spec.endsWith("]")) {
            return first(spec.substring(1, spec.length() - 1)); // a list of hosts
        }
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.startsWith("address=")) {
            return keyValues(spec.substring("address=".length()));
        }
        if (spec.startsWith("(")) {
            return keyValues(spec);
        }
        Matcher hostPort = HOST_PORT.matcher(withoutUserInfo(spec));
        return hostPort.matches() ? Optional.of(new JdbcHost(hostPort.group(1), port(hostPort.group(2)))) : Optional.empty();
    }

    /** {@code text} up to the first of {@code stops} outside parentheses and square brackets; all of it if none. */
    private static String untilOutsideBrackets(String text, String stops) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (depth == 0 && stops.indexOf(c) >= 0) {
                return text.substring(0, i);
            }
        }
        return text;
    }

    /** {@code spec} without a {@code user:password@} before its host. */
    private static String withoutUserInfo(String spec) {
        int at = spec.lastIndexOf('@');
        return at < 0 ? spec : spec.substring(at + 1);
    }

    /** The host and port of {@code (host=h)(port=p)} or {@code (host=h,port=p,user=u)}. */
    private static Optional<JdbcHost> keyValues(String groups) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String group : groups.split("[()]")) {
            for (String pair : group.split(",")) {
                Matcher kv = KEY_VALUE.matcher(pair);
                if (kv.matches()) {
                    values.putIfAbsent(kv.group(1).toLowerCase(Locale.ROOT), kv.group(2).strip());
                }
            }
        }
        String host = values.get("host");
        String port = values.get("port");
        if (host == null || host.isEmpty() || (port != null && !port.matches("\\d+"))) {
            return Optional.empty();
        }
        return Optional.of(new JdbcHost(host, port(port)));
    }

    private static int port(String digits) {
        return digits == null || digits.isEmpty() ? DEFAULT_PORT : Integer.parseInt(digits);
    }
}
