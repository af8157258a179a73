"""API-key rules: creation and use must both be denied, on both endpoints, and creation only for
Bedrock's credentials (shared aws-facts "API keys"). Decided with the evaluator, not by text."""

from __future__ import annotations

from collections.abc import Iterator

from bedrock_gov.catalog.bedrock import (
    API_KEY_SERVICE,
    BEARER_TOKEN_ACTIONS,
    BEARER_TOKEN_TYPES,
    OTHER_CREDENTIAL_SERVICES,
)
from bedrock_gov.lint.context import LintContext
from bedrock_gov.lint.model import Finding, Located, Rule
from bedrock_gov.policy import Severity
from bedrock_gov.policy.routes import bearer_token_request, credential_request

BEDROCK_BEARER, MANTLE_BEARER = BEARER_TOKEN_ACTIONS


def _creation_denies(ctx: LintContext) -> Iterator[Located]:
    """Deny statements that block creating Bedrock API keys outright (any lifetime, or none)."""
    requests = [credential_request(API_KEY_SERVICE), credential_request(API_KEY_SERVICE, 1)]
    for located in ctx.statements():
        if located.statement.effect == "Deny" and all(ctx.applies(located, request) for request in requests):
            yield located


def _bearer_missing(ctx: LintContext) -> Iterator[Finding]:
    unblocked = [kind for kind in BEARER_TOKEN_TYPES if not ctx.denied(bearer_token_request(BEDROCK_BEARER, kind))]
    if len(unblocked) < len(BEARER_TOKEN_TYPES):
        return  # some key use is denied: the set controls use, and which keys is a choice
    for located in _creation_denies(ctx):
        yield BEARER_MISSING.finding(
            located.file,
            located.statement.pointer,
            f"{located.label} denies creating Bedrock API keys, but no statement denies using them "
            f"({BEDROCK_BEARER} is allowed for {' and '.join(unblocked)} keys); short-term keys are made "
            "client-side with no creation event, so they stay fully usable",
        )


def _mantle_missing(ctx: LintContext) -> Iterator[Finding]:
    for located in ctx.statements():
        if located.statement.effect != "Deny":
            continue
        kinds = [
            kind for kind in BEARER_TOKEN_TYPES if ctx.applies(located, bearer_token_request(BEDROCK_BEARER, kind))
        ]
        gaps = [kind for kind in kinds if not ctx.denied(bearer_token_request(MANTLE_BEARER, kind))]
        if gaps:
            yield MANTLE_MISSING.finding(
                located.file,
                located.statement.pointer,
                f"{located.label} denies {BEDROCK_BEARER} but nothing denies {MANTLE_BEARER}: "
                f"{' and '.join(gaps)} keys still work on the bedrock-mantle endpoint",
            )


def _unscoped_creation(ctx: LintContext) -> Iterator[Finding]:
    request = credential_request(API_KEY_SERVICE)
    for located in ctx.statements():
        statement = located.statement
        # Only statements that name the credential action: a blanket "*" deny is another matter.
        if statement.effect != "Deny" or statement.not_action or "*" in statement.actions:
            continue
        if not ctx.applies(located, request):
            continue
        hit = [service for service in OTHER_CREDENTIAL_SERVICES if ctx.applies(located, credential_request(service))]
        if hit:
            yield UNSCOPED.finding(
                located.file,
                located.statement.pointer,
                f"{located.label} also denies service-specific credentials for {', '.join(hit)} "
                "(CodeCommit Git credentials, Amazon Keyspaces), breaking unrelated workflows",
            )


BEARER_MISSING = Rule(
    "bearer-token-deny-missing",
    Severity.ERROR,
    "API-key creation is denied but key use is not",
    "Denying iam:CreateServiceSpecificCredential stops new long-term keys only. Short-term keys are "
    "generated client-side from the caller's credentials, and existing long-term keys keep working, "
    "unless bedrock:CallWithBearerToken (and bedrock-mantle:CallWithBearerToken) is denied.",
    'Add {"Effect":"Deny","Action":["bedrock:CallWithBearerToken","bedrock-mantle:CallWithBearerToken"],'
    '"Resource":"*"} to the same SCP.',
    _bearer_missing,
)
MANTLE_MISSING = Rule(
    "mantle-bearer-token-not-denied",
    Severity.ERROR,
    "bedrock:CallWithBearerToken is denied but bedrock-mantle:CallWithBearerToken is not",
    "Bedrock API keys work on two endpoints, each authorized by its own action; denying only "
    "bedrock:CallWithBearerToken leaves the bedrock-mantle endpoint open to the same keys.",
    'Add "bedrock-mantle:CallWithBearerToken" to the statement\'s Action (if it has a '
    "bedrock:BearerTokenType condition, add a statement with the same test on bedrock-mantle:BearerTokenType).",
    _mantle_missing,
)
UNSCOPED = Rule(
    "credential-deny-unscoped",
    Severity.WARNING,
    "Credential-creation deny without the service-name condition",
    "iam:CreateServiceSpecificCredential also creates CodeCommit and Amazon Keyspaces credentials; a "
    "deny without iam:ServiceSpecificCredentialServiceName blocks them too.",
    'Add "Condition":{"StringEquals":{"iam:ServiceSpecificCredentialServiceName":"bedrock.amazonaws.com"}}.',
    _unscoped_creation,
)

RULES = (BEARER_MISSING, MANTLE_MISSING, UNSCOPED)
