mod util;

// One conductor for every command: `check` and `run` read, normalize, validate and classify a
// year's files through the same stages, so the findings about those files are the same.

use egov_etl::finding::Finding;
use egov_etl::gazetteer::Gazetteer;
use egov_etl::pipeline;
use egov_etl::run::{self, Plan, Progress, RunOptions};
use util::{Project, Sheet, row, write_xlsx};

/// The findings located in one of `files`, as (code, file, sheet, cell, message).
fn about_files(
    findings: &[Finding],
    files: &[String],
) -> Vec<(String, String, String, String, String)> {
    let mut out: Vec<_> = findings
        .iter()
        .filter(|f| f.location.file.as_ref().is_some_and(|x| files.contains(x)))
        .map(|f| {
            (
                f.code.as_str().to_string(),
                f.location.file.clone().unwrap_or_default(),
                f.location.sheet.clone().unwrap_or_default(),
                f.location.cell.map(|c| c.to_string()).unwrap_or_default(),
                f.message.en.to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn district_sheet(rows: Vec<Vec<util::C>>) -> Sheet {
    let mut all = vec![
        row(&["ỦY BAN NHÂN DÂN HUYỆN CAM LÂM"]),
        row(&[
            "STT",
            "Tên đơn vị",
            "Điểm mức độ đạt được",
            "Điểm điều kiện sẵn sàng",
        ]),
    ];
    all.extend(rows);
    Sheet::new("KQ", all)
}

#[test]
fn check_and_run_find_the_same_in_the_same_files() {
    let p = Project::new("56", "", "");
    write_xlsx(
        &p.raw("a.xlsx"),
        &[district_sheet(vec![
            row(&["1", "Thị trấn Cam Đức", "45", "25"]),
            row(&["2", "Xã Cam Hòa", "'45,x", "25"]),
            row(&["3", "Xã Cam Hoà", "44", "24"]),
            row(&["4", "Xã Không Có", "40", "20"]),
        ])],
    );
    write_xlsx(
        &p.raw("b.xlsx"),
        &[district_sheet(vec![
            row(&["1", "Xã Cam Tân", "70", "25"]),
            row(&["2", "Xã Cam Thành Bắc", "50", "22"]),
        ])],
    );
    std::fs::write(p.raw("notes.txt"), "not a workbook").expect("write");
    let pipeline = pipeline::load(&p.pipeline()).expect("pipeline");
    let gaz = Gazetteer::embedded().expect("gazetteer");
    let year = &pipeline.years[0];
    let cwd = std::env::current_dir().expect("cwd");
    std::env::set_current_dir(p.path()).expect("cd");
    let files: Vec<std::path::PathBuf> = ["raw/2020/a.xlsx", "raw/2020/b.xlsx"]
        .iter()
        .map(std::path::PathBuf::from)
        .collect();
    let checked = run::check_files(&pipeline, year, &gaz, files);
    let opts = RunOptions {
        dry_run: true,
        ..RunOptions::default()
    };
    let plan = Plan::run(&pipeline, year, &opts);
    let ran = run::conduct(&pipeline, year, &gaz, &plan, &Progress::none()).expect("run");
    std::env::set_current_dir(cwd).expect("cd back");
    let names = vec!["raw/2020/a.xlsx".to_string(), "raw/2020/b.xlsx".to_string()];
    let from_check = about_files(&checked.findings, &names);
    let from_run = about_files(&ran.findings, &names);
    assert!(
        from_check.iter().any(|f| f.0 == "type-error")
            && from_check.iter().any(|f| f.0 == "unknown-unit"),
        "{from_check:#?}"
    );
    assert!(
        from_check.iter().any(|f| f.0 == "score-out-of-range"),
        "{from_check:#?}"
    );
    assert_eq!(from_check, from_run);
    assert_eq!(checked.rejected_rows, ran.rejected_rows);
    // `check` reads only the files given, writes nothing and reports no unit missing.
    assert!(!checked.written && !ran.written);
    assert!(
        checked
            .findings
            .iter()
            .all(|f| f.code.as_str() != "missing-unit")
    );
    assert!(
        ran.findings
            .iter()
            .any(|f| f.code.as_str() == "missing-unit")
    );
    assert_eq!(checked.files.len(), 2);
    assert_eq!(
        ran.files.len(),
        3,
        "the run lists the raw folder, notes.txt too"
    );
}
