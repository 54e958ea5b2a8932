package io.livetodo.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** What a person sees and does on the page, in one browser window. */
final class TodoPage {

    /**
     * How long a change may take to show in another window before the test gives up: many seconds, because on a
     * busy two-core machine Chromium, the server and the test share the cores. How fast it really is, is the
     * benchmark's business.
     */
    static final Duration SOON = Duration.ofSeconds(15);
    static final Duration PATIENTLY = Duration.ofSeconds(20);
    /** For the page's work on thousands of todos, which a busy two-core machine can stretch well past PATIENTLY. */
    static final Duration AT_SCALE = Duration.ofSeconds(90);
    /**
     * How long a page may take to come back once its server is up again: longer than its longest backoff between
     * attempts (30 s), which it reaches while a slow restart keeps it waiting.
     */
    static final Duration AFTER_A_RESTART = Duration.ofSeconds(45);

    final Browser browser;
    final WebDriver driver;

    TodoPage(Browser browser) {
        this.browser = browser;
        this.driver = browser.driver;
    }

    TodoPage open(URI url) {
        driver.get(url.toString());
        awaitLive();
        return this;
    }

    void awaitLive() {
        await(PATIENTLY, d -> "live".equals(connection()));
    }

    /** Waits for the page to reconnect by itself after its server was restarted. */
    void awaitReconnected() {
        await(AFTER_A_RESTART, d -> "live".equals(connection()));
    }

    String connection() {
        return driver.findElement(By.tagName("body")).getDomAttribute("data-connection");
    }

    void add(String title) {
        WebElement input = driver.findElement(By.id("new-todo"));
        input.sendKeys(title, Keys.ENTER);
    }

    List<WebElement> items() {
        return driver.findElements(By.cssSelector("#todo-list > li"));
    }

    /** How many todos are shown, counted in the page: fetching thousands of elements per poll loads the browser. */
    long itemCount() {
        return ((Number) script("return document.querySelectorAll('#todo-list > li').length")).longValue();
    }

    /** Titles of all todos (whatever the filter), in order. */
    List<String> titles() {
        return items().stream().map(li -> li.findElement(By.className("title")).getDomProperty("textContent"))
                .toList();
    }

    List<String> visibleTitles() {
        return items().stream().filter(WebElement::isDisplayed)
                .map(li -> li.findElement(By.className("title")).getText()).toList();
    }

    WebElement item(String title) {
        return items().stream()
                .filter(li -> title.equals(li.findElement(By.className("title")).getDomProperty("textContent")))
                .findFirst().orElseThrow(() -> new AssertionError("no todo '" + title + "' in " + titles()));
    }

    boolean isCompleted(String title) {
        // A todo never completed may have no class attribute at all.
        return Objects.requireNonNullElse(item(title).getDomAttribute("class"), "").contains("completed");
    }

    void toggle(String title) {
        item(title).findElement(By.className("toggle")).click();
    }

    void delete(String title) {
        WebElement li = item(title);
        new Actions(driver).moveToElement(li).perform();
        li.findElement(By.className("destroy")).click();
    }

    /** Double-click, replace the text, then Enter (save) or Escape (cancel). */
    void edit(String title, String newTitle, Keys finish) {
        WebElement li = item(title);
        new Actions(driver).doubleClick(li.findElement(By.className("title"))).perform();
        WebElement edit = li.findElement(By.className("edit"));
        edit.sendKeys(Keys.chord(Keys.CONTROL, "a"), newTitle, finish);
    }

    void toggleAll() {
        driver.findElement(By.cssSelector("label[for=toggle-all]")).click();
    }

    void clearCompleted() {
        driver.findElement(By.id("clear-completed")).click();
    }

    /** The list as the server stored it, read by a client of its own: titles, "(done)" after completed ones. */
    static List<String> stored(io.livetodo.support.LaunchedServer server, String list) {
        try (io.livetodo.support.WsClient reader = io.livetodo.support.WsClient.json(server.ws("list=" + list))) {
            return reader.nextOfType("snapshot").getJsonArray("todos")
                    .getValuesAs(jakarta.json.JsonObject.class).stream()
                    .map(todo -> todo.getString("title") + (todo.getBoolean("completed") ? " (done)" : "")).toList();
        }
    }

    /** Whether the todo is marked as not saved yet. */
    boolean isPending(String title) {
        return Objects.requireNonNullElse(item(title).getDomAttribute("class"), "").contains("pending")
                && item(title).findElement(By.className("pending-mark")).isDisplayed();
    }

    /** What the page says about changes not saved yet; empty when there are none. */
    String waiting() {
        WebElement waiting = driver.findElement(By.id("waiting"));
        return waiting.isDisplayed() ? waiting.getText() : "";
    }

    String count() {
        return driver.findElement(By.id("count")).getText();
    }

    String presence() {
        return driver.findElement(By.id("presence")).getText();
    }

    /** The element that has the keyboard focus. */
    WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /**
     * Presses Tab, at most {@code maxTabs} times, until the focus is on the element {@code target} names: its id, its
     * class, or "filter:NAME" for a filter link; with {@code text} (else null), only one that shows that text.
     */
    void tabTo(String target, String text, int maxTabs) {
        for (int i = 0; i < maxTabs; i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            WebElement element = focused();
            boolean matches = target.startsWith("filter:")
                    ? target.substring("filter:".length()).equals(element.getDomAttribute("data-filter"))
                    : target.equals(element.getDomAttribute("id")) || target.equals(element.getDomAttribute("class"));
            if (matches && (text == null || text.equals(element.getText()))) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + target + (text == null ? "" : " '" + text + "'"));
    }

    void filter(String name) {
        driver.findElement(By.cssSelector(".filters a[data-filter=" + name + "]")).click();
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(20)).ignoring(AssertionError.class)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }
}
