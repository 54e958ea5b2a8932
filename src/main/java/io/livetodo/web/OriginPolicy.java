package io.livetodo.web;

import io.livetodo.config.Setting;
import io.livetodo.config.Settings;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser pages may open {@code /todo}: the page's own origin (Origin's scheme, host and port are the
 * request's: {@code https} for a secure request, {@code http} otherwise, and the Host header),
 * the operator's allow-list ({@code todo.allowed-origins}, exact origins such as {@code https://todo.example.com}, or
 * {@code *} for any), and clients that send no Origin at all (non-browser clients, which cannot be driven by a foreign
 * page). Jakarta WebSocket accepts every Origin by default; this is what stops cross-site WebSocket hijacking.
 */
public final class OriginPolicy {

    private final Set<String> allowed;
    private final boolean allowAny;

    /** The policy {@code todo.allowed-origins} sets. */
    public static OriginPolicy from(Settings settings) {
        return new OriginPolicy(settings.list(Setting.ALLOWED_ORIGINS));
    }

    public OriginPolicy(List<String> allowedOrigins) {
        this.allowAny = allowedOrigins.contains("*");
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalise).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param origins every Origin header of the request (none: not a browser); more than one is refused, since
     *                which of them a check reads differs between containers and proxies
     * @param secure  whether the request came over TLS
     */
    public boolean allows(List<String> origins, String host, boolean secure) {
        if (origins == null || origins.isEmpty()) {
            return true;
        }
        if (origins.size() > 1) {
            return false;
        }
        String origin = origins.get(0);
        if (origin == null || allowAny || allowed.contains(normalise(origin))) {
            return true;
        }
        return host != null && sameOrigin(origin, host, secure ? "https" : "http");
    }

    private static boolean sameOrigin(String origin, String host, String scheme) {
        try {
            URI originUri = new URI(origin.strip());
            if (originUri.getHost() == null || !scheme.equalsIgnoreCase(originUri.getScheme())) {
                return false;
            }
            int defaultPort = "https".equals(scheme) ? 443 : 80;
            int originPort = originUri.getPort() < 0 ? defaultPort : originUri.getPort();
            URI hostUri = new URI("x://" + host.strip());
            int hostPort = hostUri.getPort() < 0 ? defaultPort : hostUri.getPort();
            return hostUri.getHost() != null && originUri.getHost().equalsIgnoreCase(hostUri.getHost())
                    && originPort == hostPort;
        } catch (Exception malformed) {
            return false;
        }
    }

    private static String normalise(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
