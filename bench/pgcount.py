"""Counting what an app sends to PostgreSQL: a small TCP proxy that reads the frontend side
of the wire protocol and records every query message.

psycopg2 uses the simple query protocol: one `Q` message per statement it sends, BEGIN,
ROLLBACK and SQLAlchemy's pool pre-ping (`SELECT 1`) included, each a round trip. The
proxy only relays bytes and notes the query texts, so it adds latency and is used for a
separate counting pass, never while timing. Connect through it with sslmode=disable (an
encrypted stream cannot be read).
"""

import contextlib
import socket
import struct
import threading
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SSL_REQUEST, GSSENC_REQUEST = 80877103, 80877104
OVERHEAD = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET ", "SHOW ", "START")


def is_query(text):
    """A statement that does the request's work (not transaction control or a ping)."""
    head = text.strip().upper()
    return not (head.startswith(OVERHEAD) or head in ("SELECT 1", "SELECT 1;"))


class StatementCounter:
    def __init__(self, database_url):
        parts = urlsplit(database_url)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        query = dict(parse_qsl(parts.query))
        query.update(sslmode="disable", gssencmode="disable")
        netloc = parts.netloc.rsplit("@", 1)
        host = f"127.0.0.1:{self.port}"
        netloc = f"{netloc[0]}@{host}" if len(netloc) == 2 else host
        self.url = urlunsplit(parts._replace(netloc=netloc, query=urlencode(query)))
        self._lock = threading.Lock()
        self._statements = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def mark(self):
        with self._lock:
            return len(self._statements)

    def since(self, mark):
        with self._lock:
            return list(self._statements[mark:])

    def close(self):
        self._closed = True
        self._listener.close()

    def _accept(self):
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            threading.Thread(
                target=self._client_to_server, args=(client, server), daemon=True
            ).start()
            threading.Thread(target=self._relay, args=(server, client), daemon=True).start()

    def _relay(self, source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def _client_to_server(self, client, server):
        buffer = b""
        startup = True
        try:
            while data := client.recv(65536):
                server.sendall(data)
                buffer += data
                while True:
                    if startup:  # untyped messages: length, then a code
                        if len(buffer) < 8:
                            break
                        length, code = struct.unpack("!ii", buffer[:8])
                        if len(buffer) < length:
                            break
                        buffer = buffer[length:]
                        startup = code in (SSL_REQUEST, GSSENC_REQUEST)
                        continue
                    if len(buffer) < 5:
                        break
                    kind = buffer[:1]
                    (length,) = struct.unpack("!i", buffer[1:5])
                    if len(buffer) < 1 + length:
                        break
                    payload = buffer[5 : 1 + length]
                    buffer = buffer[1 + length :]
                    if kind == b"Q":
                        text = payload.rstrip(b"\x00").decode(errors="replace")
                    elif kind == b"P":  # extended protocol: statement name, then the query
                        text = payload.split(b"\x00")[1].decode(errors="replace")
                    else:
                        continue
                    with self._lock:
                        self._statements.append(text)
        except OSError:
            pass
        finally:
            for sock in (client, server):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
