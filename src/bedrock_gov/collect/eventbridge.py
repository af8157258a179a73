"""EventBridge rules on the default bus and their targets: dead-letter queue, retry policy, input
transformer (ListRules, ListTargetsByRule)."""

from __future__ import annotations

from bedrock_gov.collect.api_values import optional_text
from bedrock_gov.collect.aws_calls import ClientFactory, pages
from bedrock_gov.snapshot.document import EventRule, EventTarget


def list_rules(clients: ClientFactory) -> list[EventRule]:
    events = clients("events")
    rules: list[EventRule] = []
    for page in pages(events.list_rules, "NextToken", "NextToken"):
        for entry in page.get("Rules") or []:
            name = str(entry.get("Name"))
            targets = [
                EventTarget(
                    id=str(target.get("Id")),
                    arn=str(target.get("Arn")),
                    dead_letter_arn=optional_text((target.get("DeadLetterConfig") or {}).get("Arn")),
                    has_retry_policy=bool(target.get("RetryPolicy")),
                    has_input_transformer=bool(target.get("InputTransformer")),
                )
                for targets_page in pages(events.list_targets_by_rule, "NextToken", "NextToken", Rule=name)
                for target in targets_page.get("Targets") or []
            ]
            rules.append(
                EventRule(
                    name=name,
                    arn=optional_text(entry.get("Arn")),
                    state=optional_text(entry.get("State")),
                    event_pattern=optional_text(entry.get("EventPattern")),
                    targets=targets,
                )
            )
    return rules
