"""A real HTTP server on 127.0.0.1 that records what reaches it: proof that a request left
the process (other services) or did not (SSM under the mock)."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Loopback:
    url: str
    # X-Amz-Target of each request received, in order.
    seen: list[str] = field(default_factory=list)
    # What to answer: (status, JSON body).
    reply: tuple[int, dict[str, Any]] = (200, {"SecretList": []})


@contextmanager
def loopback_server() -> Iterator[Loopback]:
    state = Loopback(url="")

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.seen.append(self.headers.get("X-Amz-Target", ""))
            status, payload = state.reply
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
