//! The conductor: every command goes through one sequence of stages for a year, ingest →
//! normalize → validate → classify → snapshot → emit / compare, with a [`Plan`] saying what to
//! skip (`check` writes nothing and ignores units outside the files given). Files of a year are
//! read and normalized in parallel here (and a snapshot's annexes and page built side by side,
//! while its tables are written);
//! the output does not depend on the order they finish in. Rows are accounted here: read = accepted + rejected + passed over, per file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::json;

use crate::annex;
use crate::audit::{self, Audit};
use crate::classify::{self, Results};
use crate::compare;
use crate::emit::{self, InputFile, SnapshotMeta};
use crate::finding::{Code, Finding, Lang, Location, Tally};
use crate::gazetteer::Gazetteer;
use crate::html;
use crate::ingest::{self, Workbook};
use crate::normalize;
use crate::pipeline::OnError;
use crate::pipeline::{Pipeline, Year};
pub use crate::report::Placement;
use crate::report::{self, ReportInput};
pub use crate::report::{FileOutcome, REPORT_VERSION, TOOL_VERSION, YearOutcome};
use crate::snapshot;
pub use crate::snapshot::SCHEMA_VERSION;
use crate::validate::{self, Checked, Completeness};
use crate::words::Text;

pub use crate::batch::WORKBOOK_EXTENSIONS;

/// Options of a run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Years to run; empty means every year of the pipeline.
    pub years: Vec<i32>,
    /// Output folder (the pipeline's default when `None`).
    pub out: Option<PathBuf>,
    /// Read, check and report, but write nothing.
    pub dry_run: bool,
    /// Rebuild years whose inputs and configuration are unchanged.
    pub force: bool,
    /// How long to wait for another run to let go of the output folder.
    pub wait: std::time::Duration,
    /// Who runs (written into the output folder's lock): the command line, the process.
    pub holder: String,
    /// What an incomplete year does to a complete snapshot (the pipeline's `on_error` when None).
    pub on_error: Option<OnError>,
    /// The language report.html shows first (it holds both).
    pub lang: Lang,
}

/// What the conductor does with a year beyond reading and checking it.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The files to read: these (`check`), or the year's raw folder (`None`).
    pub files: Option<Vec<PathBuf>>,
    /// Write the snapshot (not for --dry-run or `check`).
    pub write: bool,
    /// Leave a year whose inputs and configuration are unchanged since its snapshot.
    pub skip_unchanged: bool,
    /// Compare with the published decision the pipeline names.
    pub compare: bool,
    /// The files are the whole year: units none of them covers are findings (not for `check`).
    pub whole_year: bool,
    /// Where the year's snapshot goes.
    pub out_dir: PathBuf,
    /// What an incomplete year does to a complete snapshot.
    pub on_error: OnError,
    /// The language report.html shows first.
    pub lang: Lang,
}

impl Plan {
    /// `run`: the raw folder, written unless --dry-run, compared, skipped when unchanged.
    pub fn run(p: &Pipeline, year: &Year, opts: &RunOptions) -> Plan {
        let out_root = opts.out.clone().unwrap_or_else(|| p.output.clone());
        Plan {
            files: None,
            write: !opts.dry_run,
            skip_unchanged: !opts.force && !opts.dry_run,
            compare: true,
            whole_year: true,
            out_dir: out_root.join(year.year.to_string()),
            on_error: opts.on_error.unwrap_or(p.on_error),
            lang: opts.lang,
        }
    }

    /// `audit`: the raw folder, compared with the decision, nothing written.
    pub fn audit(p: &Pipeline, year: &Year) -> Plan {
        Plan {
            files: None,
            write: false,
            skip_unchanged: false,
            compare: true,
            whole_year: true,
            out_dir: p.output.join(year.year.to_string()),
            on_error: p.on_error,
            lang: Lang::default(),
        }
    }

    /// `check`: the files given, nothing written, nothing compared, no unit missing.
    pub fn check(files: Vec<PathBuf>) -> Plan {
        Plan {
            files: Some(files),
            write: false,
            skip_unchanged: false,
            compare: false,
            whole_year: false,
            out_dir: PathBuf::new(),
            on_error: OnError::KeepPrevious,
            lang: Lang::default(),
        }
    }
}

/// Output problems: the only errors a run returns (data problems are findings).
#[derive(Debug)]
pub enum RunError {
    Emit(emit::EmitError),
    /// Another run holds the output folder.
    Busy(crate::lock::LockError),
    /// The annexes could not be made (the workbook writer refused).
    Annex(String),
    /// `publish`: the year has no snapshot to publish from.
    NoSnapshot(PathBuf),
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Emit(e) => write!(f, "{e}"),
            RunError::Busy(e) => write!(f, "{e}"),
            RunError::Annex(e) => write!(f, "{}: {e}", crate::annex::ANNEX_FILE),
            RunError::NoSnapshot(dir) => write!(f, "{}", dir.display()),
            RunError::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for RunError {}

/// The files of a raw folder, sorted by name; a path shown relative to the working directory when
/// possible.
fn list_files(dir: &Path) -> Result<Vec<PathBuf>, RunError> {
    let rd = std::fs::read_dir(dir).map_err(|source| RunError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    Ok(files)
}

/// Runs the years of a pipeline.
pub fn run_pipeline(
    p: &Pipeline,
    gaz: &Gazetteer,
    opts: &RunOptions,
) -> Result<Vec<YearOutcome>, RunError> {
    let _lock = lock_output(p, opts)?;
    run_pipeline_with(p, gaz, opts, &Progress::none()).map_err(|(_, e)| e)
}

/// Progress callbacks (the CLI draws a bar with them; `run` never prints).
pub struct Progress<'a> {
    /// Called with the year and the number of its files, before reading them.
    pub start: &'a (dyn Fn(i32, u64) + Sync),
    /// Called once per file read (from any thread).
    pub file_done: &'a (dyn Fn() + Sync),
}

impl Progress<'static> {
    pub fn none() -> Progress<'static> {
        Progress {
            start: &|_, _| {},
            file_done: &|| {},
        }
    }
}

/// `run_pipeline` with progress callbacks.
///
/// The caller holds the output folder ([`lock_output`]) for as long as it writes there, run.json
/// included. Years done before a failing one are returned with the error.
pub fn run_pipeline_with(
    p: &Pipeline,
    gaz: &Gazetteer,
    opts: &RunOptions,
    progress: &Progress,
) -> Result<Vec<YearOutcome>, (Vec<YearOutcome>, RunError)> {
    let mut outcomes = Vec::new();
    for year in &p.years {
        if !opts.years.is_empty() && !opts.years.contains(&year.year) {
            continue;
        }
        match conduct(p, year, gaz, &Plan::run(p, year, opts), progress) {
            Ok(o) => outcomes.push(o),
            Err(e) => return Err((outcomes, e)),
        }
    }
    Ok(outcomes)
}

/// One writer at a time: takes the output folder of a run (none for a dry run, which writes
/// no snapshot), waiting at most `opts.wait`.
pub fn lock_output(
    p: &Pipeline,
    opts: &RunOptions,
) -> Result<Option<crate::lock::OutputLock>, RunError> {
    if opts.dry_run {
        return Ok(None);
    }
    let root = opts.out.clone().unwrap_or_else(|| p.output.clone());
    match crate::lock::acquire(&root, opts.wait, &opts.holder) {
        Ok(lock) => Ok(Some(lock)),
        Err(e @ crate::lock::LockError::Busy { .. }) => Err(RunError::Busy(e)),
        Err(crate::lock::LockError::Io { path, source }) => Err(RunError::Io { path, source }),
    }
}

/// A file read, with its findings.
struct ReadFile {
    workbook: Option<Workbook>,
    outcome: FileOutcome,
    findings: Vec<Finding>,
}

/// `inspect`: how one workbook reads (the ingest stage alone), with a pipeline's limits and
/// header aliases; its findings.
pub fn inspect_file(
    path: &Path,
    limits: &crate::pipeline::Limits,
    aliases: &crate::pipeline::Aliases,
) -> (Workbook, Vec<Finding>) {
    let mut findings = Vec::new();
    let wb = ingest::read_file(
        path,
        &path.display().to_string(),
        limits,
        aliases,
        &mut findings,
    );
    (wb, findings)
}

/// Checks workbooks against a year of the pipeline, as `run` would read them, writing nothing.
pub fn check_files(p: &Pipeline, year: &Year, gaz: &Gazetteer, files: Vec<PathBuf>) -> YearOutcome {
    // Nothing is written and no folder is listed: the conductor cannot fail here.
    match conduct(p, year, gaz, &Plan::check(files), &Progress::none()) {
        Ok(o) => o,
        Err(e) => unreachable_outcome(year, e),
    }
}

/// `audit`: a year read and compared as `run` does, writing nothing; its outcome holds the audit
/// of the published levels.
pub fn audit_year(p: &Pipeline, year: &Year, gaz: &Gazetteer) -> Result<YearOutcome, RunError> {
    conduct(p, year, gaz, &Plan::audit(p, year), &Progress::none())
}

/// The outcome of a conductor that failed where it cannot (no output, no listing): an
/// internal-error finding, never a panic.
fn unreachable_outcome(year: &Year, e: RunError) -> YearOutcome {
    let f = Finding::new(
        Code::InternalError,
        Location::default(),
        Text::InternalRunError {
            error: e.to_string(),
        }
        .into(),
    );
    YearOutcome {
        year: year.year,
        files: Vec::new(),
        findings: vec![f],
        districts: 0,
        communes: 0,
        rejected_rows: 0,
        comparison: None,
        audit: Audit::default(),
        up_to_date: false,
        out_dir: PathBuf::new(),
        written: false,
        report: json!({}),
        completeness: Completeness::default(),
        placement: Placement::Replaced,
    }
}

fn read_one(path: &Path, p: &Pipeline) -> ReadFile {
    let file = p.shown(path);
    let mut findings = Vec::new();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut outcome = FileOutcome {
        file: file.clone(),
        sha256: String::new(),
        bytes: 0,
        tally: Tally::default(),
        passed_by_reason: BTreeMap::new(),
        rejected: false,
        skipped: false,
    };
    let is_workbook_name = WORKBOOK_EXTENSIONS.contains(&ext.as_str());
    if name.starts_with("~$") || name.starts_with('.') || !is_workbook_name {
        findings.push(Finding::new(
            Code::FileSkipped,
            Location::file(&file),
            Text::FileNotWorkbook.into(),
        ));
        outcome.skipped = true;
        return ReadFile {
            workbook: None,
            outcome,
            findings,
        };
    }
    if path.is_dir() {
        findings.push(Finding::new(
            Code::FileUnreadable,
            Location::file(&file),
            Text::FolderNamedLikeWorkbook.into(),
        ));
        outcome.rejected = true;
        return ReadFile {
            workbook: None,
            outcome,
            findings,
        };
    }
    if let Ok(meta) = std::fs::metadata(path) {
        outcome.bytes = meta.len();
    }
    let wb = ingest::read_file(path, &file, &p.limits, &p.aliases, &mut findings);
    // Hashed from the bytes read; a file refused before reading (too large) is hashed as a stream.
    outcome.sha256 = if wb.sha256.is_empty() {
        emit::sha256_file(path).unwrap_or_default()
    } else {
        wb.sha256.clone()
    };
    outcome.rejected = wb.rejected;
    for sheet in &wb.sheets {
        for (reason, n) in &sheet.passed {
            *outcome.passed_by_reason.entry(reason.key()).or_default() += n;
        }
    }
    outcome.tally.read = wb.rows_read;
    outcome.tally.passed_over = wb.rows_passed;
    ReadFile {
        workbook: Some(wb),
        outcome,
        findings,
    }
}

fn fingerprint(
    p: &Pipeline,
    year: &Year,
    gaz: &Gazetteer,
    files: &[FileOutcome],
    published_sha: &str,
) -> String {
    let mut s = format!(
        "tool={TOOL_VERSION}\nschema={SCHEMA_VERSION}\ngazetteer={}\nyear={}\n",
        gaz.source, year.year
    );
    s.push_str(&p.source_text);
    // Another gazetteer snapshot and the crosswalk: their content, not only their names.
    for f in units_inputs(p, year) {
        s.push_str(&format!("\nunits {} {}", f.path, f.sha256));
    }
    for f in files {
        s.push_str(&format!("\n{} {} {}", f.file, f.sha256, f.bytes));
    }
    s.push_str(&format!("\npublished {published_sha}"));
    crate::core::sha256_hex(s.as_bytes())
}

/// The files behind a year's units, as the manifest lists them among its inputs: its map (the
/// year's own, else the pipeline's; none for the embedded list) and its crosswalk.
fn units_inputs(p: &Pipeline, year: &Year) -> Vec<InputFile> {
    let map = year
        .gazetteer
        .as_ref()
        .or(p.gazetteer.as_ref())
        .map(|g| InputFile {
            path: p.shown(g),
            sha256: emit::sha256_file(g).unwrap_or_default(),
            bytes: std::fs::metadata(g).map(|m| m.len()).unwrap_or(0),
        });
    let crosswalk = year.history.as_ref().map(|h| InputFile {
        path: h.path.clone(),
        sha256: h.sha256.clone(),
        bytes: h.bytes,
    });
    map.into_iter().chain(crosswalk).collect()
}

/// The year's map and crosswalk as report.json names them.
fn units_json(p: &Pipeline, year: &Year, gaz: &Gazetteer) -> serde_json::Value {
    let file = |path: &Option<PathBuf>| {
        path.as_ref().map(
            |g| json!({"path": p.shown(g), "sha256": emit::sha256_file(g).unwrap_or_default()}),
        )
    };
    let map_file = file(&year.gazetteer).or_else(|| file(&p.gazetteer));
    json!({
        "gazetteer": {
            "name": gaz.source,
            "path": map_file.as_ref().map(|f| f["path"].clone()),
            "sha256": map_file.as_ref().map(|f| f["sha256"].clone()),
            "districts": gaz.has_districts(),
        },
        "crosswalk": year.history.as_ref().map(|h| json!({"path": h.path, "sha256": h.sha256})),
    })
}

/// The year read: its files in order, the workbooks that could be read, their findings.
struct Ingested {
    files: Vec<FileOutcome>,
    workbooks: Vec<Workbook>,
    findings: Vec<Finding>,
}

/// Stage 1, ingest: every file, in parallel; results kept in file order.
fn ingest_stage(paths: &[PathBuf], p: &Pipeline, year: i32, progress: &Progress) -> Ingested {
    (progress.start)(year, paths.len() as u64);
    let read: Vec<ReadFile> = paths
        .par_iter()
        .map(|path| {
            let r = read_one(path, p);
            (progress.file_done)();
            r
        })
        .collect();
    let mut out = Ingested {
        files: Vec::new(),
        workbooks: Vec::new(),
        findings: Vec::new(),
    };
    for r in read {
        out.findings.extend(r.findings);
        out.files.push(r.outcome);
        if let Some(wb) = r.workbook
            && !wb.rejected
        {
            out.findings.extend(validate::year_disagrees(&wb, year));
            out.workbooks.push(wb);
        }
    }
    out
}

/// Stage 2, normalize: each workbook on its own (in parallel), the parts joined in file order.
fn normalize_stage(
    workbooks: &[Workbook],
    p: &Pipeline,
    year: &Year,
    gaz: &Gazetteer,
    findings: &mut Vec<Finding>,
) -> normalize::Normalized {
    let parts: Vec<(normalize::Normalized, Vec<Finding>)> = workbooks
        .par_iter()
        .map(|wb| {
            let mut own = Vec::new();
            let n = normalize::normalize(
                std::slice::from_ref(wb),
                gaz,
                &p.province_code,
                &year.pins,
                &mut own,
            );
            (n, own)
        })
        .collect();
    let mut normalized = normalize::Normalized::default();
    for (n, own) in parts {
        normalized.append(n);
        findings.extend(own);
    }
    normalized
}

/// Every row read is accepted, rejected or passed over, per file; a file that does not add up
/// is an internal error.
fn account_rows(files: &mut [FileOutcome], checked: &Checked, findings: &mut Vec<Finding>) {
    let mut accepted: BTreeMap<&str, u64> = BTreeMap::new();
    let mut rejected: BTreeMap<&str, u64> = BTreeMap::new();
    for r in checked.accepted.iter().flat_map(|e| &e.rows) {
        *accepted.entry(r.file()).or_default() += 1;
    }
    for (file, n) in &checked.absorbed {
        *accepted.entry(file).or_default() += n;
    }
    for r in &checked.rejected {
        *rejected.entry(r.row.file()).or_default() += 1;
    }
    for f in files {
        f.tally.accepted = accepted.get(f.file.as_str()).copied().unwrap_or(0);
        f.tally.rejected = rejected.get(f.file.as_str()).copied().unwrap_or(0);
        if !f.tally.balanced() {
            let t = &f.tally;
            findings.push(Finding::new(
                Code::InternalError,
                Location::file(&f.file),
                Text::InternalTally {
                    read: t.read,
                    accepted: t.accepted,
                    rejected: t.rejected,
                    passed_over: t.passed_over,
                }
                .into(),
            ));
        }
    }
}

/// The published decision's sha256 (empty without one).
fn published_sha(year: &Year) -> String {
    year.published
        .as_ref()
        .and_then(|pp| emit::sha256_file(pp).ok())
        .unwrap_or_default()
}

/// One year through every stage, as `plan` says.
pub fn conduct(
    p: &Pipeline,
    year: &Year,
    gaz: &Gazetteer,
    plan: &Plan,
    progress: &Progress,
) -> Result<YearOutcome, RunError> {
    let started = Instant::now();
    // The year's own map, when it names one (read by `maps::attach`).
    let gaz = year.map.as_deref().unwrap_or(gaz);
    let paths = match &plan.files {
        Some(files) => files.clone(),
        None => list_files(&year.raw_dir)?,
    };
    let Ingested {
        mut files,
        workbooks,
        mut findings,
    } = ingest_stage(&paths, p, year.year, progress);
    let published_sha = published_sha(year);
    let fp = fingerprint(p, year, gaz, &files, &published_sha);
    if plan.write {
        // Under the output lock: a swap a killed run left half done is settled first.
        emit::recover_year(&plan.out_dir).map_err(RunError::Emit)?;
    }
    if plan.skip_unchanged
        && let Some(dir) = unchanged_snapshot(&plan.out_dir, &fp)?
    {
        return Ok(up_to_date(year, files, &dir));
    }
    let normalized = normalize_stage(&workbooks, p, year, gaz, &mut findings);
    // The rows as read are no longer needed: the entries share their raw cells.
    drop(workbooks);
    let checked = validate::check(normalized, year, gaz, &p.province_code, &mut findings);
    if !plan.whole_year {
        // The files checked are not the whole year: units they do not cover are no finding.
        findings.retain(|f| f.code != Code::MissingUnit);
    }
    account_rows(&mut files, &checked, &mut findings);
    let completeness = validate::completeness(
        &checked.accepted,
        year,
        gaz,
        &p.province_code,
        checked.rejected.len(),
        files.iter().filter(|f| f.rejected).count(),
    );
    let rejected = checked.rejected;
    let results = classify::classify(checked.accepted, p, year, gaz, &mut findings);
    let (comparison, audit) = compare_and_audit(p, year, gaz, plan, &results, &mut findings);
    let duration_ms = started.elapsed().as_millis() as u64;
    let year_read = YearRead {
        files,
        findings,
        results: &results,
        rejected: rejected.len(),
        comparison,
        audit,
        completeness,
        units: units_json(p, year, gaz),
    };
    let mut outcome = outcome_of(p, year, plan, year_read, duration_ms);
    if plan.write {
        let snap = Snapshot {
            results,
            rejected,
            fingerprint: fp,
            published_sha,
            lang: plan.lang,
        };
        emit_stage(&mut outcome, p, year, gaz, plan, snap)?;
    }
    Ok(outcome)
}

/// The snapshot of a year whose inputs and configuration are unchanged: `<year>/` (then a stale
/// `<year>.incomplete/` is removed), or `<year>.incomplete/` (an unchanged incomplete year kept
/// beside a complete one).
fn unchanged_snapshot(year_dir: &Path, fp: &str) -> Result<Option<PathBuf>, RunError> {
    if emit::is_up_to_date(year_dir, fp, SCHEMA_VERSION) {
        emit::remove_sibling(year_dir, ".incomplete").map_err(RunError::Emit)?;
        return Ok(Some(year_dir.to_path_buf()));
    }
    let incomplete = emit::sibling(year_dir, ".incomplete");
    Ok(emit::is_up_to_date(&incomplete, fp, SCHEMA_VERSION).then_some(incomplete))
}

/// Stages 5 and 6: the comparison with the published decision (when the pipeline names one and
/// the plan compares), then the audit of the published levels (the decision's, else those the
/// submissions declare) against any threshold rule.
fn compare_and_audit(
    p: &Pipeline,
    year: &Year,
    gaz: &Gazetteer,
    plan: &Plan,
    results: &Results,
    findings: &mut Vec<Finding>,
) -> (Option<compare::Summary>, Audit) {
    let compared = match &year.published {
        Some(pp) if plan.compare => Some(compare::compare(
            pp,
            &p.shown(pp),
            p,
            gaz,
            results,
            findings,
        )),
        _ => None,
    };
    let published = compared.as_ref().map_or(&[][..], |c| &c.published[..]);
    let audit = audit::audit(year, results, published, findings);
    (compared.map(|c| c.summary), audit)
}

/// Where a year's new snapshot goes, by its completeness and the policy: a complete year, or one
/// with no complete snapshot to protect, is `<year>/`; an incomplete year beside a complete
/// snapshot is `<year>.incomplete/` (keep-previous) or moves the complete one to
/// `<year>.previous/` (replace).
fn place_snapshot(plan: &Plan, complete: bool) -> Result<(PathBuf, Placement), RunError> {
    let year_dir = &plan.out_dir;
    if complete {
        return Ok((year_dir.clone(), Placement::Replaced));
    }
    if emit::snapshot_is_complete(year_dir) != Some(true) {
        return Ok((year_dir.clone(), Placement::Replaced));
    }
    match plan.on_error {
        OnError::KeepPrevious => Ok((
            emit::sibling(year_dir, ".incomplete"),
            Placement::KeptPrevious,
        )),
        OnError::Replace => Ok((
            year_dir.clone(),
            Placement::PreviousMoved(emit::sibling(year_dir, ".previous")),
        )),
    }
}

/// Stage 6, emit, where the policy says.
fn emit_stage(
    outcome: &mut YearOutcome,
    p: &Pipeline,
    year: &Year,
    gaz: &Gazetteer,
    plan: &Plan,
    snap: Snapshot,
) -> Result<(), RunError> {
    let (dir, placement) = place_snapshot(plan, outcome.completeness.complete)?;
    outcome.out_dir = dir;
    outcome.placement = placement;
    write_snapshot(outcome, p, year, gaz, snap)?;
    outcome.written = true;
    if outcome.completeness.complete {
        // Whole again: the incomplete one kept beside it is no longer wanted.
        emit::remove_sibling(&plan.out_dir, ".incomplete").map_err(RunError::Emit)?;
    }
    Ok(())
}

/// A year read through the stages, before its report.
struct YearRead<'a> {
    files: Vec<FileOutcome>,
    findings: Vec<Finding>,
    results: &'a Results,
    rejected: usize,
    comparison: Option<compare::Summary>,
    audit: Audit,
    completeness: Completeness,
    /// The year's map and crosswalk (report.json's `gazetteer` and `crosswalk`).
    units: serde_json::Value,
}

/// The outcome of a year read, with its report.json.
fn outcome_of(
    p: &Pipeline,
    year: &Year,
    plan: &Plan,
    r: YearRead,
    duration_ms: u64,
) -> YearOutcome {
    let report = report::report_json(&ReportInput {
        pipeline: p,
        year,
        files: &r.files,
        findings: &r.findings,
        districts: r.results.districts.len(),
        communes: r.results.communes.len(),
        rejected_rows: r.rejected,
        comparison: r.comparison.as_ref(),
        audit: &r.audit,
        completeness: &r.completeness,
        units: &r.units,
        duration_ms,
    });
    YearOutcome {
        year: year.year,
        districts: r.results.districts.len(),
        communes: r.results.communes.len(),
        rejected_rows: r.rejected,
        comparison: r.comparison,
        audit: r.audit,
        up_to_date: false,
        out_dir: plan.out_dir.clone(),
        written: false,
        report,
        files: r.files,
        findings: r.findings,
        completeness: r.completeness,
        placement: Placement::Replaced,
    }
}

/// A year left as it is: its files as read, the report of the run that wrote it.
fn up_to_date(year: &Year, files: Vec<FileOutcome>, out_dir: &Path) -> YearOutcome {
    let report: serde_json::Value = std::fs::read(out_dir.join(emit::REPORT_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_else(|| json!({}));
    // The counts of the run that wrote it, so that run.json says the same as then.
    let total = |k: &str| report["totals"][k].as_u64().unwrap_or(0) as usize;
    let placement = if out_dir.extension().is_some_and(|e| e == "incomplete") {
        Placement::KeptPrevious
    } else {
        Placement::Replaced
    };
    YearOutcome {
        year: year.year,
        files,
        findings: Vec::new(),
        districts: total("districts"),
        communes: total("communes"),
        rejected_rows: total("rejected_rows"),
        comparison: None,
        audit: Audit::default(),
        up_to_date: true,
        completeness: Completeness {
            complete: report["completeness"]["complete"].as_bool().unwrap_or(true),
            ..Completeness::default()
        },
        report,
        out_dir: out_dir.to_path_buf(),
        written: false,
        placement,
    }
}

/// What a year's snapshot is made of, beside its outcome. The results and rejects are owned:
/// they are dropped as soon as the tables are built from them, before the files are written.
struct Snapshot {
    results: Results,
    rejected: Vec<normalize::Rejected>,
    fingerprint: String,
    published_sha: String,
    lang: Lang,
}

/// Stage 6, emit: the tables (snapshot), the report and the manifest, written atomically.
fn write_snapshot(
    o: &YearOutcome,
    p: &Pipeline,
    year: &Year,
    gaz: &Gazetteer,
    snap: Snapshot,
) -> Result<(), RunError> {
    let hashes: BTreeMap<String, String> = o
        .files
        .iter()
        .map(|f| (f.file.clone(), f.sha256.clone()))
        .collect();
    let tables = snapshot::tables(
        &snap.results,
        &snap.rejected,
        &o.findings,
        year.year,
        snapshot::Units {
            gaz,
            history: year.history.as_deref(),
            province: &p.province_code,
        },
        &hashes,
    );
    // A large year's results and rejects are as large as its tables: not kept while they are
    // written.
    drop(snap.results);
    drop(snap.rejected);
    let mut inputs: Vec<InputFile> = o
        .files
        .iter()
        .filter(|f| !f.skipped)
        .map(|f| InputFile {
            path: f.file.clone(),
            sha256: f.sha256.clone(),
            bytes: f.bytes,
        })
        .collect();
    if let Some(pp) = &year.published {
        let bytes = std::fs::metadata(pp).map(|m| m.len()).unwrap_or(0);
        inputs.push(InputFile {
            path: p.shown(pp),
            sha256: snap.published_sha,
            bytes,
        });
    }
    inputs.extend(units_inputs(p, year));
    let meta = SnapshotMeta {
        schema_version: SCHEMA_VERSION.to_string(),
        tool_version: TOOL_VERSION.to_string(),
        year: year.year,
        inputs,
        rule_sets: snapshot::rule_sets_json(year),
        gazetteer: gaz.source.clone(),
        fingerprint: snap.fingerprint,
        completeness: report::completeness_json(&o.completeness),
        datapackage: snapshot::datapackage(&tables),
    };
    let report_bytes = serde_json::to_vec_pretty(&o.report).unwrap_or_default();
    let keep_previous = matches!(o.placement, Placement::PreviousMoved(_));
    let extras = Box::new(|| annex_and_page(o, p, year.year, snap.lang, &tables));
    emit::write_year_making(
        &o.out_dir,
        &tables,
        &report_bytes,
        &meta,
        keep_previous,
        extras,
    )
    .map_err(RunError::Emit)?;
    Ok(())
}

/// The annexes and the page of a snapshot, built side by side (while its tables are written).
fn annex_and_page(
    o: &YearOutcome,
    p: &Pipeline,
    year: i32,
    lang: Lang,
    tables: &[emit::OutTable],
) -> emit::ExtraFiles {
    let (annex, page) = rayon::join(
        || annex_bytes(p, year, tables),
        || report_html(p, year, lang, tables, &o.report, &o.out_dir),
    );
    let annex = annex.map_err(|e| match e {
        RunError::Annex(message) => (annex::ANNEX_FILE.to_string(), message),
        other => (annex::ANNEX_FILE.to_string(), other.to_string()),
    })?;
    Ok(vec![
        (annex::ANNEX_FILE.to_string(), annex),
        (html::REPORT_HTML_FILE.to_string(), page),
    ])
}

/// `phu-luc.xlsx` of a year from its tables (district and commune, the first two).
fn annex_bytes(p: &Pipeline, year: i32, tables: &[emit::OutTable]) -> Result<Vec<u8>, RunError> {
    let [district, commune, ..] = tables else {
        return Err(RunError::Annex("district and commune tables".into()));
    };
    annex::workbook(district, commune, &p.publish, year).map_err(|e| RunError::Annex(e.to_string()))
}

/// report.html of a year from its tables and report.json, beside the other years' snapshots of
/// the same pipeline (by their report.json) in the output folder that holds `year_dir`.
fn report_html(
    p: &Pipeline,
    year: i32,
    lang: Lang,
    tables: &[emit::OutTable],
    report: &serde_json::Value,
    year_dir: &Path,
) -> Vec<u8> {
    let others: Vec<(i32, Vec<emit::OutTable>)> = year_dir
        .parent()
        .map(|root| {
            emit::other_years(root, year)
                .into_iter()
                .filter(|(y, _)| same_pipeline(&root.join(y.to_string()), &p.name))
                .collect()
        })
        .unwrap_or_default();
    html::report(&html::Input {
        year,
        lang,
        tables,
        report,
        others: &others,
    })
    .into_bytes()
}

/// Whether the snapshot in `dir` was written for the pipeline named `name` (its report.json).
fn same_pipeline(dir: &Path, name: &str) -> bool {
    std::fs::read(dir.join(emit::REPORT_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .is_some_and(|r| r["pipeline"] == name)
}

/// `publish`: rebuilds `phu-luc.xlsx` and `report.html` of a year's existing snapshot
/// (`<out>/<year>/`) from its own Parquet and report.json (and the pipeline's `[publish]` title
/// lines, the other years' snapshots beside it), without reading the workbooks again; replaces
/// the files and their sha256 in the manifest. The caller holds the output folder
/// ([`lock_output`]). Returns the files written.
pub fn publish_year(
    p: &Pipeline,
    year: i32,
    out: Option<&Path>,
    lang: Lang,
) -> Result<Vec<PathBuf>, RunError> {
    let dir = out.unwrap_or(&p.output).join(year.to_string());
    if !dir.join(emit::MANIFEST_FILE).is_file() {
        return Err(RunError::NoSnapshot(dir));
    }
    let tables = ["district", "commune", "rejects", "findings"]
        .iter()
        .map(|name| emit::read_table(&dir, name))
        .collect::<Result<Vec<_>, _>>()
        .map_err(RunError::Emit)?;
    let report_path = dir.join(emit::REPORT_FILE);
    let report: serde_json::Value = std::fs::read(&report_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_else(|| json!({}));
    let annex = annex_bytes(p, year, &tables)?;
    emit::replace_file(&dir, annex::ANNEX_FILE, &annex).map_err(RunError::Emit)?;
    let page = report_html(p, year, lang, &tables, &report, &dir);
    emit::replace_file(&dir, html::REPORT_HTML_FILE, &page).map_err(RunError::Emit)?;
    Ok(vec![
        dir.join(annex::ANNEX_FILE),
        dir.join(html::REPORT_HTML_FILE),
    ])
}
