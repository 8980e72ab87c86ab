//! The run report: what a year's run produced ([`YearOutcome`]), its `report.json`, and the
//! summary the CLI prints (as lines, in the language asked; `cli` prints them).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::compare::Summary;
use crate::finding::render::{finding_json, human_line};
use crate::finding::{Code, Finding, Lang, Severity, Tally};
use crate::pipeline::{Pipeline, Year};
use crate::snapshot::SCHEMA_VERSION;
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
    /// Unchanged since the last snapshot: nothing was rebuilt.
    pub up_to_date: bool,
    pub out_dir: PathBuf,
    pub written: bool,
    pub report: Value,
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
        "pipeline_file": r.pipeline.path.display().to_string(),
        "province_code": r.pipeline.province_code,
        "year": r.year.year,
        "duration_ms": r.duration_ms,
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
        "findings_by_code": by_code,
        "findings": r.findings.iter().map(finding_json).collect::<Vec<_>>(),
    })
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
    let dest = if o.written {
        o.out_dir.display().to_string()
    } else {
        Text::NotWrittenDryRun.say(lang)
    };
    lines.push(
        Text::YearTotals {
            year: o.year,
            districts: o.districts,
            communes: o.communes,
            rejected: o.rejected_rows,
            errors: o.count(Severity::Error),
            warnings: o.count(Severity::Warning),
            dest,
        }
        .say(lang),
    );
    lines
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
