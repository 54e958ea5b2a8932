package io.livetodo.web;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.logging.Logger;

/**
 * Refuses, with 403, every request (the page, its files, the WebSocket handshake, /status) whose Host this server
 * does not answer to ({@link HostPolicy}): a page that reached it through DNS rebinding gets nothing. The refusal is
 * logged once per application start, not once per request: a rebinding page can send many.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class HostFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(HostFilter.class.getName());
    private volatile boolean logged;

    @Inject
    HostPolicy hostPolicy;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (hostPolicy.allows(request.getHeader("Host"))) {
            chain.doFilter(request, response);
            return;
        }
        if (!logged) {
            logged = true;
            String host = request.getServerName().replaceAll("[^A-Za-z0-9.:\\[\\]-]", "?");
            LOG.warning(() -> "Refused a request for host '" + host.substring(0, Math.min(host.length(), 100))
                    + "' (403): not a name of this server; add it to todo.allowed-hosts if it is one (logged once)");
        }
        response.sendError(HttpServletResponse.SC_FORBIDDEN, "Unknown host: add it to todo.allowed-hosts if this"
                + " server answers to it");
    }
}
