package io.livetodo.web;

import io.livetodo.config.Setting;
import io.livetodo.config.Settings;
import jakarta.servlet.http.HttpServletRequest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who the client is behind a reverse proxy. Only a request that arrives from one of {@code todo.trusted-proxies}
 * (addresses or CIDR ranges) has its {@code X-Forwarded-For} (else {@code Forwarded: for=}) read, from the right:
 * the right-most entry that is not itself a trusted proxy is the client, since each proxy appends the address it
 * was reached from and only the entries our own proxies appended can be believed. From anyone else the headers are
 * ignored: a client cannot make itself someone else, or many others, by sending them. The same goes for
 * {@code X-Forwarded-Proto}, which tells whether the client reached the proxy over TLS.
 */
public final class TrustedProxies {

    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");
    private final List<Range> ranges;

    public static TrustedProxies from(Settings settings) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : settings.list(Setting.TRUSTED_PROXIES)) {
            Range range = Range.parse(entry);
            if (range == null) {
                throw Settings.invalid(Setting.TRUSTED_PROXIES, entry,
                        "IP addresses or CIDR ranges such as 10.0.0.5, 10.0.0.0/8 or fd00::/8, separated by commas");
            }
            ranges.add(range);
        }
        return new TrustedProxies(ranges);
    }

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** The address of the client that sent {@code request}: the peer's, or the one trusted proxies forwarded. */
    public String clientAddress(HttpServletRequest request) {
        return clientAddress(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For"),
                request.getHeaders("Forwarded"));
    }

    /** Whether the client that sent {@code request} came over TLS, to this server or to a trusted proxy. */
    public boolean secure(HttpServletRequest request) {
        return secure(request.isSecure(), request.getRemoteAddr(), request.getHeader("X-Forwarded-Proto"));
    }

    /** The client's address: the peer's, or the one trusted proxies forwarded. */
    public String clientAddress(String peer, Enumeration<String> forwardedFor, Enumeration<String> forwarded) {
        if (!trusted(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : list(forwardedFor)) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        if (hops.isEmpty()) {
            for (String header : list(forwarded)) {
                for (String element : header.split(",")) {
                    for (String pair : element.split(";")) {
                        String p = pair.strip();
                        if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
                            hops.add(stripForwarded(p.substring(4)));
                        }
                    }
                }
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (parse(hop) == null) {
                return client; // garbage or "unknown": the hops before it cannot be believed either
            }
            client = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** Whether the client reached us (or a trusted proxy reached by it) over TLS. */
    public boolean secure(boolean direct, String peer, String forwardedProto) {
        if (direct || !trusted(peer) || forwardedProto == null) {
            return direct;
        }
        String last = forwardedProto.substring(forwardedProto.lastIndexOf(',') + 1).strip();
        return "https".equalsIgnoreCase(last) || "wss".equalsIgnoreCase(last);
    }

    boolean trusted(String address) {
        InetAddress parsed = parse(address);
        if (parsed == null) {
            return false;
        }
        for (Range range : ranges) {
            if (range.contains(parsed)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> list(Enumeration<String> headers) {
        return headers == null ? List.of() : Collections.list(headers);
    }

    /** {@code "[2001:db8::1]:4711"} or {@code 192.0.2.43:47011} or {@code _hidden} to the bare address. */
    private static String stripForwarded(String value) {
        String v = value.strip();
        if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
            v = v.substring(1, v.length() - 1);
        }
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            return end > 0 ? v.substring(1, end) : v;
        }
        int colon = v.indexOf(':');
        return colon > 0 && v.indexOf(':', colon + 1) < 0 ? v.substring(0, colon) : v;
    }

    /** An IP literal, never a name (no DNS look-up); null for anything else. */
    static InetAddress parse(String literal) {
        if (literal == null || literal.isEmpty() || !LITERAL.matcher(literal).matches()
                || !(literal.contains(".") || literal.contains(":"))) {
            return null;
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Range(byte[] network, int bits) {

        static Range parse(String entry) {
            String[] parts = entry.strip().split("/", 2);
            InetAddress address = TrustedProxies.parse(parts[0]);
            if (address == null) {
                return null;
            }
            int max = address.getAddress().length * 8;
            try {
                int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : max;
                return bits < 0 || bits > max ? null : new Range(address.getAddress(), bits);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
