#!/usr/bin/env python3
"""Check an egov-etl year snapshot with the readers analysts use.

Usage:
    check_snapshot.py DIR [--districts N] [--communes N] [--rejects N] [--findings N]
                          [--findings-on-communes N] [--expect 'KEY=VALUE:COLUMN=VALUE' ...]

DIR is one year's directory (e.g. output/2020). The script reads district.parquet and
commune.parquet (and rejects.parquet and findings.parquet when present) with pandas, pyarrow,
polars and DuckDB, and the matching CSV files with pandas, and checks:

* row counts (from --districts/--communes/--rejects) agree across every reader and the CSV;
* level columns (names ending in "_level", or any dictionary column) are an ordered pandas
  category / a polars Enum with categories exactly I, II, III, IV, Không xếp hạng;
* string columns are `string` or `large_string` in pyarrow, never `string_view`;
* `pq.read_table(..., filters=[("district_name", "=", v)])` works and returns the matching rows;
* DuckDB `SELECT count(*) ... WHERE district_name = v` agrees;
* the file-level Parquet metadata carries schema_version, tool_version, year, rule_sets,
  gazetteer and inputs;
* the CSV starts with exactly one UTF-8 BOM and has the same columns and values as the Parquet;
* findings.parquet has exactly report.json's finding keys as columns (plus year), and its `unit`
  column joins to commune.parquet's commune_code alike in pandas, polars and DuckDB
  (--findings-on-communes: how many findings join);
* when DIR holds datapackage.json (Frictionless): every CSV has a resource whose fields are its
  columns, typed as the Parquet columns are (string, number, integer; levels a string enum of the
  five levels), and pandas `read_csv` with the dtypes the package gives keeps every text field,
  codes with their leading zeros ("01", "001", "00001") included, exactly as in the Parquet;
* each --expect holds in every reader. 'commune_code=22732:achieved_score=21.6' selects the
  single row whose commune_code is 22732 and compares its achieved_score with 21.6 (numbers
  numerically, everything else as text). The table is the first of district, commune, rejects,
  findings having both columns; prefix the key with 'commune.' etc. to choose it explicitly.

Exits 1 with a list of failures, 2 on bad arguments; prints "OK ..." on success.
Requirements: tests/python/requirements.txt.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

LEVELS = ["I", "II", "III", "IV", "Không xếp hạng"]
TABLES = ["district", "commune", "rejects", "findings"]
# report.json's keys of a finding: the findings table has these columns, plus year.
FINDING_KEYS = [
    "code", "severity", "file", "sheet", "cell", "line",
    "unit", "district", "units", "message_vi", "message_en",
]
# Tables a snapshot may lack unless their count is asked for.
OPTIONAL = ["rejects", "findings"]
REQUIRED_METADATA = [
    "schema_version", "tool_version", "year", "rule_sets", "gazetteer", "inputs",
    "complete", "completeness",
]
BOM = b"\xef\xbb\xbf"

failures: list[str] = []


def fail(message: str) -> None:
    failures.append(message)


def check(condition: bool, message: str) -> bool:
    if not condition:
        fail(message)
    return condition


def is_null(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def same_value(got, want_text: str) -> bool:
    """Compares a read value with the text of an expectation."""
    if is_null(got):
        return want_text == "" or want_text.lower() in ("null", "none")
    if isinstance(got, bool):
        return str(got).lower() == want_text.lower()
    if isinstance(got, (int, float)) and not isinstance(got, bool):
        try:
            want = float(want_text)
        except ValueError:
            return False
        return math.isclose(float(got), want, rel_tol=0.0, abs_tol=1e-9)
    if isinstance(got, str) and got != want_text:
        # CSV fields are read as text: "19.0" equals an expected "19".
        try:
            return math.isclose(float(got), float(want_text), rel_tol=0.0, abs_tol=1e-9)
        except ValueError:
            return False
    return str(got) == want_text


def parse_expect(text: str) -> tuple[str | None, str, str, str, str]:
    try:
        selector, target = text.split(":", 1)
        key, key_value = selector.split("=", 1)
        column, value = target.split("=", 1)
    except ValueError:
        print(f"bad --expect {text!r}: want 'KEY=VALUE:COLUMN=VALUE'", file=sys.stderr)
        sys.exit(2)
    table = None
    if "." in key:
        table, key = key.split(".", 1)
        if table not in TABLES:
            print(f"bad --expect {text!r}: unknown table {table!r}", file=sys.stderr)
            sys.exit(2)
    return table, key, key_value, column, value


def records_check(reader: str, table: str, records: list[dict], expects) -> None:
    """Applies the --expect items of `table` to rows read by one reader."""
    for key, key_value, column, value in expects:
        if records and column not in records[0]:
            fail(f"{reader} {table}: no column {column!r}")
            continue
        rows = [r for r in records if not is_null(r.get(key)) and str(r.get(key)) == key_value]
        if len(rows) != 1:
            fail(f"{reader} {table}: {key}={key_value} matches {len(rows)} rows, expected 1")
            continue
        got = rows[0][column]
        check(
            same_value(got, value),
            f"{reader} {table}: {key}={key_value}: {column} is {got!r}, expected {value!r}",
        )


def level_columns(schema: pa.Schema) -> list[str]:
    return [
        f.name
        for f in schema
        if f.name.endswith("_level") or pa.types.is_dictionary(f.type)
    ]


def check_table(directory: Path, table: str, want_rows: int | None, expects) -> None:
    parquet_path = directory / f"{table}.parquet"
    csv_path = directory / f"{table}.csv"
    if not check(parquet_path.is_file(), f"missing {parquet_path}"):
        return
    check(csv_path.is_file(), f"missing {csv_path}")

    # --- pyarrow: schema, metadata, filtered read -------------------------------------------
    arrow = pq.read_table(parquet_path)
    schema = arrow.schema
    rows = arrow.num_rows
    if want_rows is not None:
        check(rows == want_rows, f"pyarrow {table}: {rows} rows, expected {want_rows}")
    for field in schema:
        value_type = field.type.value_type if pa.types.is_dictionary(field.type) else field.type
        check(
            not pa.types.is_string_view(value_type),
            f"pyarrow {table}.{field.name}: string_view type {field.type}",
        )
    metadata = pq.read_metadata(parquet_path).metadata or {}
    for key in REQUIRED_METADATA:
        check(key.encode() in metadata, f"{table}.parquet: no key-value metadata {key!r}")
    levels = level_columns(schema)
    if table == "commune":
        check(bool(levels), f"{table}: no level column")
    for name in levels:
        field_type = schema.field(name).type
        check(
            pa.types.is_dictionary(field_type),
            f"pyarrow {table}.{name}: {field_type}, expected a dictionary (Enum)",
        )
    records_check("pyarrow", table, arrow.to_pylist(), expects)

    filter_value = None
    if "district_name" in schema.names:
        present = [v for v in arrow.column("district_name").to_pylist() if v is not None]
        if present:
            filter_value = present[0]
            want = present.count(filter_value)
            try:
                filtered = pq.read_table(
                    parquet_path, filters=[("district_name", "=", filter_value)]
                )
                got = filtered.column("district_name").to_pylist()
                check(
                    len(got) == want and all(v == filter_value for v in got),
                    f"pyarrow {table}: filter district_name={filter_value!r} returned "
                    f"{len(got)} rows, expected {want}",
                )
            except Exception as error:  # noqa: BLE001 - report any reader failure
                fail(f"pyarrow {table}: filtered read failed: {error}")

    # --- pandas (parquet) ---------------------------------------------------------------------
    frame = pd.read_parquet(parquet_path)
    check(len(frame) == rows, f"pandas {table}: {len(frame)} rows, pyarrow {rows}")
    for name in levels:
        dtype = frame[name].dtype
        ok = (
            isinstance(dtype, pd.CategoricalDtype)
            and bool(dtype.ordered)
            and list(dtype.categories) == LEVELS
        )
        check(ok, f"pandas {table}.{name}: dtype {dtype!r}, expected ordered category {LEVELS}")
    records_check("pandas", table, frame.to_dict("records"), expects)

    # --- polars -------------------------------------------------------------------------------
    polars_frame = pl.read_parquet(parquet_path)
    check(polars_frame.height == rows, f"polars {table}: {polars_frame.height} rows, pyarrow {rows}")
    for name in levels:
        dtype = polars_frame.schema[name]
        check(
            dtype == pl.Enum(LEVELS),
            f"polars {table}.{name}: dtype {dtype}, expected Enum({LEVELS})",
        )
    records_check("polars", table, polars_frame.to_dicts(), expects)

    # --- DuckDB -------------------------------------------------------------------------------
    connection = duckdb.connect()
    total = connection.execute("SELECT count(*) FROM read_parquet(?)", [str(parquet_path)]).fetchone()[0]
    check(total == rows, f"duckdb {table}: {total} rows, pyarrow {rows}")
    if filter_value is not None:
        count = connection.execute(
            "SELECT count(*) FROM read_parquet(?) WHERE district_name = ?",
            [str(parquet_path), filter_value],
        ).fetchone()[0]
        want = arrow.column("district_name").to_pylist().count(filter_value)
        check(count == want, f"duckdb {table}: WHERE district_name={filter_value!r}: {count}, expected {want}")
    cursor = connection.execute("SELECT * FROM read_parquet(?)", [str(parquet_path)])
    names = [d[0] for d in cursor.description]
    records_check("duckdb", table, [dict(zip(names, r)) for r in cursor.fetchall()], expects)
    connection.close()

    # --- CSV (pandas, utf-8-sig) --------------------------------------------------------------
    if not csv_path.is_file():
        return
    raw = csv_path.read_bytes()
    check(raw.startswith(BOM), f"{table}.csv: no UTF-8 BOM")
    check(not raw[3:].startswith(BOM), f"{table}.csv: BOM written twice")
    csv = pd.read_csv(csv_path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    check(
        list(csv.columns) == list(frame.columns),
        f"csv {table}: columns {list(csv.columns)}, parquet {list(frame.columns)}",
    )
    check(len(csv) == rows, f"csv {table}: {len(csv)} rows, parquet {rows}")
    if list(csv.columns) == list(frame.columns) and len(csv) == rows:
        parquet_records = frame.to_dict("records")
        csv_records = csv.to_dict("records")
        mismatches = 0
        for index, (left, right) in enumerate(zip(parquet_records, csv_records)):
            for name in frame.columns:
                if not same_value(left[name], right[name]):
                    mismatches += 1
                    if mismatches <= 5:
                        fail(
                            f"csv {table} row {index} {name}: {right[name]!r}, "
                            f"parquet {left[name]!r}"
                        )
        check(mismatches <= 5, f"csv {table}: {mismatches} differing values in all")
    records_check("csv", table, csv.to_dict("records"), expects)


def check_findings_join(directory: Path, want: int | None) -> None:
    """The findings' columns are report.json's keys; `unit` joins to commune_code alike in every
    reader."""
    findings_path = directory / "findings.parquet"
    communes_path = directory / "commune.parquet"
    names = pq.read_schema(findings_path).names
    check(
        names == ["year"] + FINDING_KEYS,
        f"findings: columns {names}, expected year + {FINDING_KEYS}",
    )
    if not communes_path.is_file():
        return
    findings = pd.read_parquet(findings_path)
    communes = pd.read_parquet(communes_path)
    by_pandas = len(findings.merge(communes, left_on="unit", right_on="commune_code"))
    by_polars = pl.read_parquet(findings_path).join(
        pl.read_parquet(communes_path), left_on="unit", right_on="commune_code"
    ).height
    by_duckdb = duckdb.connect().execute(
        "SELECT count(*) FROM read_parquet(?) f JOIN read_parquet(?) c ON f.unit = c.commune_code",
        [str(findings_path), str(communes_path)],
    ).fetchone()[0]
    check(
        by_pandas == by_polars == by_duckdb,
        f"findings joined to communes: pandas {by_pandas}, polars {by_polars}, duckdb {by_duckdb}",
    )
    if want is not None:
        check(by_duckdb == want, f"findings joined to communes: {by_duckdb}, expected {want}")


PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "float64"}


def dtypes(resource: dict) -> dict:
    """pandas dtypes from a Frictionless resource (the README's recipe): text stays text."""
    return {
        f["name"]: pd.CategoricalDtype(f["constraints"]["enum"], ordered=True)
        if "enum" in f.get("constraints", {})
        else PANDAS_TYPES[f["type"]]
        for f in resource["schema"]["fields"]
    }


def field_agrees(field: dict, arrow_type: pa.DataType) -> bool:
    """A Frictionless field's type against the Parquet column's."""
    if "enum" in field.get("constraints", {}):
        return (
            field["type"] == "string"
            and pa.types.is_dictionary(arrow_type)
            and field["constraints"]["enum"] == LEVELS
        )
    if field["type"] == "string":
        return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)
    if field["type"] == "number":
        return pa.types.is_floating(arrow_type)
    if field["type"] == "integer":
        return pa.types.is_integer(arrow_type)
    return False


def check_datapackage(directory: Path) -> None:
    """datapackage.json against the Parquet schema, and the CSV read with its types."""
    package = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    check(package.get("profile") == "tabular-data-package", f"datapackage: {package.get('profile')}")
    resources = {r["name"]: r for r in package.get("resources", [])}
    for table in TABLES:
        parquet_path = directory / f"{table}.parquet"
        if not parquet_path.is_file():
            continue
        resource = resources.get(table)
        if not check(resource is not None, f"datapackage: no resource {table}"):
            continue
        check(resource["path"] == f"{table}.csv", f"datapackage {table}: path {resource['path']}")
        check(resource.get("encoding") == "utf-8-sig", f"datapackage {table}: encoding")
        schema = pq.read_schema(parquet_path)
        fields = resource["schema"]["fields"]
        names = [f["name"] for f in fields]
        if not check(names == schema.names, f"datapackage {table}: fields {names}, parquet {schema.names}"):
            continue
        for field in fields:
            arrow_type = schema.field(field["name"]).type
            check(
                field_agrees(field, arrow_type),
                f"datapackage {table}.{field['name']}: {field}, parquet {arrow_type}",
            )
        typed = pd.read_csv(
            directory / resource["path"],
            encoding=resource["encoding"],
            dtype=dtypes(resource),
            keep_default_na=False,
            na_values=[""],
        )
        frame = pd.read_parquet(parquet_path)
        for field in fields:
            if field["type"] != "string":
                continue
            name = field["name"]
            got = [None if is_null(v) else str(v) for v in typed[name]]
            want = [None if is_null(v) else str(v) for v in frame[name]]
            check(got == want, f"csv {table}.{name} read with the datapackage: {got[:3]}, parquet {want[:3]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="year directory, e.g. output/2020")
    parser.add_argument("--districts", type=int, help="expected district rows")
    parser.add_argument("--communes", type=int, help="expected commune rows")
    parser.add_argument("--rejects", type=int, help="expected reject rows")
    parser.add_argument("--findings", type=int, help="expected finding rows")
    parser.add_argument(
        "--findings-on-communes", type=int, help="expected findings whose unit is a commune row"
    )
    parser.add_argument(
        "--expect",
        action="append",
        default=[],
        help="'KEY=VALUE:COLUMN=VALUE', e.g. 'commune_code=22732:achieved_score=21.6'",
    )
    args = parser.parse_args()
    if not args.dir.is_dir():
        print(f"FAIL: {args.dir} is not a directory", file=sys.stderr)
        return 1

    # Route every expectation to one table.
    schemas = {
        t: pq.read_schema(args.dir / f"{t}.parquet").names
        for t in TABLES
        if (args.dir / f"{t}.parquet").is_file()
    }
    per_table: dict[str, list] = {t: [] for t in TABLES}
    for text in args.expect:
        table, key, key_value, column, value = parse_expect(text)
        candidates = [table] if table else TABLES
        chosen = next(
            (t for t in candidates if t in schemas and key in schemas[t] and column in schemas[t]),
            None,
        )
        if chosen is None:
            fail(f"--expect {text!r}: no table has columns {key!r} and {column!r}")
            continue
        per_table[chosen].append((key, key_value, column, value))

    counts = {
        "district": args.districts,
        "commune": args.communes,
        "rejects": args.rejects,
        "findings": args.findings,
    }
    for table in TABLES:
        required = table not in OPTIONAL or counts[table] is not None
        if not required and table not in schemas:
            continue
        try:
            check_table(args.dir, table, counts[table], per_table[table])
        except Exception as error:  # noqa: BLE001 - report any reader failure
            fail(f"{table}: {type(error).__name__}: {error}")
    if "findings" in schemas or args.findings_on_communes is not None:
        try:
            check_findings_join(args.dir, args.findings_on_communes)
        except Exception as error:  # noqa: BLE001 - report any reader failure
            fail(f"findings join: {type(error).__name__}: {error}")

    if (args.dir / "datapackage.json").is_file():
        try:
            check_datapackage(args.dir)
        except Exception as error:  # noqa: BLE001 - report any reader failure
            fail(f"datapackage: {type(error).__name__}: {error}")

    if failures:
        print(f"FAIL: {len(failures)} problem(s) in {args.dir}:", file=sys.stderr)
        for message in failures:
            print(f"  - {message}", file=sys.stderr)
        return 1
    checked = ", ".join(f"{t}={counts[t]}" for t in TABLES if counts[t] is not None)
    print(f"OK {args.dir} ({checked}; {len(args.expect)} expectation(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
