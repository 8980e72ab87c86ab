//! Benchmark at national scale, against the reading floor.
//!
//! `cargo run --release --example bench -- [--dir DIR] [--regenerate]`
//!
//! 1. Generates (once, deterministically) a synthetic national corpus from the gazetteer into DIR
//!    (default `target/bench-corpus`, outside git): every district of the 63 provinces as one
//!    workbook in one of four layouts of the submissions spec, with its communes, and one pipeline
//!    per province; plus a stress workbook of 300,000 commune rows (a synthetic province of 1,000
//!    districts × 300 communes, with its own gazetteer); plus the million-row sheet of
//!    `tests/hostile.rs` (one commune of Khánh Hòa repeated a million times).
//! 2. Reads every sheet with calamine alone (the floor: no interpretation), then runs the whole
//!    pipeline on the same files (output written, `--force`), and prints both times, their ratio,
//!    cells per second and the peak memory of each; the same for the stress workbook; and the
//!    pipeline on 1 thread and on all cores; then whole processes (the national corpus in one
//!    command, one province, the Python peers) and the million-row sheet's peak RSS
//!    (`run --dry-run`, from `wait4`).
//!
//! Peak memory is the process's high-water mark (VmHWM), reset before each phase through
//! /proc/self/clear_refs; figures are relative to the largest sheet's XML.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use calamine::{Reader, open_workbook_auto};
use egov_etl::gazetteer::Gazetteer;
use egov_etl::pipeline;
use egov_etl::run::{RunOptions, run_pipeline};
use rust_xlsxwriter::{Format, FormatAlign, Workbook};

const RULE_SETS: &str = r#"
[[year.rule_set]]
level = "commune"
dimension = "readiness"
maximum = 30
cutoff_unit = "percent"
cutoffs = { I = 90, II = 80, III = 75, IV = 70 }
status = "official"
basis = "benchmark"

[[year.rule_set]]
level = "district"
dimension = "readiness"
maximum = 50
cutoff_unit = "percent"
cutoffs = { I = 90, II = 80, III = 75, IV = 70 }
status = "official"
basis = "benchmark"

[[year.rule_set]]
level = "commune"
dimension = "achieved"
maximum = 60
cutoff_unit = "points"
cutoffs = { I = 54, II = 50.1, III = 43.5, IV = 30 }
status = "fitted"
basis = "benchmark"

[[year.rule_set]]
level = "district"
dimension = "achieved"
maximum = 100
cutoff_unit = "points"
cutoffs = { I = 90, II = 80, III = 77, IV = 70 }
status = "fitted"
basis = "benchmark"
"#;

type BoxResult<T> = Result<T, Box<dyn std::error::Error>>;

/// The binary's allocator, so that the in-process rows measure what the binary does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A deterministic score in [lo, hi] with 2 decimals from a key.
fn score(key: &str, salt: u64, lo: f64, hi: f64) -> f64 {
    let mut h: u64 = 0xcbf29ce484222325 ^ salt;
    for b in key.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    let x = (h >> 11) as f64 / (1u64 << 53) as f64;
    ((lo + x * (hi - lo)) * 100.0).round() / 100.0
}

fn comma(x: f64) -> String {
    format!("{x:.2}").replace('.', ",")
}

struct Unit {
    label: String,
    code: String,
    commune: bool,
}

/// Writes one district's workbook in layout `layout` (0..4).
fn write_district(
    path: &Path,
    layout: usize,
    district_label: &str,
    units: &[Unit],
) -> BoxResult<()> {
    let mut wb = Workbook::new();
    let merge = Format::new().set_align(FormatAlign::Center);
    let values = |u: &Unit| {
        let (amax, rmax) = if u.commune {
            (60.0, 30.0)
        } else {
            (100.0, 50.0)
        };
        (
            score(&u.code, 1, amax * 0.3, amax),
            score(&u.code, 2, rmax * 0.6, rmax),
        )
    };
    match layout {
        0 => {
            // One-row header, numeric cells, the district row first without a row number.
            let ws = wb.add_worksheet();
            ws.set_name("Sheet1")?;
            let header = [
                "STT",
                "Tên đơn vị",
                "Tổng điểm mức độ đạt được",
                "Xếp hạng mức độ đạt được",
                "Tổng điểm điều kiện sẵn sàng",
                "Xếp hạng điều kiện sẵn sàng",
            ];
            for (c, h) in header.iter().enumerate() {
                ws.write_string(0, c as u16, *h)?;
            }
            let mut stt = 0;
            for (i, u) in units.iter().enumerate() {
                let r = i as u32 + 1;
                if u.commune {
                    stt += 1;
                    ws.write_number(r, 0, stt as f64)?;
                }
                let (a, d) = values(u);
                ws.write_string(r, 1, &u.label)?;
                ws.write_number(r, 2, a)?;
                ws.write_number(r, 4, d)?;
            }
        }
        1 => {
            // Title rows, a two-row merged header, text with decimal commas, notes and signatures.
            let ws = wb.add_worksheet();
            ws.set_name("Tong hop")?;
            ws.write_string(
                0,
                0,
                format!("ỦY BAN NHÂN DÂN {}", district_label.to_uppercase()),
            )?;
            ws.write_string(0, 3, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")?;
            ws.write_string(
                2,
                0,
                "BIỂU TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ MỨC ĐỘ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020",
            )?;
            ws.merge_range(4, 0, 5, 0, "STT", &merge)?;
            ws.merge_range(4, 1, 5, 1, "Tên đơn vị", &merge)?;
            ws.merge_range(4, 2, 4, 3, "MỨC ĐỘ ĐẠT ĐƯỢC", &merge)?;
            ws.merge_range(4, 4, 4, 5, "ĐIỀU KIỆN SẴN SÀNG", &merge)?;
            for (c, h) in [
                (2u16, "Tổng\nđiểm"),
                (3, "Kết quả"),
                (4, "Tổng\nđiểm"),
                (5, "Kết quả"),
            ] {
                ws.write_string(5, c, h)?;
            }
            let mut stt = 0;
            let mut r = 6;
            for u in units {
                if u.commune {
                    stt += 1;
                    ws.write_number(r, 0, stt as f64)?;
                }
                let (a, d) = values(u);
                ws.write_string(r, 1, &u.label)?;
                ws.write_string(r, 2, comma(a))?;
                ws.write_string(r, 4, comma(d))?;
                r += 1;
            }
            ws.write_string(r + 1, 1, "Ghi chú: điểm theo Quyết định 2392/QĐ-BTTTT")?;
            ws.write_string(r + 3, 1, "Người lập biểu")?;
            ws.write_string(r + 3, 4, "CHỦ TỊCH")?;
        }
        2 => {
            // Readiness first; the district in its own sheet.
            let header = [
                "TT",
                "Đơn vị",
                "Điểm điều kiện sẵn sàng",
                "Điểm mức độ đạt được",
            ];
            for (sheet, want_commune) in [("Huyen", false), ("Xa", true)] {
                let ws = wb.add_worksheet();
                ws.set_name(sheet)?;
                for (c, h) in header.iter().enumerate() {
                    ws.write_string(0, c as u16, *h)?;
                }
                for (r, u) in (1u32..).zip(units.iter().filter(|u| u.commune == want_commune)) {
                    let (a, d) = values(u);
                    ws.write_number(r, 0, r as f64)?;
                    ws.write_string(r, 1, &u.label)?;
                    ws.write_number(r, 2, d)?;
                    ws.write_number(r, 3, a)?;
                }
            }
        }
        _ => {
            // Upper-case names, NBSP around text numbers, a blank row and a repeated header.
            let ws = wb.add_worksheet();
            ws.set_name("KQ")?;
            let header = [
                "Số TT",
                "Các xã, phường, thị trấn",
                "Điểm mức độ đạt được",
                "Điểm điều kiện sẵn sàng",
            ];
            for (c, h) in header.iter().enumerate() {
                ws.write_string(0, c as u16, *h)?;
            }
            let mut r = 1;
            let mut stt = 0;
            for (i, u) in units.iter().enumerate() {
                if i > 0 && i % 25 == 0 {
                    r += 1;
                    for (c, h) in header.iter().enumerate() {
                        ws.write_string(r, c as u16, *h)?;
                    }
                    r += 1;
                }
                if u.commune {
                    stt += 1;
                    ws.write_number(r, 0, stt as f64)?;
                }
                let (a, d) = values(u);
                ws.write_string(r, 1, u.label.to_uppercase())?;
                ws.write_string(r, 2, format!("{}\u{a0}", comma(a)))?;
                ws.write_string(r, 3, format!(" {}", comma(d)))?;
                r += 1;
            }
        }
    }
    wb.save(path)?;
    Ok(())
}

/// A pipeline file's text; `top` goes before the first year (`output`, `gazetteer`, limits).
fn pipeline_text(name: &str, province: &str, top: &str, raw: &str) -> String {
    format!(
        "name = \"{name}\"\nprovince = \"{province}\"\n{top}\n[[year]]\nyear = 2020\nraw = \"{raw}\"\n{RULE_SETS}"
    )
}

/// The national corpus: `national/pipelines/<code>.toml` (one pipeline per province, as a
/// department running the whole country would keep them) and `national/<code>/raw/2020/`.
fn generate_corpus(dir: &Path, gaz: &Gazetteer) -> BoxResult<usize> {
    let mut files = 0;
    std::fs::create_dir_all(dir.join("national/pipelines"))?;
    for p in gaz.provinces() {
        let pdir = dir.join("national").join(&p.code);
        let raw = pdir.join("raw/2020");
        std::fs::create_dir_all(&raw)?;
        std::fs::write(
            dir.join("national/pipelines")
                .join(format!("{}.toml", p.code)),
            pipeline_text(
                &format!("bench-{}", p.code),
                &p.code,
                &format!("output = \"../{}/output\"\n", p.code),
                &format!("../{}/raw/2020", p.code),
            ),
        )?;
        for (i, d) in gaz.districts_of(&p.code).into_iter().enumerate() {
            let label = format!("{} {}", d.unit_type, d.name);
            let mut units = vec![Unit {
                label: format!("UBND {}", label.to_lowercase_first()),
                code: d.code.clone(),
                commune: false,
            }];
            for c in gaz.communes_of(&d.code) {
                units.push(Unit {
                    label: format!("{} {}", c.unit_type, c.name),
                    code: c.code.clone(),
                    commune: true,
                });
            }
            let layout = (i + p.code.len()) % 4;
            write_district(
                &raw.join(format!("{}-{}.xlsx", d.code, layout)),
                layout,
                &label,
                &units,
            )?;
            files += 1;
        }
    }
    Ok(files)
}

trait LowerFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowerFirst for String {
    /// "Huyện Cam Lâm" → "huyện Cam Lâm", as in "UBND huyện Cam Lâm".
    fn to_lowercase_first(&self) -> String {
        let mut c = self.chars();
        match c.next() {
            Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
            None => String::new(),
        }
    }
}

/// The stress case: a synthetic province "99" of 1,000 districts × 300 communes with its own
/// gazetteer, and one compiled workbook of 300,000 commune rows under group headings.
fn generate_stress(dir: &Path) -> BoxResult<()> {
    let sdir = dir.join("stress");
    let raw = sdir.join("raw/2020");
    std::fs::create_dir_all(&raw)?;
    let mut csv = String::from(
        "province_code,province_name,district_code,district_name,district_type,commune_code,commune_name,commune_type\n",
    );
    for d in 0..1000u32 {
        for c in 0..300u32 {
            let ty = if c % 10 == 0 { "Phường" } else { "Xã" };
            csv.push_str(&format!(
                "99,Thử Nghiệm,{:04},Số {d},Huyện,{:06},Tân {c},{ty}\n",
                d,
                d * 300 + c
            ));
        }
    }
    std::fs::write(sdir.join("units.csv"), csv)?;
    std::fs::write(
        sdir.join("pipeline.toml"),
        pipeline_text(
            "bench-stress",
            "99",
            "gazetteer = \"units.csv\"\n[limits]\nmax_cells_per_sheet = 10000000\n",
            "raw/2020",
        ),
    )?;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Tong hop")?;
    let header = [
        "STT",
        "Các xã, phường, thị trấn",
        "Điểm mức độ đạt được",
        "Xếp hạng mức độ đạt được",
        "Điểm điều kiện sẵn sàng",
        "Xếp hạng điều kiện sẵn sàng",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    let mut r = 1u32;
    for d in 0..1000u32 {
        ws.write_string(r, 0, format!("{}. HUYỆN SỐ {d}", d + 1))?;
        r += 1;
        for c in 0..300u32 {
            let ty = if c % 10 == 0 { "Phường" } else { "Xã" };
            let key = format!("{d}-{c}");
            ws.write_number(r, 0, (c + 1) as f64)?;
            ws.write_string(r, 1, format!("{ty} Tân {c}"))?;
            ws.write_string(r, 2, comma(score(&key, 1, 18.0, 60.0)))?;
            ws.write_number(r, 4, score(&key, 2, 18.0, 30.0))?;
            r += 1;
        }
    }
    wb.save(raw.join("stress.xlsx"))?;
    Ok(())
}

/// The hostile case of `tests/hostile.rs`: one commune of Khánh Hòa written a million times in
/// one sheet (every row a repeat), with its pipeline, in `million/`.
fn generate_million(dir: &Path) -> BoxResult<()> {
    let mdir = dir.join("million");
    let raw = mdir.join("raw/2020");
    std::fs::create_dir_all(&raw)?;
    std::fs::write(
        mdir.join("pipeline.toml"),
        pipeline_text("bench-million", "56", "", "raw/2020"),
    )?;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("Tong hop")?;
    ws.write_string(0, 0, "ỦY BAN NHÂN DÂN HUYỆN CAM LÂM")?;
    ws.write_string(1, 0, "KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020")?;
    let header = [
        "STT",
        "Tên đơn vị",
        "Điểm mức độ đạt được",
        "Điểm điều kiện sẵn sàng",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(3, c as u16, *h)?;
    }
    for i in 0..MILLION {
        let r = 4 + i;
        ws.write_number(r, 0, f64::from(i + 1))?;
        ws.write_string(r, 1, "Xã Cam Hòa")?;
        ws.write_number(r, 2, 45.0)?;
        ws.write_number(r, 3, 25.0)?;
    }
    wb.save(raw.join("million.xlsx"))?;
    Ok(())
}

/// The data rows of the million-row case.
const MILLION: u32 = 1_000_000;

/// Peak RSS since the last reset, in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn current_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// What a phase measured.
struct Phase {
    seconds: f64,
    /// Peak RSS above the RSS at the start of the phase, MiB.
    peak_mib: f64,
}

fn measure<T>(f: impl FnOnce() -> T) -> (T, Phase) {
    reset_peak();
    let base = current_mib();
    let t = Instant::now();
    let out = f();
    let seconds = t.elapsed().as_secs_f64();
    (
        out,
        Phase {
            seconds,
            peak_mib: peak_mib() - base,
        },
    )
}

fn workbooks(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "output") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "xlsx") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The floor: calamine alone, every sheet of every file; returns the cells read.
fn floor(files: &[PathBuf]) -> u64 {
    let mut cells = 0u64;
    for f in files {
        let Ok(mut wb) = open_workbook_auto(f) else {
            continue;
        };
        for name in wb.sheet_names() {
            if let Ok(r) = wb.worksheet_range(&name) {
                cells += r.used_cells().count() as u64;
            }
        }
    }
    cells
}

/// The largest worksheet XML (uncompressed) among the files, in bytes.
fn largest_sheet_xml(files: &[PathBuf]) -> u64 {
    let mut max = 0;
    for f in files {
        let Ok(file) = std::fs::File::open(f) else {
            continue;
        };
        let Ok(mut z) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
            continue;
        };
        for i in 0..z.len() {
            if let Ok(e) = z.by_index_raw(i)
                && e.name().is_ok_and(|n| n.starts_with("xl/worksheets/"))
            {
                max = max.max(e.size());
            }
        }
    }
    max
}

/// The pipeline files of a folder.
fn pipelines(dir: &Path) -> Vec<PathBuf> {
    egov_etl::batch::pipeline_files(&[dir.to_path_buf()]).unwrap_or_default()
}

/// The whole pipeline on every given pipeline file, one after the other (output forced); the
/// gazetteers loaded as `run` loads them (once each, the loading timed with the run).
fn run_all(files: &[PathBuf]) -> (usize, usize) {
    let opts = RunOptions {
        force: true,
        ..RunOptions::default()
    };
    let mut gazetteers = egov_etl::batch::Gazetteers::default();
    let (mut units, mut rejected) = (0, 0);
    for path in files {
        let p = match pipeline::load(path) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{}: {:?}", path.display(), e.first().map(|f| &f.message.en));
                continue;
            }
        };
        let g = match gazetteers.get(p.gazetteer.as_deref()) {
            Ok(g) => g,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                continue;
            }
        };
        match run_pipeline(&p, &g, &opts) {
            Ok(outcomes) => {
                for o in outcomes {
                    units += o.districts + o.communes;
                    rejected += o.rejected_rows;
                }
            }
            Err(e) => eprintln!("{}: {e}", path.display()),
        }
    }
    (units, rejected)
}

fn pool(threads: usize) -> rayon::ThreadPool {
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => p,
        Err(e) => panic!("thread pool: {e}"),
    }
}

fn main() -> BoxResult<()> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--peak-rss-of") {
        // This process, fresh and small, measures the command for the bench (see `million_rows`).
        let cmd = &args[i + 1..];
        let Some(program) = cmd.first() else {
            return Err("--peak-rss-of: no command".into());
        };
        let mut c = Command::new(program);
        c.args(&cmd[1..]);
        let (mib, s, code) = peak_rss(c).ok_or("--peak-rss-of: the command did not run")?;
        println!("{mib} {s} {}", code.unwrap_or(-1));
        return Ok(());
    }
    if let Some(map) = args
        .iter()
        .position(|a| a == "--map-rss")
        .and_then(|i| args.get(i + 1))
    {
        // This process, fresh, loads a map and prints the RSS it added (see `stress_parts`).
        let base = current_mib();
        let g = egov_etl::batch::Gazetteers::default().get(Some(Path::new(map)))?;
        println!("{}", current_mib() - base);
        drop(g);
        return Ok(());
    }
    let dir = args
        .iter()
        .position(|a| a == "--dir")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/bench-corpus"));
    let regenerate = args.iter().any(|a| a == "--regenerate");
    let gaz = Gazetteer::embedded()?;
    if regenerate
        || !dir.join("national/pipelines").is_dir()
        || !dir.join("stress/raw/2020/stress.xlsx").is_file()
    {
        let _ = std::fs::remove_dir_all(&dir);
        let t = Instant::now();
        let n = generate_corpus(&dir, &gaz)?;
        generate_stress(&dir)?;
        println!(
            "generated {n} district workbooks + 1 stress workbook into {} in {:.1} s",
            dir.display(),
            t.elapsed().as_secs_f64()
        );
    }
    let million = dir.join("million/raw/2020/million.xlsx");
    if regenerate || !million.is_file() {
        let t = Instant::now();
        generate_million(&dir)?;
        println!(
            "generated the million-row workbook into {} in {:.1} s",
            million.display(),
            t.elapsed().as_secs_f64()
        );
    }
    if args.iter().any(|a| a == "--generate-only") {
        return Ok(());
    }
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let national = workbooks(&dir.join("national"));
    let stress = workbooks(&dir.join("stress"));
    let national_pipelines = pipelines(&dir.join("national/pipelines"));
    let stress_pipeline = vec![dir.join("stress/pipeline.toml")];
    let bytes: u64 = national
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "machine: {cores} cores; national corpus: {} workbooks, {:.1} MiB; {} pipelines",
        national.len(),
        bytes as f64 / 1048576.0,
        national_pipelines.len()
    );

    // Warm the page cache so that both phases read from memory.
    for f in national.iter().chain(stress.iter()) {
        if let Ok(mut file) = std::fs::File::open(f) {
            let mut sink = Vec::new();
            let _ = file.read_to_end(&mut sink);
        }
    }

    let all = pool(cores);
    let one = pool(1);
    println!();
    println!(
        "{:<34} {:>9} {:>9} {:>7} {:>13} {:>10}",
        "case", "floor s", "egov s", "ratio", "cells/s egov", "peak MiB"
    );
    let mut stress_floor = f64::NAN;
    for (label, files, pipes) in [
        ("national corpus", &national, &national_pipelines),
        ("stress workbook (300,000 rows)", &stress, &stress_pipeline),
    ] {
        let (cells, f) = measure(|| floor(files));
        stress_floor = f.seconds;
        let ((units, rejected), e) = measure(|| all.install(|| run_all(pipes)));
        let ((_, _), e1) = measure(|| one.install(|| run_all(pipes)));
        let xml = largest_sheet_xml(files) as f64 / 1048576.0;
        println!(
            "{:<34} {:>9.3} {:>9.3} {:>7.2} {:>13.0} {:>10}",
            label,
            f.seconds,
            e.seconds,
            e.seconds / f.seconds,
            cells as f64 / e.seconds,
            format!("{:.0}/{:.0}", f.peak_mib, e.peak_mib)
        );
        println!(
            "  {cells} cells, {units} units, {rejected} rows rejected; calamine floor {:.0} cells/s; \
             pipeline on 1 thread {:.3} s, on {cores} threads {:.3} s: speed-up {:.2}x; \
             largest sheet XML {:.1} MiB, peak (floor/egov) {:.1}x/{:.1}x of it",
            cells as f64 / f.seconds,
            e1.seconds,
            e.seconds,
            e1.seconds / e.seconds,
            xml,
            f.peak_mib / xml,
            e.peak_mib / xml,
        );
    }
    stress_parts(&dir, &stress, stress_floor);
    whole_process(&dir, &national_pipelines, &national, cores);
    million_rows(&dir, &million);
    Ok(())
}

/// The median of `n` runs, each giving its own time in seconds (or `None` when it failed:
/// then `None`, so that a failure is never timed as if it were the work).
fn median_of(n: usize, mut run: impl FnMut() -> Option<f64>) -> Option<f64> {
    let mut times = (0..n).map(|_| run()).collect::<Option<Vec<f64>>>()?;
    times.sort_by(f64::total_cmp);
    times.get(n / 2).copied()
}

/// The time `work` takes, in seconds, if it says it succeeded.
fn timed(work: impl FnOnce() -> bool) -> Option<f64> {
    let t = Instant::now();
    work().then(|| t.elapsed().as_secs_f64())
}

/// Two parts of the 300,000-row year that stand on the run's path alone, each against the
/// floor of its row (`floor_s`, calamine reading the workbook): its map of 300,000 units,
/// loaded before anything is read, and its annexes (`phu-luc.xlsx` made from the snapshot's
/// tables, written last), median of 3 each.
fn stress_parts(dir: &Path, files: &[PathBuf], floor_s: f64) {
    let Ok(p) = pipeline::load(&dir.join("stress/pipeline.toml")) else {
        println!("  stress parts: the stress pipeline does not load");
        return;
    };
    let map_s = median_of(3, || {
        timed(|| {
            egov_etl::batch::Gazetteers::default()
                .get(p.gazetteer.as_deref())
                .is_ok()
        })
    });
    // What the map holds while the run goes on, in a fresh process (this one's allocator keeps
    // pages freed by the runs before, which a map loaded here would reuse).
    let map_mib = std::env::current_exe()
        .ok()
        .zip(p.gazetteer.as_deref())
        .and_then(|(me, map)| Command::new(me).arg("--map-rss").arg(map).output().ok())
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<f64>()
                .ok()
        })
        .unwrap_or(f64::NAN);
    let out = dir.join("stress/output/2020");
    let tables = (
        egov_etl::emit::read_table(&out, "district"),
        egov_etl::emit::read_table(&out, "commune"),
    );
    let (Ok(district), Ok(commune)) = tables else {
        println!("  stress parts: no snapshot in {}", out.display());
        return;
    };
    let annex_s = median_of(3, || {
        timed(|| egov_etl::annex::workbook(&district, &commune, &p.publish, 2020).is_ok())
    });
    let (Some(map_s), Some(annex_s)) = (map_s, annex_s) else {
        println!("  stress parts: the map or the annexes failed");
        return;
    };
    let xml = largest_sheet_xml(files) as f64 / 1048576.0;
    println!(
        "  stress year's parts (median of 3), against the floor above: its map of 300,000 units \
         {map_s:.3} s = {:.2} × floor, holding {map_mib:.0} MiB = {:.1} × the sheet's XML; \
         phu-luc.xlsx alone {annex_s:.3} s = {:.2} × floor",
        map_s / floor_s,
        map_mib / xml,
        annex_s / floor_s
    );
}

/// A snapshot's files.
type Files = Vec<(String, Vec<u8>)>;

/// The least writing the national run's snapshots costs: their files (read into memory first)
/// written again into fresh folders and put in place as `run` does, nothing else (no encoding,
/// hashing or manifest), on `cores` threads; and the same without syncing. Median of 3 each,
/// the folder emptied before each, outside the time: (snapshots, files, durable s, unsynced s).
fn write_floor(out: &Path, cores: usize) -> Option<(usize, usize, f64, f64)> {
    let mut snapshots: Vec<Files> = Vec::new();
    for e in std::fs::read_dir(out).ok()?.flatten() {
        let Ok(rd) = std::fs::read_dir(e.path().join("2020")) else {
            continue;
        };
        let files: Files = rd
            .flatten()
            .filter_map(|f| {
                let name = f.file_name().into_string().ok()?;
                Some((name, std::fs::read(f.path()).ok()?))
            })
            .collect();
        snapshots.push(files);
    }
    let n_files = snapshots.iter().map(Vec::len).sum();
    let target = out.with_file_name("write-floor");
    let threads = pool(cores);
    let once = |durable: bool| -> Option<f64> {
        let _ = std::fs::remove_dir_all(&target);
        std::fs::create_dir_all(&target).ok()?;
        let t = Instant::now();
        threads
            .install(|| write_snapshots(&target, &snapshots, durable))
            .ok()?;
        Some(t.elapsed().as_secs_f64())
    };
    once(true)?;
    let durable = median_of(3, || once(true))?;
    let unsynced = median_of(3, || once(false))?;
    let _ = std::fs::remove_dir_all(&target);
    Some((snapshots.len(), n_files, durable, unsynced))
}

/// The snapshots written into `target`, as the writer does: each snapshot's files written on
/// the pool, then made durable and put in place on a thread of its own while the pool goes on
/// (the writer's `off_worker`); every one awaited at the end.
fn write_snapshots(target: &Path, snapshots: &[Files], durable: bool) -> std::io::Result<()> {
    use rayon::prelude::*;
    std::thread::scope(|scope| {
        let placed: Vec<_> = snapshots
            .par_iter()
            .enumerate()
            .map(|(i, files)| -> std::io::Result<_> {
                let parent = target.join(i.to_string());
                let staging = parent.join(".2020.tmp");
                std::fs::create_dir_all(&staging)?;
                for (name, bytes) in files {
                    std::fs::write(staging.join(name), bytes)?;
                }
                Ok(scope.spawn(move || put_in_place(&parent, &staging, files, durable)))
            })
            .collect::<std::io::Result<_>>()?;
        placed.into_iter().try_for_each(|h| {
            h.join()
                .unwrap_or_else(|_| Err(std::io::Error::other("a snapshot's thread panicked")))
        })
    })
}

/// A staging folder made durable (every file fsynced at once, a thread each, then the folder),
/// renamed to `parent/2020`, and the parent fsynced; only the rename when not `durable`.
fn put_in_place(
    parent: &Path,
    staging: &Path,
    files: &[(String, Vec<u8>)],
    durable: bool,
) -> std::io::Result<()> {
    if durable {
        std::thread::scope(|scope| {
            let syncs: Vec<_> = files
                .iter()
                .map(|(name, _)| {
                    let path = staging.join(name);
                    scope.spawn(move || {
                        std::fs::OpenOptions::new()
                            .write(true)
                            .open(path)?
                            .sync_all()
                    })
                })
                .collect();
            syncs.into_iter().try_for_each(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("a sync panicked")))
            })
        })?;
        std::fs::File::open(staging)?.sync_all()?;
    }
    std::fs::rename(staging, parent.join("2020"))?;
    if durable {
        std::fs::File::open(parent)?.sync_all()?;
    }
    Ok(())
}

/// The million-row case, whole process as `tests/hostile.rs` runs it (`run --dry-run`): its
/// peak RSS against the sheet's XML, three runs. Each is measured by a fresh process of this
/// example (`--peak-rss-of`): a child's peak RSS counts its parent's at the exec (Linux carries
/// the high-water mark of the address space it leaves), and this process's own is large.
fn million_rows(dir: &Path, file: &Path) {
    let (Some(bin), Ok(me)) = (binary(), std::env::current_exe()) else {
        return;
    };
    let xml = largest_sheet_xml(&[file.to_path_buf()]) as f64 / 1e6;
    let runs: Vec<(f64, f64, Option<i32>)> = (0..3)
        .filter_map(|_| {
            let out = Command::new(&me)
                .arg("--peak-rss-of")
                .arg(&bin)
                .args(["run", "--dry-run", "--pipeline"])
                .arg(dir.join("million/pipeline.toml"))
                .stderr(Stdio::null())
                .output()
                .ok()?;
            let text = String::from_utf8_lossy(&out.stdout);
            let mut f = text.split_whitespace();
            let mib: f64 = f.next()?.parse().ok()?;
            let s: f64 = f.next()?.parse().ok()?;
            let code: i32 = f.next()?.parse().ok()?;
            Some((mib, s, Some(code)))
        })
        .collect();
    let mib = |f: fn(f64, f64) -> f64| runs.iter().map(|r| r.0).fold(runs[0].0, f);
    if runs.is_empty() {
        println!("million rows: the binary did not run");
        return;
    }
    let (lo, hi) = (mib(f64::min), mib(f64::max));
    println!(
        "a million rows of one commune (run --dry-run, whole process, 3 runs, exit {:?}): peak RSS \
         {lo:.0}–{hi:.0} MiB = {:.2}–{:.2} × the sheet's {xml:.1} MB of XML, {:.2} s",
        runs[0].2,
        lo * 1048576.0 / 1e6 / xml,
        hi * 1048576.0 / 1e6 / xml,
        runs[0].1,
    );
}

/// A command's peak RSS (MiB), wall time (s) and exit code, from `wait4`.
fn peak_rss(mut c: Command) -> Option<(f64, f64, Option<i32>)> {
    let t = Instant::now();
    let child = c.stdout(Stdio::null()).stderr(Stdio::null()).spawn().ok()?;
    let mut status: libc::c_int = 0;
    // SAFETY: wait4 writes only into the status and the zeroed struct it is given; the child is
    // reaped here (its `Child` is dropped without waiting).
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut ru) };
    if pid <= 0 {
        return None;
    }
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Some((
        ru.ru_maxrss as f64 / 1024.0,
        t.elapsed().as_secs_f64(),
        code,
    ))
}

/// The median of `n` wall times of a command, in seconds, and its last exit code.
fn time_command(n: usize, mut make: impl FnMut() -> Command) -> (f64, Option<i32>) {
    let mut code = None;
    let median = median_of(n, || {
        let t = Instant::now();
        let status = make().stdout(Stdio::null()).stderr(Stdio::null()).status();
        code = status.ok().and_then(|s| s.code());
        Some(t.elapsed().as_secs_f64())
    });
    (median.unwrap_or(f64::NAN), code)
}

/// The release binary beside this example (`target/release/egov-etl`).
fn binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let bin = exe.parent()?.parent()?.join("egov-etl");
    bin.is_file().then_some(bin)
}

/// The Python that runs the peers: $EGOV_ETL_PYTHON, the project's venv, or python3.
fn python() -> PathBuf {
    if let Ok(p) = std::env::var("EGOV_ETL_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = std::env::var("HOME")
        .map(|h| PathBuf::from(h).join(".cache/egov-etl/venv/bin/python3"))
        .unwrap_or_default();
    if venv.is_file() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

/// Whole processes, as a department runs them: the national corpus in one command (all cores
/// and one thread), one province, the gazetteer's start-up; and the Python peers doing the same
/// job on the same files, each against the calamine floor measured here again.
fn whole_process(dir: &Path, pipes: &[PathBuf], files: &[PathBuf], cores: usize) {
    println!();
    let (_, f) = measure(|| floor(files));
    let floor_s = f.seconds;
    // Loading finds each province's rows; a province is read when first asked for.
    let median_of_21 = |work: &dyn Fn(&Gazetteer) -> usize| -> f64 {
        let ms = median_of(21, || {
            let t = Instant::now();
            let g = Gazetteer::embedded();
            let n = g.as_ref().map_or(0, work);
            let s = t.elapsed().as_secs_f64();
            drop((g, n));
            Some(s * 1000.0)
        });
        ms.unwrap_or(f64::NAN)
    };
    println!(
        "embedded gazetteer load (in process, median of 21): {:.2} ms; with one province read \
         (Khánh Hòa): {:.2} ms; with all 63 read: {:.2} ms",
        median_of_21(&|_| 0),
        median_of_21(&|g| g.communes_of_province("56").len()),
        median_of_21(&|g| g.communes().count()),
    );
    let Some(bin) = binary() else {
        println!("whole-process rows skipped: build the binary first (cargo build --release)");
        return;
    };
    let pdir = dir.join("national/pipelines");
    let out = dir.join("out-process");
    let run = |threads: Option<usize>| {
        let mut c = Command::new(&bin);
        c.args(["run", "--force", "--pipeline"])
            .arg(&pdir)
            .arg("--out")
            .arg(&out);
        if let Some(t) = threads {
            c.env("RAYON_NUM_THREADS", t.to_string());
        }
        c
    };
    let (all_s, code) = time_command(3, || run(None));
    let (one_s, _) = time_command(3, || run(Some(1)));
    println!(
        "{:<58} {:>8} {:>8}",
        "whole process (median of 3 or 5)", "s", "× floor"
    );
    let row = |label: &str, s: f64| println!("{label:<58} {s:>8.3} {:>8.2}", s / floor_s);
    row(
        "calamine floor, in process (every sheet of every file)",
        floor_s,
    );
    row(
        &format!(
            "egov-etl run --pipeline DIR ({} pipelines), default threads, exit {code:?}",
            pipes.len()
        ),
        all_s,
    );
    row("egov-etl run --pipeline DIR, 1 thread", one_s);
    // The default is one thread per core: the same as RAYON_NUM_THREADS={cores}.
    println!(
        "  1 → {cores} threads (the default, one per core): {:.2} ×",
        one_s / all_s
    );
    if let Some((snapshots, n, durable, unsynced)) = write_floor(&out, cores) {
        row(
            &format!("writing their {n} files durably, nothing else ({snapshots} snapshots)"),
            durable,
        );
        row("the same, not synced", unsynced);
    } else {
        println!("writing floor: not measured (a snapshot could not be read or written)");
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // A run of a few tens of milliseconds: the median of 21, against this machine's spikes.
    let (kh, kh_code) = time_command(21, || {
        let mut c = Command::new(&bin);
        c.args(["run", "--force", "--pipeline"])
            .arg(repo.join("pipelines/khanh-hoa.toml"))
            .arg("--out")
            .arg(dir.join("out-khanh-hoa"));
        c
    });
    println!(
        "one province (Khánh Hòa 2020, 8 files, whole process, median of 21, exit {kh_code:?}): {:.1} ms",
        kh * 1000.0
    );
    let (units, _) = time_command(5, || {
        let mut c = Command::new(&bin);
        c.args(["units", "cam hoa"]);
        c
    });
    println!(
        "egov-etl units \"cam hoa\" (whole process): {:.1} ms",
        units * 1000.0
    );
    peers(dir, &pdir, all_s, floor_s);
}

/// The Python peers (examples/peers/), whole process, against egov-etl's whole process.
fn peers(dir: &Path, pdir: &Path, egov_s: f64, floor_s: f64) {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let gaz = repo.join("reference/gso-units-2020-11-01.csv");
    for script in ["pandas_openpyxl", "fastexcel_polars"] {
        let path = repo.join("examples/peers").join(format!("{script}.py"));
        let out = dir.join(format!("out-{script}"));
        let (s, code) = time_command(1, || {
            let mut c = Command::new(python());
            c.arg(&path).arg(pdir).arg(&gaz).arg(&out);
            c
        });
        if code != Some(0) {
            println!(
                "peer {script}: did not run (exit {code:?}; pip install -r examples/peers/requirements.txt)"
            );
            continue;
        }
        println!(
            "peer {script} (whole process): {s:.3} s = {:.2} × floor; egov-etl is {:.1} × faster",
            s / floor_s,
            s / egov_s
        );
    }
}
