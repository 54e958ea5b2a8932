package io.livetodo.socket;

import io.livetodo.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The socket layer's settings, read once when the application starts. */
@ApplicationScoped
public class SocketBeans {

    @Produces
    @Singleton
    SocketSettings socketSettings(Settings settings) {
        return SocketSettings.from(settings);
    }
}
