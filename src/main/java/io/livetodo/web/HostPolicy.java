package io.livetodo.web;

import io.livetodo.config.Setting;
import io.livetodo.config.Settings;

import java.net.InetAddress;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Which {@code Host} a request may name: the answer to DNS rebinding. A page on {@code attacker.example} whose name
 * the attacker then points at this server's address is, to the browser, its own origin: the Origin check passes,
 * and the page may read and change lists. What still gives it away is the {@code Host} header, which names the
 * attacker's domain. Accepted: loopback names ({@code localhost}, {@code *.localhost}), IP literals (nobody rebinds
 * those), this machine's own host names, the hosts of {@code todo.allowed-origins}, and {@code todo.allowed-hosts}
 * (names, {@code .example.com} for a domain and its subdomains, {@code *} for any). A request without Host (HTTP/1.0)
 * comes from no browser and is accepted.
 */
public final class HostPolicy {

    private static final Logger LOG = Logger.getLogger(HostPolicy.class.getName());
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern PORT = Pattern.compile(":\\d{1,5}$");

    private final Set<String> names;
    private final List<String> domains;
    private final boolean allowAny;

    public static HostPolicy from(Settings settings) {
        Set<String> names = new HashSet<>(ownNames());
        for (String origin : settings.list(Setting.ALLOWED_ORIGINS)) {
            try {
                String host = URI.create(origin.strip()).getHost();
                if (host != null) {
                    names.add(host);
                }
            } catch (IllegalArgumentException notAUri) {
                // "null" and "*" name no host
            }
        }
        names.addAll(settings.list(Setting.ALLOWED_HOSTS));
        return new HostPolicy(names);
    }

    HostPolicy(Set<String> allowed) {
        this.allowAny = allowed.contains("*");
        this.names = allowed.stream().filter(n -> !n.startsWith(".")).map(HostPolicy::normalise)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.domains = allowed.stream().filter(n -> n.startsWith(".") && n.length() > 1).map(HostPolicy::normalise)
                .toList();
    }

    /** The names this machine answers to, as the README's command 1 prints them; none if they cannot be found. */
    private static Set<String> ownNames() {
        Set<String> own = new HashSet<>();
        try {
            String name = InetAddress.getLocalHost().getHostName();
            own.add(name);
            int dot = name.indexOf('.');
            if (dot > 0) {
                own.add(name.substring(0, dot));
            }
        } catch (Exception unknown) {
            LOG.log(Level.FINE, "This machine's host name is unknown", unknown);
        }
        String environment = System.getenv("HOSTNAME");
        if (environment != null && !environment.isBlank()) {
            own.add(environment.strip());
        }
        return own;
    }

    public boolean allows(String host) {
        if (host == null || allowAny) {
            return true;
        }
        String name = host.strip();
        if (name.startsWith("[")) {
            return name.indexOf(']') > 1; // an IPv6 literal, with or without a port
        }
        name = normalise(PORT.matcher(name).replaceFirst(""));
        if (name.isEmpty() || name.contains(":")) {
            return false;
        }
        if (IPV4.matcher(name).matches() || name.equals("localhost") || name.endsWith(".localhost")
                || names.contains(name)) {
            return true;
        }
        for (String domain : domains) {
            if (name.endsWith(domain) || ("." + name).equals(domain)) {
                return true;
            }
        }
        return false;
    }

    private static String normalise(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
