"""Reset a client connection from inside a WSGI application served by werkzeug."""

from __future__ import annotations

import os
import socket
import struct

ENVIRON_DROP_KEY = "commvault_simulator.drop_connection"


class ConnectionDropped(ConnectionAbortedError):
    """Raised after the connection was reset, so werkzeug writes no response."""


def reset_connection(environ: dict) -> None:
    """Reset the TCP connection of this request so the client gets no response at all.

    werkzeug's development server puts the connection socket in the environ as
    `werkzeug.socket`. With SO_LINGER on and a zero timeout, closing the last
    descriptor of a TCP socket sends RST instead of FIN. The descriptor is
    replaced (dup2) by one end of a closed socket pair rather than closed, because
    werkzeug still reads and writes the same descriptor number afterwards: it then
    sees end of file, ends the request quietly, and never touches a reused number.
    """
    connection = environ.get("werkzeug.socket")
    if connection is None:
        raise RuntimeError("the WSGI server does not expose the connection socket")

    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    placeholder, peer = socket.socketpair()
    try:
        os.dup2(placeholder.fileno(), connection.fileno())
    finally:
        placeholder.close()
        peer.close()


def drop_middleware(app):
    """Wrap a WSGI app: when a handler marked the environ, reset the connection after it ran."""

    def wsgi(environ, start_response):
        body = app(environ, start_response)
        if environ.get(ENVIRON_DROP_KEY):
            close = getattr(body, "close", None)
            if close is not None:
                close()
            reset_connection(environ)
            raise ConnectionDropped("connection reset by a simulator fault")
        return body

    return wsgi
