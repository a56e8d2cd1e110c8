"""What other capabilities use of Automation: start an execution as StartAutomationExecution
would, and follow it to its end.

    execution = start_execution(ctx, {"DocumentName": "MyRunbook", "Parameters": {"Name": ["x"]}})
    execution.execution_id                      # the AutomationExecutionId
    execution.watchers.append(lambda done: record(done.status))   # once, at a final status

``start_execution`` takes StartAutomationExecution's request members (DocumentName,
DocumentVersion, Parameters, Mode, Targets / TargetParameterName / TargetMaps,
MaxConcurrency, MaxErrors, Tags, ClientToken), raises the same errors
(``AutomationDefinitionNotFoundException``, ``InvalidAutomationExecutionParametersException``,
...) and returns the stored :class:`AutomationExecution`, status ``Pending``; it runs on the
clock from the current instant. Its final status is one of :data:`FINAL_STATUSES`
(Success, Failed, TimedOut, Cancelled), with ``failure_message`` set when it did not succeed.
"""

from __future__ import annotations

from .model import FINAL_STATUSES, AutomationExecution
from .start import start_execution

__all__ = ["FINAL_STATUSES", "AutomationExecution", "start_execution"]
