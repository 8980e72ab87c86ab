//! The run report: what a year's run produced ([`YearOutcome`]), its `report.json`, and the
//! summary the CLI prints (as lines, in the language asked; `cli` prints them).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::audit::{Audit, GroupAudit};
use crate::compare::Summary;
use crate::core::CutoffKind;
use crate::core::audit::{CUT_LEVELS, Interval};
use crate::finding::render::{finding_json, human_line};
use crate::finding::{Code, Finding, Lang, Severity, Tally};
use crate::pipeline::{Pipeline, Year};
use crate::snapshot::SCHEMA_VERSION;
use crate::validate::Completeness;
use crate::words::Text;

/// The version of report.json's layout.
pub const REPORT_VERSION: u32 = 1;
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// One file of the year and what became of its rows.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    pub file: String,
    pub sha256: String,
    pub bytes: u64,
    pub tally: Tally,
    /// The whole file was rejected (unreadable, encrypted, too large) or skipped.
    pub rejected: bool,
    pub skipped: bool,
    /// Rows passed over, by reason (title, header, heading, blank, note).
    pub passed_by_reason: BTreeMap<&'static str, u64>,
}

/// What a year's run produced.
#[derive(Debug)]
pub struct YearOutcome {
    pub year: i32,
    pub files: Vec<FileOutcome>,
    pub findings: Vec<Finding>,
    pub districts: usize,
    pub communes: usize,
    pub rejected_rows: usize,
    pub comparison: Option<Summary>,
    /// The audit of the published levels against any threshold rule.
    pub audit: Audit,
    /// Unchanged since the last snapshot: nothing was rebuilt.
    pub up_to_date: bool,
    pub out_dir: PathBuf,
    pub written: bool,
    pub report: Value,
    /// Whether the year is complete, with its counts.
    pub completeness: Completeness,
    /// Where the snapshot went (`out_dir`), by the on-error policy.
    pub placement: Placement,
}

/// Where a year's snapshot went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// `<year>/`, replacing what was there.
    Replaced,
    /// The year is incomplete and `<year>/` is complete: the new one is `<year>.incomplete/`.
    KeptPrevious,
    /// The year is incomplete and replaced a complete `<year>/`, now at this path.
    PreviousMoved(PathBuf),
}

/// The completeness as manifest.json, report.json and the Parquet metadata record it.
pub fn completeness_json(c: &Completeness) -> Value {
    json!({
        "complete": c.complete,
        "expected_units": c.expected_units,
        "accepted_units": c.accepted_units,
        "missing_units": c.missing_units,
        "rejected_rows": c.rejected_rows,
        "rejected_files": c.rejected_files,
    })
}

impl YearOutcome {
    /// Findings of a severity; for a year skipped as up to date, those of the run that wrote its
    /// snapshot (read back from its report.json), so that the exit code stays the same.
    pub fn count(&self, s: Severity) -> usize {
        if self.up_to_date {
            let key = match s {
                Severity::Error => "errors",
                Severity::Warning => "warnings",
                Severity::Info => "infos",
            };
            return self.report["totals"][key].as_u64().unwrap_or(0) as usize;
        }
        self.findings.iter().filter(|f| f.severity() == s).count()
    }
}

/// What report.json says of a year, beside its findings.
pub struct ReportInput<'a> {
    pub pipeline: &'a Pipeline,
    pub year: &'a Year,
    pub files: &'a [FileOutcome],
    pub findings: &'a [Finding],
    pub districts: usize,
    pub communes: usize,
    pub rejected_rows: usize,
    pub comparison: Option<&'a Summary>,
    pub audit: &'a Audit,
    pub completeness: &'a Completeness,
    /// The year's map and crosswalk: `{"gazetteer": {name, path, sha256, districts},
    /// "crosswalk": {path, sha256} or null}`.
    pub units: &'a Value,
    pub duration_ms: u64,
}

/// report.json (docs/schema.md).
pub fn report_json(r: &ReportInput) -> Value {
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for f in r.findings {
        *by_code.entry(f.code.as_str()).or_default() += 1;
    }
    let count = |s: Severity| r.findings.iter().filter(|f| f.severity() == s).count();
    json!({
        "report_version": REPORT_VERSION,
        "tool": "egov-etl",
        "tool_version": TOOL_VERSION,
        "schema_version": SCHEMA_VERSION,
        "pipeline": r.pipeline.name,
        "pipeline_file": r.pipeline.shown(&r.pipeline.path),
        "province_code": r.pipeline.province_code,
        "year": r.year.year,
        "duration_ms": r.duration_ms,
        "gazetteer": r.units["gazetteer"],
        "crosswalk": r.units["crosswalk"],
        "files": r.files.iter().map(file_json).collect::<Vec<_>>(),
        "totals": {
            "districts": r.districts,
            "communes": r.communes,
            "rejected_rows": r.rejected_rows,
            "errors": count(Severity::Error),
            "warnings": count(Severity::Warning),
            "infos": count(Severity::Info),
        },
        "comparison": r.comparison.map(|c| json!({
            "published_units": c.published_units, "matched_units": c.matched_units,
            "levels_compared": c.levels_compared, "levels_equal": c.levels_equal,
            "scores_equal": c.scores_equal, "order_equal": c.order_equal,
        })),
        "completeness": completeness_json(r.completeness),
        "audit": audit_json(r.audit),
        "findings_by_code": by_code,
        "findings": r.findings.iter().map(finding_json).collect::<Vec<_>>(),
    })
}

/// A number of an interval, to 6 decimals (points ↔ percent conversions leave float noise).
fn r6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn interval_json(i: &Interval) -> Value {
    json!({ "above": i.above.map(r6), "at_most": i.at_most.map(r6) })
}

/// Four cut-offs by level.
fn cutoffs_json(c: &[f64; 4]) -> Value {
    json!({ "I": r6(c[0]), "II": r6(c[1]), "III": r6(c[2]), "IV": r6(c[3]) })
}

fn kind_str(k: CutoffKind) -> &'static str {
    match k {
        CutoffKind::Points => "points",
        CutoffKind::Percent => "percent",
    }
}

/// report.json's `audit` (docs/schema.md).
pub fn audit_json(a: &Audit) -> Value {
    json!({
        "clean": a.clean(),
        "groups": a.groups.iter().map(audit_group_json).collect::<Vec<_>>(),
    })
}

fn audit_group_json(g: &GroupAudit) -> Value {
    let cutoffs: serde_json::Map<String, Value> = CUT_LEVELS
        .iter()
        .zip(&g.boundaries)
        .map(|(l, b)| {
            let v = json!({
                "points": interval_json(&g.in_points(&b.interval)),
                "percent": interval_json(&g.in_percent(&b.interval)),
                "units": b.units,
            });
            (l.as_str().to_string(), v)
        })
        .collect();
    let set_aside: Vec<Value> = g
        .unexplained
        .iter()
        .map(|u| {
            let at = &u.finding.location;
            json!({
                "unit": u.code, "name": u.unit, "value": u.value, "level": u.level.as_str(),
                "source": if u.from_decision { "decision" } else { "submission" },
                "certain": u.certain, "file": at.file, "sheet": at.sheet,
                "cell": at.cell.map(|c| c.to_string()),
            })
        })
        .collect();
    let r = &g.rule_set;
    json!({
        "unit_level": g.unit_level.as_str(),
        "dimension": g.dimension.key(),
        "scale": if g.percent { "percent" } else { "points" },
        "maximum": g.maximum,
        "units": g.units,
        "levels_from": { "decision": g.from_decision, "submissions": g.from_submissions },
        "kept": g.kept,
        "consistent": g.unexplained.is_empty(),
        "cutoffs": cutoffs,
        "set_aside": set_aside,
        "could_set_aside_instead": g.could_instead,
        "rule_set": {
            "id": r.id, "status": r.status.as_str(), "cutoff_unit": kind_str(r.kind),
            "cutoffs": cutoffs_json(&r.cutoffs), "inside": r.outside.is_empty(),
            "outside": r.outside.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
            "reproduces": r.reproduces,
        },
        "fitted": g.fitted.as_ref().map(|f| json!({
            "cutoff_unit": kind_str(f.kind), "cutoffs": cutoffs_json(&f.cutoffs),
            "reproduces": f.reproduces, "toml": f.toml,
        })),
    })
}

/// What `egov-etl audit` prints of a year: per (unit level, dimension) the cut-offs' intervals,
/// the units set aside, the pipeline's rule set against them, and a fitted rule set to paste.
pub fn audit_lines(o: &YearOutcome, lang: Lang) -> Vec<String> {
    let mut out = vec![Text::AuditYearHeading { year: o.year }.say(lang)];
    for g in &o.audit.groups {
        out.push(String::new());
        if g.units == 0 {
            let (level, dim) = (g.unit_level, g.dimension);
            out.push(Text::AuditNoPublishedLevels { level, dim }.say(lang));
            continue;
        }
        out.push(
            Text::AuditGroupHeading {
                level: g.unit_level,
                dim: g.dimension,
                units: g.units,
                from_decision: g.from_decision,
                from_submissions: g.from_submissions,
                percent: g.percent,
                maximum: g.maximum,
            }
            .say(lang),
        );
        audit_group_lines(g, lang, &mut out);
    }
    out
}

fn audit_group_lines(g: &GroupAudit, lang: Lang, out: &mut Vec<String>) {
    for (level, b) in CUT_LEVELS.iter().zip(&g.boundaries) {
        let line = Text::AuditCutoff {
            level: *level,
            points: g.in_points(&b.interval),
            percent: g.in_percent(&b.interval),
            maximum: g.maximum,
            units: b.units,
        };
        out.push(format!("  {}", line.say(lang)));
    }
    if g.unexplained.is_empty() {
        out.push(format!(
            "  {}",
            Text::AuditAllFollow { units: g.units }.say(lang)
        ));
    } else {
        let line = Text::AuditSomeUnexplained {
            units: g.units,
            set_aside: g.unexplained.len(),
            unique: g.could_instead.is_empty(),
        };
        out.push(format!("  {}", line.say(lang)));
        for u in &g.unexplained {
            out.push(format!("    {}", human_line(&u.finding, lang, true)));
        }
        if !g.could_instead.is_empty() {
            let units = g.could_instead.clone();
            out.push(format!(
                "    {}",
                Text::AuditCouldInstead { units }.say(lang)
            ));
        }
    }
    let r = &g.rule_set;
    let line = Text::AuditRuleSet {
        id: r.id.clone(),
        status: r.status,
        percent: r.kind == CutoffKind::Percent,
        cutoffs: r.cutoffs,
        outside: r.outside.clone(),
        reproduces: r.reproduces,
        kept: g.kept,
    };
    out.push(format!("  {}", line.say(lang)));
    match &g.fitted {
        Some(f) => {
            out.push(format!(
                "  {}",
                Text::AuditFittedHeading { kept: g.kept }.say(lang)
            ));
            out.extend(f.toml.lines().map(str::to_string));
        }
        None => out.push(format!("  {}", Text::AuditFittedNone.say(lang))),
    }
}

fn file_json(f: &FileOutcome) -> Value {
    json!({
        "file": f.file, "sha256": f.sha256, "bytes": f.bytes,
        "rows_read": f.tally.read, "rows_accepted": f.tally.accepted,
        "rows_rejected": f.tally.rejected, "rows_passed_over": f.tally.passed_over,
        "passed_over_by_reason": f.passed_by_reason,
        "balanced": f.tally.balanced(), "file_rejected": f.rejected, "skipped": f.skipped,
    })
}

/// A year in one line (a run of many pipelines): its totals and where it went, or that it was
/// up to date.
pub fn year_line(o: &YearOutcome, lang: Lang) -> String {
    if o.up_to_date {
        let out_dir = o.out_dir.display().to_string();
        return Text::YearUpToDate {
            year: o.year,
            out_dir,
        }
        .say(lang);
    }
    totals(o, lang).say(lang)
}

/// A year's totals and where its snapshot went.
fn totals(o: &YearOutcome, lang: Lang) -> Text {
    Text::YearTotals {
        year: o.year,
        districts: o.districts,
        communes: o.communes,
        rejected: o.rejected_rows,
        errors: o.count(Severity::Error),
        warnings: o.count(Severity::Warning),
        dest: if o.written {
            o.out_dir.display().to_string()
        } else {
            Text::NotWrittenDryRun.say(lang)
        },
    }
}

/// The summary of a year as the CLI prints it: per file its rows and first findings, then the
/// province-wide findings, the comparison with the decision and the year's totals.
pub fn summary(o: &YearOutcome, lang: Lang, verbose: bool) -> Vec<String> {
    if o.up_to_date {
        let out_dir = o.out_dir.display().to_string();
        return vec![
            Text::YearUpToDate {
                year: o.year,
                out_dir,
            }
            .say(lang),
        ];
    }
    let mut lines = Vec::new();
    for f in &o.files {
        file_lines(o, f, lang, verbose, &mut lines);
    }
    province_lines(o, lang, verbose, &mut lines);
    if let Some(c) = &o.comparison {
        lines.push(
            Text::PublishedComparison {
                published: c.published_units,
                matched: c.matched_units,
                levels_equal: c.levels_equal,
                levels_compared: c.levels_compared,
                scores_equal: c.scores_equal,
                order_equal: c.order_equal,
            }
            .say(lang),
        );
    }
    if let Some(line) = audit_summary(&o.audit) {
        lines.push(line.say(lang));
    }
    if !o.up_to_date && !o.completeness.complete {
        lines.push(
            Text::YearIncomplete {
                expected: o.completeness.expected_units,
                missing: o.completeness.missing_units,
                rejected_files: o.completeness.rejected_files,
            }
            .say(lang),
        );
    }
    match &o.placement {
        Placement::KeptPrevious => lines.push(
            Text::CompleteSnapshotKept {
                dir: o.out_dir.with_extension("").display().to_string(),
            }
            .say(lang),
        ),
        Placement::PreviousMoved(previous) => lines.push(
            Text::CompleteSnapshotMoved {
                dir: previous.display().to_string(),
            }
            .say(lang),
        ),
        Placement::Replaced => {}
    }
    lines.push(totals(o, lang).say(lang));
    lines
}

/// The audit in one line, when any published level was audited.
fn audit_summary(a: &Audit) -> Option<Text> {
    let audited: Vec<&GroupAudit> = a.groups.iter().filter(|g| g.units > 0).collect();
    if audited.is_empty() {
        return None;
    }
    Some(Text::AuditSummary {
        groups: audited.len(),
        follow: audited.iter().filter(|g| g.unexplained.is_empty()).count(),
        inside: audited
            .iter()
            .filter(|g| g.rule_set.outside.is_empty())
            .count(),
        set_aside: audited.iter().map(|g| g.unexplained.len()).sum(),
    })
}

/// One file: its row tally, then its findings (at most five unless verbose), worst first.
fn file_lines(o: &YearOutcome, f: &FileOutcome, lang: Lang, verbose: bool, out: &mut Vec<String>) {
    let mine: Vec<&Finding> = o
        .findings
        .iter()
        .filter(|x| x.location.file.as_deref() == Some(f.file.as_str()))
        .collect();
    let warnings = mine
        .iter()
        .filter(|x| x.severity() == Severity::Warning)
        .count();
    let t = &f.tally;
    let line = if f.skipped {
        Text::FileSkippedTally
    } else if f.rejected {
        Text::FileRejectedTally
    } else {
        Text::FileTally {
            read: t.read,
            accepted: t.accepted,
            rejected: t.rejected,
            passed_over: t.passed_over,
            warnings,
        }
    };
    out.push(format!("{}: {}", f.file, line.say(lang)));
    let mut shown: Vec<&&Finding> = mine
        .iter()
        .filter(|x| x.severity() != Severity::Info)
        .collect();
    shown.sort_by_key(|x| x.severity());
    let limit = if verbose { usize::MAX } else { 5 };
    for x in shown.iter().take(limit) {
        out.push(format!("  {}", human_line(x, lang, false)));
    }
    if shown.len() > limit {
        let more = Text::MoreProblemsInReport {
            n: shown.len() - limit,
        };
        out.push(format!("  … {}", more.say(lang)));
    }
}

/// Findings not about one file of the year: the province, the published decision.
fn province_lines(o: &YearOutcome, lang: Lang, verbose: bool, out: &mut Vec<String>) {
    let of_a_file = |x: &&Finding| {
        x.location
            .file
            .as_ref()
            .is_some_and(|f| o.files.iter().any(|g| &g.file == f))
    };
    let mut shown: Vec<&Finding> = o
        .findings
        .iter()
        .filter(|x| !of_a_file(x))
        .filter(|x| verbose || x.severity() != Severity::Info || x.code == Code::RankNotByScore)
        .collect();
    if shown.is_empty() {
        return;
    }
    shown.sort_by_key(|x| x.severity());
    out.push(Text::ProvinceWideHeading.say(lang));
    let limit = if verbose { usize::MAX } else { 20 };
    for x in shown.iter().take(limit) {
        out.push(format!("  {}", human_line(x, lang, true)));
    }
    if shown.len() > limit {
        let more = Text::MoreItemsInReport {
            n: shown.len() - limit,
        };
        out.push(format!("  … {}", more.say(lang)));
    }
}

/// What run.json records of one run (in the manner of dbt's run_results.json).
pub struct RunRecord<'a> {
    pub started: std::time::SystemTime,
    pub ended: std::time::SystemTime,
    pub arguments: Vec<String>,
    pub pipeline: String,
    pub outcomes: &'a [YearOutcome],
    /// The exit code each year alone would give.
    pub year_exit: &'a dyn Fn(&YearOutcome) -> i32,
    pub exit_code: i32,
    /// Why the run stopped before its years, if it did.
    pub error: Option<String>,
    pub dry_run: bool,
}

/// The version of run.json's layout.
pub const RUN_JSON_VERSION: u32 = 1;

/// run.json: how a run ended, for every outcome (exit 0 to 4).
pub fn run_json(r: &RunRecord) -> Value {
    let mut v = run_head(r.started, r.ended, &r.arguments);
    if let Some(m) = v.as_object_mut() {
        m.insert("pipeline".into(), json!(r.pipeline));
        m.insert("dry_run".into(), json!(r.dry_run));
        let years: Vec<Value> = r
            .outcomes
            .iter()
            .map(|o| year_json(o, (r.year_exit)(o), r.dry_run))
            .collect();
        m.insert("years".into(), json!(years));
        m.insert("exit_code".into(), json!(r.exit_code));
        m.insert("error".into(), json!(r.error));
    }
    v
}

/// run.json of a run of several pipelines (at the root of `--out`): each pipeline's own run.json
/// (as written at its output folder) and the highest exit code.
pub fn runs_json(
    started: std::time::SystemTime,
    ended: std::time::SystemTime,
    pipelines: Vec<Value>,
    exit_code: i32,
) -> Value {
    let arguments: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().to_string())
        .collect();
    let mut v = run_head(started, ended, &arguments);
    if let Some(m) = v.as_object_mut() {
        m.insert("pipelines".into(), json!(pipelines));
        m.insert("exit_code".into(), json!(exit_code));
    }
    v
}

/// What every run.json begins with: its version, the run's id and times, the tool, the arguments.
fn run_head(
    started: std::time::SystemTime,
    ended: std::time::SystemTime,
    arguments: &[String],
) -> Value {
    let millis = |t: std::time::SystemTime| {
        t.duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0)
    };
    json!({
        "run_json_version": RUN_JSON_VERSION,
        "run_id": format!("{}-{}", millis(started), std::process::id()),
        "started_at": rfc3339(started),
        "ended_at": rfc3339(ended),
        "elapsed_ms": millis(ended).saturating_sub(millis(started)),
        "tool": "egov-etl",
        "tool_version": TOOL_VERSION,
        "arguments": arguments,
    })
}

/// One year in run.json: built, skipped (unchanged), kept-previous (incomplete, written beside
/// the complete snapshot), dry-run.
fn year_json(o: &YearOutcome, exit_code: i32, dry_run: bool) -> Value {
    let status = if o.up_to_date {
        "skipped"
    } else if dry_run {
        "dry-run"
    } else if o.placement == Placement::KeptPrevious {
        "kept-previous"
    } else {
        "built"
    };
    let previous = match &o.placement {
        Placement::PreviousMoved(p) => Some(p.display().to_string()),
        _ => None,
    };
    json!({
        "year": o.year,
        "status": status,
        "out_dir": o.out_dir.display().to_string(),
        "previous_kept_at": previous,
        "complete": o.completeness.complete,
        "districts": o.districts,
        "communes": o.communes,
        "rejected_rows": o.rejected_rows,
        "errors": o.count(Severity::Error),
        "warnings": o.count(Severity::Warning),
        "exit_code": exit_code,
    })
}

/// A time as RFC 3339 in UTC, to the second ("2026-11-30T16:40:00Z").
pub fn rfc3339(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339_utc() {
        let at = |s: u64| rfc3339(std::time::UNIX_EPOCH + std::time::Duration::from_secs(s));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_796_056_822), "2026-11-30T16:40:22Z");
    }
}
