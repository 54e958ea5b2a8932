package io.livetodo.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One WebSocket client connection on a plain NIO channel, as cheap as a client can be: frames are counted, and of a
 * text message only the part a scenario reads is kept (the last bytes of a text listing, where the newest todo is;
 * the whole of a small JSON event). Pings are answered. Client frames carry a zero mask, which the protocol allows and
 * which leaves the payload as it is. Like a browser, it can offer permessage-deflate; it then inflates what the server
 * compressed.
 */
final class RawSocket {

    /** What a finished text message hands over: the kept bytes and how many there are. */
    interface Receiver {
        void message(RawSocket socket, byte[] kept, int length);
    }

    private static final byte[] ZERO_MASK = new byte[4];

    final SocketChannel channel;
    final int index;
    private final int keepTail;
    private final Receiver receiver;
    /** The last marker this connection saw (a newer one is a delivery to time). */
    long lastMarker;
    long messages;

    private final byte[] header = new byte[14];
    private int headerHave;
    private int headerNeed = 2;
    private long payloadLength;
    private long payloadDone;
    private long keepFrom;
    private byte[] kept = new byte[512];
    private int keptLength;
    private int opcode;
    private boolean fin;

    /** Set when the server agreed to permessage-deflate: its compressed messages are inflated here. */
    private Inflater inflater;
    private boolean compressedMessage;
    private byte[] inflated;

    private RawSocket(SocketChannel channel, int index, int keepTail, Receiver receiver) {
        this.channel = channel;
        this.index = index;
        this.keepTail = keepTail;
        this.receiver = receiver;
    }

    /**
     * Connects and upgrades in blocking mode; leaves the channel non-blocking, with whatever the server sent after
     * its 101 already parsed.
     *
     * @param keepTail bytes kept from the end of each text message, or 0 to keep it all
     */
    static RawSocket open(URI uri, String subprotocol, int index, int keepTail, Receiver receiver) throws IOException {
        return open(uri, subprotocol, false, index, keepTail, receiver);
    }

    /**
     * @param offerDeflate offer permessage-deflate, as browsers do; whether the server took it is {@link #deflating()}
     */
    static RawSocket open(URI uri, String subprotocol, boolean offerDeflate, int index, int keepTail,
                          Receiver receiver) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
        channel.socket().setTcpNoDelay(true);
        String hostPort = uri.getHost() + ":" + uri.getPort();
        String request = "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + " HTTP/1.1\r\nHost: " + hostPort + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Origin: http://" + hostPort + "\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n")
                + (offerDeflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "")
                + "\r\n";
        writeFully(channel, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        int end;
        while ((end = headerEnd(in)) < 0) {
            if (!in.hasRemaining() || channel.read(in) < 0) {
                throw new IOException("no upgrade from " + uri + ": " + new String(in.array(), 0, in.position(),
                        StandardCharsets.ISO_8859_1));
            }
        }
        String response = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused by " + uri + ": " + response.lines().findFirst().orElse(""));
        }
        RawSocket socket = new RawSocket(channel, index, keepTail, receiver);
        if (response.toLowerCase(java.util.Locale.ROOT).contains("permessage-deflate")) {
            socket.inflater = new Inflater(true);
            socket.inflated = new byte[64 * 1024];
        }
        in.flip().position(end);
        socket.feed(in);
        channel.configureBlocking(false);
        return socket;
    }

    boolean deflating() {
        return inflater != null;
    }

    private static int headerEnd(ByteBuffer in) {
        byte[] a = in.array();
        for (int i = 3; i < in.position(); i++) {
            if (a[i - 3] == '\r' && a[i - 2] == '\n' && a[i - 1] == '\r' && a[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Sends one text message; callers serialise their own sends on one socket. */
    synchronized void sendText(String text) throws IOException {
        send(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized void send(int opcode, byte[] payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(payload.length + 14);
        frame.put((byte) (0x80 | opcode));
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else if (payload.length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        frame.put(ZERO_MASK).put(payload).flip();
        writeFully(channel, frame);
    }

    private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                Thread.onSpinWait();
            }
        }
    }

    private static final byte[] DEFLATE_TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    /** Inflates the kept message (RFC 7692: the sender removed this tail) into {@link #inflated}; its length. */
    private int inflate() throws IOException {
        if (keptLength + 4 > kept.length) {
            kept = java.util.Arrays.copyOf(kept, keptLength + 4);
        }
        System.arraycopy(DEFLATE_TAIL, 0, kept, keptLength, 4);
        inflater.setInput(kept, 0, keptLength + 4);
        int length = 0;
        try {
            while (true) {
                if (length == inflated.length) {
                    inflated = java.util.Arrays.copyOf(inflated, inflated.length * 2);
                }
                int n = inflater.inflate(inflated, length, inflated.length - length);
                length += n;
                if (n == 0 && (inflater.needsInput() || inflater.finished())) {
                    return length;
                }
            }
        } catch (DataFormatException e) {
            throw new IOException("bad compressed message", e);
        }
    }

    /** Parses what was read; runs on the reading thread only. */
    void feed(ByteBuffer in) throws IOException {
        while (in.hasRemaining()) {
            if (headerHave < headerNeed) {
                while (headerHave < headerNeed && in.hasRemaining()) {
                    header[headerHave++] = in.get();
                }
                if (headerHave == 2) {
                    int len = header[1] & 0x7f;
                    headerNeed = 2 + (len == 126 ? 2 : len == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
                }
                if (headerHave < headerNeed) {
                    continue;
                }
                startPayload();
                if (payloadLength == 0) {
                    endFrame();
                }
                continue;
            }
            int n = (int) Math.min(in.remaining(), payloadLength - payloadDone);
            long from = payloadDone;
            long to = from + n;
            if (to > keepFrom) {
                int skip = (int) Math.max(0, keepFrom - from);
                in.position(in.position() + skip);
                int copy = n - skip;
                in.get(kept, keptLength, copy);
                keptLength += copy;
            } else {
                in.position(in.position() + n);
            }
            payloadDone = to;
            if (payloadDone == payloadLength) {
                endFrame();
            }
        }
    }

    private void startPayload() {
        fin = (header[0] & 0x80) != 0;
        int frameOpcode = header[0] & 0x0f;
        if (frameOpcode != 0 && frameOpcode < 0x8) {
            opcode = frameOpcode;
            compressedMessage = (header[0] & 0x40) != 0;
        }
        int len = header[1] & 0x7f;
        payloadLength = len == 126 ? ((header[2] & 0xff) << 8 | (header[3] & 0xff))
                : len == 127 ? ByteBuffer.wrap(header, 2, 8).getLong() : len;
        payloadDone = 0;
        boolean control = frameOpcode >= 0x8;
        // A compressed message is inflated whole, so all of it is kept.
        keepFrom = control || keepTail == 0 || compressedMessage ? 0 : Math.max(0, payloadLength - keepTail);
        if (frameOpcode != 0 || control) {
            keptLength = 0;
        }
        long room = keptLength + payloadLength - keepFrom;
        if (room > kept.length) {
            kept = java.util.Arrays.copyOf(kept, (int) Math.max(room, 2L * kept.length));
        }
    }

    private void endFrame() throws IOException {
        int frameOpcode = header[0] & 0x0f;
        headerHave = 0;
        headerNeed = 2;
        if (frameOpcode == 0x9) {
            send(0xA, java.util.Arrays.copyOf(kept, keptLength));
        } else if (frameOpcode == 0x8) {
            channel.close();
        } else if (fin && opcode == 0x1) {
            messages++;
            if (compressedMessage) {
                int length = inflate();
                int from = keepTail == 0 ? 0 : Math.max(0, length - keepTail);
                receiver.message(this, java.util.Arrays.copyOfRange(inflated, from, length), length - from);
            } else {
                receiver.message(this, kept, keptLength);
            }
        }
        if (frameOpcode < 0x8 && fin) {
            keptLength = 0;
        }
    }
}
