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
        OriginPolicy policy = new OriginPolicy(CDI.current().select(Fanout.class).get().settings().allowedOrigins());
        if (!policy.allows(origin, host)) {
            // Where no filter ran first, failing the handshake is the only portable way to refuse it.
            throw new IllegalStateException("WebSocket handshake refused: Origin " + origin + " is not allowed");
        }
        super.modifyHandshake(config, request, response);
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
