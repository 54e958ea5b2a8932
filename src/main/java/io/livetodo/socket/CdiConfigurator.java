package io.livetodo.socket;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes endpoint instances CDI beans on every container: plain {@code @Inject} in an endpoint works on Payara and
 * WildFly but not on Tomcat + Weld nor under Tyrus alone. Also re-checks the Origin against the Host header, which
 * {@link #checkOrigin} cannot see; {@code web.OriginFilter} answers 403 before this on servlet containers.
 */
public class CdiConfigurator extends ServerEndpointConfig.Configurator {

    /** Session user property set when the Origin is refused; the endpoint then closes the session with 1008. */
    static final String ORIGIN_REFUSED = "io.livetodo.origin-refused";

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return CDI.current().select(endpointClass).get();
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.getHeaders());
        String origin = first(headers.get("Origin"));
        String host = first(headers.get("Host"));
        if (!CDI.current().select(Fanout.class).get().originPolicy().allows(origin, host)) {
            // Only a filter can answer 403 portably. Where none ran first, the connection is closed before any
            // message is read or sent: these user properties are per connection and become the Session's
            // (Jakarta WebSocket 2.1, "Handshake modification").
            config.getUserProperties().put(ORIGIN_REFUSED, origin);
        }
        super.modifyHandshake(config, request, response);
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
