"""``aws:executeScript`` scripts: off unless a test opts in with a script runner.

A runner is a callable given a :class:`ScriptRun` (the step's Runtime, Handler, Script and
InputPayload) that returns the handler's result, which becomes the step's ``Payload``
output; if it raises, the step fails with the traceback. ``ssm_fake.LocalScriptRunner()``
runs python3.x scripts in-process::

    ssm.set_script_runner(ssm_fake.LocalScriptRunner())
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..state import RegionState, ServiceState

# The python runtimes aws:executeScript documents: python3.8 ... python3.11 and later.
PYTHON_RUNTIME = re.compile(r"python3\.\d+")


@dataclass(frozen=True)
class ScriptRun:
    """One aws:executeScript step, as a script runner sees it."""

    execution_id: str
    step_name: str
    runtime: str
    handler: str
    script: str
    input_payload: Mapping[str, Any]


ScriptRunner = Callable[[ScriptRun], Any]


class ScriptSteering(RegionState):
    """The runner of one mock; one per service, so ``ssm.reset()`` forgets it."""

    def __init__(self, service: ServiceState, account_id: str, region: str) -> None:
        super().__init__(service, account_id, region)
        self.runner: ScriptRunner | None = None


def set_runner(service: ServiceState, runner: ScriptRunner | None) -> None:
    if runner is not None and not callable(runner):
        raise TypeError(
            "a script runner must be callable, e.g. ssm_fake.LocalScriptRunner() (or None to remove it), "
            f"got {runner!r}"
        )
    service.state(ScriptSteering, "-", "-").runner = runner


def current_runner(service: ServiceState) -> ScriptRunner | None:
    return service.state(ScriptSteering, "-", "-").runner
