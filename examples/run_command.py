"""Testing code that runs a shell command on a fleet with Run Command and waits for it.

`restart_web_tier` is the application code. The test registers two nodes, decides how the
command ends on each, and drives time with the fake's clock instead of sleeping.
"""

from __future__ import annotations

from typing import Any

import boto3

from ssm_fake import LocalShellHandler, mock_ssm


def restart_web_tier(client: Any) -> dict[str, str]:
    """Application code: restart nginx on every node tagged Role=web; status per node."""
    command = client.send_command(
        Targets=[{"Key": "tag:Role", "Values": ["web"]}],
        DocumentName="AWS-RunShellScript",
        Parameters={"commands": ["systemctl restart nginx"]},
    )["Command"]
    invocations = client.list_command_invocations(CommandId=command["CommandId"])["CommandInvocations"]
    return {i["InstanceId"]: i["Status"] for i in invocations}


def main() -> None:
    with mock_ssm() as ssm:
        client = boto3.client("ssm", region_name="us-east-1")
        healthy = ssm.add_instance(tags={"Role": "web"})
        broken = ssm.add_instance(tags={"Role": "web"})
        ssm.add_instance(tags={"Role": "db"})  # not targeted
        ssm.set_command_outcome(instance_id=broken, status="Failed", response_code=1, stderr="nginx: bad config\n")

        assert restart_web_tier(client) == {healthy: "Success", broken: "Failed"}

        # A slow command stays InProgress until the clock passes its duration.
        ssm.clock.freeze()
        ssm.set_command_outcome(stdout="done\n", duration=120)
        sent = client.send_command(
            InstanceIds=[healthy], DocumentName="AWS-RunShellScript", Parameters={"commands": ["sleep 120"]}
        )["Command"]
        ask = {"CommandId": sent["CommandId"], "InstanceId": healthy}
        assert client.get_command_invocation(**ask)["Status"] == "InProgress"
        ssm.clock.advance(121)
        assert client.get_command_invocation(**ask)["StandardOutputContent"] == "done\n"

        # Or run the script for real, locally.
        ssm.set_command_handler(LocalShellHandler())
        sent = client.send_command(
            InstanceIds=[healthy], DocumentName="AWS-RunShellScript", Parameters={"commands": ["echo hello from $0"]}
        )["Command"]
        client.get_waiter("command_executed").wait(
            CommandId=sent["CommandId"], InstanceId=healthy, WaiterConfig={"Delay": 0, "MaxAttempts": 5}
        )
        output = client.get_command_invocation(CommandId=sent["CommandId"], InstanceId=healthy)
        assert output["StandardOutputContent"].startswith("hello from")
    print("run_command: ok")


if __name__ == "__main__":
    main()
