"""``SSMFake``: the handle a test gets from an active mock, to look at and steer the fake.

    with mock_ssm() as ssm:
        client = boto3.client("ssm", region_name="us-east-1")
        client.put_parameter(Name="/app/db", Value="x", Type="String")
        ssm.inject_error("GetParameter", "ThrottlingException", times=1)
        client.get_parameter(Name="/app/db")          # botocore retries once
        assert [c.error_code for c in ssm.calls] == [None, "ThrottlingException", None]

What the service itself does lives in ``backend/``; the handle only reaches into it, after
checking its arguments (``arguments.py``) so that a wrong one fails where it is passed.
A handle belongs to one activation: once its mock stops, its methods raise (its ``calls``
stay readable, to assert on after a ``with`` block).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from botocore.credentials import Credentials

from . import arguments
from .backend.state import ServiceState
from .clock import Clock
from .faults import FaultPlan
from .journal import Journal

if TYPE_CHECKING:
    from .backend.automation.scripts import ScriptRunner
    from .backend.commands.outcomes import CommandHandler
    from .backend.parameters.kms import KmsHandle

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"
# Access keys from credentials(account_id) carry the account: "SSMF" + 12 digits + "FAKE".
_KEY_PREFIX = "SSMF"
_KEY_SUFFIX = "FAKE"


class SSMFake:
    """State and controls of one active fake service (all accounts and regions)."""

    def __init__(self, account_id: str = DEFAULT_ACCOUNT, region: str = DEFAULT_REGION) -> None:
        self.account_id = arguments.account_id("SSMFake(account_id=...)", account_id)
        self.region = arguments.region("SSMFake(region=...)", region)
        #: Every call the fake answered, in order: a sequence of ``journal.CallRecord``.
        self.calls = Journal()
        self.faults = FaultPlan()
        self.service = ServiceState(account_id, region)
        self._stopped = False

    def mark_stopped(self) -> None:
        """Called by the mock when its last activation stops: the handle's methods refuse from now on."""
        self._stopped = True

    def _require_running(self, method: str) -> None:
        if self._stopped:
            raise RuntimeError(
                f"SSMFake.{method}() was called after its mock_ssm stopped, so the fake it steered is gone. "
                "Call it inside the `with mock_ssm() as ssm:` block or the decorated test, or start a new "
                "mock and use the handle it returns."
            )

    @property
    def clock(self) -> Clock:
        """The service's clock: ``now()``, ``freeze(at)``, ``advance(seconds)``, ``unfreeze()``."""
        self._require_running("clock")
        return self.service.clock

    def add_instance(
        self,
        instance_id: str | None = None,
        *,
        platform: str = "Linux",
        region: str | None = None,
        account_id: str | None = None,
        tags: dict[str, str] | None = None,
        ping_status: str = "Online",
        **attributes: Any,
    ) -> str:
        """Put a running EC2 instance under management; returns its id (``i-`` + 17 hex digits
        unless given). ``tags``: a dict, or boto3's ``[{"Key": ..., "Value": ...}]`` list.
        ``attributes``: InstanceInformation fields in snake_case, e.g. ``computer_name="web-1"``,
        ``agent_version="3.2.0.0"``, ``association_status="Failed"``."""
        from .backend.instances import nodes as instances

        self._require_running("add_instance")
        arguments.optional_text("add_instance(instance_id=...)", instance_id)
        arguments.text("add_instance(platform=...)", platform)
        arguments.text("add_instance(ping_status=...)", ping_status)
        node_tags = arguments.tags("add_instance(tags=...)", tags)
        region = self.region if region is None else arguments.region("add_instance(region=...)", region)
        if account_id is None:
            account_id = self.account_id
        arguments.account_id("add_instance(account_id=...)", account_id)
        with self.service.lock:
            return instances.add_instance(
                self.service,
                account_id,
                region,
                instance_id,
                platform=platform,
                tags=node_tags,
                ping_status=ping_status,
                attributes=attributes,
            )

    def register_instance(
        self,
        activation_id: str,
        activation_code: str,
        *,
        region: str | None = None,
        platform: str = "Linux",
        **attributes: Any,
    ) -> str:
        """Do what SSM Agent does on a hybrid machine: register with an activation and return
        the new ``mi-`` id. Raises ``ssm_fake.errors.InvalidActivationId`` /
        ``InvalidActivation`` for an unknown, mismatched, expired or exhausted activation.
        The activation is looked up in ``region`` when given, else wherever it was created."""
        from .backend.instances import nodes as instances

        self._require_running("register_instance")
        arguments.text("register_instance(activation_id)", activation_id)
        arguments.text("register_instance(activation_code)", activation_code)
        arguments.text("register_instance(platform=...)", platform)
        if region is not None:
            arguments.region("register_instance(region=...)", region)
        with self.service.lock:
            return instances.register_instance(
                self.service, activation_id, activation_code, region=region, platform=platform, attributes=attributes
            )

    def set_command_outcome(
        self,
        *,
        document_name: str | None = None,
        instance_id: str | None = None,
        status: str = "Success",
        response_code: int = 0,
        stdout: str = "",
        stderr: str = "",
        duration: float = 0,
    ) -> None:
        """How later command invocations matching ``document_name``/``instance_id`` (None
        matches all) end; the most recent matching rule wins. Each plugin stays InProgress
        for ``duration`` seconds of clock time, then shows the outcome. See docs/commands.md.

        An ``instance_id`` that is not a managed node's id raises ``ValueError``; one that no
        managed node has yet warns (``UserWarning``): the rule matches a node added later."""
        from .backend.commands import outcomes as command_outcomes

        self._require_running("set_command_outcome")
        arguments.optional_text("set_command_outcome(document_name=...)", document_name)
        arguments.text("set_command_outcome(status=...)", status)
        outcome = command_outcomes.CommandOutcome(status, response_code, stdout, stderr, duration)
        with self.service.lock:
            if instance_id is not None:
                self._check_node(instance_id)
            command_outcomes.add_rule(self.service, document_name, instance_id, outcome)

    def _check_node(self, instance_id: object) -> None:
        from .backend.instances import nodes as instances

        where = "set_command_outcome(instance_id=...)"
        if not isinstance(instance_id, str) or not instances.ANY_INSTANCE_ID.fullmatch(instance_id):
            raise ValueError(
                f"{where} takes a managed node id as add_instance() or register_instance() returns it "
                f"('i-' and 8 or 17 hex digits, or 'mi-' and 17), or None for every node; got {instance_id!r}"
            )
        if not any(instance_id in registry.nodes for registry in self.service.existing(instances.InstanceRegistry)):
            warnings.warn(
                f"{where}: no managed node {instance_id} exists yet, in any account or region; the rule will "
                "only match if a node with that id is added later (add_instance(instance_id=...))",
                UserWarning,
                stacklevel=3,
            )

    def set_command_handler(self, handler: CommandHandler | None) -> None:
        """Let ``handler(run)`` decide each plugin run's outcome (return a CommandOutcome, a
        dict of its fields, or None to fall back to the outcome rules); None removes it.
        ``ssm_fake.LocalShellHandler()`` runs ``aws:runShellScript`` commands for real."""
        from .backend.commands import outcomes as command_outcomes

        self._require_running("set_command_handler")
        arguments.callable_or_none("set_command_handler(handler)", handler)
        with self.service.lock:
            command_outcomes.set_handler(self.service, handler)

    def set_script_runner(self, runner: ScriptRunner | None) -> None:
        """Let ``runner(run)`` run the scripts of ``aws:executeScript`` automation steps (it gets
        a ScriptRun and returns the handler's result); None turns scripts off again, so their
        steps fail saying so. ``ssm_fake.LocalScriptRunner()`` runs python3.x scripts in-process."""
        from .backend.automation import scripts

        self._require_running("set_script_runner")
        with self.service.lock:
            scripts.set_runner(self.service, runner)

    def set_task_outcome(
        self,
        *,
        task_type: str,
        window_id: str | None = None,
        status: str = "SUCCESS",
        status_details: str = "",
        output: Any = None,
        duration: float = 0,
    ) -> None:
        """How later maintenance-window invocations of ``task_type`` ("LAMBDA" or
        "STEP_FUNCTIONS") in ``window_id`` (None: any window) end; the most recent matching
        rule wins. ``status``: SUCCESS, FAILED, TIMED_OUT or CANCELLED; each invocation stays
        IN_PROGRESS for ``duration`` seconds of clock time. See docs/maintenance-windows.md."""
        from .backend.maintenance_windows import outcomes as task_outcomes

        self._require_running("set_task_outcome")
        arguments.text("set_task_outcome(task_type=...)", task_type)
        arguments.optional_text("set_task_outcome(window_id=...)", window_id)
        arguments.text("set_task_outcome(status=...)", status)
        outcome = task_outcomes.TaskOutcome(status, status_details, output, duration)
        with self.service.lock:
            task_outcomes.add_rule(self.service, task_type, window_id, outcome)

    def set_public_parameter(self, name: str, value: str, *, region: str | None = None) -> None:
        """Pin the value of a public ``/aws/service/...`` parameter (an AMI alias, global infrastructure)
        that every account reads, in ``region`` or, without one, in every region; its version grows
        by one. A name the catalogue lacks is added. See docs/parameters.md."""
        from .backend.parameters import public

        self._require_running("set_public_parameter")
        arguments.text("set_public_parameter(name)", name)
        arguments.text("set_public_parameter(value)", value)
        if region is not None:
            arguments.region("set_public_parameter(region=...)", region)
        with self.service.lock:
            public.pin(self.service, name, value, region, self.service.clock.now())

    @property
    def kms(self) -> KmsHandle:
        """The accounts' KMS keys for SecureString: ``kms.create_key(alias="alias/app")`` returns its
        ``KeyId`` and ``Arn``; once any key is declared, unknown keys and aliases are ``InvalidKeyId``."""
        from .backend.parameters.kms import KmsHandle

        self._require_running("kms")
        return KmsHandle(self.service, self.account_id, self.region)

    def inject_error(self, operation: str, code: str, *, message: str = "", times: int = 1, status: int = 400) -> None:
        """Make the next ``times`` calls of ``operation`` fail with ``code`` before being looked at."""
        from . import model

        self._require_running("inject_error")
        if not isinstance(operation, str) or operation not in model.operation_names():
            raise ValueError(f"{operation!r} is not an SSM action; use the API name, e.g. 'GetParameter'")
        arguments.error_code("inject_error(code)", code)
        if not isinstance(message, str):
            raise TypeError(f"inject_error(message=...) takes a string, not {message!r}")
        arguments.whole_number("inject_error(times=...)", times)
        arguments.whole_number("inject_error(status=...)", status)
        with self.service.lock:
            self.faults.add(operation, code, message, times, status)

    def credentials(self, account_id: str) -> dict[str, str]:
        """Keyword arguments for ``boto3.client("ssm", **...)`` whose calls act as ``account_id``."""
        self._require_running("credentials")
        arguments.account_id("credentials(account_id)", account_id)
        return _keys(account_id)

    def account_for(self, access_key_id: str | None) -> str:
        """The account a request acts as: the one in a key from ``credentials()``, else the default."""
        if (
            access_key_id is not None
            and len(access_key_id) == 20
            and access_key_id.startswith(_KEY_PREFIX)
            and access_key_id[4:16].isdigit()
        ):
            return access_key_id[4:16]
        return self.account_id

    def reset(self) -> None:
        """Forget everything: resources in every account and region, calls, planned errors, clock."""
        self._require_running("reset")
        with self.service.lock:
            self.calls.clear()
            self.faults.clear()
            self.service.clear()

    def placeholder_credentials(self) -> Credentials:
        """What a client with no credentials signs with under the mock: the default account."""
        keys = _keys(self.account_id)
        return Credentials(keys["aws_access_key_id"], keys["aws_secret_access_key"])

    def __repr__(self) -> str:
        state = " stopped" if self._stopped else ""
        return f"<SSMFake account={self.account_id} region={self.region} calls={len(self.calls)}{state}>"


def _keys(account_id: str) -> dict[str, str]:
    return {
        "aws_access_key_id": f"{_KEY_PREFIX}{account_id}{_KEY_SUFFIX}",
        "aws_secret_access_key": f"ssm-fake-secret-{account_id}",
        "aws_session_token": f"ssm-fake-session-{account_id}",
    }
