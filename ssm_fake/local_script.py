"""``LocalScriptRunner``: run the python scripts of ``aws:executeScript`` steps, for real.

Off unless a test asks for it; then each step's ``Script`` runs in this process, its
``Handler`` function is called as the service calls it — ``handler(events, context)`` with
the step's ``InputPayload`` as ``events`` — and what it returns becomes the step's
``Payload`` output (``$.Payload.name`` in the step's ``outputs``)::

    ssm.set_script_runner(LocalScriptRunner())
    # a step: {"action": "aws:executeScript", "inputs": {"Runtime": "python3.11",
    #          "Handler": "main", "Script": "def main(events, context):\\n  return {'n': 1}"}}

The script runs with the test's own privileges: opt in only for scripts you trust.
"""

from __future__ import annotations

from typing import Any

from .backend.automation.scripts import ScriptRun


class LocalScriptRunner:
    """A script runner that executes python3.x ``aws:executeScript`` scripts in-process."""

    def __call__(self, run: ScriptRun) -> Any:
        namespace: dict[str, Any] = {"__name__": f"ssm_fake_script_{run.step_name}"}
        exec(compile(run.script, f"<{run.step_name}>", "exec"), namespace)
        handler = namespace.get(run.handler)
        if not callable(handler):
            raise NameError(f"the script defines no function {run.handler!r} (the step's Handler)")
        context = {"automation:EXECUTION_ID": run.execution_id}
        return handler(dict(run.input_payload), context)
