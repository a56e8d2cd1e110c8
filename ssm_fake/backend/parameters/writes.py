"""PutParameter: the one way a parameter or a new version of it comes to be.

The checks run in the service's order, and nothing changes before all of them pass, so a
failed PutParameter leaves the store as it was. The rules the model cannot express live
here: reserved prefixes and hierarchy depth of names, type changes, KMS key ids, data types
(each checks its values), allowed patterns, tiers and their value sizes, parameter policies
(an Expiration policy deletes the parameter when the fake's clock reaches it) and the
100-version history::

    client.put_parameter(Name="/app/db", Value="x", Type="SecureString", Tier="Intelligent-Tiering")
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from ...errors import (
    HierarchyLevelLimitExceededException,
    HierarchyTypeMismatchException,
    IncompatiblePolicyException,
    InvalidAllowedPatternException,
    InvalidKeyId,
    InvalidPolicyAttributeException,
    InvalidPolicyTypeException,
    ParameterAlreadyExists,
    ParameterLimitExceeded,
    ParameterMaxVersionLimitExceeded,
    ParameterPatternMismatchException,
    PoliciesLimitExceededException,
    ValidationException,
)
from ...validation import compile_pattern
from ..registry import Reply, Request, handles
from ..shared.tags import apply_tags
from ..state import RequestContext
from .data_types import ADVANCED_DATA_TYPES, checked_data_type, well_formed_ami
from .kms import DEFAULT_KEY_ID, KEY_ID, check_key
from .store import (
    NAME,
    READ_NAME_MESSAGE,
    Parameter,
    ParameterStore,
    ParameterVersion,
    Policy,
    canonical,
    check_reserved,
)

STANDARD, ADVANCED, INTELLIGENT = "Standard", "Advanced", "Intelligent-Tiering"
POLICY_TYPES = ("Expiration", "ExpirationNotification", "NoChangeNotification")

# Expiration's Timestamp: ISO_INSTANT or ISO_OFFSET_DATE_TIME, so a time and a zone are both required.
_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}(?::\d{2})?)", re.ASCII
)
_NESTED = re.compile(r"\{\{.*\}\}", re.DOTALL)
_LIST_SEPARATOR = re.compile(r" *, *")


@handles("PutParameter")
def put_parameter(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(ParameterStore)
    name = _name(store, request["Name"])
    value: str = request["Value"]
    overwrite = request.get("Overwrite") or False
    tags = request.get("Tags")
    if not value:
        # Value is sensitive, so the service does not quote it: "1 validation error detected: Value at
        # 'value' failed to satisfy constraint: Member must have length greater than or equal to 1"
        # (ministryofjustice/modernisation-platform PR 8116).
        raise ValidationException(
            "1 validation error detected: Value at 'value' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1"
        )
    if overwrite and tags:
        raise ValidationException(
            "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please "
            "remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or "
            "RemoveTagsFromResource."
        )
    key = canonical(name)
    parameter = store.parameters.get(key)
    if parameter is not None and not overwrite:
        raise ParameterAlreadyExists(
            "The parameter already exists. To overwrite this value, set the overwrite option in the request to true."
        )
    previous = parameter.latest if parameter is not None else None
    version = _new_version(ctx, store, request, name, previous, value)
    if version.data_type == "aws:ec2:image" and not well_formed_ami(version.value):
        # The service checks AMI ids after replying; a bad one is then silently not stored.
        return {"Version": version.version, "Tier": version.tier}
    if parameter is None:
        if store.tier_counts[version.tier] >= _limit(store, version.tier):
            raise ParameterLimitExceeded(_limit_message(store, version.tier))
        parameter = Parameter(name, key, store.arn_of(key), version)
        if tags:
            apply_tags(parameter.tags, tags, "Parameter")
        store.add(parameter)
    else:
        _add_version(store, parameter, version)
    fresh = [p for p in version.policies if p.expires and (previous is None or p not in previous.policies)]
    if fresh:
        _schedule_expiry(ctx, store, parameter, fresh)
    return {"Version": version.version, "Tier": version.tier}


def _name(store: ParameterStore, raw: str) -> str:
    """PutParameter's name rules, in the service's order; returns the name without surrounding spaces."""
    name = raw.strip(" ")
    bare = name.lstrip("/")
    check_reserved(name)
    if not NAME.fullmatch(name):
        # A space or an "@" gets the service's one name message (boto/boto3 issue 1499: 'Dev MySQL DB';
        # aws/aws-sdk-php issue 1952: '/myPrefix/xmpt/support@gmail.com', 'smpt/support').
        raise ValidationException(READ_NAME_MESSAGE)
    if name.count("/") > 15:
        raise HierarchyLevelLimitExceededException(
            "A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints "
            "for parameter names in the Amazon Web Services Systems Manager User Guide."
        )
    if len(bare) > store.name_room:
        prefix = store.arn("parameter/")
        raise ValidationException(
            f"Parameter name is too long: {len(bare)} characters after its {len(prefix)}-character ARN prefix "
            f"{prefix!r}; name and prefix together may have at most {store.MAX_NAME_WITH_ARN} characters."
        )
    return name


def _limit(store: ParameterStore, tier: str) -> int:
    return store.STANDARD_LIMIT if tier == STANDARD else store.ADVANCED_LIMIT


def _limit_message(store: ParameterStore, tier: str) -> str:
    """As the service words it: "ParameterLimitExceeded: You have reached the maximum number of standard
    parameters for this AWS account and Region (10000). To add more parameters, either delete existing
    parameters or upgrade to the advanced-parameter tier (charges apply)."
    (NordicSemiconductor/asset-tracker-cloud-aws-js issue 514; pulumi/docs issue 11478.) The advanced
    tier's wording is the fake's, after it."""
    if tier == STANDARD:
        return (
            f"You have reached the maximum number of standard parameters for this AWS account and Region "
            f"({store.STANDARD_LIMIT}). To add more parameters, either delete existing parameters or upgrade "
            "to the advanced-parameter tier (charges apply)."
        )
    return (
        f"You have reached the maximum number of advanced parameters for this AWS account and Region "
        f"({store.ADVANCED_LIMIT}). To add more parameters, delete existing advanced parameters."
    )


def _new_version(
    ctx: RequestContext,
    store: ParameterStore,
    request: Request,
    name: str,
    previous: ParameterVersion | None,
    value: str,
) -> ParameterVersion:
    """The version a PutParameter request would make; raises for any rule it breaks, changing nothing."""
    type_: str | None = request.get("Type")
    if previous is None and type_ is None:
        raise ValidationException("A parameter type is required when you create a parameter.")
    # A flat parameter may change type on overwrite (SecureString -> String: hashicorp/terraform-provider-aws
    # TestAccSSMParameter_updateType applies it in place). Within a hierarchy the model's error shape holds:
    # "Parameter Store doesn't support changing a parameter type in a hierarchy".
    if previous is not None and type_ is not None and type_ != previous.type and "/" in name.lstrip("/"):
        raise HierarchyTypeMismatchException(
            "Parameter Store doesn't support changing a parameter type in a hierarchy. For example, you can't "
            "change a parameter from a String type to a SecureString type. You must create a new, unique parameter."
        )
    if type_ is None:
        assert previous is not None
        type_ = previous.type
    if "{{" in value and _NESTED.search(value):
        raise ValidationException('Parameter value can\'t nest another parameter. Do not use "{{}}" in the value.')
    if type_ == "StringList":
        value = _LIST_SEPARATOR.sub(",", value)
    key_id = _key_id(ctx, request.get("KeyId"), type_, previous)
    data_type = checked_data_type(request.get("DataType"), previous, type_, value)
    pattern = _allowed_pattern(request.get("AllowedPattern"), previous, value)
    policies = _policies(ctx, request.get("Policies"), previous)
    needs_advanced = "Parameter policies are" if policies else None
    if data_type in ADVANCED_DATA_TYPES:
        needs_advanced = f"The {data_type} data type is"
    tier = _tier(store, request.get("Tier"), previous, value, needs_advanced)
    description = request.get("Description")
    return ParameterVersion(
        version=previous.version + 1 if previous else 1,
        value=value,
        type=type_,
        key_id=key_id,
        description=description if description is not None else (previous.description if previous else ""),
        allowed_pattern=pattern,
        tier=tier,
        data_type=data_type,
        policies=policies,
        modified=ctx.now,
        user=store.user,
        labels=[],
    )


def _key_id(ctx: RequestContext, given: str | None, type_: str, previous: ParameterVersion | None) -> str | None:
    if type_ != "SecureString":
        if given is not None:
            raise ValidationException("KeyId is required for SecureString type parameter only.")
        return None
    if given is None:
        return previous.key_id if previous is not None and previous.key_id else DEFAULT_KEY_ID
    if not KEY_ID.fullmatch(given):
        raise InvalidKeyId(f"Invalid KeyId {given}: use a KMS key id, key ARN, alias name (alias/...) or alias ARN.")
    check_key(ctx.service, ctx.account_id, ctx.region, given)
    return given


def _allowed_pattern(given: str | None, previous: ParameterVersion | None, value: str) -> str:
    pattern = given if given is not None else (previous.allowed_pattern if previous else "")
    if not pattern:
        return ""
    try:
        compiled = compile_pattern(pattern)
    except re.error as error:
        raise InvalidAllowedPatternException(
            f"The request doesn't meet the regular expression requirement: {pattern!r} is not a valid "
            f"regular expression ({error})."
        ) from None
    if not compiled.fullmatch(value):
        raise ParameterPatternMismatchException(
            f"Parameter value, cannot be validated against allowedPattern: {pattern}"
        )
    return pattern


def _tier(
    store: ParameterStore, requested: str | None, previous: ParameterVersion | None, value: str, feature: str | None
) -> str:
    """The tier a version gets; ``feature`` names what it uses that needs the advanced tier ("Parameter
    policies are", "The json data type is"), if anything."""
    current = previous.tier if previous else None
    size = len(value)
    if requested == INTELLIGENT:
        needs_advanced = (
            current == ADVANCED
            or size > store.STANDARD_VALUE_LIMIT
            or feature is not None
            or (current is None and store.tier_counts[STANDARD] >= store.STANDARD_LIMIT)
        )
        tier = ADVANCED if needs_advanced else STANDARD
    else:
        tier = requested or current or STANDARD
    if tier == STANDARD and current == ADVANCED:
        raise ValidationException(
            "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the "
            "advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced "
            "parameter and recreate it as a standard parameter."
        )
    if tier == STANDARD and size > store.STANDARD_VALUE_LIMIT:
        # The service's words, link included (aws/aws-sdk-net issue 3157).
        raise ValidationException(
            f"Standard tier parameters support a maximum parameter value of {store.STANDARD_VALUE_LIMIT} characters. "
            "To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more "
            "information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/"
            "parameter-store-advanced-parameters.html"
        )
    if size > store.ADVANCED_VALUE_LIMIT:
        raise ValidationException(
            "The specified parameter value is too large. Advanced-tier parameters support a maximum parameter "
            f"value of {store.ADVANCED_VALUE_LIMIT} characters."
        )
    if feature is not None and tier != ADVANCED:
        raise ValidationException(
            f"{feature} supported only for advanced-tier parameters. Set Tier to Advanced or Intelligent-Tiering."
        )
    return tier


def _add_version(store: ParameterStore, parameter: Parameter, version: ParameterVersion) -> None:
    """Make ``version`` the latest, dropping the oldest when 100 are kept (unless it is labelled)."""
    upgrade = version.tier != parameter.latest.tier
    if upgrade and store.tier_counts[version.tier] >= _limit(store, version.tier):
        raise ParameterLimitExceeded(_limit_message(store, version.tier))
    if len(parameter.versions) >= store.MAX_VERSIONS:
        oldest = next(iter(parameter.versions.values()))
        if oldest.labels:
            raise ParameterMaxVersionLimitExceeded(
                f"You attempted to create a new version of {parameter.name} by calling the PutParameter API with "
                f"the overwrite flag. Version {oldest.version}, the oldest version, can't be deleted because it has "
                "a label associated with it. Move the label to another version of the parameter, and try again."
            )
        del parameter.versions[oldest.version]
    if upgrade:
        store.tier_counts[parameter.latest.tier] -= 1
        store.tier_counts[version.tier] += 1
    parameter.versions[version.version] = version
    parameter.latest = version


# --- Policies ------------------------------------------------------------------------------------


def _policies(ctx: RequestContext, text: str | None, previous: ParameterVersion | None) -> tuple[Policy, ...]:
    """Parsed ``Policies``; an update without them keeps the previous version's (and their timers)."""
    if text is None:
        return previous.policies if previous else ()
    try:
        items = json.loads(text)
    except ValueError:
        items = None
    if not isinstance(items, list):
        raise ValidationException(
            'Policies must be a JSON array of policy objects, e.g. [{"Type":"Expiration","Version":"1.0",'
            '"Attributes":{"Timestamp":"2030-01-01T00:00:00.000Z"}}].'
        )
    if len(items) > 10:
        raise PoliciesLimitExceededException(
            "You specified more than the maximum number of allowed policies for the parameter. The maximum is 10."
        )
    policies = tuple(_policy(ctx, item) for item in items)
    kinds = [policy.type for policy in policies]
    if len(set(kinds)) != len(kinds):
        raise IncompatiblePolicyException(
            "There is a conflict in the policies specified for this parameter. You can't, for example, specify two "
            "Expiration policies for a parameter. Review your policies, and try again."
        )
    return policies


def _policy(ctx: RequestContext, item: Any) -> Policy:
    if not isinstance(item, dict) or not isinstance(item.get("Attributes"), dict):
        raise InvalidPolicyAttributeException(
            f"A policy attribute or its value is invalid: each policy needs Type, Version and Attributes; got {item!r}."
        )
    kind = item.get("Type")
    if kind not in POLICY_TYPES:
        raise InvalidPolicyTypeException(
            f"The policy type {kind!r} isn't supported. Parameter Store supports the following policy types: "
            "Expiration, ExpirationNotification, and NoChangeNotification."
        )
    attributes: dict[str, Any] = item["Attributes"]
    if item.get("Version", "1.0") != "1.0":
        raise InvalidPolicyAttributeException(f"Policy Version must be 1.0, got {item.get('Version')!r}.")
    expires = None
    if kind == "Expiration":
        expires = _expiry(ctx, attributes)
    else:
        count_name = "Before" if kind == "ExpirationNotification" else "After"
        count = attributes.get(count_name)
        if set(attributes) != {count_name, "Unit"} or not (
            isinstance(count, str) and count.isascii() and count.isdigit() and int(count) > 0
        ):
            raise InvalidPolicyAttributeException(
                f"A policy attribute or its value is invalid: {kind} takes {count_name} (a positive whole number "
                f'as a string) and Unit ("Days" or "Hours"); got {attributes!r}.'
            )
        if attributes["Unit"] not in ("Days", "Hours"):
            raise InvalidPolicyAttributeException(f'Unit must be "Days" or "Hours", got {attributes["Unit"]!r}.')
    return Policy(kind, json.dumps(item, separators=(",", ":")), expires)


def _expiry(ctx: RequestContext, attributes: dict[str, Any]) -> datetime:
    stamp = attributes.get("Timestamp")
    when = None
    if set(attributes) == {"Timestamp"} and isinstance(stamp, str) and _TIMESTAMP.fullmatch(stamp):
        try:
            when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            when = None
    if when is None:
        raise InvalidPolicyAttributeException(
            "A policy attribute or its value is invalid: Expiration takes one attribute, Timestamp, a date and time "
            "in the ISO_INSTANT (2030-01-01T00:00:00.000Z) or ISO_OFFSET_DATE_TIME (2030-01-01T10:30:00+10:30) "
            f"format; got {attributes!r}."
        )
    if when <= ctx.now:
        raise InvalidPolicyAttributeException(f"The Expiration Timestamp {stamp} is not in the future.")
    return when


def _schedule_expiry(ctx: RequestContext, store: ParameterStore, parameter: Parameter, fresh: list[Policy]) -> None:
    """Each new Expiration policy deletes the parameter when the clock reaches its time, unless a later
    version replaced the policy by then (an update without Policies keeps the same policy objects)."""
    for policy in fresh:
        assert policy.expires is not None

        def expire(policy: Policy = policy) -> None:
            if store.parameters.get(parameter.key) is parameter and policy in parameter.latest.policies:
                store.remove(parameter)

        ctx.service.clock.call_at(policy.expires, expire)
