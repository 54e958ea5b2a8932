package io.livetodo.browser;

import io.livetodo.support.PayaraMicroServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WindowType;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.livetodo.browser.TodoPage.AFTER_A_RESTART;
import static io.livetodo.browser.TodoPage.PATIENTLY;
import static io.livetodo.browser.TodoPage.SOON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edits while the server is away (a redeploy, a dead node, a tunnel): they show at once, marked as not saved yet and
 * counted, wait in the page's outbox, and reach the server exactly once when it is back, from the same tab or, if
 * that tab was closed meanwhile, from the next one opened on the list. The packaged WAR on Payara Micro.
 */
class OfflineBrowserIT {

    private static PayaraMicroServer server;
    private static Browser browserA;
    private static Browser browserB;
    private TodoPage a;
    private String list;

    @BeforeAll
    static void start() throws Exception {
        server = PayaraMicroServer.start(Map.of());
        browserA = new Browser();
        browserB = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {browserA, browserB, server}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @BeforeEach
    void open() {
        list = "o" + UUID.randomUUID().toString().substring(0, 8);
        a = new TodoPage(browserA).open(page());
    }

    @AfterEach
    void serverIsBack() throws Exception {
        if (!server.isUp()) {
            server.start();
        }
        assertThat(browserA.console()).noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused to"));
    }

    private URI page() {
        return URI.create(server.http("").toString() + "?list=" + list);
    }

    private List<String> stored() {
        return TodoPage.stored(server, list);
    }

    @Test
    void changes_made_while_the_server_is_away_show_at_once_and_reach_another_window_exactly_once() throws Exception {
        a.add("bread");
        a.await(SOON, d -> a.waiting().isEmpty() && a.titles().equals(List.of("bread")));

        server.stop();
        a.await(PATIENTLY, d -> !"live".equals(a.connection()));
        a.add("apples");
        a.add("pears");
        a.add("plums");
        a.toggle("apples");
        a.edit("pears", "nashi pears", Keys.ENTER);

        // Shown at once, before any server has seen them, each marked, and counted.
        assertThat(a.titles()).containsExactly("bread", "apples", "nashi pears", "plums");
        assertThat(a.isCompleted("apples")).isTrue();
        assertThat(a.isPending("nashi pears")).isTrue();
        assertThat(a.isPending("bread")).as("saved before the server went").isFalse();
        assertThat(a.waiting()).isEqualTo("5 changes waiting to be saved");
        browserA.screenshot("offline-changes-waiting");

        server.start();
        a.awaitReconnected();
        a.await(PATIENTLY, d -> a.waiting().isEmpty());
        assertThat(a.isPending("nashi pears")).isFalse();

        TodoPage b = new TodoPage(browserB).open(page());
        assertThat(b.titles()).containsExactly("bread", "apples", "nashi pears", "plums");
        assertThat(b.isCompleted("apples")).isTrue();
        assertThat(stored()).containsExactly("bread", "apples (done)", "nashi pears", "plums");
    }

    @Test
    void a_reloaded_tab_goes_on_numbering_its_changes_and_saved_changes_leave_nothing_in_storage() {
        a.add("before the reload");
        a.await(SOON, d -> a.waiting().isEmpty());
        a.driver.navigate().refresh();
        a.awaitLive();
        // The same client after a reload: numbering from 1 again would make the server take this for an old one.
        a.add("after the reload");
        a.await(SOON, d -> a.waiting().isEmpty());
        assertThat(stored()).containsExactly("before the reload", "after the reload");
        assertThat(outboxesInStorage(a)).isZero();
    }

    private int outboxesInStorage(TodoPage page) {
        return ((Number) page.script("var n = 0; for (var i = 0; i < localStorage.length; i++) {"
                + " if (localStorage.key(i).indexOf('livetodo.outbox." + list + ".') === 0) { n++; } } return n;"))
                .intValue();
    }

    @Test
    void two_people_renaming_the_same_todo_while_offline_end_with_one_title_and_the_other_hears_why() throws Exception {
        a.add("book a table");
        a.await(SOON, d -> a.waiting().isEmpty());
        TodoPage b = new TodoPage(browserB).open(page());

        server.stop();
        a.await(PATIENTLY, d -> !"live".equals(a.connection()));
        b.await(PATIENTLY, d -> !"live".equals(b.connection()));
        a.edit("book a table", "book a table for six", Keys.ENTER);
        b.edit("book a table", "book a table for two", Keys.ENTER);
        assertThat(a.titles()).containsExactly("book a table for six");
        assertThat(b.titles()).containsExactly("book a table for two");

        // Each rename carries the version it was made from: whichever reaches the server second is refused as a
        // conflict, rolled back, and its reason shown next to the todo. Nobody's title is lost without a word.
        server.start();
        a.awaitReconnected();
        b.awaitReconnected();
        a.await(PATIENTLY, d -> a.waiting().isEmpty());
        b.await(PATIENTLY, d -> b.waiting().isEmpty());
        List<String> stored = stored();
        assertThat(stored).hasSize(1).first().isIn("book a table for six", "book a table for two");
        a.await(SOON, d -> a.titles().equals(stored));
        b.await(SOON, d -> b.titles().equals(stored));
        TodoPage loser = stored.get(0).endsWith("six") ? b : a;
        assertThat(loser.item(stored.get(0)).findElement(org.openqa.selenium.By.className("item-error"))
                .getDomProperty("textContent"))
                .contains("changed by someone else");
    }

    @Test
    void a_tab_opened_while_the_server_is_down_shows_the_list_and_takes_an_edit_that_the_next_tab_sends()
            throws Exception {
        a.add("known before the outage");
        a.await(SOON, d -> a.waiting().isEmpty());
        // The page's service worker has the page's files, and the page has kept the list.
        a.await(PATIENTLY, d -> Boolean.TRUE.equals(a.script("return navigator.serviceWorker.controller !== null")));
        String first = a.driver.getWindowHandle();

        server.stop();
        a.driver.switchTo().newWindow(WindowType.TAB);
        String offline = a.driver.getWindowHandle();
        a.driver.get(page().toString());
        TodoPage opened = new TodoPage(browserA);
        opened.await(PATIENTLY, d -> opened.titles().equals(List.of("known before the outage")));
        assertThat(opened.connection()).isNotEqualTo("live");
        opened.add("typed in a tab opened offline");
        opened.await(SOON, d -> opened.waiting().equals("1 change waiting to be saved"));
        assertThat(opened.titles()).containsExactly("known before the outage", "typed in a tab opened offline");
        browserA.screenshot("opened-offline");
        // Neither tab is there when the server comes back (a blank one keeps the browser open).
        a.driver.switchTo().newWindow(WindowType.TAB);
        String blank = a.driver.getWindowHandle();
        a.driver.switchTo().window(offline).close();
        a.driver.switchTo().window(first).close();
        a.driver.switchTo().window(blank);

        server.start();
        TodoPage next = new TodoPage(browserA).open(page());
        next.await(AFTER_A_RESTART, d -> next.titles().equals(
                List.of("known before the outage", "typed in a tab opened offline")));
        assertThat(stored()).containsExactly("known before the outage", "typed in a tab opened offline");
    }

    @Test
    void a_tab_closed_with_changes_waiting_sends_them_when_the_page_next_opens_on_the_list() throws Exception {
        server.stop();
        a.await(PATIENTLY, d -> !"live".equals(a.connection()));
        a.add("written in a tab that is then closed");
        assertThat(a.waiting()).isEqualTo("1 change waiting to be saved");

        // The tab goes; the browser (and its storage) stays.
        String closing = a.driver.getWindowHandle();
        a.driver.switchTo().newWindow(WindowType.TAB);
        String next = a.driver.getWindowHandle();
        a.driver.switchTo().window(closing).close();
        a.driver.switchTo().window(next);

        server.start();
        TodoPage reopened = new TodoPage(browserA).open(page());
        reopened.await(PATIENTLY, d -> reopened.titles().equals(List.of("written in a tab that is then closed")));
        assertThat(stored()).containsExactly("written in a tab that is then closed");
        // Delivered and forgotten: no outbox of this list is left in the browser's storage.
        reopened.await(PATIENTLY, d -> outboxesInStorage(reopened) == 0);
    }
}
