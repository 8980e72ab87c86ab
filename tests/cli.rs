//! The command line: help texts, exit codes (0 ok, 1 data errors, 2 usage or bad pipeline,
//! 3 output failure), --strict, --dry-run, --lang, and the inspect, units and check commands.

mod util;

use std::path::PathBuf;

use util::{Project, arg, read_csv, repo, repo_copy, run_bin, show};

const KHANH_SON: &str = "raw/2020/KHANH SON - Bieu diem CQDT nam 2020.xlsx";
const KHANH_VINH: &str = "raw/2020/Khanh Vinh_CQDT_2020_final.xlsx";

// ---------------------------------------------------------------------------------------------
// Help.

#[test]
fn help_of_each_command_says_what_it_does() {
    let top = run_bin(&repo(), &["--help"]);
    assert_eq!(top.code, 0, "{}", show(&top));
    for cmd in ["run", "check", "inspect", "units"] {
        assert!(
            top.stdout.contains(cmd),
            "--help lacks {cmd}: {}",
            show(&top)
        );
    }
    let cases = [
        (
            "run",
            &[
                "Run a pipeline",
                "Parquet, CSV, manifest, report",
                "--dry-run",
                "--force",
                "--strict",
                "Exit 0",
            ][..],
        ),
        (
            "check",
            &["Check files without writing anything", "--pipeline"][..],
        ),
        (
            "inspect",
            &["Show how a workbook reads", "column roles"][..],
        ),
        ("units", &["Search the gazetteer", "--limit"][..]),
    ];
    for (cmd, phrases) in cases {
        let o = run_bin(&repo(), &[cmd, "--help"]);
        assert_eq!(o.code, 0, "{cmd} --help: {}", show(&o));
        for phrase in phrases {
            assert!(
                o.stdout.contains(phrase),
                "{cmd} --help lacks {phrase:?}: {}",
                show(&o)
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Exit codes of `run`.

#[test]
fn run_on_the_repo_data_exits_0_and_writes_the_year() {
    let out = tempfile::tempdir().expect("tempdir");
    let o = run_bin(&repo(), &["run", "--out", &arg(out.path()), "--force"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    for f in [
        "district.parquet",
        "district.csv",
        "commune.parquet",
        "commune.csv",
        "rejects.parquet",
        "rejects.csv",
        "report.json",
        "manifest.json",
    ] {
        assert!(out.path().join("2020").join(f).is_file(), "missing {f}");
    }
    assert!(
        o.stderr
            .contains("Năm 2020: 8 huyện, 136 xã, 0 dòng bị loại, 0 lỗi"),
        "{}",
        show(&o)
    );
}

#[test]
fn a_missing_pipeline_exits_2() {
    let out = tempfile::tempdir().expect("tempdir");
    let o = run_bin(
        &repo(),
        &[
            "run",
            "--pipeline",
            "missing.toml",
            "--out",
            &arg(out.path()),
        ],
    );
    assert_eq!(o.code, 2, "{}", show(&o));
    assert!(o.stderr.contains("missing.toml"), "{}", show(&o));
    assert!(o.stderr.contains("config-error"), "{}", show(&o));
    assert!(!out.path().join("2020").exists());
}

#[test]
fn an_unknown_key_in_the_pipeline_exits_2_with_its_line() {
    let p = Project::new("56", "colour = \"red\"", "");
    let text = std::fs::read_to_string(p.pipeline()).expect("pipeline");
    let line = text
        .lines()
        .position(|l| l.starts_with("colour"))
        .expect("colour line")
        + 1;
    for (lang, words) in [("vi", "dòng"), ("en", "line")] {
        let o = p.run(&["--lang", lang, "run", "--pipeline", "pipelines/test.toml"]);
        assert_eq!(o.code, 2, "{}", show(&o));
        assert!(
            o.stderr.contains(&format!("{words} {line}")),
            "{}",
            show(&o)
        );
        assert!(o.stderr.contains("colour"), "{}", show(&o));
        assert!(o.stderr.contains("pipelines/test.toml"), "{}", show(&o));
    }
    let output = p.path().join("output");
    assert!(
        !output.exists() || only_run_json(&output),
        "only run.json may be written"
    );
}

/// The folder holds run.json and nothing else.
fn only_run_json(dir: &std::path::Path) -> bool {
    std::fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .all(|n| n == "run.json")
}

#[test]
fn a_year_not_in_the_pipeline_exits_2() {
    let out = tempfile::tempdir().expect("tempdir");
    let o = run_bin(
        &repo(),
        &["run", "--year", "1999", "--out", &arg(out.path())],
    );
    assert_eq!(o.code, 2, "{}", show(&o));
    assert!(o.stderr.contains("1999"), "{}", show(&o));
    // Nothing but run.json, which says how the run ended.
    let names: Vec<String> = std::fs::read_dir(out.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names, vec!["run.json"]);
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("run.json")).expect("run.json"))
            .expect("json");
    assert_eq!(run["exit_code"], 2);
    assert!(
        run["error"].as_str().is_some_and(|e| e.contains("1999")),
        "{run}"
    );
}

#[test]
fn an_output_that_is_a_file_exits_2_and_is_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "keep me").expect("write");
    let o = run_bin(&repo(), &["run", "--out", &arg(&file)]);
    assert_eq!(o.code, 2, "{}", show(&o));
    assert!(o.stderr.contains("not-a-folder"), "{}", show(&o));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "keep me");
}

#[test]
fn an_unreadable_workbook_exits_1_and_the_good_files_are_still_written() {
    let p = repo_copy();
    let bad = p.path().join("raw/2020/Dien Khanh (ban sao).xlsx");
    std::fs::write(&bad, "this is a text file, not a workbook\n").expect("write");
    let o = run_bin(p.path(), &["run"]);
    assert_eq!(o.code, 1, "{}", show(&o));
    assert!(
        o.stderr.contains("Dien Khanh (ban sao).xlsx"),
        "{}",
        show(&o)
    );
    assert!(o.stderr.contains("TỆP BỊ LOẠI"), "{}", show(&o));

    // Every good file's rows are in the output.
    let rows = read_csv(&p.path().join("output/2020/commune.csv"));
    assert_eq!(rows.len(), 136);
    let ba_cum_bac = rows
        .iter()
        .find(|r| r["commune_code"] == "22732")
        .expect("Xã Ba Cụm Bắc (22732) of Khánh Sơn's file");
    assert_eq!(ba_cum_bac["source_file"], KHANH_SON);
    assert!(rows.iter().all(|r| !r["source_file"].contains("ban sao")));

    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(p.path().join("output/2020/report.json")).expect("report"),
    )
    .expect("json");
    let files = report["files"].as_array().expect("files");
    let entry = files
        .iter()
        .find(|f| f["file"] == "raw/2020/Dien Khanh (ban sao).xlsx")
        .unwrap_or_else(|| panic!("bad file not in report: {files:#?}"));
    assert_eq!(entry["file_rejected"], true);
    assert_eq!(entry["rows_accepted"], 0);
    let good = files
        .iter()
        .filter(|f| f["file_rejected"] == false && f["skipped"] == false)
        .count();
    assert_eq!(good, 8);
    assert!(report["totals"]["errors"].as_u64().expect("errors") >= 1);
    assert!(
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f.to_string().contains("file-unreadable")
                && f.to_string().contains("ban sao")),
        "no file-unreadable finding for the bad file"
    );
}

#[test]
fn strict_turns_warnings_into_exit_1() {
    // The repository's data reads with warnings only (misspelt commune names).
    let out = tempfile::tempdir().expect("tempdir");
    let plain = run_bin(&repo(), &["run", "--out", &arg(out.path()), "--force"]);
    assert_eq!(plain.code, 0, "{}", show(&plain));
    assert!(plain.stderr.contains("cảnh báo[unit-name-corrected]"));
    assert!(plain.stderr.contains(" 0 lỗi"), "{}", show(&plain));
    let strict = run_bin(
        &repo(),
        &["run", "--out", &arg(out.path()), "--force", "--strict"],
    );
    assert_eq!(strict.code, 1, "{}", show(&strict));
}

#[test]
fn dry_run_writes_nothing() {
    let p = repo_copy();
    let o = run_bin(p.path(), &["run", "--dry-run"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    assert!(o.stderr.contains("--dry-run"), "{}", show(&o));
    assert!(o.stderr.contains("8 huyện, 136 xã"), "{}", show(&o));
    assert!(
        only_run_json(&p.path().join("output")),
        "a dry run writes its run.json only"
    );

    let elsewhere = p.path().join("elsewhere");
    let o = run_bin(p.path(), &["run", "--dry-run", "--out", &arg(&elsewhere)]);
    assert_eq!(o.code, 0, "{}", show(&o));
    assert!(
        only_run_json(&elsewhere),
        "--out folder holds more than run.json"
    );
    let mut entries: Vec<String> = std::fs::read_dir(p.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    entries.sort();
    // `reference` holds the crosswalk the pipeline names (util::repo_copy).
    assert_eq!(
        entries,
        vec!["elsewhere", "output", "pipelines", "raw", "reference"]
    );
}

#[test]
fn lang_en_gives_english_messages_and_vietnamese_is_the_default() {
    let vi = run_bin(&repo(), &["run", "--dry-run"]);
    assert_eq!(vi.code, 0, "{}", show(&vi));
    assert!(vi.stderr.contains("được đọc là"), "{}", show(&vi));
    assert!(vi.stderr.contains("cảnh báo["), "{}", show(&vi));
    assert!(!vi.stderr.contains("read as"), "{}", show(&vi));

    let en = run_bin(&repo(), &["--lang", "en", "run", "--dry-run"]);
    assert_eq!(en.code, 0, "{}", show(&en));
    assert!(
        en.stderr
            .contains("\"Xã Ba Cạm Bắc\" read as Xã Ba Cụm Bắc (22732)"),
        "{}",
        show(&en)
    );
    assert!(en.stderr.contains("warning["), "{}", show(&en));
    assert!(
        en.stderr.contains("2020: 8 districts, 136 communes"),
        "{}",
        show(&en)
    );
    assert!(!en.stderr.contains("được đọc là"), "{}", show(&en));

    // --lang is global: also accepted after the command.
    let after = run_bin(&repo(), &["run", "--dry-run", "--lang", "en"]);
    assert_eq!(after.code, 0, "{}", show(&after));
    assert!(after.stderr.contains("read as"), "{}", show(&after));
}

// ---------------------------------------------------------------------------------------------
// inspect, units, check.

#[test]
fn inspect_says_in_vietnamese_each_columns_role_and_why() {
    let o = run_bin(&repo(), &["inspect", KHANH_VINH]);
    assert_eq!(o.code, 0, "{}", show(&o));
    for want in [
        "trang 'Cap xa': 17 dòng",
        "bảng: dòng tiêu đề 3, 14 dòng số liệu",
        "số thứ tự",
        "tên đơn vị",
        "điểm mức độ đạt được",
        "điểm điều kiện sẵn sàng",
        "nhãn tên đơn vị",
        "tiêu chí \"",
        "trang 'Tieu chi' (ẩn)",
    ] {
        assert!(
            o.stdout.contains(want),
            "inspect lacks {want:?}:\n{}",
            show(&o)
        );
    }
}

#[test]
fn inspect_prints_tables_roles_and_row_counts() {
    let o = run_bin(&repo(), &["inspect", "--lang", "en", KHANH_VINH]);
    assert_eq!(o.code, 0, "{}", show(&o));
    let s = &o.stdout;
    for want in [
        KHANH_VINH,
        "sheet 'Cap huyen'",
        "sheet 'Cap xa': 17 rows",
        "table: header row(s) 3, 1 data rows",
        "table: header row(s) 3, 14 data rows",
        "row number",
        "\"Các xã, thị trấn\"",
        "achieved score",
        "readiness score",
        "sheet 'Tieu chi' (hidden)",
    ] {
        assert!(s.contains(want), "inspect lacks {want:?}:\n{}", show(&o));
    }
    // The unit column of the commune table is B.
    assert!(
        s.lines()
            .any(|l| l.trim_start().starts_with("B ") && l.contains("unit")),
        "{}",
        show(&o)
    );
}

#[test]
fn inspect_of_a_text_file_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.xlsx");
    std::fs::write(&bad, "plain text").expect("write");
    let o = run_bin(&repo(), &["inspect", &arg(&bad)]);
    assert_eq!(o.code, 1, "{}", show(&o));
    assert!(o.stdout.contains("file-unreadable"), "{}", show(&o));
}

#[test]
fn units_finds_cam_hoa_without_accents() {
    let o = run_bin(&repo(), &["units", "Cam Hoa"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    let line = o
        .stdout
        .lines()
        .find(|l| l.starts_with("22438 "))
        .unwrap_or_else(|| panic!("no 22438: {}", show(&o)));
    assert!(line.contains("Xã"), "{line}");
    assert!(line.contains("Cam Hòa"), "{line}");
    assert!(line.contains("Cam Lâm (570)"), "{line}");
    assert!(line.contains("Khánh Hòa (56)"), "{line}");
}

#[test]
fn units_without_a_match_exits_1() {
    let o = run_bin(&repo(), &["units", "zzzz"]);
    assert_eq!(o.code, 1, "{}", show(&o));
    assert!(o.stdout.is_empty(), "{}", show(&o));
    assert!(o.stderr.contains("zzzz"), "{}", show(&o));
}

#[test]
fn check_of_the_pipeline_exits_0() {
    let o = run_bin(&repo(), &["check", "pipelines/khanh-hoa.toml"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    assert!(o.stderr.contains("hợp lệ (1 năm)"), "{}", show(&o));
    let en = run_bin(
        &repo(),
        &["--lang", "en", "check", "pipelines/khanh-hoa.toml"],
    );
    assert_eq!(en.code, 0, "{}", show(&en));
    assert!(en.stderr.contains("valid (1 year)"), "{}", show(&en));
}

#[test]
fn check_of_a_bad_pipeline_exits_2_with_its_line() {
    let p = Project::new("56", "", "");
    let text = std::fs::read_to_string(p.pipeline())
        .expect("pipeline")
        .replace("year = 2020", "year = 1850");
    std::fs::write(p.pipeline(), &text).expect("write");
    let line = text
        .lines()
        .position(|l| l == "year = 1850")
        .expect("year line")
        + 1;
    let o = p.run(&["check", "pipelines/test.toml"]);
    assert_eq!(o.code, 2, "{}", show(&o));
    assert!(
        o.stderr
            .contains(&format!("pipelines/test.toml: dòng {line}")),
        "{}",
        show(&o)
    );
}

#[test]
fn check_of_a_workbook_prints_its_findings() {
    let o = run_bin(&repo(), &["check", KHANH_SON]);
    assert_eq!(o.code, 0, "warnings only: {}", show(&o));
    let corrected: Vec<&str> = o
        .stderr
        .lines()
        .filter(|l| l.contains("unit-name-corrected"))
        .collect();
    assert_eq!(corrected.len(), 4, "{}", show(&o));
    assert!(
        corrected
            .iter()
            .any(|l| l.contains("'Ket qua'!B11") && l.contains("Ba Cụm Bắc (22732)")),
        "{}",
        show(&o)
    );
    assert!(o.stderr.contains("1 tệp, 0 dòng bị loại"), "{}", show(&o));
}

#[test]
fn check_of_an_unreadable_workbook_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad: PathBuf = dir.path().join("Van Ninh.xlsx");
    std::fs::write(&bad, "plain text").expect("write");
    let o = run_bin(&repo(), &["check", KHANH_SON, &arg(&bad)]);
    assert_eq!(o.code, 1, "{}", show(&o));
    assert!(
        o.stderr
            .lines()
            .any(|l| l.contains("Van Ninh.xlsx") && l.contains("file-unreadable")),
        "{}",
        show(&o)
    );
    assert!(o.stderr.contains("2 tệp"), "{}", show(&o));
}

/// A damaged OLE file found by the workbook fuzzer makes calamine panic (an assertion in its CFB
/// reader); the tool must report it as an unreadable file, quietly, and go on.
#[test]
fn a_workbook_that_makes_the_reader_panic_is_an_unreadable_file() {
    let o = run_bin(&repo(), &["inspect", "tests/fixtures/fuzz-crash-ole.xls"]);
    assert_eq!(o.code, 1, "{}", show(&o));
    assert!(o.stdout.contains("file-unreadable"), "{}", show(&o));
    assert!(!o.stderr.contains("panicked"), "{}", show(&o));
    let bytes = std::fs::read(repo().join("tests/fixtures/fuzz-crash-ole.xls")).expect("fixture");
    let mut findings = Vec::new();
    let wb = egov_etl::ingest::read_bytes(
        bytes,
        "crash.xls",
        &egov_etl::pipeline::Limits::default(),
        &egov_etl::pipeline::Aliases::default(),
        &mut findings,
    );
    assert!(wb.rejected);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code, egov_etl::finding::Code::FileUnreadable);
}

/// An .xls whose cells span A1:IV65536 (16.7 million cells), or whose DIMENSIONS record says so, is
/// refused before calamine allocates its used range; a malformed OLE file found by the fuzzer
/// (calamine allocated 20 GB on it) is refused as damaged.
#[test]
fn xls_files_that_would_exhaust_memory_are_refused_first() {
    let o = run_bin(
        &repo(),
        &["--lang", "en", "inspect", "tests/fixtures/far-cell.xls"],
    );
    assert_eq!(o.code, 1, "{}", show(&o));
    // Its DIMENSIONS record declares the 65,536 × 256 used range (A1:IV65536).
    assert!(
        o.stdout.contains("sheet-too-large") && o.stdout.contains("65536 × 256"),
        "{}",
        show(&o)
    );
    // A fuzzer's file whose DIMENSIONS record declares 16,777,215 × 65,535 cells.
    let o = run_bin(
        &repo(),
        &[
            "--lang",
            "en",
            "inspect",
            "tests/fixtures/fuzz-oom-dimensions.xls",
        ],
    );
    assert_eq!(o.code, 1, "{}", show(&o));
    assert!(
        o.stdout.contains("sheet-too-large") && o.stdout.contains("(declared)"),
        "{}",
        show(&o)
    );
    let o = run_bin(
        &repo(),
        &["--lang", "en", "inspect", "tests/fixtures/fuzz-oom-xls.xls"],
    );
    assert_eq!(o.code, 1, "{}", show(&o));
    assert!(
        o.stdout.contains("file-unreadable") && o.stdout.contains("malformed"),
        "{}",
        show(&o)
    );
}

/// A scheduled batch rerunning an unchanged year must see the same exit code as the run that
/// wrote the snapshot: 1 when that run rejected something.
#[test]
fn an_unchanged_year_keeps_its_exit_code() {
    let p = Project::new("56", "", "");
    std::fs::write(p.raw("bad.xlsx"), "not a workbook").expect("write");
    let first = p.run(&["run", "--pipeline", "pipelines/test.toml"]);
    assert_eq!(first.code, 1, "{}", show(&first));
    let again = p.run(&["--lang", "en", "run", "--pipeline", "pipelines/test.toml"]);
    assert_eq!(again.code, 1, "{}", show(&again));
    assert!(again.stderr.contains("unchanged"), "{}", show(&again));
}

/// `inspect --pipeline` reads with the pipeline's extra header labels, as `run` does.
#[test]
fn inspect_uses_the_pipeline_aliases_when_given() {
    let p = Project::new("56", "[aliases]\nunit = [\"Nơi gửi\"]", "");
    let file = p.raw("dia-ban.xlsx");
    util::write_xlsx(
        &file,
        &[util::Sheet::new(
            "KQ",
            vec![
                util::row(&[
                    "STT",
                    "Nơi gửi",
                    "Điểm mức độ đạt được",
                    "Điểm điều kiện sẵn sàng",
                ]),
                util::row(&["1", "Xã Cam Hòa", "45", "25"]),
            ],
        )],
    );
    let plain = p.run(&["--lang", "en", "inspect", "raw/2020/dia-ban.xlsx"]);
    assert!(plain.stdout.contains("no-table"), "{}", show(&plain));
    let with = p.run(&[
        "--lang",
        "en",
        "inspect",
        "--pipeline",
        "pipelines/test.toml",
        "raw/2020/dia-ban.xlsx",
    ]);
    assert_eq!(with.code, 0, "{}", show(&with));
    assert!(
        with.stdout.contains("1 data rows") && with.stdout.contains("\"Nơi gửi\""),
        "{}",
        show(&with)
    );
}
