//! Writes one year's snapshot (`output/<year>/`) atomically: Parquet + CSV per table (the tables
//! concurrently), the run report and a deterministic manifest. This is the only module that uses
//! polars.
//!
//! File formats:
//! - Parquet: snappy, column statistics (min/max/null count), written with polars' Parquet
//!   encoder at the oldest arrow compatibility level, so strings are `large_string` (not
//!   `string_view`, which pyarrow cannot filter on).
//!   File-level key-value metadata: `schema_version`, `tool_version`, `year`, `table`,
//!   `rule_sets` (compact JSON), `gazetteer`, `inputs` (compact JSON array of
//!   `{path, sha256, bytes}`).
//! - Dtypes: `Str` → String, `F64` → Float64, `U32` → UInt32, `I32` → Int32, `Level` → Enum with
//!   the categories `I, II, III, IV, Không xếp hạng` in that order (pandas: ordered category).
//! - CSV: UTF-8 with one BOM, comma separator, header row, `\n` line ends, decimal point; floats
//!   in their shortest round-trip form (`87.1`, `21.6`, `100.0`); nulls as empty fields; levels
//!   as their text.
//! - `manifest.json`: no wall-clock times; `report.json` is listed without a hash (it may carry
//!   times), so two runs on the same tables give byte-identical data files and manifest.
//!
//! Atomicity: everything is written into `.<name>.tmp` beside `out_dir` and then fsynced, every file
//! at once (one thread per file: the filesystem commits them together, where one after the other
//! each waits for its own journal commit) and the folder after them; then the old
//! snapshot is renamed to `.<name>.old`, the temp dir renamed to `out_dir` and `.old` removed. A
//! failure before the swap removes the temp dir and leaves the previous snapshot untouched.
//! The syncs and the swap run on a thread of their own; in the command line's pool, the rayon
//! worker that wrote the snapshot does the pool's other pending work (other pipelines) while
//! they wait on the disk (`off_worker`).

use std::borrow::Cow;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use polars::io::parquet::write::{BatchedWriter, get_encodings};
use polars::io::schema_to_arrow_checked;
use polars::prelude::{
    Column as PlColumn, CompatLevel, CsvWriter, DataFrame, DataType, FrozenCategories, IntoColumn,
    IntoSeries, KeyValueMetadata, NamedFrom, NewChunkedArray, ParquetReader, SerReader, SerWriter,
    Series, StringChunked,
};
use polars_parquet::parquet::error::ParquetError;
use polars_parquet::write::{
    CompressedPage, CompressionOptions, Compressor, FileWriter, StatisticsOptions, Version,
    WriteOptions, array_to_columns, to_parquet_schema,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::core::Level;

/// Files of a snapshot made while its tables are written (the annexes, the page): (file name,
/// bytes) each, or the file that could not be made and why.
pub type ExtraFiles = Result<Vec<(String, Vec<u8>)>, (String, String)>;

/// What makes the [`ExtraFiles`] (on another thread).
pub type Extras<'a> = dyn FnOnce() -> ExtraFiles + Send + 'a;

/// Environment variable naming an output file after which `write_year` fails (tests only).
pub const FAIL_AFTER_ENV: &str = "EGOV_ETL_FAIL_AFTER";

/// The `EGOV_ETL_FAIL_AFTER` value that stops a swap between its two renames (tests only).
pub const SWAP_ASIDE: &str = "swap-aside";

/// File name of the manifest inside a year directory.
pub const MANIFEST_FILE: &str = "manifest.json";

/// File name of the run report inside a year directory.
pub const REPORT_FILE: &str = "report.json";

/// The CSV files' types, beside them.
pub const DATAPACKAGE_FILE: &str = "datapackage.json";

/// The result of the last run, at the output folder's root.
pub const RUN_FILE: &str = "run.json";

/// A text column: every value in one buffer, so that a table of a million rows holds its text
/// once and not as a million strings (each with its own allocation).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Texts {
    buf: String,
    /// Per row, where its value ends in `buf`, with `NULL` set for a null.
    ends: Vec<usize>,
}

impl Texts {
    const NULL: usize = 1 << (usize::BITS - 1);

    /// Appends a value (`None`: a null).
    pub fn push(&mut self, value: Option<&str>) {
        match value {
            Some(v) => {
                self.buf.push_str(v);
                self.ends.push(self.buf.len());
            }
            None => self.ends.push(self.buf.len() | Self::NULL),
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The value of row `i`; `None` for a null or past the end.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        if end & Self::NULL != 0 {
            return None;
        }
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p] & !Self::NULL);
        self.buf.get(start..end)
    }

    /// Every row's value, in order.
    pub fn iter(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

impl<S: AsRef<str>> FromIterator<Option<S>> for Texts {
    fn from_iter<I: IntoIterator<Item = Option<S>>>(values: I) -> Texts {
        let mut t = Texts::default();
        for v in values {
            t.push(v.as_ref().map(|v| v.as_ref()));
        }
        t
    }
}

/// The values of one output column; `None` is a null.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    Str(Texts),
    /// Already rounded by the caller (2 decimals for scores).
    F64(Vec<Option<f64>>),
    U32(Vec<Option<u32>>),
    I32(Vec<Option<i32>>),
    /// Written as an Enum of [`Level::ALL`] (best first).
    Level(Vec<Option<Level>>),
}

impl ColumnData {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Str(v) => v.len(),
            ColumnData::F64(v) => v.len(),
            ColumnData::U32(v) => v.len(),
            ColumnData::I32(v) => v.len(),
            ColumnData::Level(v) => v.len(),
        }
    }

    /// True when the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One named output column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub data: ColumnData,
}

/// One output table; `name` is the file stem ("district", "commune", "rejects").
#[derive(Debug, Clone, PartialEq)]
pub struct OutTable {
    pub name: String,
    pub columns: Vec<Column>,
}

impl OutTable {
    /// Number of rows (of the first column; `write_year` checks that all columns agree).
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.data.len())
    }

    /// A column by name.
    pub fn column(&self, name: &str) -> Option<&ColumnData> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .map(|c| &c.data)
    }

    /// The text at row `i` of a column (`None` for a null, a missing column or another type).
    pub fn text(&self, name: &str, i: usize) -> Option<String> {
        match self.column(name) {
            Some(ColumnData::Str(v)) => v.get(i).map(str::to_string),
            _ => None,
        }
    }

    /// The number at row `i` of a Float64 column.
    pub fn float(&self, name: &str, i: usize) -> Option<f64> {
        match self.column(name) {
            Some(ColumnData::F64(v)) => v.get(i).copied().flatten(),
            _ => None,
        }
    }

    /// The number at row `i` of a UInt32 column.
    pub fn unsigned(&self, name: &str, i: usize) -> Option<u32> {
        match self.column(name) {
            Some(ColumnData::U32(v)) => v.get(i).copied().flatten(),
            _ => None,
        }
    }

    /// The level at row `i` of a level column.
    pub fn level(&self, name: &str, i: usize) -> Option<Level> {
        match self.column(name) {
            Some(ColumnData::Level(v)) => v.get(i).copied().flatten(),
            _ => None,
        }
    }
}

/// One input workbook with its content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputFile {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

/// What the snapshot was built from; copied into the manifest and the Parquet metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotMeta {
    pub schema_version: String,
    pub tool_version: String,
    pub year: i32,
    pub inputs: Vec<InputFile>,
    /// Written into the manifest and, as compact JSON, into the Parquet key-value metadata.
    pub rule_sets: serde_json::Value,
    pub gazetteer: String,
    /// Hash of inputs + configuration; used to skip unchanged years.
    pub fingerprint: String,
    /// Whether the year is complete, with its counts (expected, accepted, missing units, …).
    pub completeness: serde_json::Value,
    /// The CSV files' types (a Frictionless data package), written as `datapackage.json` unless
    /// null.
    pub datapackage: serde_json::Value,
}

/// One file of the snapshot. `sha256` and `rows` are absent for `report.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputFile {
    /// File name relative to the year directory.
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
}

/// Contents of `manifest.json`. Deterministic: no wall-clock times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: String,
    pub tool_version: String,
    pub year: i32,
    pub fingerprint: String,
    pub gazetteer: String,
    pub rule_sets: serde_json::Value,
    pub inputs: Vec<InputFile>,
    pub outputs: Vec<OutputFile>,
    /// Whether the year is complete (every expected unit accepted, no file refused), with its
    /// counts; absent in snapshots written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completeness: Option<serde_json::Value>,
}

/// Why writing a snapshot failed.
#[derive(Debug)]
pub enum EmitError {
    Io {
        path: PathBuf,
        source: io::Error,
    },
    Polars {
        path: PathBuf,
        message: String,
    },
    /// Failure injected through `EGOV_ETL_FAIL_AFTER` after writing the named file.
    Injected {
        after: String,
    },
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmitError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            EmitError::Polars { path, message } => {
                write!(f, "{}: polars: {message}", path.display())
            }
            EmitError::Injected { after } => {
                write!(
                    f,
                    "injected failure after writing {after} ({FAIL_AFTER_ENV})"
                )
            }
        }
    }
}

impl std::error::Error for EmitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EmitError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> EmitError + '_ {
    move |source| EmitError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn invalid(path: &Path, message: String) -> EmitError {
    EmitError::Io {
        path: path.to_path_buf(),
        source: io::Error::new(io::ErrorKind::InvalidInput, message),
    }
}

fn polars_err(path: &Path) -> impl FnOnce(polars::prelude::PolarsError) -> EmitError + '_ {
    move |e| EmitError::Polars {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Writes `out_dir` (e.g. `output/2020`) atomically: `<table>.parquet` and `<table>.csv` for each
/// table (in the given order), `report.json` (as given) and `manifest.json`.
///
/// Reads `EGOV_ETL_FAIL_AFTER`: when it equals one of the file names, fails with
/// [`EmitError::Injected`] once that file is written (a table's two files are written
/// together; always before the swap).
///
/// With `keep_previous`, the snapshot it replaces is kept as `<year>.previous/` (moved there in
/// the swap itself, so that a kill at any moment leaves one whole snapshot to restore).
pub fn write_year(
    out_dir: &Path,
    tables: &[OutTable],
    report_json: &[u8],
    meta: &SnapshotMeta,
    keep_previous: bool,
) -> Result<Manifest, EmitError> {
    let no_extras = Box::new(|| Ok(Vec::new()));
    write_year_making(out_dir, tables, report_json, meta, keep_previous, no_extras)
}

/// [`write_year`], where `extras` makes the snapshot's other files (the annexes, report.html)
/// while its tables are written (on another thread); they are written as made, after the tables
/// and `datapackage.json`, and listed with their sha256. An error from it writes nothing, as any
/// other.
pub fn write_year_making(
    out_dir: &Path,
    tables: &[OutTable],
    report_json: &[u8],
    meta: &SnapshotMeta,
    keep_previous: bool,
    extras: Box<Extras<'_>>,
) -> Result<Manifest, EmitError> {
    let fail_after = std::env::var(FAIL_AFTER_ENV).ok();
    let fail_after = fail_after.as_deref().filter(|s| !s.is_empty());
    let written = Written {
        out_dir,
        tables,
        report_json,
        meta,
        extras,
    };
    write_year_impl(out_dir, written, fail_after, keep_previous)
}

/// What a snapshot holds.
struct Written<'a> {
    /// The snapshot's folder (errors name its files there, not in the staging folder).
    out_dir: &'a Path,
    tables: &'a [OutTable],
    report_json: &'a [u8],
    meta: &'a SnapshotMeta,
    extras: Box<Extras<'a>>,
}

/// [`write_year`] with the failure injection passed explicitly (no environment access).
#[cfg(test)]
///
/// An error returned after the swap (fsync of the parent directory, removal of `.old`) leaves
/// the new snapshot in place; a stale `.old` is cleaned up by the next call.
pub(crate) fn write_year_with(
    out_dir: &Path,
    tables: &[OutTable],
    report_json: &[u8],
    meta: &SnapshotMeta,
    fail_after: Option<&str>,
) -> Result<Manifest, EmitError> {
    let written = Written {
        out_dir,
        tables,
        report_json,
        meta,
        extras: Box::new(|| Ok(Vec::new())),
    };
    write_year_impl(out_dir, written, fail_after, false)
}

fn write_year_impl(
    out_dir: &Path,
    written: Written,
    fail_after: Option<&str>,
    keep_previous: bool,
) -> Result<Manifest, EmitError> {
    validate_tables(out_dir, written.tables)?;
    let paths = SwapPaths::new(out_dir, keep_previous)?;
    fs::create_dir_all(&paths.parent).map_err(io_err(&paths.parent))?;
    paths.recover_interrupted_swap()?;
    paths.remove_stale_staging()?;
    fs::create_dir(&paths.tmp).map_err(io_err(&paths.tmp))?;

    let committed = write_all_files(&paths.tmp, written, fail_after).and_then(|manifest| {
        // Made durable, then put in place, off the worker: the disk's waits leave its core to
        // other work.
        off_worker(|| {
            let mut names: Vec<&str> = manifest.outputs.iter().map(|o| o.path.as_str()).collect();
            names.push(MANIFEST_FILE);
            sync_files(&paths.tmp, &names)?;
            sync_dir(&paths.tmp)?;
            paths.swap(fail_after)
        })?;
        Ok(manifest)
    });
    if committed.is_err() {
        // Best effort: the error that made us stop matters more than a cleanup failure.
        let _ = fs::remove_dir_all(&paths.tmp);
    }
    committed
}

/// How deep a worker may nest other work inside its waits (each level is another job's stack
/// on top of the waiting one's).
const MAX_NESTED_WAITS: u32 = 4;

/// The stack of a worker that may nest work in its waits: room for `MAX_NESTED_WAITS` jobs on top
/// of its own (a job needs well under 2 MiB, the default, even unoptimized). Reserved, not used:
/// pages are touched only as the stack grows.
const NESTING_STACK: usize = 16 << 20;

thread_local! {
    /// Whether this thread's stack has room to nest work in its waits (see `worker_pool`).
    static MAY_NEST: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// How many waits of this thread are running other work, one inside the other.
    static NESTED_WAITS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// A pool (as many threads as cores, or RAYON_NUM_THREADS) whose workers do the pool's other
/// pending work while a snapshot of theirs waits on the disk ([`off_worker`]): their stacks have
/// room to nest that work.
pub fn worker_pool() -> rayon::ThreadPoolBuilder {
    rayon::ThreadPoolBuilder::new()
        .stack_size(NESTING_STACK)
        .start_handler(|_| MAY_NEST.with(|m| m.set(true)))
}

/// `op`, which mostly waits on the disk, on a thread of its own; its result. A worker of a
/// [`worker_pool`] does the pool's pending work meanwhile (another
/// pipeline, another file), so that N threads keep N cores busy while snapshots are synced: it
/// looks for work again each millisecond, and is woken as soon as `op` is done. Work done in the
/// wait is ordinary pool work that keeps its own results and panics; the waiting year goes on
/// once that work is done too. Elsewhere (a library caller's pool, the main thread), or nested
/// `MAX_NESTED_WAITS` deep, it simply waits.
fn off_worker<T: Send>(op: impl FnOnce() -> T + Send) -> T {
    let waiting = std::thread::current();
    std::thread::scope(|scope| {
        let handle = scope.spawn(move || {
            let result = op();
            waiting.unpark();
            result
        });
        let depth = NESTED_WAITS.with(|d| d.get());
        if MAY_NEST.with(|m| m.get()) && depth < MAX_NESTED_WAITS {
            NESTED_WAITS.with(|d| d.set(depth + 1));
            while !handle.is_finished() {
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    std::thread::park_timeout(std::time::Duration::from_millis(1));
                }
            }
            NESTED_WAITS.with(|d| d.set(depth));
        }
        match handle.join() {
            Ok(t) => t,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Before anything is decided about a year's snapshot (under the output lock): a swap a killed
/// run left half done is completed or undone, for `<year>/` and `<year>.incomplete/`, and the
/// staging and trash folders of killed runs are removed.
pub fn recover_year(out_dir: &Path) -> Result<(), EmitError> {
    for dir in [out_dir.to_path_buf(), sibling(out_dir, ".incomplete")] {
        let paths = SwapPaths::new(&dir, false)?;
        if !paths.parent.is_dir() {
            continue;
        }
        paths.recover_interrupted_swap()?;
        paths.remove_stale_staging()?;
    }
    Ok(())
}

/// Removes a folder without ever leaving it half deleted under its name: renamed to a hidden
/// trash name first (atomic), then deleted (a kill there leaves only hidden trash, swept later).
fn trash(path: &Path) -> Result<(), EmitError> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let hidden = path.with_file_name(format!(".{name}.trash-{}-{nanos}", std::process::id()));
    fs::rename(path, &hidden).map_err(io_err(path))?;
    fs::remove_dir_all(&hidden).map_err(io_err(&hidden))
}

/// Table names become file names: allow only `[a-z0-9_]+`, unique, not clashing with the
/// report/manifest; every column of a table must have the same length.
fn validate_tables(out_dir: &Path, tables: &[OutTable]) -> Result<(), EmitError> {
    let mut seen = std::collections::BTreeSet::new();
    for table in tables {
        let name = table.name.as_str();
        let valid = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            && name != "report"
            && name != "manifest";
        if !valid {
            return Err(invalid(out_dir, format!("invalid table name {name:?}")));
        }
        if !seen.insert(name) {
            return Err(invalid(out_dir, format!("duplicate table name {name:?}")));
        }
        let rows = table.rows();
        if let Some(c) = table.columns.iter().find(|c| c.data.len() != rows) {
            return Err(invalid(
                out_dir,
                format!(
                    "table {name}: column {} has {} rows, expected {rows}",
                    c.name,
                    c.data.len()
                ),
            ));
        }
    }
    Ok(())
}

/// The sibling paths used for the atomic replacement of `out_dir`.
struct SwapPaths {
    target: PathBuf,
    parent: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    /// Where the replaced snapshot is kept (`<year>.previous`), if it is kept.
    previous: Option<PathBuf>,
}

impl SwapPaths {
    fn new(out_dir: &Path, keep_previous: bool) -> Result<SwapPaths, EmitError> {
        let name = out_dir
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| invalid(out_dir, "output directory has no UTF-8 name".to_string()))?;
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Ok(SwapPaths {
            target: out_dir.to_path_buf(),
            // Each run stages in a folder of its own.
            tmp: parent.join(format!(".{name}.tmp-{}", std::process::id())),
            old: parent.join(format!(".{name}.old")),
            previous: keep_previous.then(|| parent.join(format!("{name}.previous"))),
            parent,
        })
    }

    /// Staging and trash folders a killed run left behind (the caller holds the output lock, so
    /// no other run is writing them).
    fn remove_stale_staging(&self) -> Result<(), EmitError> {
        let Some(name) = self.target.file_name().and_then(|n| n.to_str()) else {
            return Ok(());
        };
        let staging = format!(".{name}.tmp");
        // Whatever `trash` renamed of this year: the snapshot (".2020.trash-…"), its siblings
        // (".2020.previous.trash-…", ".2020.incomplete.trash-…") and the swap's aside
        // ("..2020.old.trash-…").
        let ours = [format!(".{name}."), format!("..{name}.")];
        let Ok(entries) = fs::read_dir(&self.parent) else {
            return Ok(());
        };
        for e in entries.flatten() {
            let stale = e.file_name().to_str().is_some_and(|n| {
                n.starts_with(&staging)
                    || (ours.iter().any(|o| n.starts_with(o.as_str())) && n.contains(".trash-"))
            });
            if stale && e.path().is_dir() {
                fs::remove_dir_all(e.path()).map_err(io_err(&e.path()))?;
            }
        }
        Ok(())
    }

    /// A crash between the two renames of [`SwapPaths::swap`] leaves only `.old`: restore it.
    /// A crash after them leaves a stale `.old` beside the new snapshot: remove it.
    fn recover_interrupted_swap(&self) -> Result<(), EmitError> {
        // Killed between the renames of a swap that keeps the previous snapshot: only
        // `<year>.previous` is there; it is the snapshot in force until a new one is whole.
        let previous = sibling(&self.target, ".previous");
        if !self.target.exists() && !self.old.exists() && previous.exists() {
            return fs::rename(&previous, &self.target).map_err(io_err(&self.target));
        }
        if !self.old.exists() {
            return Ok(());
        }
        if self.target.exists() {
            trash(&self.old)
        } else {
            fs::rename(&self.old, &self.target).map_err(io_err(&self.target))
        }
    }

    /// `fail_after == Some("swap-aside")` stops right after the old snapshot was moved aside,
    /// as a kill there would (tests only).
    fn swap(&self, fail_after: Option<&str>) -> Result<(), EmitError> {
        let had_previous = self.target.exists();
        let aside = self.previous.as_ref().unwrap_or(&self.old);
        if had_previous {
            if aside.exists() {
                trash(aside)?;
            }
            fs::rename(&self.target, aside).map_err(io_err(aside))?;
            if fail_after == Some(SWAP_ASIDE) {
                return Err(EmitError::Injected {
                    after: SWAP_ASIDE.to_string(),
                });
            }
        }
        if let Err(source) = fs::rename(&self.tmp, &self.target) {
            if had_previous {
                let _ = fs::rename(aside, &self.target);
            }
            return Err(EmitError::Io {
                path: self.target.clone(),
                source,
            });
        }
        sync_dir(&self.parent)?;
        if had_previous && self.previous.is_none() {
            trash(&self.old)?;
        }
        Ok(())
    }
}

/// Flushes a directory entry list to disk (no-op where directories cannot be opened).
fn sync_dir(dir: &Path) -> Result<(), EmitError> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_err(dir))?;
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
    }
    Ok(())
}

/// Every file of a snapshot written into `dir` (not yet synced); its manifest.
fn write_all_files(
    dir: &Path,
    written: Written,
    fail_after: Option<&str>,
) -> Result<Manifest, EmitError> {
    let Written {
        out_dir,
        tables,
        report_json,
        meta,
        extras,
    } = written;
    let check_injection = |file: &str| -> Result<(), EmitError> {
        if fail_after == Some(file) {
            return Err(EmitError::Injected {
                after: file.to_string(),
            });
        }
        Ok(())
    };
    // The tables are written while the other files are made.
    let (written, extras) =
        rayon::join(|| write_tables(dir, tables, meta, &check_injection), extras);
    let mut outputs = written?;

    if !meta.datapackage.is_null() {
        outputs.push(write_datapackage(dir, &meta.datapackage)?);
        check_injection(DATAPACKAGE_FILE)?;
    }
    let extras = extras.map_err(|(name, message)| invalid(&out_dir.join(name), message))?;
    for (name, bytes) in &extras {
        outputs.push(write_extra(dir, name, bytes)?);
        check_injection(name)?;
    }
    let report_path = dir.join(REPORT_FILE);
    write_unsynced(&report_path, report_json)?;
    outputs.push(OutputFile {
        path: REPORT_FILE.to_string(),
        sha256: None,
        rows: None,
    });
    check_injection(REPORT_FILE)?;

    let manifest = Manifest {
        schema_version: meta.schema_version.clone(),
        tool_version: meta.tool_version.clone(),
        year: meta.year,
        fingerprint: meta.fingerprint.clone(),
        gazetteer: meta.gazetteer.clone(),
        rule_sets: meta.rule_sets.clone(),
        inputs: meta.inputs.clone(),
        outputs,
        completeness: Some(meta.completeness.clone()),
    };
    let manifest_path = dir.join(MANIFEST_FILE);
    let mut manifest_bytes = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| invalid(&manifest_path, format!("manifest: {e}")))?;
    manifest_bytes.push(b'\n');
    write_unsynced(&manifest_path, &manifest_bytes)?;
    check_injection(MANIFEST_FILE)?;
    Ok(manifest)
}

/// Every table's files, written concurrently (each its own files), listed in the tables' order.
fn write_tables(
    dir: &Path,
    tables: &[OutTable],
    meta: &SnapshotMeta,
    check_injection: &(dyn Fn(&str) -> Result<(), EmitError> + Sync),
) -> Result<Vec<OutputFile>, EmitError> {
    let written: Vec<Result<Vec<OutputFile>, EmitError>> = tables
        .par_iter()
        .map(|table| {
            let kv = parquet_metadata(dir, meta, &table.name)?;
            let mut files = Vec::new();
            write_table(dir, table, kv, &mut files, check_injection)?;
            Ok(files)
        })
        .collect();
    let mut outputs = Vec::new();
    for files in written {
        outputs.extend(files?);
    }
    Ok(outputs)
}

/// The key-value metadata of a table's Parquet file (see the module documentation).
fn parquet_metadata(
    dir: &Path,
    meta: &SnapshotMeta,
    table: &str,
) -> Result<Vec<(String, String)>, EmitError> {
    let rule_sets = serde_json::to_string(&meta.rule_sets)
        .map_err(|e| invalid(dir, format!("rule_sets: {e}")))?;
    let inputs =
        serde_json::to_string(&meta.inputs).map_err(|e| invalid(dir, format!("inputs: {e}")))?;
    let complete = meta.completeness["complete"].as_bool().unwrap_or(false);
    Ok(vec![
        ("schema_version".to_string(), meta.schema_version.clone()),
        ("tool_version".to_string(), meta.tool_version.clone()),
        ("year".to_string(), meta.year.to_string()),
        ("table".to_string(), table.to_string()),
        ("rule_sets".to_string(), rule_sets),
        ("gazetteer".to_string(), meta.gazetteer.clone()),
        ("inputs".to_string(), inputs),
        ("complete".to_string(), complete.to_string()),
        ("completeness".to_string(), meta.completeness.to_string()),
    ])
}

/// One table as Parquet (with the key-value metadata `kv`) and as CSV, each listed in `outputs`.
/// Both are written a row group at a time: only one group's polars copy of the table is held.
fn write_table(
    dir: &Path,
    table: &OutTable,
    kv: Vec<(String, String)>,
    outputs: &mut Vec<OutputFile>,
    check_injection: &(dyn Fn(&str) -> Result<(), EmitError> + Sync),
) -> Result<(), EmitError> {
    let (parquet_name, csv_name) = (
        format!("{}.parquet", table.name),
        format!("{}.csv", table.name),
    );
    let (parquet_path, csv_path) = (dir.join(&parquet_name), dir.join(&csv_name));
    let rows = table.rows();
    // The first group (or none: an empty table still has its schema and header).
    let first =
        to_data_frame(table, 0, rows.min(ROW_GROUP_ROWS)).map_err(polars_err(&parquet_path))?;
    let mut parquet_file = create_hashing(&parquet_path)?;
    let mut parquet = ParquetGroups::new(&parquet_path, &mut parquet_file, &first, kv)?;
    let mut csv_file = create_hashing(&csv_path)?;
    let mut csv = csv_writer(&mut csv_file)
        .batched(first.schema())
        .map_err(polars_err(&csv_path))?;
    let mut group = Some(first);
    let mut offset = 0;
    while let Some(df) = group.take() {
        parquet.write_group(&df)?;
        csv.write_batch(&df).map_err(polars_err(&csv_path))?;
        offset += df.height();
        // One group at a time: this one goes before the next is made.
        drop(df);
        if offset < rows {
            let n = (rows - offset).min(ROW_GROUP_ROWS);
            group = Some(to_data_frame(table, offset, n).map_err(polars_err(&parquet_path))?);
        }
    }
    csv.finish().map_err(polars_err(&csv_path))?;
    drop(csv);
    parquet.finish()?;
    for (path, sha256) in [
        (
            parquet_name,
            Hashing::finish(parquet_file).map_err(io_err(&parquet_path))?,
        ),
        (
            csv_name,
            Hashing::finish(csv_file).map_err(io_err(&csv_path))?,
        ),
    ] {
        check_injection(&path)?;
        outputs.push(OutputFile {
            sha256: Some(sha256),
            path,
            rows: Some(rows as u64),
        });
    }
    Ok(())
}

/// A file given whole (the annexes), listed with its sha256.
fn write_extra(dir: &Path, name: &str, bytes: &[u8]) -> Result<OutputFile, EmitError> {
    let path = dir.join(name);
    write_unsynced(&path, bytes)?;
    Ok(OutputFile {
        path: name.to_string(),
        sha256: Some(crate::core::sha256_hex(bytes)),
        rows: None,
    })
}

/// `datapackage.json`: the CSV files' types.
fn write_datapackage(dir: &Path, datapackage: &serde_json::Value) -> Result<OutputFile, EmitError> {
    let path = dir.join(DATAPACKAGE_FILE);
    let mut bytes = serde_json::to_vec_pretty(datapackage)
        .map_err(|e| invalid(&path, format!("datapackage: {e}")))?;
    bytes.push(b'\n');
    write_unsynced(&path, &bytes)?;
    Ok(OutputFile {
        path: DATAPACKAGE_FILE.to_string(),
        sha256: Some(crate::core::sha256_hex(&bytes)),
        rows: None,
    })
}

/// The Enum dtype of level columns: `I, II, III, IV, Không xếp hạng`, best first.
pub(crate) fn level_dtype() -> polars::prelude::PolarsResult<DataType> {
    let categories = FrozenCategories::new(Level::ALL.iter().map(|l| l.as_str()))?;
    Ok(DataType::from_frozen_categories(categories))
}

/// Rows `offset..offset + n` of a table as a polars frame.
fn to_data_frame(
    table: &OutTable,
    offset: usize,
    n: usize,
) -> polars::prelude::PolarsResult<DataFrame> {
    let rows = offset..offset + n;
    let mut columns: Vec<PlColumn> = Vec::with_capacity(table.columns.len());
    for column in &table.columns {
        // `write_year` checked that every column has the table's rows; a short one is an
        // error here too, not a panic.
        if column.data.len() < rows.end {
            let msg = format!("column {} has {} rows", column.name, column.data.len());
            return Err(polars::prelude::PolarsError::ShapeMismatch(msg.into()));
        }
        let name = column.name.as_str().into();
        let series = match &column.data {
            ColumnData::Str(v) => {
                StringChunked::from_iter_options(name, rows.clone().map(|i| v.get(i))).into_series()
            }
            ColumnData::F64(v) => Series::new(name, &v[rows.clone()]),
            ColumnData::U32(v) => Series::new(name, &v[rows.clone()]),
            ColumnData::I32(v) => Series::new(name, &v[rows.clone()]),
            ColumnData::Level(v) => {
                let text: Vec<Option<&str>> = v[rows.clone()]
                    .iter()
                    .map(|l| l.map(Level::as_str))
                    .collect();
                Series::new(name, text).strict_cast(&level_dtype()?)?
            }
        };
        columns.push(series.into_column());
    }
    DataFrame::new(n, columns)
}

/// The Parquet files' compression: snappy, which every reader knows. The snapshots' tables are
/// small: zstd made them 2 % smaller, and creating its context for every page cost 7 % of a
/// national run.
const PARQUET_COMPRESSION: CompressionOptions = CompressionOptions::Snappy;

/// Rows per Parquet row group (polars' streaming sink's default): a snapshot's tables are
/// mostly one group; a 300,000-row table is three.
const ROW_GROUP_ROWS: usize = 122_880;

/// A table's Parquet file being written with polars' encoder directly, a row group at a time:
/// its columns as the oldest arrow types (`large_string`, which pyarrow filters on, not
/// `string_view`), with the key-value metadata and the arrow schema (the levels' Enum: an
/// ordered category in pandas). The same encoder as polars' streaming sink, without starting a
/// streaming query per file.
struct ParquetGroups<'f> {
    path: &'f Path,
    writer: BatchedWriter<&'f mut io::BufWriter<Hashing>>,
    arrow_schema: polars::prelude::ArrowSchema,
    parquet_schema: polars_parquet::write::SchemaDescriptor,
    encodings: Vec<Vec<polars_parquet::write::Encoding>>,
    options: WriteOptions,
}

impl<'f> ParquetGroups<'f> {
    /// Starts the file with the schema of `df` (a frame of the table).
    fn new(
        path: &'f Path,
        file: &'f mut io::BufWriter<Hashing>,
        df: &DataFrame,
        key_values: Vec<(String, String)>,
    ) -> Result<ParquetGroups<'f>, EmitError> {
        let options = WriteOptions {
            statistics: StatisticsOptions::default(),
            version: Version::V1,
            compression: PARQUET_COMPRESSION,
            data_page_size: None,
        };
        let arrow_schema = schema_to_arrow_checked(df.schema(), CompatLevel::oldest(), "parquet")
            .map_err(polars_err(path))?;
        let parquet_schema = to_parquet_schema(&arrow_schema).map_err(polars_err(path))?;
        let encodings = get_encodings(&arrow_schema);
        let writer = BatchedWriter::new(
            std::sync::Mutex::new(FileWriter::new_with_parquet_schema(
                file,
                arrow_schema.clone(),
                parquet_schema.clone(),
                options,
            )),
            encodings.clone(),
            options,
            false,
            Some(KeyValueMetadata::from_static(key_values)),
        );
        Ok(ParquetGroups {
            path,
            writer,
            arrow_schema,
            parquet_schema,
            encodings: encodings.to_vec(),
            options,
        })
    }

    /// One row group (nothing for no rows).
    fn write_group(&mut self, rows: &DataFrame) -> Result<(), EmitError> {
        if rows.height() == 0 {
            return Ok(());
        }
        let path = self.path;
        let mut group: Vec<Vec<CompressedPage>> = Vec::with_capacity(rows.width());
        for (i, column) in rows.columns().iter().enumerate() {
            let (Some((_, field)), Some(parquet_type)) = (
                self.arrow_schema.get_at_index(i),
                self.parquet_schema.fields().get(i),
            ) else {
                return Err(invalid(path, format!("column {i} is not in the schema")));
            };
            let array = column
                .as_materialized_series()
                .rechunk()
                .to_arrow_with_field(0, Cow::Borrowed(field), true)
                .map_err(polars_err(path))?;
            let columns = array_to_columns(
                array,
                parquet_type.clone(),
                self.options,
                &self.encodings[i],
            )
            .map_err(polars_err(path))?;
            for pages in columns {
                let pages = pages
                    .map(|page| page.map_err(|e| ParquetError::FeatureNotSupported(e.to_string())));
                let compressed =
                    Compressor::new_from_vec(pages, self.options.compression, Vec::new())
                        .collect::<Result<Vec<_>, ParquetError>>()
                        .map_err(|e| invalid(path, format!("parquet: {e}")))?;
                group.push(compressed);
            }
        }
        self.writer
            .write_row_group(rows.height() as u64, &group)
            .map_err(polars_err(path))
    }

    /// The footer (the schema and the key-value metadata).
    fn finish(self) -> Result<(), EmitError> {
        self.writer.finish().map_err(polars_err(self.path))?;
        Ok(())
    }
}

/// A new file, hashed as it is written.
fn create_hashing(path: &Path) -> Result<io::BufWriter<Hashing>, EmitError> {
    Ok(io::BufWriter::new(Hashing::new(
        File::create(path).map_err(io_err(path))?,
    )))
}

/// The CSV writer of the tables: a BOM (Excel), a header, `,` and `.`, `\n`.
fn csv_writer<W: Write>(file: W) -> CsvWriter<W> {
    CsvWriter::new(file)
        .include_bom(true)
        .include_header(true)
        .with_separator(b',')
        .with_decimal_comma(false)
        .with_line_terminator("\n".into())
        .n_threads(1)
}

/// A file being written, hashed as it goes: the manifest's sha256 without reading it back.
struct Hashing {
    file: File,
    hasher: Sha256,
}

impl Hashing {
    fn new(file: File) -> Hashing {
        Hashing {
            file,
            hasher: Sha256::new(),
        }
    }

    /// Flushes the buffer and returns the sha256 (hex) of all that was written.
    fn finish(buffered: io::BufWriter<Hashing>) -> io::Result<String> {
        let hashing = buffered
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        Ok(crate::core::hex(&hashing.hasher.finalize()))
    }
}

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// A file written whole, to be synced with the others of its snapshot (`sync_files`).
fn write_unsynced(path: &Path, bytes: &[u8]) -> Result<(), EmitError> {
    fs::write(path, bytes).map_err(io_err(path))
}

/// Every named file of `dir` made durable, concurrently: one thread per file, so that their
/// fsyncs share the filesystem's journal commits.
fn sync_files(dir: &Path, names: &[&str]) -> Result<(), EmitError> {
    let sync = |name: &str| {
        let path = dir.join(name);
        // Opened for writing: some systems flush only a writable handle.
        fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .and_then(|f| f.sync_all())
            .map_err(|source| EmitError::Io { path, source })
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = names
            .iter()
            .map(|name| scope.spawn(move || sync(name)))
            .collect();
        let mut result = Ok(());
        for h in handles {
            let r = h.join().unwrap_or_else(|_| {
                Err(invalid(
                    dir,
                    "a thread syncing the snapshot panicked".to_string(),
                ))
            });
            if result.is_ok() {
                result = r;
            }
        }
        result
    })
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), EmitError> {
    let mut file = File::create(path).map_err(io_err(path))?;
    file.write_all(bytes).map_err(io_err(path))?;
    file.sync_all().map_err(io_err(path))
}

/// True when `out_dir/manifest.json` parses, has the same fingerprint and schema version, and
/// every listed output still exists with its recorded sha256 (entries without a hash only need to
/// exist).
pub fn is_up_to_date(out_dir: &Path, fingerprint: &str, schema_version: &str) -> bool {
    let Ok(bytes) = fs::read(out_dir.join(MANIFEST_FILE)) else {
        return false;
    };
    let Ok(manifest) = serde_json::from_slice::<Manifest>(&bytes) else {
        return false;
    };
    if manifest.fingerprint != fingerprint || manifest.schema_version != schema_version {
        return false;
    }
    manifest.outputs.iter().all(|output| {
        // Only plain file names inside the year directory are trusted.
        let plain = Path::new(&output.path)
            .file_name()
            .is_some_and(|n| n == output.path.as_str());
        if !plain {
            return false;
        }
        let path = out_dir.join(&output.path);
        match &output.sha256 {
            Some(want) => sha256_file(&path).is_ok_and(|got| &got == want),
            None => path.is_file(),
        }
    })
}

/// The run's result at the output folder's root (`run.json`), replaced whole (temp + rename).
pub fn write_run_json(root: &Path, bytes: &[u8]) -> Result<(), EmitError> {
    fs::create_dir_all(root).map_err(io_err(root))?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let tmp = root.join(format!(".run.json.tmp-{}-{nanos}", std::process::id()));
    write_synced(&tmp, bytes)?;
    let path = root.join(RUN_FILE);
    fs::rename(&tmp, &path).map_err(io_err(&path))
}

/// A table of a snapshot read back from its Parquet (`<dir>/<name>.parquet`), typed as written:
/// String → `Str`, Float64 → `F64`, UInt32 → `U32`, Int32 → `I32`, the level Enum → `Level`.
pub fn read_table(dir: &Path, name: &str) -> Result<OutTable, EmitError> {
    let path = dir.join(format!("{name}.parquet"));
    let file = File::open(&path).map_err(io_err(&path))?;
    let df = ParquetReader::new(file)
        .finish()
        .map_err(polars_err(&path))?;
    let columns = df
        .columns()
        .iter()
        .map(|c| {
            Ok(Column {
                name: c.name().to_string(),
                data: column_data(c)?,
            })
        })
        .collect::<polars::prelude::PolarsResult<Vec<Column>>>()
        .map_err(polars_err(&path))?;
    Ok(OutTable {
        name: name.to_string(),
        columns,
    })
}

/// The values of a Parquet column, by its type (text for any other type).
fn column_data(c: &PlColumn) -> polars::prelude::PolarsResult<ColumnData> {
    Ok(match c.dtype() {
        DataType::Float64 => ColumnData::F64(c.f64()?.iter().collect()),
        DataType::UInt32 => ColumnData::U32(c.u32()?.iter().collect()),
        DataType::Int32 => ColumnData::I32(c.i32()?.iter().collect()),
        DataType::Enum(..) | DataType::Categorical(..) => {
            let text = c.cast(&DataType::String)?;
            ColumnData::Level(
                text.str()?
                    .iter()
                    .map(|v| v.and_then(Level::parse))
                    .collect(),
            )
        }
        _ => {
            let text = c.cast(&DataType::String)?;
            ColumnData::Str(text.str()?.iter().collect())
        }
    })
}

/// The `district` and `commune` tables of the other years' snapshots in `root` (folders named by
/// a year, with a manifest, other than `year`), oldest first, for the report's comparison of
/// years. A snapshot whose tables cannot be read is left out (the report is about `year`).
pub fn other_years(root: &Path, year: i32) -> Vec<(i32, Vec<OutTable>)> {
    let Ok(entries) = fs::read_dir(root) else {
        return Vec::new();
    };
    let mut years: Vec<i32> = entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter(|y| *y != year && (1000..=9999).contains(y))
        .collect();
    years.sort_unstable();
    years
        .into_iter()
        .filter_map(|y| {
            let dir = root.join(y.to_string());
            if !dir.join(MANIFEST_FILE).is_file() {
                return None;
            }
            let tables = vec![
                read_table(&dir, "district").ok()?,
                read_table(&dir, "commune").ok()?,
            ];
            Some((y, tables))
        })
        .collect()
}

/// Replaces one file of an existing snapshot (temp + rename) and its sha256 in the manifest
/// (listed if it was not), the manifest replaced the same way; the other files are untouched.
pub fn replace_file(out_dir: &Path, name: &str, bytes: &[u8]) -> Result<(), EmitError> {
    let manifest_path = out_dir.join(MANIFEST_FILE);
    let text = fs::read(&manifest_path).map_err(io_err(&manifest_path))?;
    let mut manifest: Manifest = serde_json::from_slice(&text)
        .map_err(|e| invalid(&manifest_path, format!("manifest: {e}")))?;
    let path = out_dir.join(name);
    let tmp = out_dir.join(format!(".{name}.tmp"));
    write_synced(&tmp, bytes)?;
    fs::rename(&tmp, &path).map_err(io_err(&path))?;
    let sha = sha256_file(&path).map_err(io_err(&path))?;
    match manifest.outputs.iter_mut().find(|o| o.path == name) {
        Some(o) => o.sha256 = Some(sha),
        None => manifest.outputs.push(OutputFile {
            path: name.to_string(),
            sha256: Some(sha),
            rows: None,
        }),
    }
    let mut manifest_bytes = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| invalid(&manifest_path, format!("manifest: {e}")))?;
    manifest_bytes.push(b'\n');
    let tmp = out_dir.join(format!(".{MANIFEST_FILE}.tmp"));
    write_synced(&tmp, &manifest_bytes)?;
    fs::rename(&tmp, &manifest_path).map_err(io_err(&manifest_path))?;
    sync_dir(out_dir)
}

/// Whether the snapshot in `out_dir` is complete, by its manifest: `None` without a readable
/// manifest; a snapshot written before completeness was recorded counts as complete.
pub fn snapshot_is_complete(out_dir: &Path) -> Option<bool> {
    let bytes = fs::read(out_dir.join(MANIFEST_FILE)).ok()?;
    let manifest = serde_json::from_slice::<Manifest>(&bytes).ok()?;
    Some(
        manifest
            .completeness
            .and_then(|c| c["complete"].as_bool())
            .unwrap_or(true),
    )
}

/// `output/2020` → `output/2020.previous` (or another suffix): a sibling snapshot folder.
pub fn sibling(out_dir: &Path, suffix: &str) -> PathBuf {
    let mut name = out_dir.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    out_dir.with_file_name(name)
}

/// Removes a sibling snapshot folder (`<year>.incomplete` once the year is complete again).
pub fn remove_sibling(out_dir: &Path, suffix: &str) -> Result<(), EmitError> {
    let path = sibling(out_dir, suffix);
    if path.exists() {
        trash(&path)?;
    }
    Ok(())
}

/// Lowercase hex SHA-256 of a file, read in 64 KiB chunks.
pub fn sha256_file(path: &Path) -> io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(crate::core::hex(&hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether, on a pool of one thread, a wait in `off_worker` lets the work queued behind it
    /// run: the synced operation itself waits (up to `patience`) for that work.
    fn nested_in_wait(allowed: bool, patience: std::time::Duration) -> bool {
        use std::sync::atomic::{AtomicBool, Ordering};
        let pool = if allowed {
            worker_pool()
        } else {
            rayon::ThreadPoolBuilder::new()
        };
        let pool = pool.num_threads(1).build().expect("pool");
        let other_ran = AtomicBool::new(false);
        let (seen, ()) = pool.install(|| {
            rayon::join(
                || {
                    off_worker(|| {
                        let until = std::time::Instant::now() + patience;
                        while !other_ran.load(Ordering::SeqCst) && std::time::Instant::now() < until
                        {
                            std::thread::sleep(std::time::Duration::from_millis(1));
                        }
                        other_ran.load(Ordering::SeqCst)
                    })
                },
                || other_ran.store(true, Ordering::SeqCst),
            )
        });
        seen
    }

    #[test]
    fn a_worker_does_other_work_while_a_snapshot_is_synced() {
        // One thread: the other half of the join can only run inside the wait.
        assert!(nested_in_wait(true, std::time::Duration::from_secs(20)));
        // Without the room to nest, the worker waits: the other half runs only after.
        assert!(!nested_in_wait(
            false,
            std::time::Duration::from_millis(200)
        ));
    }

    #[test]
    fn a_synced_operation_gives_its_result_and_its_panic() {
        assert_eq!(off_worker(|| 7), 7);
        let panicked = std::panic::catch_unwind(|| off_worker(|| panic!("disk")));
        assert!(panicked.is_err());
    }

    #[test]
    fn texts_keep_values_nulls_and_empty_strings_apart() {
        let values = [Some("Xã Cam Hòa"), None, Some(""), Some("đ"), None];
        let t: Texts = values.iter().copied().collect();
        assert_eq!(t.len(), 5);
        assert_eq!(t.iter().collect::<Vec<_>>(), values);
        assert_eq!(t.get(3), Some("đ"));
        assert_eq!(t.get(5), None);
        assert!(Texts::default().is_empty());
        let same: Texts = values.iter().map(|v| v.map(str::to_string)).collect();
        assert_eq!(same, t);
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    fn str_col(name: &str, values: &[Option<&str>]) -> Column {
        Column {
            name: name.to_string(),
            data: ColumnData::Str(values.iter().copied().collect()),
        }
    }

    /// A small, realistic snapshot; `variant` changes a score so two snapshots differ.
    fn sample_tables(variant: u32) -> Vec<OutTable> {
        let score = if variant == 0 { 21.6 } else { 35.25 };
        let district = OutTable {
            name: "district".to_string(),
            columns: vec![
                Column {
                    name: "year".into(),
                    data: ColumnData::I32(vec![Some(2020), Some(2020)]),
                },
                str_col("province_code", &[Some("56"), Some("56")]),
                str_col("district_code", &[Some("569"), Some("568")]),
                str_col("district_name", &[Some("Diên Khánh"), Some("Nha Trang")]),
                Column {
                    name: "achieved_score".into(),
                    data: ColumnData::F64(vec![Some(87.1), None]),
                },
                Column {
                    name: "achieved_level".into(),
                    data: ColumnData::Level(vec![Some(Level::II), None]),
                },
                Column {
                    name: "communes".into(),
                    data: ColumnData::U32(vec![Some(18), Some(27)]),
                },
            ],
        };
        let commune = OutTable {
            name: "commune".to_string(),
            columns: vec![
                Column {
                    name: "year".into(),
                    data: ColumnData::I32(vec![Some(2020); 3]),
                },
                str_col("province_code", &[Some("56"); 3]),
                str_col("district_code", &[Some("569"), Some("569"), Some("568")]),
                str_col(
                    "district_name",
                    &[Some("Diên Khánh"), Some("Diên Khánh"), Some("Nha Trang")],
                ),
                str_col(
                    "commune_code",
                    &[Some("22732"), Some("22735"), Some("22333")],
                ),
                str_col(
                    "commune_name",
                    &[Some("Ba Cụm Bắc"), Some("Diên An, \"quoted\""), None],
                ),
                Column {
                    name: "achieved_score".into(),
                    data: ColumnData::F64(vec![Some(score), Some(87.1), Some(100.0)]),
                },
                Column {
                    name: "achieved_level".into(),
                    data: ColumnData::Level(vec![
                        Some(Level::NotRanked),
                        Some(Level::I),
                        Some(Level::IV),
                    ]),
                },
                Column {
                    name: "readiness_level".into(),
                    data: ColumnData::Level(vec![Some(Level::III), None, Some(Level::I)]),
                },
                Column {
                    name: "rank".into(),
                    data: ColumnData::U32(vec![Some(3), Some(1), None]),
                },
            ],
        };
        let rejects = OutTable {
            name: "rejects".to_string(),
            columns: vec![
                str_col("source_file", &[Some("2020/khanh_hoa.xlsx")]),
                Column {
                    name: "row".into(),
                    data: ColumnData::U32(vec![Some(12)]),
                },
                Column {
                    name: "reason".into(),
                    data: ColumnData::Str([s("điểm không hợp lệ")].into_iter().collect()),
                },
            ],
        };
        vec![district, commune, rejects]
    }

    fn sample_meta() -> SnapshotMeta {
        SnapshotMeta {
            schema_version: "1".to_string(),
            tool_version: "0.1.0".to_string(),
            year: 2020,
            inputs: vec![InputFile {
                path: "input/2020/khanh_hoa.xlsx".to_string(),
                sha256: "ab".repeat(32),
                bytes: 12345,
            }],
            rule_sets: serde_json::json!({"commune": {"id": "2392-2020", "cutoffs": [80, 65, 50, 35]}}),
            gazetteer: "gazetteer-2020.csv".to_string(),
            fingerprint: "fp-1".to_string(),
            completeness: serde_json::json!({"complete": true}),
            datapackage: serde_json::Value::Null,
        }
    }

    fn read_parquet(path: &Path) -> DataFrame {
        let file = File::open(path).expect("open parquet");
        ParquetReader::new(file).finish().expect("read parquet")
    }

    fn dir_listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_all_files_with_dtypes_metadata_and_manifest() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("output").join("2020");
        let meta = sample_meta();
        let manifest =
            write_year_with(&out, &sample_tables(0), b"{\"t\":1}", &meta, None).expect("write");

        assert_eq!(
            dir_listing(&out),
            [
                "commune.csv",
                "commune.parquet",
                "district.csv",
                "district.parquet",
                "manifest.json",
                "rejects.csv",
                "rejects.parquet",
                "report.json"
            ]
        );
        // Only the snapshot remains beside it.
        assert_eq!(dir_listing(out.parent().expect("parent")), ["2020"]);

        let df = read_parquet(&out.join("commune.parquet"));
        assert_eq!(df.height(), 3);
        let level = level_dtype().expect("level dtype");
        let schema = df.schema();
        assert_eq!(schema.get("year"), Some(&DataType::Int32));
        assert_eq!(schema.get("commune_code"), Some(&DataType::String));
        assert_eq!(schema.get("achieved_score"), Some(&DataType::Float64));
        assert_eq!(schema.get("rank"), Some(&DataType::UInt32));
        assert_eq!(schema.get("achieved_level"), Some(&level));
        assert_eq!(schema.get("readiness_level"), Some(&level));
        let levels = df
            .column("achieved_level")
            .expect("col")
            .cast(&DataType::String)
            .expect("cast");
        let levels: Vec<Option<&str>> = levels.str().expect("str").iter().collect();
        assert_eq!(levels, [Some("Không xếp hạng"), Some("I"), Some("IV")]);

        // File-level key-value metadata sits uncompressed in the footer.
        let bytes = fs::read(out.join("commune.parquet")).expect("read");
        let contains = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        for needle in [
            "schema_version",
            "tool_version",
            "gazetteer-2020.csv",
            "rule_sets",
            "{\"commune\":{\"cutoffs\":[80,65,50,35],\"id\":\"2392-2020\"}}",
            "input/2020/khanh_hoa.xlsx",
        ] {
            assert!(contains(needle), "parquet metadata lacks {needle}");
        }

        assert_eq!(
            fs::read(out.join("report.json")).expect("report"),
            b"{\"t\":1}"
        );
        let on_disk: Manifest =
            serde_json::from_slice(&fs::read(out.join(MANIFEST_FILE)).expect("manifest"))
                .expect("parse manifest");
        assert_eq!(on_disk, manifest);
        assert_eq!(manifest.fingerprint, "fp-1");
        assert_eq!(manifest.outputs.len(), 7);
        let commune_parquet = &manifest.outputs[2];
        assert_eq!(commune_parquet.path, "commune.parquet");
        assert_eq!(commune_parquet.rows, Some(3));
        assert_eq!(
            commune_parquet.sha256.as_deref(),
            Some(
                sha256_file(&out.join("commune.parquet"))
                    .expect("hash")
                    .as_str()
            )
        );
        let report = manifest.outputs.last().expect("report entry");
        assert_eq!(
            (report.path.as_str(), &report.sha256),
            ("report.json", &None)
        );
    }

    #[test]
    fn files_made_while_the_tables_are_written_are_listed_after_the_tables() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("2020");
        let meta = sample_meta();
        let made = Box::new(|| {
            Ok(vec![
                ("given.txt".to_string(), b"given".to_vec()),
                ("made.txt".to_string(), b"made".to_vec()),
            ])
        });
        let manifest =
            write_year_making(&out, &sample_tables(0), b"{}", &meta, false, made).expect("write");
        assert_eq!(fs::read(out.join("made.txt")).expect("made"), b"made");
        let paths: Vec<&str> = manifest.outputs.iter().map(|o| o.path.as_str()).collect();
        let given = paths
            .iter()
            .position(|p| *p == "given.txt")
            .expect("given listed");
        assert!(
            paths[..given]
                .iter()
                .all(|p| p.ends_with(".parquet") || p.ends_with(".csv")),
            "{paths:?}"
        );
        assert_eq!(paths.get(given + 1), Some(&"made.txt"));
        assert_eq!(paths.get(given + 2), Some(&REPORT_FILE));
        let made = &manifest.outputs[given + 1];
        assert_eq!(
            made.sha256.as_deref(),
            Some(crate::core::sha256_hex(b"made").as_str())
        );
        assert_eq!(
            made.sha256,
            Some(sha256_file(&out.join("made.txt")).expect("hash"))
        );
    }

    #[test]
    fn a_file_that_cannot_be_made_leaves_the_previous_snapshot() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("2020");
        write_year_with(&out, &sample_tables(0), b"{\"n\":1}", &sample_meta(), None)
            .expect("first");
        let failing = Box::new(|| Err(("phu-luc.xlsx".to_string(), "no tables".to_string())));
        let err = write_year_making(
            &out,
            &sample_tables(1),
            b"{}",
            &sample_meta(),
            false,
            failing,
        )
        .expect_err("a file could not be made");
        let named = out.join("phu-luc.xlsx").display().to_string();
        assert!(err.to_string().contains(&named), "{err}");
        assert!(err.to_string().contains("no tables"), "{err}");
        assert_eq!(fs::read(out.join(REPORT_FILE)).expect("kept"), b"{\"n\":1}");
        let left: Vec<String> = fs::read_dir(root.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["2020"], "no staging folder left");
    }

    #[test]
    fn a_table_longer_than_a_row_group_is_written_in_several_and_reads_back_whole() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("2020");
        let rows = ROW_GROUP_ROWS + 1;
        let level = |i: usize| (i % 6 != 5).then(|| Level::ALL[i % 5]);
        let table = OutTable {
            name: "commune".to_string(),
            columns: vec![
                Column {
                    name: "commune_code".to_string(),
                    data: ColumnData::Str((0..rows).map(|i| Some(format!("{i:05}"))).collect()),
                },
                Column {
                    name: "achieved_score".to_string(),
                    data: ColumnData::F64(
                        (0..rows)
                            .map(|i| (i % 7 != 0).then_some(i as f64 / 4.0))
                            .collect(),
                    ),
                },
                Column {
                    name: "achieved_level".to_string(),
                    data: ColumnData::Level((0..rows).map(level).collect()),
                },
            ],
        };
        let manifest = write_year_with(
            &out,
            std::slice::from_ref(&table),
            b"{}",
            &sample_meta(),
            None,
        )
        .expect("write");
        let path = out.join("commune.parquet");
        let mut file = File::open(&path).expect("parquet");
        let metadata = polars_parquet::read::read_metadata(&mut file).expect("metadata");
        let groups: Vec<usize> = metadata.row_groups.iter().map(|g| g.num_rows()).collect();
        assert_eq!(groups, [ROW_GROUP_ROWS, 1]);
        assert_eq!(read_table(&out, "commune").expect("read back"), table);
        let listed = manifest
            .outputs
            .iter()
            .find(|o| o.path == "commune.parquet");
        assert_eq!(listed.and_then(|o| o.rows), Some(rows as u64));
    }

    #[test]
    fn csv_has_one_bom_header_plain_floats_and_level_text() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("2020");
        write_year_with(&out, &sample_tables(0), b"{}", &sample_meta(), None).expect("write");
        let bytes = fs::read(out.join("commune.csv")).expect("csv");
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        assert!(!bytes[3..].starts_with(&[0xEF, 0xBB, 0xBF]));
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "year,province_code,district_code,district_name,commune_code,commune_name,achieved_score,achieved_level,readiness_level,rank",
                "2020,56,569,Diên Khánh,22732,Ba Cụm Bắc,21.6,Không xếp hạng,III,3",
                "2020,56,569,Diên Khánh,22735,\"Diên An, \"\"quoted\"\"\",87.1,I,,1",
                "2020,56,568,Nha Trang,22333,,100.0,IV,I,",
            ]
        );
        assert!(text.ends_with('\n') && !text.contains('\r'));
    }

    #[test]
    fn two_runs_are_byte_identical_except_report() {
        let root = tempfile::tempdir().expect("tempdir");
        let a = root.path().join("a").join("2020");
        let b = root.path().join("b").join("2020");
        let meta = sample_meta();
        write_year_with(&a, &sample_tables(0), b"{\"at\":\"10:00\"}", &meta, None).expect("a");
        write_year_with(&b, &sample_tables(0), b"{\"at\":\"10:05\"}", &meta, None).expect("b");
        for name in dir_listing(&a) {
            if name == REPORT_FILE {
                continue;
            }
            let left = fs::read(a.join(&name)).expect("left");
            let right = fs::read(b.join(&name)).expect("right");
            assert!(left == right, "{name} differs between runs");
        }
    }

    #[test]
    fn injected_failure_keeps_previous_snapshot_and_removes_temp_dir() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("2020");
        let meta = sample_meta();
        write_year_with(&out, &sample_tables(0), b"{}", &meta, None).expect("first");
        let before: Vec<(String, Vec<u8>)> = dir_listing(&out)
            .into_iter()
            .map(|n| {
                let bytes = fs::read(out.join(&n)).expect("read");
                (n, bytes)
            })
            .collect();

        for after in [
            "commune.parquet",
            "district.csv",
            "report.json",
            "manifest.json",
        ] {
            let mut changed = meta.clone();
            changed.fingerprint = "fp-2".to_string();
            let err = write_year_with(&out, &sample_tables(1), b"{}", &changed, Some(after))
                .expect_err("injected");
            assert!(
                matches!(&err, EmitError::Injected { after: a } if a == after),
                "{err}"
            );
            let now: Vec<(String, Vec<u8>)> = dir_listing(&out)
                .into_iter()
                .map(|n| {
                    let bytes = fs::read(out.join(&n)).expect("read");
                    (n, bytes)
                })
                .collect();
            assert!(now == before, "snapshot changed after failure at {after}");
            assert_eq!(
                dir_listing(root.path()),
                ["2020"],
                "leftovers after {after}"
            );
            assert!(is_up_to_date(&out, "fp-1", "1"));
        }
    }

    #[test]
    fn replaces_previous_snapshot() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("2020");
        let meta = sample_meta();
        write_year_with(&out, &sample_tables(0), b"{}", &meta, None).expect("first");
        let first = fs::read(out.join("commune.parquet")).expect("first bytes");
        write_year_with(&out, &sample_tables(1), b"{}", &meta, None).expect("second");
        let second = fs::read(out.join("commune.parquet")).expect("second bytes");
        assert_ne!(first, second);
        let df = read_parquet(&out.join("commune.parquet"));
        let scores: Vec<Option<f64>> = df
            .column("achieved_score")
            .expect("col")
            .f64()
            .expect("f64")
            .iter()
            .collect();
        assert_eq!(scores, [Some(35.25), Some(87.1), Some(100.0)]);
        assert_eq!(dir_listing(root.path()), ["2020"]);
    }

    #[test]
    fn recovers_from_interrupted_swap() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("2020");
        let meta = sample_meta();
        write_year_with(&out, &sample_tables(0), b"{}", &meta, None).expect("first");
        // Simulate a crash between the two renames: only `.2020.old` exists.
        fs::rename(&out, root.path().join(".2020.old")).expect("rename");
        let err = write_year_with(&out, &sample_tables(1), b"{}", &meta, Some("rejects.csv"))
            .expect_err("injected");
        assert!(matches!(err, EmitError::Injected { .. }));
        assert!(is_up_to_date(&out, "fp-1", "1"));
        assert_eq!(dir_listing(root.path()), ["2020"]);
    }

    #[test]
    fn trash_left_by_a_killed_run_is_swept() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("2020");
        let left = [
            ".2020.trash-1-2",
            "..2020.old.trash-3-4",
            ".2020.previous.trash-5-6",
            ".2020.incomplete.trash-7-8",
            ".2020.tmp-9",
        ];
        for name in left {
            fs::create_dir_all(root.path().join(name).join("x")).expect("mkdir");
        }
        fs::create_dir_all(root.path().join(".2021.trash-1-2")).expect("mkdir");
        write_year_with(&out, &sample_tables(0), b"{}", &sample_meta(), None).expect("write");
        assert_eq!(dir_listing(root.path()), [".2021.trash-1-2", "2020"]);
    }

    #[test]
    fn empty_tables_keep_the_full_schema() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("2020");
        let mut tables = sample_tables(0);
        for table in &mut tables {
            for column in &mut table.columns {
                column.data = match &column.data {
                    ColumnData::Str(_) => ColumnData::Str(Texts::default()),
                    ColumnData::F64(_) => ColumnData::F64(vec![]),
                    ColumnData::U32(_) => ColumnData::U32(vec![]),
                    ColumnData::I32(_) => ColumnData::I32(vec![]),
                    ColumnData::Level(_) => ColumnData::Level(vec![]),
                };
            }
        }
        let manifest = write_year_with(&out, &tables, b"{}", &sample_meta(), None).expect("write");
        assert!(manifest.outputs.iter().all(|o| o.rows.unwrap_or(0) == 0));
        let df = read_parquet(&out.join("commune.parquet"));
        assert_eq!(df.height(), 0);
        assert_eq!(df.width(), 10);
        assert_eq!(
            df.schema().get("achieved_level"),
            Some(&level_dtype().expect("dtype"))
        );
        assert_eq!(df.schema().get("rank"), Some(&DataType::UInt32));
        assert_eq!(df.schema().get("commune_name"), Some(&DataType::String));
        let csv = fs::read(out.join("rejects.csv")).expect("csv");
        assert_eq!(csv, "\u{feff}source_file,row,reason\n".as_bytes());
    }

    #[test]
    fn up_to_date_checks_fingerprint_schema_and_hashes() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("2020");
        assert!(!is_up_to_date(&out, "fp-1", "1"));
        write_year_with(&out, &sample_tables(0), b"{}", &sample_meta(), None).expect("write");
        assert!(is_up_to_date(&out, "fp-1", "1"));
        assert!(!is_up_to_date(&out, "fp-2", "1"));
        assert!(!is_up_to_date(&out, "fp-1", "2"));
        // The report has no hash: editing it keeps the snapshot current.
        fs::write(out.join(REPORT_FILE), b"{\"edited\":true}").expect("edit report");
        assert!(is_up_to_date(&out, "fp-1", "1"));
        let mut csv = fs::read(out.join("district.csv")).expect("csv");
        csv.push(b'\n');
        fs::write(out.join("district.csv"), csv).expect("edit csv");
        assert!(!is_up_to_date(&out, "fp-1", "1"));
        fs::remove_file(out.join("district.csv")).expect("remove");
        assert!(!is_up_to_date(&out, "fp-1", "1"));
        fs::write(out.join(MANIFEST_FILE), b"not json").expect("garble");
        assert!(!is_up_to_date(&out, "fp-1", "1"));
    }

    #[test]
    fn rejects_bad_tables_without_touching_the_snapshot() {
        let root = tempfile::tempdir().expect("tempdir");
        let out = root.path().join("2020");
        let meta = sample_meta();
        let mut ragged = sample_tables(0);
        ragged[1].columns[9].data = ColumnData::U32(vec![Some(1)]);
        let err = write_year_with(&out, &ragged, b"{}", &meta, None).expect_err("ragged");
        assert!(
            err.to_string()
                .contains("column rank has 1 rows, expected 3"),
            "{err}"
        );
        let mut bad_name = sample_tables(0);
        bad_name[0].name = "../x".to_string();
        assert!(write_year_with(&out, &bad_name, b"{}", &meta, None).is_err());
        let mut duplicate = sample_tables(0);
        duplicate[1].name = "district".to_string();
        assert!(write_year_with(&out, &duplicate, b"{}", &meta, None).is_err());
        assert!(!out.exists());
        assert!(fs::read_dir(root.path()).expect("list").next().is_none());
    }

    #[test]
    fn sha256_of_known_content() {
        let root = tempfile::tempdir().expect("tempdir");
        let path = root.path().join("abc.txt");
        fs::write(&path, b"abc").expect("write");
        assert_eq!(
            sha256_file(&path).expect("hash"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(sha256_file(&root.path().join("missing")).is_err());
    }
}
