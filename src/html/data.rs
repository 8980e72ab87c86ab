//! The report's data as plain rows, read from the snapshot's tables (the [`OutTable`]s `emit`
//! writes, or reads back from their Parquet): units, findings, rejected rows, the misspelt names
//! and the moves of units between two years. Pure: no I/O. A missing column reads as empty
//! values, never a panic.

use std::collections::BTreeMap;

use crate::core::{Dimension, Level};
use crate::emit::OutTable;
use crate::finding::Code;

/// One unit of the `district` or `commune` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub code: String,
    pub district_code: String,
    /// The type word and the GSO name ("Xã Cam Hòa", "Huyện Cam Lâm").
    pub name: String,
    /// The district's type word and name.
    pub district: String,
    /// Achieved, readiness.
    pub scores: [Option<f64>; 2],
    pub levels: [Option<Level>; 2],
    /// The district's rank (districts only).
    pub rank: Option<u32>,
}

impl Unit {
    pub fn score(&self, d: Dimension) -> Option<f64> {
        self.scores[dim_index(d)]
    }

    pub fn level(&self, d: Dimension) -> Option<Level> {
        self.levels[dim_index(d)]
    }
}

/// 0 for achieved, 1 for readiness.
pub fn dim_index(d: Dimension) -> usize {
    match d {
        Dimension::Achieved => 0,
        Dimension::Readiness => 1,
    }
}

/// One row of the `findings` table.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingRow {
    pub code: String,
    pub severity: String,
    pub file: Option<String>,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub line: Option<u32>,
    pub message_vi: String,
    pub message_en: String,
}

impl FindingRow {
    /// "'Sheet'!C7", "'Sheet'", "line 9" (the line number alone, the words around it are the
    /// page's), or "".
    pub fn place(&self) -> String {
        match (&self.sheet, &self.cell, self.line) {
            (Some(s), Some(c), _) => format!("'{s}'!{c}"),
            (Some(s), None, _) => format!("'{s}'"),
            (None, _, Some(l)) => l.to_string(),
            _ => String::new(),
        }
    }
}

/// One row of the `rejects` table.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectRow {
    pub file: String,
    pub sheet: Option<String>,
    pub row: Option<u32>,
    pub cell: Option<String>,
    pub code: String,
    pub message_vi: String,
    pub message_en: String,
    pub raw_values: Option<String>,
}

/// A unit name written otherwise than GSO's, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    pub written: String,
    /// Type word, GSO name and code: "Xã Ba Cụm Bắc (22732)".
    pub official: String,
    /// Written in the published decision (else in a submission).
    pub in_decision: bool,
    pub file: String,
    pub place: String,
}

/// A unit whose level of a dimension changed from one year to another.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub unit: String,
    pub district_code: String,
    pub dim: Dimension,
    pub before: Level,
    pub after: Level,
}

fn text_or_empty(t: &OutTable, name: &str, i: usize) -> String {
    t.text(name, i).unwrap_or_default()
}

/// "Xã" + "Cam Hòa" → "Xã Cam Hòa".
fn typed(kind: String, name: String) -> String {
    match (kind.is_empty(), name.is_empty()) {
        (true, _) => name,
        (_, true) => kind,
        _ => format!("{kind} {name}"),
    }
}

/// The units of a `district` (`communes` false) or `commune` table, in its order.
pub fn units(t: &OutTable, communes: bool) -> Vec<Unit> {
    (0..t.rows())
        .map(|i| {
            let district = typed(
                text_or_empty(t, "district_type", i),
                text_or_empty(t, "district_name", i),
            );
            let (code, name) = if communes {
                let name = typed(
                    text_or_empty(t, "commune_type", i),
                    text_or_empty(t, "commune_name", i),
                );
                (text_or_empty(t, "commune_code", i), name)
            } else {
                (text_or_empty(t, "district_code", i), district.clone())
            };
            Unit {
                code,
                district_code: text_or_empty(t, "district_code", i),
                name,
                district,
                scores: [t.float("achieved_score", i), t.float("readiness_score", i)],
                levels: [t.level("achieved_level", i), t.level("readiness_level", i)],
                rank: t.unsigned("rank", i),
            }
        })
        .collect()
}

/// The rows of the `findings` table, in its order.
pub fn findings(t: &OutTable) -> Vec<FindingRow> {
    (0..t.rows())
        .map(|i| FindingRow {
            code: text_or_empty(t, "code", i),
            severity: text_or_empty(t, "severity", i),
            file: t.text("file", i),
            sheet: t.text("sheet", i),
            cell: t.text("cell", i),
            line: t.unsigned("line", i),
            message_vi: text_or_empty(t, "message_vi", i),
            message_en: text_or_empty(t, "message_en", i),
        })
        .collect()
}

/// The rows of the `rejects` table, in its order.
pub fn rejects(t: &OutTable) -> Vec<RejectRow> {
    (0..t.rows())
        .map(|i| RejectRow {
            file: text_or_empty(t, "source_file", i),
            sheet: t.text("source_sheet", i),
            row: t.unsigned("source_row", i),
            cell: t.text("cell", i),
            code: text_or_empty(t, "code", i),
            message_vi: text_or_empty(t, "message", i),
            message_en: text_or_empty(t, "message_en", i),
            raw_values: t.text("raw_values", i),
        })
        .collect()
}

/// The misspelt names the findings report (`unit-name-corrected` in the submissions,
/// `published-name` in the decision), in the findings' order.
pub fn corrections(findings: &[FindingRow]) -> Vec<Correction> {
    let corrected = Code::UnitNameCorrected.as_str();
    let published = Code::PublishedName.as_str();
    findings
        .iter()
        .filter(|f| f.code == corrected || f.code == published)
        .filter_map(|f| {
            let (written, official) = crate::words::misspelling(&f.message_en)?;
            Some(Correction {
                written,
                official,
                in_decision: f.code == published,
                file: f.file.clone().unwrap_or_default(),
                place: f.place(),
            })
        })
        .collect()
}

/// The units of both years whose level of a dimension differs (`before`: the other year's),
/// in this year's order, achieved before readiness for a unit.
pub fn moves(before: &[Unit], after: &[Unit]) -> Vec<Move> {
    let old: BTreeMap<&str, &Unit> = before.iter().map(|u| (u.code.as_str(), u)).collect();
    let mut out = Vec::new();
    for u in after {
        let Some(o) = old.get(u.code.as_str()) else {
            continue;
        };
        for d in Dimension::ALL {
            if let (Some(b), Some(a)) = (o.level(d), u.level(d))
                && a != b
            {
                out.push(Move {
                    unit: u.name.clone(),
                    district_code: u.district_code.clone(),
                    dim: d,
                    before: b,
                    after: a,
                });
            }
        }
    }
    out
}

/// The units of both years with a level of `d` in each.
pub fn in_both(before: &[Unit], after: &[Unit], d: Dimension) -> Vec<String> {
    let old: BTreeMap<&str, &Unit> = before.iter().map(|u| (u.code.as_str(), u)).collect();
    after
        .iter()
        .filter(|u| u.level(d).is_some())
        .filter(|u| {
            old.get(u.code.as_str())
                .is_some_and(|o| o.level(d).is_some())
        })
        .map(|u| u.district_code.clone())
        .collect()
}
