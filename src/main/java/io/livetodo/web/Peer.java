package io.livetodo.web;

import jakarta.enterprise.context.RequestScoped;

/**
 * The network address of the client whose handshake is in progress. The WebSocket API does not tell an endpoint
 * who connected; the servlet filter in front of {@code /todo} does know, and the handshake runs within that filter's
 * request, so it leaves the address here for {@code socket.CdiConfigurator}.
 */
@RequestScoped
public class Peer {

    private String address;

    public String address() {
        return address;
    }

    public void address(String address) {
        this.address = address;
    }
}
