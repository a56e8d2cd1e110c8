"""``LocalShellHandler``: run the shell commands a test sends through Run Command, for real.

Off unless a test asks for it; then every ``aws:runShellScript`` plugin runs locally in a
subprocess (``workingDirectory`` as its cwd, ``executionTimeout`` as its time limit) and
its stdout, stderr and exit code become the invocation's::

    ssm.set_command_handler(LocalShellHandler())
    sent = client.send_command(InstanceIds=[ssm.add_instance()], DocumentName="AWS-RunShellScript",
                               Parameters={"commands": ["echo hello"]})
    # get_command_invocation(...)["StandardOutputContent"] == "hello\\n"

Other plugins (``aws:runPowerShellScript`` ...) fall through to the outcome rules.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from typing import Any

from .backend.commands.outcomes import CommandOutcome, CommandRun, plugin_timeout

SHELL_PLUGIN = "aws:runShellScript"
# The exit code the agent reports for a run it killed at its execution timeout.
KILLED_EXIT_CODE = 137


class LocalShellHandler:
    """A command handler that runs ``aws:runShellScript`` commands with ``shell -c``."""

    def __init__(self, shell: str = "/bin/sh", env: Mapping[str, str] | None = None) -> None:
        self.shell = shell
        self.env = dict(env) if env is not None else None

    def __call__(self, run: CommandRun) -> CommandOutcome | None:
        if run.plugin.action != SHELL_PLUGIN:
            return None
        inputs = run.plugin.inputs
        directory = _text(inputs.get("workingDirectory")) or None
        if directory is not None and not os.path.isdir(directory):
            return CommandOutcome(
                status="Failed", response_code=1, stderr=f"working directory {directory} does not exist\n"
            )
        timeout = plugin_timeout(inputs)
        try:
            finished = subprocess.run(
                [self.shell, "-c", _script(inputs.get("runCommand"))],
                cwd=directory,
                env=self.env,
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as expired:
            return CommandOutcome(
                status="TimedOut",
                response_code=KILLED_EXIT_CODE,
                stdout=_decode(expired.stdout),
                stderr=_decode(expired.stderr) + f"\ncommand timed out after {timeout} seconds\n",
            )
        return CommandOutcome(
            status="Success" if finished.returncode == 0 else "Failed",
            response_code=finished.returncode,
            stdout=_decode(finished.stdout),
            stderr=_decode(finished.stderr),
        )


def _script(commands: Any) -> str:
    if isinstance(commands, list):
        return "\n".join(_text(line) for line in commands)
    return _text(commands)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _decode(output: bytes | str | None) -> str:
    if output is None:
        return ""
    if isinstance(output, str):
        return output
    return output.decode("utf-8", errors="replace")
