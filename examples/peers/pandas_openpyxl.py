"""Benchmark peer: the egov-etl job with pandas + openpyxl (+ pyarrow for Parquet).

Usage: python3 pandas_openpyxl.py PIPELINES_DIR GAZETTEER_CSV OUT_DIR
"""

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

PEER = "pandas_openpyxl"
LEVEL_DTYPE = pd.CategoricalDtype(common.LEVELS + [common.UNRANKED], ordered=True)
COLUMNS = ["province_code", "district_code", "unit_code", "unit_type", "name", "achieved_score",
           "achieved_level", "readiness_score", "readiness_level", "label", "source_file", "sheet", "row"]


def to_number(s: pd.Series) -> pd.Series:
    """Numbers, or text with decimal comma and NBSP/spaces, as float (NaN otherwise)."""
    text = s.astype(str).str.replace(r"\s+", "", regex=True).str.replace(",", ".", regex=False)
    return pd.to_numeric(text, errors="coerce")


def read_workbook(path: Path) -> pd.DataFrame:
    """Every sheet's data rows: label, achieved_score, readiness_score, sheet, row."""
    parts = []
    for sheet, df in pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl").items():
        head = df.head(30).astype(object)
        header = common.find_header(head.where(head.notna(), None).values.tolist())
        if header is None:
            continue
        body = df.iloc[header.data_start:, [header.name_col, header.achieved_col, header.readiness_col]]
        body.columns = ["label", "achieved_score", "readiness_score"]
        body = body.assign(
            label=body["label"].map(str, na_action="ignore").astype("string"),
            achieved_score=to_number(body["achieved_score"]),
            readiness_score=to_number(body["readiness_score"]),
            sheet=sheet,
            row=body.index + 1,  # 1-based sheet row
        )
        has_label = body["label"].str.strip().str.len() > 0
        body = body[has_label & (body["achieved_score"].notna() | body["readiness_score"].notna())]
        body = body[~body["label"].map(common.is_header_label)]
        parts.append(body)
    if not parts:
        return pd.DataFrame(columns=["label", "achieved_score", "readiness_score", "sheet", "row"])
    out = pd.concat(parts, ignore_index=True)
    out["source_file"] = path.name
    return out


def classify(scores: pd.Series, rule: common.RuleSet) -> pd.Series:
    conds = [(scores + common.EPS >= cut).to_numpy() for cut in rule.cut_points]
    levels = np.select(conds, common.LEVELS, default=common.UNRANKED).astype(object)
    levels[scores.isna().to_numpy()] = None
    return pd.Series(pd.Categorical(levels, dtype=LEVEL_DTYPE), index=scores.index)


def write(df: pd.DataFrame, folder: Path, table: str) -> None:
    df.to_parquet(folder / f"{table}.parquet", engine="pyarrow", index=False)
    df.to_csv(folder / f"{table}.csv", index=False, encoding="utf-8-sig", lineterminator="\n")


def run_year(pipe: common.Pipeline, year: common.Year, gaz: common.Gazetteer, units: pd.DataFrame,
             out: Path) -> tuple[int, int, int]:
    files = common.workbooks(year.raw)
    frames = []
    for path in files:
        df = read_workbook(path)
        kinds, codes = gaz.resolve_workbook(pipe.province, df["label"].tolist())
        frames.append(df.assign(kind=kinds, unit_code=codes))
    if not frames:
        return 0, 0, 0
    rows = pd.concat(frames, ignore_index=True)
    unresolved = int(rows["unit_code"].isna().sum())
    rows = rows[rows["unit_code"].notna()].merge(units, on="unit_code", how="left")

    folder = out / pipe.name / str(year.year)
    folder.mkdir(parents=True, exist_ok=True)
    for kind in ("commune", "district"):
        t = rows[rows["kind"] == kind].copy()
        for dim in ("achieved", "readiness"):
            t[f"{dim}_level"] = classify(t[f"{dim}_score"], year.rules[(kind, dim)])
        t = t[COLUMNS]
        if kind == "district":
            t["rank"] = t["achieved_score"].rank(method="min", ascending=False).astype("Int64")
            t = t.sort_values(["rank", "unit_code"])
        else:
            t = t.sort_values("unit_code")
        write(t.reset_index(drop=True), folder, kind)
    return len(files), len(rows), unresolved


def main() -> int:
    start = time.perf_counter()
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    pipelines, gazetteer, out = (Path(a) for a in sys.argv[1:])
    gaz = common.Gazetteer(gazetteer)
    units = pd.DataFrame(gaz.rows)
    files = resolved = unresolved = 0
    for path in common.pipeline_files(pipelines):
        pipe = common.load_pipeline(path)
        for year in pipe.years:
            f, r, u = run_year(pipe, year, gaz, units, out)
            files, resolved, unresolved = files + f, resolved + r, unresolved + u
    common.report(PEER, files, resolved, unresolved, time.perf_counter() - start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
