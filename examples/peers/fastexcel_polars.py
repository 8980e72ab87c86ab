"""Benchmark peer: the egov-etl job with fastexcel (calamine) + polars.

Usage: python3 fastexcel_polars.py PIPELINES_DIR GAZETTEER_CSV OUT_DIR
"""

import sys
import time
from pathlib import Path

import fastexcel
import polars as pl

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

PEER = "fastexcel_polars"
LEVEL_DTYPE = pl.Enum(common.LEVELS + [common.UNRANKED])
COLUMNS = ["province_code", "district_code", "unit_code", "unit_type", "name", "achieved_score",
           "achieved_level", "readiness_score", "readiness_level", "label", "source_file", "sheet", "row"]
ROWS_SCHEMA = {"label": pl.String, "achieved_score": pl.Float64, "readiness_score": pl.Float64,
               "sheet": pl.String, "row": pl.UInt32}


def to_number(col: str) -> pl.Expr:
    """Numbers, or text with decimal comma and NBSP/spaces, as Float64 (null otherwise)."""
    text = pl.col(col).cast(pl.String).str.replace_all(r"\s+", "").str.replace_all(",", ".", literal=True)
    return text.cast(pl.Float64, strict=False)


def read_workbook(path: Path) -> pl.DataFrame:
    """Every sheet's data rows: label, achieved_score, readiness_score, sheet, row."""
    reader = fastexcel.read_excel(str(path))
    parts = []
    for sheet in reader.sheet_names:
        df = reader.load_sheet(sheet, header_row=None).to_polars()
        header = common.find_header(df.head(30).rows())
        if header is None:
            continue
        names = df.columns
        body = (
            df.with_row_index("row", offset=1)  # 1-based sheet row
            .slice(header.data_start)
            .select(
                pl.col(names[header.name_col]).cast(pl.String).alias("label"),
                to_number(names[header.achieved_col]).alias("achieved_score"),
                to_number(names[header.readiness_col]).alias("readiness_score"),
                pl.lit(sheet).alias("sheet"),
                "row",
            )
            .filter(
                pl.col("label").str.strip_chars().str.len_chars() > 0,
                pl.col("achieved_score").is_not_null() | pl.col("readiness_score").is_not_null(),
            )
        )
        body = body.filter(~pl.Series([common.is_header_label(v) for v in body["label"]], dtype=pl.Boolean))
        parts.append(body)
    out = pl.concat(parts) if parts else pl.DataFrame(schema=ROWS_SCHEMA)
    return out.with_columns(source_file=pl.lit(path.name))


def classify(col: str, rule: common.RuleSet) -> pl.Expr:
    score = pl.col(col) + common.EPS
    expr = pl.when(pl.col(col).is_null()).then(None)
    for name, cut in zip(common.LEVELS, rule.cut_points):
        expr = expr.when(score >= cut).then(pl.lit(name))
    return expr.otherwise(pl.lit(common.UNRANKED)).cast(LEVEL_DTYPE)


def write(df: pl.DataFrame, folder: Path, table: str) -> None:
    df.write_parquet(folder / f"{table}.parquet")
    df.write_csv(folder / f"{table}.csv", include_bom=True)


def run_year(pipe: common.Pipeline, year: common.Year, gaz: common.Gazetteer, units: pl.DataFrame,
             out: Path) -> tuple[int, int, int]:
    files = common.workbooks(year.raw)
    frames = []
    for path in files:
        df = read_workbook(path)
        kinds, codes = gaz.resolve_workbook(pipe.province, df["label"].to_list())
        frames.append(df.with_columns(kind=pl.Series(kinds, dtype=pl.String),
                                      unit_code=pl.Series(codes, dtype=pl.String)))
    if not frames:
        return 0, 0, 0
    rows = pl.concat(frames)
    unresolved = rows["unit_code"].null_count()
    rows = rows.filter(pl.col("unit_code").is_not_null()).join(units, on="unit_code", how="left")

    folder = out / pipe.name / str(year.year)
    folder.mkdir(parents=True, exist_ok=True)
    for kind in ("commune", "district"):
        t = rows.filter(pl.col("kind") == kind).with_columns(
            classify(f"{dim}_score", year.rules[(kind, dim)]).alias(f"{dim}_level")
            for dim in ("achieved", "readiness")
        ).select(COLUMNS)
        if kind == "district":
            t = t.with_columns(
                rank=pl.col("achieved_score").rank(method="min", descending=True).cast(pl.Int64)
            ).sort("rank", "unit_code")
        else:
            t = t.sort("unit_code")
        write(t, folder, kind)
    return len(files), rows.height, unresolved


def main() -> int:
    start = time.perf_counter()
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    pipelines, gazetteer, out = (Path(a) for a in sys.argv[1:])
    gaz = common.Gazetteer(gazetteer)
    units = pl.DataFrame(gaz.rows)
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
