"""Document contents the document tests share: small valid documents and ways to vary them."""

from __future__ import annotations

import json
from typing import Any

OTHER_ACCOUNT = "111122223333"
THIRD_ACCOUNT = "444455556666"


def command_body(*commands: str, parameters: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A schema 2.2 Command document running ``commands`` with aws:runShellScript."""
    body: dict[str, Any] = {
        "schemaVersion": "2.2",
        "description": "Runs a shell command.",
        "mainSteps": [
            {"action": "aws:runShellScript", "name": "run", "inputs": {"runCommand": list(commands or ["echo hi"])}}
        ],
    }
    if parameters is not None:
        body["parameters"] = parameters
    body.update(extra)
    return body


def command(*commands: str, parameters: dict[str, Any] | None = None, **extra: Any) -> str:
    return json.dumps(command_body(*commands, parameters=parameters, **extra))


def automation(*steps: dict[str, Any]) -> str:
    return json.dumps(
        {
            "schemaVersion": "0.3",
            "description": "An automation.",
            "parameters": {"InstanceId": {"type": "String"}},
            "mainSteps": list(steps) or [{"name": "wait", "action": "aws:sleep", "inputs": {"Duration": "PT1S"}}],
        }
    )


def create(client: Any, name: str, content: str | None = None, **kwargs: Any) -> dict[str, Any]:
    description: dict[str, Any] = client.create_document(Name=name, Content=content or command(), **kwargs)[
        "DocumentDescription"
    ]
    return description


def error_code(exc_info: Any) -> str:
    return str(exc_info.value.response["Error"]["Code"])


def error_message(exc_info: Any) -> str:
    return str(exc_info.value.response["Error"]["Message"])
