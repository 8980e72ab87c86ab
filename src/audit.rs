//! Audit: the published levels of a year against any threshold rule (`core::audit`). For each
//! (unit level, dimension) with a rule set: where each cut-off can lie so that every published
//! level follows from "score ≥ cut-off", the fewest units whose levels must be set aside when no
//! rule reproduces them all (an `audit-level-unexplained` finding each), whether the pipeline's
//! rule set lies inside those intervals, and a fitted rule set to paste into the pipeline.
//!
//! A unit's published level is the one the decision gives (when the pipeline names the
//! decision and it lists the unit with a level), else the one its submission declares; its value
//! is the snapshot's: the percentage of the applicable maximum when every unit of the group has
//! full scoring, else the score.

use std::collections::HashMap;

use crate::classify::{Classified, Results, percent_of};
use crate::core::audit::{self as core_audit, Boundary, CUT_LEVELS, Interval, Item};
use crate::core::{CutoffKind, Dimension, Level, RuleSet, RuleStatus, UnitLevel};
use crate::finding::{Code, Finding, Lang, Location};
use crate::ingest::Field;
use crate::normalize::{DimValues, Entry};
use crate::pipeline::Year;
use crate::words::Text;

/// A unit whose published level no threshold rule reproduces with the others.
#[derive(Debug, Clone, PartialEq)]
pub struct Unexplained {
    /// The unit's GSO code.
    pub code: String,
    /// Type word and name.
    pub unit: String,
    /// The value audited (score or percentage).
    pub value: f64,
    pub level: Level,
    /// The level is the decision's (else the submission's).
    pub from_decision: bool,
    /// Set aside by every smallest set.
    pub certain: bool,
    /// The finding, as the year's findings hold it.
    pub finding: Finding,
}

/// The pipeline's rule set against the intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleCheck {
    pub id: String,
    pub status: RuleStatus,
    pub basis: String,
    pub kind: CutoffKind,
    /// As written in the pipeline (points or percent, by `kind`).
    pub cutoffs: [f64; 4],
    /// Levels whose cut-off lies outside its interval.
    pub outside: Vec<Level>,
    /// Published levels kept that the rule set reproduces.
    pub reproduces: usize,
}

/// A rule set fitted inside the intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub kind: CutoffKind,
    pub cutoffs: [f64; 4],
    /// Published levels kept that it reproduces (all of them, or a bug).
    pub reproduces: usize,
    /// The `[[year.rule_set]]` block, ready to paste.
    pub toml: String,
}

/// The audit of one (unit level, dimension).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupAudit {
    pub unit_level: UnitLevel,
    pub dimension: Dimension,
    /// Audited on percentages of the applicable maximum (full scoring), not on scores.
    pub percent: bool,
    /// The rule set's maximum, for points ↔ percent.
    pub maximum: f64,
    /// Units with a published level, and where the levels came from.
    pub units: usize,
    pub from_decision: usize,
    pub from_submissions: usize,
    /// Units kept: the largest set a threshold rule reproduces.
    pub kept: usize,
    /// The cut-offs' intervals, on the audit's scale (`percent`).
    pub boundaries: [Boundary; 4],
    pub unexplained: Vec<Unexplained>,
    /// Units kept that another smallest set would set aside instead ("type name (code)").
    pub could_instead: Vec<String>,
    pub rule_set: RuleCheck,
    pub fitted: Option<Fitted>,
}

impl GroupAudit {
    /// An interval of the audit's scale in points.
    pub fn in_points(&self, i: &Interval) -> Interval {
        if self.percent {
            i.scaled(self.maximum / 100.0)
        } else {
            *i
        }
    }

    /// An interval of the audit's scale in percent of the maximum.
    pub fn in_percent(&self, i: &Interval) -> Interval {
        if self.percent {
            *i
        } else {
            i.scaled(100.0 / self.maximum)
        }
    }
}

/// The year's audit, one group per rule set (districts first, achieved first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Audit {
    pub groups: Vec<GroupAudit>,
}

impl Audit {
    /// Every published level follows a rule and every rule set lies inside its intervals.
    pub fn clean(&self) -> bool {
        self.groups
            .iter()
            .all(|g| g.unexplained.is_empty() && g.rule_set.outside.is_empty())
    }
}

/// One unit's published level, with where it is written.
struct Candidate<'a> {
    unit: &'a Classified,
    level: Level,
    from_decision: bool,
    place: Location,
    score: f64,
    percent: Option<f64>,
}

/// Audits the year's published levels; a finding for each unit set aside.
pub fn audit(
    year: &Year,
    results: &Results,
    published: &[Entry],
    findings: &mut Vec<Finding>,
) -> Audit {
    let decision: HashMap<(UnitLevel, &str), &Entry> = published
        .iter()
        .map(|e| ((e.unit.level, e.unit.code.as_str()), e))
        .collect();
    let mut groups = Vec::new();
    for (level, units) in [
        (UnitLevel::District, &results.districts),
        (UnitLevel::Commune, &results.communes),
    ] {
        for dim in Dimension::ALL {
            let Some(rule) = year.rule_set(level, dim) else {
                continue;
            };
            let candidates = units
                .iter()
                .filter_map(|c| candidate(c, dim, rule, &decision))
                .collect();
            let g = audit_group(rule, candidates);
            findings.extend(g.unexplained.iter().map(|u| u.finding.clone()));
            groups.push(g);
        }
    }
    Audit { groups }
}

/// The level published for a unit's dimension (the decision's, else the submission's), if any.
fn candidate<'a>(
    c: &'a Classified,
    dim: Dimension,
    rule: &RuleSet,
    decision: &HashMap<(UnitLevel, &str), &Entry>,
) -> Option<Candidate<'a>> {
    let unit = &c.entry.unit;
    let mine = c.entry.dims.get(&dim)?;
    let published = decision
        .get(&(unit.level, unit.code.as_str()))
        .and_then(|e| e.dims.get(&dim).map(|v| (*e, v)))
        .and_then(|(e, v)| v.level_declared.map(|l| (l, true, level_place(e, v))));
    let (level, from_decision, place) = published.or_else(|| {
        mine.level_declared
            .map(|l| (l, false, level_place(&c.entry, mine)))
    })?;
    let score = match dim {
        Dimension::Achieved => c.achieved.score,
        Dimension::Readiness => c.readiness.score,
    };
    Some(Candidate {
        unit: c,
        level,
        from_decision,
        place,
        score,
        percent: percent_of(mine, rule),
    })
}

/// Where a level is written: its cell (else the score's, else the name's), and the unit.
fn level_place(e: &Entry, v: &DimValues) -> Location {
    let row = &e.rows[0];
    let cell = v.cell_of(Field::Level).or(v.cell()).unwrap_or(e.name_cell);
    Location {
        unit: Some(e.unit.code.to_string()),
        ..Location::cell(row.file(), row.sheet(), cell)
    }
}

/// The audit of one (unit level, dimension) from its units' published levels.
fn audit_group(rule: &RuleSet, candidates: Vec<Candidate>) -> GroupAudit {
    let percent = !candidates.is_empty() && candidates.iter().all(|c| c.percent.is_some());
    let value = |c: &Candidate| match (percent, c.percent) {
        (true, Some(p)) => p,
        _ => c.score,
    };
    let items: Vec<Item> = candidates
        .iter()
        .enumerate()
        .map(|(id, c)| Item {
            value: value(c),
            level: c.level,
            id,
        })
        .collect();
    let fit = core_audit::fit(&items);
    let mut aside = vec![false; items.len()];
    for s in &fit.set_aside {
        aside[s.id] = true;
    }
    let kept: Vec<&Item> = items.iter().filter(|it| !aside[it.id]).collect();
    let classify = |r: &RuleSet, v: f64| {
        if percent {
            r.classify_percent(v)
        } else {
            r.classify(v, None)
        }
    };
    let reproduced = |r: &RuleSet| {
        kept.iter()
            .filter(|it| classify(r, it.value) == it.level)
            .count()
    };
    let from_decision = candidates.iter().filter(|c| c.from_decision).count();
    let mut g = GroupAudit {
        unit_level: rule.unit_level,
        dimension: rule.dimension,
        percent,
        maximum: rule.maximum,
        units: candidates.len(),
        from_decision,
        from_submissions: candidates.len() - from_decision,
        kept: fit.kept,
        boundaries: fit.boundaries,
        unexplained: Vec::new(),
        could_instead: fit
            .could_instead
            .iter()
            .map(|&id| label(candidates[id].unit))
            .collect(),
        rule_set: rule_check(rule, &fit.boundaries, percent, reproduced(rule)),
        fitted: None,
    };
    g.unexplained = fit
        .set_aside
        .iter()
        .map(|s| unexplained(&candidates[s.id], items[s.id].value, s.certain, &g))
        .collect();
    g.fitted = if g.units == 0 {
        None
    } else {
        fitted(rule, &g).map(|(r, toml)| Fitted {
            kind: r.kind,
            cutoffs: r.cutoffs,
            reproduces: reproduced(&r),
            toml,
        })
    };
    g
}

/// The pipeline's rule set against the intervals.
fn rule_check(rule: &RuleSet, b: &[Boundary; 4], percent: bool, reproduces: usize) -> RuleCheck {
    let on_scale = cutoffs_on_scale(rule, percent);
    let outside = CUT_LEVELS
        .iter()
        .zip(b.iter().zip(on_scale))
        .filter(|(_, (b, c))| !b.interval.contains(*c))
        .map(|(l, _)| *l)
        .collect();
    RuleCheck {
        id: rule.id.clone(),
        status: rule.status,
        basis: rule.basis.clone(),
        kind: rule.kind,
        cutoffs: rule.cutoffs,
        outside,
        reproduces,
    }
}

/// "Xã Cam Hải Đông (22480)".
fn label(c: &Classified) -> String {
    let u = &c.entry.unit;
    format!("{} {} ({})", u.unit_type, u.name, u.code)
}

/// The rule set's cut-offs on the audit's scale: points (what `classify` compares scores with)
/// or percent.
fn cutoffs_on_scale(rule: &RuleSet, percent: bool) -> [f64; 4] {
    match (percent, rule.kind) {
        (false, _) => rule.cutoff_points(None),
        (true, CutoffKind::Percent) => rule.cutoffs,
        (true, CutoffKind::Points) => rule.cutoffs.map(|c| c * 100.0 / rule.maximum),
    }
}

/// A unit set aside, with its finding.
fn unexplained(c: &Candidate, value: f64, certain: bool, g: &GroupAudit) -> Unexplained {
    let u = &c.unit.entry.unit;
    let unit = format!("{} {}", u.unit_type, u.name);
    let text = Text::AuditLevelUnexplained {
        unit: unit.clone(),
        dim: g.dimension,
        level: c.level,
        value,
        percent: g.percent,
        from_decision: c.from_decision,
        others: if certain {
            Vec::new()
        } else {
            g.could_instead.clone()
        },
    };
    Unexplained {
        code: u.code.to_string(),
        unit,
        value,
        level: c.level,
        from_decision: c.from_decision,
        certain,
        finding: Finding::new(Code::AuditLevelUnexplained, c.place.clone(), text.into()),
    }
}

/// A rule set inside the intervals, in the pipeline's unit (points or percent), keeping the
/// pipeline's cut-offs where they fit; with its block to paste. `None` if the core refuses it
/// (levels above IV at a score of 0: no cut-offs of 0 or more can reproduce them).
fn fitted(rule: &RuleSet, g: &GroupAudit) -> Option<(RuleSet, String)> {
    let factor = match (rule.kind, g.percent) {
        (CutoffKind::Points, true) => rule.maximum / 100.0,
        (CutoffKind::Percent, false) => 100.0 / rule.maximum,
        _ => 1.0,
    };
    let limit = match rule.kind {
        CutoffKind::Points => rule.maximum,
        CutoffKind::Percent => 100.0,
    };
    let intervals = g.boundaries.map(|b| b.interval.scaled(factor));
    let cutoffs = core_audit::propose(&intervals, limit, Some(rule.cutoffs));
    let basis = Text::AuditFittedBasis {
        year: rule.year,
        units: g.units,
        from_decision: g.from_decision,
        kept: g.kept,
        intervals,
        percent: rule.kind == CutoffKind::Percent,
        maximum: rule.maximum,
    }
    .say(Lang::En);
    let r = RuleSet::new(
        &rule.province_code,
        rule.year,
        rule.unit_level,
        rule.dimension,
        rule.maximum,
        rule.kind,
        cutoffs,
        RuleStatus::Fitted,
        &basis,
    )
    .ok()?;
    let toml = rule_set_toml(&r);
    Some((r, toml))
}

/// A rule set as a `[[year.rule_set]]` block of the pipeline.
pub fn rule_set_toml(r: &RuleSet) -> String {
    let kind = match r.kind {
        CutoffKind::Points => "points",
        CutoffKind::Percent => "percent",
    };
    let [i, ii, iii, iv] = r.cutoffs.map(toml_number);
    let basis = r.basis.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "[[year.rule_set]]\nlevel = \"{}\"\ndimension = \"{}\"\nmaximum = {}\ncutoff_unit = \"{kind}\"\n\
         cutoffs = {{ I = {i}, II = {ii}, III = {iii}, IV = {iv} }}\nstatus = \"{}\"\nbasis = \"{basis}\"\n",
        r.unit_level.as_str(),
        r.dimension.key(),
        toml_number(r.maximum),
        r.status.as_str(),
    )
}

/// A number as TOML reads it back exactly: "54", "50.1".
fn toml_number(x: f64) -> String {
    let rounded = (x * 1e6).round() / 1e6;
    format!("{rounded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_set_block_reads_back_as_written() {
        let r = RuleSet::new(
            "56",
            2020,
            UnitLevel::Commune,
            Dimension::Achieved,
            60.0,
            CutoffKind::Points,
            [54.0, 50.1, 43.5, 30.0],
            RuleStatus::Fitted,
            "fitted \"by\" audit",
        )
        .expect("valid");
        let toml = rule_set_toml(&r);
        assert!(
            toml.contains("cutoffs = { I = 54, II = 50.1, III = 43.5, IV = 30 }"),
            "{toml}"
        );
        assert!(toml.contains("status = \"fitted\""), "{toml}");
        let v: toml::Value = toml::from_str(&toml).expect("valid TOML");
        let rs = &v["year"]["rule_set"][0];
        assert_eq!(rs["basis"].as_str(), Some("fitted \"by\" audit"));
        assert_eq!(rs["cutoffs"]["II"].as_float(), Some(50.1));
        assert_eq!(rs["maximum"].as_integer(), Some(60));
    }
}
