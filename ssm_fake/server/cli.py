"""``ssm-fake serve`` (also ``python -m ssm_fake serve``): the command line of the server.

Prints the URL it listens on, one line per request unless ``--quiet``, and stops cleanly
on SIGINT or SIGTERM. See ``docs/server.md``.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from ..fake import DEFAULT_ACCOUNT, DEFAULT_REGION
from .endpoint import DEFAULT_PORT, Server, is_loopback
from .state_file import StateFileError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ssm-fake", description="A fake AWS Systems Manager for tests.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve",
        help="serve SSM's JSON 1.1 protocol over HTTP",
        description="Serve the fake over HTTP for the AWS CLI and other SDKs (--endpoint-url).",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)"
    )
    serve.add_argument("--account-id", default=DEFAULT_ACCOUNT, help="account of requests whose key names none")
    serve.add_argument("--region", default=DEFAULT_REGION, help="region of requests whose signature names none")
    serve.add_argument("--state-file", metavar="PATH", help="keep state in PATH across restarts")
    serve.add_argument("--quiet", action="store_true", help="no line per request")
    serve.add_argument(
        "--allow-remote", action="store_true", help="allow a --host other machines can reach (no authentication!)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not is_loopback(args.host):
        if not args.allow_remote:
            print(
                f"ssm-fake: --host {args.host} can be reached from other machines, and the fake checks no "
                "credentials; add --allow-remote if that is what you want.",
                file=sys.stderr,
            )
            return 2
        print(
            f"ssm-fake: warning: listening on {args.host}, reachable from other machines, without authentication.",
            file=sys.stderr,
        )
    log = None if args.quiet else _log_line
    try:
        server = Server(
            host=args.host,
            port=args.port,
            account_id=args.account_id,
            region=args.region,
            state_file=args.state_file,
            log=log,
        )
    except StateFileError as refused:
        print(f"ssm-fake: {refused}", file=sys.stderr)
        return 2
    except (OSError, ValueError, OverflowError) as failure:
        print(f"ssm-fake: cannot serve on {args.host}:{args.port}: {failure}", file=sys.stderr)
        return 2
    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    server.start()
    print(f"ssm-fake: serving SSM on {server.url}", flush=True)
    while not stop.wait(1):
        pass
    server.stop()
    print("ssm-fake: stopped", flush=True)
    return 0


def _log_line(line: str) -> None:
    # One write per line, so lines from concurrent requests never interleave.
    sys.stderr.write(line + "\n")
    sys.stderr.flush()
