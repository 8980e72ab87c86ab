//! Compare: the snapshot against the year's published decision (its annexes as a workbook), the
//! check a province runs on its draft decision before signing. Every difference is a finding.

use std::path::Path;

use crate::classify::{Classified, Results};
use crate::core::{Dimension, UnitLevel};
use crate::finding::{Code, Finding, Location, Message, num_vi};
use crate::gazetteer::Gazetteer;
use crate::ingest;
use crate::normalize::{self, Entry};
use crate::pipeline::Pipeline;

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
    Location::cell(&e.rows[0].file, &e.rows[0].sheet, e.name_cell)
}

/// Compares `results` with the published decision at `path`.
pub fn compare(
    path: &Path,
    shown: &str,
    pipeline: &Pipeline,
    gaz: &Gazetteer,
    results: &Results,
    findings: &mut Vec<Finding>,
) -> Summary {
    let mut summary = Summary::default();
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
        return summary;
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
    let index: std::collections::HashMap<(UnitLevel, &str), &Classified> = results
        .districts
        .iter()
        .chain(results.communes.iter())
        .map(|c| ((c.entry.unit.level, c.entry.unit.code.as_str()), c))
        .collect();
    let mut seen: std::collections::HashSet<(UnitLevel, String)> = std::collections::HashSet::new();
    for e in &n.entries {
        summary.published_units += 1;
        let unit = &e.unit;
        let label = format!("{} {}", unit.unit_type, unit.name);
        if unit.corrected {
            findings.push(Finding::new(
                Code::PublishedName,
                here(e),
                Message::new(
                    format!(
                        "Quyết định ghi \"{}\"; tên chính thức (GSO) là {} ({})",
                        unit.name_submitted, label, unit.code
                    ),
                    format!(
                        "the decision writes \"{}\"; the official (GSO) name is {} ({})",
                        unit.name_submitted, label, unit.code
                    ),
                ),
            ));
        }
        let Some(mine) = index.get(&(unit.level, unit.code.as_str())).copied() else {
            findings.push(Finding::new(
                Code::OnlyInPublished,
                here(e),
                Message::new(
                    format!(
                        "{label} ({}) có trong quyết định nhưng không có trong kết quả tổng hợp",
                        unit.code
                    ),
                    format!(
                        "{label} ({}) is in the decision but not in the snapshot",
                        unit.code
                    ),
                ),
            ));
            continue;
        };
        seen.insert((unit.level, unit.code.clone()));
        summary.matched_units += 1;
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
                            &e.rows[0].file,
                            &e.rows[0].sheet,
                            p.cell.unwrap_or(e.name_cell),
                        ),
                        Message::new(
                            format!(
                                "{label}: quyết định ghi điểm {} {}, hồ sơ là {}",
                                dim.name_vi(),
                                num_vi(score),
                                num_vi(res.score)
                            ),
                            format!(
                                "{label}: the decision gives {} score {:.2}, the submission {:.2}",
                                dim.key(),
                                score,
                                res.score
                            ),
                        ),
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
                        Message::new(
                            format!("{label}: quyết định ghi mức {} {level}, tính theo bộ quy tắc là {}", dim.name_vi(), res.level),
                            format!("{label}: the decision gives {} level {level}, the rule set {}", dim.key(), res.level),
                        ),
                    ));
                }
            }
        }
        if let Some(stt) = e.rows[0].stt {
            if stt == mine.position {
                summary.order_equal += 1;
            } else {
                let what = if unit.level == UnitLevel::District {
                    ("thứ hạng", "rank")
                } else {
                    ("thứ tự trong phụ lục", "annex position")
                };
                findings.push(Finding::new(
                    Code::PublishedOrderDiffers,
                    here(e),
                    Message::new(
                        format!(
                            "{label}: quyết định xếp ở số {stt}, {} tính được là {}",
                            what.0, mine.position
                        ),
                        format!(
                            "{label}: the decision lists it as {stt}, the computed {} is {}",
                            what.1, mine.position
                        ),
                    ),
                ));
            }
        }
    }
    for c in results.districts.iter().chain(results.communes.iter()) {
        let u = &c.entry.unit;
        if !seen.contains(&(u.level, u.code.clone())) {
            findings.push(Finding::new(
                Code::NotInPublished,
                Location {
                    file: Some(shown.to_string()),
                    unit: Some(u.code.clone()),
                    ..Location::default()
                },
                Message::new(
                    format!(
                        "{} {} ({}) có trong kết quả tổng hợp nhưng không có trong quyết định",
                        u.unit_type, u.name, u.code
                    ),
                    format!(
                        "{} {} ({}) is in the snapshot but not in the decision",
                        u.unit_type, u.name, u.code
                    ),
                ),
            ));
        }
    }
    summary
}
