"""Exit statuses shared by every command, so scripts can tell the cases apart."""

OK = 0
"""Everything was processed and nothing was found wrong."""
FINDINGS = 1
"""Everything was processed; the answer is negative (an error-level finding, a VIOLATED property)."""
BAD_INPUT = 2
"""Part of the input was malformed; the rest was processed and the bad parts are reported in place."""
CANNOT_RUN = 3
"""Nothing useful could be done: unreadable files, a policy set that does not parse, bad options."""
UNDECIDED = 4
"""Everything was processed, nothing was found wrong, but some answer is UNKNOWN (`prove`)."""
