from datetime import UTC, datetime

import pytest

from bedrock_gov.checks import long_term_api_keys as control
from bedrock_gov.checks.model import ParameterError
from bedrock_gov.collect.iam_credentials import credential_record
from bedrock_gov.snapshot import IamUser

NOW = datetime(2026, 11, 30, tzinfo=UTC)


def key(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "ServiceSpecificCredentialId": "ACCAEXAMPLE1",
        "ServiceName": "bedrock.amazonaws.com",
        "Status": "Active",
        "CreateDate": "2026-11-01T00:00:00Z",
    }
    return {**base, **fields}


def user(*credentials: dict[str, object]) -> IamUser:
    """A user with ListServiceSpecificCredentials entries, through the collector's converter."""
    records = [credential_record(credential) for credential in credentials]
    return IamUser(name="alice", id="AIDAEXAMPLE", service_specific_credentials=records)


def test_any_active_bedrock_key_is_non_compliant_on_the_user_id() -> None:
    result = control.check(user(key()), control.Parameters(), NOW)
    assert (result.compliance, result.resource_type, result.resource_id) == (
        "NON_COMPLIANT",
        "AWS::IAM::User",
        "AIDAEXAMPLE",
    )
    assert "ACCAEXAMPLE1" in result.annotation and "never expires" in result.annotation


@pytest.mark.parametrize(
    "credential",
    [
        key(Status="Inactive"),
        key(Status="Expired"),
        key(ServiceName="codecommit.amazonaws.com"),
        key(ExpirationDate="2026-11-29T00:00:00Z"),
    ],
)
def test_inactive_expired_or_other_service_credentials_do_not_count(credential: dict[str, object]) -> None:
    assert control.check(user(credential), control.Parameters(), NOW).compliance == "COMPLIANT"


def test_user_without_credentials_is_compliant() -> None:
    assert control.check(user(), control.Parameters(), NOW).compliance == "COMPLIANT"


def test_max_age_only_flags_older_keys() -> None:
    params = control.parse_parameters({"maxAgeDays": "90"})
    assert control.check(user(key()), params, NOW).compliance == "COMPLIANT"
    old = key(CreateDate=datetime(2026, 1, 1, tzinfo=UTC))
    assert control.check(user(old), params, NOW).compliance == "NON_COMPLIANT"


def test_never_expiring_only_spares_expiring_keys() -> None:
    params = control.parse_parameters({"neverExpiringOnly": True})
    expiring = key(ExpirationDate="2027-01-01T00:00:00+00:00")
    assert control.check(user(expiring), params, NOW).compliance == "COMPLIANT"
    assert control.check(user(key()), params, NOW).compliance == "NON_COMPLIANT"


def test_both_options_flag_either_condition() -> None:
    params = control.Parameters(max_age_days=30, never_expiring_only=True)
    young_expiring = key(ExpirationDate="2027-01-01T00:00:00Z")
    old_expiring = key(CreateDate="2026-01-01T00:00:00Z", ExpirationDate="2027-01-01T00:00:00Z")
    assert control.check(user(young_expiring), params, NOW).compliance == "COMPLIANT"
    assert control.check(user(old_expiring), params, NOW).compliance == "NON_COMPLIANT"
    assert control.check(user(key()), params, NOW).compliance == "NON_COMPLIANT"


def test_secret_fields_never_reach_the_annotation() -> None:
    leaky = key(ServicePassword="s3cr3t-password-value", ServiceUserName="alice-at-123")
    annotation = control.check(user(leaky), control.Parameters(), NOW).annotation
    assert "s3cr3t" not in annotation and "alice-at-123" not in annotation


@pytest.mark.parametrize("raw", [{"maxAgeDays": "-1"}, {"maxAgeDays": "ninety"}, {"maxAgeDays": 40000}, {"age": 1}])
def test_malformed_parameters(raw: dict[str, object]) -> None:
    with pytest.raises(ParameterError):
        control.parse_parameters(raw)
