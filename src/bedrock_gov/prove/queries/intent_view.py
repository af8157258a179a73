"""The part of the intent P1-P4 read, as the shape it must have rather than a class to import.

`bedrock_gov.intent.Intent` has this shape; the prover takes it as data and never imports the
intent package (nor, through it, pydantic or the YAML loader).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol


class RouteSetting(Protocol):
    @property
    def mode(self) -> str: ...


class ModelsView(Protocol):
    @property
    def approved_families(self) -> Sequence[str]: ...

    @property
    def blocked_families(self) -> Sequence[str]: ...


class ApiKeysView(Protocol):
    @property
    def mode(self) -> str:
        """deny_all, deny_long_term, max_age or allow."""
        ...

    @property
    def max_age_days(self) -> int | None: ...


class CrossRegionView(Protocol):
    @property
    def allowed_profiles(self) -> Sequence[str]: ...

    def opaque_settings(self) -> Mapping[str, RouteSetting]:
        """Each opaque route kind of the catalog -> what the intent says about it."""
        ...


class IntentView(Protocol):
    """What the organization wants of model families, cross-Region profiles and API keys."""

    @property
    def models(self) -> ModelsView: ...

    @property
    def api_keys(self) -> ApiKeysView: ...

    @property
    def cross_region(self) -> CrossRegionView: ...
