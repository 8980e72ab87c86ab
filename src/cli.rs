//! The command line: the only module that parses arguments, prints, or uses anyhow. It decides
//! exit codes (see `Exit`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::finding::render::human_line;
use crate::finding::{Finding, Lang, Severity};
use crate::gazetteer::Gazetteer;
use crate::ingest;
use crate::pipeline::{self, Pipeline};
use crate::run::{self, RunOptions, YearOutcome};

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
    /// Exit 0: done (warnings allowed); 1: rows or files rejected; 2: bad pipeline or arguments;
    /// 3: output could not be written or an internal check failed.
    Run {
        /// The pipeline file.
        #[arg(long, default_value = "pipelines/khanh-hoa.toml")]
        pipeline: PathBuf,
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
        /// Print every finding, not only the first ones of each file.
        #[arg(long)]
        verbose: bool,
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
    let lang = match cli.lang {
        LangArg::Vi => Lang::Vi,
        LangArg::En => Lang::En,
    };
    let exit = match cli.command {
        Command::Run {
            pipeline,
            years,
            out,
            strict,
            dry_run,
            force,
            verbose,
        } => cmd_run(
            &pipeline,
            RunOptions {
                years,
                out,
                dry_run,
                force,
            },
            strict,
            verbose,
            lang,
        ),
        Command::Check {
            files,
            pipeline,
            year,
        } => cmd_check(&files, &pipeline, year, lang),
        Command::Inspect { file, pipeline } => cmd_inspect(&file, pipeline.as_deref(), lang),
        Command::Units { query, limit } => cmd_units(&query, limit, lang),
    };
    ExitCode::from(exit as u8)
}

fn say(lang: Lang, vi: &str, en: &str) -> String {
    match lang {
        Lang::Vi => vi.to_string(),
        Lang::En => en.to_string(),
    }
}

/// The pipeline's gazetteer: the embedded GSO list, or another snapshot file with the same columns.
fn load_gazetteer(path: Option<&Path>) -> anyhow::Result<Gazetteer> {
    use anyhow::Context;
    match path {
        None => Gazetteer::embedded().map_err(anyhow::Error::msg),
        Some(g) => {
            let text = std::fs::read_to_string(g).with_context(|| g.display().to_string())?;
            let name = g
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            Gazetteer::from_csv(&text, &name).map_err(anyhow::Error::msg)
        }
    }
}

fn load_pipeline(path: &Path, lang: Lang) -> Result<(Pipeline, Gazetteer), Exit> {
    let p = match pipeline::load(path) {
        Ok(p) => p,
        Err(errors) => {
            for e in &errors {
                eprintln!("{}", human_line(e, lang, true));
            }
            return Err(Exit::Usage);
        }
    };
    let gaz = load_gazetteer(p.gazetteer.as_deref());
    let gaz = match gaz {
        Ok(g) => g,
        Err(e) => {
            eprintln!(
                "{}: {}",
                path.display(),
                say(
                    lang,
                    &format!("không đọc được danh mục đơn vị: {e:#}"),
                    &format!("cannot read the gazetteer: {e:#}")
                )
            );
            return Err(Exit::Usage);
        }
    };
    if gaz.province(&p.province_code).is_none() {
        eprintln!(
            "{}: {}",
            path.display(),
            say(
                lang,
                &format!("mã tỉnh {} không có trong danh mục", p.province_code),
                &format!("province {} is not in the gazetteer", p.province_code)
            )
        );
        return Err(Exit::Usage);
    }
    Ok((p, gaz))
}

fn print_year(o: &YearOutcome, lang: Lang, verbose: bool) {
    if o.up_to_date {
        eprintln!(
            "{}",
            say(
                lang,
                &format!(
                    "Năm {}: dữ liệu vào và cấu hình không đổi, giữ nguyên {} (dùng --force để chạy lại)",
                    o.year,
                    o.out_dir.display()
                ),
                &format!(
                    "{}: inputs and configuration unchanged, {} kept (use --force to rebuild)",
                    o.year,
                    o.out_dir.display()
                ),
            )
        );
        return;
    }
    let per_file = if verbose { usize::MAX } else { 5 };
    for f in &o.files {
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
            say(
                lang,
                "bỏ qua (không phải bảng tính)",
                "skipped (not a workbook)",
            )
        } else if f.rejected {
            say(lang, "TỆP BỊ LOẠI", "FILE REJECTED")
        } else {
            say(
                lang,
                &format!(
                    "{} dòng đọc, {} chấp nhận, {} bị loại, {} bỏ qua, {} cảnh báo",
                    t.read, t.accepted, t.rejected, t.passed_over, warnings
                ),
                &format!(
                    "{} read, {} accepted, {} rejected, {} passed over, {} warnings",
                    t.read, t.accepted, t.rejected, t.passed_over, warnings
                ),
            )
        };
        eprintln!("{}: {line}", f.file);
        let mut shown: Vec<&&Finding> = mine
            .iter()
            .filter(|x| x.severity() != Severity::Info)
            .collect();
        shown.sort_by_key(|x| x.severity());
        for x in shown.iter().take(per_file) {
            eprintln!("  {}", human_line(x, lang, false));
        }
        if shown.len() > per_file {
            eprintln!(
                "  … {}",
                say(
                    lang,
                    &format!(
                        "và {} vấn đề khác trong report.json",
                        shown.len() - per_file
                    ),
                    &format!("and {} more in report.json", shown.len() - per_file)
                )
            );
        }
    }
    let other: Vec<&Finding> = o
        .findings
        .iter()
        .filter(|x| {
            x.location
                .file
                .as_ref()
                .is_none_or(|f| !o.files.iter().any(|g| &g.file == f))
        })
        .collect();
    let mut other_shown: Vec<&&Finding> = other
        .iter()
        .filter(|x| {
            verbose
                || x.severity() != Severity::Info
                || x.code == crate::finding::Code::RankNotByScore
        })
        .collect();
    other_shown.sort_by_key(|x| x.severity());
    if !other_shown.is_empty() {
        eprintln!(
            "{}",
            say(
                lang,
                "Đối chiếu và toàn tỉnh:",
                "Comparison and province-wide:"
            )
        );
        for x in other_shown
            .iter()
            .take(if verbose { usize::MAX } else { 20 })
        {
            eprintln!("  {}", human_line(x, lang, true));
        }
        if other_shown.len() > 20 && !verbose {
            eprintln!(
                "  … {}",
                say(
                    lang,
                    &format!("và {} mục khác trong report.json", other_shown.len() - 20),
                    &format!("and {} more in report.json", other_shown.len() - 20)
                )
            );
        }
    }
    if let Some(c) = &o.comparison {
        eprintln!(
            "{}",
            say(
                lang,
                &format!(
                    "Đối chiếu quyết định: {} đơn vị, {} khớp; mức {}/{} trùng; điểm {} trùng; thứ tự {} trùng",
                    c.published_units,
                    c.matched_units,
                    c.levels_equal,
                    c.levels_compared,
                    c.scores_equal,
                    c.order_equal
                ),
                &format!(
                    "Published decision: {} units, {} matched; levels {}/{} equal; {} scores equal; {} positions equal",
                    c.published_units,
                    c.matched_units,
                    c.levels_equal,
                    c.levels_compared,
                    c.scores_equal,
                    c.order_equal
                ),
            )
        );
    }
    let (e, w) = (o.count(Severity::Error), o.count(Severity::Warning));
    let dest = if o.written {
        o.out_dir.display().to_string()
    } else {
        say(lang, "(không ghi: --dry-run)", "(not written: --dry-run)")
    };
    eprintln!(
        "{}",
        say(
            lang,
            &format!(
                "Năm {}: {} huyện, {} xã, {} dòng bị loại, {} lỗi, {} cảnh báo → {dest}",
                o.year, o.districts, o.communes, o.rejected_rows, e, w
            ),
            &format!(
                "{}: {} districts, {} communes, {} rows rejected, {} errors, {} warnings → {dest}",
                o.year, o.districts, o.communes, o.rejected_rows, e, w
            ),
        )
    );
}

fn cmd_run(path: &Path, opts: RunOptions, strict: bool, verbose: bool, lang: Lang) -> Exit {
    let (p, gaz) = match load_pipeline(path, lang) {
        Ok(x) => x,
        Err(e) => return e,
    };
    if let Some(y) = opts
        .years
        .iter()
        .find(|y| !p.years.iter().any(|py| py.year == **y))
    {
        eprintln!(
            "{}",
            say(
                lang,
                &format!("Pipeline {} không có năm {y}", path.display()),
                &format!("pipeline {} has no year {y}", path.display())
            )
        );
        return Exit::Usage;
    }
    let out = opts.out.clone().unwrap_or_else(|| p.output.clone());
    if out.exists() && !out.is_dir() {
        eprintln!(
            "{}",
            say(
                lang,
                &format!("{} là một tệp, không phải thư mục", out.display()),
                &format!("{} is a file, not a folder", out.display())
            )
        );
        return Exit::Usage;
    }
    // A progress bar when stderr is a terminal and the year has many files.
    let bar = indicatif::ProgressBar::hidden();
    let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
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
    let result = run::run_pipeline_with(&p, &gaz, &opts, &progress);
    bar.finish_and_clear();
    let outcomes = match result {
        Ok(o) => o,
        Err(e) => {
            eprintln!(
                "{}",
                say(
                    lang,
                    &format!("Không ghi được kết quả: {e}"),
                    &format!("cannot write the output: {e}")
                )
            );
            return Exit::Failure;
        }
    };
    let mut exit = Exit::Ok;
    for o in &outcomes {
        print_year(o, lang, verbose);
        if o.findings
            .iter()
            .any(|f| f.code == crate::finding::Code::InternalError)
        {
            exit = Exit::Failure;
        } else if exit == Exit::Ok
            && (o.count(Severity::Error) > 0 || (strict && o.count(Severity::Warning) > 0))
        {
            exit = Exit::DataErrors;
        }
    }
    exit
}

fn cmd_check(files: &[PathBuf], pipeline_path: &Path, year: Option<i32>, lang: Lang) -> Exit {
    let mut exit = Exit::Ok;
    let mut workbooks = Vec::new();
    for f in files {
        if f.extension().is_some_and(|e| e == "toml") {
            match pipeline::load(f) {
                Ok(p) => eprintln!(
                    "{}: {}",
                    f.display(),
                    say(
                        lang,
                        &format!("hợp lệ ({} năm)", p.years.len()),
                        &format!(
                            "valid ({} year{})",
                            p.years.len(),
                            if p.years.len() == 1 { "" } else { "s" }
                        )
                    )
                ),
                Err(errors) => {
                    for e in &errors {
                        eprintln!("{}", human_line(e, lang, true));
                    }
                    exit = Exit::Usage;
                }
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
        eprintln!(
            "{}",
            say(
                lang,
                "Pipeline không có năm này",
                "the pipeline has no such year"
            )
        );
        return Exit::Usage;
    };
    let mut findings = Vec::new();
    let mut read = Vec::new();
    for f in &workbooks {
        let wb = ingest::read_file(
            f,
            &f.display().to_string(),
            &p.limits,
            &p.aliases,
            &mut findings,
        );
        if !wb.rejected {
            read.push(wb);
        }
    }
    let n = crate::normalize::normalize(&read, &gaz, &p.province_code, &y.pins, &mut findings);
    let mut only_files = y.clone();
    only_files.rule_sets = y.rule_sets.clone();
    let checked = crate::validate::check(n, &only_files, &gaz, &p.province_code, &mut findings);
    let _ = crate::classify::classify(checked.accepted, &p, y, &gaz, &mut findings);
    // The files checked are not the whole year: units they do not cover are no finding here.
    for x in findings
        .iter()
        .filter(|x| x.severity() != Severity::Info && x.code != crate::finding::Code::MissingUnit)
    {
        eprintln!("{}", human_line(x, lang, true));
    }
    let errors = findings
        .iter()
        .filter(|x| x.severity() == Severity::Error)
        .count();
    eprintln!(
        "{}",
        say(
            lang,
            &format!(
                "{} tệp, {} dòng bị loại",
                workbooks.len(),
                checked.rejected.len()
            ),
            &format!(
                "{} files, {} rows rejected",
                workbooks.len(),
                checked.rejected.len()
            )
        )
    );
    if errors > 0 && exit == Exit::Ok {
        exit = Exit::DataErrors;
    }
    exit
}

fn cmd_inspect(file: &Path, pipeline_path: Option<&Path>, lang: Lang) -> Exit {
    let mut findings = Vec::new();
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
    let wb = ingest::read_file(
        file,
        &file.display().to_string(),
        &limits,
        &aliases,
        &mut findings,
    );
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
            say(
                lang,
                &format!("tiêu đề ghi tên huyện: \"{}\" ({place})", t.text),
                &format!("title names the district: \"{}\" ({place})", t.text),
            )
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
    let none = say(lang, "không có", "none");
    let passed = if passed.is_empty() {
        none
    } else {
        passed.join(", ")
    };
    let hidden = if s.hidden {
        say(lang, " (ẩn)", " (hidden)")
    } else {
        String::new()
    };
    outln!(
        "  {}",
        say(
            lang,
            &format!(
                "trang '{}'{hidden}: {} dòng; bỏ qua: {passed}",
                s.name, s.rows
            ),
            &format!(
                "sheet '{}'{hidden}: {} rows; passed over: {passed}",
                s.name, s.rows
            ),
        )
    );
    for t in wb.tables.iter().filter(|t| t.sheet == s.name) {
        let hr: Vec<String> = t.header_rows.iter().map(u32::to_string).collect();
        let (hr, n) = (hr.join("+"), t.rows.len());
        outln!(
            "    {}",
            say(
                lang,
                &format!("bảng: dòng tiêu đề {hr}, {n} dòng số liệu"),
                &format!("table: header row(s) {hr}, {n} data rows"),
            )
        );
        for c in &t.columns {
            let role = c.role.words();
            outln!(
                "      {:<4} {:<34} \"{}\"  ({})",
                crate::finding::CellRef::column_letters(c.col),
                say(lang, &role.vi, &role.en),
                c.label.replace('\n', " "),
                say(lang, &c.why.vi, &c.why.en)
            );
        }
        for d in &t.doubts {
            outln!(
                "      {:<4} {:<34} \"{}\"",
                crate::finding::CellRef::column_letters(d.col),
                say(lang, "không rõ, không đọc", "in doubt, not read"),
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
            let h = headings.join("; ");
            outln!(
                "      {}",
                say(
                    lang,
                    &format!("dòng tiêu đề nhóm: {h}"),
                    &format!("group headings: {h}")
                )
            );
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
            say(
                lang,
                &format!("Không tìm thấy \"{query}\""),
                &format!("no unit matches \"{query}\"")
            )
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
            say(
                lang,
                &format!("… và {} kết quả khác (--limit)", hits.len() - limit),
                &format!("… and {} more (--limit)", hits.len() - limit)
            )
        );
    }
    Exit::Ok
}
