package io.livetodo.browser;

import io.livetodo.support.PayaraMicroServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.URI;
import java.util.Map;

import static io.livetodo.browser.TodoPage.SOON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page with login required: a browser that has signed in (BASIC, the credentials a login dialog would give)
 * goes live over the socket with the same credentials, and every todo shows who changed it last, also to the other
 * user's window.
 */
class LoginBrowserIT {

    private static PayaraMicroServer server;
    private static Browser aliceBrowser;
    private static Browser bobBrowser;

    @BeforeAll
    static void start() throws Exception {
        server = PayaraMicroServer.start(Map.of("TODO_AUTH_ROLE", "todo-user"),
                PayaraMicroServer.fileRealmUsers(Map.of("alice", "todo-user", "bob", "todo-user")));
        aliceBrowser = new Browser();
        bobBrowser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        try (Browser a = aliceBrowser; Browser b = bobBrowser) {
            server.close();
        }
    }

    @Test
    void signed_in_users_see_who_changed_each_todo() throws Exception {
        String list = "signed-" + System.nanoTime();
        TodoPage alice = new TodoPage(aliceBrowser).open(signedIn("alice", list));
        TodoPage bob = new TodoPage(bobBrowser).open(signedIn("bob", list));

        alice.add("book the venue");
        bob.await(SOON, d -> bob.titles().contains("book the venue"));
        assertThat(author(bob, 0)).isEqualTo("alice");

        bob.items().get(0).findElement(By.className("toggle")).click();
        alice.await(SOON, d -> "bob".equals(author(alice, 0)));
        aliceBrowser.screenshot("login-authors");
        Axe.assertNoViolationsInEitherScheme(alice, "a signed-in user's list, with who changed each todo");

        // Screen-reader users hear who changed what, and not what they did themselves.
        alice.await(SOON, d -> announcements(alice).contains("bob completed 'book the venue'."));
        assertThat(announcements(alice)).doesNotContain("added");
        bob.await(SOON, d -> announcements(bob).contains("alice added 'book the venue'."));
        assertThat(announcements(bob)).doesNotContain("completed");
        assertThat(aliceBrowser.console()).noneMatch(m -> m.contains("Content Security Policy"));
    }

    private static String announcements(TodoPage page) {
        return page.driver.findElement(By.id("announcements")).getDomProperty("textContent");
    }

    private static String author(TodoPage page, int index) {
        return page.items().get(index).findElement(By.className("author")).getDomProperty("textContent");
    }

    /** What the browser's login dialog produces: credentials for this origin, sent with every request after. */
    private static URI signedIn(String user, String list) {
        URI page = server.http("?list=" + list);
        return URI.create("http://" + user + ":" + user + "-secret@" + page.getAuthority() + page.getPath() + "?"
                + page.getQuery());
    }
}
