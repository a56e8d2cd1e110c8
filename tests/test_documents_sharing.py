"""Sharing documents between accounts: permissions, what the other account sees, limits."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from document_samples import OTHER_ACCOUNT, THIRD_ACCOUNT, command, create, error_code, error_message

OWNER = "123456789012"
ARN = f"arn:aws:ssm:us-east-1:{OWNER}:document/Shared"


def _client(fake: Any, account: str, region: str = "us-east-1") -> Any:
    return boto3.client("ssm", region_name=region, **fake.credentials(account))


def _permissions(client: Any, name: str = "Shared") -> dict[str, str]:
    reply = client.describe_document_permission(Name=name, PermissionType="Share")
    assert sorted(reply["AccountIds"]) == sorted(item["AccountId"] for item in reply["AccountSharingInfoList"])
    return {item["AccountId"]: item["SharedDocumentVersion"] for item in reply["AccountSharingInfoList"]}


def _share(client: Any, *accounts: str, name: str = "Shared", **kwargs: Any) -> None:
    client.modify_document_permission(Name=name, PermissionType="Share", AccountIdsToAdd=list(accounts), **kwargs)


def test_a_shared_document_is_usable_by_arn_only_in_the_other_account(ssm_client: Any, ssm_fake: Any) -> None:
    create(ssm_client, "Shared", command("echo shared"))
    other = _client(ssm_fake, OTHER_ACCOUNT)
    with pytest.raises(other.exceptions.InvalidDocument):
        other.describe_document(Name=ARN)
    _share(ssm_client, OTHER_ACCOUNT)
    assert _permissions(ssm_client) == {OTHER_ACCOUNT: "$DEFAULT"}
    described = other.describe_document(Name=ARN)["Document"]
    assert described["Owner"] == OWNER and described["Name"] == "Shared"
    assert described["Tags"] == []
    assert "echo shared" in other.get_document(Name=ARN)["Content"]
    with pytest.raises(other.exceptions.InvalidDocument):
        other.describe_document(Name="Shared")  # by name it is the other account's own namespace
    third = _client(ssm_fake, THIRD_ACCOUNT)
    with pytest.raises(third.exceptions.InvalidDocument):
        third.get_document(Name=ARN)


def test_shared_documents_in_the_other_accounts_list(ssm_client: Any, ssm_fake: Any) -> None:
    create(ssm_client, "Shared")
    create(ssm_client, "Private")
    _share(ssm_client, OTHER_ACCOUNT)
    other = _client(ssm_fake, OTHER_ACCOUNT)
    create(other, "OthersOwn")

    def names(owner: str | None) -> list[str]:
        filters = [{"Key": "Owner", "Values": [owner]}] if owner else []
        pages = other.get_paginator("list_documents").paginate(Filters=filters)
        return [i["Name"] for page in pages for i in page["DocumentIdentifiers"] if not i["Name"].startswith("AWS-")]

    assert names("Private") == ["OthersOwn", "Shared"]
    assert names("Self") == ["OthersOwn"]
    assert names(None) == ["OthersOwn", "Shared"]
    assert names("All") == ["OthersOwn", "Shared"]
    assert names(OWNER) == ["Shared"]
    assert names("Public") == []
    shared = next(
        i
        for page in other.get_paginator("list_documents").paginate()
        for i in page["DocumentIdentifiers"]
        if i["Name"] == "Shared"
    )
    assert shared["Owner"] == OWNER


def test_other_regions_do_not_see_the_share(ssm_client: Any, ssm_fake: Any) -> None:
    create(ssm_client, "Shared")
    _share(ssm_client, OTHER_ACCOUNT)
    elsewhere = _client(ssm_fake, OTHER_ACCOUNT, "eu-west-1")
    with pytest.raises(elsewhere.exceptions.InvalidDocument):
        elsewhere.describe_document(Name="arn:aws:ssm:eu-west-1:123456789012:document/Shared")
    with pytest.raises(elsewhere.exceptions.InvalidDocument):
        elsewhere.describe_document(Name=ARN)


def test_public_sharing(ssm_client: Any, ssm_fake: Any) -> None:
    create(ssm_client, "Shared")
    _share(ssm_client, "All")
    assert _permissions(ssm_client) == {"all": "$DEFAULT"}
    stranger = _client(ssm_fake, THIRD_ACCOUNT)
    assert stranger.describe_document(Name=ARN)["Document"]["Owner"] == OWNER
    public = [
        i["Name"]
        for page in stranger.get_paginator("list_documents").paginate(Filters=[{"Key": "Owner", "Values": ["Public"]}])
        for i in page["DocumentIdentifiers"]
    ]
    assert "Shared" in public and "AWS-RunShellScript" in public
    ssm_client.modify_document_permission(Name="Shared", PermissionType="Share", AccountIdsToRemove=["all"])
    with pytest.raises(stranger.exceptions.InvalidDocument):
        stranger.describe_document(Name=ARN)


def test_removing_wins_over_adding(ssm_client: Any) -> None:
    create(ssm_client, "Shared")
    _share(ssm_client, OTHER_ACCOUNT, THIRD_ACCOUNT)
    ssm_client.modify_document_permission(
        Name="Shared", PermissionType="Share", AccountIdsToAdd=[OTHER_ACCOUNT], AccountIdsToRemove=[OTHER_ACCOUNT]
    )
    assert _permissions(ssm_client) == {THIRD_ACCOUNT: "$DEFAULT"}


def test_shared_document_version(ssm_client: Any, ssm_fake: Any) -> None:
    create(ssm_client, "Shared", command("echo 1"))
    ssm_client.update_document(Name="Shared", Content=command("echo 2"))
    other = _client(ssm_fake, OTHER_ACCOUNT)
    _share(ssm_client, OTHER_ACCOUNT)
    assert other.describe_document(Name=ARN)["Document"]["DocumentVersion"] == "1"
    with pytest.raises(other.exceptions.InvalidDocumentVersion):
        other.get_document(Name=ARN, DocumentVersion="2")
    assert [v["DocumentVersion"] for v in other.list_document_versions(Name=ARN)["DocumentVersions"]] == ["1"]
    _share(ssm_client, OTHER_ACCOUNT, SharedDocumentVersion="$LATEST")
    assert _permissions(ssm_client) == {OTHER_ACCOUNT: "$LATEST"}
    assert other.describe_document(Name=ARN)["Document"]["DocumentVersion"] == "2"
    _share(ssm_client, OTHER_ACCOUNT, SharedDocumentVersion="$ALL")
    assert other.get_document(Name=ARN, DocumentVersion="1")["DocumentVersion"] == "1"
    assert other.get_document(Name=ARN, DocumentVersion="$LATEST")["DocumentVersion"] == "2"
    assert len(other.list_document_versions(Name=ARN)["DocumentVersions"]) == 2


def test_the_other_account_cannot_change_a_shared_document(ssm_client: Any, ssm_fake: Any) -> None:
    create(ssm_client, "Shared")
    _share(ssm_client, OTHER_ACCOUNT)
    other = _client(ssm_fake, OTHER_ACCOUNT)
    with pytest.raises(other.exceptions.InvalidDocument):
        other.update_document(Name="Shared", Content=command("echo mine"))
    with pytest.raises(other.exceptions.InvalidDocument):
        other.delete_document(Name="Shared")
    with pytest.raises(other.exceptions.InvalidDocument):
        other.describe_document_permission(Name="Shared", PermissionType="Share")


def test_a_shared_document_cannot_be_deleted(ssm_client: Any) -> None:
    create(ssm_client, "Shared")
    _share(ssm_client, OTHER_ACCOUNT)
    with pytest.raises(ssm_client.exceptions.InvalidDocumentOperation) as exc:
        ssm_client.delete_document(Name="Shared")
    assert "shared" in error_message(exc)
    ssm_client.modify_document_permission(Name="Shared", PermissionType="Share", AccountIdsToRemove=[OTHER_ACCOUNT])
    ssm_client.delete_document(Name="Shared")


def test_permission_errors(ssm_client: Any, raw_client: Any) -> None:
    with pytest.raises(ssm_client.exceptions.InvalidDocument):
        ssm_client.describe_document_permission(Name="Missing", PermissionType="Share")
    with pytest.raises(ssm_client.exceptions.InvalidDocument):
        _share(ssm_client, OTHER_ACCOUNT, name="AWS-RunShellScript")
    create(ssm_client, "Shared")
    with pytest.raises(ClientError) as exc:
        ssm_client.modify_document_permission(Name="Shared", PermissionType="Share")
    assert error_code(exc) == "ValidationException"
    # The model's enum answers other permission types before the service's InvalidPermissionType.
    with pytest.raises(ClientError) as exc:
        raw_client.describe_document_permission(Name="Shared", PermissionType="Own")
    assert error_code(exc) == "ValidationException"
    with pytest.raises(ClientError) as exc:
        raw_client.modify_document_permission(Name="Shared", PermissionType="Share", AccountIdsToAdd=["12345"])
    assert error_code(exc) == "ValidationException"
    with pytest.raises(ClientError) as exc:
        raw_client.modify_document_permission(
            Name="Shared", PermissionType="Share", AccountIdsToAdd=[f"{n:012}" for n in range(21)]
        )
    assert error_code(exc) == "ValidationException"


def test_at_most_1000_accounts(ssm_client: Any) -> None:
    create(ssm_client, "Shared")
    accounts = [f"{100000000000 + n}" for n in range(1000)]
    for start in range(0, 1000, 20):
        _share(ssm_client, *accounts[start : start + 20])
    with pytest.raises(ssm_client.exceptions.DocumentPermissionLimit) as exc:
        _share(ssm_client, "999999999999")
    assert "1000" in error_message(exc)
    ssm_client.modify_document_permission(
        Name="Shared", PermissionType="Share", AccountIdsToAdd=["999999999999"], AccountIdsToRemove=[accounts[0]]
    )
    seen: list[str] = []
    token = None
    while True:
        kwargs = {"NextToken": token} if token else {}
        reply = ssm_client.describe_document_permission(Name="Shared", PermissionType="Share", MaxResults=200, **kwargs)
        seen += reply["AccountIds"]
        token = reply.get("NextToken")
        if not token:
            break
    assert sorted(seen) == sorted([*accounts[1:], "999999999999"])
    assert len(seen) == len(set(seen)) == 1000


def test_at_most_five_public_documents(ssm_client: Any) -> None:
    for index in range(6):
        create(ssm_client, f"Public{index}")
    for index in range(5):
        _share(ssm_client, "All", name=f"Public{index}")
    _share(ssm_client, "all", name="Public0")  # already public: no new public document
    with pytest.raises(ssm_client.exceptions.DocumentPermissionLimit) as exc:
        _share(ssm_client, "All", name="Public5")
    assert "publicly" in error_message(exc)
    ssm_client.modify_document_permission(Name="Public0", PermissionType="Share", AccountIdsToRemove=["All"])
    _share(ssm_client, "All", name="Public5")
