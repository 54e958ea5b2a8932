package io.livetodo.web;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * Refuses a WebSocket handshake from a foreign page (or with more than one Origin) with 403 before the container
 * upgrades it. The endpoint's configurator cannot answer 403 itself: {@code checkOrigin} is not shown the Host
 * header. ({@link HostFilter} has refused a foreign Host before this.) Also notes the client's
 * address for the handshake ({@link Peer}), which the WebSocket API does not give the endpoint.
 */
@WebFilter(urlPatterns = "/todo", asyncSupported = true)
public class OriginFilter extends HttpFilter {

    @Inject
    OriginPolicy originPolicy;
    @Inject
    Peer peer;
    @Inject
    TrustedProxies proxies;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        List<String> origins = Collections.list(request.getHeaders("Origin"));
        boolean secure = proxies.secure(request);
        if (originPolicy.allows(origins, request.getHeader("Host"), secure)) {
            // For the per-address connection limit and the log; see Peer. Behind a trusted proxy, its client's.
            peer.address(proxies.clientAddress(request));
            peer.secure(secure);
            chain.doFilter(request, response);
        } else {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, origins.size() > 1 ? "More than one Origin header"
                    : "Origin not allowed: add it to todo.allowed-origins to let pages from there use this list");
        }
    }
}
