//! The decision's annexes as a workbook (`phu-luc.xlsx`) in every snapshot: read back as the
//! year's published decision it compares with no difference and GSO names; its sheets, headings,
//! STT and header as the decision lays them out (calamine here, openpyxl for merges, formats and
//! the page setup); byte-identical on a rerun and from `publish`, which follows `[publish]`.

mod util;

use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use util::{repo, repo_copy, run_bin, show};

/// Every row of a sheet as text (numbers as Excel shows them in general format).
fn sheet_rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("open phu-luc.xlsx");
    let range = wb.worksheet_range(sheet).expect("sheet");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn sha256(path: &Path) -> String {
    egov_etl::emit::sha256_file(path).expect("sha256")
}

fn manifest_sha(year_dir: &Path, file: &str) -> Option<String> {
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(year_dir.join("manifest.json")).expect("manifest"))
            .expect("json");
    m["outputs"]
        .as_array()?
        .iter()
        .find(|o| o["path"] == file)
        .and_then(|o| o["sha256"].as_str().map(str::to_string))
}

/// Replaces `from` by `to` in the pipeline of a repository copy.
fn edit_pipeline(root: &Path, from: &str, to: &str) {
    let path = root.join("pipelines/khanh-hoa.toml");
    let text = std::fs::read_to_string(&path).expect("pipeline");
    assert!(text.contains(from), "{from} not in the pipeline");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write pipeline");
}

#[test]
fn the_annexes_read_as_the_published_decision_compare_with_no_difference() {
    let dir = repo_copy();
    let o = run_bin(dir.path(), &["run", "--lang", "en"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    let annex = dir.path().join("output/2020/phu-luc.xlsx");
    std::fs::copy(&annex, dir.path().join("raw/published/ours.xlsx")).expect("copy");
    edit_pipeline(dir.path(), "2020-qd644-phu-luc.xlsx", "ours.xlsx");
    let o = run_bin(dir.path(), &["run", "--lang", "en"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    let report: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("output/2020/report.json")).expect("report"),
    )
    .expect("json");
    let c = &report["comparison"];
    assert_eq!(c["published_units"], 144, "{c}");
    assert_eq!(c["matched_units"], 144, "{c}");
    assert_eq!(c["levels_compared"], 288, "{c}");
    assert_eq!(c["levels_equal"], 288, "{c}");
    assert_eq!(c["scores_equal"], 288, "{c}");
    assert_eq!(c["order_equal"], 144, "{c}");
    let about_published: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["file"].as_str().is_some_and(|f| f.ends_with("ours.xlsx")))
        .collect();
    assert!(
        about_published.is_empty(),
        "the annexes carry GSO names and read cleanly: {about_published:#?}"
    );
}

#[test]
fn the_annexes_are_laid_out_as_the_decision() {
    let dir = repo_copy();
    let o = run_bin(dir.path(), &["run"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    let annex = dir.path().join("output/2020/phu-luc.xlsx");
    let wb: Xlsx<_> = open_workbook(&annex).expect("open");
    assert_eq!(wb.sheet_names(), ["Phụ lục I", "Phụ lục II"]);

    let one = sheet_rows(&annex, "Phụ lục I");
    assert_eq!(one[0][0], "Phụ lục I");
    assert_eq!(one[1][0], "XẾP HẠNG CHÍNH QUYỀN ĐIỆN TỬ CẤP HUYỆN");
    assert!(
        one[2][0].starts_with("(Ban hành kèm theo Quyết định số       /QĐ-UBND ngày …"),
        "{}",
        one[2][0]
    );
    assert!(one[2][0].ends_with("của Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa)"));
    assert_eq!(one[4][..3], ["STT", "Cơ quan, đơn vị", "MỨC ĐỘ ĐẠT ĐƯỢC"]);
    assert_eq!(one[4][4], "ĐIỀU KIỆN SẴN SÀNG");
    assert_eq!(
        one[5][2..6],
        ["Tổng điểm", "Kết quả", "Tổng điểm", "Kết quả"]
    );
    assert_eq!(one.len(), 6 + 8);
    assert_eq!(one[6][..4], ["1", "UBND huyện Khánh Vĩnh", "90.56", "I"]);
    assert_eq!(one[7][1], "UBND thành phố Nha Trang");
    assert_eq!(one[13][..2], ["8", "UBND thị xã Ninh Hòa"]);

    let two = sheet_rows(&annex, "Phụ lục II");
    assert_eq!(two[1][0], "XẾP HẠNG CHÍNH QUYỀN ĐIỆN TỬ CẤP XÃ");
    let headings: Vec<&str> = two
        .iter()
        .filter(|r| r[1].is_empty() && r[0].contains(". "))
        .map(|r| r[0].as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "I. HUYỆN CAM LÂM",
            "II. HUYỆN DIÊN KHÁNH",
            "III. HUYỆN KHÁNH SƠN",
            "IV. HUYỆN KHÁNH VĨNH",
            "V. HUYỆN VẠN NINH",
            "VI. THÀNH PHỐ CAM RANH",
            "VII. THÀNH PHỐ NHA TRANG",
            "VIII. THỊ XÃ NINH HÒA",
        ]
    );
    // STT restarts at 1 under every heading and counts up.
    let mut expected = 0;
    for r in &two[6..] {
        if r[1].is_empty() {
            expected = 1;
            continue;
        }
        assert_eq!(r[0], expected.to_string(), "{r:?}");
        expected += 1;
    }
    assert_eq!(two.len() - 6, 8 + 136);
    assert_eq!(
        two[7][..4],
        ["1", "Thị trấn Cam Đức", "22.2", "Không xếp hạng"]
    );
    // The decision's "Xã Ba Cạm Bắc" is written with its GSO name.
    assert!(two.iter().any(|r| r[1] == "Xã Ba Cụm Bắc"));
    assert!(!two.iter().any(|r| r[1] == "Xã Ba Cạm Bắc"));
}

#[test]
fn the_annexes_are_byte_identical_on_a_rerun_and_rebuilt_by_publish() {
    let dir = repo_copy();
    let year = dir.path().join("output/2020");
    let annex = year.join("phu-luc.xlsx");
    let o = run_bin(dir.path(), &["run"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    let first = sha256(&annex);
    assert_eq!(manifest_sha(&year, "phu-luc.xlsx"), Some(first.clone()));
    let o = run_bin(dir.path(), &["run", "--force"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    assert_eq!(sha256(&annex), first, "a rerun writes the same bytes");

    // publish, nothing changed: the same bytes, from the snapshot's own tables.
    // The workbooks are gone: were they read again, the annexes would be empty.
    for e in std::fs::read_dir(dir.path().join("raw/2020")).expect("raw") {
        std::fs::remove_file(e.expect("entry").path()).expect("remove");
    }
    let o = run_bin(dir.path(), &["publish", "--lang", "en"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    assert!(
        o.stdout.contains("2020: annexes and report rebuilt"),
        "{}",
        show(&o)
    );
    assert_eq!(sha256(&annex), first);

    // The clerk gives the decision's number and date: the title line says them, the manifest
    // lists the new file's hash.
    edit_pipeline(
        dir.path(),
        "[[year]]",
        "[publish]\ndecision = \"644/QĐ-UBND\"\ndate = \"15/3/2021\"\n\n[[year]]",
    );
    let o = run_bin(dir.path(), &["publish", "--year", "2020"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    let rows = sheet_rows(&annex, "Phụ lục II");
    assert!(
        rows[2][0].starts_with("(Ban hành kèm theo Quyết định số 644/QĐ-UBND ngày 15/3/2021"),
        "{}",
        rows[2][0]
    );
    assert_ne!(sha256(&annex), first);
    assert_eq!(manifest_sha(&year, "phu-luc.xlsx"), Some(sha256(&annex)));
}

#[test]
fn publish_refuses_an_unknown_key_and_a_year_without_snapshot() {
    let dir = repo_copy();
    edit_pipeline(
        dir.path(),
        "[[year]]",
        "[publish]\nnumber = \"1\"\n\n[[year]]",
    );
    let o = run_bin(dir.path(), &["publish", "--lang", "en"]);
    assert_eq!(o.code, 2, "{}", show(&o));
    assert!(o.stderr.contains("number"), "{}", show(&o));

    let dir = repo_copy();
    let o = run_bin(dir.path(), &["publish", "--lang", "en"]);
    assert_eq!(o.code, 3, "{}", show(&o));
    assert!(o.stderr.contains("2020 has no snapshot"), "{}", show(&o));
}

/// openpyxl (tests/python/requirements.txt) reads what calamine does not: merged cells, number
/// formats, print titles, orientation, paper size, fit to width.
#[test]
fn openpyxl_reads_merges_formats_and_page_setup() {
    let ready = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ready {
        assert_ne!(
            std::env::var("EGOV_ETL_REQUIRE_PYTHON").as_deref(),
            Ok("1"),
            "EGOV_ETL_REQUIRE_PYTHON=1 but openpyxl is missing: pip install -r tests/python/requirements.txt"
        );
        eprintln!("skipped: pip install -r tests/python/requirements.txt (openpyxl)");
        return;
    }
    let dir = repo_copy();
    let o = run_bin(dir.path(), &["run"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    let out = Command::new("python3")
        .arg(repo().join("tests/python/check_annex.py"))
        .arg(dir.path().join("output/2020/phu-luc.xlsx"))
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
