//! Compare: the snapshot against the year's published decision (its annexes as a workbook), the
//! check a province runs on its draft decision before signing. Every difference is a finding.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use compact_str::CompactString;

use crate::classify::{Classified, Results};
use crate::core::{Dimension, UnitLevel};
use crate::finding::{Code, Finding, Location};
use crate::gazetteer::Gazetteer;
use crate::ingest;
use crate::normalize::{self, Entry, Normalized, Unit};
use crate::pipeline::Pipeline;
use crate::words::Text;

/// Figures of the comparison for the report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub published_units: usize,
    pub matched_units: usize,
    pub levels_compared: usize,
    pub levels_equal: usize,
    pub scores_equal: usize,
    pub order_equal: usize,
}

fn here(e: &Entry) -> Location {
    Location::cell(e.rows[0].file(), e.rows[0].sheet(), e.name_cell)
        .with_unit(&e.unit.code, &e.unit.district_code)
}

/// A unit as people write it: type word and name.
fn label(u: &Unit) -> String {
    format!("{} {}", u.unit_type, u.name)
}

/// The comparison, and the decision's units as read (for the audit of its levels).
#[derive(Debug, Default)]
pub struct Compared {
    pub summary: Summary,
    pub published: Vec<Entry>,
}

/// Compares `results` with the published decision at `path`.
pub fn compare(
    path: &Path,
    shown: &str,
    pipeline: &Pipeline,
    gaz: &Gazetteer,
    results: &Results,
    findings: &mut Vec<Finding>,
) -> Compared {
    let mut summary = Summary::default();
    let Some(published) = read_published(path, shown, pipeline, gaz, findings) else {
        return Compared::default();
    };
    let index: HashMap<(UnitLevel, &str), &Classified> = results
        .districts
        .iter()
        .chain(results.communes.iter())
        .map(|c| ((c.entry.unit.level, c.entry.unit.code.as_str()), c))
        .collect();
    let mut seen: HashSet<(UnitLevel, CompactString)> = HashSet::new();
    for e in &published.entries {
        summary.published_units += 1;
        let unit = &e.unit;
        if unit.corrected {
            findings.push(Finding::new(
                Code::PublishedName,
                here(e),
                Text::PublishedName {
                    written: unit.name_submitted.to_string(),
                    official: label(unit),
                    code: unit.code.to_string(),
                }
                .into(),
            ));
        }
        let Some(mine) = index.get(&(unit.level, unit.code.as_str())).copied() else {
            findings.push(Finding::new(
                Code::OnlyInPublished,
                here(e),
                Text::OnlyInPublished {
                    unit: label(unit),
                    code: unit.code.to_string(),
                }
                .into(),
            ));
            continue;
        };
        seen.insert((unit.level, unit.code.clone()));
        summary.matched_units += 1;
        compare_dims(e, mine, &mut summary, findings);
        compare_order(e, mine, &mut summary, findings);
    }
    report_not_published(results, &seen, shown, findings);
    Compared {
        summary,
        published: published.entries,
    }
}

/// The decision read and normalized as a submission is; `None` when it cannot be read at all. Its
/// findings are passed on: a row that cannot be read is `published-unreadable`, other warnings
/// keep their codes, and notes of no use here (names read, districts' sources, hidden sheets) are
/// dropped.
fn read_published(
    path: &Path,
    shown: &str,
    pipeline: &Pipeline,
    gaz: &Gazetteer,
    findings: &mut Vec<Finding>,
) -> Option<Normalized> {
    let mut own = Vec::new();
    let wb = ingest::read_file(path, shown, &pipeline.limits, &pipeline.aliases, &mut own);
    if wb.rejected {
        for f in own {
            findings.push(Finding::new(
                Code::PublishedUnreadable,
                f.location,
                f.message,
            ));
        }
        return None;
    }
    let n = normalize::normalize(
        std::slice::from_ref(&wb),
        gaz,
        &pipeline.province_code,
        &[],
        &mut own,
    );
    for f in own {
        if matches!(
            f.code,
            Code::UnitNameCorrected | Code::DistrictSource | Code::SheetHidden
        ) {
            continue;
        }
        // A row of the decision that cannot be read is an error of its own; warnings (a cover
        // sheet without a table, an unreadable level) keep their codes.
        if f.severity() == crate::finding::Severity::Error {
            findings.push(Finding::new(
                Code::PublishedUnreadable,
                f.location,
                f.message,
            ));
        } else {
            findings.push(f);
        }
    }
    Some(n)
}

/// The decision's scores and levels of a unit against the computed ones.
fn compare_dims(e: &Entry, mine: &Classified, summary: &mut Summary, findings: &mut Vec<Finding>) {
    for dim in Dimension::ALL {
        let res = if dim == Dimension::Achieved {
            &mine.achieved
        } else {
            &mine.readiness
        };
        let Some(p) = e.dims.get(&dim) else { continue };
        if let Some(score) = p.score {
            if (score - res.score).abs() < 0.005 {
                summary.scores_equal += 1;
            } else {
                findings.push(Finding::new(
                    Code::PublishedScoreDiffers,
                    Location::cell(
                        e.rows[0].file(),
                        e.rows[0].sheet(),
                        p.cell().unwrap_or(e.name_cell),
                    )
                    .with_unit(&e.unit.code, &e.unit.district_code),
                    Text::PublishedScoreDiffers {
                        unit: label(&e.unit),
                        dim,
                        published: score,
                        computed: res.score,
                    }
                    .into(),
                ));
            }
        }
        if let Some(level) = p.level_declared {
            summary.levels_compared += 1;
            if level == res.level {
                summary.levels_equal += 1;
            } else {
                findings.push(Finding::new(
                    Code::PublishedLevelDiffers,
                    here(e),
                    Text::PublishedLevelDiffers {
                        unit: label(&e.unit),
                        dim,
                        published: level,
                        computed: res.level,
                    }
                    .into(),
                ));
            }
        }
    }
}

/// The decision's row number of a unit against its computed rank (a district) or annex position
/// (a commune).
fn compare_order(e: &Entry, mine: &Classified, summary: &mut Summary, findings: &mut Vec<Finding>) {
    let Some(listed) = e.rows[0].stt else { return };
    if listed == mine.position {
        summary.order_equal += 1;
        return;
    }
    let unit = label(&e.unit);
    let message = if e.unit.level == UnitLevel::District {
        Text::PublishedRankDiffers {
            unit,
            listed,
            rank: mine.position,
        }
    } else {
        Text::PublishedAnnexPositionDiffers {
            unit,
            listed,
            position: mine.position,
        }
    };
    findings.push(Finding::new(
        Code::PublishedOrderDiffers,
        here(e),
        message.into(),
    ));
}

/// Units of the snapshot that the decision does not list.
fn report_not_published(
    results: &Results,
    seen: &HashSet<(UnitLevel, CompactString)>,
    shown: &str,
    findings: &mut Vec<Finding>,
) {
    for c in results.districts.iter().chain(results.communes.iter()) {
        let u = &c.entry.unit;
        if !seen.contains(&(u.level, u.code.clone())) {
            findings.push(Finding::new(
                Code::NotInPublished,
                Location {
                    file: Some(shown.to_string()),
                    ..Location::default()
                }
                .with_unit(&u.code, &u.district_code),
                Text::NotInPublished {
                    unit: label(u),
                    code: u.code.to_string(),
                }
                .into(),
            ));
        }
    }
}
