"""The KMS keys a SecureString may name, as far as Parameter Store needs them.

There is no KMS here: a test declares the keys and aliases an account has, through the
handle, and from then on PutParameter refuses the ones that do not exist, as the service
does::

    key = ssm.kms.create_key(alias="alias/app")          # {"KeyId": "…", "Arn": "arn:aws:kms:…"}
    client.put_parameter(Name="/db", Value="s", Type="SecureString", KeyId="alias/app")
    client.put_parameter(..., KeyId="alias/missing")      # InvalidKeyId: Alias arn:…:alias/missing is not found.

Without any declaration every well-formed key id is accepted (tests that never think about
KMS keep working); ``alias/aws/ssm``, the AWS managed key, always exists.
"""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING, Any

from ...errors import InvalidKeyId
from ..state import ACCOUNT_ID, RegionState

if TYPE_CHECKING:
    from ..state import ServiceState

DEFAULT_KEY_ID = "alias/aws/ssm"
_KMS_ARN = r"arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:"
_WHERE = r"arn:aws[a-z-]*:kms:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
_KEY = r"(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-f]{32})"
_ALIAS = r"alias/[A-Za-z0-9/_-]+"
KEY_ID = re.compile(rf"{_KEY}|{_KMS_ARN}key/{_KEY}|(?:{_KMS_ARN})?{_ALIAS}")
_KEY_ARN = re.compile(rf"{_WHERE}key/(?P<key>{_KEY})")
_ALIAS_ARN = re.compile(rf"{_WHERE}(?P<alias>{_ALIAS})")


class KmsKeys(RegionState):
    """The keys and aliases a test declared in one account and region."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.keys: set[str] = set()
        self.aliases: dict[str, str] = {}

    def key_arn(self, key_id: str) -> str:
        return f"arn:aws:kms:{self.region}:{self.account_id}:key/{key_id}"

    def alias_arn(self, alias: str) -> str:
        return f"arn:aws:kms:{self.region}:{self.account_id}:{alias}"


def check_key(service: ServiceState, account_id: str, region: str, key_id: str) -> None:
    """InvalidKeyId unless ``key_id`` names a key or alias that exists, once a test declared any.
    The messages are KMS's, as Parameter Store passes them on: "InvalidKeyId: Alias
    arn:aws:kms:us-west-2:271462348125:alias/parameter_store_key is not found. (Service: AWSKMS;
    Status Code: 400; Error Code: NotFoundException; Request ID: …)" (cloudposse/docs issue 152,
    segmentio/chamber issue 16) and "Key 'arn:aws:kms:us-east-1:123123123:key/0f9b04ee-…' does not
    exist (Service: AWSKMS; Status Code: 400; Error Code: NotFoundException; Request ID: …; Proxy:
    null)" (binxio/aws-ssm-copy issue 10)."""
    if key_id == DEFAULT_KEY_ID or not any(state.keys for state in service.existing(KmsKeys)):
        return
    if match := _KEY_ARN.fullmatch(key_id):
        keys = service.state(KmsKeys, match["account"], match["region"])
        if match["key"] not in keys.keys:
            raise InvalidKeyId(_not_found(f"Key '{key_id}' does not exist"))
        return
    if match := _ALIAS_ARN.fullmatch(key_id):
        keys = service.state(KmsKeys, match["account"], match["region"])
        alias = match["alias"]
    elif key_id.startswith("alias/"):
        keys, alias = service.state(KmsKeys, account_id, region), key_id
    else:
        keys = service.state(KmsKeys, account_id, region)
        if key_id not in keys.keys:
            raise InvalidKeyId(_not_found(f"Key '{keys.key_arn(key_id)}' does not exist"))
        return
    if alias != DEFAULT_KEY_ID and alias not in keys.aliases:
        raise InvalidKeyId(_not_found(f"Alias {keys.alias_arn(alias)} is not found."))


def _not_found(text: str) -> str:
    return (
        f"{text} (Service: AWSKMS; Status Code: 400; Error Code: NotFoundException; "
        f"Request ID: {uuid.uuid4()}; Proxy: null)"
    )


class KmsHandle:
    """``ssm.kms``: declare the account's KMS keys and aliases for SecureString parameters."""

    def __init__(self, service: ServiceState, default_account: str, default_region: str) -> None:
        self._service = service
        self._account = default_account
        self._region = default_region

    def create_key(
        self, *, alias: str | None = None, account_id: str | None = None, region: str | None = None
    ) -> dict[str, str]:
        """A new symmetric key (and ``alias`` for it, ``alias/…``); returns its ``KeyId`` and ``Arn``."""
        keys = self._keys(account_id, region)
        key_id = str(uuid.uuid4())
        with self._service.lock:
            keys.keys.add(key_id)
            if alias is not None:
                self._add_alias(keys, alias, key_id)
        return {"KeyId": key_id, "Arn": keys.key_arn(key_id)}

    def create_alias(
        self, alias: str, key_id: str, *, account_id: str | None = None, region: str | None = None
    ) -> None:
        """Point ``alias`` (``alias/…``) at a key declared with ``create_key`` (its id or ARN)."""
        keys = self._keys(account_id, region)
        bare = key_id.rsplit("/", 1)[-1]
        with self._service.lock:
            if bare not in keys.keys:
                raise ValueError(f"no key {key_id!r} in {keys.account_id}/{keys.region}: create it with create_key()")
            self._add_alias(keys, alias, bare)

    def _keys(self, account_id: str | None, region: str | None) -> KmsKeys:
        account = account_id or self._account
        if not ACCOUNT_ID.fullmatch(account):
            raise ValueError(f"account_id must be 12 digits, got {account!r}")
        with self._service.lock:
            return self._service.state(KmsKeys, account, region or self._region)

    @staticmethod
    def _add_alias(keys: KmsKeys, alias: str, key_id: str) -> None:
        if not re.fullmatch(_ALIAS, alias) or alias.startswith("alias/aws/"):
            raise ValueError(f"alias must look like 'alias/name' and not start with 'alias/aws/', got {alias!r}")
        if alias in keys.aliases:
            raise ValueError(f"alias {alias!r} already exists in {keys.account_id}/{keys.region}")
        keys.aliases[alias] = key_id

    def __repr__(self) -> str:
        return f"<ssm.kms account={self._account} region={self._region}>"
