package io.livetodo.web;

import io.livetodo.todo.ListSummary;
import io.livetodo.todo.TodoStore;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/**
 * {@code GET /status}: totals for monitoring (lists, todos, connected sessions, lists in memory), uptime and build
 * version. Never a list's name or epoch: with login off a list's name is all that keeps it private, so naming lists
 * here would let anyone find and read them.
 */
@WebServlet("/status")
public class StatusServlet extends HttpServlet {

    @Inject
    TodoStore store;
    @Inject
    BuildInfo build;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<ListSummary> lists = store.summaries();
        String body = Json.createObjectBuilder()
                .add("status", "up")
                .add("version", build.version())
                .add("uptimeSeconds", build.uptime().toSeconds())
                .add("sessions", store.followers().values().stream().mapToInt(Integer::intValue).sum())
                .add("lists", lists.size())
                .add("listsInMemory", store.loadedCount())
                .add("todos", lists.stream().mapToLong(ListSummary::todos).sum())
                .add("openTodos", lists.stream().mapToLong(ListSummary::open).sum())
                .build().toString();
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body);
    }
}
