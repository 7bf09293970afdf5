"""Check a CSV resource against a Frictionless table schema (the official Camtrap DP ones in
tests/data/camtrap-dp-1.0.2): header in the schema's order, types and formats, required, unique,
enum, minimum, maximum, pattern, primary and foreign keys. What the standard's own CI checks with
`frictionless validate`, for the parts of Table Schema the Camtrap DP schemas use, offline."""
from __future__ import annotations

import csv
import json
import re
from datetime import datetime
from pathlib import Path

SCHEMAS = Path(__file__).parent / "data" / "camtrap-dp-1.0.2"


def _value(field: dict, text: str):
    kind = field["type"]
    if kind in ("string", "any"):
        return text
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError("not an integer")
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        if text not in ("true", "false", "True", "False", "TRUE", "FALSE", "1", "0"):
            raise ValueError("not a boolean")
        return text.lower() in ("true", "1")
    if kind == "datetime":
        return datetime.strptime(text, field.get("format", "%Y-%m-%dT%H:%M:%SZ"))
    raise AssertionError(f"type {kind} not used by Camtrap DP")


def problems(folder: Path) -> list[str]:
    """Every way the package's three standard resources break their official schemas."""
    out: list[str] = []
    keys: dict[str, set] = {}
    rows_of: dict[str, list[dict]] = {}
    schemas = {name: json.loads((SCHEMAS / f"{name}-table-schema.json").read_text())
               for name in ("deployments", "media", "observations")}
    for name, schema in schemas.items():
        with open(folder / f"{name}.csv", encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames
            rows = list(reader)
        expected = [f["name"] for f in schema["fields"]]
        if header != expected:
            out.append(f"{name}.csv header {header} is not the schema's {expected}")
            continue
        missing = set(schema.get("missingValues", [""]))
        seen = {f["name"]: set() for f in schema["fields"] if (f.get("constraints") or {}).get("unique")}
        for i, row in enumerate(rows, start=2):
            for f in schema["fields"]:
                c, text = f.get("constraints") or {}, row[f["name"]]
                if text in missing:
                    if c.get("required"):
                        out.append(f"{name}.csv row {i} {f['name']}: required")
                    continue
                try:
                    v = _value(f, text)
                except ValueError as exc:
                    out.append(f"{name}.csv row {i} {f['name']}: {text!r} {exc}")
                    continue
                if "enum" in c and v not in c["enum"]:
                    out.append(f"{name}.csv row {i} {f['name']}: {text!r} not in {c['enum']}")
                if "minimum" in c and v < c["minimum"] or "maximum" in c and v > c["maximum"]:
                    out.append(f"{name}.csv row {i} {f['name']}: {text!r} out of range")
                if "pattern" in c and not re.fullmatch(c["pattern"], text):
                    out.append(f"{name}.csv row {i} {f['name']}: {text!r} does not match {c['pattern']}")
                if f["name"] in seen:
                    if v in seen[f["name"]]:
                        out.append(f"{name}.csv row {i} {f['name']}: {text!r} not unique")
                    seen[f["name"]].add(v)
        keys[name] = {r[schema["primaryKey"]] for r in rows}
        rows_of[name] = rows
    for name, schema in schemas.items():
        for fk in schema.get("foreignKeys", []):
            target = keys.get(fk["reference"]["resource"], set())
            for i, row in enumerate(rows_of.get(name, []), start=2):
                v = row[fk["fields"]]
                if v not in ("", None) and v not in target:
                    out.append(f"{name}.csv row {i} {fk['fields']}: {v!r} not in {fk['reference']['resource']}")
    return out
