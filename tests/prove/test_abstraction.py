"""The abstracted prover (strings as Booleans, refined on demand) answers as z3 on the whole query does."""

from __future__ import annotations

import json
import random
import re
import time

import pytest
import z3
from test_crosscheck import random_levels

from bedrock_gov.intent import Intent
from bedrock_gov.policy import Level, parse_policy
from bedrock_gov.prove import Prover, Status, prove_all
from bedrock_gov.prove.outcomes import PropertyResult
from bedrock_gov.prove.patterns import glob, text_value
from bedrock_gov.prove.refine import Assignment, Refiner
from bedrock_gov.prove.skeleton import skeleton, split_definitions

ADMIN = [glob(f"arn:aws:iam::*:role/Admin{index}", arn=True) for index in range(3)]


def _statuses(results: list[PropertyResult]) -> dict[str, Status]:
    return {f"{result.id} {check.name}": check.status for result in results for check in result.checks}


def test_definitions_are_dropped_in_dependency_order_and_recomputed() -> None:
    resource, model, family, name = (z3.String(label) for label in ("resource", "model", "family", "name"))
    formulas = [
        resource == z3.Concat(text_value("arn:"), model),
        model == z3.Concat(family, text_value("."), name),
        z3.Or(family == text_value("amazon"), family == text_value("anthropic")),
        z3.InRe(name, z3.Plus(z3.Range("a", "z"))),
    ]
    rest, definitions = split_definitions(formulas, [])
    assert [str(definition.variable) for definition in definitions] == ["model", "resource"]
    assert len(rest) == 2
    shape = skeleton(formulas)
    assert shape.isolated(name) and not shape.isolated(family)  # equalities alone stay with z3
    answer = Refiner(shape).solve([], deadline=_in(5))
    assert answer.solution is not None
    valuation = Assignment(shape, answer.solution, [resource])
    assert valuation.satisfies(formulas)
    assert valuation.eval(resource).as_string().startswith("arn:a")


def test_a_variable_used_elsewhere_is_not_a_definition() -> None:
    value, other = z3.String("value"), z3.String("other")
    formulas = [value == z3.Concat(text_value("x"), other), z3.Length(value) > 3]
    rest, definitions = split_definitions(formulas, [])
    assert not definitions and rest == formulas
    _, kept = split_definitions([formulas[0]], [value == text_value("xy")])
    assert not kept  # a preference mentions it


def test_conflicting_role_patterns_are_learned_not_guessed() -> None:
    principal = z3.String("principal")
    both = [z3.InRe(principal, ADMIN[0]), z3.InRe(principal, ADMIN[1])]
    assert Refiner(skeleton(both)).solve([], _in(5)).verdict == "unsat"
    one = [z3.Or(z3.InRe(principal, ADMIN[0]), z3.InRe(principal, ADMIN[1])), z3.Not(z3.InRe(principal, ADMIN[2]))]
    shape = skeleton(one)
    assert shape.isolated(principal)
    answer = Refiner(shape).solve([], _in(5))
    assert answer.solution is not None
    (_, text), *_ = answer.solution.texts.values()
    assert text.startswith("arn:aws:iam::") and text.endswith(("role/Admin0", "role/Admin1"))


def test_pinned_and_tied_variables_stay_with_z3() -> None:
    pinned, tied = z3.String("pinned"), z3.String("tied")
    formulas = [pinned == text_value("us-east-1"), z3.InRe(pinned, z3.Re("us-east-1")), z3.Length(tied) == 2]
    formulas.append(z3.InRe(tied, z3.Star(z3.Re("a"))))
    shape = skeleton(formulas)
    assert not shape.tests


def _in(seconds: float) -> float:
    return time.perf_counter() + seconds


def test_article_answers_are_the_same_abstracted(article_levels: list[Level], article_intent: Intent) -> None:
    direct = _statuses(prove_all(Prover(article_levels), article_intent))
    abstracted = prove_all(Prover(article_levels, direct_ms=0), article_intent)
    assert _statuses(abstracted) == direct
    p2 = next(result for result in abstracted if result.id == "P2")
    leg = next(check for check in p2.checks if check.name == "anthropic us profile")
    assert leg.status is Status.VIOLATED and "inference-profile/us.anthropic." in leg.requests[0].resource


def test_rendered_scps_prove_everything_abstracted(correct_levels: list[Level], article_intent: Intent) -> None:
    results = prove_all(Prover(correct_levels, direct_ms=0), article_intent)
    assert {result.id: result.status for result in results} == dict.fromkeys(("P1", "P2", "P3", "P4"), Status.PROVED)


def _exempting_statement(rng: random.Random) -> dict[str, object]:
    """Denies with exemptions on string keys, the shape that makes strings conflict: a principal
    matches one role pattern at most, a model name or profile ID one prefix at most."""
    family = rng.choice(("anthropic", "amazon", "deepseek", "meta"))
    actions = rng.sample(("bedrock:InvokeModel", "bedrock:InvokeModel*", "bedrock:*", "iam:Create*", "*"), 2)
    statement: dict[str, object] = {"Effect": "Deny", "Action": actions}
    kind = rng.randrange(4)
    if kind == 0:
        statement["NotResource"] = [f"arn:aws:bedrock:*::foundation-model/{family}.*"]
        statement["Condition"] = {"ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::*:role/Admin{rng.randrange(4)}"}}
    elif kind == 1:
        statement["Resource"] = "*"
        statement["Condition"] = {"StringNotLike": {"aws:PrincipalTag/team": f"team{rng.randrange(3)}*"},
                                  "StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "unspecified"]}}  # fmt: skip
    elif kind == 2:
        statement["Resource"] = f"arn:aws:bedrock:*:*:application-inference-profile/{rng.randrange(3)}*"
        statement["Condition"] = {"Null": {"aws:ResourceTag/approved": "true"}}
    else:
        statement["Resource"] = f"arn:aws:bedrock:*::foundation-model/{family}.{rng.choice(('c', 'n', 'r'))}*"
    return statement


def _exempting_levels(rng: random.Random) -> list[Level]:
    levels = []
    for index in range(2):
        statements = [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
        statements += [_exempting_statement(rng) for _ in range(rng.randint(3, 6))]
        text = json.dumps({"Version": "2012-10-17", "Statement": statements})
        levels.append(Level(f"level{index}", (parse_policy(text, f"p{index}"),)))
    return levels


@pytest.mark.parametrize("seed", range(8))
def test_random_hierarchies_answer_the_same_both_ways(seed: int, article_intent: Intent) -> None:
    """No ERROR (every counterexample is replayed through the evaluator) and no status that
    differs, except where one side gave up."""
    rng = random.Random(seed)
    levels = random_levels(rng) if seed % 2 else _exempting_levels(rng)
    direct = _statuses(prove_all(Prover(levels, direct_ms=10_000), article_intent))
    abstracted_results = prove_all(Prover(levels, direct_ms=0), article_intent)
    abstracted = _statuses(abstracted_results)
    assert Status.ERROR not in abstracted.values()
    for result in abstracted_results:
        for check in result.checks:
            for request in check.requests:
                for principal in request.context.get("aws:principalarn", ()):
                    assert re.fullmatch(r"arn:aws:iam::111122223333:role/[\w-]+", principal), principal
    differing = {
        name: (direct[name], abstracted[name])
        for name in direct
        if direct[name] != abstracted[name] and Status.UNKNOWN not in (direct[name], abstracted[name])
    }
    assert not differing
