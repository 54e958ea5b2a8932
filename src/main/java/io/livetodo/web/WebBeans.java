package io.livetodo.web;

import io.livetodo.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The HTTP edge's Origin and Host policies and its trusted proxies, built once when the application starts; the
 * WebSocket handshake uses them too.
 */
@ApplicationScoped
public class WebBeans {

    @Produces
    @Singleton
    OriginPolicy originPolicy(Settings settings) {
        return OriginPolicy.from(settings);
    }

    @Produces
    @Singleton
    TrustedProxies trustedProxies(Settings settings) {
        return TrustedProxies.from(settings);
    }

    @Produces
    @Singleton
    HostPolicy hostPolicy(Settings settings) {
        return HostPolicy.from(settings);
    }
}
