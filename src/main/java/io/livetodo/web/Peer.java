package io.livetodo.web;

import jakarta.enterprise.context.RequestScoped;

/**
 * The network address of the client whose handshake is in progress. The WebSocket API does not tell an endpoint
 * who connected; the servlet filter in front of {@code /todo} does know, and the handshake runs within that filter's
 * request, so it leaves the address here for {@code socket.CdiConfigurator}, and whether the client came over TLS
 * (behind a trusted proxy only the proxy's headers say so, which the handshake's own request does not read).
 */
@RequestScoped
public class Peer {

    private String address;
    private boolean secure;

    public String address() {
        return address;
    }

    public void address(String address) {
        this.address = address;
    }

    /** Whether the client came over TLS, to this server or to a trusted proxy; meaningful once an address is set. */
    public boolean secure() {
        return secure;
    }

    public void secure(boolean secure) {
        this.secure = secure;
    }
}
