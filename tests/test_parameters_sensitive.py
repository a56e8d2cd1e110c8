"""Secrets are never echoed: members the model marks ``sensitive`` stay out of validation
messages and out of ``to_cloudtrail()``, whatever action carries them."""

from __future__ import annotations

import json
from typing import Any

import botocore.session
import pytest
from service_errors import service_error

from ssm_fake.errors import ValidationException
from ssm_fake.validation import holds_sensitive, is_sensitive, validate

SECRET = "hunter2-very-secret"
HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"


def test_the_model_marks_seventeen_shapes_sensitive() -> None:
    model = botocore.session.get_session().get_service_model("ssm")
    sensitive = {name for name in model.shape_names if is_sensitive(model.shape_for(name))}
    assert "PSParameterValue" in sensitive and "Parameters" in sensitive
    assert len(sensitive) == 17
    assert holds_sensitive("PutParameterRequest") and holds_sensitive("MaintenanceWindowTaskParameters")
    assert not holds_sensitive("DeleteParameterRequest")


def test_value_is_not_quoted_in_validation_messages(raw_client: Any) -> None:
    # ministryofjustice/modernisation-platform PR 8116: "ValidationException: 1 validation error detected:
    # Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1"
    assert service_error(raw_client.put_parameter, Name="/p", Value="", Type="String") == (
        "ValidationException",
        "1 validation error detected: Value at 'value' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1",
    )


def test_other_members_are_still_quoted(raw_client: Any) -> None:
    code, message = service_error(raw_client.put_parameter, Name="/p", Value="v", Type="Bogus")
    assert code == "ValidationException"
    assert "Value 'Bogus' at 'type' failed to satisfy constraint" in message


@pytest.mark.parametrize(
    ("operation", "request_body"),
    [
        # OwnerInformation (max 128) and the task parameters' values are sensitive. These actions belong to
        # maintenance windows, so the model-driven check is called directly here.
        (
            "RegisterTargetWithMaintenanceWindow",
            {
                "WindowId": "mw-0123456789abcdef0",
                "ResourceType": "INSTANCE",
                "Targets": [{"Key": "InstanceIds", "Values": ["i-0123456789abcdef0"]}],
                "OwnerInformation": SECRET * 10,
            },
        ),
        (
            "UpdateMaintenanceWindow",
            {"WindowId": "mw-0123456789abcdef0", "Description": SECRET * 10},
        ),
    ],
)
def test_sensitive_members_of_other_actions_are_never_quoted(operation: str, request_body: dict[str, Any]) -> None:
    with pytest.raises(ValidationException) as caught:
        validate(operation, request_body)
    message = str(caught.value)
    assert SECRET not in message
    assert "Value at '" in message and "Member must have length less than or equal to 128" in message


def test_cloudtrail_hides_every_sensitive_member(ssm_fake: Any, ssm_client: Any) -> None:
    instance = ssm_fake.add_instance()
    ssm_client.put_parameter(Name="/p", Value=SECRET, Type="SecureString")
    ssm_client.get_parameter(Name="/p", WithDecryption=True)
    ssm_client.send_command(
        InstanceIds=[instance], DocumentName="AWS-RunShellScript", Parameters={"commands": [f"echo {SECRET}"]}
    )
    with pytest.raises(Exception):  # noqa: B017 - any failure; the journal is what is checked
        ssm_client.put_parameter(Name="/p", Value=SECRET, Type="String")
    events = [call.to_cloudtrail() for call in ssm_fake.calls]
    assert SECRET not in json.dumps(events, default=str)
    put, _, send, failed = events
    assert put["requestParameters"]["value"] == HIDDEN
    assert send["requestParameters"]["parameters"] == HIDDEN
    assert send["responseElements"]["command"]["parameters"] == HIDDEN
    assert failed["requestParameters"]["value"] == HIDDEN
    # The raw records still hold what the test sent, for assertions on its own code.
    assert ssm_fake.calls[0].request_parameters["Value"] == SECRET


def test_document_parameter_errors_do_not_repeat_values(ssm_fake: Any, ssm_client: Any) -> None:
    instance = ssm_fake.add_instance()
    code, message = service_error(
        ssm_client.send_command,
        InstanceIds=[instance],
        DocumentName="AWS-RunShellScript",
        Parameters={"commands": ["ls"], "executionTimeout": [SECRET]},
    )
    assert code == "InvalidParameters"
    assert SECRET not in message and "executionTimeout" in message
