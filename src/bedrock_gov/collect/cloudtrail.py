"""CloudTrail trails visible in one Region and whether each is logging (DescribeTrails, GetTrailStatus)."""

from __future__ import annotations

from bedrock_gov.collect.api_values import optional_text
from bedrock_gov.collect.aws_calls import ClientFactory, call
from bedrock_gov.snapshot.document import Trail


def list_trails(clients: ClientFactory) -> list[Trail]:
    """Every trail the Region shows (its own, multi-Region and organization trails); the status of a
    trail is asked of its home Region's endpoint only when it is this one (others answer elsewhere)."""
    cloudtrail = clients("cloudtrail")
    region = cloudtrail.meta.region_name
    trails: list[Trail] = []
    for entry in call(cloudtrail.describe_trails, includeShadowTrails=True).get("trailList") or []:
        arn = optional_text(entry.get("TrailARN"))
        home = optional_text(entry.get("HomeRegion"))
        logging = None
        if home == region and arn:
            status = call(cloudtrail.get_trail_status, Name=arn)
            logging = status.get("IsLogging") if isinstance(status.get("IsLogging"), bool) else None
        trails.append(
            Trail(
                name=str(entry.get("Name")),
                arn=arn,
                home_region=home,
                multi_region=entry.get("IsMultiRegionTrail") is True,
                logging=logging,
            )
        )
    return trails
