"""Policy JSON text -> typed model, with every broken rule named and located.

The parser collects every error it can find in one pass and raises `PolicyParseError` with all
of them; it never raises anything else, whatever the input.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime

from bedrock_gov.catalog import actions as action_catalog
from bedrock_gov.catalog.iam import LEGACY_POLICY_VERSION, POLICY_VERSION
from bedrock_gov.catalog.limits import CURRENT, ScpLimits
from bedrock_gov.policy.jsontext import Document, JsonTextError, JsonValue, Position, pointer_token, read_json
from bedrock_gov.policy.model import Condition, Issue, Policy, Severity, Statement
from bedrock_gov.policy.operators import ParsedOperator, parse_operator
from bedrock_gov.policy.principals import statement_principals

POLICY_KEYS = {"Version", "Id", "Statement"}
STATEMENT_KEYS = {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"}
_SID = re.compile(r"[A-Za-z0-9]*")
_ACTION = re.compile(r"[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+")


class PolicyParseError(Exception):
    """The policy cannot be used; `issues` lists every error found, each with its place."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))


class _Collector:
    def __init__(self, document: Document, source: str, resource_policy: bool = False) -> None:
        self.document = document
        self.source = source
        self.resource_policy = resource_policy
        self.issues: list[Issue] = []

    def add(
        self, rule: str, message: str, pointer: str, severity: Severity = Severity.ERROR, *, at_key: bool = False
    ) -> None:
        position = self.document.position(pointer, key=at_key)
        self.issues.append(Issue(rule, message, pointer, position, severity, self.source))

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity is Severity.ERROR]


def parse_policy(
    text: str,
    name: str = "policy",
    *,
    limits: ScpLimits | None = CURRENT,
    check_actions: bool = True,
    resource_policy: bool = False,
) -> Policy:
    """Parse one SCP document. `limits=None` skips the size check (the linter reports it itself).
    `resource_policy=True` reads a resource-based policy instead: every statement then needs a
    Principal or NotPrincipal, and no SCP size limit applies."""
    try:
        document = read_json(text)
    except JsonTextError as error:
        issue = Issue(error.rule, error.message, error.pointer, error.position, Severity.ERROR, name)
        raise PolicyParseError([issue]) from None
    collector = _Collector(document, name, resource_policy)
    limits = None if resource_policy else limits
    policy = _read_policy(document.value, collector, name, text, check_actions)
    if limits is not None and (size_issue := oversize_issue(text, name, limits, document)) is not None:
        collector.issues.append(size_issue)
    if collector.errors or policy is None:
        raise PolicyParseError(collector.errors)
    warnings = tuple(issue for issue in collector.issues if issue.severity is not Severity.ERROR)
    return Policy(
        name=policy.name,
        statements=policy.statements,
        text=text,
        version=policy.version,
        policy_id=policy.policy_id,
        warnings=warnings,
    )


def oversize_issue(text: str, name: str, limits: ScpLimits, document: Document | None = None) -> Issue | None:
    """An error if `text` is over the SCP character limit, saying by how much and whether
    uploading it minified would fit."""
    if len(text) <= limits.max_characters:
        return None
    message = (
        f"the policy is {len(text):,} characters; the SCP limit is {limits.max_characters:,} "
        f"({limits.description}), {len(text) - limits.max_characters:,} over"
    )
    minified = _minified_length(document)
    if minified is not None and minified <= limits.max_characters:
        message += f"; minified it is {minified:,} characters and would fit"
    position = document.position("") if document else Position(1, 1)
    return Issue("scp-too-large", message, "", position, Severity.ERROR, name)


def _minified_length(document: Document | None) -> int | None:
    if document is None:
        return None
    return len(json.dumps(document.value, separators=(",", ":"), ensure_ascii=False))


def _read_policy(value: JsonValue, out: _Collector, name: str, text: str, check_actions: bool) -> Policy | None:
    if not isinstance(value, dict):
        out.add("not-an-object", "a policy must be a JSON object", "")
        return None
    for key in value:
        if key in {"Principal", "NotPrincipal"}:
            out.add("principal-in-scp", f"'{key}' is not allowed in an SCP", f"/{pointer_token(key)}", at_key=True)
        elif key not in POLICY_KEYS:
            out.add("unknown-element", _unknown(key, POLICY_KEYS), f"/{pointer_token(key)}", at_key=True)
    version = value.get("Version")
    if version is None:
        out.add("bad-version", f"'Version' is missing; SCPs must say \"{POLICY_VERSION}\"", "")
    elif out.resource_policy and version == LEGACY_POLICY_VERSION:
        if "${" in text:
            out.add(
                "legacy-version-variables",
                f"in a \"{LEGACY_POLICY_VERSION}\" policy '${{...}}' is literal text, not a policy variable; "
                "this evaluator does not read it that way, so it cannot decide this policy",
                "/Version",
            )
    elif version != POLICY_VERSION:
        out.add("bad-version", f"'Version' must be \"{POLICY_VERSION}\", not {version!r}", "/Version")
    policy_id = value.get("Id")
    if policy_id is not None and not isinstance(policy_id, str):
        out.add("wrong-value-type", "'Id' must be a string", "/Id")
    raw = value.get("Statement")
    if raw is None:
        out.add("missing-statement", "'Statement' is missing", "")
        return None
    items: list[tuple[str, JsonValue]]
    if isinstance(raw, dict):
        items = [("/Statement", raw)]
    elif isinstance(raw, list):
        items = [(f"/Statement/{i}", item) for i, item in enumerate(raw)]
        if not items:
            out.add("missing-statement", "'Statement' is an empty list", "/Statement")
    else:
        out.add("wrong-value-type", "'Statement' must be an object or a list of objects", "/Statement")
        return None
    statements: list[Statement] = []
    seen_sids: dict[str, str] = {}
    for index, (pointer, item) in enumerate(items):
        statement = _read_statement(item, index, pointer, out, seen_sids, check_actions)
        if statement is not None:
            statements.append(statement)
    return Policy(
        name=name,
        statements=tuple(statements),
        text=text,
        version=str(version),
        policy_id=policy_id if isinstance(policy_id, str) else None,
    )


def _unknown(key: str, allowed: set[str]) -> str:
    return f"unknown element '{key}'; allowed here: {', '.join(sorted(allowed))}"


def _read_statement(
    value: JsonValue,
    index: int,
    pointer: str,
    out: _Collector,
    seen_sids: dict[str, str],
    check_actions: bool,
) -> Statement | None:
    if not isinstance(value, dict):
        out.add("wrong-value-type", "a statement must be a JSON object", pointer)
        return None
    principals, not_principal, problems = statement_principals(value, pointer, out.resource_policy)
    for rule, message, where in problems:
        out.add(rule, message, where, at_key=rule == "principal-in-scp")
    ok = not problems
    for key in value:
        if key in {"Principal", "NotPrincipal"}:
            continue
        elif key not in STATEMENT_KEYS:
            out.add("unknown-element", _unknown(key, STATEMENT_KEYS), f"{pointer}/{pointer_token(key)}", at_key=True)
            ok = False
    sid = value.get("Sid")
    if sid is not None:
        # Resource policies take any string (SNS writes "__default_statement_ID"); SCPs do not.
        if not isinstance(sid, str) or not (out.resource_policy or _SID.fullmatch(sid)):
            out.add("bad-sid", "'Sid' must be a string of ASCII letters and digits", f"{pointer}/Sid")
            ok = False
        elif sid in seen_sids:
            out.add("duplicate-sid", f"Sid {sid!r} is already used at {seen_sids[sid]}", f"{pointer}/Sid")
            ok = False
        else:
            seen_sids[sid] = pointer
    effect = value.get("Effect")
    if effect not in ("Allow", "Deny"):
        where = f"{pointer}/Effect" if "Effect" in value else pointer
        out.add("bad-effect", f'\'Effect\' must be "Allow" or "Deny", not {effect!r}', where)
        ok = False
    actions, not_action = _read_pair(value, "Action", "NotAction", pointer, out, "missing-action")
    resources, not_resource = _read_pair(value, "Resource", "NotResource", pointer, out, "missing-resource")
    if actions is None or resources is None:
        ok = False
    else:
        key = "NotAction" if not_action else "Action"
        ok = _check_actions(actions, f"{pointer}/{key}", out, check_actions, value[key]) and ok
        key = "NotResource" if not_resource else "Resource"
        ok = _check_resources(resources, f"{pointer}/{key}", out, value[key]) and ok
    conditions = _read_conditions(value.get("Condition"), f"{pointer}/Condition", out)
    if not ok or conditions is None or actions is None or resources is None:
        return None
    return Statement(
        effect="Allow" if effect == "Allow" else "Deny",
        actions=actions,
        resources=resources,
        not_action=not_action,
        not_resource=not_resource,
        conditions=conditions,
        principals=principals,
        not_principal=not_principal,
        sid=sid if isinstance(sid, str) and sid else None,
        index=index,
        pointer=pointer,
    )


def _read_pair(
    value: dict[str, JsonValue],
    positive: str,
    negative: str,
    pointer: str,
    out: _Collector,
    missing_rule: str,
) -> tuple[tuple[str, ...] | None, bool]:
    if positive in value and negative in value:
        rule = "action-and-notaction" if positive == "Action" else "resource-and-notresource"
        out.add(
            rule, f"a statement may have '{positive}' or '{negative}', not both", f"{pointer}/{negative}", at_key=True
        )
        return None, False
    key = positive if positive in value else negative if negative in value else None
    if key is None:
        out.add(missing_rule, f"the statement needs '{positive}' or '{negative}'", pointer)
        return None, False
    return _string_list(value[key], f"{pointer}/{key}", key, out), key == negative


def _string_list(value: JsonValue, pointer: str, key: str, out: _Collector) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return tuple(item for item in value if isinstance(item, str))
    out.add("wrong-value-type", f"'{key}' must be a string or a non-empty list of strings", pointer)
    return None


def _element_pointers(pointer: str, raw: JsonValue, count: int) -> Iterator[str]:
    for index in range(count):
        yield f"{pointer}/{index}" if isinstance(raw, list) else pointer


def _check_actions(
    actions: tuple[str, ...], pointer: str, out: _Collector, check_catalog: bool, raw: JsonValue
) -> bool:
    ok = True
    for action, where in zip(actions, _element_pointers(pointer, raw, len(actions)), strict=True):
        if action == "*":
            continue
        if not _ACTION.fullmatch(action):
            out.add("bad-action", f"{action!r} is not an action: expected 'service:Action' or '*'", where)
            ok = False
        elif check_catalog:
            _check_action_exists(action, where, out)
    return ok


def _check_action_exists(action: str, pointer: str, out: _Collector) -> None:
    prefix = action.split(":", 1)[0]
    if "*" not in prefix and "?" not in prefix and not action_catalog.is_known_service(prefix):
        out.add("unknown-service", f"no AWS service has the prefix {prefix!r}", pointer, Severity.WARNING)
        return
    if "*" in action or "?" in action:
        if not action_catalog.actions_matching(action):
            out.add("action-matches-nothing", f"{action!r} matches no published action", pointer, Severity.WARNING)
        return
    if not action_catalog.is_known_action(action):
        mapped = action_catalog.AUTHORIZED_AS.get(action.lower())
        if mapped:
            hint = f"; AWS authorizes this operation as {mapped}, so listing {action} does nothing"
        else:
            closest = action_catalog.closest_actions(action)
            hint = f"; closest real actions: {', '.join(closest)}" if closest else ""
        out.add("unknown-action", f"{action!r} is not an IAM action{hint}", pointer, Severity.WARNING)


def _check_resources(resources: tuple[str, ...], pointer: str, out: _Collector, raw: JsonValue) -> bool:
    ok = True
    for resource, where in zip(resources, _element_pointers(pointer, raw, len(resources)), strict=True):
        if resource != "*" and not resource.startswith("arn:"):
            out.add("bad-resource", f"{resource!r} is neither '*' nor an ARN (arn:partition:service:...)", where)
            ok = False
    return ok


def _read_conditions(value: JsonValue, pointer: str, out: _Collector) -> tuple[Condition, ...] | None:
    if value is None:
        return ()
    if not isinstance(value, dict):
        out.add("wrong-value-type", "'Condition' must be an object of operators", pointer)
        return None
    conditions: list[Condition] = []
    ok = True
    for operator_text, block in value.items():
        operator_pointer = f"{pointer}/{pointer_token(operator_text)}"
        parsed = parse_operator(operator_text)
        if parsed is None:
            out.add(
                "unknown-condition-operator",
                f"{operator_text!r} is not an IAM condition operator",
                operator_pointer,
            )
            ok = False
            continue
        if not isinstance(block, dict) or not block:
            out.add("wrong-value-type", f"'{operator_text}' must map condition keys to values", operator_pointer)
            ok = False
            continue
        for key, raw in block.items():
            key_pointer = f"{operator_pointer}/{pointer_token(key)}"
            values = _condition_values(raw, parsed, key_pointer, out)
            if values is None:
                ok = False
                continue
            conditions.append(Condition(parsed.base, key, values, parsed.qualifier, parsed.if_exists))
    return tuple(conditions) if ok else None


def _condition_values(
    raw: JsonValue, operator: ParsedOperator, pointer: str, out: _Collector
) -> tuple[str, ...] | None:
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        out.add("wrong-value-type", "a condition key needs at least one value", pointer)
        return None
    values: list[str] = []
    for index, item in enumerate(items):
        where = f"{pointer}/{index}" if isinstance(raw, list) else pointer
        if isinstance(item, bool):
            text = "true" if item else "false"
        elif isinstance(item, int | float | str):
            text = str(item)
        else:
            out.add("wrong-value-type", "condition values must be strings, numbers or booleans", where)
            return None
        problem = _value_problem(operator, text)
        if problem:
            out.add("wrong-value-type", problem, where)
            return None
        values.append(text)
    return tuple(values)


def _value_problem(operator: ParsedOperator, text: str) -> str | None:
    family = operator.family
    if "${" in text and family in {"String", "Arn"}:
        return None
    if family in {"Bool", "Null"} and text.lower() not in {"true", "false"}:
        return f'{operator.base} takes "true" or "false", not {text!r}'
    if family == "Numeric" and parse_number(text) is None:
        return f"{operator.base} takes numbers, not {text!r}"
    if family == "Date" and parse_date(text) is None:
        return f"{operator.base} takes ISO 8601 dates or epoch seconds, not {text!r}"
    if family == "Ip" and parse_network(text) is None:
        return f"{operator.base} takes IP addresses or CIDR ranges, not {text!r}"
    if family == "Binary":
        try:
            base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            return f"BinaryEquals takes base64 text, not {text!r}"
    return None


def parse_number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number == number and number not in (float("inf"), float("-inf")) else None


def parse_date(text: str) -> float | None:
    """Seconds since the epoch for an ISO 8601 date/time or an epoch number; None if neither."""
    number = parse_number(text)
    if number is not None:
        return number
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.timestamp()
    except (OverflowError, OSError, ValueError):
        return None


def parse_network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None
