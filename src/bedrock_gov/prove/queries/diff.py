"""P5: what one SCP set allows that another denies, as concrete requests (CheckNoNewAccess for SCPs).

Both hierarchies are encoded over the same symbolic request. "New access" is a request the after
set allows and the before set denies; "removed access" the reverse. Each direction lists up to
`limit` requests, one per action, every one replayed through both evaluators. Actions range over
AWS's published actions of every service the two sets name (plus Bedrock's and IAM's). A request
is found over all of them without preferences (each costs a solve), then asked again for its
action alone within the shapes of requests AWS sends (`well_formed`); the shape is only ever
asked for the request shown, never used to decide whether the sets differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import z3

from bedrock_gov.catalog.actions import actions_by_service
from bedrock_gov.catalog.bedrock import GEO_PROFILES, GLOBAL_PROFILE, MODEL_FAMILIES
from bedrock_gov.catalog.iam import EXAMPLE_ACCOUNT
from bedrock_gov.policy.model import Level
from bedrock_gov.prove.calls import (
    ACCOUNT,
    OPAQUE_ID,
    OPAQUE_ROUTE_TYPES,
    REGION_KEY,
    REGIONS,
    CallBuilder,
    resource_start,
)
from bedrock_gov.prove.confirm import AllowedOnlyBy
from bedrock_gov.prove.context_keys import always_present, prefer_example_principal
from bedrock_gov.prove.encode import CheckEncoding
from bedrock_gov.prove.outcomes import DIFF_WORDS, ProofCheck, PropertyResult, Status, Verdict
from bedrock_gov.prove.patterns import text_value
from bedrock_gov.prove.prover import Prover, Question, settle
from bedrock_gov.prove.queries.well_formed import Shaped, readable_values
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


@dataclass(frozen=True)
class _Side:
    """One direction of the diff: requests `grants` allows and `denies` denies."""

    name: str
    label: str
    grants: Prover
    denies: Prover
    timeout_ms: int

    def question(
        self, actions: tuple[str, ...], excluded: list[str], suffix: str, shaped: Shaped | None = None, *, shown: bool
    ) -> Question:
        """Requests over `actions` but `excluded`; with `shaped`, requests of one action in one of
        its Regions, on a resource of the action's documented types (see `well_formed`). Only a
        question whose request is `shown` asks for readable values: each preference costs a solve."""
        slots = {**self.denies.keys.slots, **self.grants.keys.slots}
        builder = CallBuilder(slots, actions, f"{self.name}{suffix}")
        region = builder.region("region", shaped.regions if shaped else REGIONS)
        resource = builder.string("resource")
        if shaped is not None:
            builder.call.shape.append(
                z3.Or(
                    *(
                        z3.And(region == text_value(option), z3.InRe(resource, shape))
                        for option, shape in shaped.resources
                    )
                )
            )
            builder.call.preferences += [[z3.InRe(resource, shaped.example)], [z3.InRe(resource, RECOGNISABLE)]]
        else:
            builder.call.preferences += [[z3.InRe(resource, RECOGNISABLE)], [z3.InRe(resource, WELL_FORMED_ARN)]]
        leg = builder.leg(resource, region)
        granted, denied = CheckEncoding(), CheckEncoding()
        goal = z3.And(self.grants.encoder.allowed(leg, granted), z3.Not(self.denies.encoder.allowed(leg, denied)))
        blocked = [leg.action != text_value(action.lower()) for action in excluded]
        return Question(
            name=self.name,
            query=Query(
                legs=(leg,),
                goal=[*builder.call.shape, *always_present(leg.context), goal, *blocked],
                preferences=[
                    *builder.call.preferences,
                    *prefer_example_principal(leg.context),
                    readable_values(leg.context),
                ]
                if shown
                else [],
            ),
            claim=AllowedOnlyBy(self.grants.evaluator, self.denies.evaluator),
            found=Verdict(Status.VIOLATED, f"allowed by the {self.label} set, denied by the other"),
            none=Verdict(Status.PROVED, f"no {'further ' if excluded else ''}request"),
            approximated={**granted.approximated, **denied.approximated},
            caveats=[*self.grants.keys.caveats, *self.denies.keys.caveats],
        )

    def settle(self, question: Question) -> ProofCheck:
        return settle(question, self.timeout_ms, min(self.grants.direct_ms, self.denies.direct_ms))


def _well_formed(side: _Side, found: ProofCheck, suffix: str) -> tuple[ProofCheck, bool]:
    """The difference `found` shows, asked again for its action within the shapes of requests AWS
    sends, in us-east-1 or the Region found (two Regions keep the resource's shape a small pattern;
    every Region at once can take the solver seconds). Where there is none, the action's request
    without those shapes, saying so; the flag says whether AWS could send the request shown."""
    request = found.requests[0]
    action = request.action.lower()
    requested = request.context.get(REGION_KEY, ())
    regions = tuple(dict.fromkeys((REGIONS[0], *(region for region in requested[:1] if region in REGIONS))))
    seconds = found.seconds
    shaped = Shaped.of(request.action, regions)
    note = ""
    if shaped is not None:
        answer = side.settle(side.question((action,), [], f"{suffix}|shaped", shaped, shown=True))
        seconds += answer.seconds
        if answer.status in (Status.VIOLATED, Status.ERROR):
            return replace(answer, seconds=seconds), True
        if answer.status is Status.PROVED:
            note = (
                f"; only on requests AWS would not send: no request of {request.action}'s documented "
                f"resource types in {' or '.join(regions)} shows it"
            )
    answer = side.settle(side.question((action,), [], f"{suffix}|any", shown=True))
    if answer.status is not Status.VIOLATED:  # the solver gave up on the readable form: keep the first
        answer = found
    return replace(answer, detail=answer.detail + note, seconds=seconds + answer.seconds), not note


def _direction(side: _Side, actions: tuple[str, ...], limit: int) -> list[ProofCheck]:
    """Requests `side.grants` allows and `side.denies` denies, one per action, up to `limit`. A
    difference AWS would never see (a resource not of the action's types) does not count toward
    the limit and is listed after the others; at most `limit` such actions are looked at."""
    sendable: list[ProofCheck] = []
    unsendable: list[ProofCheck] = []
    excluded: list[str] = []
    while len(sendable) < limit and len(unsendable) < limit:
        suffix = str(len(excluded))
        check = side.settle(side.question(actions, excluded, suffix, shown=False))
        if check.status is not Status.VIOLATED:
            sendable.append(check)
            break
        check, could_happen = _well_formed(side, check, suffix)
        (sendable if could_happen else unsendable).append(check)
        if check.status is not Status.VIOLATED:
            break
        excluded.append(check.requests[0].action)
    return [*sendable, *unsendable]


def prove_diff(before: Prover, after: Prover, limit: int = 10) -> PropertyResult:
    """P5: DIFFERENT (requests show each difference), EQUIVALENT (proved none), or UNKNOWN."""
    result = PropertyResult("P5", "differences between the before and after SCP sets", wording=DIFF_WORDS)
    actions = tuple(action.lower() for action in diff_actions(before.levels, after.levels))
    timeout = max(before.timeout_ms, after.timeout_ms)
    result.checks += _direction(_Side("new access", "after", after, before, timeout), actions, limit)
    result.checks += _direction(_Side("removed access", "before", before, after, timeout), actions, limit)
    result.notes.append(
        "decisions on each request: first the set that allows it, then the set that denies it; "
        f"actions range over {len(actions)} published actions of the services the sets name"
    )
    return result
