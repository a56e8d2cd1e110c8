"""KMS keys for SecureString, opt-in: once a test declares keys (``ssm.kms``), unknown ones
fail with KMS's own words as Parameter Store passes them on."""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest
from service_errors import service_error

UUID = "1234abcd-12ab-34cd-56ef-1234567890ab"


def test_without_declarations_any_well_formed_key_works(ssm_client: Any) -> None:
    for index, key in enumerate([UUID, "alias/anything", f"arn:aws:kms:us-east-1:123456789012:key/{UUID}"]):
        ssm_client.put_parameter(Name=f"/s{index}", Value="secret", Type="SecureString", KeyId=key)
    keys = [p["KeyId"] for p in ssm_client.describe_parameters()["Parameters"]]
    assert keys == [UUID, "alias/anything", f"arn:aws:kms:us-east-1:123456789012:key/{UUID}"]


def test_create_key_returns_id_and_arn(ssm_fake: Any) -> None:
    key = ssm_fake.kms.create_key(alias="alias/app")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", key["KeyId"])
    assert key["Arn"] == f"arn:aws:kms:us-east-1:{ssm_fake.account_id}:key/{key['KeyId']}"


def test_declared_keys_in_every_form_are_accepted(ssm_fake: Any, ssm_client: Any) -> None:
    key = ssm_fake.kms.create_key(alias="alias/app")
    forms = [
        key["KeyId"],
        key["Arn"],
        "alias/app",
        f"arn:aws:kms:us-east-1:{ssm_fake.account_id}:alias/app",
        "alias/aws/ssm",
    ]
    for index, form in enumerate(forms):
        ssm_client.put_parameter(Name=f"/p{index}", Value="secret", Type="SecureString", KeyId=form)
    shown = [p["KeyId"] for p in ssm_client.describe_parameters()["Parameters"]]
    assert shown == forms  # as the caller gave it (DescribeParameters: "whatever the original key alias was")


def test_unknown_alias_fails_like_kms(ssm_fake: Any, ssm_client: Any) -> None:
    # cloudposse/docs issue 152, segmentio/chamber issue 16: "InvalidKeyId: Alias
    # arn:aws:kms:us-west-2:271462348125:alias/parameter_store_key is not found. (Service: AWSKMS; Status
    # Code: 400; Error Code: NotFoundException; Request ID: ...)"
    ssm_fake.kms.create_key(alias="alias/app")
    code, message = service_error(
        ssm_client.put_parameter, Name="/s", Value="x", Type="SecureString", KeyId="alias/parameter_store_key"
    )
    assert code == "InvalidKeyId"
    assert re.fullmatch(
        rf"Alias arn:aws:kms:us-east-1:{ssm_fake.account_id}:alias/parameter_store_key is not found\. "
        r"\(Service: AWSKMS; Status Code: 400; Error Code: NotFoundException; Request ID: [0-9a-f-]{36}; "
        r"Proxy: null\)",
        message,
    )


def test_unknown_key_fails_like_kms(ssm_fake: Any, ssm_client: Any) -> None:
    # binxio/aws-ssm-copy issue 10: "InvalidKeyId ... Key 'arn:aws:kms:us-east-1:123123123:key/0f9b04ee-...'
    # does not exist (Service: AWSKMS; Status Code: 400; Error Code: NotFoundException; ...)"
    ssm_fake.kms.create_key()
    arn = f"arn:aws:kms:us-east-1:{ssm_fake.account_id}:key/{UUID}"
    for given in (UUID, arn):
        code, message = service_error(ssm_client.put_parameter, Name="/s", Value="x", Type="SecureString", KeyId=given)
        assert code == "InvalidKeyId"
        assert message.startswith(f"Key '{arn}' does not exist (Service: AWSKMS; Status Code: 400; ")
    assert ssm_client.describe_parameters()["Parameters"] == []


def test_default_key_always_exists(ssm_fake: Any, ssm_client: Any) -> None:
    ssm_fake.kms.create_key()
    ssm_client.put_parameter(Name="/s", Value="x", Type="SecureString")
    ssm_client.put_parameter(Name="/t", Value="x", Type="SecureString", KeyId="alias/aws/ssm")
    assert {p["KeyId"] for p in ssm_client.describe_parameters()["Parameters"]} == {"alias/aws/ssm"}


def test_keys_belong_to_their_account_and_region(ssm_fake: Any) -> None:
    ssm_fake.kms.create_key(alias="alias/app", region="eu-west-1")
    east = boto3.client("ssm", region_name="us-east-1")
    west = boto3.client("ssm", region_name="eu-west-1")
    other = boto3.client("ssm", region_name="eu-west-1", **ssm_fake.credentials("111122223333"))
    west.put_parameter(Name="/s", Value="x", Type="SecureString", KeyId="alias/app")
    assert service_error(east.put_parameter, Name="/s", Value="x", Type="SecureString", KeyId="alias/app")[0] == (
        "InvalidKeyId"
    )
    assert service_error(other.put_parameter, Name="/s", Value="x", Type="SecureString", KeyId="alias/app")[0] == (
        "InvalidKeyId"
    )
    other_key = ssm_fake.kms.create_key(account_id="111122223333", region="eu-west-1")
    other.put_parameter(Name="/s", Value="x", Type="SecureString", KeyId=other_key["KeyId"])


def test_create_alias_for_an_existing_key(ssm_fake: Any, ssm_client: Any) -> None:
    key = ssm_fake.kms.create_key()
    ssm_fake.kms.create_alias("alias/late", key["KeyId"])
    ssm_client.put_parameter(Name="/s", Value="x", Type="SecureString", KeyId="alias/late")
    with pytest.raises(ValueError, match="create_key"):
        ssm_fake.kms.create_alias("alias/other", UUID)
    with pytest.raises(ValueError, match="alias/aws/"):
        ssm_fake.kms.create_key(alias="alias/aws/mine")
    with pytest.raises(ValueError, match="already exists"):
        ssm_fake.kms.create_alias("alias/late", key["Arn"])


def test_reset_forgets_declared_keys(ssm_fake: Any, ssm_client: Any) -> None:
    ssm_fake.kms.create_key()
    assert service_error(ssm_client.put_parameter, Name="/s", Value="x", Type="SecureString", KeyId=UUID)[0] == (
        "InvalidKeyId"
    )
    ssm_fake.reset()
    ssm_client.put_parameter(Name="/s", Value="x", Type="SecureString", KeyId=UUID)
