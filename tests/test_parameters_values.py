"""What a parameter may hold: types, encryption, allowed patterns, data types, tiers, policies, limits."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ssm_fake.backend.parameters.store import ParameterStore


def _error(caught: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = caught.value.response["Error"]
    return error["Code"], error["Message"]


def _policy(kind: str, **attributes: str) -> dict[str, Any]:
    return {"Type": kind, "Version": "1.0", "Attributes": attributes}


# --- SecureString and KMS keys -------------------------------------------------------------------


def test_secure_string_is_encrypted_unless_decryption_is_asked(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/secret", Value="s3cret", Type="SecureString")
    hidden = ssm_client.get_parameter(Name="/secret")["Parameter"]["Value"]
    assert hidden != "s3cret"
    assert "s3cret" not in hidden
    assert ssm_client.get_parameter(Name="/secret", WithDecryption=True)["Parameter"]["Value"] == "s3cret"
    [described] = ssm_client.describe_parameters()["Parameters"]
    assert described["KeyId"] == "alias/aws/ssm"


def test_with_decryption_is_ignored_for_plain_types(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/plain", Value="v", Type="String")
    assert ssm_client.get_parameter(Name="/plain", WithDecryption=False)["Parameter"]["Value"] == "v"
    assert ssm_client.get_parameter(Name="/plain", WithDecryption=True)["Parameter"]["Value"] == "v"


@pytest.mark.parametrize(
    "key_id",
    [
        "1234abcd-12ab-34cd-56ef-1234567890ab",
        "mrk-1234abcd12ab34cd56ef1234567890ab",
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "alias/my-key",
        "arn:aws:kms:us-east-1:123456789012:alias/my-key",
    ],
)
def test_key_id_forms_are_accepted_and_shown(ssm_client: Any, key_id: str) -> None:
    ssm_client.put_parameter(Name="/secret", Value="v", Type="SecureString", KeyId=key_id)
    [described] = ssm_client.describe_parameters()["Parameters"]
    assert described["KeyId"] == key_id
    [version] = ssm_client.get_parameter_history(Name="/secret")["Parameters"]
    assert version["KeyId"] == key_id


@pytest.mark.parametrize("key_id", ["not-a-key", "key/1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms:x:1:key/y"])
def test_malformed_key_ids_are_invalid(ssm_client: Any, key_id: str) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/secret", Value="v", Type="SecureString", KeyId=key_id)
    assert _error(caught)[0] == "InvalidKeyId"


def test_key_id_on_a_plain_type_is_a_validation_error(ssm_client: Any) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/p", Value="v", Type="String", KeyId="alias/my-key")
    assert _error(caught) == ("ValidationException", "KeyId is required for SecureString type parameter only.")


def test_overwrite_keeps_the_key_unless_given(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/s", Value="1", Type="SecureString", KeyId="alias/mine")
    ssm_client.put_parameter(Name="/s", Value="2", Overwrite=True)
    ssm_client.put_parameter(Name="/s", Value="3", Overwrite=True, KeyId="alias/other")
    history = ssm_client.get_parameter_history(Name="/s", WithDecryption=True)["Parameters"]
    assert [(v["Value"], v["KeyId"]) for v in history] == [
        ("1", "alias/mine"),
        ("2", "alias/mine"),
        ("3", "alias/other"),
    ]


# --- StringList ----------------------------------------------------------------------------------


def test_string_list_comes_back_comma_separated_without_spaces(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/list", Value="a, b ,c", Type="StringList")
    parameter = ssm_client.get_parameter(Name="/list")["Parameter"]
    assert (parameter["Type"], parameter["Value"]) == ("StringList", "a,b,c")


# --- AllowedPattern ------------------------------------------------------------------------------


def test_allowed_pattern_must_match_the_whole_value(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/n", Value="1000", Type="String", AllowedPattern=r"\d{1,4}")
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/n", Value="10000", Type="String", Overwrite=True)
    assert _error(caught) == (
        "ParameterPatternMismatchException",
        r"Parameter value, cannot be validated against allowedPattern: \d{1,4}",
    )
    assert ssm_client.get_parameter(Name="/n")["Parameter"]["Value"] == "1000"


def test_invalid_allowed_pattern(ssm_client: Any) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/n", Value="1", Type="String", AllowedPattern="[unclosed")
    assert _error(caught)[0] == "InvalidAllowedPatternException"


# --- DataType ------------------------------------------------------------------------------------


def test_ami_data_type_with_a_valid_id(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/ami", Value="ami-0123456789abcdef0", Type="String", DataType="aws:ec2:image")
    assert ssm_client.get_parameter(Name="/ami")["Parameter"]["DataType"] == "aws:ec2:image"


def test_ami_data_type_with_a_bad_id_replies_but_stores_nothing(ssm_client: Any) -> None:
    reply = ssm_client.put_parameter(Name="/ami", Value="not-an-ami", Type="String", DataType="aws:ec2:image")
    assert reply["Version"] == 1
    with pytest.raises(ClientError) as caught:
        ssm_client.get_parameter(Name="/ami")
    assert _error(caught)[0] == "ParameterNotFound"


def test_unknown_data_type(ssm_client: Any) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/p", Value="v", Type="String", DataType="Text")
    assert _error(caught) == (
        "ValidationException",
        "The following data type is not supported: Text (Data type names are all lowercase.)",
    )


# The model's documentation of DataType lists these; the user guide (parameter-store-data-types) says values are
# checked during PutParameter. Which values pass is the fake's choice where the guide gives no rule.
@pytest.mark.parametrize(
    ("data_type", "good", "bad"),
    [
        ("aws:region", "us-east-2", "Ohio"),
        ("aws:account:id", "111122223333", "1111-2222-3333"),
        ("boolean", "true", "yes"),
        ("integer", "443", "4.43"),
        ("integer", "-9223372036854775808", "9223372036854775808"),  # 64 bits
        ("integer", "0", "\u0664\u0664\u0663"),  # ASCII digits only
        ("float", "-1.5e3", "one"),
        ("binary", "aGVsbG8=", "not base64!"),
        ("hostname", "db.example.com", "-db.example.com"),
        ("email", "user@example.com", "user.example.com"),
        ("ipv4-address", "192.0.2.10", "192.0.2.300"),
        ("ipv6-address", "2001:db8::1", "2001:db8::g"),
        ("url", "https://example.com/a", "example.com/a"),
        ("json", '{"a": [1, 2]}', "{a: 1}"),
        ("jsonc", '{"a": 1 /* one */, "b": "//x"} // end', '{"a": 1 # no}'),
    ],
)
def test_data_types_check_values(ssm_client: Any, data_type: str, good: str, bad: str) -> None:
    put = {"Type": "String", "Tier": "Intelligent-Tiering", "DataType": data_type}
    ssm_client.put_parameter(Name="/good", Value=good, **put)
    assert ssm_client.get_parameter(Name="/good")["Parameter"]["DataType"] == data_type
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/bad", Value=bad, **put)
    code, message = _error(caught)
    assert code == "ValidationException"
    assert message.startswith(f"The parameter value isn't valid for the {data_type} data type.")


def test_string_list_items_are_checked_one_by_one_and_secrets_are_not_echoed(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/ports", Value="80, 443", Type="StringList", DataType="integer")
    assert ssm_client.get_parameter(Name="/ports")["Parameter"]["Value"] == "80,443"
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/ports2", Value="80,http", Type="StringList", DataType="integer")
    assert _error(caught)[1].startswith("Item 2 of the StringList value isn't valid for the integer data type.")
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/pin", Value="s3cret-pin", Type="SecureString", DataType="integer")
    assert "s3cret-pin" not in _error(caught)[1]


def test_json_is_not_a_string_list_type(ssm_client: Any) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/j", Value="1,2", Type="StringList", DataType="json", Tier="Advanced")
    assert _error(caught)[0] == "ValidationException"


def test_url_json_and_jsonc_need_the_advanced_tier(ssm_client: Any) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/j", Value="{}", Type="String", DataType="json")
    assert _error(caught) == (
        "ValidationException",
        "The json data type is supported only for advanced-tier parameters. Set Tier to Advanced or "
        "Intelligent-Tiering.",
    )
    reply = ssm_client.put_parameter(Name="/j", Value="{}", Type="String", DataType="json", Tier="Intelligent-Tiering")
    assert reply["Tier"] == "Advanced"


def test_data_type_changes(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/n", Value="1", Type="String")
    ssm_client.put_parameter(Name="/n", Value="2", DataType="integer", Overwrite=True)
    ssm_client.put_parameter(Name="/n", Value="2.5", DataType="float", Overwrite=True)
    assert ssm_client.get_parameter(Name="/n")["Parameter"]["DataType"] == "float"
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/n", Value="three", Overwrite=True)  # keeps float
    assert _error(caught)[0] == "ValidationException"
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/n", Value="ami-0123456789abcdef0", DataType="aws:ec2:image", Overwrite=True)
    assert _error(caught)[0] == "ValidationException"
    ssm_client.put_parameter(Name="/ami", Value="ami-0123456789abcdef0", Type="String", DataType="aws:ec2:image")
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/ami", Value="x", DataType="text", Overwrite=True)
    assert "can't change to or from aws:ec2:image or aws:ssm:integration" in _error(caught)[1]


# --- Tiers ---------------------------------------------------------------------------------------


def test_standard_values_are_at_most_4096_characters(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/fits", Value="x" * 4096, Type="String")
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/big", Value="x" * 4097, Type="String")
    code, message = _error(caught)
    assert code == "ValidationException"
    assert message.startswith("Standard tier parameters support a maximum parameter value of 4096 characters.")


def test_advanced_values_are_at_most_8192_characters(ssm_client: Any) -> None:
    assert ssm_client.put_parameter(Name="/a", Value="x" * 8192, Type="String", Tier="Advanced")["Tier"] == "Advanced"
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/b", Value="x" * 8193, Type="String", Tier="Advanced")
    assert _error(caught)[0] == "ValidationException"


def test_intelligent_tiering_picks_advanced_only_when_needed(ssm_client: Any) -> None:
    small = ssm_client.put_parameter(Name="/small", Value="x", Type="String", Tier="Intelligent-Tiering")
    large = ssm_client.put_parameter(Name="/large", Value="x" * 5000, Type="String", Tier="Intelligent-Tiering")
    assert (small["Tier"], large["Tier"]) == ("Standard", "Advanced")
    tiers = {p["Name"]: p["Tier"] for p in ssm_client.describe_parameters()["Parameters"]}
    assert tiers == {"/small": "Standard", "/large": "Advanced"}


def test_upgrading_is_allowed_and_downgrading_is_not(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/p", Value="v", Type="String")
    assert ssm_client.put_parameter(Name="/p", Value="v", Tier="Advanced", Overwrite=True)["Tier"] == "Advanced"
    assert ssm_client.put_parameter(Name="/p", Value="w", Overwrite=True)["Tier"] == "Advanced"
    assert (
        ssm_client.put_parameter(Name="/p", Value="w", Tier="Intelligent-Tiering", Overwrite=True)["Tier"] == "Advanced"
    )
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/p", Value="v", Tier="Standard", Overwrite=True)
    code, message = _error(caught)
    assert code == "ValidationException"
    assert message.startswith("This parameter uses the advanced-parameter tier. You can't downgrade")


def test_standard_parameter_limit(ssm_client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ParameterStore, "STANDARD_LIMIT", 2)
    ssm_client.put_parameter(Name="/one", Value="v", Type="String")
    ssm_client.put_parameter(Name="/two", Value="v", Type="String")
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/three", Value="v", Type="String")
    assert _error(caught)[0] == "ParameterLimitExceeded"
    reply = ssm_client.put_parameter(Name="/three", Value="v", Type="String", Tier="Intelligent-Tiering")
    assert reply["Tier"] == "Advanced"
    ssm_client.delete_parameter(Name="/one")
    ssm_client.put_parameter(Name="/four", Value="v", Type="String")


# --- Policies ------------------------------------------------------------------------------------


def test_policies_are_stored_and_shown(ssm_client: Any) -> None:
    policies = [
        _policy("Expiration", Timestamp="2099-01-01T00:00:00.000Z"),
        _policy("ExpirationNotification", Before="15", Unit="Days"),
        _policy("NoChangeNotification", After="20", Unit="Hours"),
    ]
    ssm_client.put_parameter(Name="/p", Value="v", Type="String", Tier="Advanced", Policies=json.dumps(policies))
    [described] = ssm_client.describe_parameters()["Parameters"]
    assert [p["PolicyType"] for p in described["Policies"]] == [
        "Expiration",
        "ExpirationNotification",
        "NoChangeNotification",
    ]
    assert all(p["PolicyStatus"] == "Pending" for p in described["Policies"])
    assert json.loads(described["Policies"][0]["PolicyText"]) == policies[0]
    ssm_client.put_parameter(Name="/p", Value="w", Overwrite=True)
    assert len(ssm_client.describe_parameters()["Parameters"][0]["Policies"]) == 3
    ssm_client.put_parameter(Name="/p", Value="x", Overwrite=True, Policies="[]")
    assert ssm_client.describe_parameters()["Parameters"][0]["Policies"] == []


def test_policies_need_the_advanced_tier(ssm_client: Any) -> None:
    policies = json.dumps([_policy("NoChangeNotification", After="1", Unit="Days")])
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/p", Value="v", Type="String", Policies=policies)
    assert _error(caught)[0] == "ValidationException"
    reply = ssm_client.put_parameter(Name="/p", Value="v", Type="String", Policies=policies, Tier="Intelligent-Tiering")
    assert reply["Tier"] == "Advanced"


@pytest.mark.parametrize(
    ("policies", "code"),
    [
        ([_policy("Deletion", Timestamp="2099-01-01T00:00:00Z")], "InvalidPolicyTypeException"),
        ([_policy("Expiration", When="2099-01-01T00:00:00Z")], "InvalidPolicyAttributeException"),
        ([_policy("Expiration", Timestamp="yesterday")], "InvalidPolicyAttributeException"),
        ([_policy("Expiration", Timestamp="2000-01-01T00:00:00Z")], "InvalidPolicyAttributeException"),
        ([_policy("Expiration", Timestamp="2099-01-01T00:00:00")], "InvalidPolicyAttributeException"),  # no zone
        ([_policy("Expiration", Timestamp="2099-01-01")], "InvalidPolicyAttributeException"),  # no time
        ([_policy("NoChangeNotification", After="-1", Unit="Days")], "InvalidPolicyAttributeException"),
        ([_policy("NoChangeNotification", After="1", Unit="Weeks")], "InvalidPolicyAttributeException"),
        ([_policy("NoChangeNotification", After="1", Unit="Days")] * 11, "PoliciesLimitExceededException"),
        ([_policy("NoChangeNotification", After="1", Unit="Days")] * 2, "IncompatiblePolicyException"),
        ({"Type": "Expiration"}, "ValidationException"),
    ],
)
def test_policy_errors(ssm_client: Any, policies: Any, code: str) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/p", Value="v", Type="String", Tier="Advanced", Policies=json.dumps(policies))
    assert _error(caught)[0] == code


def test_expiration_takes_iso_offset_date_time(ssm_client: Any, ssm_fake: Any) -> None:
    # parameter-store-policies: ISO_INSTANT or ISO_OFFSET_DATE_TIME, e.g. 2019-11-01T22:13:48.87+10:30:00.
    ssm_fake.clock.freeze(datetime(2030, 1, 1, tzinfo=timezone.utc))
    policies = json.dumps([_policy("Expiration", Timestamp="2030-01-01T10:30:00.87+10:30:00")])
    ssm_client.put_parameter(Name="/temp", Value="v", Type="String", Tier="Advanced", Policies=policies)
    ssm_fake.clock.advance(1)
    with pytest.raises(ClientError) as caught:
        ssm_client.get_parameter(Name="/temp")
    assert _error(caught)[0] == "ParameterNotFound"


def test_expiration_deletes_the_parameter_when_the_clock_gets_there(ssm_client: Any, ssm_fake: Any) -> None:
    start = datetime(2030, 1, 1, tzinfo=timezone.utc)
    ssm_fake.clock.freeze(start)
    expires = (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    policies = json.dumps([_policy("Expiration", Timestamp=expires)])
    ssm_client.put_parameter(Name="/temp", Value="v", Type="String", Tier="Advanced", Policies=policies)
    ssm_client.put_parameter(Name="/temp", Value="w", Overwrite=True)  # keeps the policy and its date
    ssm_fake.clock.advance(3599)
    assert ssm_client.get_parameter(Name="/temp")["Parameter"]["Value"] == "w"
    ssm_fake.clock.advance(1)
    with pytest.raises(ClientError) as caught:
        ssm_client.get_parameter(Name="/temp")
    assert _error(caught)[0] == "ParameterNotFound"


def test_replaced_expiration_no_longer_applies(ssm_client: Any, ssm_fake: Any) -> None:
    start = datetime(2030, 1, 1, tzinfo=timezone.utc)
    ssm_fake.clock.freeze(start)
    soon = json.dumps([_policy("Expiration", Timestamp="2030-01-01T01:00:00Z")])
    ssm_client.put_parameter(Name="/temp", Value="v", Type="String", Tier="Advanced", Policies=soon)
    ssm_client.put_parameter(Name="/temp", Value="v", Overwrite=True, Policies="[]")
    ssm_fake.clock.advance(7200)
    assert ssm_client.get_parameter(Name="/temp")["Parameter"]["Value"] == "v"


# --- Versions ------------------------------------------------------------------------------------


def test_history_keeps_the_latest_hundred_versions(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/p", Value="v1", Type="String")
    for number in range(2, 102):
        assert ssm_client.put_parameter(Name="/p", Value=f"v{number}", Overwrite=True)["Version"] == number
    history = ssm_client.get_paginator("get_parameter_history").paginate(Name="/p").build_full_result()["Parameters"]
    assert [v["Version"] for v in history] == list(range(2, 102))
    with pytest.raises(ClientError) as caught:
        ssm_client.get_parameter(Name="/p:1")
    assert _error(caught)[0] == "ParameterVersionNotFound"


def test_a_labelled_oldest_version_blocks_the_next_one(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/p", Value="v1", Type="String")
    ssm_client.label_parameter_version(Name="/p", ParameterVersion=1, Labels=["keep"])
    for number in range(2, 101):
        ssm_client.put_parameter(Name="/p", Value=f"v{number}", Overwrite=True)
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/p", Value="v101", Overwrite=True)
    code, message = _error(caught)
    assert code == "ParameterMaxVersionLimitExceeded"
    assert "Version 1, the oldest version, can't be deleted because it has a label" in message
    ssm_client.label_parameter_version(Name="/p", ParameterVersion=100, Labels=["keep"])
    assert ssm_client.put_parameter(Name="/p", Value="v101", Overwrite=True)["Version"] == 101


def test_policy_counts_must_be_plain_digits(ssm_client: Any) -> None:
    policies = json.dumps([_policy("NoChangeNotification", After="²", Unit="Days")])
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/p", Value="v", Type="String", Tier="Advanced", Policies=policies)
    assert _error(caught)[0] == "InvalidPolicyAttributeException"
