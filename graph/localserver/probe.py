"""Is a port free, does Bolt answer: raw sockets, no driver."""

from __future__ import annotations

import socket

BOLT_MAGIC = b"\x60\x60\xb0\x17"
# propose Bolt 5.0-5.4 and 4.4; any non-zero answer means the server speaks Bolt
BOLT_VERSIONS = bytes([0, 4, 4, 5, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0])


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return True
    return False


def bolt_answers(host: str, port: int, timeout: float = 2.0) -> bool:
    """True if a Bolt server answers the handshake at host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(BOLT_MAGIC + BOLT_VERSIONS)
            reply = _recv_exact(s, 4)
    except OSError:
        return False
    return reply is not None and reply != b"\x00\x00\x00\x00"


def _recv_exact(s: socket.socket, n: int) -> bytes | None:
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf
