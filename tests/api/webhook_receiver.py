"""A real HTTP server on loopback that receives webhook deliveries, and misbehaves on request."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    delivery_id: str
    attempt: int
    kind: str
    signature: str
    body: bytes
    at: float


# A behaviour gets (delivery id, how many times this receiver has seen it) and returns what to
# do: an HTTP status, "drop" (close the connection without answering) or ("slow", status, s).
Behaviour = Callable[[str, int], object]


@dataclass
class Receiver:
    behaviour: Behaviour
    received: list[Received] = field(default_factory=list)  # the ones answered 2xx
    seen: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""
    _server: ThreadingHTTPServer | None = None

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                did = self.headers.get("Corridors-Delivery", "")
                with receiver.lock:
                    receiver.seen[did] += 1
                    n = receiver.seen[did]
                action = receiver.behaviour(did, n)
                if action == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                status = action
                delay = 0.0
                if isinstance(action, tuple):
                    _, status, delay = action
                assert isinstance(status, int)
                if 200 <= status < 300:
                    # Processed now; a slow answer only delays the acknowledgement.
                    with receiver.lock:
                        receiver.received.append(
                            Received(
                                did,
                                int(self.headers.get("Corridors-Attempt", "0")),
                                self.headers.get("Corridors-Event", ""),
                                self.headers.get("Corridors-Signature", ""),
                                body,
                                time.time(),
                            )
                        )
                time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/hooks/corridors"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
