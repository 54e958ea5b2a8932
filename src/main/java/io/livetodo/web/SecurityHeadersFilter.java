package io.livetodo.web;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * A strict Content-Security-Policy and friends on everything the WAR serves. The page has no inline script or style
 * and talks only to its own origin, so even a title that slipped past textContent could not run. Over TLS (directly, or
 * through a trusted proxy that says so), HSTS as well.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class SecurityHeadersFilter extends HttpFilter {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'self'; "
            + "base-uri 'none'; frame-ancestors 'none'";

    /** A year, the value browsers' preload lists ask for; sent only on an answer that went over TLS. */
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

    @Inject
    TrustedProxies proxies;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (proxies.secure(request)) {
            // Over plain HTTP the header would be ignored (RFC 6797), and a man in the middle could drop it anyway.
            response.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        chain.doFilter(request, response);
    }
}
