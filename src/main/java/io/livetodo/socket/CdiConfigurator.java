package io.livetodo.socket;

import io.livetodo.web.HostPolicy;
import io.livetodo.web.OriginPolicy;
import io.livetodo.web.Peer;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes endpoint instances CDI beans on every container: plain {@code @Inject} in an endpoint works on Payara and
 * WildFly but not on Tomcat + Weld nor under Tyrus alone. Also re-checks the Host and the Origin against it, which
 * {@link #checkOrigin} cannot see; {@code web.HostFilter} and {@code web.OriginFilter} answer 403 before this on
 * servlet containers.
 */
public class CdiConfigurator extends ServerEndpointConfig.Configurator {

    /** Session user property set when the Origin is refused; the endpoint then closes the session with 1008. */
    static final String ORIGIN_REFUSED = "io.livetodo.origin-refused";
    /** Session user property: the client's network address, where the container lets us learn it. */
    static final String REMOTE_ADDRESS = "io.livetodo.remote-address";
    /** Session user property: the client id offered as a subprotocol ({@value #CLIENT_PROTOCOL}ID). */
    static final String CLIENT_ID = "io.livetodo.client-id";
    /**
     * How a page names itself without putting its id in the URL, which proxies and servers write to their access
     * logs: it offers {@code todo.client.<id>} as a second subprotocol after {@code todo.v1+json}, which is the one
     * negotiated. Browsers let a page set no other header on a WebSocket handshake.
     */
    static final String CLIENT_PROTOCOL = "todo.client.";

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return CDI.current().select(endpointClass).get();
    }

    /**
     * Declines permessage-deflate unless {@code todo.compression} is true. Browsers always offer it, and Tomcat takes
     * it (Payara and WildFly do not): every message is then compressed once per connection, although the same
     * message goes to every client of the list. On Tomcat that made each delivery of a listing 2.5 times the CPU,
     * and each JSON event 1.5 times (bench/delivery.sh), and the compressor keeps its window for every connection.
     */
    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        return CDI.current().select(SocketSettings.class).get().compression()
                ? super.getNegotiatedExtensions(installed, requested) : List.of();
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.getHeaders());
        List<String> origins = headers.getOrDefault("Origin", List.of());
        String host = first(headers.get("Host"));
        Peer filtered = filtered();
        if (!CDI.current().select(HostPolicy.class).get().allows(host)) {
            config.getUserProperties().put(ORIGIN_REFUSED, "a page for a host this server does not answer to"
                    + " (allow it with todo.allowed-hosts)");
        } else if (!CDI.current().select(OriginPolicy.class).get().allows(origins, host,
                secure(request, filtered))) {
            // Only a filter can answer 403 portably. Where none ran first, the connection is closed before any
            // message is read or sent: these user properties are per connection and become the Session's
            // (Jakarta WebSocket 2.1, "Handshake modification").
            config.getUserProperties().put(ORIGIN_REFUSED, "foreign Origin " + origins
                    + " (allow it with todo.allowed-origins)");
        }
        String client = offeredClientId(headers.get("Sec-WebSocket-Protocol"));
        if (client != null) {
            config.getUserProperties().put(CLIENT_ID, client);
        }
        String address = filtered != null ? filtered.address() : tyrusRemoteAddress(request);
        if (address != null) {
            config.getUserProperties().put(REMOTE_ADDRESS, address);
        }
        super.modifyHandshake(config, request, response);
    }

    /**
     * Where no servlet filter ran (Tyrus without a servlet container, as in the in-process tests), Tyrus's own
     * handshake request knows the client's address. Null when it does not: then no per-address limit applies.
     */
    private static String tyrusRemoteAddress(HandshakeRequest request) {
        try {
            Object address = request.getClass().getMethod("getRemoteAddr").invoke(request);
            return address instanceof String text ? text : null;
        } catch (ReflectiveOperationException | RuntimeException notTyrus) {
            return null;
        }
    }

    /**
     * The servlet filter's findings for this handshake (every servlet container: the client's address, behind a
     * trusted proxy the one it forwarded, and whether it came over TLS), or null where none ran (Tyrus alone).
     */
    private static Peer filtered() {
        try {
            Instance<Peer> peer = CDI.current().select(Peer.class);
            return peer.isResolvable() && peer.get().address() != null ? peer.get() : null;
        } catch (ContextNotActiveException noServletRequest) {
            return null;
        }
    }

    /**
     * Whether the handshake came over TLS: as the servlet filter found (it reads a trusted proxy's
     * X-Forwarded-Proto), else as Tyrus's own request says, else from a request URI starting {@code wss:}.
     */
    private static boolean secure(HandshakeRequest request, Peer filtered) {
        if (filtered != null) {
            return filtered.secure();
        }
        try {
            Object secure = request.getClass().getMethod("isSecure").invoke(request);
            if (secure instanceof Boolean flag) {
                return flag;
            }
        } catch (ReflectiveOperationException | RuntimeException notTyrus) {
            // fall through
        }
        URI uri = request.getRequestURI();
        return uri != null && "wss".equalsIgnoreCase(uri.getScheme());
    }

    /** The id in a {@value #CLIENT_PROTOCOL} subprotocol the client offered, or null. */
    private static String offeredClientId(List<String> protocolHeaders) {
        if (protocolHeaders != null) {
            for (String header : protocolHeaders) {
                for (String protocol : header.split(",")) {
                    String p = protocol.strip();
                    if (p.startsWith(CLIENT_PROTOCOL)) {
                        return p.substring(CLIENT_PROTOCOL.length());
                    }
                }
            }
        }
        return null;
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
