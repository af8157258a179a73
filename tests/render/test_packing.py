"""Packing: fewest documents within the character limit and the attachment budget, or a clear failure."""

from __future__ import annotations

import pytest

from bedrock_gov.catalog.bedrock import MODEL_FAMILIES
from bedrock_gov.catalog.limits import CURRENT, LEGACY, ScpLimits
from bedrock_gov.intent import PROFILES
from bedrock_gov.intent.loader import parse_intent
from bedrock_gov.render import PackingError, render
from bedrock_gov.render.packing import Budget, document_text, minified, pack
from bedrock_gov.render.statements import RenderedStatement

OVERHEAD = len('{"Version":"2012-10-17","Statement":[]}')


def _statement(name: str, size: int) -> RenderedStatement:
    """A statement whose minified JSON is exactly `size` characters (packing looks at size only)."""
    padding = size - len(minified({"Sid": name, "Pad": ""}))
    statement = RenderedStatement(name, {"Sid": name, "Pad": "x" * padding}, "test")
    assert len(minified(statement.body)) == size
    return statement


def _limits(characters: int, attached: int = 10) -> ScpLimits:
    return ScpLimits("current", characters, attached, f"test: {characters} characters")


def test_packing_is_exact_where_first_fit_decreasing_is_not() -> None:
    # Room for 1000 characters of statements (each +1 separator): 500,400,300,300,300,200 fit two
    # documents exactly ({500,300,200} and {400,300,300}); first-fit decreasing needs three.
    sizes = [499, 399, 299, 299, 299, 199]
    statements = [_statement(f"S{i}", size) for i, size in enumerate(sizes)]
    limits = _limits(OVERHEAD + 999)
    documents = pack(statements, limits, [Budget("ou", ())])
    assert len(documents) == 2
    for document in documents:
        assert len(document_text(document)) <= limits.max_characters
    assert sorted(s.sid for d in documents for s in d) == sorted(s.sid for s in statements)


def test_document_order_and_statement_order_are_stable() -> None:
    statements = [_statement(f"S{i}", 60) for i in range(4)]
    documents = pack(statements, _limits(OVERHEAD + 130), [Budget("ou", ())])
    assert [[s.sid for s in d] for d in documents] == [["S0", "S1"], ["S2", "S3"]]


def test_one_statement_too_big_says_by_how_much() -> None:
    with pytest.raises(PackingError, match=r"statement Big is 500 characters; .* 3\d\d over"):
        pack([_statement("Big", 500)], _limits(OVERHEAD + 150), [Budget("ou", ())])


def test_budget_counts_full_access_and_existing_scps() -> None:
    statements = [_statement(f"S{i}", 90) for i in range(3)]
    limits = _limits(OVERHEAD + 100, attached=3)
    assert Budget("ou", ("FullAWSAccess", "A")).free(limits) == 1
    with pytest.raises(PackingError, match=r"need 3 SCP\(s\) but target ou .* room for 1: 2 SCP\(s\) over"):
        pack(statements, limits, [Budget("root", ()), Budget("ou", ("A",))])


def _everything() -> dict[str, object]:
    return {
        "models": {"approved_families": sorted(MODEL_FAMILIES)},
        "cross_region": {"allowed_profiles": list(PROFILES)},
        "targets": ["ou-big"],
    }


def test_large_intent_fits_current_limits_but_not_legacy() -> None:
    intent = parse_intent(_everything())
    result = render(intent, CURRENT)
    assert len(result.documents) == 1 and result.documents[0].size > LEGACY.max_characters
    with pytest.raises(PackingError, match=r"statement DenyUnapprovedModels is .* characters; .* over"):
        render(intent, LEGACY)


def test_no_room_left_on_a_target_fails_at_both_limit_sets() -> None:
    for limits, existing in ((CURRENT, 9), (LEGACY, 4)):
        raw = {
            "targets": ["ou-full"],
            "limits": limits.name,
            "existing_scps": {"ou-full": [{"name": f"Existing{i}"} for i in range(existing)]},
        }
        with pytest.raises(PackingError, match=r"need 1 SCP\(s\) but target ou-full .* room for 0: 1 SCP\(s\) over"):
            render(parse_intent(raw))
        raw["existing_scps"] = {"ou-full": [{"name": f"Existing{i}"} for i in range(existing - 1)]}
        result = render(parse_intent(raw))
        assert result.manifest()["targets"] == {
            "ou-full": {
                "attach": ["BedrockGovernance"],
                "existing": [f"Existing{i}" for i in range(existing - 1)],
                "attached_after": limits.max_attached,
                "max_attached": limits.max_attached,
            }
        }


def test_statements_split_over_documents_when_one_is_too_small() -> None:
    intent = parse_intent(
        {
            "models": {"approved_families": ["anthropic", "amazon", "meta"]},
            "cross_region": {"allowed_profiles": list(PROFILES)},
            "api_keys": {"mode": "deny_long_term"},
        }
    )
    sizes = [len(minified(s.body)) for d in render(intent).documents for s in d.statements]
    limits = _limits(OVERHEAD + max(sizes) + 10, attached=5)
    assert sum(sizes) + len(sizes) - 1 > max(sizes) + 10  # one document cannot hold them all
    result = render(intent, limits)
    assert len(result.documents) == 2
    assert [d.name for d in result.documents] == ["BedrockGovernance1", "BedrockGovernance2"]
    assert all(d.size <= limits.max_characters for d in result.documents)


def test_budget_message_when_sizes_fit_but_documents_do_not() -> None:
    # Three statements of 60 characters each need 3 documents of room 100; two free attachments
    # would hold 200 characters by size, but no split into two documents exists.
    statements = [_statement(f"S{i}", 60) for i in range(3)]
    with pytest.raises(
        PackingError, match=r"180 characters would fit in 200 by size alone, but not split into that few documents"
    ):
        pack(statements, _limits(OVERHEAD + 100, attached=3), [Budget("ou", ())])
