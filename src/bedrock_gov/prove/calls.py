"""Symbolic Bedrock calls: each route of the catalog as the legs AWS authorizes, with ARN shapes.

A call's legs share the action, the model ID and every context key the caller controls (the same
principal makes one call); each leg has its own resource, `aws:RequestedRegion` and
`bedrock:InferenceProfileArn`. Shapes are hard constraints where reality is that narrow, so that
every counterexample is a request that could happen: a 12-digit account, a Region of the list
below (or `unspecified` where AWS sends that), the Regions of a geography, a model ID in
Bedrock's grammar `<family>.<model>` (shared aws-facts "Model IDs": the family a lower-case word,
no dot in the model part) of a listed family or of any family but some (a family the catalog has
never heard of included). Preferences are where a counterexample merely reads better (the
catalog's model ID, `us-east-1`, the example account).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import chain
from typing import TypeAlias

import z3

from bedrock_gov.catalog.actions import resource_arn_formats
from bedrock_gov.catalog.bedrock import (
    GEO_PROFILES,
    GLOBAL_PROFILE,
    MANTLE_MODEL_KEY,
    MODEL_FAMILIES,
    UNKNOWN_FAMILY_EXAMPLE,
    UNSPECIFIED_REGION,
    mantle_model_id,
)
from bedrock_gov.catalog.iam import EXAMPLE_ACCOUNT
from bedrock_gov.catalog.model_use import OPAQUE_TYPE_ROUTES
from bedrock_gov.prove.patterns import text_value
from bedrock_gov.prove.shapes import Free, Piece, Shape
from bedrock_gov.prove.symbolize import SymKey, SymRequest

REGION_KEY = "aws:requestedregion"
PROFILE_KEY = "bedrock:inferenceprofilearn"
LEG_KEYS = (REGION_KEY, PROFILE_KEY)

REGIONS = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-east-2",
    "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
    "ap-southeast-5", "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3",
    "eu-north-1", "eu-south-1", "eu-south-2", "il-central-1", "me-central-1", "me-south-1",
    "mx-central-1", "sa-east-1",
)  # fmt: skip
"""AWS commercial Regions (the `aws` partition): the Regions a counterexample may name."""

_LOWER_DIGITS = z3.Union(z3.Range("a", "z"), z3.Range("0", "9"))
_LOWER_DIGIT_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
REGION_CHARS = _LOWER_DIGIT_CHARS | {"-"}
FAMILY_CHARS = _LOWER_DIGIT_CHARS | {"-"}
DIGIT_CHARS = frozenset("0123456789")
MODEL_NAME_CHARS = _LOWER_DIGIT_CHARS | set("-:")
RESOURCE_ID_CHARS = _LOWER_DIGIT_CHARS | set("-.:_")
PROJECT_CHARS = _LOWER_DIGIT_CHARS | set("ABCDEFGHIJKLMNOPQRSTUVWXYZ_")
"""Alphabets of the Regions, ACCOUNT, FAMILY, MODEL_NAME, RESOURCE_ID and MANTLE_PROJECT (used to
simplify `shapes`)."""
ACCOUNT = z3.Loop(z3.Range("0", "9"), 12, 12)
FAMILY = z3.Concat(z3.Range("a", "z"), z3.Star(z3.Union(_LOWER_DIGITS, z3.Re("-"))))
"""A provider family, the part of a model ID before its dot (catalog `FAMILY_PATTERN`)."""
MODEL_NAME = z3.Concat(
    _LOWER_DIGITS,
    z3.Star(z3.Union(_LOWER_DIGITS, z3.Re("-"))),
    z3.Loop(z3.Concat(z3.Re(":"), z3.Plus(_LOWER_DIGITS)), 0, 2),
)
"""What follows `family.` in a model ID: `<model>-<version>` with no dot, then `:n` (and a
provisioned variant's `:<context>k`): `claude-sonnet-4-20250514-v1:0`, `r1-v1:0`,
`claude-3-haiku-20240307-v1:0:200k` (Bedrock user guide, "Supported foundation models")."""
RESOURCE_ID = z3.Plus(z3.Union(_LOWER_DIGITS, z3.Re("-"), z3.Re("."), z3.Re(":"), z3.Re("_")))
"""The ID of a resource whose ARN does not name the model (a router's ID may hold dots)."""
PLAUSIBLE_NAME = z3.Concat(
    z3.Range("a", "z"),
    z3.Star(z3.Union(_LOWER_DIGITS, z3.Re("-"))),
    z3.Re("-v"),
    z3.Range("1", "9"),
    z3.Re(":"),
    z3.Range("0", "9"),
)
OPAQUE_ID = z3.Loop(_LOWER_DIGITS, 12, 12)
MANTLE_PROJECT = z3.Union(
    z3.Re("default"), z3.Concat(z3.Re("proj_"), z3.Plus(z3.Union(_LOWER_DIGITS, z3.Range("A", "Z"))))
)
"""Mantle project IDs: `default` or `proj_<alphanumerics>` (Bedrock API reference)."""


def _one_of(value: z3.SeqRef, options: tuple[str, ...]) -> z3.BoolRef:
    return z3.Or(*(value == text_value(option) for option in options))


def _cat(*parts: str | z3.SeqRef) -> z3.SeqRef:
    terms = [text_value(part) if isinstance(part, str) else part for part in parts]
    return terms[0] if len(terms) == 1 else z3.Concat(*terms)


Part: TypeAlias = "str | z3.SeqRef"


@dataclass(frozen=True)
class Families:
    """The model families a call's model ID may be of: those `listed`, or (None) every well-formed
    family but the `excluded` ones (the families AWS adds later included)."""

    listed: tuple[str, ...] | None = None
    excluded: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.listed is not None:
            return ", ".join(self.listed)
        return f"every family but {', '.join(self.excluded)}" if self.excluded else "every family"

    def examples(self) -> tuple[str, ...]:
        """Families a counterexample preferably names: the catalog's, then an invented one."""
        if self.listed is not None:
            return self.listed
        candidates = (*MODEL_FAMILIES, UNKNOWN_FAMILY_EXAMPLE)
        return tuple(family for family in candidates if family not in self.excluded)


@dataclass
class SymCall:
    """The legs of one call and the constraints that make them a well-formed call of a route."""

    legs: list[SymRequest] = field(default_factory=list)
    shape: list[z3.BoolRef] = field(default_factory=list)
    preferences: list[list[z3.BoolRef]] = field(default_factory=list)


class CallBuilder:
    """Builds symbolic calls whose shared context has one slot list per key the policies test."""

    def __init__(self, slots: Mapping[str, int], actions: tuple[str, ...], prefix: str) -> None:
        self.slots = dict(slots)
        self.actions = tuple(action.lower() for action in actions)
        self.prefix = prefix
        self.shared = {key: SymKey.fresh(key, size) for key, size in self.slots.items() if key not in LEG_KEYS}
        self.action = z3.String(f"{prefix}|action")
        self.call = SymCall()
        self.pieces: dict[int, tuple[Piece, ...]] = {}
        """The pieces of each string made here (by z3 id) that the shape constraints fix."""

    def free(self, term: z3.SeqRef, alphabet: frozenset[str], values: tuple[str, ...] | None = None) -> z3.SeqRef:
        """Record that `term` is constrained to `values`, or to non-empty text over `alphabet`."""
        self.pieces[term.get_id()] = (Free(term, values, alphabet),)
        return term

    def joined(self, *parts: Part) -> tuple[z3.SeqRef, Shape]:
        """The concatenation of `parts` (text, or strings made here) and its shape."""
        pieces: list[Piece] = []
        for part in parts:
            pieces.extend((part,) if isinstance(part, str) else self.pieces[part.get_id()])
        return _cat(*parts), Shape(tuple(pieces))

    def leg(
        self,
        resource: z3.SeqRef,
        region: z3.SeqRef | str,
        profile: z3.SeqRef | None = None,
        shapes: tuple[Shape, ...] = (),
    ) -> SymRequest:
        """Add a leg on `resource` (of one of `shapes`, if known), requested in `region`, part of
        the profile call `profile`."""
        index = len(self.call.legs)
        region_key = SymKey.fresh(REGION_KEY, 1)
        profile_key = SymKey.fresh(PROFILE_KEY, 1)
        region_value = text_value(region) if isinstance(region, str) else region
        self.call.shape.append(z3.And(region_key.count == 1, region_key.slots[0] == region_value))
        if profile is None:
            self.call.shape.append(profile_key.count == 0)
        else:
            self.call.shape.append(z3.And(profile_key.count == 1, profile_key.slots[0] == profile))
        context = {**self.shared, REGION_KEY: region_key, PROFILE_KEY: profile_key}
        leg = SymRequest(self.action, z3.String(f"{self.prefix}|resource|{index}"), self.actions, context, shapes)
        self.call.shape.append(leg.resource == resource)
        self.call.legs.append(leg)
        return leg

    def string(self, name: str) -> z3.SeqRef:
        return z3.String(f"{self.prefix}|{name}")

    def model_id(self, families: Families, *, mantle: bool = False) -> z3.SeqRef:
        """A model ID of one of `families`; prefers the catalog's ID (in Mantle's spelling when
        `mantle`), then an invented family, then a plausible name."""
        model = self.string("model")
        name = self.string("model-name")
        family = self.string("family")
        if families.listed is not None:
            self.call.shape.append(_one_of(family, families.listed))
            family_piece = Free(family, families.listed)
        else:
            self.call.shape.append(z3.InRe(family, FAMILY))
            self.call.shape += [family != text_value(excluded) for excluded in families.excluded]
            family_piece = Free(family, alphabet=FAMILY_CHARS)
        self.call.shape += [model == z3.Concat(family, text_value("."), name), z3.InRe(name, MODEL_NAME)]
        self.pieces[model.get_id()] = (family_piece, ".", Free(name, alphabet=MODEL_NAME_CHARS))
        known = tuple(MODEL_FAMILIES[item] for item in families.examples() if item in MODEL_FAMILIES)
        if mantle:
            known = tuple(mantle_model_id(item) for item in known)
        if known:
            # Said of the pieces, not of `model`, so that the prover can drop `model` as a mere name.
            split = [item.split(".", 1) for item in known]
            self.call.preferences.append(
                [z3.Or(*(z3.And(family == text_value(head), name == text_value(tail)) for head, tail in split))]
            )
        invented = [item for item in families.examples() if item not in MODEL_FAMILIES]
        if invented:
            self.call.preferences.append([_one_of(family, tuple(invented))])
        if not mantle:
            self.call.preferences.append([z3.InRe(name, PLAUSIBLE_NAME)])
        return model

    def region(self, name: str, options: tuple[str, ...] = REGIONS) -> z3.SeqRef:
        """A Region among `options` (by default any AWS Region), preferring the first."""
        region = self.string(name)
        self.call.shape.append(_one_of(region, options))
        self.free(region, REGION_CHARS, options)
        self.call.preferences.append([region == text_value(options[0])])
        return region

    def account(self) -> z3.SeqRef:
        account = self.string("account")
        self.call.shape.append(z3.InRe(account, ACCOUNT))
        self.free(account, DIGIT_CHARS)
        self.call.preferences.append([account == text_value(EXAMPLE_ACCOUNT)])
        return account

    def prefer_action(self, action: str) -> None:
        self.call.preferences.append([self.action == text_value(action.lower())])


def model_arn(builder: CallBuilder, model: z3.SeqRef, region: Part) -> tuple[z3.SeqRef, Shape]:
    return builder.joined("arn:aws:bedrock:", region, "::foundation-model/", model)


def _model_leg(builder: CallBuilder, model: z3.SeqRef, region: Part, profile: z3.SeqRef | None = None) -> None:
    resource, shape = model_arn(builder, model, region)
    builder.leg(resource, region, profile, (shape,))


def direct_call(builder: CallBuilder, families: Families) -> SymCall:
    model = builder.model_id(families)
    _model_leg(builder, model, builder.region("region"))
    return builder.call


def geo_call(builder: CallBuilder, families: Families, geo: str) -> SymCall:
    """Profile leg in the source Region, then a model leg in every Region of the geography."""
    model = builder.model_id(families)
    regions = GEO_PROFILES[geo]
    source = builder.region("source", regions)
    profile, shape = builder.joined(
        "arn:aws:bedrock:", source, ":", builder.account(), f":inference-profile/{geo}.", model
    )
    builder.leg(profile, source, None, (shape,))
    for region in regions:
        _model_leg(builder, model, region, profile)
    return builder.call


def global_call(builder: CallBuilder, families: Families) -> SymCall:
    """Profile leg, the source-Region model leg, and the region-less model leg ("unspecified")."""
    model = builder.model_id(families)
    source = builder.region("source")
    account = builder.account()
    profile, shape = builder.joined(
        "arn:aws:bedrock:", source, ":", account, f":inference-profile/{GLOBAL_PROFILE}.", model
    )
    builder.leg(profile, source, None, (shape,))
    _model_leg(builder, model, source, profile)
    resource, shape = model_arn(builder, model, "")
    builder.leg(resource, UNSPECIFIED_REGION, profile, (shape,))
    return builder.call


def profile_use_call(builder: CallBuilder, families: Families) -> SymCall:
    """One leg on a system inference profile of any geography, in one of its Regions: a call that
    uses the profile without inference (creating a router or an application profile from it)."""
    model = builder.model_id(families)
    geos = (*GEO_PROFILES, GLOBAL_PROFILE)
    geo = builder.free(builder.string("geo"), FAMILY_CHARS, geos)
    region = builder.region("region")
    builder.call.shape.append(_one_of(geo, geos))
    builder.call.shape += [
        z3.Implies(geo == text_value(name), _one_of(region, GEO_PROFILES[name])) for name in GEO_PROFILES
    ]
    profile, shape = builder.joined(
        "arn:aws:bedrock:", region, ":", builder.account(), ":inference-profile/", geo, ".", model
    )
    builder.leg(profile, region, None, (shape,))
    return builder.call


def mantle_call(builder: CallBuilder, families: Families) -> SymCall:
    """One bedrock-mantle call on a project that names a model (`CreateInference`, ...): only by
    the key `bedrock-mantle:Model` (the caller always sends it: it is the model the call uses)."""
    model = builder.model_id(families, mantle=True)
    region = builder.region("region")
    project = builder.free(builder.string("project"), PROJECT_CHARS)
    builder.call.shape.append(z3.InRe(project, MANTLE_PROJECT))
    builder.call.preferences.append([project == text_value("default")])
    resource, shape = builder.joined("arn:aws:bedrock-mantle:", region, ":", builder.account(), ":project/", project)
    leg = builder.leg(resource, region, None, (shape,))
    key = leg.context[MANTLE_MODEL_KEY.lower()]
    builder.call.shape.append(z3.And(key.count == 1, key.slots[0] == model))
    return builder.call


OPAQUE_ROUTE_TYPES: dict[str, tuple[str, ...]] = {}
for _type, _kind in OPAQUE_TYPE_ROUTES.items():
    OPAQUE_ROUTE_TYPES.setdefault(_kind, ())
    OPAQUE_ROUTE_TYPES[_kind] += (_type,)
"""Routes whose ARN does not name the model (the catalog's route kind) -> their resource types."""


def resource_start(resource_type: str) -> str:
    """The fixed start of the resource part of `resource_type`'s ARN (all of it when it has no ID)."""
    return resource_arn_formats("bedrock")[resource_type].split(":", 5)[5].split("${", 1)[0]


def opaque_call(builder: CallBuilder, actions: Mapping[str, tuple[str, ...]]) -> SymCall:
    """One leg on a resource of one of the types `actions` lists (those of one route kind), in any
    Region of any account, by one of the actions listed for that type."""
    region = builder.region("region")
    account = builder.account()
    base = ("arn:aws:bedrock:", region, ":", account, ":")
    resource = builder.string("resource-id")
    identifier = builder.free(builder.string("id"), RESOURCE_ID_CHARS)
    options: list[z3.BoolRef] = []
    shapes: list[Shape] = []
    for resource_type, type_actions in actions.items():
        start = resource_start(resource_type)
        tail: tuple[Part, ...] = (start, identifier) if start.endswith("/") else (start,)
        option = resource == _cat(*tail)
        if set(type_actions) != set(chain.from_iterable(actions.values())):
            option = z3.And(option, _one_of(builder.action, tuple(name.lower() for name in type_actions)))
        options.append(option)
        shapes.append(Shape(builder.joined(*base, *tail)[1].pieces, options[-1]))
    if len(shapes) == 1:
        shapes = [Shape(shapes[0].pieces)]  # the only kind: no need to say which
    # One kind of ARN is an equality (a definition the prover can drop), not a one-way choice.
    builder.call.shape += [options[0] if len(options) == 1 else z3.Or(*options), z3.InRe(identifier, RESOURCE_ID)]
    builder.call.preferences.append([z3.InRe(identifier, OPAQUE_ID)])
    builder.leg(_cat(*base, resource), region, None, tuple(shapes))
    return builder.call
