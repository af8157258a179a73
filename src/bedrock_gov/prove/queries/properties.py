"""The Bedrock properties P1-P4 (issue 5), each a set of checks put to the prover.

P1  no route to a blocked or unapproved model family, the families the catalog does not know
    included (named routes, by every model-consuming action, the bedrock-mantle endpoint, and
    routes whose ARN does not name the model, which must be closed unless the intent accepts them);
P2  no over-blocking: approved families invocable directly, on every allowed profile, and on bedrock-mantle;
P3  Bedrock API keys cannot be created; CodeCommit and Keyspaces credentials still can;
P4  bearer tokens (short- and long-term) are refused by `bedrock` and `bedrock-mantle`.
"""

from __future__ import annotations

import z3

from bedrock_gov.catalog.actions import actions_matching
from bedrock_gov.catalog.bedrock import (
    API_KEY_SERVICE,
    BEARER_TOKEN_ACTIONS,
    BEARER_TOKEN_TYPES,
    GEO_PROFILES,
    GLOBAL_PROFILE,
    INVOKE_ACTIONS,
    MANTLE_INFERENCE_ACTION,
    MANTLE_MODEL_KEY,
    OTHER_CREDENTIAL_SERVICES,
)
from bedrock_gov.catalog.iam import CREATE_CREDENTIAL
from bedrock_gov.catalog.model_use import mantle_model_actions, model_consuming_actions, model_types_of
from bedrock_gov.prove.calls import (
    OPAQUE_ROUTE_TYPES,
    CallBuilder,
    Families,
    direct_call,
    geo_call,
    global_call,
    mantle_call,
    opaque_call,
    profile_use_call,
)
from bedrock_gov.prove.outcomes import PropertyResult, Status, Verdict
from bedrock_gov.prove.patterns import text_value
from bedrock_gov.prove.prover import Prover
from bedrock_gov.prove.queries.intent_view import IntentView

INVOKE = tuple(dict.fromkeys((*INVOKE_ACTIONS, *actions_matching("bedrock:InvokeModel*"))))


def consuming(resource_type: str) -> tuple[str, ...]:
    """The model-consuming actions (catalog `model_consuming_actions`) AWS authorizes on `resource_type`."""
    return tuple(action for action in model_consuming_actions() if resource_type in model_types_of(action))


SERVICE_KEY = "iam:servicespecificcredentialservicename"
AGE_KEY = "iam:servicespecificcredentialagedays"

_USER_NAME = z3.Plus(z3.Union(z3.Range("a", "z"), z3.Range("A", "Z"), z3.Range("0", "9"), z3.Re("-"), z3.Re("_")))


def _families(intent: IntentView) -> Families | None:
    """Families that must be unreachable: with an allow-list every family but the approved ones
    (any well-formed family, not only the catalog's), else the blocked ones (None: neither)."""
    if intent.models.approved_families:
        return Families(excluded=tuple(sorted(intent.models.approved_families)))
    if intent.models.blocked_families:
        return Families(tuple(sorted(intent.models.blocked_families)))
    return None


def _mantle_builder(prover: Prover, actions: tuple[str, ...] = (MANTLE_INFERENCE_ACTION,)) -> CallBuilder:
    builder = prover.builder(actions, (MANTLE_MODEL_KEY.lower(),))
    builder.prefer_action(MANTLE_INFERENCE_ACTION)
    return builder


def _invoke_builder(prover: Prover, actions: tuple[str, ...] = INVOKE) -> CallBuilder:
    builder = prover.builder(actions)
    if INVOKE[0] in actions:
        builder.prefer_action(INVOKE[0])
    return builder


def p1_no_route(prover: Prover, intent: IntentView) -> PropertyResult:
    families = _families(intent)
    result = PropertyResult("P1", "no route to a blocked or unapproved model family")
    if families is None:
        result.notes.append("the intent neither blocks nor approves any family: nothing to check")
        return result
    names = families.describe()
    result.notes.append(f"families that must be unreachable: {names}")
    open_ = Verdict(Status.VIOLATED, "open: every leg of this call is allowed")
    closed = Verdict(Status.PROVED, f"closed for {names}: some leg of every such call is denied")
    # Inference, batch, customization, provisioning...: every action that consumes the model.
    model_actions = tuple(dict.fromkeys((*INVOKE, *consuming("foundation-model"))))
    named = [("direct foundation-model call", direct_call(_invoke_builder(prover, model_actions), families))]
    named += [(f"{geo} cross-Region profile", geo_call(_invoke_builder(prover), families, geo)) for geo in GEO_PROFILES]
    named.append(("global cross-Region profile", global_call(_invoke_builder(prover), families)))
    profile_actions = tuple(action for action in consuming("inference-profile") if action not in INVOKE)
    if profile_actions:
        call = profile_use_call(_invoke_builder(prover, profile_actions), families)
        named.append(("inference profile used without inference", call))
    mantle = _mantle_builder(prover, mantle_model_actions())
    named.append(("bedrock-mantle inference", mantle_call(mantle, families)))
    for name, call in named:
        result.checks.append(prover.check(name, call, "allowed", open_, closed))
    modes = intent.cross_region.opaque_settings()
    for kind, resource_types in OPAQUE_ROUTE_TYPES.items():
        mode = modes.get(kind)
        actions = {resource_type: consuming(resource_type) for resource_type in resource_types}
        actions = {resource_type: taking for resource_type, taking in actions.items() if taking}
        every = tuple(dict.fromkeys(action for taking in actions.values() for action in taking))
        call = opaque_call(_invoke_builder(prover, every), actions)
        why = "its ARN does not name the model, so a model of any family behind it is reachable"
        check = prover.check(
            f"{kind} route",
            call,
            "allowed",
            Verdict(Status.VIOLATED, f"open: the SCPs allow using it, and {why}"),
            Verdict(Status.PROVED, "closed: every request on such an ARN is denied"),
        )
        if mode is not None and mode.mode != "deny" and check.status is Status.VIOLATED:
            result.notes.append(f"{kind} route open, as the intent allows ({mode.mode}); {why}")
            continue
        result.checks.append(check)
    return result


def p2_no_overblocking(prover: Prover, intent: IntentView) -> PropertyResult:
    result = PropertyResult(
        "P2", "approved families invocable directly, on each allowed cross-Region profile and on bedrock-mantle"
    )
    approved = tuple(intent.models.approved_families)
    if not approved:
        result.notes.append("the intent approves no family: nothing to check")
        return result
    profiles = intent.cross_region.allowed_profiles
    for family in approved:
        blocked = Verdict(Status.VIOLATED, f"over-blocked: an approved {family} call on this route is denied")
        fine = Verdict(Status.PROVED, f"every {family} call on this route is allowed")
        only = Families((family,))
        calls = [("direct", direct_call(_invoke_builder(prover), only))]
        calls += [
            (f"{geo} profile", geo_call(_invoke_builder(prover), only, geo)) for geo in profiles if geo in GEO_PROFILES
        ]
        if GLOBAL_PROFILE in profiles:
            calls.append(("global profile", global_call(_invoke_builder(prover), only)))
        calls.append(("bedrock-mantle", mantle_call(_mantle_builder(prover), only)))
        for route, call in calls:
            result.checks.append(prover.check(f"{family} {route}", call, "denied", blocked, fine))
    return result


def _credential_call(prover: Prover, service: str) -> tuple[CallBuilder, z3.BoolRef]:
    builder = prover.builder((CREATE_CREDENTIAL,), (SERVICE_KEY,))
    account, user = builder.account(), builder.string("user")
    builder.call.shape.append(z3.InRe(user, _USER_NAME))
    leg = builder.leg(z3.Concat(text_value("arn:aws:iam::"), account, text_value(":user/"), user), "us-east-1")
    return builder, leg.context[SERVICE_KEY].equals((service,))


def p3_api_key_creation(prover: Prover, intent: IntentView) -> PropertyResult:
    result = PropertyResult("P3", "Bedrock API keys cannot be created; CodeCommit and Keyspaces credentials can")
    mode = intent.api_keys.mode
    if mode == "allow":
        result.notes.append("api_keys.mode is allow: creation of Bedrock API keys is not checked")
    else:
        builder, fixed = _credential_call(prover, API_KEY_SERVICE)
        extra = [fixed]
        what = "a Bedrock API key"
        age = builder.call.legs[0].context.get(AGE_KEY)
        if mode == "max_age" and intent.api_keys.max_age_days is not None:
            limit = intent.api_keys.max_age_days
            what = f"a Bedrock API key older than {limit} days (or without expiry)"
            if age is not None:
                too_old = z3.And(z3.InRe(age.slots[0], z3.Plus(z3.Range("0", "9"))), z3.StrToInt(age.slots[0]) > limit)
                extra.append(z3.Or(z3.Not(age.present()), too_old))
        elif age is not None:
            builder.call.preferences.append([z3.Not(age.present())])
        result.checks.append(
            prover.check(
                f"create {what}",
                builder.call,
                "allowed",
                Verdict(Status.VIOLATED, f"{what} can be created"),
                Verdict(Status.PROVED, f"creating {what} is always denied"),
                extra,
            )
        )
    for service in OTHER_CREDENTIAL_SERVICES:
        builder, fixed = _credential_call(prover, service)
        result.checks.append(
            prover.check(
                f"create a {service} credential",
                builder.call,
                "denied",
                Verdict(Status.VIOLATED, f"over-blocked: creating a {service} credential is denied"),
                Verdict(Status.PROVED, f"creating a {service} credential is always allowed"),
                [fixed],
            )
        )
    return result


def p4_bearer_tokens(prover: Prover, intent: IntentView) -> PropertyResult:
    result = PropertyResult("P4", "bearer tokens (API keys) refused by bedrock and bedrock-mantle")
    mode = intent.api_keys.mode
    if mode in ("allow", "max_age"):
        result.notes.append(f"api_keys.mode is {mode}: bearer-token use is allowed by intent, not checked")
        return result
    types = BEARER_TOKEN_TYPES if mode == "deny_all" else ("LONG_TERM",)
    for action in BEARER_TOKEN_ACTIONS:
        token_type_key = f"{action.split(':', 1)[0]}:bearertokentype"  # each service has its own key
        for token_type in types:
            builder = prover.builder((action,), (token_type_key,))
            leg = builder.leg(text_value("*"), builder.region("region"))
            extra = [leg.context[token_type_key].equals((token_type,))]
            result.checks.append(
                prover.check(
                    f"{action} with a {token_type} key",
                    builder.call,
                    "allowed",
                    Verdict(Status.VIOLATED, f"a {token_type} bearer token is accepted by {action.split(':')[0]}"),
                    Verdict(Status.PROVED, "always denied"),
                    extra,
                )
            )
    return result


def prove_all(prover: Prover, intent: IntentView) -> list[PropertyResult]:
    """P1-P4 for one hierarchy and intent."""
    return [
        p1_no_route(prover, intent),
        p2_no_overblocking(prover, intent),
        p3_api_key_creation(prover, intent),
        p4_bearer_tokens(prover, intent),
    ]
