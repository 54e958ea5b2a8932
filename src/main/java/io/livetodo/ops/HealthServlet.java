package io.livetodo.ops;

import io.livetodo.ops.Health.Probe;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code /health}, {@code /health/live}, {@code /health/ready} and {@code /health/started} in MicroProfile Health's
 * wire format, so that probes written for MicroProfile servers work unchanged, on Tomcat too: 200 with
 * {@code {"status":"UP","checks":[...]}}, or 503 with {@code "DOWN"} when any check is down.
 */
@WebServlet(urlPatterns = {"/health", "/health/*"})
public class HealthServlet extends HttpServlet {

    private static final Map<String, Probe> PROBES = Map.of(
            "", Probe.ALL, "/", Probe.ALL, "/live", Probe.LIVE, "/ready", Probe.READY, "/started", Probe.STARTED);

    @Inject
    Health health;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Probe probe = PROBES.get(request.getPathInfo() == null ? "" : request.getPathInfo());
        if (probe == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND,
                    "Health has /health, /health/live, /health/ready and /health/started");
            return;
        }
        List<Check> checks = health.checks(probe);
        boolean up = checks.stream().allMatch(Check::up);
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (Check check : checks) {
            JsonObjectBuilder data = Json.createObjectBuilder();
            check.data().forEach(data::add);
            array.add(Json.createObjectBuilder().add("name", check.name()).add("status", check.up() ? "UP" : "DOWN")
                    .add("data", data));
        }
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(Json.createObjectBuilder().add("status", up ? "UP" : "DOWN").add("checks", array)
                .build().toString());
    }
}
