//! One pipeline, year by year, end to end: ingest → normalize → validate → classify → emit (and
//! compare with the published decision). Files of a year are read in parallel here, nowhere else;
//! the output does not depend on the order they finish in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::classify::{self, Classified, Results};
use crate::compare::{self, Summary};
use crate::core::{Dimension, Level};
use crate::emit::{self, Column, ColumnData, InputFile, OutTable, SnapshotMeta};
use crate::finding::render::finding_json;
use crate::finding::{Code, Finding, Location, Message, Severity, Tally};
use crate::gazetteer::Gazetteer;
use crate::ingest::{self, Workbook};
use crate::normalize::{self, DimValues, Rejected};
use crate::pipeline::{Pipeline, Year};
use crate::validate;

/// The version of the output schema (columns, types, meanings); see docs/schema.md.
pub const SCHEMA_VERSION: &str = "1";
/// The version of report.json's layout.
pub const REPORT_VERSION: u32 = 1;
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Workbook extensions the tool reads.
pub const WORKBOOK_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

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
}

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

/// Output problems: the only errors a run returns (data problems are findings).
#[derive(Debug)]
pub enum RunError {
    Emit(emit::EmitError),
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Emit(e) => write!(f, "{e}"),
            RunError::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for RunError {}

fn hex_sha256(bytes: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(bytes);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

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

fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let p = cwd
        .as_ref()
        .and_then(|c| path.strip_prefix(c).ok())
        .unwrap_or(path);
    let s = p.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Runs the years of a pipeline.
pub fn run_pipeline(
    p: &Pipeline,
    gaz: &Gazetteer,
    opts: &RunOptions,
) -> Result<Vec<YearOutcome>, RunError> {
    run_pipeline_with(p, gaz, opts, &Progress::none())
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
pub fn run_pipeline_with(
    p: &Pipeline,
    gaz: &Gazetteer,
    opts: &RunOptions,
    progress: &Progress,
) -> Result<Vec<YearOutcome>, RunError> {
    let mut outcomes = Vec::new();
    for year in &p.years {
        if !opts.years.is_empty() && !opts.years.contains(&year.year) {
            continue;
        }
        outcomes.push(run_year(p, year, gaz, opts, progress)?);
    }
    Ok(outcomes)
}

/// A file read, with its findings.
struct ReadFile {
    workbook: Option<Workbook>,
    outcome: FileOutcome,
    findings: Vec<Finding>,
}

fn read_one(path: &Path, p: &Pipeline) -> ReadFile {
    let file = shown(path);
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
            Message::new(
                "Không phải bảng tính (theo phần mở rộng: tệp khác, thư mục con) hoặc là tệp khóa của Excel; không đọc",
                "not a workbook by its extension (another file, a subfolder), or an Excel lock file; not read",
            ),
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
            Message::new(
                "Đây là một thư mục mang tên bảng tính, không phải tệp",
                "a folder named like a workbook, not a file",
            ),
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
    // Another gazetteer snapshot: its content, not only its name.
    if let Some(g) = &p.gazetteer {
        s.push_str(&format!(
            "\ngazetteer-sha256 {}",
            emit::sha256_file(g).unwrap_or_default()
        ));
    }
    for f in files {
        s.push_str(&format!("\n{} {} {}", f.file, f.sha256, f.bytes));
    }
    s.push_str(&format!("\npublished {published_sha}"));
    hex_sha256(s.as_bytes())
}

/// Runs one year end to end.
pub fn run_year(
    p: &Pipeline,
    year: &Year,
    gaz: &Gazetteer,
    opts: &RunOptions,
    progress: &Progress,
) -> Result<YearOutcome, RunError> {
    let started = Instant::now();
    let out_root = opts.out.clone().unwrap_or_else(|| p.output.clone());
    let out_dir = out_root.join(year.year.to_string());
    let paths = list_files(&year.raw_dir)?;
    // 1. ingest, files in parallel; results kept in file order.
    (progress.start)(year.year, paths.len() as u64);
    let read: Vec<ReadFile> = paths
        .par_iter()
        .map(|path| {
            let r = read_one(path, p);
            (progress.file_done)();
            r
        })
        .collect();
    let mut findings: Vec<Finding> = Vec::new();
    let mut files = Vec::new();
    let mut workbooks = Vec::new();
    for r in read {
        findings.extend(r.findings);
        files.push(r.outcome);
        if let Some(wb) = r.workbook
            && !wb.rejected
        {
            workbooks.push(wb);
        }
    }
    let published_sha = year
        .published
        .as_ref()
        .and_then(|pp| emit::sha256_file(pp).ok())
        .unwrap_or_default();
    let fp = fingerprint(p, year, gaz, &files, &published_sha);
    if !opts.force && !opts.dry_run && emit::is_up_to_date(&out_dir, &fp, SCHEMA_VERSION) {
        return Ok(YearOutcome {
            year: year.year,
            files,
            findings: Vec::new(),
            districts: 0,
            communes: 0,
            rejected_rows: 0,
            comparison: None,
            up_to_date: true,
            report: std::fs::read(out_dir.join(emit::REPORT_FILE))
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok())
                .unwrap_or_else(|| json!({})),
            out_dir,
            written: false,
        });
    }
    // 2. normalize, 3. validate, 4. classify.
    // Each workbook is normalized on its own (in parallel); the parts are joined in file order.
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
    let checked = validate::check(normalized, year, gaz, &p.province_code, &mut findings);
    // Row accounting, per file.
    let mut accepted: BTreeMap<&str, u64> = BTreeMap::new();
    let mut rejected: BTreeMap<&str, u64> = BTreeMap::new();
    for e in &checked.accepted {
        for r in &e.rows {
            *accepted.entry(r.file.as_str()).or_default() += 1;
        }
    }
    for r in &checked.absorbed {
        *accepted.entry(r.file.as_str()).or_default() += 1;
    }
    for r in &checked.rejected {
        *rejected.entry(r.row.file.as_str()).or_default() += 1;
    }
    let mut tallies = Vec::new();
    for f in &mut files {
        f.tally.accepted = accepted.get(f.file.as_str()).copied().unwrap_or(0);
        f.tally.rejected = rejected.get(f.file.as_str()).copied().unwrap_or(0);
        if !f.tally.balanced() {
            tallies.push(Finding::new(
                Code::InternalError,
                Location::file(&f.file),
                Message::new(
                    format!(
                        "Lỗi nội bộ: {} dòng đọc ≠ {} chấp nhận + {} loại + {} bỏ qua",
                        f.tally.read, f.tally.accepted, f.tally.rejected, f.tally.passed_over
                    ),
                    format!(
                        "internal: {} rows read != {} accepted + {} rejected + {} passed over",
                        f.tally.read, f.tally.accepted, f.tally.rejected, f.tally.passed_over
                    ),
                ),
            ));
        }
    }
    findings.extend(tallies);
    let results = classify::classify(checked.accepted, p, year, gaz, &mut findings);
    // Compare with the published decision.
    let comparison = year
        .published
        .as_ref()
        .map(|pp| compare::compare(pp, &shown(pp), p, gaz, &results, &mut findings));

    let file_hashes: BTreeMap<String, String> = files
        .iter()
        .map(|f| (f.file.clone(), f.sha256.clone()))
        .collect();
    let tables = vec![
        results_table(
            "district",
            &results.districts,
            year.year,
            gaz,
            &file_hashes,
            true,
        ),
        results_table(
            "commune",
            &results.communes,
            year.year,
            gaz,
            &file_hashes,
            false,
        ),
        rejects_table(&checked.rejected, year.year, &file_hashes),
    ];
    let rule_sets = rule_sets_json(year);
    let duration_ms = started.elapsed().as_millis() as u64;
    let report = report_json(
        p,
        year,
        &files,
        &findings,
        &results,
        checked.rejected.len(),
        comparison.as_ref(),
        duration_ms,
    );
    let mut outcome = YearOutcome {
        year: year.year,
        files,
        findings,
        districts: results.districts.len(),
        communes: results.communes.len(),
        rejected_rows: checked.rejected.len(),
        comparison,
        up_to_date: false,
        out_dir: out_dir.clone(),
        written: false,
        report,
    };
    if opts.dry_run {
        return Ok(outcome);
    }
    let mut inputs: Vec<InputFile> = outcome
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
            path: shown(pp),
            sha256: published_sha.clone(),
            bytes,
        });
    }
    let meta = SnapshotMeta {
        schema_version: SCHEMA_VERSION.to_string(),
        tool_version: TOOL_VERSION.to_string(),
        year: year.year,
        inputs,
        rule_sets,
        gazetteer: gaz.source.clone(),
        fingerprint: fp,
    };
    let report_bytes = serde_json::to_vec_pretty(&outcome.report).unwrap_or_default();
    emit::write_year(&out_dir, &tables, &report_bytes, &meta).map_err(RunError::Emit)?;
    outcome.written = true;
    Ok(outcome)
}

fn rule_sets_json(year: &Year) -> Value {
    Value::Array(
        year.rule_sets
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "unit_level": r.unit_level.as_str(),
                    "dimension": r.dimension.key(),
                    "maximum": r.maximum,
                    "cutoff_unit": match r.kind { crate::core::CutoffKind::Points => "points", crate::core::CutoffKind::Percent => "percent" },
                    "cutoffs": { "I": r.cutoffs[0], "II": r.cutoffs[1], "III": r.cutoffs[2], "IV": r.cutoffs[3] },
                    "status": r.status.as_str(),
                    "basis": r.basis,
                })
            })
            .collect(),
    )
}

fn str_col(name: &str, v: Vec<Option<String>>) -> Column {
    Column {
        name: name.to_string(),
        data: ColumnData::Str(v),
    }
}

fn f64_col(name: &str, v: Vec<Option<f64>>) -> Column {
    Column {
        name: name.to_string(),
        data: ColumnData::F64(v),
    }
}

fn dim_of(c: &Classified, d: Dimension) -> DimValues {
    c.entry.dims.get(&d).cloned().unwrap_or_default()
}

/// The district or commune table, in the documented schema (docs/schema.md).
fn results_table(
    name: &str,
    rows: &[Classified],
    year: i32,
    gaz: &Gazetteer,
    hashes: &BTreeMap<String, String>,
    districts: bool,
) -> OutTable {
    let n = rows.len();
    let mut cols = vec![Column {
        name: "year".into(),
        data: ColumnData::I32(vec![Some(year); n]),
    }];
    let province = |c: &Classified| {
        gaz.district(&c.entry.unit.district_code)
            .map(|d| d.province_code.clone())
    };
    cols.push(str_col(
        "province_code",
        rows.iter().map(province).collect(),
    ));
    cols.push(str_col(
        "province_name",
        rows.iter()
            .map(|c| province(c).and_then(|p| gaz.province(&p).map(|x| x.name.clone())))
            .collect(),
    ));
    cols.push(str_col(
        "district_code",
        rows.iter()
            .map(|c| Some(c.entry.unit.district_code.clone()))
            .collect(),
    ));
    let district = |c: &Classified| gaz.district(&c.entry.unit.district_code);
    cols.push(str_col(
        "district_type",
        rows.iter()
            .map(|c| district(c).map(|d| d.unit_type.as_str().to_string()))
            .collect(),
    ));
    cols.push(str_col(
        "district_name",
        rows.iter()
            .map(|c| district(c).map(|d| d.name.clone()))
            .collect(),
    ));
    if !districts {
        cols.push(str_col(
            "commune_code",
            rows.iter()
                .map(|c| Some(c.entry.unit.code.clone()))
                .collect(),
        ));
        cols.push(str_col(
            "commune_type",
            rows.iter()
                .map(|c| Some(c.entry.unit.unit_type.as_str().to_string()))
                .collect(),
        ));
        cols.push(str_col(
            "commune_name",
            rows.iter()
                .map(|c| Some(c.entry.unit.name.clone()))
                .collect(),
        ));
    }
    cols.push(str_col(
        "name_submitted",
        rows.iter()
            .map(|c| Some(c.entry.unit.name_submitted.clone()))
            .collect(),
    ));
    for dim in Dimension::ALL {
        let k = dim.key();
        let res = |c: &Classified| {
            if dim == Dimension::Achieved {
                c.achieved.clone()
            } else {
                c.readiness.clone()
            }
        };
        cols.push(f64_col(
            &format!("{k}_score"),
            rows.iter().map(|c| Some(res(c).score)).collect(),
        ));
        cols.push(Column {
            name: format!("{k}_level"),
            data: ColumnData::Level(rows.iter().map(|c| Some(res(c).level)).collect()),
        });
        cols.push(Column {
            name: format!("{k}_level_published"),
            data: ColumnData::Level(
                rows.iter()
                    .map(|c| dim_of(c, dim).level_declared)
                    .collect::<Vec<Option<Level>>>(),
            ),
        });
        cols.push(f64_col(
            &format!("{k}_max"),
            rows.iter().map(|c| dim_of(c, dim).maximum).collect(),
        ));
        cols.push(f64_col(
            &format!("{k}_not_applicable"),
            rows.iter().map(|c| dim_of(c, dim).not_applicable).collect(),
        ));
        cols.push(f64_col(
            &format!("{k}_applicable_max"),
            rows.iter().map(|c| dim_of(c, dim).applicable_max).collect(),
        ));
        cols.push(f64_col(
            &format!("{k}_raw_points"),
            rows.iter().map(|c| dim_of(c, dim).raw_points).collect(),
        ));
        cols.push(f64_col(
            &format!("{k}_percent"),
            rows.iter().map(|c| dim_of(c, dim).percent).collect(),
        ));
        cols.push(f64_col(
            &format!("{k}_converted"),
            rows.iter().map(|c| dim_of(c, dim).converted).collect(),
        ));
    }
    let pos_name = if districts { "rank" } else { "annex_order" };
    cols.push(Column {
        name: pos_name.into(),
        data: ColumnData::U32(rows.iter().map(|c| Some(c.position)).collect()),
    });
    cols.push(str_col(
        "rule_set",
        rows.iter()
            .map(|c| Some(format!("{},{}", c.achieved.rule_set, c.readiness.rule_set)))
            .collect(),
    ));
    cols.push(str_col(
        "source_file",
        rows.iter()
            .map(|c| Some(c.entry.rows[0].file.clone()))
            .collect(),
    ));
    cols.push(str_col(
        "source_sha256",
        rows.iter()
            .map(|c| hashes.get(&c.entry.rows[0].file).cloned())
            .collect(),
    ));
    cols.push(str_col(
        "source_sheet",
        rows.iter()
            .map(|c| Some(c.entry.rows[0].sheet.clone()))
            .collect(),
    ));
    cols.push(Column {
        name: "source_row".into(),
        data: ColumnData::U32(rows.iter().map(|c| Some(c.entry.rows[0].row)).collect()),
    });
    OutTable {
        name: name.to_string(),
        columns: cols,
    }
}

/// The rejects: every rejected row with its raw cells, place, code and message.
fn rejects_table(rejected: &[Rejected], year: i32, hashes: &BTreeMap<String, String>) -> OutTable {
    let n = rejected.len();
    let raw = |r: &Rejected| {
        r.row
            .raw
            .iter()
            .map(|c| format!("{}={}", c.cell, c.value.display()))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    OutTable {
        name: "rejects".into(),
        columns: vec![
            Column {
                name: "year".into(),
                data: ColumnData::I32(vec![Some(year); n]),
            },
            str_col(
                "source_file",
                rejected.iter().map(|r| Some(r.row.file.clone())).collect(),
            ),
            str_col(
                "source_sha256",
                rejected
                    .iter()
                    .map(|r| hashes.get(&r.row.file).cloned())
                    .collect(),
            ),
            str_col(
                "source_sheet",
                rejected.iter().map(|r| Some(r.row.sheet.clone())).collect(),
            ),
            Column {
                name: "source_row".into(),
                data: ColumnData::U32(rejected.iter().map(|r| Some(r.row.row)).collect()),
            },
            str_col(
                "cell",
                rejected
                    .iter()
                    .map(|r| r.cell.map(|c| c.to_string()))
                    .collect(),
            ),
            str_col(
                "code",
                rejected
                    .iter()
                    .map(|r| Some(r.code.as_str().to_string()))
                    .collect(),
            ),
            str_col(
                "message",
                rejected
                    .iter()
                    .map(|r| Some(r.message.vi.clone()))
                    .collect(),
            ),
            str_col(
                "message_en",
                rejected
                    .iter()
                    .map(|r| Some(r.message.en.clone()))
                    .collect(),
            ),
            str_col(
                "raw_values",
                rejected.iter().map(|r| Some(raw(r))).collect(),
            ),
        ],
    }
}

#[allow(clippy::too_many_arguments)]
fn report_json(
    p: &Pipeline,
    year: &Year,
    files: &[FileOutcome],
    findings: &[Finding],
    results: &Results,
    rejected_rows: usize,
    comparison: Option<&Summary>,
    duration_ms: u64,
) -> Value {
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        *by_code.entry(f.code.as_str()).or_default() += 1;
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity() == s).count();
    json!({
        "report_version": REPORT_VERSION,
        "tool": "egov-etl",
        "tool_version": TOOL_VERSION,
        "schema_version": SCHEMA_VERSION,
        "pipeline": p.name,
        "pipeline_file": p.path.display().to_string(),
        "province_code": p.province_code,
        "year": year.year,
        "duration_ms": duration_ms,
        "files": files.iter().map(|f| json!({
            "file": f.file, "sha256": f.sha256, "bytes": f.bytes,
            "rows_read": f.tally.read, "rows_accepted": f.tally.accepted,
            "rows_rejected": f.tally.rejected, "rows_passed_over": f.tally.passed_over,
            "passed_over_by_reason": f.passed_by_reason,
            "balanced": f.tally.balanced(), "file_rejected": f.rejected, "skipped": f.skipped,
        })).collect::<Vec<_>>(),
        "totals": {
            "districts": results.districts.len(),
            "communes": results.communes.len(),
            "rejected_rows": rejected_rows,
            "errors": count(Severity::Error),
            "warnings": count(Severity::Warning),
            "infos": count(Severity::Info),
        },
        "comparison": comparison.map(|c| json!({
            "published_units": c.published_units, "matched_units": c.matched_units,
            "levels_compared": c.levels_compared, "levels_equal": c.levels_equal,
            "scores_equal": c.scores_equal, "order_equal": c.order_equal,
        })),
        "findings_by_code": by_code,
        "findings": findings.iter().map(finding_json).collect::<Vec<_>>(),
    })
}
