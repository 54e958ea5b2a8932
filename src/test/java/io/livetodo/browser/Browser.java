package io.livetodo.browser;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * A headless Debian Chromium with its own fresh profile: one independent browser window per instance. Started with
 * the flags this kind of machine needs (no sandbox as root, no background traffic to the internet).
 */
final class Browser implements AutoCloseable {

    final ChromeDriver driver;
    private final Path profile;
    private final Map<String, String> media = new LinkedHashMap<>();

    Browser() throws IOException {
        profile = Files.createTempDirectory("livetodo-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=900,900", "--user-data-dir=" + profile);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(executable("chromedriver"))).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    /** Console messages since the last call, e.g. Content-Security-Policy violations. */
    List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    /**
     * What the page would see from a user's settings, e.g. {@code prefers-color-scheme: dark} or
     * {@code prefers-reduced-motion: reduce}; a null value goes back to the browser's own.
     */
    void prefer(String feature, String value) {
        if (value == null) {
            media.remove(feature);
        } else {
            media.put(feature, value);
        }
        List<Map<String, String>> features = new ArrayList<>();
        media.forEach((name, setting) -> features.add(Map.of("name", name, "value", setting)));
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", features));
    }

    /**
     * A viewport of {@code width} CSS pixels at {@code zoom}: 320 at 1 is a small phone, 640 at 2 is a 1280-pixel
     * window zoomed to 200%. Layout sees the CSS width in both, as it does when a user zooms.
     */
    void viewport(int width, int height, double zoom) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", zoom, "mobile", false));
    }

    void defaultViewport() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    void screenshot(String name) throws IOException {
        Path dir = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        throw new IllegalStateException(name + " is not installed: the browser tests need Debian's chromium and"
                + " chromium-driver (src/test/scripts/ensure-chromium.sh installs them)");
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
