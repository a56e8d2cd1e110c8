"""The HTTP endpoint: SSM's JSON 1.1 protocol on a port, over the in-process backend.

Built on the standard library's ``ThreadingHTTPServer``: it parses HTTP/1.1 (keep-alive,
``Expect: 100-continue``, malformed request lines), gives each connection a thread, and
needs no dependency. This module only routes: ``POST /`` with ``X-Amz-Target:
AmazonSSM.<Action>`` goes to ``protocol.answer`` (the path in-process calls take),
``/_ssm_fake/...`` to the admin actions. Every refusal — malformed HTTP, an unknown
path or target, a wrong content type, a body over ``MAX_BODY`` bytes — is a JSON error
in the service's shape, never a traceback.

    with Server(port=0) as server:
        client = boto3.client("ssm", endpoint_url=server.url, region_name="us-east-1")
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

from .. import backend, errors, protocol
from ..fake import DEFAULT_ACCOUNT, DEFAULT_REGION, SSMFake
from . import admin as admin_path
from .admin_client import AdminClient
from .state_file import StateFile

# The largest request body accepted: 1 MiB, above any SSM request a client sends (a
# document's content, the largest member, is far smaller). Larger ones get a 413.
MAX_BODY = 1024 * 1024
# Up to this size an oversize body is read and thrown away before the 413 goes out.
_MAX_DRAINED = 16 * MAX_BODY
DEFAULT_PORT = 4583
_JSON = "application/json"
_log = logging.getLogger("ssm_fake")


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` names is on this machine only."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


class Server:
    """An ssm_fake service listening on ``host:port`` (``port=0`` picks a free one)."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = DEFAULT_PORT,
        account_id: str = DEFAULT_ACCOUNT,
        region: str = DEFAULT_REGION,
        state_file: str | Path | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        backend.load()
        self.fake = SSMFake(account_id, region)
        self.log = log
        # Raises StateFileError before the port is taken, so a refused file leaves no listener.
        self.state = StateFile.open(state_file, self.fake) if state_file is not None else None
        server_class = _IPv6Server if ":" in host else _IPv4Server
        try:
            self._httpd = server_class((host, port), _Handler)
        except BaseException:
            if self.state is not None:
                self.state.close()
            raise
        self._httpd.app = self
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        host = str(self._httpd.server_address[0])
        return f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"

    def serve_forever(self) -> None:
        self._httpd.serve_forever(poll_interval=0.2)

    def start(self) -> Server:
        """Serve from a background thread; returns self."""
        self._thread = threading.Thread(target=self.serve_forever, name="ssm-fake-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting, close the socket and the state file."""
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self.state is not None:
            self.state.close()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    def call(self, operation: str, access_key: str | None, region: str | None, raw: bytes) -> tuple[int, str, bytes]:
        if self.state is not None:
            return self.state.call(operation, access_key, region, raw)
        return protocol.answer(self.fake, operation, access_key, region, raw)

    @property
    def admin(self) -> AdminClient:
        """An ``AdminClient`` for this server."""
        return AdminClient(self.url)

    def run_admin(self, name: str, method: str, args: admin_path.Args) -> admin_path.Reply:
        action = admin_path.find(name, method)
        if self.state is not None:
            return self.state.admin(name, action, args)
        return admin_path.perform(self.fake, action, args)


class _IPv4Server(ThreadingHTTPServer):
    daemon_threads = True
    app: Server

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection that broke mid-request (the client went away): one line, no traceback."""
        log = self.app.log
        if log is not None:
            log(f"{client_address[0]} connection dropped: {sys.exc_info()[1]!r}")


class _IPv6Server(_IPv4Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ssm-fake"
    # An idle keep-alive connection is closed after this many seconds.
    timeout = 120
    # Headers and body leave in separate writes: without TCP_NODELAY, Nagle's algorithm and
    # the client's delayed ACK hold each reply back by ~40 ms.
    disable_nagle_algorithm = True
    server: _IPv4Server

    def do_POST(self) -> None:
        self._dispatch()

    def do_GET(self) -> None:
        self._dispatch()

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    def _dispatch(self) -> None:
        started = time.perf_counter()
        path, _, query = self.path.partition("?")
        label = "-"
        try:
            raw = self._body()
            if path.startswith(admin_path.PREFIX):
                label = "admin"
                status, body = self._admin(path[len(admin_path.PREFIX) :], query, raw)
                self._send(status, _JSON, body)
            else:
                label = self.headers.get("X-Amz-Target", "-")
                status, request_id, body = self._service(path, raw)
                self._send(status, protocol.CONTENT_TYPE, body, request_id)
        except errors.ServiceError as refused:
            status = refused.http_status
            self._send(status, protocol.CONTENT_TYPE, protocol.error_body(refused))
        except (ConnectionError, TimeoutError):
            raise
        except Exception:
            _log.exception("ssm_fake: %s %s failed inside the server; this is a bug in ssm_fake", self.command, path)
            status = 500
            failure = errors.InternalServerError("ssm_fake's server failed on this request: see the server's log")
            self._send(status, protocol.CONTENT_TYPE, protocol.error_body(failure))
        self._log(label, status, started)

    def _service(self, path: str, raw: bytes) -> tuple[int, str, bytes]:
        if path != "/" or self.command != "POST":
            raise errors.UnknownOperationException(
                f"ssm_fake serves SSM at POST / and its admin actions under {admin_path.PREFIX}, "
                f"not {self.command} {path}."
            )
        media_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media_type != protocol.CONTENT_TYPE:
            raise errors.UnknownOperationException(
                f"SSM speaks JSON 1.1: the Content-Type must be {protocol.CONTENT_TYPE}, not {media_type or 'missing'}."
            )
        target = self.headers.get("X-Amz-Target", "")
        if not target.startswith(protocol.TARGET_PREFIX):
            raise errors.UnknownOperationException(
                f"The X-Amz-Target header must name an SSM action ({protocol.TARGET_PREFIX}<Action>), "
                f"not {target or 'be missing'}."
            )
        access_key, region = protocol.credential_scope(self.headers.get("Authorization", ""))
        return self.server.app.call(target[len(protocol.TARGET_PREFIX) :], access_key, region, raw)

    def _admin(self, name: str, query: str, raw: bytes) -> tuple[int, bytes]:
        args: Any = dict(parse_qsl(query))
        if self.command != "GET":
            try:
                args = json.loads(raw) if raw.strip() else {}
            except ValueError:
                return 400, _json({"__type": "SerializationException", "message": "the body is not valid JSON"})
        try:
            if not isinstance(args, dict):
                raise admin_path.AdminRequestError("InvalidRequest", "the body must be a JSON object")
            reply = self.server.app.run_admin(name, self.command, args)
        except admin_path.AdminRequestError as failure:
            return failure.status, _json({"__type": failure.code, "message": failure.message})
        return 200, _json(reply)

    def _body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise errors.LengthRequired("ssm_fake needs a Content-Length; chunked request bodies are not accepted.")
        length_text = self.headers.get("Content-Length", "0").strip() or "0"
        if not length_text.isdigit():
            self.close_connection = True
            raise errors.SerializationException(f"The Content-Length header is not a number: {length_text!r}.")
        length = int(length_text)
        if length > MAX_BODY:
            # Read what the client is still sending, so that it sees the 413 rather than a
            # broken pipe; a body beyond reason is not read: the connection is closed.
            if length <= _MAX_DRAINED:
                remaining = length
                while remaining > 0:
                    chunk = self.rfile.read(min(remaining, 65536))
                    if not chunk:
                        break
                    remaining -= len(chunk)
            else:
                self.close_connection = True
            raise errors.RequestEntityTooLargeException(
                f"The request body is {length} bytes; ssm_fake's server accepts at most {MAX_BODY} bytes."
            )
        return self.rfile.read(length) if length else b""

    def _send(self, status: int, content_type: str, body: bytes, request_id: str | None = None) -> None:
        self.send_response(status)
        if request_id is not None:
            self.send_header("x-amzn-RequestId", request_id)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (malformed request line or headers, an unknown
        method) in the service's JSON shape instead of its HTML page."""
        self.close_connection = True
        # A request line too broken to name a version leaves http.server at HTTP/0.9, which
        # has no headers; the reply is HTTP/1.1 like every other.
        self.request_version = self.protocol_version
        error: errors.ServiceError = (
            errors.UnknownOperationException(message or "Unknown operation.")
            if code in (404, 405, 501)
            else errors.SerializationException(message or "The request is not valid HTTP.")
        )
        self._send(code, protocol.CONTENT_TYPE, protocol.error_body(error))
        self._log("-", code, None)

    def log_message(self, format: str, *args: Any) -> None:
        """http.server's own log lines are replaced by one line per request (``_log``)."""

    def _log(self, label: str, status: int, started: float | None) -> None:
        log = self.server.app.log
        if log is None:
            return
        elapsed = "" if started is None else f" {(time.perf_counter() - started) * 1e3:.1f}ms"
        request = f"{self.command} {self.path}" if started is not None else getattr(self, "requestline", "")
        log(f'{self.client_address[0]} "{request}" {label} {status}{elapsed}')


def _json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()
