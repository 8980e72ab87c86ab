//! The snapshot's documents as people see them, on the 2020 replay:
//! - report.html in headless Chromium at 1280 and 390 px (`tests/python/check_report.py`, Python
//!   playwright driving the system's Chromium): no console or page error, no request but the file
//!   itself, headings, table headers and chart titles in order, the charts' numbers those of
//!   commune.parquet, no sideways overflow on a phone, the language button;
//! - phu-luc.xlsx printed to PDF by LibreOffice: pages, both annexes, A4 landscape, every page
//!   drawn (pdftoppm) and not blank.
//!
//! Screenshots and page images are kept in `<target>/test-artifacts/`. Without Chromium,
//! playwright, LibreOffice or poppler the tests say so and return, unless
//! `EGOV_ETL_REQUIRE_BROWSER=1` (CI, `.ci/run`), where they fail.

mod util;

use std::path::{Path, PathBuf};
use std::process::Command;

use util::{repo, repo_copy, run_bin, show};

const REQUIRE: &str = "EGOV_ETL_REQUIRE_BROWSER";

/// True when `probe` succeeds; otherwise fails under `EGOV_ETL_REQUIRE_BROWSER=1` and says the
/// test is skipped elsewhere.
fn ready(what: &str, probe: &mut Command) -> bool {
    let ok = probe.output().is_ok_and(|o| o.status.success());
    if !ok {
        assert_ne!(
            std::env::var(REQUIRE).as_deref(),
            Ok("1"),
            "{REQUIRE}=1 but {what} is not available"
        );
        eprintln!("skipped: {what} is not available (.ci/run installs it)");
    }
    ok
}

/// `<target>/test-artifacts/` (the test binary is `<target>/<profile>/deps/<name>`).
fn artifacts() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary");
    let target = exe
        .ancestors()
        .nth(3)
        .map_or_else(|| repo().join("target"), Path::to_path_buf);
    let dir = target.join("test-artifacts");
    std::fs::create_dir_all(&dir).expect("mkdir artifacts");
    dir
}

fn chromium() -> String {
    std::env::var("EGOV_ETL_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

#[test]
fn report_html_reads_well_in_chromium_at_two_widths() {
    let python_ready = ready(
        "python3 with playwright and pyarrow (pip install -r tests/python/requirements.txt)",
        Command::new("python3").args(["-c", "import playwright.sync_api, pyarrow"]),
    );
    if !python_ready || !ready("Chromium", Command::new(chromium()).arg("--version")) {
        return;
    }
    let dir = repo_copy();
    let o = run_bin(dir.path(), &["run"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    let year = dir.path().join("output/2020");
    let out = Command::new("python3")
        .arg(repo().join("tests/python/check_report.py"))
        .arg(year.join("report.html"))
        .arg(year.join("commune.parquet"))
        .arg(artifacts())
        .env("EGOV_ETL_CHROMIUM", chromium())
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for width in [1280, 390] {
        let shot = artifacts().join(format!("report-{width}.png"));
        let (w, h) = png_size(&shot);
        assert_eq!(w, width, "{}", shot.display());
        assert!(h > 900, "{}: a whole page, not {h} px", shot.display());
    }
}

/// Width and height of a PNG, from its IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).expect("png");
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{}",
        path.display()
    );
    let be =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (be(16), be(20))
}

/// The share of dark pixels of a binary PGM (P5, 8 bits) and its size.
fn pgm_ink(path: &Path) -> (f64, u32, u32) {
    let bytes = std::fs::read(path).expect("pgm");
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).to_string());
    }
    assert_eq!(fields[0], "P5", "{}", path.display());
    let (w, h): (u32, u32) = (fields[1].parse().expect("w"), fields[2].parse().expect("h"));
    let pixels = &bytes[at + 1..];
    assert_eq!(pixels.len(), (w * h) as usize, "{}", path.display());
    let dark = pixels.iter().filter(|&&p| p < 128).count();
    (dark as f64 / pixels.len() as f64, w, h)
}

fn run_tool(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run tool");
    assert!(
        out.status.success(),
        "{cmd:?}\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_annexes_print_from_libreoffice_as_a4_landscape_pages() {
    if !ready(
        "LibreOffice (soffice)",
        Command::new("soffice").arg("--version"),
    ) || !ready("poppler (pdftoppm)", Command::new("pdftoppm").arg("-v"))
    {
        return;
    }
    let dir = repo_copy();
    let o = run_bin(dir.path(), &["run"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    let pdf_dir = dir.path().join("pdf");
    let profile = dir.path().join("lo-profile");
    run_tool(
        Command::new("soffice")
            .arg("--headless")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--convert-to", "pdf", "--outdir"])
            .arg(&pdf_dir)
            .arg(dir.path().join("output/2020/phu-luc.xlsx")),
    );
    let pdf = pdf_dir.join("phu-luc.pdf");
    assert!(pdf.is_file(), "no PDF");
    let info = run_tool(Command::new("pdfinfo").arg(&pdf));
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pages");
    assert!(pages >= 2, "{info}");
    // Every page A4 landscape (pt: 841.89 x 595.3).
    let sizes = run_tool(
        Command::new("pdfinfo")
            .args(["-f", "1", "-l", &pages.to_string()])
            .arg(&pdf),
    );
    let mut seen = 0;
    for l in sizes
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
    {
        let nums: Vec<f64> = l
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        let (w, h) = (nums[nums.len() - 2], nums[nums.len() - 1]);
        assert!((w - 841.9).abs() < 2.0 && (h - 595.3).abs() < 2.0, "{l}");
        seen += 1;
    }
    assert_eq!(seen, pages, "{sizes}");
    // Both annexes, by their titles.
    let text = run_tool(Command::new("pdftotext").arg(&pdf).arg("-"));
    for title in [
        "XẾP HẠNG CHÍNH QUYỀN ĐIỆN TỬ CẤP HUYỆN",
        "XẾP HẠNG CHÍNH QUYỀN ĐIỆN TỬ CẤP XÃ",
        "UBND huyện Cam Lâm",
        "Xã Ba Cụm Bắc",
    ] {
        assert!(text.contains(title), "{title} not printed");
    }
    // Each page drawn: landscape and not blank (PNG kept, PGM measured).
    let out = artifacts();
    run_tool(
        Command::new("pdftoppm")
            .args(["-r", "50", "-png"])
            .arg(&pdf)
            .arg(out.join("phu-luc")),
    );
    run_tool(
        Command::new("pdftoppm")
            .args(["-r", "50", "-gray"])
            .arg(&pdf)
            .arg(dir.path().join("page")),
    );
    let mut pgms: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("read_dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
        .collect();
    pgms.sort();
    assert_eq!(pgms.len() as u32, pages);
    for p in &pgms {
        let (ink, w, h) = pgm_ink(p);
        assert!(w > h, "{}: {w}x{h} is not landscape", p.display());
        assert!(
            ink > 0.005 && ink < 0.5,
            "{}: {ink} of the page dark",
            p.display()
        );
    }
    let pngs = std::fs::read_dir(&out)
        .expect("artifacts")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().starts_with("phu-luc"))
        })
        .count();
    assert!(pngs as u32 >= pages);
}
