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
import java.nio.charset.StandardCharsets;
import java.util.Base64;

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

    /** The realm-name of web.xml's login-config, for the one challenge this filter writes itself. */
    private static final String REALM = "Live Todo";

    @Inject
    Settings settings;
    @Inject
    LoginThrottle throttle;
    @Inject
    TrustedProxies proxies;

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
        if (request.getUserPrincipal() == null && !signIn(request, response)) {
            return; // credentials asked for (401), or too many wrong ones (429)
        }
        if (!request.isUserInRole(role)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "You are signed in as "
                    + request.getUserPrincipal().getName() + ", but this list is for members of '" + role + "'.");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The container's login, unless the address or the user name has failed too often lately (see
     * {@link LoginThrottle}): then 429 with Retry-After, and the password is not checked at all.
     */
    private boolean signIn(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            return authenticate(request, response); // the challenge
        }
        String address = proxies.clientAddress(request);
        String user = basicUser(authorization);
        long wait = throttle.waitSeconds(address, user, System.nanoTime());
        if (wait > 0) {
            response.setHeader("Retry-After", Long.toString(wait));
            response.sendError(429, "Too many failed sign-ins: try again in " + wait + " s");
            return false;
        }
        boolean signedIn = authenticate(request, response);
        if (!signedIn) {
            throttle.failed(address, user, System.nanoTime());
        }
        return signedIn;
    }

    /** The user name of BASIC credentials; null for anything else. */
    static String basicUser(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    /**
     * The container's login. Where a request brings no credentials, Tomcat and Payara answer {@code false} and have
     * sent the challenge, as the Servlet specification says; WildFly (Undertow with Elytron) throws "Authentication
     * failed" instead, which would become a 500. Either way the browser must get its 401 and its login dialog.
     */
    private static boolean authenticate(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        try {
            return request.authenticate(response);
        } catch (ServletException noCredentials) {
            if (response.isCommitted()) {
                throw noCredentials;
            }
            if (!response.containsHeader("WWW-Authenticate")) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            }
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return false;
        }
    }
}
