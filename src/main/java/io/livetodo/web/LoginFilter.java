package io.livetodo.web;

import io.livetodo.config.Setting;
import io.livetodo.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * With {@code todo.auth.role} set, every request (the page, its assets, {@code /status}, {@code /metrics} and the
 * WebSocket handshake) needs a user in that role; the health endpoints too when {@code todo.health.public=false}.
 * Authentication is the container's: {@code request.authenticate} runs the login mechanism of {@code WEB-INF/web.xml}
 * (BASIC) against the server's realm, so users and groups live where the
 * operator already keeps them. A filter rather than a {@code security-constraint}, because a constraint cannot be
 * switched off by configuration, and login is off by default.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class LoginFilter extends HttpFilter {

    @Inject
    Settings settings;

    private String role;
    private boolean publicHealth;

    @Override
    public void init() {
        role = settings.string(Setting.AUTH_ROLE);
        publicHealth = settings.flag(Setting.HEALTH_PUBLIC);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // A balancer's or the kubelet's probe has no password; health says only UP or DOWN.
        if (role == null || (publicHealth && "/health".equals(request.getServletPath()))) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getUserPrincipal() == null && !request.authenticate(response)) {
            return; // the container has asked for credentials (401)
        }
        if (!request.isUserInRole(role)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "You are signed in as "
                    + request.getUserPrincipal().getName() + ", but this list is for members of '" + role + "'.");
            return;
        }
        chain.doFilter(request, response);
    }
}
