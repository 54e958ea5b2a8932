package io.livetodo.browser;

import io.livetodo.support.PayaraMicroServer;
import io.livetodo.support.Request;
import io.livetodo.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.livetodo.browser.TodoPage.PATIENTLY;
import static io.livetodo.browser.TodoPage.SOON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The page for people who use a screen reader, only a keyboard, a dark scheme, less motion, a large zoom or a small
 * screen, against the packaged WAR on Payara Micro with its default settings. axe-core audits every state the page
 * can be in, in the light and the dark scheme; what axe cannot judge (announcements, focus, layout) is checked as a
 * user would notice it.
 */
class PageAccessibilityBrowserIT {

    private static PayaraMicroServer server;
    private static Browser browser;

    private TodoPage page;
    private String list;

    @BeforeAll
    static void start() throws Exception {
        server = PayaraMicroServer.start(Map.of());
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        try (Browser closing = browser) {
            server.close();
        }
    }

    @BeforeEach
    void open() {
        list = "a11y-" + UUID.randomUUID().toString().substring(0, 8);
        page = new TodoPage(browser).open(page("?list=" + list));
    }

    @AfterEach
    void backToDefaults() {
        browser.prefer("prefers-color-scheme", null);
        browser.prefer("prefers-reduced-motion", null);
        browser.defaultViewport();
        assertThat(browser.console()).noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused to"));
    }

    @Test
    void every_state_of_the_page_passes_axe_in_the_light_and_the_dark_scheme() throws Exception {
        audit("an empty list");

        page.add("buy milk");
        page.add("walk the dog");
        page.add("call the plumber about the leak under the kitchen sink before the weekend");
        page.await(PATIENTLY, d -> page.titles().size() == 3);
        page.toggle("walk the dog");
        page.await(PATIENTLY, d -> page.isCompleted("walk the dog"));
        audit("three todos, one completed");
        browser.screenshot("page-light");
        browser.prefer("prefers-color-scheme", "dark");
        browser.screenshot("page-dark");
        browser.prefer("prefers-color-scheme", null);

        for (String filter : List.of("active", "completed", "all")) {
            page.filter(filter);
            page.await(PATIENTLY, d -> d.getCurrentUrl().endsWith("#/" + (filter.equals("all") ? "" : filter)));
            audit("the " + filter + " filter");
        }

        WebElement milk = page.item("buy milk");
        new Actions(page.driver).doubleClick(milk.findElement(By.className("title"))).perform();
        WebElement editor = page.driver.switchTo().activeElement();
        assertThat(editor.getDomAttribute("class")).isEqualTo("edit");
        audit("a todo being edited");

        // Someone else renames it meanwhile: saving is refused, and the reason shows next to the todo.
        try (WsClient other = WsClient.json(server.ws("list=" + list))) {
            other.nextOfType("snapshot");
            other.send(Request.rename(milk.getDomAttribute("data-id"), "buy oat milk", 1).json());
            other.nextOfType("ack");
        }
        page.await(SOON, d -> page.titles().contains("buy oat milk"));
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), "buy soy milk", Keys.ENTER);
        page.await(SOON, d -> page.item("buy oat milk").findElement(By.className("item-error")).isDisplayed());
        audit("a refused change's reason next to its todo");

        server.stop();
        page.await(PATIENTLY, d -> "reconnecting".equals(page.connection()));
        audit("reconnecting");
        page.add("typed while the server is away");
        page.await(PATIENTLY, d -> d.findElement(By.id("waiting")).isDisplayed());
        audit("reconnecting, with a change shown at once, marked as not saved yet and counted as waiting");
        server.start();
        page.awaitReconnected();
        page.await(PATIENTLY, d -> !d.findElement(By.id("waiting")).isDisplayed());

        page.driver.get(page("?list=Not-A-List").toString());
        page.await(PATIENTLY, d -> "stopped".equals(page.connection()));
        audit("a connection the server refused, with the button to try again");
    }

    @Test
    void the_audit_fails_on_a_violation_and_names_the_rule_and_the_element() {
        page.script("document.getElementById('count').style.color = '#ddd'");
        page.add("grey on white");
        page.await(PATIENTLY, d -> page.titles().size() == 1);
        assertThatThrownBy(() -> Axe.assertNoViolations(page, "a count nobody can read"))
                .hasMessageContaining("color-contrast").hasMessageContaining("#count")
                .hasMessageContaining("a count nobody can read");
    }

    @Test
    void other_peoples_changes_are_announced_in_batches_and_your_own_are_not() {
        WebElement region = page.driver.findElement(By.id("announcements"));
        assertThat(region.getDomAttribute("aria-live")).isEqualTo("polite");
        assertThat(region.getDomProperty("textContent")).as("nothing announced on opening").isEmpty();
        page.script("window.heard = []; new MutationObserver(records => records.forEach(r => r.addedNodes.forEach("
                + " n => window.heard.push({text: n.textContent, at: performance.now()}))))"
                + ".observe(document.getElementById('announcements'), {childList: true});");

        page.add("my own todo");
        page.await(PATIENTLY, d -> page.titles().equals(List.of("my own todo")));

        try (WsClient other = WsClient.json(server.ws("list=" + list))) {
            other.nextOfType("snapshot");
            other.send(Request.add("buy milk").json());
            page.await(SOON, d -> heard().size() == 1);
            assertThat(heard()).containsExactly("Someone else added 'buy milk'.");

            // A burst is one announcement: completing all of them is two events, sent back to back.
            other.send(Request.completeAll(true).json());
            page.await(SOON, d -> heard().size() == 2);
            assertThat(heard().get(1)).isEqualTo("2 todos completed by someone else.");

            // Announcements are at least two seconds apart, however soon the next change comes.
            other.send(Request.add("bread").json());
            page.await(SOON, d -> heard().size() == 3);
            other.send(Request.add("eggs").json());
            page.await(SOON, d -> heard().size() == 4);
            assertThat(heard().subList(2, 4)).containsExactly("Someone else added 'bread'.", "Someone else added 'eggs'.");
            List<Number> times = times();
            for (int i = 1; i < times.size(); i++) {
                assertThat(times.get(i).doubleValue() - times.get(i - 1).doubleValue())
                        .as("milliseconds between announcements %d and %d", i, i + 1).isGreaterThanOrEqualTo(1990);
            }

            // The user's own changes, of every kind, are not read back to them.
            page.toggle("my own todo");
            page.await(SOON, d -> !page.isCompleted("my own todo"));
            page.edit("my own todo", "my own todo, renamed", Keys.ENTER);
            page.await(SOON, d -> page.titles().contains("my own todo, renamed"));
            page.delete("my own todo, renamed");
            page.await(SOON, d -> !page.titles().contains("my own todo, renamed"));
            other.send(Request.add("the last one").json());
            page.await(SOON, d -> String.join(" ", heard()).contains("the last one"));
        }
        assertThat(heard()).noneMatch(text -> text.contains("my own todo") || text.contains("reopened"));
    }

    @Test
    void every_action_works_from_the_keyboard_and_focus_stays_where_the_user_is() {
        WebElement input = page.driver.switchTo().activeElement();
        assertThat(input.getDomAttribute("id")).isEqualTo("new-todo");
        input.sendKeys("a draft");
        input.sendKeys(Keys.ESCAPE);
        assertThat(input.getDomProperty("value")).as("Escape clears the field").isEmpty();
        for (String title : List.of("one", "two", "three")) {
            input.sendKeys(title, Keys.ENTER);
        }
        page.await(PATIENTLY, d -> page.titles().equals(List.of("one", "two", "three")));

        // Delete is a button you can see without hovering, reached with Tab, with a focus ring.
        tabTo("destroy");
        WebElement destroy = page.focused();
        assertThat(destroy.getDomAttribute("aria-label")).isEqualTo("Delete one");
        assertThat(destroy.getCssValue("opacity")).isEqualTo("1");
        assertFocusRing(destroy);
        new Actions(page.driver).sendKeys(Keys.ENTER).perform();
        page.await(SOON, d -> page.titles().equals(List.of("two", "three")));
        page.await(SOON, d -> "two".equals(page.focused().getText()));

        // Delete on the last todo: focus goes back to the one before it.
        page.tabTo("title", "three", 30);
        assertFocusRing(page.focused());
        new Actions(page.driver).sendKeys(Keys.DELETE).perform();
        page.await(SOON, d -> page.titles().equals(List.of("two")));
        page.await(SOON, d -> "two".equals(page.focused().getText()));

        // Complete it with Space, then clear the completed ones: the list is empty, focus is in the field.
        new Actions(page.driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        assertThat(page.focused().getDomAttribute("class")).isEqualTo("toggle");
        assertFocusRing(page.focused());
        new Actions(page.driver).sendKeys(Keys.SPACE).perform();
        page.await(SOON, d -> page.isCompleted("two"));
        tabTo("clear-completed");
        assertFocusRing(page.focused());
        new Actions(page.driver).sendKeys(Keys.ENTER).perform();
        page.await(SOON, d -> page.titles().isEmpty());
        page.await(SOON, d -> "new-todo".equals(page.focused().getDomAttribute("id")));

        // Filters are links: Enter follows them.
        page.focused().sendKeys("four", Keys.ENTER);
        page.await(SOON, d -> page.titles().equals(List.of("four")));
        tabTo("filter:active");
        assertFocusRing(page.focused());
        new Actions(page.driver).sendKeys(Keys.ENTER).perform();
        page.await(SOON, d -> d.getCurrentUrl().endsWith("#/active"));

        // Completing a todo the Active filter then hides moves focus on instead of losing it to the page.
        tabTo("toggle");
        new Actions(page.driver).sendKeys(Keys.SPACE).perform();
        page.await(SOON, d -> page.isCompleted("four"));
        page.await(SOON, d -> "new-todo".equals(page.focused().getDomAttribute("id")));
    }

    @Test
    void the_page_fits_a_320_pixel_screen_and_a_200_percent_zoom_without_scrolling_sideways() throws Exception {
        page.add("a todo with a rather long title that has to wrap on a small screen instead of widening the page");
        page.add("short");
        page.await(PATIENTLY, d -> page.titles().size() == 2);
        page.toggle("short");
        page.await(PATIENTLY, d -> page.isCompleted("short"));

        record Screen(String name, int width, int height, double zoom) { }
        for (Screen screen : List.of(new Screen("narrow-320px", 320, 640, 1),
                new Screen("zoom-200-percent", 640, 450, 2))) {
            browser.viewport(screen.width(), screen.height(), screen.zoom());
            page.await(PATIENTLY, d -> ((Number) page.script("return window.innerWidth")).intValue()
                    == screen.width());
            Number overflow = (Number) page.script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.intValue()).as("horizontal overflow at %s", screen.name()).isLessThanOrEqualTo(0);
            @SuppressWarnings("unchecked")
            List<String> cutOff = (List<String>) page.script(
                    "const width = document.documentElement.clientWidth;"
                    + " return [...document.querySelectorAll('input, button, a, label, .title')]"
                    + ".filter(e => e.getClientRects().length > 0 && getComputedStyle(e).position !== 'absolute')"
                    + ".filter(e => { const r = e.getBoundingClientRect(); return r.left < 0 || r.right > width; })"
                    + ".map(e => e.outerHTML.slice(0, 80));");
            assertThat(cutOff).as("controls outside the screen at %s", screen.name()).isEmpty();
            Axe.assertNoViolations(page, "todos at " + screen.name());
            browser.screenshot(screen.name());
        }
    }

    @Test
    void motion_stops_for_users_who_ask_for_less_of_it() {
        page.add("something");
        page.await(PATIENTLY, d -> page.titles().size() == 1);
        WebElement destroy = page.item("something").findElement(By.className("destroy"));
        assertThat(destroy.getCssValue("transition-duration")).isNotEqualTo("0s");
        browser.prefer("prefers-reduced-motion", "reduce");
        assertThat(destroy.getCssValue("transition-duration")).isEqualTo("0s");
    }

    private void audit(String state) {
        Axe.assertNoViolationsInEitherScheme(page, state);
    }

    private List<String> heard() {
        @SuppressWarnings("unchecked")
        List<String> texts = (List<String>) page.script("return window.heard.map(h => h.text)");
        return texts;
    }

    private List<Number> times() {
        @SuppressWarnings("unchecked")
        List<Number> times = (List<Number>) page.script("return window.heard.map(h => h.at)");
        return times;
    }

    private static void assertFocusRing(WebElement element) {
        WebElement ringed = "toggle-all".equals(element.getDomAttribute("id"))
                ? element.findElement(By.xpath("following-sibling::label")) : element;
        assertThat(ringed.getCssValue("outline-style")).as("focus ring on %s", element.getDomAttribute("class"))
                .isNotEqualTo("none");
        assertThat(Double.parseDouble(ringed.getCssValue("outline-width").replace("px", "")))
                .as("focus ring width").isGreaterThanOrEqualTo(2);
    }

    /** Presses Tab until the focus is on {@code target} (see {@link TodoPage#tabTo}); the page has about 20 stops. */
    private void tabTo(String target) {
        page.tabTo(target, null, 30);
    }

    private static URI page(String query) {
        return URI.create(server.http("").toString() + query);
    }
}
