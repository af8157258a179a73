"""The prover takes the intent as data: importing it loads neither the intent package nor its
model and file libraries."""

from __future__ import annotations

import subprocess
import sys


def test_the_prover_loads_no_intent_model_nor_loader() -> None:
    code = (
        "import sys, bedrock_gov.prove; "
        "print(sorted(m for m in ('pydantic', 'yaml', 'bedrock_gov.intent') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
