package io.livetodo.web;

import io.livetodo.todo.ListSummary;
import io.livetodo.todo.TodoStore;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** {@code GET /status}: lists with their counts and sequence numbers, connected sessions, uptime, build version. */
@WebServlet("/status")
public class StatusServlet extends HttpServlet {

    @Inject
    TodoStore store;
    @Inject
    BuildInfo build;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Integer> presence = store.followers();
        JsonArrayBuilder lists = Json.createArrayBuilder();
        for (ListSummary list : store.summaries()) {
            lists.add(Json.createObjectBuilder()
                    .add("name", list.list())
                    .add("epoch", list.epoch())
                    .add("seq", list.seq())
                    .add("todos", list.todos())
                    .add("open", list.open())
                    .add("sessions", presence.getOrDefault(list.list(), 0)));
        }
        Duration uptime = build.uptime();
        String body = Json.createObjectBuilder()
                .add("status", "up")
                .add("version", build.version())
                .add("uptimeSeconds", uptime.toSeconds())
                .add("sessions", presence.values().stream().mapToInt(Integer::intValue).sum())
                .add("lists", lists)
                .build().toString();
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body);
    }
}
