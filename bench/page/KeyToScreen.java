package io.livetodo.bench;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The page's side of speed: in headless Chromium, on a list of {@code --todos} todos, the time from the key press
 * (Enter in the new-todo field, the event's own time stamp) to the new todo in the DOM (shown, marked "not saved
 * yet"), and to its mark going away (the server's answer, through the server and back, rendered). Measured in the
 * page with performance.now(), so the driver's own latency is not in it. Warm-up first; prints a Markdown table.
 *
 * Usage: KeyToScreen PAGE_URL WS_URL [--todos 1000] [--samples 200] [--warmup 50]
 */
public final class KeyToScreen {

    private static final String PROBE = ""
            + "var input = document.getElementById('new-todo'), list = document.getElementById('todo-list');"
            + "window.__probe = { pressed: 0, shown: [], saved: [] };"
            + "input.addEventListener('keydown', function (e) {"
            + "  if (e.key === 'Enter') { window.__probe.pressed = e.timeStamp; } }, true);"
            + "new MutationObserver(function (records) {"
            + "  var now = performance.now();"
            + "  records.forEach(function (r) {"
            + "    if (r.type === 'childList') { r.addedNodes.forEach(function (n) {"
            + "      if (n.nodeType === 1 && n.tagName === 'LI') {"
            + "        window.__probe.shown.push(now - window.__probe.pressed); n.__pressed = window.__probe.pressed; } }); }"
            + "    else if (r.type === 'attributes' && r.target.tagName === 'LI' && r.target.__pressed"
            + "        && !r.target.classList.contains('pending')) {"
            + "      window.__probe.saved.push(now - r.target.__pressed); r.target.__pressed = 0; } });"
            + "}).observe(list, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });";

    public static void main(String[] args) throws Exception {
        URI page = URI.create(args[0]);
        URI socket = URI.create(args[1]);
        int todos = option(args, "--todos", 1000);
        int samples = option(args, "--samples", 200);
        int warmup = option(args, "--warmup", 50);
        String list = "keys-" + UUID.randomUUID().toString().substring(0, 8);

        fill(socket, list, todos);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=900,900", "--user-data-dir=" + java.nio.file.Files.createTempDirectory("keys-"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(page + "?list=" + list);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(20));
            wait.until(d -> "live".equals(d.findElement(By.tagName("body")).getDomAttribute("data-connection"))
                    && d.findElements(By.cssSelector("#todo-list > li")).size() == todos);
            JavascriptExecutor js = driver;
            js.executeScript(PROBE);
            WebElement input = driver.findElement(By.id("new-todo"));
            for (int i = 0; i < warmup + samples; i++) {
                int expected = i + 1;
                input.sendKeys("typed " + i, Keys.ENTER);
                wait.until(d -> ((Number) js.executeScript("return window.__probe.saved.length")).intValue()
                        >= expected);
            }
            List<Double> shown = times(js, "shown", warmup);
            List<Double> saved = times(js, "saved", warmup);
            System.out.println("| on a list of " + String.format(Locale.ROOT, "%,d", todos) + " todos, " + samples
                    + " adds | p50 | p95 | max |");
            System.out.println("| --- | --- | --- | --- |");
            row("key press → todo in the DOM (shown, \"not saved yet\")", shown);
            row("key press → saved mark gone (server's answer rendered)", saved);
        } finally {
            driver.quit();
        }
    }

    /** Puts {@code count} todos on the list through the JSON dialect, before the page opens it. */
    private static void fill(URI socket, String list, int count) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            int acks;
            final StringBuilder partial = new StringBuilder();

            @Override
            public java.util.concurrent.CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    if (partial.indexOf("\"type\":\"ack\"") >= 0 && ++acks == count) {
                        done.complete(null);
                    }
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("todo.v1+json")
                .buildAsync(URI.create(socket + "?list=" + list), listener).join();
        for (int i = 0; i < count; i++) {
            ws.sendText("{\"type\":\"add\",\"title\":\"todo number " + i + "\"}", true).join();
        }
        done.get(120, java.util.concurrent.TimeUnit.SECONDS);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "filled").join();
    }

    private static List<Double> times(JavascriptExecutor js, String which, int warmup) {
        List<?> all = (List<?>) js.executeScript("return window.__probe." + which);
        List<Double> times = new ArrayList<>();
        for (int i = warmup; i < all.size(); i++) {
            times.add(((Number) all.get(i)).doubleValue());
        }
        Collections.sort(times);
        return times;
    }

    private static void row(String name, List<Double> sorted) {
        System.out.println(String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms |", name,
                percentile(sorted, 50), percentile(sorted, 95), sorted.get(sorted.size() - 1)));
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
