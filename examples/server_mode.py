"""A script that deploys through Run Command, tested against `ssm-fake serve`.

`deploy` is the application code: it only knows an endpoint URL, as a shell script with
`aws --endpoint-url` or a Go program would. `main` starts the server on a free port (here
in a thread; `ssm-fake serve --port 0` in a shell), sets the scene through the admin
path and checks what the deployment saw.
"""

from __future__ import annotations

from typing import Any

import boto3

from ssm_fake.server import AdminClient
from ssm_fake.server.endpoint import Server


def _client(endpoint_url: str) -> Any:
    return boto3.client(
        "ssm", endpoint_url=endpoint_url, region_name="eu-west-1", aws_access_key_id="t", aws_secret_access_key="t"
    )


def deploy(endpoint_url: str, role: str) -> str:
    """Application code: run the deploy script on every node with the role; the command id."""
    sent = _client(endpoint_url).send_command(
        Targets=[{"Key": "tag:role", "Values": [role]}],
        DocumentName="AWS-RunShellScript",
        Parameters={"commands": ["./deploy.sh"]},
    )
    return str(sent["Command"]["CommandId"])


def statuses(endpoint_url: str, command_id: str) -> dict[str, str]:
    """Application code: how the command went, per node."""
    invocations = _client(endpoint_url).list_command_invocations(CommandId=command_id)["CommandInvocations"]
    return {invocation["InstanceId"]: invocation["Status"] for invocation in invocations}


def main() -> None:
    with Server(port=0, region="eu-west-1") as server:
        admin = AdminClient(server.url)
        web_1 = admin.add_instance(tags={"role": "web"})
        web_2 = admin.add_instance(tags={"role": "web"})
        admin.add_instance(tags={"role": "db"})
        admin.set_command_outcome(instance_id=web_2, status="Failed", response_code=1, stderr="no space left\n")

        command_id = deploy(server.url, "web")
        admin.clock.advance(5)
        assert statuses(server.url, command_id) == {web_1: "Success", web_2: "Failed"}
        assert [call.event_name for call in admin.calls] == ["SendCommand", "ListCommandInvocations"]


if __name__ == "__main__":
    main()
