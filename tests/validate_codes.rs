//! Every finding code that data can trigger, each on a workbook built here and run through the
//! binary: the code, its severity, where it points (file, sheet, A1 cell), the exit code and the
//! row accounting of report.json. Also: good and bad rows end up in the snapshot and the rejects
//! respectively, and docs/codes.md lists exactly the catalogue.

mod util;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use util::{C, Output, Project, Sheet, n, read_csv, repo, row, s, write_xlsx};

use egov_etl::finding::Code;

/// The binary's arguments: the throwaway project's pipeline.
const RUN: [&str; 3] = ["run", "--pipeline", "pipelines/test.toml"];

/// A title row naming the district (Cam Lâm, 570).
const CAM_LAM: &str = "ỦY BAN NHÂN DÂN HUYỆN CAM LÂM";
/// A title row that names no district.
const NO_DISTRICT: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// One-row header: scores only.
const SCORES: [&str; 4] = [
    "STT",
    "Tên đơn vị",
    "Điểm mức độ đạt được",
    "Điểm điều kiện sẵn sàng",
];
/// One-row header: scores and declared levels.
const SCORES_LEVELS: [&str; 6] = [
    "STT",
    "Tên đơn vị",
    "Điểm mức độ đạt được",
    "Xếp hạng mức độ đạt được",
    "Điểm điều kiện sẵn sàng",
    "Xếp hạng điều kiện sẵn sàng",
];
/// Rows `table` puts before the data: two title rows, a blank row and the header.
const PASSED: u64 = 4;

/// Rows 1–2: `title` and the report's title; row 3 blank; row 4 the header; data from row 5.
fn table(title: &str, header: &[&str], data: Vec<Vec<C>>) -> Vec<Vec<C>> {
    let mut rows = vec![
        row(&[title]),
        row(&["KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020"]),
        row(&[]),
        row(header),
    ];
    rows.extend(data);
    rows
}

/// The two-row header of full scoring (row 4 and 5), then the data from row 6. Per dimension:
/// maximum, not applicable, applicable maximum, points achieved, percentage, converted score.
fn full_scoring(data: Vec<Vec<C>>) -> Vec<Vec<C>> {
    let fields = [
        "Điểm tối đa",
        "Điểm không áp dụng",
        "Điểm tối đa áp dụng",
        "Điểm đạt được",
        "Tỷ lệ (%)",
        "Điểm quy đổi",
    ];
    let mut top = row(&["STT", "Tên đơn vị", "MỨC ĐỘ ĐẠT ĐƯỢC"]);
    top.resize(8, C::E);
    top.push(s("ĐIỀU KIỆN SẴN SÀNG"));
    let mut sub = vec![C::E, C::E];
    sub.extend(row(&fields));
    sub.extend(row(&fields));
    let mut rows = vec![
        row(&[CAM_LAM]),
        row(&["KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020"]),
        row(&[]),
        top,
        sub,
    ];
    rows.extend(data);
    rows
}

/// A project run and what it left.
struct Ran {
    p: Project,
    out: Output,
    report: Value,
}

/// Writes the workbooks (and other files) into raw/2020 of a project of `province` and runs it.
fn run_files(province: &str, workbooks: &[(&str, Vec<Sheet>)], others: &[(&str, &str)]) -> Ran {
    run_year_with("", province, workbooks, others)
}

/// `run_files` with `extra` in the pipeline's `[[year]]` (e.g. `scope = ["district"]`).
fn run_year_with(
    extra: &str,
    province: &str,
    workbooks: &[(&str, Vec<Sheet>)],
    others: &[(&str, &str)],
) -> Ran {
    let p = Project::new(province, "", extra);
    for (name, sheets) in workbooks {
        write_xlsx(&p.raw(name), sheets);
    }
    for (name, text) in others {
        std::fs::write(p.raw(name), text).expect("write raw file");
    }
    let out = p.run(&RUN);
    assert!(
        out.code == 0 || out.code == 1,
        "exit {}; stderr:\n{}",
        out.code,
        out.stderr
    );
    let report = p.report();
    Ran { p, out, report }
}

/// One workbook `cam-lam.xlsx` with one sheet `Tong hop`, province 56.
fn run_sheet(rows: Vec<Vec<C>>) -> Ran {
    run_files("56", &[(FILE, vec![Sheet::new(SHEET, rows)])], &[])
}

const FILE: &str = "cam-lam.xlsx";
const SHEET: &str = "Tong hop";

fn shown(file: &str) -> String {
    format!("raw/2020/{file}")
}

impl Ran {
    fn findings(&self, code: &str) -> Vec<&Value> {
        self.report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["code"] == code)
            .collect()
    }

    /// The only finding of `code`.
    fn one(&self, code: &str) -> &Value {
        let found = self.findings(code);
        assert_eq!(found.len(), 1, "{code}: {found:#?}");
        found[0]
    }

    fn exit(&self, code: i32) {
        assert_eq!(
            self.out.code, code,
            "exit code; stderr:\n{}",
            self.out.stderr
        );
    }

    fn file(&self, file: &str) -> &Value {
        let shown = shown(file);
        self.report["files"]
            .as_array()
            .expect("files")
            .iter()
            .find(|f| f["file"] == shown.as_str())
            .unwrap_or_else(|| panic!("{shown} not in {:#}", self.report["files"]))
    }

    /// The file's rows: balanced, and exactly these many accepted, rejected and passed over.
    fn rows(&self, file: &str, accepted: u64, rejected: u64, passed_over: u64) {
        let f = self.file(file);
        assert_eq!(f["balanced"], true, "{f:#}");
        assert_eq!(f["rows_accepted"], accepted, "accepted: {f:#}");
        assert_eq!(f["rows_rejected"], rejected, "rejected: {f:#}");
        assert_eq!(f["rows_passed_over"], passed_over, "passed over: {f:#}");
        assert_eq!(
            f["rows_read"],
            accepted + rejected + passed_over,
            "read: {f:#}"
        );
    }

    fn csv(&self, name: &str) -> Vec<BTreeMap<String, String>> {
        read_csv(&self.p.out("2020", name))
    }

    /// commune.csv by commune code.
    fn communes(&self) -> BTreeMap<String, BTreeMap<String, String>> {
        self.csv("commune.csv")
            .into_iter()
            .map(|r| (r["commune_code"].clone(), r))
            .collect()
    }
}

/// Asserts a finding's severity and place (file, sheet, A1 cell; None = no such part).
fn at(f: &Value, severity: &str, file: Option<&str>, sheet: Option<&str>, cell: Option<&str>) {
    assert_eq!(f["severity"], severity, "{f:#}");
    let file = file.map(shown);
    assert_eq!(f["file"].as_str(), file.as_deref(), "file of {f:#}");
    assert_eq!(f["sheet"].as_str(), sheet, "sheet of {f:#}");
    assert_eq!(f["cell"].as_str(), cell, "cell of {f:#}");
}

/// A finding in the sheet `Tong hop` of `cam-lam.xlsx`.
fn in_sheet(f: &Value, severity: &str, cell: &str) {
    at(f, severity, Some(FILE), Some(SHEET), Some(cell));
}

// ---------------------------------------------------------------------------------------------
// Values.

#[test]
fn type_error_for_text_two_separators_error_date_and_boolean_cells() {
    let r = run_sheet(table(
        CAM_LAM,
        &SCORES,
        vec![
            row(&["1", "Xã Cam Hòa", "tốt", "25"]),
            row(&["2", "Xã Suối Tân", "1.234,5", "25"]),
            row(&["3", "Xã Cam Tân", "90,56,1", "25"]),
            vec![n(4.0), s("Xã Sơn Tân"), C::Err("#REF!".into()), n(25.0)],
            vec![n(5.0), s("Xã Suối Cát"), n(45.0), C::D(44000.0)],
            vec![n(6.0), s("Thị trấn Cam Đức"), C::B(true), n(25.0)],
            row(&["7", "Xã Cam Hải Tây", "45,5", "25"]),
        ],
    ));
    let found = r.findings("type-error");
    let cells: Vec<&str> = found.iter().filter_map(|f| f["cell"].as_str()).collect();
    assert_eq!(cells, ["C5", "C6", "C7", "C8", "D9", "C10"], "{found:#?}");
    for (f, cell) in found.iter().zip(cells) {
        in_sheet(f, "error", cell);
    }
    let en: Vec<&str> = found
        .iter()
        .filter_map(|f| f["message_en"].as_str())
        .collect();
    assert!(en[0].contains("\"tốt\" is not a number"), "{}", en[0]);
    assert!(en[1].contains("both a comma and a point"), "{}", en[1]);
    assert!(en[2].contains("\"90,56,1\" is not a number"), "{}", en[2]);
    assert!(en[3].contains("#REF!"), "{}", en[3]);
    assert!(en[4].contains("date cell"), "{}", en[4]);
    assert!(en[5].contains("TRUE/FALSE"), "{}", en[5]);
    r.exit(1);
    r.rows(FILE, 1, 6, PASSED);
    assert_eq!(
        r.communes().keys().collect::<Vec<_>>(),
        ["22444"],
        "only Cam Hải Tây"
    );
}

#[test]
fn score_out_of_range_below_zero_and_above_the_maximum() {
    let r = run_sheet(table(
        CAM_LAM,
        &SCORES,
        vec![
            row(&["1", "Xã Cam Hòa", "-5", "25"]),
            row(&["2", "Xã Suối Tân", "45", "30,5"]),
            row(&["3", "Xã Cam Tân", "61", "25"]),
            row(&["4", "Xã Sơn Tân", "60", "30"]),
        ],
    ));
    let found = r.findings("score-out-of-range");
    assert_eq!(found.len(), 3, "{found:#?}");
    in_sheet(found[0], "error", "C5");
    in_sheet(found[1], "error", "D6");
    in_sheet(found[2], "error", "C7");
    assert!(
        found[2]["message_en"]
            .as_str()
            .is_some_and(|m| m.contains("61,00 is outside 0-60,00")),
        "{:#}",
        found[2]
    );
    r.exit(1);
    // The maxima themselves (60 and 30) are accepted.
    r.rows(FILE, 1, 3, PASSED);
    assert!(r.communes().contains_key("22447"), "Sơn Tân at the maxima");
}

#[test]
fn percent_out_of_range_is_rejected() {
    let r = run_sheet(table(
        CAM_LAM,
        &[
            "STT",
            "Tên đơn vị",
            "Điểm mức độ đạt được",
            "Tỷ lệ mức độ đạt được",
            "Điểm điều kiện sẵn sàng",
        ],
        vec![
            row(&["1", "Xã Cam Hòa", "45", "120", "25"]),
            row(&["2", "Xã Suối Tân", "45", "75", "25"]),
        ],
    ));
    let f = r.one("percent-out-of-range");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["file"], shown(FILE).as_str());
    assert_eq!(f["sheet"], SHEET);
    // The row is right (5); which column: see the ignored test below.
    assert!(
        f["cell"].as_str().is_some_and(|c| c.ends_with('5')),
        "{f:#}"
    );
    r.exit(1);
    r.rows(FILE, 1, 1, PASSED);
}

#[test]

fn percent_out_of_range_points_at_the_percentage() {
    let r = run_sheet(table(
        CAM_LAM,
        &[
            "STT",
            "Tên đơn vị",
            "Điểm mức độ đạt được",
            "Tỷ lệ mức độ đạt được",
            "Điểm điều kiện sẵn sàng",
        ],
        vec![row(&["1", "Xã Cam Hòa", "45", "120", "25"])],
    ));
    in_sheet(r.one("percent-out-of-range"), "error", "D5");
}

#[test]
fn not_applicable_out_of_range_is_rejected() {
    let r = run_sheet(full_scoring(vec![
        row(&[
            "1",
            "Xã Cam Hòa",
            "60",
            "70",
            "60",
            "45",
            "75",
            "45",
            "30",
            "0",
            "30",
            "25",
            "83,33",
            "25",
        ]),
        row(&[
            "2",
            "Xã Suối Tân",
            "60",
            "0",
            "60",
            "45",
            "75",
            "45",
            "30",
            "0",
            "30",
            "25",
            "83,33",
            "25",
        ]),
    ]));
    let f = r.one("not-applicable-out-of-range");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["file"], shown(FILE).as_str());
    assert_eq!(f["sheet"], SHEET);
    assert!(
        f["cell"].as_str().is_some_and(|c| c.ends_with('6')),
        "{f:#}"
    );
    r.exit(1);
    r.rows(FILE, 1, 1, 5);
}

#[test]

fn not_applicable_out_of_range_points_at_the_points_not_applicable() {
    let r = run_sheet(full_scoring(vec![row(&[
        "1",
        "Xã Cam Hòa",
        "60",
        "70",
        "60",
        "45",
        "75",
        "45",
        "30",
        "0",
        "30",
        "25",
        "83,33",
        "25",
    ])]));
    in_sheet(r.one("not-applicable-out-of-range"), "error", "D6");
}

#[test]
fn converted_score_differs_is_a_warning_and_keeps_the_written_score() {
    // Cam Hòa: 45 × 60 / 60 = 45, written 46. Readiness: 20 × 30 / 25 = 24, written 24.
    let r = run_sheet(full_scoring(vec![row(&[
        "1",
        "Xã Cam Hòa",
        "60",
        "0",
        "60",
        "45",
        "76,67",
        "46",
        "30",
        "5",
        "25",
        "20",
        "80",
        "24",
    ])]));
    let f = r.one("converted-score-differs");
    in_sheet(f, "warning", "H6");
    assert!(
        f["message_en"]
            .as_str()
            .is_some_and(|m| m.contains("45,00 × 60,00 / 60,00 = 45,00")),
        "{f:#}"
    );
    r.exit(0);
    r.rows(FILE, 1, 0, 5);
    let c = &r.communes()["22438"];
    assert_eq!(c["achieved_score"], "46.0");
    assert_eq!(c["readiness_score"], "24.0");
    assert_eq!(c["readiness_applicable_max"], "25.0");
}

#[test]
fn missing_dimension_when_one_score_is_empty() {
    let r = run_sheet(table(
        CAM_LAM,
        &SCORES,
        vec![
            row(&["1", "Xã Cam Hòa", "45", ""]),
            row(&["2", "Xã Suối Tân", "", "25"]),
            row(&["3", "Xã Cam Tân", "45", "25"]),
        ],
    ));
    let found = r.findings("missing-dimension");
    assert_eq!(found.len(), 2, "{found:#?}");
    // The finding points at the empty score cell: readiness of Cam Hòa, achieved of Suối Tân.
    in_sheet(found[0], "error", "D5");
    in_sheet(found[1], "error", "C6");
    r.exit(1);
    r.rows(FILE, 1, 2, PASSED);
}

#[test]
fn missing_name_on_a_row_with_scores() {
    let r = run_sheet(table(
        CAM_LAM,
        &SCORES,
        vec![
            row(&["1", "Xã Cam Hòa", "45", "25"]),
            row(&["2", "", "47", "26"]),
        ],
    ));
    in_sheet(r.one("missing-name"), "error", "B6");
    r.exit(1);
    r.rows(FILE, 1, 1, PASSED);
}

// ---------------------------------------------------------------------------------------------
// Names and districts.

#[test]
fn unknown_unit_in_the_district() {
    let r = run_sheet(table(
        CAM_LAM,
        &SCORES,
        vec![
            row(&["1", "Xã Cam Hòa", "45", "25"]),
            row(&["2", "Xã Không Tên", "45", "25"]),
        ],
    ));
    let f = r.one("unknown-unit");
    in_sheet(f, "error", "B6");
    let en = f["message_en"].as_str().expect("message");
    assert!(en.contains("is not a unit of Huyện Cam Lâm"), "{f:#}");
    // The nearest names of the district are listed, with their codes.
    let nearest = en.split("; nearest: ").nth(1).expect("nearest listed");
    assert_eq!(nearest.matches(", ").count(), 2, "three candidates: {en}");
    assert!(nearest.contains("(22"), "{en}");
    r.exit(1);
    r.rows(FILE, 1, 1, PASSED);
}

#[test]
fn unknown_unit_without_a_near_name_says_so() {
    // Cam Lâm has no Phường: among its units of that type there is no candidate at all.
    let r = run_sheet(table(
        CAM_LAM,
        &SCORES,
        vec![
            row(&["1", "Xã Cam Hòa", "45", "25"]),
            row(&["2", "Phường Cam Hòa", "45", "25"]),
        ],
    ));
    let f = r.one("unknown-unit");
    in_sheet(f, "error", "B6");
    assert_eq!(
        f["message_en"], "\"Phường Cam Hòa\" is not a unit of Huyện Cam Lâm; no similar name",
        "{f:#}"
    );
    assert_eq!(
        f["message_vi"],
        "\"Phường Cam Hòa\" không có trong danh mục của Huyện Cam Lâm; không có tên nào gần giống",
        "{f:#}"
    );
    r.exit(1);
    r.rows(FILE, 1, 1, PASSED);
}

#[test]
fn ambiguous_unit_when_the_type_word_is_missing() {
    // No district of Khánh Hòa has two units of one name (even accent-folded), so Hà Nội:
    // Gia Lâm (018) has Thị trấn Yên Viên (00526) and Xã Yên Viên (00532).
    let rows = vec![
        row(&["ỦY BAN NHÂN DÂN HUYỆN GIA LÂM"]),
        row(&["KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020"]),
        row(&[]),
        row(&SCORES),
        row(&["1", "Yên Viên", "45", "25"]),
        row(&["2", "Thị trấn Yên Viên", "50", "26"]),
        row(&["3", "Xã Yên Viên", "40", "24"]),
    ];
    let r = run_files(
        "01",
        &[("gia-lam.xlsx", vec![Sheet::new(SHEET, rows)])],
        &[],
    );
    let f = r.one("ambiguous-unit");
    at(f, "error", Some("gia-lam.xlsx"), Some(SHEET), Some("B5"));
    let en = f["message_en"].as_str().expect("message");
    assert!(
        en.contains("00526") && en.contains("00532"),
        "both candidates named: {en}"
    );
    r.exit(1);
    r.rows("gia-lam.xlsx", 2, 1, PASSED);
    let communes = r.communes();
    assert_eq!(communes.keys().collect::<Vec<_>>(), ["00526", "00532"]);
    assert_eq!(communes["00526"]["commune_type"], "Thị trấn");
    assert_eq!(communes["00532"]["commune_type"], "Xã");
}

#[test]
fn unit_name_corrected_is_a_warning_and_uses_the_official_spelling() {
    let r = run_sheet(table(
        CAM_LAM,
        &SCORES,
        vec![
            row(&["1", "Xa Cam Hoa", "45", "25"]),
            row(&["2", "Xã Suối Tâm", "45", "25"]),
            row(&["3", "Thị trấn Cam Đức", "45", "25"]),
        ],
    ));
    let found = r.findings("unit-name-corrected");
    assert_eq!(found.len(), 2, "{found:#?}");
    in_sheet(found[0], "warning", "B5");
    in_sheet(found[1], "warning", "B6");
    r.exit(0);
    r.rows(FILE, 3, 0, PASSED);
    let communes = r.communes();
    assert_eq!(communes["22438"]["commune_name"], "Cam Hòa");
    assert_eq!(communes["22438"]["name_submitted"], "Xa Cam Hoa");
    assert_eq!(communes["22711"]["commune_name"], "Suối Tân");
    assert_eq!(communes["22711"]["name_submitted"], "Xã Suối Tâm");
}

#[test]
fn unknown_district_in_a_group_heading() {
    let r = run_sheet(table(
        NO_DISTRICT,
        &SCORES,
        vec![
            row(&["I. HUYỆN KHÔNG CÓ"]),
            row(&["1", "Xã Cam Hòa", "45", "25"]),
        ],
    ));
    let f = r.one("unknown-district");
    in_sheet(f, "error", "A5");
    // The rows under it belong to no known district.
    in_sheet(r.one("district-unknown"), "error", "B6");
    r.exit(1);
    r.rows(FILE, 0, 1, PASSED + 1);
}

#[test]
fn wrong_district_for_communes_of_dien_khanh_under_cam_lam() {
    let r = run_sheet(table(
        NO_DISTRICT,
        &SCORES,
        vec![
            row(&["I. HUYỆN CAM LÂM"]),
            row(&["1", "Xã Cam Hòa", "45", "25"]),
            row(&["2", "Thị trấn Diên Khánh", "45", "25"]),
            row(&["3", "Xã Diên Lâm", "45", "25"]),
        ],
    ));
    let found = r.findings("wrong-district");
    assert_eq!(found.len(), 2, "{found:#?}");
    in_sheet(found[0], "error", "B7");
    in_sheet(found[1], "error", "B8");
    assert!(
        found[0]["message_en"].as_str().is_some_and(
            |m| m.contains("(22651) belongs to Huyện Diên Khánh, not to Huyện Cam Lâm")
        ),
        "{:#}",
        found[0]
    );
    r.exit(1);
    r.rows(FILE, 1, 2, PASSED + 1);
    assert_eq!(r.communes().keys().collect::<Vec<_>>(), ["22438"]);
}

#[test]
fn district_unknown_without_heading_title_district_row_or_pin() {
    let r = run_sheet(table(
        NO_DISTRICT,
        &SCORES,
        vec![
            row(&["1", "Xã Cam Hòa", "45", "25"]),
            row(&["2", "Xã Suối Tân", "45", "25"]),
        ],
    ));
    let found = r.findings("district-unknown");
    assert_eq!(found.len(), 2, "{found:#?}");
    in_sheet(found[0], "error", "B5");
    in_sheet(found[1], "error", "B6");
    r.exit(1);
    r.rows(FILE, 0, 2, PASSED);
}

// ---------------------------------------------------------------------------------------------
// The year as a whole.

#[test]
fn duplicate_unit_with_different_values_rejects_both() {
    let r = run_sheet(table(
        CAM_LAM,
        &SCORES,
        vec![
            row(&["1", "Xã Cam Hòa", "45", "25"]),
            row(&["2", "Xã Suối Tân", "45", "25"]),
            row(&["3", "Xã Cam Hòa", "46", "25"]),
        ],
    ));
    let found = r.findings("duplicate-unit");
    assert_eq!(found.len(), 2, "{found:#?}");
    in_sheet(found[0], "error", "B5");
    in_sheet(found[1], "error", "B7");
    r.exit(1);
    r.rows(FILE, 1, 2, PASSED);
    assert_eq!(r.communes().keys().collect::<Vec<_>>(), ["22711"]);
    let rejects = r.csv("rejects.csv");
    assert_eq!(
        rejects
            .iter()
            .map(|x| (x["source_row"].as_str(), x["code"].as_str()))
            .collect::<Vec<_>>(),
        [("5", "duplicate-unit"), ("7", "duplicate-unit")]
    );
}

#[test]
fn duplicate_unit_with_equal_values_is_a_warning_and_keeps_one() {
    let r = run_sheet(table(
        CAM_LAM,
        &SCORES,
        vec![
            row(&["1", "Xã Cam Hòa", "45", "25"]),
            row(&["2", "Xã Suối Tân", "45", "25"]),
            row(&["3", "Xã Cam Hòa", "45", "25"]),
        ],
    ));
    in_sheet(r.one("duplicate-unit-same"), "warning", "B7");
    r.exit(0);
    // The repeated row counts as accepted, but is written once.
    r.rows(FILE, 3, 0, PASSED);
    let communes = r.communes();
    assert_eq!(communes.keys().collect::<Vec<_>>(), ["22438", "22711"]);
    assert_eq!(communes["22438"]["source_row"], "5");
}

/// A unit repeated row after row is held once: its resolved unit and its name's text are shared
/// by the rows that write it the same way (a million-row sheet of one commune stays small), not by
/// a row that writes it otherwise.
#[test]
fn a_repeated_unit_is_held_once_per_spelling() {
    let p = Project::new("56", "", "");
    let rows = table(
        CAM_LAM,
        &SCORES,
        vec![
            row(&["1", "Xã Cam Hòa", "45", "25"]),
            row(&["2", "Xã Suối Tân", "45", "25"]),
            row(&["3", "Xã Cam Hòa", "45", "25"]),
            row(&["4", "Xã Cam Hoà", "45", "25"]),
        ],
    );
    write_xlsx(&p.raw(FILE), &[Sheet::new(SHEET, rows)]);
    let pipeline = egov_etl::pipeline::load(&p.pipeline()).expect("pipeline");
    let gaz = egov_etl::gazetteer::Gazetteer::embedded().expect("gazetteer");
    let mut findings = Vec::new();
    let wb = egov_etl::ingest::read_file(
        &p.raw(FILE),
        FILE,
        &pipeline.limits,
        &pipeline.aliases,
        &mut findings,
    );
    let year = &pipeline.years[0];
    let n = egov_etl::normalize::normalize(&[wb], &gaz, "56", &year.pins, &mut findings);
    let codes: Vec<&str> = n.entries.iter().map(|e| e.unit.code.as_str()).collect();
    assert_eq!(codes, ["22438", "22711", "22438", "22438"]);
    let [first, _, again, otherwise] = &n.entries[..] else {
        unreachable!("four entries")
    };
    assert!(std::sync::Arc::ptr_eq(&first.unit, &again.unit));
    assert!(!std::sync::Arc::ptr_eq(&first.unit, &otherwise.unit));
    assert_eq!(otherwise.unit.name_submitted, "Xã Cam Hoà");
    // The name's cell (column B) of rows 5 and 7 is one text.
    let name = |e: &egov_etl::normalize::Entry| match &e.rows[0].raw[1].value {
        egov_etl::ingest::RawValue::Text(t) => t.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(&*name(first), "Xã Cam Hòa");
    assert!(std::sync::Arc::ptr_eq(&name(first), &name(again)));
    assert!(!std::sync::Arc::ptr_eq(&name(first), &name(otherwise)));
}

/// Header of a file with the achieved dimension only, and one with readiness only.
const ACHIEVED_ONLY: [&str; 3] = ["STT", "Tên đơn vị", "Điểm mức độ đạt được"];
const READINESS_ONLY: [&str; 3] = ["STT", "Tên đơn vị", "Điểm điều kiện sẵn sàng"];
/// Two offices' files of Cam Lâm, one dimension each (read in this order).
const ACHIEVED_FILE: &str = "cam-lam-1-dat-duoc.xlsx";
const READINESS_FILE: &str = "cam-lam-2-san-sang.xlsx";

/// Cam Lâm's achieved scores in one file and its readiness scores in another (units in another
/// order), plus `more` workbooks; run with the default pipeline.
fn run_split(more: &[(&str, Vec<Sheet>)]) -> Ran {
    let achieved = table(
        CAM_LAM,
        &ACHIEVED_ONLY,
        vec![
            row(&["", "UBND huyện Cam Lâm", "85"]),
            row(&["1", "Thị trấn Cam Đức", "45"]),
            row(&["2", "Xã Cam Hòa", "46"]),
            row(&["3", "Xã Suối Tân", "47"]),
        ],
    );
    let readiness = table(
        CAM_LAM,
        &READINESS_ONLY,
        vec![
            row(&["1", "Xã Suối Tân", "27"]),
            row(&["2", "Xã Cam Hòa", "26"]),
            row(&["3", "Thị trấn Cam Đức", "25"]),
            row(&["", "UBND huyện Cam Lâm", "45"]),
        ],
    );
    let mut files = vec![
        (ACHIEVED_FILE, vec![Sheet::new(SHEET, achieved)]),
        (READINESS_FILE, vec![Sheet::new(SHEET, readiness)]),
    ];
    files.extend(more.iter().cloned());
    run_files("56", &files, &[])
}

#[test]
fn one_dimension_per_file_is_joined_on_the_unit() {
    let r = run_split(&[]);
    for code in ["duplicate-unit", "duplicate-unit-same", "missing-dimension"] {
        assert!(
            r.findings(code).is_empty(),
            "{code}: {:#?}",
            r.findings(code)
        );
    }
    r.exit(0);
    // Each file's rows are accepted in that file.
    r.rows(ACHIEVED_FILE, 4, 0, PASSED);
    r.rows(READINESS_FILE, 4, 0, PASSED);
    let communes = r.communes();
    let scores = |code: &str| {
        let c = &communes[code];
        (c["achieved_score"].as_str(), c["readiness_score"].as_str())
    };
    assert_eq!(communes.len(), 3, "{communes:#?}");
    assert_eq!(scores("22453"), ("45.0", "25.0"));
    assert_eq!(scores("22438"), ("46.0", "26.0"));
    assert_eq!(scores("22711"), ("47.0", "27.0"));
    // The first file read is the source; its row of the unit.
    assert_eq!(communes["22711"]["source_file"], shown(ACHIEVED_FILE));
    assert_eq!(communes["22711"]["source_row"], "8");
    let districts = r.csv("district.csv");
    assert_eq!(districts.len(), 1);
    assert_eq!(districts[0]["district_code"], "570");
    assert_eq!(districts[0]["achieved_score"], "85.0");
    assert_eq!(districts[0]["readiness_score"], "45.0");
    // Cam Lâm's other communes are still missing, in one finding.
    let cam_lam = missing_by_district(&r);
    assert_eq!(cam_lam["570"].len(), 1);
    assert_eq!(cam_lam["570"][0].len(), 11);
}

#[test]
fn one_dimension_per_file_keeps_the_rows_of_both_files() {
    let r = run_split(&[]);
    let p = egov_etl::pipeline::load(&r.p.pipeline()).expect("pipeline");
    let gaz = egov_etl::gazetteer::Gazetteer::embedded().expect("gazetteer");
    let mut findings = Vec::new();
    let workbooks: Vec<_> = [ACHIEVED_FILE, READINESS_FILE]
        .iter()
        .map(|f| egov_etl::ingest::read_file(&r.p.raw(f), f, &p.limits, &p.aliases, &mut findings))
        .collect();
    let year = &p.years[0];
    let n = egov_etl::normalize::normalize(&workbooks, &gaz, "56", &year.pins, &mut findings);
    let checked = egov_etl::validate::check(n, year, &gaz, "56", &mut findings);
    assert!(checked.rejected.is_empty() && checked.absorbed.is_empty());
    let suoi_tan = checked
        .accepted
        .iter()
        .find(|e| e.unit.code == "22711")
        .expect("Suối Tân accepted");
    let rows: Vec<(&str, u32)> = suoi_tan.rows.iter().map(|r| (r.file(), r.row)).collect();
    assert_eq!(rows, [(ACHIEVED_FILE, 8), (READINESS_FILE, 5)]);
    assert_eq!(suoi_tan.dims.len(), 2);
}

#[test]
fn one_dimension_in_two_files_with_different_values_is_a_duplicate() {
    // A third file gives Cam Hòa's achieved score again, differently (and Suối Tân's equally).
    let again = table(
        CAM_LAM,
        &ACHIEVED_ONLY,
        vec![
            row(&["1", "Xã Cam Hòa", "40"]),
            row(&["2", "Xã Suối Tân", "47"]),
        ],
    );
    let r = run_split(&[("cam-lam-3-dat-duoc.xlsx", vec![Sheet::new(SHEET, again)])]);
    let found = r.findings("duplicate-unit");
    assert_eq!(found.len(), 2, "{found:#?}");
    at(
        found[0],
        "error",
        Some(ACHIEVED_FILE),
        Some(SHEET),
        Some("B7"),
    );
    at(
        found[1],
        "error",
        Some("cam-lam-3-dat-duoc.xlsx"),
        Some(SHEET),
        Some("B5"),
    );
    let en = found[0]["message_en"].as_str().expect("message");
    assert!(
        en.starts_with("Xã Cam Hòa appears 2 times with different values"),
        "{en}"
    );
    // Suối Tân's repeat agrees: kept once, from the joined entry.
    let same = r.one("duplicate-unit-same");
    at(
        same,
        "warning",
        Some("cam-lam-3-dat-duoc.xlsx"),
        Some(SHEET),
        Some("B6"),
    );
    assert!(r.findings("missing-dimension").is_empty());
    r.exit(1);
    // Cam Hòa's rows are rejected in both files it was joined from, and in the third.
    r.rows(ACHIEVED_FILE, 3, 1, PASSED);
    r.rows(READINESS_FILE, 3, 1, PASSED);
    r.rows("cam-lam-3-dat-duoc.xlsx", 1, 1, PASSED);
    let communes = r.communes();
    assert_eq!(communes.keys().collect::<Vec<_>>(), ["22453", "22711"]);
    let mut rejects: Vec<(String, String)> = r
        .csv("rejects.csv")
        .iter()
        .map(|x| (x["source_file"].clone(), x["source_row"].clone()))
        .collect();
    rejects.sort();
    assert_eq!(
        rejects,
        [
            (shown(ACHIEVED_FILE), "7".to_string()),
            (shown(READINESS_FILE), "6".to_string()),
            (shown("cam-lam-3-dat-duoc.xlsx"), "5".to_string()),
        ]
    );
}

#[test]
fn one_dimension_twice_without_the_other_is_a_duplicate() {
    // Two achieved-only files disagree on Cam Hòa; nobody sends its readiness.
    let first = table(
        CAM_LAM,
        &ACHIEVED_ONLY,
        vec![row(&["1", "Xã Cam Hòa", "45"])],
    );
    let second = table(
        CAM_LAM,
        &ACHIEVED_ONLY,
        vec![row(&["1", "Xã Cam Hòa", "44"])],
    );
    let r = run_files(
        "56",
        &[
            ("a.xlsx", vec![Sheet::new(SHEET, first.clone())]),
            ("b.xlsx", vec![Sheet::new(SHEET, second)]),
        ],
        &[],
    );
    assert_eq!(r.findings("duplicate-unit").len(), 2);
    assert!(r.findings("missing-dimension").is_empty());
    r.rows("a.xlsx", 0, 1, PASSED);
    r.rows("b.xlsx", 0, 1, PASSED);
    // The same values twice, still without readiness: the dimension is missing.
    let r = run_files(
        "56",
        &[
            ("a.xlsx", vec![Sheet::new(SHEET, first.clone())]),
            ("b.xlsx", vec![Sheet::new(SHEET, first)]),
        ],
        &[],
    );
    assert_eq!(r.findings("missing-dimension").len(), 2);
    assert!(
        r.findings("duplicate-unit").is_empty() && r.findings("duplicate-unit-same").is_empty()
    );
    r.exit(1);
}

#[test]
fn level_disagrees_is_a_warning_and_both_levels_are_kept() {
    // 45 points of 60 is level III (cut-off 43.5), declared I; 25 of 30 (83 %) is II, as declared.
    let r = run_sheet(table(
        CAM_LAM,
        &SCORES_LEVELS,
        vec![row(&["1", "Xã Cam Hòa", "45", "I", "25", "II"])],
    ));
    in_sheet(r.one("level-disagrees"), "warning", "C5");
    r.exit(0);
    r.rows(FILE, 1, 0, PASSED);
    let c = &r.communes()["22438"];
    assert_eq!(c["achieved_level"], "III");
    assert_eq!(c["achieved_level_published"], "I");
    assert_eq!(c["readiness_level"], "II");
    assert_eq!(c["readiness_level_published"], "II");
}

#[test]
fn level_unreadable_is_a_warning_and_the_computed_level_is_used() {
    let r = run_sheet(table(
        CAM_LAM,
        &SCORES_LEVELS,
        vec![
            row(&["1", "Xã Cam Hòa", "45", "Tốt", "25", "II"]),
            row(&["2", "Xã Suối Tân", "45", "Mức 3", "25", "-"]),
        ],
    ));
    in_sheet(r.one("level-unreadable"), "warning", "D5");
    assert!(r.findings("level-disagrees").is_empty());
    r.exit(0);
    r.rows(FILE, 2, 0, PASSED);
    let communes = r.communes();
    let c = &communes["22438"];
    assert_eq!(c["achieved_level"], "III");
    assert_eq!(c["achieved_level_published"], "");
    assert_eq!(c["readiness_level_published"], "II");
    assert_eq!(communes["22711"]["achieved_level_published"], "III");
    assert_eq!(communes["22711"]["readiness_level_published"], "");
}

/// The units of province 56 by district, from the GSO list: district code → commune codes.
fn units_of_56() -> BTreeMap<String, BTreeSet<String>> {
    let gso = std::fs::read_to_string(repo().join("reference/gso-units-2020-11-01.csv"))
        .expect("GSO list");
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in gso.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f[0] != "56" {
            continue;
        }
        let communes = out.entry(f[2].to_string()).or_default();
        if !f[5].is_empty() {
            communes.insert(f[5].to_string());
        }
    }
    out
}

/// The missing-unit findings by their location (a district code): the `units` each lists.
fn missing_by_district(r: &Ran) -> BTreeMap<String, Vec<BTreeSet<String>>> {
    let mut out: BTreeMap<String, Vec<BTreeSet<String>>> = BTreeMap::new();
    for f in r.findings("missing-unit") {
        at(f, "warning", None, None, None);
        let units: BTreeSet<String> = f["units"]
            .as_array()
            .expect("units")
            .iter()
            .map(|u| u.as_str().expect("a code").to_string())
            .collect();
        assert!(!units.is_empty(), "{f:#}");
        let at_unit = f["unit"].as_str().expect("unit").to_string();
        out.entry(at_unit).or_default().push(units);
    }
    out
}

#[test]
fn missing_unit_for_every_unit_of_the_province_not_covered() {
    let r = run_sheet(table(
        CAM_LAM,
        &SCORES,
        vec![
            row(&["", "UBND huyện Cam Lâm", "85", "45"]),
            row(&["1", "Thị trấn Cam Đức", "45", "25"]),
            row(&["2", "Xã Cam Hòa", "45", "25"]),
        ],
    ));
    let mut expected = units_of_56();
    let cam_lam = expected.get_mut("570").expect("Cam Lâm");
    assert!(cam_lam.remove("22453") && cam_lam.remove("22438"));
    let found = missing_by_district(&r);
    // Every district of 56 but Cam Lâm: one finding for itself and all its communes.
    for (district, communes) in &expected {
        let at = found.get(district).unwrap_or_else(|| panic!("{district}"));
        let own = BTreeSet::from([district.clone()]);
        if district == "570" {
            assert_eq!(at, &vec![communes.clone()], "570: only the 12 communes");
        } else if communes.is_empty() {
            assert_eq!(at, &vec![own], "{district}");
        } else {
            let all: BTreeSet<String> = own.union(communes).cloned().collect();
            assert_eq!(at, &vec![all], "{district}");
        }
    }
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    // One line per district for its communes, in both languages.
    let cam_lam = r
        .findings("missing-unit")
        .into_iter()
        .find(|f| f["unit"] == "570")
        .expect("Cam Lâm's communes");
    assert_eq!(
        cam_lam["message_en"],
        "12 communes of Huyện Cam Lâm are in no accepted submission"
    );
    assert_eq!(
        cam_lam["message_vi"],
        "12 xã của Huyện Cam Lâm không có trong hồ sơ nào được chấp nhận"
    );
    assert!(
        r.out
            .stderr
            .contains("[570]  cảnh báo[missing-unit]  12 xã của Huyện Cam Lâm"),
        "{}",
        r.out.stderr
    );
    // A few missing communes are named (Trường Sa has three, none submitted).
    let truong_sa = r
        .findings("missing-unit")
        .into_iter()
        .find(|f| f["unit"] == "576")
        .expect("Trường Sa");
    assert_eq!(
        truong_sa["message_en"],
        "Huyện Trường Sa (576) and 3 of its communes are in no accepted submission: Thị trấn Trường Sa (22736), Xã Song Tử Tây (22737), Xã Sinh Tồn (22739)"
    );
    r.exit(0);
    r.rows(FILE, 3, 0, PASSED);
}

/// The districts of Khánh Hòa as a province's district table writes them (no communes).
const DISTRICTS_56: [(&str, &str); 9] = [
    ("568", "Thành phố Nha Trang"),
    ("569", "Thành phố Cam Ranh"),
    ("570", "Huyện Cam Lâm"),
    ("571", "Huyện Vạn Ninh"),
    ("572", "Thị xã Ninh Hòa"),
    ("573", "Huyện Khánh Vĩnh"),
    ("574", "Huyện Diên Khánh"),
    ("575", "Huyện Khánh Sơn"),
    ("576", "Huyện Trường Sa"),
];

/// A district-only table of the first `count` districts of Khánh Hòa, run with `extra` in the
/// pipeline's `[[year]]`.
fn run_district_table(extra: &str, count: usize) -> Ran {
    let data = DISTRICTS_56
        .iter()
        .take(count)
        .enumerate()
        .map(|(i, (_, name))| row(&[&(i + 1).to_string(), name, "85", "45"]))
        .collect();
    let rows = table(NO_DISTRICT, &SCORES, data);
    run_year_with(extra, "56", &[(FILE, vec![Sheet::new(SHEET, rows)])], &[])
}

#[test]
fn a_district_only_year_with_scope_district_reports_no_commune_missing() {
    // Trường Sa left out: the only unit missing within the scope.
    let r = run_district_table("scope = [\"district\"]", 8);
    let missing = r.one("missing-unit");
    assert_eq!(missing["unit"], "576");
    assert_eq!(missing["units"], serde_json::json!(["576"]));
    assert_eq!(
        missing["message_en"],
        "Huyện Trường Sa (576) is in no accepted submission"
    );
    r.exit(0);
    r.rows(FILE, 8, 0, PASSED);
    assert_eq!(r.csv("district.csv").len(), 8);
    // All nine: nothing is missing.
    let r = run_district_table("scope = [\"district\"]", 9);
    assert!(
        r.findings("missing-unit").is_empty(),
        "{:#?}",
        r.findings("missing-unit")
    );
}

#[test]
fn a_district_only_year_with_both_levels_reports_one_finding_per_district() {
    let r = run_district_table("", 9);
    let expected = units_of_56();
    let found = missing_by_district(&r);
    assert_eq!(
        found.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (district, communes) in &expected {
        assert_eq!(found[district], vec![communes.clone()], "{district}");
    }
    assert_eq!(r.findings("missing-unit").len(), 9);
    let lines = r.out.stderr.matches("[missing-unit]").count();
    assert_eq!(lines, 9, "{}", r.out.stderr);
    r.exit(0);
}

#[test]
fn a_commune_only_year_does_not_miss_its_districts() {
    let rows = table(
        CAM_LAM,
        &SCORES,
        vec![
            row(&["1", "Thị trấn Cam Đức", "45", "25"]),
            row(&["2", "Xã Cam Hòa", "45", "25"]),
        ],
    );
    let r = run_year_with(
        "scope = [\"commune\"]",
        "56",
        &[(FILE, vec![Sheet::new(SHEET, rows)])],
        &[],
    );
    let mut expected = units_of_56();
    let cam_lam = expected.get_mut("570").expect("Cam Lâm");
    assert!(cam_lam.remove("22453") && cam_lam.remove("22438"));
    let found = missing_by_district(&r);
    for (district, communes) in &expected {
        // No district is missing: only the communes, one finding per district.
        assert_eq!(
            found.get(district),
            (!communes.is_empty())
                .then(|| vec![communes.clone()])
                .as_ref(),
            "{district}"
        );
    }
    r.exit(0);
    r.rows(FILE, 2, 0, PASSED);
}

/// Findings of a row whose unit was resolved carry the unit's code and its district's code, in
/// report.json and findings.csv alike.
#[test]
fn row_findings_carry_the_unit_and_its_district() {
    let r = run_sheet(table(
        CAM_LAM,
        &SCORES_LEVELS,
        vec![
            // Read without accents; 45 is level III, not the I declared.
            row(&["1", "Xã Cam Hoa", "45", "I", "25", "II"]),
            row(&["2", "Xã Suối Tân", "45", "III", "25", "II"]),
            row(&["3", "Xã Suối Tân", "45", "III", "25", "II"]),
            row(&["4", "Xã Cam Tân", "45", "III", "", ""]),
        ],
    ));
    let findings = r.csv("findings.csv");
    for (code, unit) in [
        ("unit-name-corrected", "22438"),
        ("level-disagrees", "22438"),
        ("duplicate-unit-same", "22711"),
        ("missing-dimension", "22435"),
    ] {
        let f = r.one(code);
        assert_eq!(f["unit"], unit, "{f:#}");
        assert_eq!(f["district"], "570", "{f:#}");
        assert!(f["cell"].is_string(), "{f:#}");
        let rows: Vec<_> = findings.iter().filter(|x| x["code"] == code).collect();
        assert_eq!(rows.len(), 1, "{code}: {rows:#?}");
        assert_eq!(
            (rows[0]["unit"].as_str(), rows[0]["district"].as_str()),
            (unit, "570")
        );
    }
    let rejects = r.csv("rejects.csv");
    assert_eq!(rejects.len(), 1, "{rejects:#?}");
    assert_eq!(rejects[0]["code"], "missing-dimension");
    assert_eq!(rejects[0]["unit_code"], "22435");
    assert_eq!(rejects[0]["district_code"], "570");
    // A finding about no unit has none.
    let source = r.one("district-source");
    assert!(source["unit"].is_null(), "{source:#}");
    assert_eq!(source["district"], "570");
}

/// A project whose one year is 2021 (raw/2021), with `cam-lam.xlsx` titled `title` in it; runs it
/// and returns the run and its report.json.
fn run_2021_titled(title: &str) -> (Project, Output, Value) {
    let p = Project::new("56", "", "");
    let text = std::fs::read_to_string(p.pipeline()).expect("pipeline");
    let text = text.replace(
        "year = 2020\nraw = \"../raw/2020\"",
        "year = 2021\nraw = \"../raw/2021\"",
    );
    std::fs::write(p.pipeline(), text).expect("write pipeline");
    let raw = p.path().join("raw/2021");
    std::fs::create_dir_all(&raw).expect("mkdir");
    let rows = vec![
        row(&[CAM_LAM]),
        // The day the report was signed: a date, no year of evaluation.
        row(&["Cam Lâm, ngày 18 tháng 01 năm 2022"]),
        row(&[title]),
        row(&[]),
        row(&SCORES),
        row(&["1", "Xã Cam Hòa", "45", "25"]),
    ];
    write_xlsx(&raw.join(FILE), &[Sheet::new(SHEET, rows)]);
    let out = p.run(&RUN);
    let report = std::fs::read_to_string(p.out("2021", "report.json")).expect("report.json");
    let report = serde_json::from_str(&report).expect("report json");
    (p, out, report)
}

#[test]
fn year_disagrees_when_the_title_names_another_year() {
    let (p, out, report) = run_2021_titled("BIỂU TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CQĐT NĂM 2020");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let found: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "year-disagrees")
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = found[0];
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["file"], "raw/2021/cam-lam.xlsx");
    assert_eq!(f["sheet"], SHEET);
    assert_eq!(f["cell"], "A3");
    let en = f["message_en"].as_str().expect("message");
    assert!(
        en.contains("the title says 2020") && en.contains("year 2021"),
        "{en}"
    );
    let vi = f["message_vi"].as_str().expect("message");
    assert!(
        vi.contains("năm 2020") && vi.contains("NĂM 2020") && vi.contains("năm 2021"),
        "{vi}"
    );
    assert!(out.stderr.contains("year-disagrees"), "{}", out.stderr);
    // The data count for the pipeline's year.
    let communes = read_csv(&p.out("2021", "commune.csv"));
    assert_eq!(communes.len(), 1);
    assert_eq!(communes[0]["year"], "2021");
    // `check` finds it too; --strict makes the warning fail the run.
    let checked = p.run(&[
        "check",
        "--pipeline",
        "pipelines/test.toml",
        "raw/2021/cam-lam.xlsx",
    ]);
    assert!(
        checked.stderr.contains("year-disagrees"),
        "{}",
        checked.stderr
    );
    let strict = p.run(&[
        "run",
        "--pipeline",
        "pipelines/test.toml",
        "--strict",
        "--force",
    ]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
}

#[test]
fn no_year_disagrees_when_the_title_names_the_year() {
    let (_p, out, report) = run_2021_titled("Kết quả đánh giá chính quyền điện tử năm 2021");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(!codes.contains(&"year-disagrees"), "{codes:?}");
}

// ---------------------------------------------------------------------------------------------
// Files and sheets.

#[test]
fn file_unreadable_for_a_text_file_named_xlsx() {
    let r = run_files(
        "56",
        &[],
        &[("bao-cao.xlsx", "Đây không phải là bảng tính\n")],
    );
    at(
        r.one("file-unreadable"),
        "error",
        Some("bao-cao.xlsx"),
        None,
        None,
    );
    r.exit(1);
    let f = r.file("bao-cao.xlsx");
    assert_eq!(f["file_rejected"], true);
    r.rows("bao-cao.xlsx", 0, 0, 0);
    // The file is a row of the rejects, without a row number or raw values.
    let rejects = r.csv("rejects.csv");
    assert_eq!(rejects.len(), 1, "{rejects:#?}");
    let x = &rejects[0];
    assert_eq!(x["source_file"], shown("bao-cao.xlsx"));
    assert_eq!(x["source_sha256"], f["sha256"].as_str().expect("sha256"));
    assert_eq!(x["code"], "file-unreadable");
    for empty in [
        "source_sheet",
        "source_row",
        "cell",
        "unit_code",
        "raw_values",
    ] {
        assert_eq!(x[empty], "", "{empty}: {x:#?}");
    }
    assert!(!x["message"].is_empty() && !x["message_en"].is_empty());
    assert_eq!(r.report["totals"]["rejected_rows"], 0);
}

#[test]
fn file_skipped_for_files_that_are_not_workbooks() {
    let good = table(
        CAM_LAM,
        &SCORES,
        vec![row(&["1", "Xã Cam Hòa", "45", "25"])],
    );
    let r = run_files(
        "56",
        &[(FILE, vec![Sheet::new(SHEET, good)])],
        &[
            ("cong-van.pdf", "%PDF-1.4\n"),
            ("ghi-chu.txt", "số liệu gửi lại\n"),
        ],
    );
    let found = r.findings("file-skipped");
    assert_eq!(found.len(), 2, "{found:#?}");
    at(found[0], "info", Some("cong-van.pdf"), None, None);
    at(found[1], "info", Some("ghi-chu.txt"), None, None);
    r.exit(0);
    for name in ["cong-van.pdf", "ghi-chu.txt"] {
        assert_eq!(r.file(name)["skipped"], true);
        r.rows(name, 0, 0, 0);
    }
    r.rows(FILE, 1, 0, PASSED);
}

#[test]
fn no_table_on_a_sheet_with_text_only() {
    let good = table(
        CAM_LAM,
        &SCORES,
        vec![row(&["1", "Xã Cam Hòa", "45", "25"])],
    );
    let notes = vec![
        row(&["Ghi chú: số liệu tạm tính, sẽ gửi bản chính thức sau"]),
        row(&[]),
        row(&["", "Người lập biểu"]),
    ];
    let r = run_files(
        "56",
        &[(
            FILE,
            vec![Sheet::new(SHEET, good), Sheet::new("Ghi chu", notes)],
        )],
        &[],
    );
    at(
        r.one("no-table"),
        "warning",
        Some(FILE),
        Some("Ghi chu"),
        None,
    );
    r.exit(0);
    r.rows(FILE, 1, 0, PASSED + 3);
}

#[test]
fn sheet_hidden_is_recorded_and_read() {
    let good = table(
        CAM_LAM,
        &SCORES,
        vec![row(&["1", "Xã Cam Hòa", "45", "25"])],
    );
    let criteria = vec![
        row(&["TT", "Nhóm tiêu chí", "Điểm tối đa cấp xã"]),
        row(&["1", "Hạ tầng kỹ thuật", "10"]),
        row(&["2", "Dịch vụ công trực tuyến", "20"]),
    ];
    let r = run_files(
        "56",
        &[(
            FILE,
            vec![
                Sheet::new(SHEET, good),
                Sheet::new("Tieu chi", criteria).hidden(),
            ],
        )],
        &[],
    );
    at(
        r.one("sheet-hidden"),
        "info",
        Some(FILE),
        Some("Tieu chi"),
        None,
    );
    assert!(r.findings("no-table").is_empty());
    r.exit(0);
    r.rows(FILE, 1, 0, PASSED + 3);
}

// ---------------------------------------------------------------------------------------------
// Good rows to the snapshot, bad rows to the rejects.

#[test]
fn good_rows_go_to_the_snapshot_and_bad_rows_to_the_rejects_with_raw_values() {
    let r = run_sheet(table(
        CAM_LAM,
        &SCORES,
        vec![
            row(&["1", "Thị trấn Cam Đức", "55,5", "28"]),
            row(&["2", "Xã Cam Hòa", "tốt", "25"]),
            row(&["3", "Xã Suối Tân", "50", "27,25"]),
            row(&["4", "Xã Không Tên", "45", "25"]),
            vec![n(5.0), s("Xã Cam Tân"), C::Err("#REF!".into()), n(25.0)],
            row(&["6", "Xã Sơn Tân", "61", "25"]),
            row(&["7", "Xã Suối Cát", "44", "22"]),
        ],
    ));
    r.exit(1);
    r.rows(FILE, 3, 4, PASSED);
    let communes = r.csv("commune.csv");
    let good: Vec<(&str, &str, &str, &str)> = communes
        .iter()
        .map(|c| {
            (
                c["commune_code"].as_str(),
                c["name_submitted"].as_str(),
                c["achieved_score"].as_str(),
                c["readiness_score"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        good,
        [
            ("22453", "Thị trấn Cam Đức", "55.5", "28.0"),
            ("22708", "Xã Suối Cát", "44.0", "22.0"),
            ("22711", "Xã Suối Tân", "50.0", "27.25"),
        ]
    );
    for c in &communes {
        assert_eq!(c["source_file"], shown(FILE));
        assert_eq!(c["source_sheet"], SHEET);
    }
    let rejects = r.csv("rejects.csv");
    let bad: Vec<(&str, &str, &str, &str)> = rejects
        .iter()
        .map(|x| {
            (
                x["source_row"].as_str(),
                x["cell"].as_str(),
                x["code"].as_str(),
                x["raw_values"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        bad,
        [
            (
                "6",
                "C6",
                "type-error",
                "A6=2 | B6=Xã Cam Hòa | C6=tốt | D6=25"
            ),
            (
                "8",
                "B8",
                "unknown-unit",
                "A8=4 | B8=Xã Không Tên | C8=45 | D8=25"
            ),
            (
                "9",
                "C9",
                "type-error",
                "A9=5 | B9=Xã Cam Tân | C9=#REF! | D9=25"
            ),
            (
                "10",
                "C10",
                "score-out-of-range",
                "A10=6 | B10=Xã Sơn Tân | C10=61 | D10=25"
            ),
        ]
    );
    let sha = r.file(FILE)["sha256"].as_str().expect("sha256").to_string();
    for x in &rejects {
        assert_eq!(x["year"], "2020");
        assert_eq!(x["source_file"], shown(FILE));
        assert_eq!(x["source_sha256"], sha);
        assert_eq!(x["source_sheet"], SHEET);
        assert!(!x["message"].is_empty() && !x["message_en"].is_empty());
    }
    assert_eq!(r.report["totals"]["rejected_rows"], 4);
    assert_eq!(r.report["totals"]["communes"], 3);
    // The unit and its district, once the name was resolved (not for an unknown name).
    let codes: Vec<(&str, &str)> = rejects
        .iter()
        .map(|x| (x["unit_code"].as_str(), x["district_code"].as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("22438", "570"),
            ("", ""),
            ("22435", "570"),
            ("22447", "570")
        ]
    );
    // The same in report.json and findings.csv, whose columns are report.json's keys.
    let findings = r.csv("findings.csv");
    for (row_cell, unit) in [
        ("C6", "22438"),
        ("B8", ""),
        ("C9", "22435"),
        ("C10", "22447"),
    ] {
        let f = r.report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["cell"] == row_cell && f["severity"] == "error")
            .unwrap_or_else(|| panic!("no error at {row_cell}"));
        let want = (!unit.is_empty()).then_some(unit);
        assert_eq!(f["unit"].as_str(), want, "{f:#}");
        assert_eq!(f["district"].as_str(), want.map(|_| "570"), "{f:#}");
        let row = findings
            .iter()
            .find(|x| x["cell"] == row_cell && x["severity"] == "error")
            .unwrap_or_else(|| panic!("findings.csv: no error at {row_cell}"));
        assert_eq!(row["unit"], unit, "{row:#?}");
        assert_eq!(row["district"], if unit.is_empty() { "" } else { "570" });
        assert_eq!(row["code"], f["code"].as_str().expect("code"));
        assert_eq!(
            row["message_en"],
            f["message_en"].as_str().expect("message")
        );
    }
    let mut keys: Vec<&String> = r.report["findings"][0]
        .as_object()
        .expect("finding")
        .keys()
        .collect();
    keys.sort();
    let mut columns: Vec<&String> = findings[0].keys().filter(|k| *k != "year").collect();
    columns.sort();
    assert_eq!(columns, keys, "findings.csv columns and report.json keys");
    assert_eq!(
        findings.len(),
        r.report["findings"].as_array().expect("f").len()
    );
}

// ---------------------------------------------------------------------------------------------
// The catalogue and its documentation.

#[test]
fn docs_codes_md_lists_exactly_the_catalogue() {
    let text = std::fs::read_to_string(repo().join("docs/codes.md")).expect("docs/codes.md");
    let mut documented: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("| `") else {
            continue;
        };
        let (code, rest) = rest.split_once("` |").expect("| `code` | severity |");
        let severity = rest.split('|').next().unwrap_or("").trim();
        documented.push((code.to_string(), severity.to_string()));
    }
    let catalogue: Vec<(String, String)> = Code::ALL
        .iter()
        .map(|c| (c.as_str().to_string(), c.severity().as_str().to_string()))
        .collect();
    let mut seen = BTreeSet::new();
    for (code, _) in &documented {
        assert!(seen.insert(code.clone()), "{code} listed twice");
    }
    let doc_codes: BTreeSet<&str> = documented.iter().map(|(c, _)| c.as_str()).collect();
    let cat_codes: BTreeSet<&str> = catalogue.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        doc_codes.difference(&cat_codes).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "documented but not in the catalogue"
    );
    assert_eq!(
        cat_codes.difference(&doc_codes).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "in the catalogue but not documented"
    );
    // Same order and severities as the catalogue.
    assert_eq!(documented, catalogue);
}

#[test]
fn order_disagrees_names_the_rows_of_a_district_table_out_of_rank() {
    // A province's compiled district table: Cam Lâm listed first although Diên Khánh reaches a
    // better achieved level (I against III), so the configured ranking puts Diên Khánh first.
    let r = run_sheet(table(
        NO_DISTRICT,
        &SCORES,
        vec![
            row(&["1", "Huyện Cam Lâm", "78,00", "45"]),
            row(&["2", "Huyện Diên Khánh", "91,50", "45"]),
        ],
    ));
    let found = r.findings("order-disagrees");
    assert_eq!(found.len(), 1, "{found:#?}");
    at(found[0], "warning", Some(FILE), Some(SHEET), None);
    let msg = found[0]["message_en"].as_str().expect("message");
    assert!(
        msg.contains("Huyện Cam Lâm (dòng/row 5, STT 1, hạng/rank 2)"),
        "{msg}"
    );
    assert!(
        msg.contains("Huyện Diên Khánh (dòng/row 6, STT 2, hạng/rank 1)"),
        "{msg}"
    );
    r.exit(0);
    r.rows(FILE, 2, 0, PASSED);
}

#[test]
fn order_agrees_gives_no_finding() {
    let r = run_sheet(table(
        NO_DISTRICT,
        &SCORES,
        vec![
            row(&["1", "Huyện Diên Khánh", "91,50", "45"]),
            row(&["2", "Huyện Cam Lâm", "78,00", "45"]),
        ],
    ));
    assert!(r.findings("order-disagrees").is_empty());
    r.exit(0);
}

/// Government forms: a column-number row under the header, group headings split over two cells
/// ("I" | "HUYỆN CAM LÂM") and a total row with numbers: none of them is a unit, none is rejected.
#[test]
fn numbering_rows_split_headings_and_total_rows_are_passed_over() {
    let r = run_sheet(table(
        NO_DISTRICT,
        &SCORES,
        vec![
            row(&["'(1)", "'(2)", "'(3)", "'(4)"]),
            row(&["I", "HUYỆN CAM LÂM"]),
            row(&["1", "Xã Cam Hòa", "45", "25"]),
            row(&["II", "HUYỆN DIÊN KHÁNH"]),
            row(&["1", "Xã Diên An", "46,66", "22,60"]),
            row(&["", "Tổng cộng", "91,66", "47,60"]),
        ],
    ));
    r.exit(0);
    // read = 4 (table) + 6; accepted 2; passed: 4 + numbering + 2 headings + total.
    r.rows(FILE, 2, 0, PASSED + 4);
    let communes = r.communes();
    assert_eq!(communes["22438"]["district_code"], "570");
    assert_eq!(communes["22693"]["district_code"], "574");
    assert!(r.findings("unknown-unit").is_empty() && r.findings("missing-name").is_empty());
}
