package io.livetodo.socket;

import io.livetodo.protocol.Dialect;
import io.livetodo.protocol.JsonProtocol;
import io.livetodo.protocol.ProtocolException;
import io.livetodo.protocol.TextProtocol;
import io.livetodo.todo.Change;
import io.livetodo.todo.Limits;
import io.livetodo.todo.TodoException;
import io.livetodo.todo.TodoStore;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /todo?list=NAME}: decodes what a client sends, asks the store, hands replies to the session's sender.
 * One instance per connection (a {@code @Dependent} bean, made by {@link CdiConfigurator}).
 */
@Dependent
@ServerEndpoint(value = "/todo", subprotocols = JsonProtocol.SUBPROTOCOL, configurator = CdiConfigurator.class)
public class TodoEndpoint {

    private static final Logger LOG = Logger.getLogger(TodoEndpoint.class.getName());
    /** Ceiling for todo.message.max-bytes: no container buffers more than this for us. */
    static final int MAX_MESSAGE_BYTES_CEILING = 1024 * 1024;

    @Inject
    TodoStore store;
    @Inject
    Fanout fanout;
    @Inject
    JsonProtocol json;

    private Subscription subscription;

    @OnOpen
    public void open(Session session) {
        if (session.getUserProperties().containsKey(CdiConfigurator.ORIGIN_REFUSED)) {
            LOG.warning(() -> "Refused WebSocket from foreign Origin " + session.getUserProperties()
                    .get(CdiConfigurator.ORIGIN_REFUSED) + " (allow it with todo.allowed-origins)");
            closeQuietly(session, new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "origin not allowed"));
            return;
        }
        SocketSettings settings = fanout.settings();
        session.setMaxTextMessageBufferSize(Math.min(settings.maxMessageBytes(), MAX_MESSAGE_BYTES_CEILING));
        // The idle timeout is the heartbeat's (see SocketSettings), not the container's: Tyrus 2.1 can close a
        // session at once when setMaxIdleTimeout races with the zero-delay timer it starts for a new session.
        Dialect dialect = Dialect.of(session.getNegotiatedSubprotocol());
        String requested = parameter(session, "list");
        SessionSender sender = new SessionSender(session, "session " + session.getId() + " (list " + requested
                + ", " + dialect + ")", settings, fanout.executor());
        try {
            subscription = new Subscription(session.getId(), Limits.listName(requested), dialect, sender);
            fanout.join(subscription, parameter(session, "epoch"), since(parameter(session, "since")));
        } catch (TodoException e) {
            subscription = null;
            sender.send(dialect == Dialect.TEXT ? TextProtocol.error(e.getMessage())
                    : json.error(null, e.reason().code(), e.getMessage(), null));
            sender.close(CloseReason.CloseCodes.VIOLATED_POLICY, e.reason().code());
        }
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE_BYTES_CEILING)
    public void message(String message) {
        if (subscription == null) {
            return; // refused in open(), closing
        }
        subscription.sender().heard();
        int limit = fanout.settings().maxMessageBytes();
        if (message.length() > limit / 3 && utf8Length(message) > limit) {
            // Containers that ignore the per-session buffer size (Tyrus) deliver it; the limit still holds.
            subscription.sender().close(CloseReason.CloseCodes.TOO_BIG, "message over " + limit + " bytes");
            return;
        }
        if (subscription.dialect() == Dialect.TEXT) {
            text(message);
        } else {
            json(message);
        }
    }

    @OnMessage
    public void pong(PongMessage pong) {
        if (subscription != null) {
            subscription.sender().heard();
        }
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        if (subscription != null) {
            try {
                fanout.leave(subscription);
            } catch (RuntimeException e) {
                // On undeploy the container may close sessions while the application's beans are being destroyed;
                // an exception here must not stop the close from completing.
                LOG.log(Level.FINE, "Leave of session " + session.getId() + " during shutdown", e);
            }
        }
    }

    @OnError
    public void error(Session session, Throwable error) {
        // Mostly clients that vanish or exceed the message size (the container closes those with 1009).
        LOG.log(Level.FINE, "WebSocket error on session " + session.getId(), error);
    }

    private void text(String message) {
        String list = subscription.list();
        SessionSender sender = subscription.sender();
        try {
            TextProtocol.Request request = TextProtocol.parse(message);
            if (request instanceof TextProtocol.Request.Execute execute) {
                // A change reaches this session through the fan-out, like every other text session of the list.
                if (store.execute(list, execute.command()).isEmpty()) {
                    sender.send(TextProtocol.listing(store.snapshot(list)));
                }
            } else if (request instanceof TextProtocol.Request.ShowHelp) {
                sender.send(TextProtocol.HELP);
            } else {
                sender.send(TextProtocol.listing(store.snapshot(list)));
            }
        } catch (ProtocolException e) {
            sender.send(TextProtocol.error(e.getMessage()));
        } catch (TodoException e) {
            sender.send(TextProtocol.error(e.getMessage()));
        } catch (RuntimeException e) {
            sender.send(TextProtocol.error("internal error, reference " + logUnexpected(e)));
        }
    }

    private void json(String message) {
        SessionSender sender = subscription.sender();
        String ref = null;
        try {
            JsonProtocol.Request request = json.decode(message);
            ref = request.ref();
            List<Change> changes = store.execute(subscription.list(), request.command());
            sender.send(json.ack(ref, changes));
        } catch (ProtocolException e) {
            sender.send(json.error(e.ref(), e.code(), e.getMessage(), null));
        } catch (TodoException e) {
            sender.send(json.error(ref, e.reason().code(), e.getMessage(), e.current()));
        } catch (RuntimeException e) {
            sender.send(json.error(ref, "internal", "internal error, reference " + logUnexpected(e), null));
        }
    }

    /** Details go to the log only; the client gets the reference to quote. */
    private String logUnexpected(RuntimeException e) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.log(Level.SEVERE, "Unexpected failure, reference " + reference + ", session " + subscription.id(), e);
        return reference;
    }

    private static void closeQuietly(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Close failed", e);
        }
    }

    private static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    private static String parameter(Session session, String name) {
        List<String> values = session.getRequestParameterMap().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A malformed {@code since} is treated as absent: the client simply gets a snapshot. */
    private static long since(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
