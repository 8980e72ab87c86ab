//! The command line: the only module that parses arguments, prints, or uses anyhow. It decides
//! exit codes (see `Exit`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::SystemTime;

use clap::{Parser, Subcommand, ValueEnum};

use crate::finding::render::human_line;
use std::sync::Arc;

use rayon::prelude::*;

use crate::batch::{self, Gazetteers};
use crate::finding::{Lang, Severity};
use crate::gazetteer::Gazetteer;
use crate::ingest;
use crate::pipeline::{self, OnError, Pipeline};
use crate::run::{self, RunOptions, YearOutcome};
use crate::words::Text;

/// Prints a line to stdout; a closed pipe (`egov-etl units … | head`) is not an error.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Exit status, one meaning per value (also in README.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything read; at most warnings (without --strict).
    Ok = 0,
    /// Data problems: rows or files rejected (or, with --strict, warnings).
    DataErrors = 1,
    /// The command or the pipeline file cannot be used.
    Usage = 2,
    /// Output could not be written, or an internal check failed.
    Failure = 3,
    /// Another run holds the output folder and did not let go within --wait.
    Busy = 4,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OnErrorArg {
    KeepPrevious,
    Replace,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    Vi,
    En,
}

/// egov-etl: reads the e-government evaluation workbooks that districts send to their province
/// (Decision 2392/QĐ-BTTTT), checks them, classifies levels and ranks, and writes Parquet and CSV
/// snapshots per year with a manifest and a run report.
#[derive(Debug, Parser)]
#[command(name = "egov-etl", version, about, long_about = None)]
struct Cli {
    /// Language of findings and summaries: vi (Vietnamese, default) or en (English).
    #[arg(long, value_enum, global = true, default_value = "vi")]
    lang: LangArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a pipeline: read every workbook of each year's raw folder, check, classify, compare
    /// with the published decision, and write output/<year>/ (Parquet, CSV, manifest, report).
    /// Several pipelines (a folder, or --pipeline given several times) run in one process,
    /// concurrently; each writes its own output folder (OUT/<pipeline name>/<year>/ with --out).
    /// Exit 0: done (warnings allowed); 1: rows or files rejected; 2: bad pipeline or arguments;
    /// 3: output could not be written or an internal check failed; 4: another run holds the
    /// output folder; with several pipelines, the highest of theirs. Every run writes run.json at
    /// the output folder's root (and OUT/run.json for all pipelines with --out).
    Run {
        /// The pipeline file, or a folder: every *.toml in it (repeatable; default
        /// pipelines/khanh-hoa.toml).
        #[arg(long = "pipeline")]
        pipelines: Vec<PathBuf>,
        /// Only these evaluation years (repeatable); every year of the pipeline by default.
        #[arg(long = "year")]
        years: Vec<i32>,
        /// Output folder (default: the pipeline's, "output").
        #[arg(long)]
        out: Option<PathBuf>,
        /// Treat warnings as errors for the exit code.
        #[arg(long)]
        strict: bool,
        /// Read, check and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Rebuild years whose inputs and configuration have not changed.
        #[arg(long)]
        force: bool,
        /// Print every finding, not only the first ones of each file (with several pipelines:
        /// each year's whole summary, not one line).
        #[arg(long)]
        verbose: bool,
        /// Seconds to wait for another run to let go of the output folder (then exit 4).
        #[arg(long, default_value_t = 300)]
        wait: u64,
        /// What an incomplete year (a file or unit missing or rejected) does to a complete
        /// snapshot of the same year: keep-previous (default: the new one goes to
        /// <year>.incomplete/) or replace (the complete one is kept as <year>.previous/).
        /// Default: the pipeline's `on_error`, else keep-previous.
        #[arg(long, value_enum)]
        on_error: Option<OnErrorArg>,
        /// text (default), or json: print run.json (the run's result) on stdout.
        #[arg(long, value_enum, default_value = "text")]
        format: FormatArg,
    },
    /// Check files without writing anything: pipeline files (.toml) are checked as configuration,
    /// workbooks are read, resolved and validated against the pipeline's latest year (or --year).
    Check {
        /// Files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, default_value = "pipelines/khanh-hoa.toml")]
        pipeline: PathBuf,
        #[arg(long)]
        year: Option<i32>,
    },
    /// Audit the rule sets: from each year's published levels (those of the decision the
    /// pipeline names, else those the submissions declare) beside the scores, per unit level and
    /// dimension, where each cut-off can lie (score ≥ cut-off takes the level), which units no
    /// threshold rule explains, whether the pipeline's rule set lies inside, and a fitted rule set
    /// to paste into the pipeline. Writes nothing. Exit 0: every level follows a rule and every
    /// rule set lies inside its intervals; 1: not so, or rows rejected; 2: bad pipeline or year.
    Audit {
        /// The pipeline file.
        #[arg(long, default_value = "pipelines/khanh-hoa.toml")]
        pipeline: PathBuf,
        /// Only these evaluation years (repeatable); every year of the pipeline by default.
        #[arg(long = "year")]
        years: Vec<i32>,
    },
    /// Rebuild the decision's annexes (phu-luc.xlsx) of existing snapshots from their own tables
    /// (district.parquet, commune.parquet) and the pipeline's [publish] title lines (authority,
    /// decision number, date), without reading the workbooks again; the manifest lists the new
    /// file's sha256. Exit 0: done; 2: bad pipeline or year; 3: no snapshot, or it could not be
    /// written; 4: another run holds the output folder.
    Publish {
        /// The pipeline file.
        #[arg(long, default_value = "pipelines/khanh-hoa.toml")]
        pipeline: PathBuf,
        /// Only these evaluation years (repeatable); every year of the pipeline by default.
        #[arg(long = "year")]
        years: Vec<i32>,
        /// Output folder (default: the pipeline's, "output").
        #[arg(long)]
        out: Option<PathBuf>,
        /// Seconds to wait for another run to let go of the output folder (then exit 4).
        #[arg(long, default_value_t = 300)]
        wait: u64,
    },
    /// Show how a workbook reads: per sheet, the tables found, their header rows, the column
    /// roles, and how many rows of each kind, so a clerk can see why a file reads the way it does.
    Inspect {
        file: PathBuf,
        /// Read with this pipeline's limits and extra header labels (default: the built-in ones).
        #[arg(long)]
        pipeline: Option<PathBuf>,
    },
    /// Search the gazetteer (GSO units on 1/11/2020) by name, accent-insensitive.
    Units {
        query: String,
        /// At most this many results.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    crate::ingest::workbook::quiet_reader_panics();
    let cli = Cli::parse();
    // The pool pipelines, years and files run on. Nothing has used the global pool yet; should
    // this fail, the default pool is used.
    let _ = crate::emit::worker_pool().build_global();
    let lang = match cli.lang {
        LangArg::Vi => Lang::Vi,
        LangArg::En => Lang::En,
    };
    let exit = match cli.command {
        Command::Run {
            pipelines,
            years,
            out,
            strict,
            dry_run,
            force,
            verbose,
            wait,
            on_error,
            format,
        } => cmd_run(
            RunArgs {
                pipelines,
                opts: RunOptions {
                    years,
                    out,
                    dry_run,
                    force,
                    wait: std::time::Duration::from_secs(wait),
                    holder: holder(),
                    on_error: on_error.map(|o| match o {
                        OnErrorArg::KeepPrevious => OnError::KeepPrevious,
                        OnErrorArg::Replace => OnError::Replace,
                    }),
                    lang,
                },
                strict,
                verbose,
                json: format == FormatArg::Json,
            },
            lang,
        ),
        Command::Check {
            files,
            pipeline,
            year,
        } => cmd_check(&files, &pipeline, year, lang),
        Command::Audit { pipeline, years } => cmd_audit(&pipeline, &years, lang),
        Command::Publish {
            pipeline,
            years,
            out,
            wait,
        } => cmd_publish(&pipeline, &years, out.as_deref(), wait, lang),
        Command::Inspect { file, pipeline } => cmd_inspect(&file, pipeline.as_deref(), lang),
        Command::Units { query, limit } => cmd_units(&query, limit, lang),
    };
    ExitCode::from(exit as u8)
}

/// A pipeline and its gazetteer (the embedded GSO list, or a file with the same columns); errors
/// said on stderr with their lines.
fn load_pipeline(path: &Path, lang: Lang) -> Result<(Pipeline, Arc<Gazetteer>), Exit> {
    load_pipeline_in(path, lang, &mut Gazetteers::default())
}

/// `load_pipeline`, with gazetteers shared between the pipelines of one run.
fn load_pipeline_in(
    path: &Path,
    lang: Lang,
    gazetteers: &mut Gazetteers,
) -> Result<(Pipeline, Arc<Gazetteer>), Exit> {
    let mut p = match pipeline::load(path) {
        Ok(p) => p,
        Err(errors) => {
            for e in &errors {
                eprintln!("{}", human_line(e, lang, true));
            }
            return Err(Exit::Usage);
        }
    };
    let gaz = match gazetteers.get(p.gazetteer.as_deref()) {
        Ok(g) => g,
        Err(error) => {
            eprintln!(
                "{}: {}",
                path.display(),
                Text::GazetteerUnreadable { error }.say(lang)
            );
            return Err(Exit::Usage);
        }
    };
    if gaz.province(&p.province_code).is_none() {
        eprintln!(
            "{}: {}",
            path.display(),
            Text::ProvinceNotInGazetteer {
                code: p.province_code.clone()
            }
            .say(lang)
        );
        return Err(Exit::Usage);
    }
    // Each year's own map and crosswalk, checked against each other and its rule sets.
    let mut load = |path: &Path| gazetteers.get(Some(path));
    if let Err(errors) = crate::maps::attach(&mut p, &gaz, &mut load) {
        for e in &errors {
            eprintln!("{}", human_line(e, lang, true));
        }
        return Err(Exit::Usage);
    }
    // Units not evaluated must be units of the province (on the year's map).
    for y in &p.years {
        let map = y.map.as_deref().unwrap_or(gaz.as_ref());
        for code in &y.not_evaluated {
            let ours = map
                .district(code)
                .map(|d| d.province_code == p.province_code)
                .or_else(|| {
                    map.commune(code)
                        .map(|c| c.province_code == p.province_code)
                })
                .unwrap_or(false);
            if !ours {
                let (code, year) = (code.clone(), y.year);
                let text = Text::NotEvaluatedUnknown { code, year };
                eprintln!("{}: {}", path.display(), text.say(lang));
                return Err(Exit::Usage);
            }
        }
    }
    Ok((p, gaz))
}

fn print_year(o: &YearOutcome, lang: Lang, verbose: bool) {
    for line in crate::report::summary(o, lang, verbose) {
        eprintln!("{line}");
    }
}

/// Who runs, as the output folder's lock records it.
fn holder() -> String {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().to_string())
        .collect();
    format!(
        "pid {}, since {}: {}",
        std::process::id(),
        crate::report::rfc3339(std::time::SystemTime::now()),
        args.join(" ")
    )
}

/// What `run` was asked.
struct RunArgs {
    /// Pipeline files or folders of them (none: the default pipeline).
    pipelines: Vec<PathBuf>,
    opts: RunOptions,
    strict: bool,
    verbose: bool,
    json: bool,
}

/// How a pipeline's run ended, for its exit code and run.json.
struct Ended {
    exit: Exit,
    outcomes: Vec<YearOutcome>,
    error: Option<String>,
    /// What to say on stderr after the years' summaries (why the run stopped).
    said: Vec<String>,
    /// Where run.json goes (none when the output folder is unusable).
    out_root: Option<PathBuf>,
    /// The output folder, held until run.json is written.
    lock: Option<crate::lock::OutputLock>,
}

/// A pipeline of a run as loaded (errors already said), with its run options.
#[derive(Clone)]
struct Job {
    path: PathBuf,
    loaded: Result<(Pipeline, Arc<Gazetteer>), Exit>,
    opts: RunOptions,
    /// Where run.json goes if the pipeline cannot be used (none: nowhere).
    fallback: Option<PathBuf>,
    /// Draw a progress bar (one pipeline, stderr a terminal).
    bar: bool,
}

/// The words of a folder argument that gives nothing to read.
fn arg_error(e: batch::ArgError) -> Text {
    match e {
        batch::ArgError::NoPipelineIn(dir) => Text::NoPipelineInFolder {
            dir: dir.display().to_string(),
        },
        batch::ArgError::Unreadable { path, error } => Text::FolderUnreadable {
            path: path.display().to_string(),
            error,
        },
    }
}

/// The highest of two exit codes (the worst of several pipelines).
fn worst(a: Exit, b: Exit) -> Exit {
    if (b as i32) > (a as i32) { b } else { a }
}

fn cmd_run(a: RunArgs, lang: Lang) -> Exit {
    let asked = if a.pipelines.is_empty() {
        vec![PathBuf::from("pipelines/khanh-hoa.toml")]
    } else {
        a.pipelines.clone()
    };
    let files = match batch::pipeline_files(&asked) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("{}", arg_error(e).say(lang));
            return Exit::Usage;
        }
    };
    let mut gazetteers = Gazetteers::default();
    let [one] = files.as_slice() else {
        return cmd_run_many(&a, &files, gazetteers, lang);
    };
    let started = std::time::SystemTime::now();
    let job = Job {
        path: one.clone(),
        loaded: load_pipeline_in(one, lang, &mut gazetteers),
        opts: a.opts.clone(),
        // Without a usable pipeline, run.json goes where the pipeline's output would be.
        fallback: Some(
            a.opts
                .out
                .clone()
                .unwrap_or_else(|| pipeline::default_output(one)),
        ),
        bar: std::io::IsTerminal::is_terminal(&std::io::stderr()),
    };
    let mut ended = run_loaded(&a, job, lang);
    for o in &ended.outcomes {
        print_year(o, lang, a.verbose);
    }
    for line in &ended.said {
        eprintln!("{line}");
    }
    let done = record(&a, one, started, &mut ended);
    if let Some(error) = done.unwritten {
        eprintln!("{}", Text::RunJsonUnwritten { error }.say(lang));
    }
    if a.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&done.json).unwrap_or_default()
        );
    }
    ended.exit
}

/// A pipeline's run, recorded: its run.json and whether it could be written.
struct Done {
    json: serde_json::Value,
    /// Why run.json could not be written, if it could not.
    unwritten: Option<String>,
}

/// run.json of a pipeline's run, written at its output root while the folder is still held;
/// the folder is let go after.
fn record(a: &RunArgs, path: &Path, started: std::time::SystemTime, ended: &mut Ended) -> Done {
    let record = crate::report::RunRecord {
        started,
        ended: std::time::SystemTime::now(),
        arguments: std::env::args_os()
            .map(|a| a.to_string_lossy().to_string())
            .collect(),
        pipeline: path.display().to_string(),
        outcomes: &ended.outcomes,
        year_exit: &|o: &YearOutcome| year_exit(o, a.strict) as i32,
        exit_code: ended.exit as i32,
        error: ended.error.clone(),
        dry_run: a.opts.dry_run,
    };
    let json = crate::report::run_json(&record);
    let text = serde_json::to_string_pretty(&json).unwrap_or_default();
    let unwritten = ended
        .out_root
        .as_ref()
        .and_then(|root| crate::emit::write_run_json(root, text.as_bytes()).err())
        .map(|e| e.to_string());
    // The output folder is let go only now that run.json is written.
    drop(ended.lock.take());
    Done { json, unwritten }
}

/// Several pipelines in one process: loaded one after the other (their errors said with their
/// lines), those that would share an output folder refused, the others run concurrently; one
/// line per pipeline and year on stderr, and the highest exit code.
fn cmd_run_many(a: &RunArgs, files: &[PathBuf], mut gaz: Gazetteers, lang: Lang) -> Exit {
    let started = std::time::SystemTime::now();
    let out = a.opts.out.as_deref();
    let mut jobs: Vec<Job> = files
        .iter()
        .map(|f| {
            let loaded = load_pipeline_in(f, lang, &mut gaz);
            let mut opts = a.opts.clone();
            opts.out = loaded
                .as_ref()
                .ok()
                .map(|(p, _)| batch::out_root(p, out, true));
            Job {
                path: f.clone(),
                loaded,
                opts,
                // A pipeline that cannot be used writes no run.json of its own here: the folder
                // a run of it alone would use may be another pipeline's. Its errors are said on
                // stderr, and OUT/run.json lists it.
                fallback: None,
                bar: false,
            }
        })
        .collect();
    refuse_shared_outputs(&mut jobs, lang);
    // First without waiting for a folder another run holds: a pipeline waiting there would hold
    // a worker that others' work may be stacked on. Those that found their folder taken wait
    // for it after, one after the other.
    let first: Vec<Tried> = jobs
        .into_par_iter()
        .map(|job| run_job(a, job, lang))
        .collect();
    let done: Vec<(String, Ended, Done)> = first
        .into_iter()
        .map(|tried| match tried {
            Tried::Done(d) => *d,
            Tried::Busy(job) => run_job_waiting(a, &job, lang),
        })
        .collect();
    let exit = say_many(a, &done, lang);
    let runs: Vec<serde_json::Value> = done.into_iter().map(|(_, _, d)| d.json).collect();
    let json = crate::report::runs_json(started, std::time::SystemTime::now(), runs, exit as i32);
    let text = serde_json::to_string_pretty(&json).unwrap_or_default();
    if let Some(out) = out
        && let Err(e) = crate::emit::write_run_json(out, text.as_bytes())
    {
        let error = e.to_string();
        eprintln!("{}", Text::RunJsonUnwritten { error }.say(lang));
    }
    if a.json {
        outln!("{text}");
    }
    exit
}

/// The summary of several pipelines on stderr, in the order given: one line per pipeline and
/// year (the whole summary with --verbose), why a pipeline stopped, and the total; the highest
/// exit code.
fn say_many(a: &RunArgs, done: &[(String, Ended, Done)], lang: Lang) -> Exit {
    let mut exit = Exit::Ok;
    for (name, ended, d) in done {
        for o in &ended.outcomes {
            if a.verbose {
                print_year(o, lang, true);
            } else {
                eprintln!("{name}: {}", crate::report::year_line(o, lang));
            }
        }
        for line in &ended.said {
            eprintln!("{name}: {line}");
        }
        if let Some(error) = &d.unwritten {
            let error = error.clone();
            eprintln!("{name}: {}", Text::RunJsonUnwritten { error }.say(lang));
        }
        exit = worst(exit, ended.exit);
    }
    let unusable = done
        .iter()
        .filter(|(_, e, _)| e.exit == Exit::Usage)
        .count();
    let total = Text::PipelinesTotal {
        pipelines: done.len(),
        unusable,
        exit: exit as i32,
    };
    eprintln!("{}", total.say(lang));
    exit
}

/// A pipeline of a run of several: done, or found its folder taken on a first try that does not
/// wait (to be run again, waiting).
enum Tried {
    Done(Box<(String, Ended, Done)>),
    Busy(Box<Job>),
}

/// One try of a pipeline of a run of several: its name, how it ended and when it started;
/// `wait`: wait for a folder another run holds (else find it taken at once). A panic in it ends
/// this pipeline only (exit 3); its folder lock goes with the unwinding.
fn attempt(a: &RunArgs, job: &Job, lang: Lang, wait: bool) -> (String, Ended, SystemTime) {
    let name = match &job.loaded {
        Ok((p, _)) => p.name.clone(),
        Err(_) => job.path.display().to_string(),
    };
    let mut this = job.clone();
    if !wait {
        this.opts.wait = std::time::Duration::ZERO;
    }
    let started = SystemTime::now();
    let run = std::panic::AssertUnwindSafe(|| run_loaded(a, this, lang));
    let ended = std::panic::catch_unwind(run).unwrap_or_else(|_| {
        let error = format!(
            "{}: the run stopped on an internal error",
            job.path.display()
        );
        stopped(Exit::Failure, Text::InternalRunError { error }, None, lang)
    });
    (name, ended, started)
}

/// The first try of a pipeline of a run of several, without waiting: recorded, or handed back
/// when its folder was taken and it may wait for it.
fn run_job(a: &RunArgs, job: Job, lang: Lang) -> Tried {
    let (name, mut ended, started) = attempt(a, &job, lang, false);
    let busy = ended.exit == Exit::Busy && ended.outcomes.is_empty();
    if busy && !job.opts.wait.is_zero() {
        return Tried::Busy(Box::new(job));
    }
    let done = record(a, &job.path, started, &mut ended);
    Tried::Done(Box::new((name, ended, done)))
}

/// A pipeline whose folder was taken on its first try, waiting for it now; recorded.
fn run_job_waiting(a: &RunArgs, job: &Job, lang: Lang) -> (String, Ended, Done) {
    let (name, mut ended, started) = attempt(a, job, lang, true);
    let done = record(a, &job.path, started, &mut ended);
    (name, ended, done)
}

/// Pipelines whose output folders meet (the same folder, or one inside the other) are refused
/// before anything is written: exit 2 each, said with both files and the fix.
fn refuse_shared_outputs(jobs: &mut [Job], lang: Lang) {
    let usable: Vec<usize> = (0..jobs.len())
        .filter(|&i| jobs[i].loaded.is_ok())
        .collect();
    let roots: Vec<PathBuf> = usable
        .iter()
        .map(|&i| jobs[i].opts.out.clone().unwrap_or_default())
        .collect();
    for (x, y) in batch::overlapping(&roots) {
        let (i, j) = (usable[x], usable[y]);
        let text = Text::PipelinesShareOutput {
            first: jobs[i].path.display().to_string(),
            second: jobs[j].path.display().to_string(),
            out_dir: roots[x].display().to_string(),
        };
        eprintln!("{}", text.say(lang));
        for k in [i, j] {
            // Refused, and no run.json either: the folder is the one in doubt.
            jobs[k].loaded = Err(Exit::Usage);
            jobs[k].opts.out = None;
            jobs[k].fallback = None;
        }
    }
}

/// The exit code a year alone would give.
fn year_exit(o: &YearOutcome, strict: bool) -> Exit {
    if o.findings
        .iter()
        .any(|f| f.code == crate::finding::Code::InternalError)
    {
        Exit::Failure
    } else if o.count(Severity::Error) > 0
        || (strict && o.count(Severity::Warning) > 0)
        || o.placement == crate::report::Placement::KeptPrevious
    {
        // An incomplete year kept beside a complete one was not published: data problems.
        Exit::DataErrors
    } else {
        Exit::Ok
    }
}

/// A stop before any year ran, kept for stderr and run.json.
fn stopped(exit: Exit, text: Text, out_root: Option<PathBuf>, lang: Lang) -> Ended {
    Ended {
        exit,
        outcomes: Vec::new(),
        error: Some(text.say(Lang::En)),
        said: vec![text.say(lang)],
        out_root,
        lock: None,
    }
}

/// One pipeline's run from its loading: its years, or why none ran. Says nothing itself.
fn run_loaded(a: &RunArgs, job: Job, lang: Lang) -> Ended {
    let Job {
        path,
        loaded,
        opts,
        fallback,
        bar,
    } = job;
    let (p, gaz) = match loaded {
        Ok(x) => x,
        Err(e) => {
            let pipeline = path.display().to_string();
            let text = Text::PipelineUnusable { pipeline };
            return Ended {
                exit: e,
                outcomes: Vec::new(),
                error: Some(text.say(Lang::En)),
                said: Vec::new(),
                out_root: fallback,
                lock: None,
            };
        }
    };
    let out = opts.out.clone().unwrap_or_else(|| p.output.clone());
    let unknown_year = opts
        .years
        .iter()
        .find(|y| !p.years.iter().any(|py| py.year == **y));
    if let Some(y) = unknown_year {
        let pipeline = path.display().to_string();
        let text = Text::PipelineHasNoYear { pipeline, year: *y };
        return stopped(Exit::Usage, text, Some(out), lang);
    }
    if out.exists() && !out.is_dir() {
        let path = out.display().to_string();
        return stopped(Exit::Usage, Text::OutIsAFile { path }, None, lang);
    }
    let lock = match run::lock_output(&p, &opts) {
        Ok(lock) => lock,
        Err(e) => return failed(e, Vec::new(), out, lang),
    };
    let (outcomes, error) = match run_with_progress(&p, &gaz, &opts, bar) {
        Ok(o) => (o, None),
        Err((o, e)) => (o, Some(e)),
    };
    let mut exit = Exit::Ok;
    for o in &outcomes {
        let e = year_exit(o, a.strict);
        if e == Exit::Failure || (exit == Exit::Ok && e == Exit::DataErrors) {
            exit = e;
        }
    }
    let mut ended = match error {
        Some(e) => failed(e, outcomes, out, lang),
        None => Ended {
            exit,
            outcomes,
            error: None,
            said: Vec::new(),
            out_root: Some(out),
            lock: None,
        },
    };
    ended.lock = lock;
    ended
}

/// A run that could not take its output folder (exit 4) or write it (exit 3), with the years
/// done before.
fn failed(e: run::RunError, outcomes: Vec<YearOutcome>, out: PathBuf, lang: Lang) -> Ended {
    let (exit, text) = run_error(e);
    let mut ended = stopped(exit, text, Some(out), lang);
    ended.outcomes = outcomes;
    ended
}

/// The exit code and the words of an output error: the folder held by another run (4), else
/// not written (3).
fn run_error(e: run::RunError) -> (Exit, Text) {
    match e {
        run::RunError::Busy(crate::lock::LockError::Busy { path, holder }) => (
            Exit::Busy,
            Text::OutputBusy {
                path: path.display().to_string(),
                holder,
            },
        ),
        other => (
            Exit::Failure,
            Text::CannotWriteOutput {
                error: other.to_string(),
            },
        ),
    }
}

/// The run, with a progress bar when `tty` (stderr is a terminal, one pipeline) and a year has
/// many files.
fn run_with_progress(
    p: &Pipeline,
    gaz: &Gazetteer,
    opts: &RunOptions,
    tty: bool,
) -> Result<Vec<YearOutcome>, (Vec<YearOutcome>, run::RunError)> {
    let bar = indicatif::ProgressBar::hidden();
    let start = |year: i32, files: u64| {
        if tty && files >= 20 {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_length(files);
            bar.set_position(0);
            bar.set_message(year.to_string());
        }
    };
    let file_done = || bar.inc(1);
    let progress = run::Progress {
        start: &start,
        file_done: &file_done,
    };
    let result = run::run_pipeline_with(p, gaz, opts, &progress);
    bar.finish_and_clear();
    result
}

fn cmd_check(files: &[PathBuf], pipeline_path: &Path, year: Option<i32>, lang: Lang) -> Exit {
    let mut exit = Exit::Ok;
    let mut workbooks = Vec::new();
    let files = match batch::check_files(files) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("{}", arg_error(e).say(lang));
            return Exit::Usage;
        }
    };
    for f in &files {
        if f.extension().is_some_and(|e| e == "toml") {
            // Checked as a run reads it: with its years' maps and crosswalks.
            match load_pipeline(f, lang) {
                Ok((p, _)) => eprintln!(
                    "{}: {}",
                    f.display(),
                    Text::PipelineValid {
                        years: p.years.len()
                    }
                    .say(lang)
                ),
                Err(e) => exit = e,
            }
        } else {
            workbooks.push(f.clone());
        }
    }
    if workbooks.is_empty() {
        return exit;
    }
    let (p, gaz) = match load_pipeline(pipeline_path, lang) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let Some(y) = (match year {
        Some(y) => p.years.iter().find(|py| py.year == y),
        None => p.years.iter().max_by_key(|py| py.year),
    }) else {
        eprintln!("{}", Text::PipelineHasNoSuchYear.say(lang));
        return Exit::Usage;
    };
    let checked = run::check_files(&p, y, &gaz, workbooks.clone());
    for x in checked
        .findings
        .iter()
        .filter(|x| x.severity() != Severity::Info)
    {
        eprintln!("{}", human_line(x, lang, true));
    }
    let errors = checked.count(Severity::Error);
    eprintln!(
        "{}",
        Text::CheckTotals {
            files: workbooks.len(),
            rejected: checked.rejected_rows,
        }
        .say(lang)
    );
    if errors > 0 && exit == Exit::Ok {
        exit = Exit::DataErrors;
    }
    exit
}

/// Every year asked is a year of the pipeline (else exit 2, said on stderr).
fn years_known(p: &Pipeline, pipeline_path: &Path, years: &[i32], lang: Lang) -> Result<(), Exit> {
    match years
        .iter()
        .find(|y| !p.years.iter().any(|py| py.year == **y))
    {
        Some(y) => {
            let pipeline = pipeline_path.display().to_string();
            let text = Text::PipelineHasNoYear { pipeline, year: *y };
            eprintln!("{}", text.say(lang));
            Err(Exit::Usage)
        }
        None => Ok(()),
    }
}

fn cmd_audit(pipeline_path: &Path, years: &[i32], lang: Lang) -> Exit {
    let (p, gaz) = match load_pipeline(pipeline_path, lang) {
        Ok(x) => x,
        Err(e) => return e,
    };
    if let Err(e) = years_known(&p, pipeline_path, years, lang) {
        return e;
    }
    let mut exit = Exit::Ok;
    for year in p
        .years
        .iter()
        .filter(|y| years.is_empty() || years.contains(&y.year))
    {
        let o = match run::audit_year(&p, year, &gaz) {
            Ok(o) => o,
            Err(e) => {
                let error = e.to_string();
                eprintln!(
                    "{}",
                    Text::YearUnreadable {
                        year: year.year,
                        error
                    }
                    .say(lang)
                );
                return Exit::Failure;
            }
        };
        for x in o
            .findings
            .iter()
            .filter(|x| x.severity() == Severity::Error)
        {
            eprintln!("{}", human_line(x, lang, true));
        }
        for line in crate::report::audit_lines(&o, lang) {
            outln!("{line}");
        }
        let e = year_exit(&o, false);
        let e = if e == Exit::Ok && !o.audit.clean() {
            Exit::DataErrors
        } else {
            e
        };
        if e == Exit::Failure || (exit == Exit::Ok && e == Exit::DataErrors) {
            exit = e;
        }
    }
    exit
}

/// `publish`: the annexes of each year asked rebuilt from its snapshot, under the output lock.
fn cmd_publish(
    pipeline_path: &Path,
    years: &[i32],
    out: Option<&Path>,
    wait: u64,
    lang: Lang,
) -> Exit {
    let (p, _) = match load_pipeline(pipeline_path, lang) {
        Ok(x) => x,
        Err(e) => return e,
    };
    if let Err(e) = years_known(&p, pipeline_path, years, lang) {
        return e;
    }
    let root = out.map_or_else(|| p.output.clone(), Path::to_path_buf);
    let opts = RunOptions {
        out: Some(root.clone()),
        wait: std::time::Duration::from_secs(wait),
        holder: holder(),
        ..RunOptions::default()
    };
    let _lock = match run::lock_output(&p, &opts) {
        Ok(lock) => lock,
        Err(e) => {
            let (exit, text) = run_error(e);
            eprintln!("{}", text.say(lang));
            return exit;
        }
    };
    for year in p.years.iter().map(|y| y.year) {
        if !years.is_empty() && !years.contains(&year) {
            continue;
        }
        let text = match run::publish_year(&p, year, Some(&root), lang) {
            Ok(paths) => Text::AnnexPublished {
                year,
                path: paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            },
            Err(run::RunError::NoSnapshot(dir)) => {
                let dir = dir.display().to_string();
                eprintln!("{}", Text::NoSnapshotToPublish { year, dir }.say(lang));
                return Exit::Failure;
            }
            Err(e) => {
                let (exit, text) = run_error(e);
                eprintln!("{}", text.say(lang));
                return exit;
            }
        };
        outln!("{}", text.say(lang));
    }
    Exit::Ok
}

fn cmd_inspect(file: &Path, pipeline_path: Option<&Path>, lang: Lang) -> Exit {
    let (limits, aliases) = match pipeline_path {
        None => (pipeline::Limits::default(), pipeline::Aliases::default()),
        Some(path) => match pipeline::load(path) {
            Ok(p) => (p.limits, p.aliases),
            Err(errors) => {
                for e in &errors {
                    eprintln!("{}", human_line(e, lang, true));
                }
                return Exit::Usage;
            }
        },
    };
    let (wb, findings) = run::inspect_file(file, &limits, &aliases);
    outln!("{}", file.display());
    if wb.rejected {
        for f in &findings {
            outln!("  {}", human_line(f, lang, false));
        }
        return Exit::DataErrors;
    }
    if let Some(t) = &wb.title_district {
        let place = format!("{}!{}", wb.title_sheet.as_deref().unwrap_or(""), t.cell);
        outln!(
            "  {}",
            Text::InspectTitleDistrict {
                text: t.text.clone(),
                place
            }
            .say(lang)
        );
    }
    for s in &wb.sheets {
        inspect_sheet(&wb, s, lang);
    }
    for f in &findings {
        outln!("  {}", human_line(f, lang, false));
    }
    Exit::Ok
}

/// One sheet as `inspect` prints it: rows passed over, then each table with every column's role
/// and why.
fn inspect_sheet(wb: &ingest::Workbook, s: &ingest::SheetSummary, lang: Lang) {
    let passed: Vec<String> = s
        .passed
        .iter()
        .map(|(r, n)| format!("{} {n}", r.key()))
        .collect();
    let line = Text::InspectSheet {
        name: s.name.clone(),
        hidden: s.hidden,
        rows: s.rows,
        passed,
    };
    outln!("  {}", line.say(lang));
    for t in wb.tables.iter().filter(|t| *t.sheet == *s.name) {
        let hr: Vec<String> = t.header_rows.iter().map(u32::to_string).collect();
        let (hr, n) = (hr.join("+"), t.rows.len());
        outln!(
            "    {}",
            Text::InspectTable {
                header_rows: hr,
                rows: n
            }
            .say(lang)
        );
        for c in &t.columns {
            let role = c.role.words();
            outln!(
                "      {:<4} {:<34} \"{}\"  ({})",
                crate::finding::CellRef::column_letters(c.col),
                role.get(lang),
                c.label.replace('\n', " "),
                c.why.get(lang)
            );
        }
        for d in &t.doubts {
            outln!(
                "      {:<4} {:<34} \"{}\"",
                crate::finding::CellRef::column_letters(d.col),
                Text::InspectInDoubt.say(lang),
                d.label.replace('\n', " "),
            );
        }
        let mut headings: Vec<&str> = t
            .rows
            .iter()
            .filter_map(|r| r.heading.as_ref().map(|h| h.text.as_str()))
            .collect();
        headings.dedup();
        if !headings.is_empty() {
            let list = headings.join("; ");
            outln!("      {}", Text::InspectGroupHeadings { list }.say(lang));
        }
    }
}

fn cmd_units(query: &str, limit: usize, lang: Lang) -> Exit {
    let gaz = match Gazetteer::embedded() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            return Exit::Failure;
        }
    };
    let hits = gaz.search(query);
    if hits.is_empty() {
        eprintln!(
            "{}",
            Text::UnitsNotFound {
                query: query.to_string()
            }
            .say(lang)
        );
        return Exit::DataErrors;
    }
    for h in hits.iter().take(limit) {
        let ty = h.unit_type.map(|t| t.as_str()).unwrap_or("Tỉnh/TP");
        let parent = match (&h.district_name, &h.district_code) {
            (Some(n), Some(c)) => format!("{n} ({c}), {} ({})", h.province_name, h.province_code),
            _ => format!("{} ({})", h.province_name, h.province_code),
        };
        outln!(
            "{:<6} {:<9} {:<10} {:<28} {}",
            h.code,
            h.level.as_str(),
            ty,
            h.name,
            parent
        );
    }
    if hits.len() > limit {
        eprintln!(
            "{}",
            Text::UnitsMore {
                n: hits.len() - limit
            }
            .say(lang)
        );
    }
    Exit::Ok
}
