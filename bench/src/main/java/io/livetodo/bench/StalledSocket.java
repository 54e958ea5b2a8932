package io.livetodo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client that completes the handshake and then never reads again, as a browser tab on a dead network
 * would: its receive buffer fills, then the server's send buffer, and from then on the server must cope. (The
 * JDK's client keeps reading into its own buffers even when no more messages are requested.)
 */
final class StalledSocket implements AutoCloseable {

    private final Socket socket;

    StalledSocket(URI uri, String subprotocol) throws IOException {
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setReceiveBufferSize(4096); // small, as a phone's on a bad network
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n") + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) { // the handshake's answer, byte by byte; then nothing more
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + head);
        }
    }

    /**
     * Whether the server has closed the connection: reads what piled up, frame by frame, until a close frame, the
     * end of the stream or a reset (yes), or 30 s (no). The server may keep the TCP connection open afterwards,
     * waiting for a close reply that a stalled client never sends, so the close frame is what counts.
     */
    boolean closedByServer() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        try {
            socket.setSoTimeout(30_000);
            java.io.DataInputStream in = new java.io.DataInputStream(
                    new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16));
            while (System.nanoTime() < deadline) {
                int first = in.readUnsignedByte();
                int length = in.readUnsignedByte() & 0x7F; // server frames are not masked
                long payload = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
                if ((first & 0x0F) == 0x8) {
                    return true;
                }
                in.skipNBytes(payload);
            }
            return false;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException endOrReset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
