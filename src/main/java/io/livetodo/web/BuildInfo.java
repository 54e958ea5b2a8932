package io.livetodo.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/** The build's version (filtered into build-info.properties by Maven) and when the application started. */
@ApplicationScoped
public class BuildInfo {

    private final Instant started = Instant.now();
    private final String version;

    public BuildInfo() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/build-info.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        version = properties.getProperty("version", "unknown");
    }

    /** Created with the application, so uptime counts from deployment rather than from the first request. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // the constructor has recorded the start
    }

    public String version() {
        return version;
    }

    public Duration uptime() {
        return Duration.between(started, Instant.now());
    }
}
