"""Reading commands back: ListCommands and ListCommandInvocations (filters, Details,
pagination) and GetCommandInvocation (plugins, truncation, output URLs, errors)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from service_errors import service_error

START = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
SHELL = "AWS-RunShellScript"
UNKNOWN_COMMAND = "12345678-1234-1234-1234-123456789012"


def _send(client: Any, instance_ids: list[str], **kwargs: Any) -> str:
    kwargs.setdefault("DocumentName", SHELL)
    kwargs.setdefault("Parameters", {"commands": ["true"]})
    return str(client.send_command(InstanceIds=instance_ids, **kwargs)["Command"]["CommandId"])


def _walk(call: Any, items: str, **kwargs: Any) -> tuple[list[Any], int]:
    """Every item over all pages, and how many pages it took."""
    seen: list[Any] = []
    pages = 0
    while True:
        page = call(**kwargs)
        pages += 1
        seen += page[items]
        if "NextToken" not in page:
            return seen, pages
        kwargs["NextToken"] = page["NextToken"]


def _command_ids(client: Any, **kwargs: Any) -> list[str]:
    return [c["CommandId"] for c in client.list_commands(**kwargs)["Commands"]]


def test_list_commands_shows_the_newest_first(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    sent = [_send(ssm_client, [instance_id]) for _ in range(3)]
    assert _command_ids(ssm_client) == sent[::-1]
    assert _command_ids(ssm_client, CommandId=sent[1]) == [sent[1]]


def test_list_commands_by_instance(ssm_client: Any, ssm_fake: Any) -> None:
    a, b = ssm_fake.add_instance(), ssm_fake.add_instance()
    only_a = _send(ssm_client, [a])
    both = _send(ssm_client, [a, b])
    assert _command_ids(ssm_client, InstanceId=b) == [both]
    assert _command_ids(ssm_client, InstanceId=a) == [both, only_a]
    assert _command_ids(ssm_client, InstanceId="i-0123456789abcdef0") == []


def test_list_commands_status_and_document_filters(ssm_client: Any, ssm_fake: Any) -> None:
    linux, windows = ssm_fake.add_instance(), ssm_fake.add_instance(platform="Windows")
    ok = _send(ssm_client, [linux])
    ssm_fake.set_command_outcome(instance_id=linux, status="Failed", response_code=1)
    failed = _send(ssm_client, [linux])
    incomplete = _send(ssm_client, [linux, ssm_fake.add_instance()], MaxErrors="1")
    ssm_fake.set_command_outcome(document_name="AWS-RunPowerShellScript")
    powershell = _send(ssm_client, [windows], DocumentName="AWS-RunPowerShellScript")

    def matching(key: str, value: str) -> list[str]:
        return _command_ids(ssm_client, Filters=[{"key": key, "value": value}])

    assert matching("Status", "Success") == [powershell, incomplete, ok]
    assert matching("Status", "Failed") == [failed]
    assert matching("Status", "Incomplete") == [incomplete]
    assert matching("Status", "Pending") == []
    assert matching("DocumentName", "AWS-RunPowerShellScript") == [powershell]
    assert matching("ExecutionStage", "Complete") == [powershell, incomplete, failed, ok]
    assert matching("ExecutionStage", "Executing") == []
    both = [{"key": "Status", "value": "Success"}, {"key": "DocumentName", "value": SHELL}]
    assert _command_ids(ssm_client, Filters=both) == [incomplete, ok]


def test_list_commands_executing_stage_and_time_filters(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(START)
    instance_id = ssm_fake.add_instance()
    early = _send(ssm_client, [instance_id])
    ssm_fake.clock.advance(3600)
    ssm_fake.set_command_outcome(duration=60)
    late = _send(ssm_client, [instance_id])

    def matching(key: str, value: str) -> list[str]:
        return _command_ids(ssm_client, Filters=[{"key": key, "value": value}])

    assert matching("ExecutionStage", "Executing") == [late]
    assert matching("Status", "InProgress") == [late]
    assert matching("InvokedAfter", "2026-03-01T12:30:00Z") == [late]
    assert matching("InvokedBefore", "2026-03-01T12:30:00Z") == [early]
    assert matching("InvokedAfter", "2026-03-01T12:00:00Z") == [late, early]
    assert matching("InvokedBefore", "2026-03-01") == []


def test_list_commands_refuses_bad_filters(ssm_client: Any, raw_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    _send(ssm_client, [instance_id])
    for key, value, hint in (
        ("Status", "Sleeping", "Sleeping"),
        ("ExecutionStage", "Later", "Executing"),
        ("InvokedAfter", "yesterday", "ISO 8601"),
    ):
        code, message = service_error(ssm_client.list_commands, Filters=[{"key": key, "value": value}])
        assert code == "InvalidFilterKey"
        assert hint in message
    code, _ = service_error(
        ssm_client.list_commands, InstanceId=instance_id, Filters=[{"key": "Status", "value": "Pending"}]
    )
    assert code == "InvalidFilterKey"
    code, _ = service_error(raw_client.list_commands, Filters=[{"key": "Colour", "value": "x"}])
    assert code == "ValidationException"
    code, message = service_error(ssm_client.list_commands, CommandId=UNKNOWN_COMMAND)
    assert (code, UNKNOWN_COMMAND in message) == ("InvalidCommandId", True)


def test_list_commands_pages_through_everything_once(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    sent = [_send(ssm_client, [instance_id]) for _ in range(7)]
    commands, pages = _walk(ssm_client.list_commands, "Commands", MaxResults=2)
    assert [c["CommandId"] for c in commands] == sent[::-1]
    assert pages == 4
    code, _ = service_error(ssm_client.list_commands, NextToken="bogus")
    assert code == "InvalidNextToken"


def test_list_command_invocations_without_and_with_details(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(START)
    created = ssm_client.create_activation(IamRole="r", DefaultInstanceName="rack-7")
    hybrid = ssm_fake.register_instance(created["ActivationId"], created["ActivationCode"])
    ssm_fake.set_command_outcome(stdout="out\n", stderr="err\n", response_code=0)
    command_id = _send(ssm_client, [hybrid], Comment="look")
    (plain,) = ssm_client.list_command_invocations(CommandId=command_id)["CommandInvocations"]
    assert plain["CommandPlugins"] == []
    assert (plain["InstanceId"], plain["InstanceName"], plain["Comment"]) == (hybrid, "rack-7", "look")
    assert (plain["DocumentName"], plain["DocumentVersion"]) == (SHELL, "$DEFAULT")
    assert plain["RequestedDateTime"] == START
    assert (plain["Status"], plain["StatusDetails"]) == ("Success", "Success")
    assert plain["StandardOutputUrl"] == ""
    (detailed,) = ssm_client.list_command_invocations(CommandId=command_id, Details=True)["CommandInvocations"]
    (plugin,) = detailed["CommandPlugins"]
    assert plugin["Name"] == "aws:runShellScript"
    assert (plugin["Status"], plugin["StatusDetails"], plugin["ResponseCode"]) == ("Success", "Success", 0)
    assert plugin["Output"] == "out\n\n----------ERROR-------\nerr\n"
    assert plugin["ResponseStartDateTime"] == plugin["ResponseFinishDateTime"] == START


def test_list_command_invocations_filters(ssm_client: Any, ssm_fake: Any) -> None:
    a, b = ssm_fake.add_instance(), ssm_fake.add_instance()
    first = _send(ssm_client, [a, b])
    ssm_fake.set_command_outcome(instance_id=b, status="Failed", response_code=1)
    second = _send(ssm_client, [a, b])

    def pairs(**kwargs: Any) -> list[tuple[str, str]]:
        listed = ssm_client.list_command_invocations(**kwargs)["CommandInvocations"]
        return [(i["CommandId"], i["InstanceId"]) for i in listed]

    assert pairs() == [(second, a), (second, b), (first, a), (first, b)]
    assert pairs(InstanceId=b) == [(second, b), (first, b)]
    assert pairs(CommandId=first, InstanceId=a) == [(first, a)]
    assert pairs(Filters=[{"key": "Status", "value": "Failed"}]) == [(second, b)]
    assert pairs(Filters=[{"key": "DocumentName", "value": "Other"}]) == []
    code, message = service_error(
        ssm_client.list_command_invocations, Filters=[{"key": "ExecutionStage", "value": "Complete"}]
    )
    assert code == "InvalidFilterKey"
    assert "ListCommands only" in message
    code, _ = service_error(ssm_client.list_command_invocations, Filters=[{"key": "Status", "value": "Incomplete"}])
    assert code == "InvalidFilterKey"
    # Evidence changed this: an unknown CommandId is a 200 with an empty list (aws/aws-cli issue 3546).
    assert ssm_client.list_command_invocations(CommandId=UNKNOWN_COMMAND)["CommandInvocations"] == []


def test_list_command_invocations_pages_across_commands(ssm_client: Any, ssm_fake: Any) -> None:
    nodes = [ssm_fake.add_instance() for _ in range(3)]
    sent = [_send(ssm_client, nodes) for _ in range(3)]
    invocations, pages = _walk(ssm_client.list_command_invocations, "CommandInvocations", MaxResults=4)
    expected = [(c, n) for c in sent[::-1] for n in nodes]
    assert [(i["CommandId"], i["InstanceId"]) for i in invocations] == expected
    assert pages == 3


def test_get_command_invocation_errors(ssm_client: Any, ssm_fake: Any) -> None:
    a, b = ssm_fake.add_instance(), ssm_fake.add_instance()
    command_id = _send(ssm_client, [a])
    code, _ = service_error(ssm_client.get_command_invocation, CommandId=UNKNOWN_COMMAND, InstanceId=a)
    assert code == "InvocationDoesNotExist"
    # Evidence changed this: the service's InvocationDoesNotExist has no message (boto/boto3 issue 2701).
    assert service_error(ssm_client.get_command_invocation, CommandId=command_id, InstanceId=b) == (
        "InvocationDoesNotExist",
        "",
    )
    code, message = service_error(
        ssm_client.get_command_invocation, CommandId=command_id, InstanceId=a, PluginName="nope"
    )
    assert (code, "aws:runShellScript" in message) == ("InvalidPluginName", True)
    by_name = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=a, PluginName="aws:runShellScript")
    assert by_name["Status"] == "Success"


def test_output_is_truncated_as_documented(ssm_client: Any, ssm_fake: Any) -> None:
    # Evidence changed the Output half: SSM Agent's TruncateOutput (aws/amazon-ssm-agent,
    # agent/contracts/plugin.go, later iohandler) keeps the head of both when both are long.
    instance_id = ssm_fake.add_instance()
    stdout = "".join(chr(ord("a") + i % 26) for i in range(30000))
    stderr = "e" * 9000
    ssm_fake.set_command_outcome(stdout=stdout, stderr=stderr)
    command_id = _send(ssm_client, [instance_id])
    result = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert result["StandardOutputContent"] == stdout[:24000]
    assert result["StandardErrorContent"] == stderr[:8000]
    (invocation,) = ssm_client.list_command_invocations(CommandId=command_id, Details=True)["CommandInvocations"]
    output = invocation["CommandPlugins"][0]["Output"]
    # 2,500 less the 24-character error title and both 23-character markers, halved: 1,215 of each.
    assert output == stdout[:1215] + "\n---Output truncated---\n----------ERROR-------\n" + "e" * 1215 + (
        "\n---Error truncated----"
    )


def test_output_urls_follow_the_bucket(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    command_id = _send(ssm_client, [instance_id], OutputS3BucketName="my-bucket", OutputS3KeyPrefix="runs")
    result = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    base = f"https://s3.us-east-1.amazonaws.com/my-bucket/runs/{command_id}/{instance_id}/awsrunShellScript"
    assert result["StandardOutputUrl"] == f"{base}/0.awsrunShellScript/stdout"
    assert result["StandardErrorUrl"] == f"{base}/0.awsrunShellScript/stderr"
    (invocation,) = ssm_client.list_command_invocations(CommandId=command_id, Details=True)["CommandInvocations"]
    assert invocation["StandardOutputUrl"] == result["StandardOutputUrl"]
    plugin = invocation["CommandPlugins"][0]
    assert (plugin["OutputS3BucketName"], plugin["OutputS3KeyPrefix"]) == ("my-bucket", "runs")


def test_the_stderr_url_is_empty_until_the_plugin_ends(ssm_client: Any, ssm_fake: Any) -> None:
    # StandardErrorUrl: "If execution isn't yet complete, then this string is empty."
    ssm_fake.clock.freeze(datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc))
    instance_id = ssm_fake.add_instance()
    ssm_fake.set_command_outcome(duration=30)
    command_id = _send(ssm_client, [instance_id], OutputS3BucketName="my-bucket")
    running = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert (running["Status"], running["StandardErrorUrl"]) == ("InProgress", "")
    assert running["StandardOutputUrl"].endswith("/stdout")
    (invocation,) = ssm_client.list_command_invocations(CommandId=command_id, Details=True)["CommandInvocations"]
    assert invocation["CommandPlugins"][0]["StandardErrorUrl"] == ""
    ssm_fake.clock.advance(30)
    done = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert done["StandardErrorUrl"].endswith("/stderr")


def test_commands_belong_to_their_account(ssm_client: Any, ssm_fake: Any) -> None:
    import boto3

    instance_id = ssm_fake.add_instance()
    command_id = _send(ssm_client, [instance_id])
    other = boto3.client("ssm", region_name="us-east-1", **ssm_fake.credentials("210987654321"))
    assert other.list_commands()["Commands"] == []
    code, _ = service_error(other.get_command_invocation, CommandId=command_id, InstanceId=instance_id)
    assert code == "InvocationDoesNotExist"
