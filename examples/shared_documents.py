"""Testing code that publishes an SSM document and shares it with another account.

`publish_runbook` is the application code; the test checks, as the other account, that
the shared document can be read and run there, and that an unshared one cannot.
"""

from __future__ import annotations

import json
from typing import Any

import boto3

from ssm_fake import mock_ssm

TOOLS_ACCOUNT = "111122223333"
RUNBOOK = {
    "schemaVersion": "2.2",
    "description": "Rotate the application's logs.",
    "parameters": {"keepDays": {"type": "String", "default": "7", "allowedPattern": "^[0-9]+$"}},
    "mainSteps": [
        {
            "action": "aws:runShellScript",
            "name": "rotate",
            "inputs": {"runCommand": ["find /var/log/app -mtime +{{ keepDays }} -delete"]},
        }
    ],
}


def publish_runbook(client: Any, name: str, share_with: list[str]) -> str:
    """Application code: create or update the runbook, make the new version the default, share it."""
    content = json.dumps(RUNBOOK)
    try:
        version = client.create_document(Name=name, Content=content, DocumentType="Command")
    except client.exceptions.DocumentAlreadyExists:
        version = client.update_document(Name=name, Content=content, DocumentVersion="$LATEST")
        number = version["DocumentDescription"]["DocumentVersion"]
        client.update_document_default_version(Name=name, DocumentVersion=number)
    client.modify_document_permission(Name=name, PermissionType="Share", AccountIdsToAdd=share_with)
    arn: str = f"arn:aws:ssm:{client.meta.region_name}:{version['DocumentDescription']['Owner']}:document/{name}"
    return arn


def main() -> None:
    with mock_ssm() as ssm:
        owner = boto3.client("ssm", region_name="us-east-1")
        arn = publish_runbook(owner, "RotateLogs", [TOOLS_ACCOUNT])

        tools = boto3.client("ssm", region_name="us-east-1", **ssm.credentials(TOOLS_ACCOUNT))
        shared = tools.describe_document(Name=arn)["Document"]
        assert shared["PlatformTypes"] == ["Linux", "MacOS"]
        assert [p["Name"] for p in shared["Parameters"]] == ["keepDays"]

        # The tools account runs the shared runbook on its own node; bad parameters are refused.
        node = ssm.add_instance(account_id=TOOLS_ACCOUNT)
        command = tools.send_command(DocumentName=arn, InstanceIds=[node], Parameters={"keepDays": ["30"]})
        assert command["Command"]["Parameters"] == {"keepDays": ["30"]}
        try:
            tools.send_command(DocumentName=arn, InstanceIds=[node], Parameters={"keepDays": ["a month"]})
        except tools.exceptions.InvalidParameters:
            pass
        else:
            raise AssertionError("expected InvalidParameters")

        # Unsharing takes it away again.
        owner.modify_document_permission(Name="RotateLogs", PermissionType="Share", AccountIdsToRemove=[TOOLS_ACCOUNT])
        try:
            tools.get_document(Name=arn)
        except tools.exceptions.InvalidDocument:
            pass
        else:
            raise AssertionError("expected InvalidDocument")
    print("shared_documents: ok")


if __name__ == "__main__":
    main()
