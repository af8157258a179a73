"""P5: what one SCP set allows that another denies, as concrete requests (CheckNoNewAccess for SCPs).

Both hierarchies are encoded over the same symbolic request. "New access" is a request the after
set allows and the before set denies; "removed access" the reverse. Each direction lists up to
`limit` requests, one per action, every one replayed through both evaluators. Actions range over
AWS's published actions of every service the two sets name (plus Bedrock's and IAM's).
"""

from __future__ import annotations

from collections.abc import Sequence

import z3

from bedrock_gov.catalog.actions import actions_by_service
from bedrock_gov.catalog.bedrock import GEO_PROFILES, GLOBAL_PROFILE, MODEL_FAMILIES
from bedrock_gov.catalog.iam import EXAMPLE_ACCOUNT
from bedrock_gov.policy.model import Level
from bedrock_gov.prove.calls import ACCOUNT, OPAQUE_ID, OPAQUE_ROUTE_TYPES, REGIONS, CallBuilder, resource_start
from bedrock_gov.prove.confirm import AllowedOnlyBy
from bedrock_gov.prove.context_keys import always_present
from bedrock_gov.prove.encode import CheckEncoding
from bedrock_gov.prove.outcomes import ProofCheck, PropertyResult, Status, Verdict
from bedrock_gov.prove.patterns import text_value
from bedrock_gov.prove.prover import Prover, Question, settle
from bedrock_gov.prove.solve import Query

_ALWAYS_SERVICES = ("bedrock", "bedrock-mantle", "iam")
_SEGMENT = z3.Plus(z3.Union(z3.Range("a", "z"), z3.Range("0", "9"), z3.Re("-")))
_RESOURCE_TAIL = z3.Plus(z3.Union(z3.Range("a", "z"), z3.Range("0", "9"), z3.Re("-"), z3.Re("."), z3.Re(":")))
WELL_FORMED_ARN = z3.Concat(
    z3.Re("arn:aws:"),
    _SEGMENT,
    z3.Re(":"),
    z3.Option(z3.Union(*(z3.Re(region) for region in REGIONS))),
    z3.Re(":"),
    z3.Option(ACCOUNT),
    z3.Re(":"),
    _SEGMENT,
    z3.Re("/"),
    _RESOURCE_TAIL,
)


def _recognisable() -> z3.ReRef:
    """Resources of the catalog's shapes with the catalog's IDs: what a diff preferably shows."""
    regions = z3.Union(*(z3.Re(region) for region in REGIONS))
    models = z3.Union(*(z3.Re(model) for model in MODEL_FAMILIES.values()))
    geos = z3.Union(*(z3.Re(f"{geo}.") for geo in (*GEO_PROFILES, GLOBAL_PROFILE)))
    bedrock = z3.Concat(z3.Re("arn:aws:bedrock:"), regions, z3.Re(":"))
    account = z3.Re(f"{EXAMPLE_ACCOUNT}:")
    starts = (resource_start(kind) for kinds in OPAQUE_ROUTE_TYPES.values() for kind in kinds)
    opaque = z3.Union(*(z3.Re(start) for start in starts if not start.endswith("/")))
    return z3.Union(
        z3.Concat(bedrock, z3.Re(":foundation-model/"), models),
        z3.Concat(bedrock, account, z3.Re("inference-profile/"), geos, models),
        z3.Concat(bedrock, account, z3.Union(opaque, z3.Concat(z3.Re("application-inference-profile/"), OPAQUE_ID))),
        z3.Re(f"arn:aws:iam::{EXAMPLE_ACCOUNT}:user/dev"),
        z3.Re("*"),
    )


RECOGNISABLE = _recognisable()


def _services(levels: Sequence[Level]) -> set[str]:
    services = set(_ALWAYS_SERVICES)
    for level in levels:
        for policy in level.policies:
            for statement in policy.statements:
                for pattern in statement.actions:
                    prefix = pattern.split(":", 1)[0].lower()
                    if ":" in pattern and "*" not in prefix and "?" not in prefix:
                        services.add(prefix)
    return services


def diff_actions(before: Sequence[Level], after: Sequence[Level]) -> tuple[str, ...]:
    published = actions_by_service()
    services = sorted(_services(before) | _services(after))
    return tuple(name for service in services for name in published.get(service, ()))


def _direction(
    name: str, label: str, grants: Prover, denies: Prover, actions: tuple[str, ...], limit: int, timeout_ms: int
) -> list[ProofCheck]:
    """Requests `grants` allows and `denies` denies, one per action, up to `limit`."""
    checks: list[ProofCheck] = []
    excluded: list[str] = []
    slots = {**denies.keys.slots, **grants.keys.slots}
    for _ in range(limit):
        builder = CallBuilder(slots, actions, f"{name}{len(checks)}")
        region = builder.string("region")
        resource = builder.string("resource")
        builder.call.preferences += [
            [z3.InRe(resource, RECOGNISABLE)],
            [z3.InRe(resource, WELL_FORMED_ARN)],
            [z3.Or(*(region == text_value(option) for option in REGIONS))],
        ]
        leg = builder.leg(resource, region)
        granted, denied = CheckEncoding(), CheckEncoding()
        goal = z3.And(grants.encoder.allowed(leg, granted), z3.Not(denies.encoder.allowed(leg, denied)))
        blocked = [leg.action != text_value(action.lower()) for action in excluded]
        question = Question(
            name=name,
            query=Query(
                legs=(leg,),
                goal=[*builder.call.shape, *always_present(leg.context), goal, *blocked],
                preferences=builder.call.preferences,
            ),
            claim=AllowedOnlyBy(grants.evaluator, denies.evaluator),
            found=Verdict(Status.VIOLATED, f"allowed by the {label} set, denied by the other"),
            none=Verdict(Status.PROVED, f"no {'further ' if checks else ''}request"),
            approximated={**granted.approximated, **denied.approximated},
            caveats=[*grants.keys.caveats, *denies.keys.caveats],
        )
        check = settle(question, timeout_ms, min(grants.direct_ms, denies.direct_ms))
        checks.append(check)
        if check.status is not Status.VIOLATED:
            break
        excluded.append(check.requests[0].action)
    return checks


def prove_diff(before: Prover, after: Prover, limit: int = 10) -> PropertyResult:
    """P5. A VIOLATED check here means "a difference exists" (the requests show it)."""
    result = PropertyResult("P5", "differences between the before and after SCP sets")
    actions = tuple(action.lower() for action in diff_actions(before.levels, after.levels))
    timeout = max(before.timeout_ms, after.timeout_ms)
    result.checks += _direction("new access", "after", after, before, actions, limit, timeout)
    result.checks += _direction("removed access", "before", before, after, actions, limit, timeout)
    result.notes.append(
        "decisions on each request: first the set that allows it, then the set that denies it; "
        f"actions range over {len(actions)} published actions of the services the sets name"
    )
    return result
