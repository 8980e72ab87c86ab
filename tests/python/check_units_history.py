#!/usr/bin/env python3
"""Check units through time in an egov-etl year snapshot with the readers analysts use.

Usage:
    check_units_history.py history DIR CROSSWALK [--new CODE=N ...]
    check_units_history.py no-districts DIR --communes N

history: DIR (e.g. output/2020) was written with CROSSWALK. The expected mapping is computed here
from the crosswalk CSV alone (a row's old units: the codes of `units_2020`, else `old_code`), then
compared with what the snapshot says:

* commune.parquet has one row per commune (no commune twice: no score copied);
* every commune carries its new unit: `new_code` is the first new unit the crosswalk lists for it,
  `part` is "whole" exactly when the crosswalk sends it whole into one new unit;
* units_history.parquet holds exactly the crosswalk's (old, new) pairs of the communes of the
  province (the CSV file the same rows);
* joining commune to units_history on (year, commune_code), polars and DuckDB count the same
  communes per new unit as the crosswalk does, and the scores of a joined commune are its own;
* each --new CODE=N: the new unit CODE has N evaluated communes behind it (by every reader).

no-districts: DIR is a year on a map without districts: district.parquet reads with pandas and
polars as an empty table with the same columns as a district table, commune.parquet has N rows and
null district columns.

Exits 1 with a list of failures, 2 on bad arguments; prints "OK ..." on success.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl

failures: list[str] = []


def check(condition: bool, message: str) -> bool:
    if not condition:
        failures.append(message)
    return condition


def crosswalk_pairs(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Old code -> [(new code, part)] in the crosswalk's order, a pair given twice kept once
    ('part' if either row says so)."""
    pairs: dict[str, list[tuple[str, str]]] = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            olds = [i.split()[0] for i in (r.get("units_2020") or "").split(";") if i.strip()]
            for old in olds or [r["old_code"].strip()]:
                news = pairs.setdefault(old, [])
                for i, (code, part) in enumerate(news):
                    if code == r["new_code"]:
                        news[i] = (code, "part" if "part" in (part, r["part"]) else "whole")
                        break
                else:
                    news.append((r["new_code"], r["part"]))
    return pairs


def check_history(d: Path, crosswalk: Path, expect_new: list[str]) -> str:
    pairs = crosswalk_pairs(crosswalk)
    commune = pl.read_parquet(d / "commune.parquet")
    history = pl.read_parquet(d / "units_history.parquet")
    codes = commune["commune_code"].to_list()
    check(len(codes) == len(set(codes)), f"a commune given twice: {len(codes)} rows")

    for r in commune.iter_rows(named=True):
        news = pairs.get(r["commune_code"])
        if not check(news is not None, f"{r['commune_code']} not in the crosswalk"):
            continue
        whole = len(news) == 1 and news[0][1] == "whole"
        check(r["new_code"] == news[0][0], f"{r['commune_code']}: new_code {r['new_code']}")
        check(r["part"] == ("whole" if whole else "part"), f"{r['commune_code']}: part {r['part']}")
        check(r["new_name"] is not None and r["new_type"] is not None, f"{r['commune_code']}: name")

    # units_history: the pairs of the province's communes, as the crosswalk gives them.
    province = set(commune["province_code"].to_list())
    got_pairs = sorted(zip(history["commune_code"], history["new_code"], history["part"]))
    in_province = set(history["commune_code"].to_list())
    want_pairs = sorted((o, n, p) for o in in_province for n, p in pairs.get(o, []))
    check(got_pairs == want_pairs, "units_history pairs differ from the crosswalk's")
    check(set(history["province_code"].to_list()) <= province, "units_history: other provinces")
    check(set(codes) <= in_province, "an evaluated commune missing from units_history")
    csv_rows = pd.read_csv(d / "units_history.csv", dtype=str, encoding="utf-8-sig")
    check(len(csv_rows) == history.height, "units_history.csv rows")

    # Communes per new unit: the crosswalk's count, polars' join, DuckDB's join.
    want = Counter(n for o in set(codes) for n, _ in pairs[o])
    joined = commune.join(history, on=["year", "commune_code"], how="inner", suffix="_h")
    by_polars = dict(
        joined.group_by("new_code_h").agg(pl.col("commune_code").n_unique().alias("n")).iter_rows()
    )
    con = duckdb.connect()
    by_duckdb = dict(
        con.execute(
            f"""SELECT h.new_code, count(DISTINCT c.commune_code)
                FROM read_parquet('{d / "commune.parquet"}') c
                JOIN read_parquet('{d / "units_history.parquet"}') h USING (year, commune_code)
                GROUP BY h.new_code"""
        ).fetchall()
    )
    check(by_polars == dict(want), f"polars counts {by_polars} != crosswalk {dict(want)}")
    check(by_duckdb == dict(want), f"DuckDB counts {by_duckdb} != crosswalk {dict(want)}")
    # The join copies no score: each joined row has its commune's own scores.
    own = dict(zip(commune["commune_code"], commune["achieved_score"]))
    check(
        all(own[c] == s for c, s in zip(joined["commune_code"], joined["achieved_score"])),
        "a joined score differs from its commune's",
    )
    for e in expect_new:
        code, n = e.split("=")
        check(want.get(code) == int(n), f"crosswalk: {code} has {want.get(code)} communes, not {n}")
        check(by_polars.get(code) == int(n), f"polars: {code} has {by_polars.get(code)}")
        check(by_duckdb.get(code) == int(n), f"DuckDB: {code} has {by_duckdb.get(code)}")
    return f"{len(codes)} communes -> {len(want)} new units, {history.height} pairs"


def check_no_districts(d: Path, communes: int) -> str:
    district_pd = pd.read_parquet(d / "district.parquet")
    district_pl = pl.read_parquet(d / "district.parquet")
    check(len(district_pd) == 0 and district_pl.height == 0, "district table not empty")
    commune = pl.read_parquet(d / "commune.parquet")
    expected = [c for c in commune.columns if not c.startswith(("commune_", "new_", "part"))]
    expected = [("rank" if c == "annex_order" else c) for c in expected]
    check(list(district_pl.columns) == expected, f"district columns {district_pl.columns}")
    check(list(district_pd.columns) == expected, "district columns (pandas)")
    check(commune.height == communes, f"commune rows {commune.height}")
    for c in ["district_code", "district_type", "district_name"]:
        check(commune[c].null_count() == commune.height, f"commune.{c} not null")
    check(commune["province_code"].null_count() == 0, "commune.province_code null")
    return f"0 districts, {commune.height} communes"


def main() -> int:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="mode", required=True)
    h = sub.add_parser("history")
    h.add_argument("dir", type=Path)
    h.add_argument("crosswalk", type=Path)
    h.add_argument("--new", action="append", default=[])
    n = sub.add_parser("no-districts")
    n.add_argument("dir", type=Path)
    n.add_argument("--communes", type=int, required=True)
    a = ap.parse_args()
    if a.mode == "history":
        summary = check_history(a.dir, a.crosswalk, a.new)
    else:
        summary = check_no_districts(a.dir, a.communes)
    if failures:
        print("\n".join(failures))
        return 1
    print(f"OK {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
