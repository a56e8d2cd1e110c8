"""Parameter Store answers as real accounts show it (issue 12). Each test names the public
output it follows; the quoted text is the service's, copied from that source."""

from __future__ import annotations

from typing import Any

import pytest
from service_errors import service_error

from ssm_fake.backend.parameters.store import ParameterStore

NAME_MESSAGE = (
    'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of '
    "sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the "
    "following 3 symbols .-_"
)


def test_reserved_first_level_name_on_put(ssm_client: Any) -> None:
    # aws-solutions/quota-monitor-for-aws issue 30:
    # "AccessDeniedException: No access to reserved parameter name: awslimitschecker."
    assert service_error(ssm_client.put_parameter, Name="awslimitschecker", Value="v", Type="String") == (
        "AccessDeniedException",
        "No access to reserved parameter name: awslimitschecker.",
    )


def test_reserved_first_level_name_on_delete(ssm_client: Any) -> None:
    # awslabs/aws-deployment-framework issue 119: "An error occurred (AccessDeniedException) when calling
    # the DeleteParameter operation: No access to reserved parameter name: aws-cdk-playground."
    assert service_error(ssm_client.delete_parameter, Name="aws-cdk-playground") == (
        "AccessDeniedException",
        "No access to reserved parameter name: aws-cdk-playground.",
    )


@pytest.mark.parametrize("name", ["Dev MySQL DB", "/myPrefix/xmpt/support@gmail.com", "smpt support"])
def test_malformed_names_get_the_one_name_message(ssm_client: Any, name: str) -> None:
    # boto/boto3 issue 1499 ('Dev MySQL DB') and aws/aws-sdk-php issue 1952 ('...support@gmail.com'):
    # PutParameter answers the "can't be prefixed with ssm" message for any malformed name.
    assert service_error(ssm_client.put_parameter, Name=name, Value="v", Type="String") == (
        "ValidationException",
        NAME_MESSAGE,
    )


def test_get_missing_parameter_has_no_message(ssm_client: Any) -> None:
    # awslabs/aws-simple-cicd issue 10: "An error occurred (ParameterNotFound) when calling the
    # GetParameter operation: " -- nothing after the colon.
    assert service_error(ssm_client.get_parameter, Name="/app/missing") == ("ParameterNotFound", "")


def test_delete_missing_parameter_has_no_message(ssm_client: Any) -> None:
    # The same empty ParameterNotFound for DeleteParameter (issue 12, after awslabs/aws-simple-cicd issue 10).
    assert service_error(ssm_client.delete_parameter, Name="/app/missing") == ("ParameterNotFound", "")


def test_flat_parameter_changes_type_on_overwrite(ssm_client: Any) -> None:
    # hashicorp/terraform-provider-aws TestAccSSMParameter_updateType: a SecureString parameter is
    # updated in place to String ("test2" stays the value).
    ssm_client.put_parameter(Name="update_type", Value="test2", Type="SecureString")
    reply = ssm_client.put_parameter(Name="update_type", Value="test2", Type="String", Overwrite=True)
    assert reply["Version"] == 2
    parameter = ssm_client.get_parameter(Name="update_type")["Parameter"]
    assert (parameter["Type"], parameter["Value"]) == ("String", "test2")
    (described,) = ssm_client.describe_parameters()["Parameters"]
    assert "KeyId" not in described  # a String carries no key


def test_type_change_inside_a_hierarchy_is_still_refused(ssm_client: Any) -> None:
    # The model's HierarchyTypeMismatchException: "Parameter Store doesn't support changing a parameter
    # type in a hierarchy."
    ssm_client.put_parameter(Name="/app/db/password", Value="v", Type="String")
    code, _ = service_error(
        ssm_client.put_parameter, Name="/app/db/password", Value="v", Type="SecureString", Overwrite=True
    )
    assert code == "HierarchyTypeMismatchException"


def test_standard_limit_message(ssm_client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # NordicSemiconductor/asset-tracker-cloud-aws-js issue 514: "ParameterLimitExceeded: You have reached the
    # maximum number of standard parameters for this AWS account and Region (10000). To add more
    # parameters, either delete existing parameters or upgrade to the advanced-parameter tier (charges apply)."
    monkeypatch.setattr(ParameterStore, "STANDARD_LIMIT", 1)
    ssm_client.put_parameter(Name="/one", Value="v", Type="String")
    assert service_error(ssm_client.put_parameter, Name="/two", Value="v", Type="String") == (
        "ParameterLimitExceeded",
        "You have reached the maximum number of standard parameters for this AWS account and Region (1). "
        "To add more parameters, either delete existing parameters or upgrade to the advanced-parameter tier "
        "(charges apply).",
    )


def test_standard_limit_message_names_the_real_quota(ssm_client: Any, ssm_fake: Any) -> None:
    # The number in the message is the quota itself: 10000 for the standard tier.
    assert ParameterStore.STANDARD_LIMIT == 10_000
    store = ssm_fake.service.state(ParameterStore, ssm_fake.account_id, "us-east-1")
    store.tier_counts["Standard"] = 10_000  # as if the account held 10,000 standard parameters
    code, message = service_error(ssm_client.put_parameter, Name="/x", Value="v", Type="String")
    assert code == "ParameterLimitExceeded"
    assert "for this AWS account and Region (10000)." in message


def test_standard_value_size_message(ssm_client: Any) -> None:
    # aws/aws-sdk-net issue 3157: "Standard tier parameters support a maximum parameter value of 4096
    # characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.
    # For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/
    # parameter-store-advanced-parameters.html"
    code, message = service_error(ssm_client.put_parameter, Name="/big", Value="x" * 4097, Type="String")
    assert code == "ValidationException"
    assert message == (
        "Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger "
        "parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see "
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html"
    )


def test_existing_parameter_message_is_the_services(ssm_client: Any) -> None:
    # Unchanged, and confirmed: garystafford/emr-demo issue 1 and aws-ia/terraform-aws-control_tower_account_factory
    # issue 166: "ParameterAlreadyExists: The parameter already exists. To overwrite this value, set the overwrite
    # option in the request to true."
    ssm_client.put_parameter(Name="/p", Value="v", Type="String")
    assert service_error(ssm_client.put_parameter, Name="/p", Value="v", Type="String") == (
        "ParameterAlreadyExists",
        "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.",
    )


def test_tags_with_overwrite_message_is_the_services(ssm_client: Any) -> None:
    # Unchanged, and confirmed: hashicorp/terraform-provider-aws issue 18550.
    ssm_client.put_parameter(Name="/p", Value="v", Type="String")
    assert service_error(
        ssm_client.put_parameter, Name="/p", Value="w", Type="String", Overwrite=True, Tags=[{"Key": "k", "Value": "v"}]
    ) == (
        "ValidationException",
        "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove "
        "overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or "
        "RemoveTagsFromResource.",
    )


def test_tags_of_a_missing_parameter_have_no_message(ssm_client: Any) -> None:
    # aws/aws-cli issue 4419: "An error occurred (InvalidResourceId) when calling the ListTagsForResource
    # operation:" -- "nothing followed it in the error message".
    assert service_error(ssm_client.list_tags_for_resource, ResourceType="Parameter", ResourceId="/missing") == (
        "InvalidResourceId",
        "",
    )
    assert service_error(
        ssm_client.add_tags_to_resource,
        ResourceType="Parameter",
        ResourceId="/missing",
        Tags=[{"Key": "k", "Value": "v"}],
    ) == ("InvalidResourceId", "")
