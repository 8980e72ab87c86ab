//! The snapshot's tables: classified units, rejected rows and files, and findings mapped to the
//! district, commune, rejects and findings tables of docs/schema.md. The schema lives here and
//! nowhere else (`emit` writes what it is given); a change of columns, types or meanings bumps
//! [`SCHEMA_VERSION`].

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::classify::{Classified, Results};
use crate::core::{CutoffKind, Dimension, Level};
use crate::crosswalk::{History, NewUnit, Part};
use crate::emit::{Column, ColumnData, OutTable};
use crate::finding::{Code, Finding, Message};
use crate::gazetteer::Gazetteer;
use crate::normalize::{DimValues, Rejected, UnitCodes};
use crate::pipeline::Year;

/// The version of the output schema (columns, types, meanings); see docs/schema.md.
pub const SCHEMA_VERSION: &str = "3";

/// The codes that refuse a whole file or sheet when a finding of theirs is located at a file or
/// a sheet (not a cell): each such finding is a row of the rejects, without a row number.
pub const FILE_REJECT_CODES: [Code; 4] = [
    Code::FileUnreadable,
    Code::FileEncrypted,
    Code::FileTooLarge,
    Code::SheetTooLarge,
];

/// The name of the table of the mapping of the year's units to today's (`units_history`).
pub const UNITS_HISTORY: &str = "units_history";

/// The units of a year's tables: its map, its crosswalk (else the new-unit columns are null and
/// units_history is empty) and the pipeline's province (units_history lists its communes).
#[derive(Clone, Copy)]
pub struct Units<'a> {
    pub gaz: &'a Gazetteer,
    pub history: Option<&'a History>,
    pub province: &'a str,
}

impl<'a> Units<'a> {
    /// A year on `gaz` without a crosswalk.
    pub fn of(gaz: &'a Gazetteer, province: &'a str) -> Units<'a> {
        Units {
            gaz,
            history: None,
            province,
        }
    }
}

/// The five tables of a year: district, commune, rejects, findings, units_history. `hashes`:
/// sha256 of each source file; `findings`: every finding of the year, as report.json lists them.
pub fn tables(
    results: &Results,
    rejected: &[Rejected],
    findings: &[Finding],
    year: i32,
    units: Units,
    hashes: &BTreeMap<String, String>,
) -> Vec<OutTable> {
    let ctx = Ctx {
        year,
        gaz: units.gaz,
        hashes,
        history: units.history,
    };
    let province = units.province;
    vec![
        results_table(&ctx, "district", &results.districts, true),
        results_table(&ctx, "commune", &results.communes, false),
        rejects_table(&ctx, rejected, findings),
        findings_table(year, findings),
        units_history_table(&ctx, province),
    ]
}

/// `units_history`: every (commune of the year's map in the province, new unit) pair the
/// crosswalk gives, communes in the map's order, new units in the crosswalk's.
fn units_history_table(ctx: &Ctx, province: &str) -> OutTable {
    let mut rows: Vec<(&crate::gazetteer::Commune, &NewUnit)> = Vec::new();
    if let Some(h) = ctx.history {
        for c in ctx.gaz.communes_of_province(province) {
            rows.extend(h.new_units(&c.code).iter().map(|n| (c, n)));
        }
    }
    let text = |name: &str, f: &dyn Fn(&crate::gazetteer::Commune, &NewUnit) -> Option<String>| {
        str_col(name, rows.iter().map(|(c, n)| f(c, n)))
    };
    OutTable {
        name: UNITS_HISTORY.to_string(),
        columns: vec![
            year_col(ctx.year, rows.len()),
            text("province_code", &|c, _| Some(c.province_code.clone())),
            text("district_code", &|c, _| {
                Some(c.district_code.clone()).filter(|d| !d.is_empty())
            }),
            text("commune_code", &|c, _| Some(c.code.clone())),
            text("commune_type", &|c, _| {
                Some(c.unit_type.as_str().to_string())
            }),
            text("commune_name", &|c, _| Some(c.name.clone())),
            text("new_code", &|_, n| Some(n.code.clone())),
            text("new_type", &|_, n| Some(n.unit_type.clone())),
            text("new_name", &|_, n| Some(n.name.clone())),
            text("part", &|_, n| Some(n.part.as_str().to_string())),
            text("basis", &|_, n| n.basis.clone()),
        ],
    }
}

/// The rule sets of a year as the manifest records them.
pub fn rule_sets_json(year: &Year) -> Value {
    Value::Array(
        year.rule_sets
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "unit_level": r.unit_level.as_str(),
                    "dimension": r.dimension.key(),
                    "maximum": r.maximum,
                    "cutoff_unit": match r.kind { CutoffKind::Points => "points", CutoffKind::Percent => "percent" },
                    "cutoffs": { "I": r.cutoffs[0], "II": r.cutoffs[1], "III": r.cutoffs[2], "IV": r.cutoffs[3] },
                    "status": r.status.as_str(),
                    "basis": r.basis,
                })
            })
            .collect(),
    )
}

/// The Frictionless data package (profile `tabular-data-package`) of a year's CSV files: one
/// resource per table (`<table>.csv`, UTF-8 with a BOM, hence `utf-8-sig`), each field typed as
/// written: codes and texts `string`, `F64` `number`, `U32`/`I32` `integer`, levels `string`
/// with the five levels as an `enum` constraint (best first). Empty fields are nulls. Readers
/// that follow it keep codes as text ("01", "001", "00001").
pub fn datapackage(tables: &[OutTable]) -> Value {
    let resources: Vec<Value> = tables
        .iter()
        .map(|t| {
            json!({
                "name": t.name,
                "path": format!("{}.csv", t.name),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": { "delimiter": ",", "header": true, "lineTerminator": "\n", "quoteChar": "\"" },
                "schema": {
                    "fields": t.columns.iter().map(field_json).collect::<Vec<_>>(),
                    "missingValues": [""],
                },
            })
        })
        .collect();
    json!({
        "profile": "tabular-data-package",
        "name": "egov-etl-snapshot",
        "schema_version": SCHEMA_VERSION,
        "resources": resources,
    })
}

/// A column as a Frictionless table schema field.
fn field_json(c: &Column) -> Value {
    let kind = match c.data {
        ColumnData::Str(_) | ColumnData::Level(_) => "string",
        ColumnData::F64(_) => "number",
        ColumnData::U32(_) | ColumnData::I32(_) => "integer",
    };
    let mut field = json!({ "name": c.name, "type": kind });
    if let ColumnData::Level(_) = c.data {
        let levels: Vec<&str> = Level::ALL.iter().map(|l| l.as_str()).collect();
        field["constraints"] = json!({ "enum": levels });
    }
    field
}

struct Ctx<'a> {
    year: i32,
    gaz: &'a Gazetteer,
    hashes: &'a BTreeMap<String, String>,
    history: Option<&'a History>,
}

fn str_col<S: AsRef<str>>(name: &str, values: impl IntoIterator<Item = Option<S>>) -> Column {
    Column {
        name: name.to_string(),
        data: ColumnData::Str(values.into_iter().collect()),
    }
}

fn f64_col(name: &str, v: Vec<Option<f64>>) -> Column {
    Column {
        name: name.to_string(),
        data: ColumnData::F64(v),
    }
}

fn u32_col(name: &str, v: Vec<Option<u32>>) -> Column {
    Column {
        name: name.to_string(),
        data: ColumnData::U32(v),
    }
}

fn year_col(year: i32, n: usize) -> Column {
    Column {
        name: "year".into(),
        data: ColumnData::I32(vec![Some(year); n]),
    }
}

fn dim_of(c: &Classified, d: Dimension) -> Option<&DimValues> {
    c.entry.dims.get(&d)
}

/// The district or commune table, in the documented schema (docs/schema.md).
fn results_table(ctx: &Ctx, name: &str, rows: &[Classified], districts: bool) -> OutTable {
    let mut cols = vec![year_col(ctx.year, rows.len())];
    cols.extend(place_columns(ctx.gaz, rows));
    if !districts {
        cols.extend(commune_columns(rows));
        cols.extend(new_unit_columns(ctx.history, rows));
    }
    cols.push(str_col(
        "name_submitted",
        rows.iter()
            .map(|c| Some(c.entry.unit.name_submitted.as_str())),
    ));
    for dim in Dimension::ALL {
        cols.extend(dimension_columns(rows, dim));
    }
    let pos_name = if districts { "rank" } else { "annex_order" };
    cols.push(u32_col(
        pos_name,
        rows.iter().map(|c| Some(c.position)).collect(),
    ));
    cols.push(str_col(
        "rule_set",
        rows.iter()
            .map(|c| Some(format!("{},{}", c.achieved.rule_set, c.readiness.rule_set))),
    ));
    cols.extend(source_columns(ctx.hashes, rows));
    OutTable {
        name: name.to_string(),
        columns: cols,
    }
}

/// Province and district of each unit: codes, type and name from the gazetteer (the district
/// columns null on a map without districts).
fn place_columns(gaz: &Gazetteer, rows: &[Classified]) -> Vec<Column> {
    let district = |c: &Classified| gaz.district(&c.entry.unit.district_code);
    let province = |c: &Classified| {
        district(c).map(|d| d.province_code.as_str()).or_else(|| {
            gaz.commune(&c.entry.unit.code)
                .map(|u| u.province_code.as_str())
        })
    };
    vec![
        str_col("province_code", rows.iter().map(province)),
        str_col(
            "province_name",
            rows.iter()
                .map(|c| province(c).and_then(|p| gaz.province(p).map(|x| x.name.as_str()))),
        ),
        str_col(
            "district_code",
            rows.iter()
                .map(|c| Some(c.entry.unit.district_code.as_str()).filter(|d| !d.is_empty())),
        ),
        str_col(
            "district_type",
            rows.iter()
                .map(|c| district(c).map(|d| d.unit_type.as_str())),
        ),
        str_col(
            "district_name",
            rows.iter().map(|c| district(c).map(|d| d.name.as_str())),
        ),
    ]
}

/// The commune's own code, type and name.
fn commune_columns(rows: &[Classified]) -> Vec<Column> {
    vec![
        str_col(
            "commune_code",
            rows.iter().map(|c| Some(c.entry.unit.code.as_str())),
        ),
        str_col(
            "commune_type",
            rows.iter().map(|c| Some(c.entry.unit.unit_type.as_str())),
        ),
        str_col(
            "commune_name",
            rows.iter().map(|c| Some(c.entry.unit.name.as_str())),
        ),
    ]
}

/// The unit of today's map each commune became (`new_code`, `new_type`, `new_name`) and `part`:
/// `whole` when it went whole into that one unit, `part` when it was split (the first new unit the
/// crosswalk lists; `units_history` has every one). Null without a crosswalk, or for a commune it
/// does not cover.
fn new_unit_columns(history: Option<&History>, rows: &[Classified]) -> Vec<Column> {
    let of = |c: &Classified| history.and_then(|h| h.summary(&c.entry.unit.code));
    let col = |name: &str, f: fn(&NewUnit, Part) -> String| {
        str_col(name, rows.iter().map(|c| of(c).map(|(n, part)| f(n, part))))
    };
    vec![
        col("new_code", |n, _| n.code.clone()),
        col("new_type", |n, _| n.unit_type.clone()),
        col("new_name", |n, _| n.name.clone()),
        col("part", |_, part| part.as_str().to_string()),
    ]
}

/// One dimension: score and levels (computed, published), then the full scoring as submitted.
fn dimension_columns(rows: &[Classified], dim: Dimension) -> Vec<Column> {
    let k = dim.key();
    fn res(c: &Classified, dim: Dimension) -> &crate::classify::DimResult {
        if dim == Dimension::Achieved {
            &c.achieved
        } else {
            &c.readiness
        }
    }
    let field = |suffix: &str, f: fn(&DimValues) -> Option<f64>| {
        f64_col(
            &format!("{k}_{suffix}"),
            rows.iter().map(|c| dim_of(c, dim).and_then(f)).collect(),
        )
    };
    vec![
        f64_col(
            &format!("{k}_score"),
            rows.iter().map(|c| Some(res(c, dim).score)).collect(),
        ),
        Column {
            name: format!("{k}_level"),
            data: ColumnData::Level(rows.iter().map(|c| Some(res(c, dim).level)).collect()),
        },
        Column {
            name: format!("{k}_level_published"),
            data: ColumnData::Level(
                rows.iter()
                    .map(|c| dim_of(c, dim).and_then(|v| v.level_declared))
                    .collect::<Vec<Option<Level>>>(),
            ),
        },
        field("max", |v| v.maximum()),
        field("not_applicable", |v| v.not_applicable()),
        field("applicable_max", |v| v.applicable_max()),
        field("raw_points", |v| v.raw_points()),
        field("percent", |v| v.percent()),
        field("converted", |v| v.converted()),
    ]
}

/// Where each unit's (first) row was read: file, its sha256, sheet, row.
fn source_columns(hashes: &BTreeMap<String, String>, rows: &[Classified]) -> Vec<Column> {
    vec![
        str_col(
            "source_file",
            rows.iter()
                .map(|c| Some(c.entry.rows[0].file().to_string())),
        ),
        str_col(
            "source_sha256",
            rows.iter()
                .map(|c| hashes.get(c.entry.rows[0].file()).cloned()),
        ),
        str_col(
            "source_sheet",
            rows.iter()
                .map(|c| Some(c.entry.rows[0].sheet().to_string())),
        ),
        u32_col(
            "source_row",
            rows.iter().map(|c| Some(c.entry.rows[0].row)).collect(),
        ),
    ]
}

/// One row of the rejects: a rejected row of a sheet, or a whole file or sheet refused.
struct RejectRow<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
    row: Option<u32>,
    cell: Option<String>,
    code: Code,
    message: &'a Message,
    unit: Option<&'a UnitCodes>,
    raw: Option<String>,
}

impl<'a> RejectRow<'a> {
    /// A rejected row, with its raw cells.
    fn of_row(r: &'a Rejected) -> RejectRow<'a> {
        let raw = r
            .row
            .raw
            .iter()
            .filter(|c| !c.value.is_empty())
            .map(|c| format!("{}={}", c.cell, c.value.display()))
            .collect::<Vec<_>>()
            .join(" | ");
        RejectRow {
            file: r.row.file(),
            sheet: Some(r.row.sheet()),
            row: Some(r.row.row),
            cell: r.cell.map(|c| c.to_string()),
            code: r.code,
            message: &r.message,
            unit: r.unit.as_ref(),
            raw: Some(raw),
        }
    }

    /// A file or sheet refused as a whole: a finding of [`FILE_REJECT_CODES`] located at a file
    /// or sheet.
    fn of_file(f: &'a Finding) -> Option<RejectRow<'a>> {
        let whole = FILE_REJECT_CODES.contains(&f.code) && f.location.cell.is_none();
        Some(RejectRow {
            file: f.location.file.as_deref().filter(|_| whole)?,
            sheet: f.location.sheet.as_deref(),
            row: None,
            cell: None,
            code: f.code,
            message: &f.message,
            unit: None,
            raw: None,
        })
    }
}

/// The rejects: every file or sheet refused as a whole (in the order found), then every rejected
/// row with its raw cells; each with its place, its unit and district when they were resolved,
/// its code and message.
fn rejects_table(ctx: &Ctx, rejected: &[Rejected], findings: &[Finding]) -> OutTable {
    let rows: Vec<RejectRow> = findings
        .iter()
        .filter_map(RejectRow::of_file)
        .chain(rejected.iter().map(RejectRow::of_row))
        .collect();
    let text =
        |name: &str, f: &dyn Fn(&RejectRow) -> Option<String>| str_col(name, rows.iter().map(f));
    OutTable {
        name: "rejects".into(),
        columns: vec![
            year_col(ctx.year, rows.len()),
            text("source_file", &|r| Some(r.file.to_string())),
            text("source_sha256", &|r| ctx.hashes.get(r.file).cloned()),
            text("source_sheet", &|r| r.sheet.map(str::to_string)),
            u32_col("source_row", rows.iter().map(|r| r.row).collect()),
            text("cell", &|r| r.cell.clone()),
            text("unit_code", &|r| r.unit.map(|u| u.code.clone())),
            text("district_code", &|r| {
                r.unit.map(|u| u.district.clone()).filter(|d| !d.is_empty())
            }),
            text("code", &|r| Some(r.code.as_str().to_string())),
            text("message", &|r| Some(r.message.vi.to_string())),
            text("message_en", &|r| Some(r.message.en.to_string())),
            text("raw_values", &|r| r.raw.clone()),
        ],
    }
}

/// The findings of the year, one row each, with the columns of report.json's findings (plus the
/// year); `units` joined with ";" (null when empty).
fn findings_table(year: i32, findings: &[Finding]) -> OutTable {
    let text =
        |name: &str, f: &dyn Fn(&Finding) -> Option<String>| str_col(name, findings.iter().map(f));
    OutTable {
        name: "findings".into(),
        columns: vec![
            year_col(year, findings.len()),
            text("code", &|f| Some(f.code.as_str().to_string())),
            text("severity", &|f| Some(f.severity().as_str().to_string())),
            text("file", &|f| f.location.file.clone()),
            text("sheet", &|f| f.location.sheet.clone()),
            text("cell", &|f| f.location.cell.map(|c| c.to_string())),
            u32_col("line", findings.iter().map(|f| f.location.line).collect()),
            text("unit", &|f| f.location.unit.clone()),
            text("district", &|f| f.location.district.clone()),
            text("units", &|f| {
                (!f.units.is_empty()).then(|| f.units.join(";"))
            }),
            text("message_vi", &|f| Some(f.message.vi.to_string())),
            text("message_en", &|f| Some(f.message.en.to_string())),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables of a year with no rows: every column, with its type.
    fn empty_tables() -> Vec<OutTable> {
        let gaz = Gazetteer::embedded().expect("gazetteer");
        let units = Units::of(&gaz, "56");
        tables(&Results::default(), &[], &[], 2020, units, &BTreeMap::new())
    }

    /// The Frictionless type of each Parquet type `emit` writes (docs/schema.md).
    fn frictionless_type(data: &ColumnData) -> (&'static str, bool) {
        match data {
            ColumnData::Str(_) => ("string", false),
            ColumnData::F64(_) => ("number", false),
            ColumnData::U32(_) | ColumnData::I32(_) => ("integer", false),
            ColumnData::Level(_) => ("string", true),
        }
    }

    #[test]
    fn the_datapackage_describes_every_column_of_every_table() {
        let tables = empty_tables();
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "district",
                "commune",
                "rejects",
                "findings",
                "units_history"
            ]
        );
        let package = datapackage(&tables);
        assert_eq!(package["profile"], "tabular-data-package");
        let resources = package["resources"].as_array().expect("resources");
        assert_eq!(resources.len(), tables.len());
        for (t, r) in tables.iter().zip(resources) {
            assert_eq!(r["name"], t.name.as_str());
            assert_eq!(r["path"], format!("{}.csv", t.name));
            assert_eq!(r["encoding"], "utf-8-sig");
            let fields = r["schema"]["fields"].as_array().expect("fields");
            assert_eq!(fields.len(), t.columns.len(), "{}", t.name);
            for (c, f) in t.columns.iter().zip(fields) {
                let (kind, is_level) = frictionless_type(&c.data);
                assert_eq!(f["name"], c.name.as_str());
                assert_eq!(f["type"], kind, "{}.{}", t.name, c.name);
                let levels = &f["constraints"]["enum"];
                if is_level {
                    assert_eq!(*levels, json!(["I", "II", "III", "IV", "Không xếp hạng"]));
                } else {
                    assert!(levels.is_null(), "{}.{}: {f}", t.name, c.name);
                }
            }
        }
    }

    #[test]
    fn codes_are_strings_scores_numbers_positions_integers_levels_enums() {
        let package = datapackage(&empty_tables());
        let field = |table: &str, column: &str| -> Value {
            let r = package["resources"]
                .as_array()
                .and_then(|rs| rs.iter().find(|r| r["name"] == table))
                .unwrap_or_else(|| panic!("no resource {table}"));
            r["schema"]["fields"]
                .as_array()
                .and_then(|fs| fs.iter().find(|f| f["name"] == column))
                .cloned()
                .unwrap_or_else(|| panic!("no field {table}.{column}"))
        };
        for (table, column) in [
            ("district", "province_code"),
            ("district", "district_code"),
            ("commune", "commune_code"),
            ("rejects", "unit_code"),
            ("findings", "unit"),
            ("findings", "units"),
        ] {
            assert_eq!(field(table, column)["type"], "string", "{table}.{column}");
        }
        assert_eq!(field("commune", "achieved_score")["type"], "number");
        assert_eq!(field("district", "rank")["type"], "integer");
        assert_eq!(field("findings", "line")["type"], "integer");
        assert_eq!(field("commune", "year")["type"], "integer");
        let level = field("commune", "readiness_level_published");
        assert_eq!(level["type"], "string");
        assert_eq!(level["constraints"]["enum"][4], "Không xếp hạng");
    }
}
