"""Documents as a state machine: create, update, default version, delete versions and whole
documents, share and list, through boto3, against a reference model kept here.

Invariants: versions are numbered 1, 2, 3 … without reuse; exactly one version is the
default and it always exists; the latest is the highest remaining number; a shared document
cannot be deleted; listings, paged, show exactly the model's documents and versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import boto3
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from stateful_calls import all_pages, error_code

from ssm_fake import mock_ssm
from ssm_fake.strategies import documents

CLIENT = boto3.client("ssm", region_name="us-east-1")
NAMES = ["deploy", "patch-web"]
ACCOUNTS = ["111122223333", "444455556666", "All"]
CONTENTS = documents(schema_version="2.2")


@dataclass
class Model:
    versions: dict[int, str]  # number -> content
    default: int = 1
    next_number: int = 2
    shares: set[str] = field(default_factory=set)

    @property
    def latest(self) -> int:
        return max(self.versions)


class DocumentsMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.mock = mock_ssm()
        self.mock.start()
        self.model: dict[str, Model] = {}

    def teardown(self) -> None:
        self.mock.stop()

    def _existing(self, data: st.DataObject) -> tuple[str, Model]:
        name = data.draw(st.sampled_from(sorted(self.model)))
        return name, self.model[name]

    @rule(name=st.sampled_from(NAMES), content=CONTENTS)
    def create(self, name: str, content: str) -> None:
        if name in self.model:
            assert error_code(CLIENT.create_document, Name=name, Content=content) == "DocumentAlreadyExists"
            return
        described = CLIENT.create_document(Name=name, Content=content)["DocumentDescription"]
        assert (described["DocumentVersion"], described["DefaultVersion"], described["LatestVersion"]) == (
            "1",
            "1",
            "1",
        )
        self.model[name] = Model({1: content})

    @rule(name=st.sampled_from(NAMES), content=CONTENTS)
    def update(self, name: str, content: str) -> None:
        current = self.model.get(name)
        if current is None:
            assert error_code(CLIENT.update_document, Name=name, Content=content) == "InvalidDocument"
            return
        if content in current.versions.values():
            code = error_code(CLIENT.update_document, Name=name, Content=content, DocumentVersion="$LATEST")
            assert code == "DuplicateDocumentContent"
            return
        described = CLIENT.update_document(Name=name, Content=content, DocumentVersion="$LATEST")["DocumentDescription"]
        number = current.next_number  # never a number used before, even by a deleted version
        assert described["DocumentVersion"] == described["LatestVersion"] == str(number)
        assert described["DefaultVersion"] == str(current.default)  # an update does not move the default
        current.versions[number] = content
        current.next_number += 1

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data(), content=CONTENTS)
    def update_existing(self, data: st.DataObject, content: str) -> None:
        """A new version of an existing document: numbers pile up in short runs."""
        self.update(self._existing(data)[0], content)

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def set_default(self, data: st.DataObject) -> None:
        name, current = self._existing(data)
        number = data.draw(st.sampled_from([*current.versions, current.next_number]))
        if number not in current.versions:
            code = error_code(CLIENT.update_document_default_version, Name=name, DocumentVersion=str(number))
            assert code == "InvalidDocumentVersion"
            return
        reply = CLIENT.update_document_default_version(Name=name, DocumentVersion=str(number))
        assert reply["Description"]["DefaultVersion"] == str(number)
        current.default = number

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def delete_version(self, data: st.DataObject) -> None:
        name, current = self._existing(data)
        number = data.draw(st.sampled_from(sorted(current.versions)))
        code = error_code(CLIENT.delete_document, Name=name, DocumentVersion=str(number))
        if current.shares or number == current.default:
            assert code == "InvalidDocumentOperation"
            return
        assert code is None
        del current.versions[number]

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        name, current = self._existing(data)
        code = error_code(CLIENT.delete_document, Name=name)
        if current.shares:
            assert code == "InvalidDocumentOperation"  # stop sharing first
            return
        assert code is None
        del self.model[name]

    @rule(
        name=st.sampled_from(NAMES),
        add=st.lists(st.sampled_from(ACCOUNTS), max_size=2),
        remove=st.lists(st.sampled_from(ACCOUNTS), max_size=2),
    )
    def share(self, name: str, add: list[str], remove: list[str]) -> None:
        if not add and not remove:
            return
        kwargs: dict[str, Any] = {"Name": name, "PermissionType": "Share"}
        if add:
            kwargs["AccountIdsToAdd"] = add
        if remove:
            kwargs["AccountIdsToRemove"] = remove
        current = self.model.get(name)
        if current is None:
            assert error_code(CLIENT.modify_document_permission, **kwargs) == "InvalidDocument"
            return
        CLIENT.modify_document_permission(**kwargs)
        current.shares = (current.shares | set(add)) - set(remove)  # removing wins

    @rule(page=st.integers(1, 3))
    def list_own_documents(self, page: int) -> None:
        found = all_pages(
            CLIENT.list_documents,
            "DocumentIdentifiers",
            Filters=[{"Key": "Owner", "Values": ["Self"]}],
            MaxResults=page,
        )
        names = [d["Name"] for d in found]
        assert len(names) == len(set(names))
        assert set(names) == set(self.model)
        for identifier in found:
            assert identifier["DocumentVersion"] == str(self.model[identifier["Name"]].default)

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data(), page=st.integers(1, 3))
    def list_versions(self, data: st.DataObject, page: int) -> None:
        name, current = self._existing(data)
        found = all_pages(CLIENT.list_document_versions, "DocumentVersions", Name=name, MaxResults=page)
        assert [int(v["DocumentVersion"]) for v in found] == sorted(current.versions)
        assert [int(v["DocumentVersion"]) for v in found if v["IsDefaultVersion"]] == [current.default]
        content = CLIENT.get_document(Name=name, DocumentVersion="$LATEST")["Content"]
        assert content == current.versions[current.latest]

    @invariant()
    def default_and_latest_versions_exist(self) -> None:
        for name, current in self.model.items():
            described = CLIENT.describe_document(Name=name)["Document"]
            assert described["DefaultVersion"] == described["DocumentVersion"] == str(current.default)
            assert described["LatestVersion"] == str(current.latest)
            assert current.default in current.versions
            shared = CLIENT.describe_document_permission(Name=name, PermissionType="Share")["AccountIds"]
            assert {"All" if a == "all" else a for a in shared} == current.shares


TestDocuments = DocumentsMachine.TestCase
# Sharing, a second version and a delete must meet in one run: longer runs than the profile's.
TestDocuments.settings = settings(stateful_step_count=max(50, settings().stateful_step_count))
