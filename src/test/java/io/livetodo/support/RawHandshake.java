package io.livetodo.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP request with any headers, sent as bytes, from any loopback address: what a browser under DNS rebinding
 * sends (a foreign Host), what a proxy sends (X-Forwarded-For), and what no HTTP client library lets a test send
 * (two Origin headers, a Host of its choice, a source address of its choice).
 */
public final class RawHandshake implements AutoCloseable {

    /** The status code, and for a WebSocket upgrade (101) what the server sent first. */
    public record Answer(int status, Integer closeCode, String firstText) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final int status;

    private RawHandshake(InetAddress local, int port, String path, List<String> headers) throws IOException {
        socket = new Socket();
        if (local != null) {
            socket.bind(new InetSocketAddress(local, 0));
        }
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 30_000);
        socket.setSoTimeout(30_000);
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
        headers.forEach(h -> request.append(h).append("\r\n"));
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        in = new DataInputStream(socket.getInputStream());
        status = Integer.parseInt(line(in).split(" ")[1]);
        while (!line(in).isEmpty()) {
            // headers
        }
    }

    /** A WebSocket upgrade of {@code path} from {@code local} (null: any), kept open; see {@link #exchange}. */
    public static RawHandshake open(InetAddress local, int port, String path, List<String> headers)
            throws IOException {
        List<String> all = new ArrayList<>(headers);
        all.add("Upgrade: websocket");
        all.add("Connection: Upgrade");
        all.add("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
        all.add("Sec-WebSocket-Version: 13");
        return new RawHandshake(local, port, path, all);
    }

    /**
     * A WebSocket upgrade of {@code path} with {@code headers} (whole lines, such as {@code Host: x}); once upgraded,
     * sends {@code message} (a text frame) and returns the first frame that comes back: the answer, or a close.
     */
    public static Answer upgrade(int port, String path, List<String> headers, String message) throws IOException {
        try (RawHandshake handshake = open(null, port, path, headers)) {
            return handshake.status != 101 ? new Answer(handshake.status, null, null) : handshake.exchange(message);
        }
    }

    /** A plain GET of {@code path}; its status. */
    public static int get(int port, String path, List<String> headers) throws IOException {
        return get(null, port, path, headers);
    }

    /** A plain GET of {@code path} from the loopback address {@code local} (null: any); its status. */
    public static int get(InetAddress local, int port, String path, List<String> headers) throws IOException {
        List<String> all = new ArrayList<>(headers);
        all.add("Connection: close");
        try (RawHandshake request = new RawHandshake(local, port, path, all)) {
            return request.status;
        }
    }

    public int status() {
        return status;
    }

    /** Sends a short text message and returns the first frame that comes back: the answer, or a close. */
    public Answer exchange(String message) throws IOException {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        if (text.length > 125) {
            throw new IllegalArgumentException("a short message only");
        }
        byte[] frame = new byte[6 + text.length]; // FIN + text, masked with a zero mask
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | text.length);
        System.arraycopy(text, 0, frame, 6, text.length);
        socket.getOutputStream().write(frame);
        return next();
    }

    /** The next frame the server sends (a ping is skipped). */
    public Answer next() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            int length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = (int) in.readLong();
            }
            byte[] payload = in.readNBytes(length);
            int opcode = first & 0x0f;
            if (opcode == 0x8) {
                return new Answer(status, payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff)
                        : 1005, null);
            }
            if (opcode != 0x9 && opcode != 0xA) {
                return new Answer(status, null, new String(payload, StandardCharsets.UTF_8));
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
