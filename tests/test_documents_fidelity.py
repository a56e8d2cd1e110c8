"""Document errors as real accounts show them (issue 12); each test names its source."""

from __future__ import annotations

import json
from typing import Any

from service_errors import service_error


def test_json_not_well_formed_names_line_and_column(ssm_client: Any) -> None:
    # aws-samples/aws-batch-genomics issue 14: "JSON not well-formed. at Line: 13, Column: 6 (Service:
    # AmazonSSM; Status Code: 400; Error Code: InvalidDocumentContent; ...)"
    content = '{\n  "schemaVersion": "2.2",\n  "mainSteps": [\n}'
    assert service_error(ssm_client.create_document, Name="Broken", Content=content, DocumentType="Command") == (
        "InvalidDocumentContent",
        "JSON not well-formed. at Line: 4, Column: 1",
    )


def test_undeclared_parameter(ssm_client: Any) -> None:
    # CrowdStrike/aws-ssm-distributor issue 66: "An error occurred (InvalidDocumentContent) when calling the
    # CreateDocument operation: Parameter "PackageVersion" is not declared."
    content = json.dumps(
        {
            "schemaVersion": "2.2",
            "mainSteps": [
                {"action": "aws:runShellScript", "name": "run", "inputs": {"runCommand": ["echo {{ PackageVersion }}"]}}
            ],
        }
    )
    assert service_error(ssm_client.create_document, Name="Broken", Content=content, DocumentType="Command") == (
        "InvalidDocumentContent",
        'Parameter "PackageVersion" is not declared.',
    )
