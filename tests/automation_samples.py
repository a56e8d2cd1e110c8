"""Runbooks and helpers the automation tests share."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

START = datetime(2026, 4, 1, 9, 0, tzinfo=timezone.utc)


def runbook(*steps: dict[str, Any], parameters: dict[str, Any] | None = None, outputs: list[str] | None = None) -> str:
    body: dict[str, Any] = {"schemaVersion": "0.3", "mainSteps": list(steps)}
    if parameters:
        body["parameters"] = parameters
    if outputs:
        body["outputs"] = outputs
    return json.dumps(body)


def step(name: str, action: str, inputs: dict[str, Any] | None = None, **options: Any) -> dict[str, Any]:
    return {"name": name, "action": action, "inputs": inputs or {}, **options}


def sleep(name: str, duration: str = "PT1M", **options: Any) -> dict[str, Any]:
    return step(name, "aws:sleep", {"Duration": duration}, **options)


def put(name: str, parameter: str, value: str, **options: Any) -> dict[str, Any]:
    inputs = {"Service": "ssm", "Api": "PutParameter", "Name": parameter, "Value": value, "Type": "String",
              "Overwrite": True}  # fmt: skip
    return step(name, "aws:executeAwsApi", inputs, **options)


def fail(name: str, **options: Any) -> dict[str, Any]:
    """A step that always fails: it asserts a parameter that does not exist."""
    inputs = {"Service": "ssm", "Api": "GetParameter", "Name": "/does/not/exist",
              "PropertySelector": "$.Parameter.Value", "DesiredValues": ["x"]}  # fmt: skip
    return step(name, "aws:assertAwsResourceProperty", inputs, **options)


def create(client: Any, name: str, content: str, document_format: str = "JSON") -> None:
    client.create_document(Name=name, DocumentType="Automation", Content=content, DocumentFormat=document_format)


def start(client: Any, name: str, **kwargs: Any) -> str:
    return str(client.start_automation_execution(DocumentName=name, **kwargs)["AutomationExecutionId"])


def execution(client: Any, execution_id: str) -> dict[str, Any]:
    return dict(client.get_automation_execution(AutomationExecutionId=execution_id)["AutomationExecution"])


def status(client: Any, execution_id: str) -> str:
    return str(execution(client, execution_id)["AutomationExecutionStatus"])


def steps(client: Any, execution_id: str) -> list[tuple[str, str]]:
    """(name, status) of the steps that started; the runbook's other steps are listed Pending."""
    listed = execution(client, execution_id)["StepExecutions"]
    return [(s["StepName"], s["StepStatus"]) for s in listed if s["StepStatus"] != "Pending"]


def run(client: Any, *runbook_steps: dict[str, Any], name: str = "Runbook", **kwargs: Any) -> str:
    """Create a runbook of ``runbook_steps`` and start it."""
    create(client, name, runbook(*runbook_steps, parameters=kwargs.pop("parameters", None),
                                 outputs=kwargs.pop("outputs", None)))  # fmt: skip
    return start(client, name, **kwargs)
