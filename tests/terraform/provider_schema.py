"""The AWS provider's resource schema, taken from a package that ships it: the jsii assembly inside
the `cdktf-cdktf-provider-aws` wheel (prebuilt CDKTF bindings generated from the provider schema).

The wheel (~59 MB) is downloaded once with pip (no install, no dependencies) and only the names are
kept: for each resource and data source, its arguments and blocks, nested. The extract (a few MB)
is cached beside the wheel, so later runs read it in well under a second.

    python tests/terraform/provider_schema.py   # download and extract (scripts/setup runs this)
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

PACKAGE = "cdktf-cdktf-provider-aws"
VERSION = "21.22.1"  # generated from hashicorp/aws 6.25.0
CACHE = Path(__file__).resolve().parents[2] / ".cache" / "provider-schema"
EXTRACT = CACHE / f"aws-{VERSION}.json"

Fields = dict[str, Any]
"""Argument or block name -> None (an argument) or {"block": bool, "fields": Fields} (nested)."""

_LINK = re.compile(r"/docs/(resources|data-sources)/(\w+) (aws_\w+)\}")
_ANCHOR = re.compile(r"#(\w+) ")
_META = {"tfResourceType"}


def _wheel() -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    found = sorted(CACHE.glob(f"cdktf_cdktf_provider_aws-{VERSION}-*.whl"))
    if not found:
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "-q",
            f"{PACKAGE}=={VERSION}",
            "-d",
            str(CACHE),
        ]
        subprocess.run(command, check=True)
        found = sorted(CACHE.glob(f"cdktf_cdktf_provider_aws-{VERSION}-*.whl"))
    return found[0]


def _assembly(wheel: Path) -> dict[str, Any]:
    with zipfile.ZipFile(wheel) as archive:
        member = next(name for name in archive.namelist() if name.endswith(".jsii.tgz"))
        with tarfile.open(fileobj=io.BytesIO(archive.read(member))) as tar:
            handle = tar.extractfile("package/.jsii")
            assert handle is not None
            return json.loads(handle.read())  # type: ignore[no-any-return]


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def _fields(types: dict[str, Any], fqn: str, seen: frozenset[str]) -> Fields:
    out: Fields = {}
    for prop in types.get(fqn, {}).get("properties", []):
        if prop["name"] in _META:
            continue
        docs = prop.get("docs", {})
        text = f"{docs.get('summary', '')} {docs.get('remarks', '')}"
        anchor = _ANCHOR.search(text)
        name = anchor.group(1) if anchor else _snake(prop["name"])
        nested = _struct(types, prop["type"])
        if nested and nested not in seen:
            block = docs.get("summary", "").endswith(" block.")
            out[name] = {"block": block, "fields": _fields(types, nested, seen | {nested})}
        else:
            out[name] = None
    return out


def _struct(types: dict[str, Any], spec: dict[str, Any]) -> str | None:
    """The struct a property holds (directly, in a list, or in a union with IResolvable), if any."""
    if "fqn" in spec:
        kind = types.get(spec["fqn"], {})
        return spec["fqn"] if kind.get("datatype") else None
    if "collection" in spec:
        return _struct(types, spec["collection"]["elementtype"])
    for option in spec.get("union", {}).get("types", []):
        found = _struct(types, option)
        if found:
            return found
    return None


def extract(assembly: dict[str, Any]) -> dict[str, dict[str, Fields]]:
    types: dict[str, Any] = assembly["types"]
    schema: dict[str, dict[str, Fields]] = {"resource": {}, "data": {}}
    for fqn, item in types.items():
        if item.get("kind") != "class" or item.get("base") not in (
            "cdktf.TerraformResource",
            "cdktf.TerraformDataSource",
        ):
            continue
        link = _LINK.search(item.get("docs", {}).get("summary", ""))
        if link is None:
            continue
        kind = "resource" if link.group(1) == "resources" else "data"
        schema[kind][link.group(3)] = _fields(types, f"{fqn}Config", frozenset())
    return schema


def load_schema() -> dict[str, dict[str, Fields]]:
    if not EXTRACT.is_file():
        schema = extract(_assembly(_wheel()))
        EXTRACT.write_text(json.dumps(schema, sort_keys=True))
    return json.loads(EXTRACT.read_text())  # type: ignore[no-any-return]


if __name__ == "__main__":
    loaded = load_schema()
    print(f"{EXTRACT}: {len(loaded['resource'])} resources, {len(loaded['data'])} data sources")
