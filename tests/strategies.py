"""Hypothesis strategies shared by the property tests of the evaluator and the linter."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st


def statement_dicts(
    actions: Sequence[str],
    resources: Sequence[str],
    conditions: Sequence[dict[str, object]],
    *,
    unique: bool = False,
) -> st.SearchStrategy[dict[str, object]]:
    """SCP statements (JSON objects) drawn from the given actions, resources and condition blocks;
    an empty condition block means no Condition element."""
    return st.builds(
        lambda effect, action_key, chosen_actions, resource_key, chosen_resources, condition: {
            "Effect": effect,
            action_key: chosen_actions,
            resource_key: chosen_resources,
            **({"Condition": condition} if condition else {}),
        },
        st.sampled_from(["Allow", "Deny"]),
        st.sampled_from(["Action", "NotAction"]),
        st.lists(st.sampled_from(list(actions)), min_size=1, max_size=3, unique=unique),
        st.sampled_from(["Resource", "NotResource"]),
        st.lists(st.sampled_from(list(resources)), min_size=1, max_size=3, unique=unique),
        st.sampled_from(list(conditions)),
    )
