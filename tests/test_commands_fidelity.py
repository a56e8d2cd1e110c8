"""Run Command answers as real accounts and SSM Agent show it (issue 12). Each test names its
source; quoted text is the service's or the agent's."""

from __future__ import annotations

from typing import Any

import pytest
from service_errors import service_error

from ssm_fake.backend.commands.replies import truncate_output

SHELL = "AWS-RunShellScript"
OUT_MARK = "\n---Output truncated---"
ERR_MARK = "\n---Error truncated----"
TITLE = "\n----------ERROR-------\n"


def _send(client: Any, instance_ids: list[str]) -> str:
    reply = client.send_command(InstanceIds=instance_ids, DocumentName=SHELL, Parameters={"commands": ["true"]})
    return str(reply["Command"]["CommandId"])


def _output(client: Any, command_id: str) -> str:
    (invocation,) = client.list_command_invocations(CommandId=command_id, Details=True)["CommandInvocations"]
    return str(invocation["CommandPlugins"][0]["Output"])


def test_unknown_invocation_has_no_message(ssm_fake: Any, ssm_client: Any) -> None:
    # boto/boto3 issue 2701 and aws/aws-sdk issue 86: "Waiter CommandExecuted failed: An error occurred
    # (InvocationDoesNotExist): " -- the service sends no message.
    instance = ssm_fake.add_instance()
    assert service_error(
        ssm_client.get_command_invocation, CommandId="11111111-2222-3333-4444-555555555555", InstanceId=instance
    ) == ("InvocationDoesNotExist", "")


def test_list_invocations_of_unknown_command_is_an_empty_list(ssm_client: Any) -> None:
    # aws/aws-cli issue 3546: "This ends up returning a 200 and an empty list because the commandID was
    # not found yet."
    reply = ssm_client.list_command_invocations(CommandId="11111111-2222-3333-4444-555555555555", Details=True)
    assert reply["CommandInvocations"] == []
    assert reply["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_send_to_a_node_that_is_not_online(ssm_fake: Any, ssm_client: Any) -> None:
    # aws-samples/eks-security-compromised-cluster-remediation issue 12: "An error occurred
    # (InvalidInstanceId) when calling the SendCommand operation: Instances [[i-00903e1796f3b1cb6]] not in a
    # valid state for account 775288309636"
    lost = ssm_fake.add_instance(ping_status="ConnectionLost")
    unknown = "i-00903e1796f3b1cb6"
    for instance in (lost, unknown):
        assert service_error(
            ssm_client.send_command, InstanceIds=[instance], DocumentName=SHELL, Parameters={"commands": ["id"]}
        ) == ("InvalidInstanceId", f"Instances [[{instance}]] not in a valid state for account {ssm_fake.account_id}")


def test_unknown_document_parameter_message(ssm_fake: Any, ssm_client: Any) -> None:
    # boto/boto3 issue 3151: "An error occurred (InvalidParameters) when calling the SendCommand operation:
    # document AWS-RunRemoteScript does not support parameters."
    instance = ssm_fake.add_instance()
    assert service_error(
        ssm_client.send_command,
        InstanceIds=[instance],
        DocumentName="AWS-RunRemoteScript",
        Parameters={"sourceType": ["S3"], "sourceInfo": ['{"path": "https://x"}'], "commandLine": ["a"], "x": ["1"]},
    ) == ("InvalidParameters", "document AWS-RunRemoteScript does not support parameters.")


def test_output_keeps_the_head_of_both_when_both_are_long(ssm_fake: Any, ssm_client: Any) -> None:
    # aws/amazon-ssm-agent TruncateOutput: "trunc out and error when both exceed the size":
    # stdout[:truncSize/2] + truncOut + errorTitle + stderr[:truncSize/2] + truncError, capacity 2500.
    instance = ssm_fake.add_instance()
    stdout, stderr = "o" * 3000, "e" * 3000
    ssm_fake.set_command_outcome(stdout=stdout, stderr=stderr, status="Failed", response_code=1)
    command_id = _send(ssm_client, [instance])
    half = (2500 - len(TITLE) - len(OUT_MARK) - len(ERR_MARK)) // 2
    assert _output(ssm_client, command_id) == "o" * half + OUT_MARK + TITLE + "e" * half + ERR_MARK
    full = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance)
    assert (full["StandardOutputContent"], full["StandardErrorContent"]) == (stdout, stderr)  # under 24,000 / 8,000


def test_output_short_stdout_long_stderr(ssm_fake: Any, ssm_client: Any) -> None:
    # TruncateOutput: "trunc error when output is short".
    instance = ssm_fake.add_instance()
    ssm_fake.set_command_outcome(stdout="ok\n", stderr="e" * 5000)
    space = 2500 - len(TITLE)  # availableSpace
    expected = "ok\n" + TITLE + "e" * (space - len(ERR_MARK) - len("ok\n")) + ERR_MARK
    assert _output(ssm_client, _send(ssm_client, [instance])) == expected


def test_output_long_stdout_short_stderr(ssm_fake: Any, ssm_client: Any) -> None:
    # TruncateOutput: "trunc output when error is short": the whole stderr stays.
    instance = ssm_fake.add_instance()
    ssm_fake.set_command_outcome(stdout="o" * 5000, stderr="boom\n")
    output = _output(ssm_client, _send(ssm_client, [instance]))
    assert output.endswith(OUT_MARK + TITLE + "boom\n")


def test_output_that_fits_is_untouched(ssm_fake: Any, ssm_client: Any) -> None:
    instance = ssm_fake.add_instance()
    ssm_fake.set_command_outcome(stdout="out\n", stderr="err\n")
    assert _output(ssm_client, _send(ssm_client, [instance])) == "out\n" + TITLE + "err\n"


@pytest.mark.parametrize(
    ("out", "err"),
    [(0, 0), (2475, 0), (2476, 0), (0, 2453), (1000, 1452), (1238, 1238), (1239, 1239), (10, 9000), (9000, 10)],
)
def test_truncation_never_exceeds_the_capacity(out: int, err: int) -> None:
    assert len(truncate_output("o" * out, "e" * err, 2500)) <= 2500


def test_invocation_content_is_cut_at_24000_and_8000(ssm_fake: Any, ssm_client: Any) -> None:
    # GetCommandInvocation: "the first 24,000 characters written by the plugin to stdout" and 8,000 of stderr.
    instance = ssm_fake.add_instance()
    ssm_fake.set_command_outcome(stdout="o" * 30000, stderr="e" * 9000)
    reply = ssm_client.get_command_invocation(CommandId=_send(ssm_client, [instance]), InstanceId=instance)
    assert (len(reply["StandardOutputContent"]), len(reply["StandardErrorContent"])) == (24000, 8000)


def test_document_for_another_platform(ssm_fake: Any, ssm_client: Any) -> None:
    # aws/aws-sdk-java issue 1209 (AWS-RunShellScript sent to a Windows node): "UnsupportedPlatformTypeException:
    # Cannot perform operation for instance id i-01d5373d148f269d2 of platform type Windows"
    windows = ssm_fake.add_instance(platform="Windows")
    assert service_error(
        ssm_client.send_command, InstanceIds=[windows], DocumentName=SHELL, Parameters={"commands": ["dir"]}
    ) == ("UnsupportedPlatformType", f"Cannot perform operation for instance id {windows} of platform type Windows")
