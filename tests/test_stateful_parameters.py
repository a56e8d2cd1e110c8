"""Parameter Store as a state machine: random sequences of calls through boto3, each checked
against a small reference model kept here.

Invariants: versions increase by one; the history holds every version up to the limit (set
low here, so the limit is reached); a label names one version of its parameter and moves
when set again; a path query, recursive or not, and a describe filter return exactly the
model's set, and paging through them never repeats or skips.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from stateful_calls import all_pages, error_code

from ssm_fake import mock_ssm
from ssm_fake.backend.parameters.store import ParameterStore

CLIENT = boto3.client("ssm", region_name="us-east-1")
VERSION_LIMIT = 3
# Few names, so that calls meet: nested paths, and "plain" and "/plain", which are one parameter.
NAMES = ["/app/db/host", "/app/db/port", "/app/web", "/app/web/url", "/other", "plain", "/plain"]
PATHS = ["/", "/app", "/app/db", "/app/web", "/other", "/nothing"]
LABELS = ["blue", "green", "prod", "test"]
VALUES = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="{}"), min_size=1, max_size=8)


def key_of(name: str) -> str:
    return name if name.startswith("/") else "/" + name


@dataclass
class Model:
    """One parameter as the reference sees it: its name as created, versions, labels."""

    name: str
    versions: dict[int, str] = field(default_factory=dict)
    labels: dict[str, int] = field(default_factory=dict)  # label -> version

    @property
    def latest(self) -> int:
        return max(self.versions)


class ParameterStoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.mock = mock_ssm()
        self.mock.start()
        self.saved_limit = ParameterStore.MAX_VERSIONS
        ParameterStore.MAX_VERSIONS = VERSION_LIMIT
        self.model: dict[str, Model] = {}

    def teardown(self) -> None:
        ParameterStore.MAX_VERSIONS = self.saved_limit
        self.mock.stop()

    # --- writes ---------------------------------------------------------------------------------

    @rule(name=st.sampled_from(NAMES), value=VALUES, overwrite=st.booleans())
    def put(self, name: str, value: str, overwrite: bool) -> None:
        current = self.model.get(key_of(name))
        if current is not None and not overwrite:
            assert error_code(CLIENT.put_parameter, Name=name, Value=value, Type="String") == "ParameterAlreadyExists"
            return
        if current is not None and len(current.versions) >= VERSION_LIMIT:
            oldest = min(current.versions)
            if oldest in current.labels.values():
                code = error_code(CLIENT.put_parameter, Name=name, Value=value, Type="String", Overwrite=True)
                assert code == "ParameterMaxVersionLimitExceeded"
                return
            del current.versions[oldest]
        reply = CLIENT.put_parameter(Name=name, Value=value, Type="String", Overwrite=overwrite)
        if current is None:
            current = self.model[key_of(name)] = Model(name)
            expected = 1
        else:
            expected = current.latest + 1  # versions increase by one, even past the limit
        assert reply["Version"] == expected
        current.versions[expected] = value

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data(), value=VALUES)
    def overwrite_existing(self, data: st.DataObject, value: str) -> None:
        """A new version of an existing parameter: reaches the version limit in short runs."""
        self.put(self.model[data.draw(st.sampled_from(sorted(self.model)))].name, value, overwrite=True)

    @rule(name=st.sampled_from(NAMES), data=st.data())
    def label(self, name: str, data: st.DataObject) -> None:
        labels = data.draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=3, unique=True))
        current = self.model.get(key_of(name))
        if current is None:
            assert error_code(CLIENT.label_parameter_version, Name=name, Labels=labels) == "ParameterNotFound"
            return
        version = data.draw(st.none() | st.sampled_from([*current.versions, current.latest + 1]))
        kwargs: dict[str, Any] = {"Name": name, "Labels": labels}
        if version is not None:
            kwargs["ParameterVersion"] = version
        if version is not None and version not in current.versions:
            assert error_code(CLIENT.label_parameter_version, **kwargs) == "ParameterVersionNotFound"
            return
        reply = CLIENT.label_parameter_version(**kwargs)
        target = current.latest if version is None else version
        assert (reply["ParameterVersion"], reply["InvalidLabels"]) == (target, [])
        for label in labels:
            current.labels[label] = target  # a label moves: it names one version

    @rule(name=st.sampled_from(NAMES), data=st.data())
    def unlabel(self, name: str, data: st.DataObject) -> None:
        labels = data.draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=3, unique=True))
        current = self.model.get(key_of(name))
        if current is None:
            code = error_code(CLIENT.unlabel_parameter_version, Name=name, ParameterVersion=1, Labels=labels)
            assert code == "ParameterNotFound"
            return
        version = data.draw(st.sampled_from(sorted(current.versions)))
        reply = CLIENT.unlabel_parameter_version(Name=name, ParameterVersion=version, Labels=labels)
        removed = [label for label in labels if current.labels.get(label) == version]
        assert reply["RemovedLabels"] == removed
        assert reply["InvalidLabels"] == [label for label in labels if label not in removed]
        for label in removed:
            del current.labels[label]

    @rule(name=st.sampled_from(NAMES))
    def delete(self, name: str) -> None:
        if self.model.pop(key_of(name), None) is None:
            assert error_code(CLIENT.delete_parameter, Name=name) == "ParameterNotFound"
        else:
            CLIENT.delete_parameter(Name=name)

    @rule(names=st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    def delete_many(self, names: list[str]) -> None:
        reply = CLIENT.delete_parameters(Names=names)
        deleted = []
        for name in names:
            if self.model.pop(key_of(name), None) is not None:
                deleted.append(name)
        assert reply["DeletedParameters"] == deleted
        assert reply["InvalidParameters"] == [name for name in names if name not in deleted]

    # --- reads -----------------------------------------------------------------------------------

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def get_by_version_and_label(self, data: st.DataObject) -> None:
        current = self.model[data.draw(st.sampled_from(sorted(self.model)))]
        version = data.draw(st.sampled_from([*current.versions, current.latest + 1]))
        selector = f"{current.name}:{version}"
        if version in current.versions:
            read = CLIENT.get_parameter(Name=selector)["Parameter"]
            assert (read["Value"], read["Version"], read["Selector"]) == (
                current.versions[version],
                version,
                f":{version}",
            )
        else:
            assert error_code(CLIENT.get_parameter, Name=selector) == "ParameterVersionNotFound"
        label = data.draw(st.sampled_from(LABELS))
        if label in current.labels:
            read = CLIENT.get_parameter(Name=f"{current.name}:{label}")["Parameter"]
            assert read["Version"] == current.labels[label]
            assert read["Value"] == current.versions[current.labels[label]]
        else:
            assert error_code(CLIENT.get_parameter, Name=f"{current.name}:{label}") == "ParameterNotFound"

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data(), page=st.integers(1, 3))
    def history(self, data: st.DataObject, page: int) -> None:
        current = self.model[data.draw(st.sampled_from(sorted(self.model)))]
        entries = all_pages(CLIENT.get_parameter_history, "Parameters", Name=current.name, MaxResults=page)
        assert [e["Version"] for e in entries] == sorted(current.versions)  # every kept version, once, in order
        assert [e["Value"] for e in entries] == [current.versions[v] for v in sorted(current.versions)]
        for entry in entries:
            expected = sorted(label for label, version in current.labels.items() if version == entry["Version"])
            assert sorted(entry["Labels"]) == expected

    @rule(path=st.sampled_from(PATHS), recursive=st.booleans(), page=st.integers(1, 3))
    def by_path(self, path: str, recursive: bool, page: int) -> None:
        found = all_pages(CLIENT.get_parameters_by_path, "Parameters", Path=path, Recursive=recursive, MaxResults=page)
        names = [p["Name"] for p in found]
        assert len(names) == len(set(names)), names  # paging never repeats
        prefix = "/" if path == "/" else path + "/"
        expected = {
            m.name
            for key, m in self.model.items()
            if key.startswith(prefix) and (recursive or "/" not in key[len(prefix) :])
        }
        assert set(names) == expected  # ... nor skips
        for parameter in found:
            current = self.model[key_of(parameter["Name"])]
            assert (parameter["Version"], parameter["Value"]) == (current.latest, current.versions[current.latest])

    @rule(
        option=st.sampled_from(["BeginsWith", "Equals", "Contains", "Recursive", "OneLevel"]),
        value=st.sampled_from(["/app", "/app/db", "/plain", "plain", "/app/web", "db"]),
        page=st.integers(1, 3),
    )
    def describe(self, option: str, value: str, page: int) -> None:
        if option in ("Recursive", "OneLevel"):
            if not value.startswith("/"):
                return
            key = "Path"
            recursive = option == "Recursive"
            prefix = value + "/"
            expected = {
                m.name
                for k, m in self.model.items()
                if k.startswith(prefix) and (recursive or "/" not in k[len(prefix) :])
            }
        else:
            key = "Name"
            wanted = key_of(value)
            if option == "BeginsWith":
                expected = {m.name for k, m in self.model.items() if k.startswith(wanted)}
            elif option == "Equals":
                expected = {m.name for k, m in self.model.items() if k == wanted}
            else:
                expected = {m.name for k, m in self.model.items() if value in k}
        found = all_pages(
            CLIENT.describe_parameters,
            "Parameters",
            ParameterFilters=[{"Key": key, "Option": option, "Values": [value]}],
            MaxResults=page,
        )
        names = [p["Name"] for p in found]
        assert len(names) == len(set(names))
        assert set(names) == expected
        for parameter in found:
            assert parameter["Version"] == self.model[key_of(parameter["Name"])].latest

    @invariant()
    def history_holds_every_version_up_to_the_limit(self) -> None:
        for current in self.model.values():
            entries = CLIENT.get_parameter_history(Name=current.name)["Parameters"]
            assert [e["Version"] for e in entries] == sorted(current.versions)

    @invariant()
    def every_parameter_reads_its_latest_version(self) -> None:
        if not self.model:
            return
        names = [m.name for m in self.model.values()][:10]
        reply = CLIENT.get_parameters(Names=names)
        assert reply["InvalidParameters"] == []
        for parameter in reply["Parameters"]:
            current = self.model[key_of(parameter["Name"])]
            assert (parameter["Version"], parameter["Value"]) == (current.latest, current.versions[current.latest])


TestParameterStore = ParameterStoreMachine.TestCase


@pytest.mark.parametrize("name", ["plain", "/plain"])
def test_a_top_level_name_with_and_without_its_slash_is_one_parameter(name: str) -> None:
    """The machine's model treats "plain" and "/plain" as one parameter; the fake agrees."""
    with mock_ssm():
        CLIENT.put_parameter(Name="plain", Value="v", Type="String")
        assert CLIENT.put_parameter(Name=name, Value="w", Type="String", Overwrite=True)["Version"] == 2
