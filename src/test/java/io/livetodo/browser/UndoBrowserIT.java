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
import org.openqa.selenium.interactions.Actions;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.livetodo.browser.TodoPage.SOON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Undo and redo of the user's own changes, by keyboard (Ctrl+Z, Ctrl+Shift+Z) and by the buttons, for each kind of
 * change, checked on the page and in what the server stored; and an undo refused, not forced, after someone else
 * renamed the todo. The packaged WAR on Payara Micro with the default settings.
 */
class UndoBrowserIT {

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
        for (AutoCloseable closeable : new AutoCloseable[] {browser, server}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @BeforeEach
    void open() {
        list = "u" + UUID.randomUUID().toString().substring(0, 8);
        page = new TodoPage(browser).open(URI.create(server.http("").toString() + "?list=" + list));
    }

    @AfterEach
    void noContentSecurityPolicyViolation() {
        assertThat(browser.console()).noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused to"));
    }

    private List<String> stored() {
        return TodoPage.stored(server, list);
    }

    /** What the page shows, in the same form, once everything is saved. */
    private List<String> savedOnPage() {
        page.await(SOON, d -> page.waiting().isEmpty());
        return page.titles().stream().map(title -> title + (page.isCompleted(title) ? " (done)" : "")).toList();
    }

    private void assertList(String... expected) {
        assertThat(savedOnPage()).containsExactly(expected);
        assertThat(stored()).containsExactly(expected);
    }

    private void pressUndo() {
        new Actions(page.driver).keyDown(Keys.CONTROL).sendKeys("z").keyUp(Keys.CONTROL).perform();
    }

    private void pressRedo() {
        new Actions(page.driver).keyDown(Keys.CONTROL).keyDown(Keys.SHIFT).sendKeys("z").keyUp(Keys.SHIFT)
                .keyUp(Keys.CONTROL).perform();
    }

    private void click(String button) {
        page.driver.findElement(By.id(button)).click();
    }

    @Test
    void each_kind_of_change_is_undone_and_redone() {
        page.add("milk");
        assertList("milk");
        assertThat(page.driver.findElement(By.id("undo")).getDomAttribute("title")).isEqualTo("Undo add ‘milk’");
        click("undo");
        assertList();
        click("redo");
        assertList("milk");

        page.toggle("milk"); // the focus is on the checkbox now: the keys are the page's, not a text field's
        assertList("milk (done)");
        pressUndo();
        assertList("milk");
        pressRedo();
        assertList("milk (done)");

        page.edit("milk", "oat milk", Keys.ENTER);
        assertList("oat milk (done)");
        pressUndo();
        assertList("milk (done)");
        pressRedo();
        assertList("oat milk (done)");

        page.delete("oat milk");
        assertList();
        click("undo");
        assertList("oat milk (done)"); // the same todo: its id, title and state
        click("redo");
        assertList();
        click("undo");

        page.add("bread");
        page.clearCompleted();
        assertList("bread");
        click("undo");
        assertList("bread", "oat milk (done)");

        page.toggleAll();
        assertList("bread (done)", "oat milk (done)");
        click("undo");
        assertList("bread", "oat milk (done)");
        click("redo");
        assertList("bread (done)", "oat milk (done)");
    }

    @Test
    void undo_is_refused_when_someone_else_changed_the_todo_since() {
        page.add("call mum");
        page.edit("call mum", "call mum tonight", Keys.ENTER);
        assertList("call mum tonight");

        try (WsClient other = WsClient.json(server.ws("list=" + list))) {
            String id = other.nextOfType("snapshot").getJsonArray("todos").getJsonObject(0).getString("id");
            other.send(Request.rename(id, "call mum tomorrow").json());
            other.nextOfType("ack");
        }
        page.await(SOON, d -> page.titles().equals(List.of("call mum tomorrow")));

        click("undo");
        page.await(SOON, d -> d.findElement(By.id("error")).isDisplayed());
        assertThat(page.driver.findElement(By.id("error")).getText())
                .isEqualTo("Not undone: someone else changed ‘call mum tomorrow’ since. Nothing was overwritten.");
        assertList("call mum tomorrow");
    }
}
