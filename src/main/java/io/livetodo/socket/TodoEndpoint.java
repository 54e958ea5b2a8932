package io.livetodo.socket;

import io.livetodo.todo.ListFingerprint;
import io.livetodo.metrics.Metrics;
import io.livetodo.protocol.Dialect;
import io.livetodo.protocol.JsonProtocol;
import io.livetodo.protocol.ProtocolException;
import io.livetodo.protocol.TextProtocol;
import io.livetodo.todo.Change;
import io.livetodo.todo.Command;
import io.livetodo.todo.Journal;
import io.livetodo.todo.Limits;
import io.livetodo.todo.Mutation;
import io.livetodo.todo.MutationGap;
import io.livetodo.todo.Processed;
import io.livetodo.todo.TodoException;
import io.livetodo.todo.TodoStore;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.spi.CDI;
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
    @Inject
    SocketSettings settings;
    @Inject
    SendThreads threads;
    @Inject
    Metrics metrics;
    @Inject
    Drain drain;
    @Inject
    ListCreation creation;

    private Subscription subscription;
    private RateLimit.Bucket bucket;
    /** The signed-in user, recorded with each change; null when no login is required. */
    private String author;
    /**
     * The id a JSON client gave itself (the subprotocol {@code todo.client.ID}, or {@code ?client=}) to number its
     * mutations; null if it gave none.
     */
    private String client;
    /**
     * The first of this connection's mutations that could not be processed yet (storage failure, rate limit), 0 if
     * none: later ones wait for it, so that the client's order holds even where the server knows no number of it.
     */
    private long waitingFor;

    @OnOpen
    public void open(Session session) {
        if (session.getUserProperties().containsKey(CdiConfigurator.ORIGIN_REFUSED)) {
            LOG.warning(() -> "Refused WebSocket from " + session.getUserProperties()
                    .get(CdiConfigurator.ORIGIN_REFUSED));
            closeQuietly(session, new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "origin not allowed"));
            return;
        }
        if (drain.draining()) {
            // Stopping: this client belongs on another node; the balancer no longer sends anyone here.
            closeQuietly(session, new CloseReason(CloseReason.CloseCodes.GOING_AWAY, Drain.REASON));
            return;
        }
        if (settings.requiredRole() != null && session.getUserPrincipal() == null) {
            // The login filter answers 401 first; this holds where no filter ran.
            closeQuietly(session, new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "login required"));
            return;
        }
        author = settings.requiredRole() == null ? null : session.getUserPrincipal().getName();
        session.setMaxTextMessageBufferSize(Math.min(settings.maxMessageBytes(), MAX_MESSAGE_BYTES_CEILING));
        // The idle timeout is the heartbeat's (see SocketSettings), not the container's, which is switched off with a
        // negative value (the API's "never"). Tyrus 2.1 treats 0 as a zero-delay timer: it can close a fresh session
        // at once, and it reschedules that timer for every message in and out, on Payara through a managed
        // executor that scans the class path for context providers each time: half the CPU of a busy server (JFR).
        session.setMaxIdleTimeout(-1);
        Dialect dialect = Dialect.of(session.getNegotiatedSubprotocol());
        String requested = parameter(session, "list");
        SessionSender sender = new SessionSender(session, "session " + session.getId() + " ("
                + ListFingerprint.of(requested) + ", " + dialect + ")", settings, threads.closers(), threads.writers(),
                metrics, dialect);
        bucket = settings.rateLimit().newBucket(System.nanoTime());
        try {
            subscription = new Subscription(session.getId(), Limits.listName(requested), dialect, sender,
                    (String) session.getUserProperties().get(CdiConfigurator.REMOTE_ADDRESS));
            // Offered as a subprotocol (the page), else ?client= (older clients and scripts; it ends up in logs).
            Object offered = session.getUserProperties().get(CdiConfigurator.CLIENT_ID);
            client = Limits.clientId(offered != null ? (String) offered : parameter(session, "client"));
            if (client != null && author != null && !author.equals(store.claimClient(client, author))) {
                // Someone else's id (seen in a log, say): with it this user could make that user's next changes
                // count as duplicates.
                throw new TodoException(TodoException.Reason.INVALID_CLIENT, "this client id belongs to another"
                        + " user; make a new one");
            }
            fanout.join(subscription, parameter(session, "epoch"), since(parameter(session, "since")), client);
            LOG.fine(() -> "Opened " + subscription + " from " + subscription.address());
        } catch (TodoException e) {
            refuse(sender, dialect, e.reason().code(), e.getMessage());
        } catch (Admission.Refused e) {
            LOG.warning(() -> "Refused a connection: " + e.getMessage());
            refuse(sender, dialect, "too-many-connections", e.getMessage());
        } catch (Journal.JournalException e) {
            // The list could not be read (the database is away): worth trying again soon, unlike a refusal.
            subscription = null;
            sender.send(error(dialect, null, "storage-failed", "the list cannot be read now, the database does not"
                    + " answer; try again shortly (reference " + logUnexpected(e, session.getId()) + ")"));
            sender.closeAfterQueued(CloseReason.CloseCodes.TRY_AGAIN_LATER, "storage-failed");
        }
    }

    private void refuse(SessionSender sender, Dialect dialect, String code, String message) {
        subscription = null;
        sender.send(error(dialect, null, code, message));
        sender.closeAfterQueued(CloseReason.CloseCodes.VIOLATED_POLICY, code);
    }

    /** An error in the session's dialect; the text dialect has no code or ref. */
    private String error(Dialect dialect, String ref, String code, String message) {
        return dialect == Dialect.TEXT ? TextProtocol.error(message) : json.error(ref, code, message, null);
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE_BYTES_CEILING)
    public void message(String message) {
        if (subscription == null) {
            return; // refused in open(), closing
        }
        subscription.sender().heard();
        metrics.received(subscription.dialect()).increment();
        subscription.sender().replyingTo(() -> handle(message));
    }

    private void handle(String message) {
        int limit = settings.maxMessageBytes();
        if (message.length() > limit / 3 && utf8Length(message) > limit) {
            // Containers that ignore the per-session buffer size (Tyrus) deliver it; the limit still holds.
            metrics.dropped(Metrics.Drop.MESSAGE_TOO_BIG).increment();
            subscription.sender().close(CloseReason.CloseCodes.TOO_BIG, "message over " + limit + " bytes");
            return;
        }
        if (!bucket.tryTake(System.nanoTime())) {
            metrics.rateLimited().increment();
            rateLimited(message);
            return;
        }
        if (subscription.dialect() == Dialect.TEXT) {
            text(message);
        } else {
            json(message);
        }
    }

    /** Not applied. The client hears why; one that does not slow down is disconnected. */
    private void rateLimited(String message) {
        SessionSender sender = subscription.sender();
        if (bucket.exhausted()) {
            if (!sender.closing()) { // once: a flood's next messages are read before the close goes out
                LOG.warning(() -> "Closing " + subscription + ": it kept sending over the rate limit ("
                        + settings.rateLimit().describe() + ")");
                metrics.dropped(Metrics.Drop.RATE_LIMIT).increment();
                // Its refusals go out first.
                sender.closeAfterQueued(CloseReason.CloseCodes.VIOLATED_POLICY, "rate limit exceeded");
            }
            return;
        }
        String text = "too many messages: at most " + settings.rateLimit().describe()
                + " (todo.rate.limit); this one was not applied, slow down";
        if (subscription.dialect() == Dialect.TEXT) {
            sender.send(TextProtocol.error(text));
            return;
        }
        JsonProtocol.Request request = requestOf(message);
        Long number = request == null || client == null ? null : request.mutation();
        notProcessed(number);
        sender.send(json.error(request == null ? null : request.ref(), number, "rate-limited", text, null));
    }

    /** The request, so that a refusal names its ref and mutation; null if it cannot be read. */
    private JsonProtocol.Request requestOf(String message) {
        try {
            return json.decode(message);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A numbered mutation could not be processed now: later ones of this connection wait for it. */
    private void notProcessed(Long number) {
        if (number != null && (waitingFor == 0 || number < waitingFor)) {
            waitingFor = number;
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
        try {
            if (subscription != null) {
                fanout.leave(subscription);
                LOG.fine(() -> "Closed " + subscription + " from " + subscription.address() + ": "
                        + reason.getCloseCode().getCode()
                        + (reason.getReasonPhrase().isEmpty() ? "" : " " + reason.getReasonPhrase()));
            }
            // This instance came from CdiConfigurator as a @Dependent bean, which CDI keeps (for its destruction)
            // until told: without this, every connection ever made would stay in memory.
            CDI.current().select(TodoEndpoint.class).destroy(this);
        } catch (RuntimeException e) {
            // On undeploy the container may close sessions while the application's beans are being destroyed;
            // an exception here must not stop the close from completing.
            LOG.log(Level.FINE, "Leave of session " + session.getId() + " during shutdown", e);
        }
    }

    @OnError
    public void error(Session session, Throwable error) {
        // Mostly clients that vanish or exceed the message size (the container closes those with 1009). An Error
        // (a class that cannot be loaded, say) means a message went unanswered: that must not pass unseen.
        LOG.log(error instanceof Error ? Level.WARNING : Level.FINE, "WebSocket error on session " + session.getId(),
                error);
    }

    private void text(String message) {
        String list = subscription.list();
        SessionSender sender = subscription.sender();
        try {
            TextProtocol.Request request = TextProtocol.parse(message);
            if (request instanceof TextProtocol.Request.Execute execute) {
                // A change reaches this session through the fan-out, like every other text session of the list.
                if (execute(list, execute.command()).isEmpty()) {
                    sender.sendReplaceable(TextProtocol.listing(store.snapshot(list)));
                }
            } else if (request instanceof TextProtocol.Request.ShowHelp) {
                sender.send(TextProtocol.HELP);
            } else if (request instanceof TextProtocol.Request.ShowList) {
                // A client asking again before it read the last answer gets one listing, the current one.
                sender.sendReplaceable(TextProtocol.listing(store.snapshot(list)));
            } else {
                // Request is sealed: unreachable until a request is added without a branch here.
                throw new IllegalStateException("no handling for text request " + request);
            }
        } catch (ProtocolException e) {
            sender.send(TextProtocol.error(e.getMessage()));
        } catch (TodoException e) {
            sender.send(TextProtocol.error(e.getMessage()));
        } catch (Journal.JournalException e) {
            sender.send(TextProtocol.error(storageFailed(e)));
        } catch (RuntimeException e) {
            sender.send(TextProtocol.error("internal error, reference " + logUnexpected(e)));
        }
    }

    private void json(String message) {
        SessionSender sender = subscription.sender();
        String ref = null;
        Long number = null;
        try {
            JsonProtocol.Request request = json.decode(message);
            ref = request.ref();
            number = request.mutation();
            if (number != null && client == null) {
                throw new ProtocolException("bad-field", "'mutation' needs a client id: offer the subprotocol"
                        + " todo.client.ID after todo.v1+json, or connect with ?client=ID (ID: 16-64 characters of"
                        + " A-Z, a-z, 0-9, '-' and '_')", ref);
            }
            if (number != null && waitingFor > 0 && number > waitingFor) {
                throw MutationGap.waitingFor(number, waitingFor);
            }
            Mutation mutation = number == null ? null : new Mutation(client, number);
            refuseIfNewListsExhausted();
            Processed processed = store.execute(subscription.list(), request.command(), author, mutation);
            if (number != null && number == waitingFor) {
                waitingFor = 0;
            }
            sender.send(answer(ref, number, processed));
        } catch (ProtocolException e) {
            sender.send(json.error(e.ref(), number, e.code(), e.getMessage(), null));
        } catch (MutationGap e) {
            sender.send(json.gap(ref, number, e));
        } catch (TodoException e) {
            sender.send(json.error(ref, number, e.reason().code(), e.getMessage(), e.current()));
        } catch (Journal.JournalException e) {
            notProcessed(number);
            sender.send(json.error(ref, number, "storage-failed", storageFailed(e), null));
        } catch (RuntimeException e) {
            notProcessed(number);
            sender.send(json.error(ref, number, "internal", "internal error, reference " + logUnexpected(e), null));
        }
    }

    private String answer(String ref, Long mutation, Processed processed) {
        if (processed instanceof Processed.Applied applied) {
            counted(applied.changes());
            return json.ack(ref, mutation, applied.changes());
        }
        if (processed instanceof Processed.Refused refused) {
            TodoException e = refused.refusal();
            return json.error(ref, mutation, e.reason().code(), e.getMessage(), e.current());
        }
        if (processed instanceof Processed.Duplicate duplicate) {
            return json.duplicate(ref, duplicate.mutation(), duplicate.record());
        }
        // Processed is sealed: unreachable until an outcome is added without a branch here.
        throw new IllegalStateException("no answer for " + processed);
    }

    private List<Change> execute(String list, Command command) {
        refuseIfNewListsExhausted();
        List<Change> changes = store.execute(list, command, author);
        counted(changes);
        return changes;
    }

    /** A change to a list not stored yet would store it: refused while this address has made its new lists. */
    private void refuseIfNewListsExhausted() {
        if (!creation.mayCreate(subscription.address()) && store.seq(subscription.list()) == 0) {
            throw new TodoException(TodoException.Reason.TOO_MANY_LISTS, creation.refusal());
        }
    }

    /**
     * What a message's changes count for, in either dialect: the metric, the rate limit (one token a change), and
     * the address's new lists (sequence number 1 is a list's first change, the one that stored it).
     */
    private void counted(List<Change> changes) {
        metrics.changes().add(changes.size());
        bucket.charge(changes.size());
        if (!changes.isEmpty() && changes.get(0).seq() == 1) {
            creation.created(subscription.address());
        }
    }

    private String storageFailed(Journal.JournalException e) {
        return "the change could not be stored, so nothing changed; try again (reference " + logUnexpected(e) + ")";
    }

    /** Details go to the log only (they may name tables or hosts); the client gets the reference to quote. */
    private String logUnexpected(RuntimeException e) {
        return logUnexpected(e, subscription.id());
    }

    private static String logUnexpected(RuntimeException e, String session) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.log(Level.SEVERE, "Unexpected failure, reference " + reference + ", session " + session, e);
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
