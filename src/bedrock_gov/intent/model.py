"""The intent as typed data: what the organization wants, stated once (render and prove read it).

Unknown fields are errors, so a typo never silently weakens a control.
"""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, model_validator

from bedrock_gov.catalog.bedrock import FAMILY_PATTERN, GEO_PROFILES, GLOBAL_PROFILE, MODEL_FAMILIES

FAMILIES = tuple(sorted(MODEL_FAMILIES))
PROFILES = tuple(sorted((*GEO_PROFILES, GLOBAL_PROFILE)))


def _one_of(allowed: tuple[str, ...], what: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"unknown {what} {value!r}; allowed: {', '.join(allowed)}")
        return value

    return AfterValidator(check)


def _well_formed_family(value: str) -> str:
    if not re.fullmatch(FAMILY_PATTERN, value):
        raise ValueError(
            f"model family {value!r} is not a provider name (lower-case letters, digits and '-', starting with "
            f"a letter, no '.' or wildcard); known families: {', '.join(FAMILIES)}"
        )
    return value


def _did_you_mean(family: str) -> str:
    close = difflib.get_close_matches(family, FAMILIES, n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


Family = Annotated[
    str,
    AfterValidator(_well_formed_family),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": FAMILY_PATTERN,
            "examples": list(FAMILIES),
            "description": "A Bedrock model provider (the model ID's first part). Families the catalog does not "
            "know yet are accepted with a warning, so a new provider can be approved the day it ships.",
        }
    ),
]
Profile = Annotated[
    str, _one_of(PROFILES, "cross-Region profile"), WithJsonSchema({"type": "string", "enum": list(PROFILES)})
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Models(_Strict):
    approved_families: list[Family] = Field(
        default_factory=list, description="Only these model families may be invoked (empty: no allow-list)."
    )
    blocked_families: list[Family] = Field(
        default_factory=list, description="These model families are denied on every route."
    )

    def unknown_families(self) -> list[str]:
        """Families named here that the catalog does not know (accepted: providers arrive often)."""
        return sorted({*self.approved_families, *self.blocked_families} - set(MODEL_FAMILIES))

    def warnings(self) -> list[str]:
        """What the user should know about this model policy although it is valid."""
        notes = [
            f"family {family!r} is not in the catalog; {verb} it anyway{_did_you_mean(family)}"
            for family, verb in self._named()
        ]
        if self.blocked_families and not self.approved_families:
            notes.append(
                "models has a block-list and no approved_families: every provider AWS adds later stays open; "
                "list approved_families to deny everything not approved"
            )
        return notes

    def _named(self) -> list[tuple[str, str]]:
        unknown = set(self.unknown_families())
        named = [(family, "approving") for family in self.approved_families if family in unknown]
        return sorted(set(named + [(family, "blocking") for family in self.blocked_families if family in unknown]))

    @model_validator(mode="after")
    def _disjoint(self) -> Models:
        both = sorted(set(self.approved_families) & set(self.blocked_families))
        if both:
            raise ValueError(f"families both approved and blocked: {', '.join(both)}")
        return self


class ApiKeys(_Strict):
    mode: Literal["deny_all", "deny_long_term", "max_age", "allow"] = Field(
        "deny_all",
        description="deny_all: no creation, no use (short- and long-term); deny_long_term: no long-term keys; "
        "max_age: long-term keys only up to max_age_days; allow: no control.",
    )
    max_age_days: int | None = Field(None, ge=1, le=36_600, description="Required when mode is max_age.")

    @model_validator(mode="after")
    def _age(self) -> ApiKeys:
        if self.mode == "max_age" and self.max_age_days is None:
            raise ValueError("api_keys.max_age_days is required when api_keys.mode is max_age")
        if self.mode != "max_age" and self.max_age_days is not None:
            raise ValueError("api_keys.max_age_days only applies when api_keys.mode is max_age")
        return self


class OpaqueRoute(_Strict):
    """Routes whose ARN does not name the model: deny them, or allow them only when tagged."""

    mode: Literal["deny", "allow", "allow_tagged"] = "deny"
    tag_key: str | None = None
    tag_value: str | None = None

    @model_validator(mode="after")
    def _tag(self) -> OpaqueRoute:
        if self.mode == "allow_tagged" and not (self.tag_key and self.tag_value):
            raise ValueError("allow_tagged needs tag_key and tag_value")
        return self


class UntaggableRoute(_Strict):
    """Routes whose resources cannot all carry tags: deny them or allow them, nothing between."""

    mode: Literal["deny", "allow"] = "deny"


OPAQUE_ROUTE_FIELDS: dict[str, str] = {
    "application-profile": "application_inference_profiles",
    "provisioned": "provisioned_models",
    "custom-deployment": "custom_models",
    "imported": "imported_models",
    "prompt-router": "prompt_routers",
    "marketplace": "marketplace_models",
}
"""The catalog's opaque route kinds -> the `cross_region` field that governs each."""


class CrossRegion(_Strict):
    allowed_profiles: list[Profile] = Field(
        default_factory=lambda: ["us"], description="Cross-Region inference profile geographies that may be used."
    )
    application_inference_profiles: OpaqueRoute = OpaqueRoute()
    provisioned_models: OpaqueRoute = OpaqueRoute()
    custom_models: OpaqueRoute = OpaqueRoute()
    imported_models: OpaqueRoute = OpaqueRoute()
    prompt_routers: UntaggableRoute = Field(
        UntaggableRoute(), description="Prompt routers (default ones cannot be tagged): deny or allow."
    )
    marketplace_models: UntaggableRoute = Field(
        UntaggableRoute(), description="Bedrock Marketplace model endpoints: deny or allow."
    )

    def opaque_settings(self) -> dict[str, OpaqueRoute | UntaggableRoute]:
        """Each opaque route kind of the catalog -> what the intent says about it."""
        return {kind: getattr(self, field) for kind, field in OPAQUE_ROUTE_FIELDS.items()}


class ExistingScp(_Strict):
    name: str
    size: int = Field(0, ge=0, description="Characters; counts against nothing but is reported.")


class Intent(_Strict):
    version: Literal[1] = 1
    models: Models = Models()
    api_keys: ApiKeys = ApiKeys()
    cross_region: CrossRegion = CrossRegion()
    targets: list[str] = Field(default_factory=list, description="OU, account or root IDs the SCPs attach to.")
    limits: Literal["current", "legacy"] = Field(
        "current", description="current: 10,240 chars / 10 per target (since 2026-05-15); legacy: 5,120 / 5."
    )
    existing_scps: dict[str, list[ExistingScp]] = Field(
        default_factory=dict,
        description="SCPs already attached per target (FullAWSAccess counts automatically); they use the budget.",
    )

    @model_validator(mode="after")
    def _existing_targets(self) -> Intent:
        unknown = sorted(set(self.existing_scps) - set(self.targets))
        if unknown:
            raise ValueError(f"existing_scps names target(s) not in targets: {', '.join(unknown)}")
        return self
