"""``--state-file``: a restarted server, even after ``kill -9``, has every acknowledged write.

The file is a write-ahead journal, one JSON object a line. The first line is the header::

    {"format": "ssm_fake state", "version": 1, "account_id": "123456789012", "region": "us-east-1"}

Each later line is one call that changed state — a successful call whose action is not a
``Get``/``Describe``/``List``, any call during which timed work ran (a command's
progress), or an admin action that changes state — with the clock instant it ran at and
the seed of the random bytes it drew (see ``entropy``). A line is appended and
``fsync``'d while the service lock is held, so lines are in the order calls ran, and
before the reply leaves. At start the file is replayed: each call again at its instant,
with its seed, so resources come back with the same ids and timestamps.

Why a journal rather than a snapshot: the state holds timers (closures on the clock) that
do not serialise, and replaying the calls through the one request path needs no second
description of the state. ``/_ssm_fake/reset`` compacts the file to its header.

A line cut short by a crash (no newline at the end) was never acknowledged: it is
dropped. Anything else unreadable, a file of another format, a newer version, or another
default account or region is refused with a message; the file is never replaced.
"""

from __future__ import annotations

import base64
import json
import os
import time
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from .. import protocol
from ..fake import SSMFake
from . import admin, entropy

FORMAT = "ssm_fake state"
VERSION = 1
_READ_ONLY_PREFIXES = ("Get", "Describe", "List")


class StateFileError(Exception):
    """The state file cannot be used; the message says why and what to do."""


def changes_state(operation: str) -> bool:
    """Whether a successful call of ``operation`` may have changed state (by the action's name)."""
    return not operation.startswith(_READ_ONLY_PREFIXES)


class StateFile:
    """The journal of one server: replayed by :meth:`open`, appended to by the calls."""

    def __init__(self, path: Path, fake: SSMFake) -> None:
        self.path = path
        self.fake = fake
        self._file: IO[bytes] | None = None
        self._frozen = False

    @classmethod
    def open(cls, path: str | os.PathLike[str], fake: SSMFake) -> StateFile:
        """Load ``path`` into ``fake`` (creating the file when absent or empty) and keep it open."""
        state = cls(Path(path), fake)
        entropy.install()
        entries = state._read()
        try:
            if entries is None:
                state._rewrite()
            else:
                state._replay(entries)
                state._file = state.path.open("ab")
                state._resume_clock(entries)
        except OSError as failure:
            state.close()
            raise StateFileError(f"cannot write the state file {state.path}: {failure.strerror}") from None
        fake.calls.clear()
        return state

    def call(self, operation: str, access_key: str | None, region: str | None, raw: bytes) -> tuple[int, str, bytes]:
        """Answer a service call, journaling it before the reply when it changed state."""
        service = self.fake.service
        with service.lock:
            timers_before = service.clock.timers_run
            seed = entropy.new_seed()
            with entropy.seeded(seed):
                status, request_id, body = protocol.answer(self.fake, operation, access_key, region, raw)
            if (status == 200 and changes_state(operation)) or service.clock.timers_run != timers_before:
                entry: dict[str, Any] = {"call": operation, "key": access_key, "region": region}
                entry.update(_body_member(raw))
                self._append(entry, self.fake.calls[-1].event_time, seed)
        return status, request_id, body

    def admin(self, name: str, action: admin.AdminAction, args: admin.Args) -> admin.Reply:
        """Run an admin action, journaling it (or, for reset, compacting) when it changes state."""
        if not action.changes_state:
            return admin.perform(self.fake, action, args)
        service = self.fake.service
        with service.lock:
            at = service.clock.now()
            seed = entropy.new_seed()
            with entropy.seeded(seed):
                reply = admin.perform(self.fake, action, args)
            if name == "reset":
                self._frozen = False
                self._rewrite()
            else:
                self._note_clock(name)
                self._append({"admin": name, "args": args}, at, seed)
        return reply

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def _append(self, entry: dict[str, Any], at: datetime, seed: int) -> None:
        assert self._file is not None
        entry.update({"at": at.isoformat(), "wall": time.time(), "seed": seed})
        self._file.write(json.dumps(entry, separators=(",", ":")).encode() + b"\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def _note_clock(self, name: str) -> None:
        if name == "clock/freeze":
            self._frozen = True
        elif name == "clock/unfreeze":
            self._frozen = False

    def _header(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "account_id": self.fake.account_id, "region": self.fake.region}

    def _rewrite(self) -> None:
        """Replace the file by its header alone: atomically (temporary file, fsync, rename)."""
        self.close()
        temporary = self.path.with_name(self.path.name + ".tmp")
        with temporary.open("wb") as out:
            out.write(json.dumps(self._header()).encode() + b"\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.path)
        _fsync_directory(self.path.parent)
        self._file = self.path.open("ab")

    def _read(self) -> list[dict[str, Any]] | None:
        """The journal's entries, or None for a file to create; raises StateFileError."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as failure:
            raise StateFileError(f"cannot read the state file {self.path}: {failure.strerror}") from None
        if not data:
            return None
        lines = data.split(b"\n")
        if lines[-1]:
            # The last write never finished, so it was never acknowledged: drop it.
            with self.path.open("r+b") as out:
                out.truncate(len(data) - len(lines[-1]))
                os.fsync(out.fileno())
        lines = lines[:-1]
        if not lines:
            return None
        self._check_header(lines[0])
        entries = []
        for number, line in enumerate(lines[1:], start=2):
            try:
                entry = json.loads(line)
                if not isinstance(entry, dict) or not ({"call", "admin"} & entry.keys()):
                    raise ValueError("not an entry")
                datetime.fromisoformat(entry["at"])
                int(entry["seed"])
            except (ValueError, KeyError, TypeError):
                raise StateFileError(
                    f"the state file {self.path} is damaged at line {number}; it was left as it is. "
                    "Move it away to start empty, or start with another --state-file."
                ) from None
            entries.append(entry)
        return entries

    def _check_header(self, line: bytes) -> None:
        try:
            header = json.loads(line)
        except ValueError:
            header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT or not isinstance(header.get("version"), int):
            raise StateFileError(
                f"{self.path} is not an ssm_fake state file (its first line is no ssm_fake header); "
                "it was left as it is. Give --state-file a new path or an ssm_fake state file."
            )
        if header["version"] > VERSION:
            raise StateFileError(
                f"the state file {self.path} has format version {header['version']}, written by a newer ssm_fake; "
                f"this one reads version {VERSION} and older. Upgrade ssm_fake, or start with another --state-file."
            )
        for key, mine in (("account_id", self.fake.account_id), ("region", self.fake.region)):
            if header.get(key) != mine:
                option = "--" + key.replace("_", "-")
                raise StateFileError(
                    f"the state file {self.path} was written with {option} {header.get(key)}, not {mine}; "
                    f"start with {option} {header.get(key)} or another --state-file."
                )

    def _replay(self, entries: list[dict[str, Any]]) -> None:
        clock = self.fake.service.clock
        for entry in entries:
            with entropy.seeded(int(entry["seed"])):
                clock.freeze(datetime.fromisoformat(entry["at"]))
                if "call" in entry:
                    protocol.answer(self.fake, entry["call"], entry["key"], entry["region"], _raw(entry))
                else:
                    name = entry["admin"]
                    admin.perform(self.fake, admin.ACTIONS[name], entry["args"])
                    self._note_clock(name)

    def _resume_clock(self, entries: list[dict[str, Any]]) -> None:
        """Replay leaves the clock frozen at the last instant; a clock that was running
        goes on from where real time has got to (keeping any offset a test advanced it by),
        through a journaled unfreeze so that a later replay sees the same timers run."""
        if self._frozen or not entries:
            return
        last = entries[-1]
        offset = datetime.fromisoformat(last["at"]).timestamp() - float(last["wall"])
        resume_at = datetime.fromtimestamp(time.time() + offset, tz=self.fake.clock.now().tzinfo)
        clock = self.fake.service.clock
        seed = entropy.new_seed()
        with entropy.seeded(seed):
            clock.freeze(max(resume_at, clock.now()))
            at = clock.now()
            clock.unfreeze()
        self._append({"admin": "clock/unfreeze", "args": {}}, at, seed)


def _body_member(raw: bytes) -> dict[str, str]:
    try:
        return {"body": raw.decode("utf-8")}
    except UnicodeDecodeError:
        return {"body64": base64.b64encode(raw).decode()}


def _raw(entry: dict[str, Any]) -> bytes:
    if "body64" in entry:
        return base64.b64decode(entry["body64"])
    return str(entry.get("body", "")).encode("utf-8")


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
