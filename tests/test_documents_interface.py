"""The functions Run Command, State Manager and Automation call: resolve, check, render, usage."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from document_samples import OTHER_ACCOUNT, command, create

from ssm_fake import errors
from ssm_fake.backend.documents import interface as documents
from ssm_fake.backend.documents.interface import Step, check_document_parameters, render_steps, resolve_document
from ssm_fake.backend.state import RequestContext


def _ctx(fake: Any, account: str = "123456789012", region: str = "us-east-1") -> RequestContext:
    return RequestContext(fake.service, account, region, "test-request", fake.clock.now())


def test_resolve_own_amazon_and_shared_documents(ssm_client: Any, ssm_fake: Any) -> None:
    create(ssm_client, "Mine", command("echo 1"))
    ssm_client.update_document(Name="Mine", Content=command("echo 2"))
    ctx = _ctx(ssm_fake)
    assert resolve_document(ctx, "Mine").document_version == "1"
    assert resolve_document(ctx, "Mine", "$LATEST").document_version == "2"
    assert resolve_document(ctx, "Mine", "2").body["mainSteps"][0]["inputs"]["runCommand"] == ["echo 2"]
    shell = resolve_document(ctx, "AWS-RunShellScript")
    assert shell.owner == "Amazon" and shell.schema_version == "1.2" and shell.platform_types == ("Linux", "MacOS")
    with pytest.raises(errors.InvalidDocumentVersion):
        resolve_document(ctx, "Mine", "7")
    with pytest.raises(errors.InvalidDocument):
        resolve_document(ctx, "Nobody")
    arn = "arn:aws:ssm:us-east-1:123456789012:document/Mine"
    with pytest.raises(errors.InvalidDocument):
        resolve_document(_ctx(ssm_fake, OTHER_ACCOUNT), arn)
    ssm_client.modify_document_permission(Name="Mine", PermissionType="Share", AccountIdsToAdd=[OTHER_ACCOUNT])
    shared = resolve_document(_ctx(ssm_fake, OTHER_ACCOUNT), arn)
    assert shared.owner == "123456789012" and shared.document_version == "1"


def test_versions_stay_what_they_were(ssm_client: Any, ssm_fake: Any) -> None:
    create(ssm_client, "Frozen", command("echo 1"))
    before = resolve_document(_ctx(ssm_fake), "Frozen")
    ssm_client.update_document(Name="Frozen", Content=command("echo 2"))
    ssm_client.update_document_default_version(Name="Frozen", DocumentVersion="2")
    assert before.body["mainSteps"][0]["inputs"]["runCommand"] == ["echo 1"]
    assert resolve_document(_ctx(ssm_fake), "Frozen").document_version == "2"


def test_parameters_are_completed_with_defaults(ssm_fake: Any) -> None:
    shell = resolve_document(_ctx(ssm_fake), "AWS-RunShellScript")
    values = check_document_parameters(shell, {"commands": ["echo a", "echo b"]})
    assert values == {"commands": ["echo a", "echo b"], "workingDirectory": [""], "executionTimeout": ["3600"]}


def test_amazon_document_defaults_and_allowed_values(ssm_fake: Any) -> None:
    ctx = _ctx(ssm_fake)
    patch = resolve_document(ctx, "AWS-RunPatchBaseline")
    values = check_document_parameters(patch, {"Operation": ["Scan"]})
    assert values["RebootOption"] == ["RebootIfNeeded"] and values["SnapshotId"] == [""]
    with pytest.raises(errors.InvalidParameters):
        check_document_parameters(patch, {"Operation": ["Patch"]})
    with pytest.raises(errors.InvalidParameters):
        check_document_parameters(patch, {"RebootOption": ["NoReboot"]})  # Operation is required
    package = resolve_document(ctx, "AWS-ConfigureAWSPackage")
    values = check_document_parameters(package, {"action": ["Install"], "name": ["AmazonCloudWatchAgent"]})
    assert values["installationType"] == ["Uninstall and reinstall"]
    agent = resolve_document(ctx, "AWS-UpdateSSMAgent")
    assert check_document_parameters(agent, {})["allowDowngrade"] == ["false"]
    with pytest.raises(errors.InvalidParameters):
        check_document_parameters(agent, {"allowDowngrade": ["yes"]})


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        ({}, "'commands' is required"),
        (None, "'commands' is required"),
        # the service's wording (boto/boto3 issue 3151)
        ({"commands": ["ls"], "shell": ["bash"]}, "document AWS-RunShellScript does not support parameters."),
        ({"commands": ["ls"], "executionTimeout": ["999999"]}, "allowed pattern"),
        ({"commands": ["ls"], "executionTimeout": ["60", "70"]}, "exactly one value"),
        ({"commands": []}, "at least 1 values"),
        ({"commands": ["ls"], "workingDirectory": ["x" * 4097]}, "at most 4096 characters"),
    ],
)
def test_invalid_parameters_for_run_shell_script(ssm_fake: Any, parameters: Any, expected: str) -> None:
    shell = resolve_document(_ctx(ssm_fake), "AWS-RunShellScript")
    with pytest.raises(errors.InvalidParameters) as exc:
        check_document_parameters(shell, parameters)
    assert expected in exc.value.message


def _typed_document(client: Any, fake: Any) -> documents.DocumentVersion:
    parameters = {
        "count": {"type": "Integer", "default": 1},
        "flag": {"type": "Boolean", "default": False},
        "mode": {"type": "String", "allowedValues": ["fast", "slow"], "default": "fast"},
        "names": {"type": "StringList", "default": ["a"], "maxItems": 3},
        "settings": {"type": "StringMap", "default": {}},
        "rows": {"type": "MapList", "default": []},
    }
    body = {
        "schemaVersion": "2.2",
        "parameters": parameters,
        "mainSteps": [
            {
                "action": "aws:runShellScript",
                "name": "first",
                "inputs": {"runCommand": ["echo {{ mode }} {{count}}", "{{ names }}"], "timeoutSeconds": "{{ count }}"},
            },
            {
                "action": "aws:configurePackage",
                "name": "second",
                "inputs": {"name": "pkg", "action": "Install", "additionalArguments": "{{ settings }}"},
            },
        ],
    }
    create(client, "Typed", json.dumps(body))
    return resolve_document(_ctx(fake), "Typed")


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        ({"count": ["ten"]}, "not an integer"),
        ({"flag": ["maybe"]}, "neither true nor false"),
        ({"mode": ["medium"]}, "not one of its allowed values: fast, slow"),
        ({"names": ["a", "b", "c", "d"]}, "at most 3 values"),
        ({"settings": ["not json"]}, "not valid JSON"),
        ({"settings": ["[1]"]}, "not a JSON dict"),
        ({"rows": ['{"k": 1']}, "not valid JSON"),
    ],
)
def test_parameter_types_are_checked(ssm_client: Any, ssm_fake: Any, parameters: Any, expected: str) -> None:
    document = _typed_document(ssm_client, ssm_fake)
    with pytest.raises(errors.InvalidParameters) as exc:
        check_document_parameters(document, parameters)
    assert expected in exc.value.message
    assert next(iter(parameters)) in exc.value.message


def test_render_steps_substitutes_typed_values(ssm_client: Any, ssm_fake: Any) -> None:
    document = _typed_document(ssm_client, ssm_fake)
    values = check_document_parameters(
        document, {"count": ["5"], "flag": ["TRUE"], "names": ["x", "y"], "settings": ['{"-v": "1"}']}
    )
    steps = render_steps(document, values)
    assert steps == [
        Step("first", "aws:runShellScript", {"runCommand": ["echo fast 5", "x", "y"], "timeoutSeconds": "5"}),
        Step(
            "second", "aws:configurePackage", {"name": "pkg", "action": "Install", "additionalArguments": {"-v": "1"}}
        ),
    ]


def test_render_schema_1_2_plugins(ssm_fake: Any) -> None:
    shell = resolve_document(_ctx(ssm_fake), "AWS-RunShellScript")
    steps = render_steps(shell, check_document_parameters(shell, {"commands": ["uptime", "df -h"]}))
    assert steps == [
        Step(
            "aws:runShellScript",
            "aws:runShellScript",
            {
                "id": "0.aws:runShellScript",
                "runCommand": ["uptime", "df -h"],
                "workingDirectory": "",
                "timeoutSeconds": "3600",
            },
        )
    ]


def test_render_leaves_unknown_placeholders(ssm_client: Any, ssm_fake: Any) -> None:
    create(ssm_client, "Refs", command("echo {{ssm:/app/secret}}"))
    document = resolve_document(_ctx(ssm_fake), "Refs")
    assert render_steps(document, {})[0].inputs["runCommand"] == ["echo {{ssm:/app/secret}}"]


@pytest.fixture
def in_use() -> Iterator[set[str]]:
    used: set[str] = set()

    def check(ctx: RequestContext, name: str, version: str | None) -> str | None:
        return f"Document {name} is associated with instances." if name in used else None

    documents.register_usage_check(check)
    yield used
    documents._USAGE_CHECKS.remove(check)


def test_delete_refuses_a_document_in_use(ssm_client: Any, in_use: set[str]) -> None:
    create(ssm_client, "Associated")
    in_use.add("Associated")
    with pytest.raises(ssm_client.exceptions.AssociatedInstances):
        ssm_client.delete_document(Name="Associated")
    in_use.clear()
    ssm_client.delete_document(Name="Associated")


def test_document_versions_lists_what_the_caller_may_use(ssm_client: Any, ssm_fake: Any) -> None:
    create(ssm_client, "Many", command("echo 1"))
    for index in (2, 3):
        ssm_client.update_document(Name="Many", Content=command(f"echo {index}"))
    ssm_client.delete_document(Name="Many", DocumentVersion="2")
    assert [v.document_version for v in documents.document_versions(_ctx(ssm_fake), "Many")] == ["1", "3"]
    ssm_client.modify_document_permission(
        Name="Many", PermissionType="Share", AccountIdsToAdd=[OTHER_ACCOUNT], SharedDocumentVersion="$LATEST"
    )
    arn = "arn:aws:ssm:us-east-1:123456789012:document/Many"
    assert [v.document_version for v in documents.document_versions(_ctx(ssm_fake, OTHER_ACCOUNT), arn)] == ["3"]
