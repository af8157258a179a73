"""Layer 2 (detective): AWS Config records, delivers, and runs our rules, and what they report.

The rules required are the checks that run as Config rules (named by their METADATA ids, as the
Terraform module names them) and the managed rule CLOUD_TRAIL_ENABLED (found by its source
identifier, whatever the rule is called). Config evaluates nothing while its recorder is stopped.
"""

from __future__ import annotations

from collections.abc import Iterator

from bedrock_gov.audit.context import AuditContext, RegionScope, not_collected
from bedrock_gov.audit.control import Control
from bedrock_gov.audit.findings import Finding
from bedrock_gov.checks.registry import CHECKS
from bedrock_gov.snapshot.document import ConfigRule, ConfigSection

CUSTOM_RULES = tuple(check.METADATA.id for check in CHECKS if check.CONFIG_TRIGGER is not None)
MANAGED_RULES = ("CLOUD_TRAIL_ENABLED",)
RECORDED_TYPES = tuple(
    sorted({kind for check in CHECKS if check.CONFIG_TRIGGER is not None for kind in check.CONFIG_TRIGGER.change_types})
)
"""Resource types the change-triggered rules need the recorder to record."""

RULE_TYPE = "AWS::Config::ConfigRule"
RECORDER_TYPE = "AWS::Config::ConfigurationRecorder"
CHANNEL_TYPE = "AWS::Config::DeliveryChannel"
GONE_STATES = ("DELETING", "DELETING_RESULTS")


def _config(control: Control, scope: RegionScope) -> ConfigSection | Finding:
    """The Config section of a scope, or the UNKNOWN finding that says why it cannot be judged."""
    if scope.reason or scope.data is None:
        return control.unknown(scope.where(), scope.reason or "no data")
    section = scope.data["config"]
    reason = not_collected(section["collection"], "AWS Config")
    return control.unknown(scope.where(), reason) if reason else section


def _recorder(control: Control, context: AuditContext) -> Iterator[Finding]:
    for scope in context.region_scopes():
        section = _config(control, scope)
        if isinstance(section, Finding):
            yield section
            continue
        if not section["recorders"]:
            yield control.failed(
                scope.where(RECORDER_TYPE, "none"), "no configuration recorder: Config evaluates nothing"
            )
        for recorder in section["recorders"]:
            where = scope.where(RECORDER_TYPE, recorder["name"])
            if recorder["recording"] is None:
                yield control.unknown(where, "the recorder's status was not read")
            elif not recorder["recording"]:
                yield control.failed(where, f"recorder {recorder['name']} is stopped: Config evaluates nothing")
            elif recorder["all_supported"] is False and (
                missing := [kind for kind in RECORDED_TYPES if kind not in recorder["resource_types"]]
            ):
                yield control.failed(where, f"recorder {recorder['name']} does not record {', '.join(missing)}")
            else:
                yield control.passed(where, f"recorder {recorder['name']} is recording")


def _delivery(control: Control, context: AuditContext) -> Iterator[Finding]:
    for scope in context.region_scopes():
        section = _config(control, scope)
        if isinstance(section, Finding):
            yield section
            continue
        if not section["delivery_channels"]:
            yield control.failed(scope.where(CHANNEL_TYPE, "none"), "no delivery channel: Config cannot record")
        for channel in section["delivery_channels"]:
            where = scope.where(CHANNEL_TYPE, channel["name"])
            status = (channel["last_status"] or "").upper()
            if status == "SUCCESS":
                yield control.passed(where, f"delivery channel {channel['name']}: last delivery succeeded")
            elif status == "FAILURE":
                yield control.failed(where, f"delivery channel {channel['name']}: last delivery failed")
            else:
                yield control.unknown(
                    where, f"delivery channel {channel['name']} reports no delivery status ({channel['last_status']})"
                )


def required_rules(section: ConfigSection) -> Iterator[tuple[str, ConfigRule | None]]:
    """Each required rule -> the deployed rule that is it (None: not deployed)."""
    by_name = {rule["name"]: rule for rule in section["rules"]}
    for name in CUSTOM_RULES:
        yield name, by_name.get(name)
    for identifier in MANAGED_RULES:
        managed = [
            rule
            for rule in section["rules"]
            if rule["source_owner"] == "AWS" and rule["source_identifier"] == identifier
        ]
        yield identifier, managed[0] if managed else None


def _present(control: Control, context: AuditContext) -> Iterator[Finding]:
    for scope in context.region_scopes():
        section = _config(control, scope)
        if isinstance(section, Finding):
            yield section
            continue
        for required, rule in required_rules(section):
            where = scope.where(RULE_TYPE, required, rule["arn"] if rule else None)
            if rule is None:
                yield control.failed(where, f"Config rule {required} is not deployed")
            elif rule["state"] in GONE_STATES:
                yield control.failed(where, f"Config rule {rule['name']} is being deleted ({rule['state']})")
            else:
                yield control.passed(
                    where, f"Config rule {rule['name']} is deployed ({rule['state'] or 'state unknown'})"
                )


def _compliance(control: Control, context: AuditContext) -> Iterator[Finding]:
    for scope in context.region_scopes():
        section = _config(control, scope)
        if isinstance(section, Finding):
            yield section
            continue
        reason = not_collected(section["compliance"], "Config rule compliance")
        for required, rule in required_rules(section):
            if rule is None:
                continue  # the presence control reports it
            where = scope.where(RULE_TYPE, required, rule["arn"])
            compliance = rule["compliance"]
            if reason:
                yield control.unknown(where, reason)
            elif compliance == "NON_COMPLIANT":
                yield control.failed(where, f"Config rule {rule['name']} reports NON_COMPLIANT resources")
            elif compliance in ("COMPLIANT", "NOT_APPLICABLE"):
                yield control.passed(where, f"Config rule {rule['name']}: {compliance}")
            else:
                yield control.unknown(where, f"Config rule {rule['name']} has no verdict yet ({compliance or 'none'})")


CONTROLS: tuple[Control, ...] = (
    Control(
        "config-recorder-recording",
        "detective",
        "An AWS Config recorder is recording the resource types the rules need",
        "high",
        "Start the configuration recorder (StartConfigurationRecorder) and record all supported types, or at least "
        + ", ".join(RECORDED_TYPES)
        + ".",
        _recorder,
    ),
    Control(
        "config-delivery-channel-healthy",
        "detective",
        "The AWS Config delivery channel's last delivery succeeded",
        "medium",
        "Fix the delivery channel's bucket policy, KMS key policy or SNS topic, then check DescribeDeliveryChannelStatus.",
        _delivery,
    ),
    Control(
        "config-rules-deployed",
        "detective",
        "The Bedrock governance Config rules and CLOUD_TRAIL_ENABLED are deployed",
        "high",
        "Deploy the rules with the Terraform module (terraform/modules/bedrock-governance) in every governed Region.",
        _present,
    ),
    Control(
        "config-rules-compliant",
        "detective",
        "The Bedrock governance Config rules report no NON_COMPLIANT resource",
        "high",
        "Fix each NON_COMPLIANT resource the rule lists (GetComplianceDetailsByConfigRule).",
        _compliance,
    ),
)
