"""Cross-Region inference rules, decided by evaluating the catalog's CRIS legs.

For each model family and profile, from the first source Region where the set allows the model
directly, every leg of that profile's route is evaluated (profile ARN, model ARN in every destination Region, and for global
profiles the region-less model ARN with `aws:RequestedRegion = unspecified`). A leg denied by a
NotResource allow-list, or by a statement testing `aws:RequestedRegion` (a Deny, or an Allow that
is the only Allow at its level, so that a Region outside its list gets no Allow at all), breaks CRIS
for a model the set means to allow. A profile leg denied on purpose (named in a Deny's `Resource`, or left out
of a NotResource list that does name other profiles) is not reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field

from bedrock_gov.catalog.bedrock import GEO_PROFILES, GLOBAL_PROFILE, MODEL_FAMILIES
from bedrock_gov.lint.context import LintContext
from bedrock_gov.lint.model import Finding, Located, Rule
from bedrock_gov.policy import Decision, Request, Severity
from bedrock_gov.policy.routes import Route, direct_route, geo_profile_route, global_profile_route

REGION_KEY = "aws:requestedregion"


@dataclass
class _Gap:
    located: Located
    families: set[str] = field(default_factory=set)
    profiles: set[str] = field(default_factory=set)
    legs: list[Request] = field(default_factory=list)


def _routes(ctx: LintContext, family: str) -> Iterator[tuple[str, Route]]:
    """Each profile's route from the first source Region where the set allows the model directly."""
    model_id = MODEL_FAMILIES[family]
    allowed = {
        region: all(ctx.decide(leg).allowed for leg in direct_route(model_id, region).legs)
        for region in dict.fromkeys(region for regions in GEO_PROFILES.values() for region in regions)
    }
    for geo, regions in GEO_PROFILES.items():
        source = next((region for region in regions if allowed[region]), None)
        if source is not None:
            yield geo, geo_profile_route(model_id, geo, source)
    source = next((regions[0] for regions in GEO_PROFILES.values() if allowed[regions[0]]), None)
    if source is not None:
        yield GLOBAL_PROFILE, global_profile_route(model_id, source)


def _rule_for(located: Located, profile_leg: bool) -> Rule | None:
    """Which rule a denied leg breaks, or None when the deny is deliberate.

    A denied profile leg is deliberate unless the deciding NotResource list names no inference
    profile at all (the author never considered CRIS) and no other Deny names the profile. A denied model leg behind an allowed profile
    leg always breaks the route the set means to allow."""
    statement = located.statement
    if any(condition.key.lower() == REGION_KEY for condition in statement.conditions):
        return None if profile_leg else REGION_BREAKS_CRIS
    if not statement.not_resource:
        return None
    if profile_leg and any(":inference-profile/" in resource for resource in statement.resources):
        return None
    return NOTRESOURCE_BREAKS_CRIS


def _region_allow(ctx: LintContext, decision: Decision, leg: Request) -> Located | None:
    """For a leg no Allow matched at some level: the Allow there that would have matched it but for
    its `aws:RequestedRegion` test (a Region restriction written as a conditional Allow)."""
    if decision.reason != "no_allow" or decision.level is None:
        return None
    for file in ctx.levels[decision.level].files:
        for statement in file.policy.statements:
            if statement.effect != "Allow" or not any(c.key.lower() == REGION_KEY for c in statement.conditions):
                continue
            others = tuple(c for c in statement.conditions if c.key.lower() != REGION_KEY)
            unconditioned = Located(file, dataclasses.replace(statement, conditions=others))
            if ctx.applies(unconditioned, leg, cache=False):
                return Located(file, statement)
    return None


def _names_profiles(located: Located) -> bool:
    statement = located.statement
    return (
        statement.effect == "Deny"
        and not statement.not_resource
        and any(":inference-profile/" in resource for resource in statement.resources)
    )


def _gaps(ctx: LintContext) -> dict[tuple[str, int, str], tuple[Rule, _Gap]]:
    gaps: dict[tuple[str, int, str], tuple[Rule, _Gap]] = {}
    profile_denies = [located for located in ctx.statements() if _names_profiles(located)]
    for family in sorted(MODEL_FAMILIES):
        for profile, route in _routes(ctx, family):
            profile_leg, *model_legs = route.legs
            profile_decision = ctx.decide(profile_leg)
            checked = [(profile_leg, profile_decision, True)]
            if profile_decision.allowed:
                checked += [(leg, ctx.decide(leg), False) for leg in model_legs]
            for leg, decision, is_profile_leg in checked:
                located = ctx.located(decision.statement) if decision.statement else _region_allow(ctx, decision, leg)
                rule = _rule_for(located, is_profile_leg) if located else None
                if located is None or rule is None:
                    continue
                if is_profile_leg and any(ctx.applies(other, leg) for other in profile_denies):
                    continue  # another statement denies this profile by name: deliberate
                key = (located.file.source, located.statement.index, rule.id)
                _, gap = gaps.setdefault(key, (rule, _Gap(located)))
                gap.families.add(family)
                gap.profiles.add(profile)
                gap.legs.append(leg)
    return gaps


def _check(ctx: LintContext, wanted: str) -> Iterator[Finding]:
    for rule, gap in _gaps(ctx).values():
        if rule.id != wanted:
            continue
        families, profiles = ", ".join(sorted(gap.families)), ", ".join(sorted(gap.profiles))
        message = (
            f"{gap.located.label} denies cross-Region inference for models it allows directly: {families} "
            f"through the {profiles} profile(s) (e.g. the leg on {gap.legs[0].resource})"
        )
        if gap.located.statement.effect == "Allow":
            message += "; it is the only Allow at its level, so a Region outside its aws:RequestedRegion list gets none"
        if rule is REGION_BREAKS_CRIS:
            regions = sorted({leg.context[REGION_KEY][0] for leg in gap.legs if REGION_KEY in leg.context})
            fix = f"Allow these Regions in the aws:RequestedRegion test for the profiles you use: {', '.join(regions)}."
        else:
            example = sorted(_leg_pattern(leg.resource) for leg in gap.legs)[0]
            fix = (
                f"Add arn:aws:bedrock:*:*:inference-profile/<profile>.<family>.* to NotResource for each of {families} "
                f"and each profile you use ({profiles} are denied now), e.g. {example!r}; keep model ARNs as "
                "arn:aws:bedrock:*::foundation-model/<family>.* (any Region, including none)."
            )
        yield rule.finding(gap.located.file, gap.located.statement.pointer, message, fix)


def _leg_pattern(resource: str) -> str:
    """The family-wide pattern that lets one denied leg through."""
    _, _, identifier = resource.partition(":inference-profile/")
    if identifier:
        profile, family = identifier.split(".")[:2]
        return f"arn:aws:bedrock:*:*:inference-profile/{profile}.{family}.*"
    model = resource.rsplit("/", 1)[1]
    return f"arn:aws:bedrock:*::foundation-model/{model.split('.', 1)[0]}.*"


NOTRESOURCE_BREAKS_CRIS = Rule(
    "notresource-breaks-cris",
    Severity.ERROR,
    "NotResource model allow-list blocks cross-Region inference",
    "A CRIS call is authorized on the inference-profile ARN and on the model ARN in every destination "
    "Region (and region-less for global profiles). A Deny with NotResource listing only "
    "foundation-model ARNs denies the profile leg, so approved models fail through inference profiles.",
    "Add arn:aws:bedrock:*:*:inference-profile/<geo>.<family>.* for each approved family and allowed "
    "profile to NotResource (and keep foundation-model ARNs with an empty account and any Region).",
    lambda ctx: _check(ctx, "notresource-breaks-cris"),
)
REGION_BREAKS_CRIS = Rule(
    "region-deny-breaks-cris",
    Severity.ERROR,
    "aws:RequestedRegion deny without the destination Regions or 'unspecified'",
    "CRIS legs run in every destination Region of the profile, and global profiles add a region-less leg "
    "with aws:RequestedRegion = unspecified; a Region deny that lists only the source Regions breaks them.",
    "Add every destination Region of the profiles in use, and 'unspecified' for global profiles, to the "
    "allowed Regions of the aws:RequestedRegion condition.",
    lambda ctx: _check(ctx, "region-deny-breaks-cris"),
)

RULES = (NOTRESOURCE_BREAKS_CRIS, REGION_BREAKS_CRIS)
