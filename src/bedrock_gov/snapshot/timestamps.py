"""Reading timestamps that arrive either as datetimes (boto3) or as ISO 8601 text (events, snapshots)."""

from __future__ import annotations

from datetime import UTC, datetime


def parse_timestamp(value: object) -> datetime | None:
    """An aware datetime (naive ones taken as UTC), or None if `value` is not a readable timestamp."""
    if isinstance(value, datetime):
        stamp = value
    elif isinstance(value, str):
        try:
            stamp = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
