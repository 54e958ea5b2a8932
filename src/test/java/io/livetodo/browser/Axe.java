package io.livetodo.browser;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.fail;

/**
 * An axe-core audit of what the window shows right now: WCAG 2.0 and 2.1, levels A and AA, plus axe's best
 * practices. Any violation fails the test with its rule and the elements it found, so the message says what to fix.
 */
final class Axe {

    static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice");

    private Axe() {
    }

    /** Audits the light scheme, then the dark one: what passes in one can fail on contrast in the other. */
    static void assertNoViolationsInEitherScheme(TodoPage page, String state) {
        try {
            for (String scheme : List.of("light", "dark")) {
                page.browser.prefer("prefers-color-scheme", scheme);
                assertNoViolations(page, state + ", " + scheme + " scheme");
            }
        } finally {
            page.browser.prefer("prefers-color-scheme", null);
        }
    }

    /** @param state what the page is showing, for the failure message: "editing, dark scheme" */
    static void assertNoViolations(TodoPage page, String state) {
        // The page has no frames, so axe runs in the page itself: combining frames' results happens in an extra
        // tab, and opening it takes the focus from the page (which ends an edit, the very state being audited).
        Results results = new AxeBuilder().withTags(TAGS).setLegacyMode(true).disableIframeTesting()
                .analyze(page.driver);
        if (results.isErrored()) {
            fail("axe could not audit the page (" + state + "): " + results.getErrorMessage());
        }
        if (results.getPasses() == null || results.getPasses().isEmpty()) {
            fail("axe checked nothing on the page (" + state + "): the audit did not run");
        }
        List<Rule> violations = results.getViolations();
        if (!violations.isEmpty()) {
            fail(violations.size() + " axe violation(s) while the page shows " + state + ":\n"
                    + violations.stream().map(Axe::describe).collect(Collectors.joining("\n")));
        }
    }

    private static String describe(Rule rule) {
        return "- " + rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + "\n"
                + rule.getNodes().stream().map(Axe::describe).collect(Collectors.joining("\n"));
    }

    private static String describe(CheckedNode node) {
        return "    " + node.getTarget() + " " + node.getHtml() + "\n      "
                + String.valueOf(node.getFailureSummary()).replace("\n", "\n      ");
    }
}
