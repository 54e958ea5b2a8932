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
 * Refuses a WebSocket handshake from a foreign page with 403 before the container upgrades it. The endpoint's
 * configurator cannot answer 403 itself: {@code checkOrigin} is not shown the Host header. Also notes the client's
 * address for the handshake ({@link Peer}), which the WebSocket API does not give the endpoint.
 */
@WebFilter(urlPatterns = "/todo", asyncSupported = true)
public class OriginFilter extends HttpFilter {

    @Inject
    OriginPolicy originPolicy;
    @Inject
    Peer peer;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (originPolicy.allows(origin, request.getHeader("Host"))) {
            peer.address(request.getRemoteAddr()); // for the per-address connection limit; see Peer
            chain.doFilter(request, response);
        } else {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Origin not allowed: add it to todo.allowed-origins"
                    + " to let pages from there use this list");
        }
    }
}
