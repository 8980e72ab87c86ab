//! `egov-etl audit`: the cut-offs the published levels allow. On the 2020 replay it prints the
//! intervals of the methodology (../shared/spec/methodology.md) and finds no contradiction, and a
//! level written by hand into the decision is found at its cell; on crafted workbooks (levels declared in the submissions) it finds the one unit whose level was
//! swapped, the two inconsistent ones, ties at a boundary, levels with no unit (open sides) and
//! full scoring (percentages); the rule set it prints, pasted into the pipeline, reproduces every
//! published level; report.json says the same.

mod util;

use serde_json::Value;
use util::{C, Output, Project, Sheet, arg, repo_copy, row, run_bin, s, show, write_xlsx};

/// `audit` in English on the throwaway project's pipeline.
const AUDIT: [&str; 5] = ["--lang", "en", "audit", "--pipeline", "pipelines/test.toml"];

const FILE: &str = "cam-lam.xlsx";
const SHEET: &str = "Tong hop";

/// One-row header: scores and declared levels, data from row 5.
fn table(data: Vec<Vec<C>>) -> Vec<Sheet> {
    let mut rows = vec![
        row(&["ỦY BAN NHÂN DÂN HUYỆN CAM LÂM"]),
        row(&["KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020"]),
        row(&[]),
        row(&[
            "STT",
            "Tên đơn vị",
            "Điểm mức độ đạt được",
            "Xếp hạng mức độ đạt được",
            "Điểm điều kiện sẵn sàng",
            "Xếp hạng điều kiện sẵn sàng",
        ]),
    ];
    rows.extend(data);
    vec![Sheet::new(SHEET, rows)]
}

/// The communes of Cam Lâm with levels that follow 54 / 50.1 / 43.5 / 30 (achieved) and
/// 27 / 24 / 22.5 / 21 (readiness): (name, achieved, level, readiness, level). Data rows 5..18.
fn cam_lam() -> Vec<[&'static str; 5]> {
    vec![
        ["Thị trấn Cam Đức", "57", "I", "28", "I"],
        ["Xã Cam An Bắc", "54", "I", "27", "I"],
        ["Xã Cam An Nam", "53", "II", "26.5", "II"],
        ["Xã Cam Hải Đông", "50.13", "II", "24", "II"],
        ["Xã Cam Hải Tây", "50.04", "III", "23.6", "III"],
        ["Xã Cam Hiệp Bắc", "45", "III", "22.5", "III"],
        ["Xã Cam Hiệp Nam", "43.5", "III", "22.4", "IV"],
        ["Xã Cam Hòa", "43.2", "IV", "22", "IV"],
        ["Xã Cam Phước Tây", "38.52", "IV", "21", "IV"],
        ["Xã Cam Tân", "35", "IV", "20.7", "Không xếp hạng"],
        [
            "Xã Cam Thành Bắc",
            "22.58",
            "Không xếp hạng",
            "20",
            "Không xếp hạng",
        ],
        ["Xã Sơn Tân", "20", "Không xếp hạng", "18", "Không xếp hạng"],
        ["Xã Suối Cát", "47", "III", "25", "II"],
        ["Xã Suối Tân", "52", "II", "29", "I"],
    ]
}

/// Data rows from (name, achieved, level, readiness, level).
fn rows_of(units: &[[&str; 5]]) -> Vec<Vec<C>> {
    units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let n = (i + 1).to_string();
            row(&[n.as_str(), u[0], u[1], u[2], u[3], u[4]])
        })
        .collect()
}

/// A project with one workbook of these sheets; `audit` run on it.
fn audited(sheets: Vec<Sheet>) -> (Project, Output) {
    let p = Project::new("56", "", "");
    write_xlsx(&p.raw(FILE), &sheets);
    let out = p.run(&AUDIT);
    (p, out)
}

/// The lines of one (unit level, dimension) of the printed audit: from its heading ("communes,
/// achieved") to the blank line after it.
fn section<'a>(stdout: &'a str, heading: &str) -> Vec<&'a str> {
    let mut lines = stdout.lines().skip_while(|l| !l.starts_with(heading));
    let mut out: Vec<&str> = lines.next().into_iter().collect();
    out.extend(lines.take_while(|l| !l.is_empty()));
    assert!(!out.is_empty(), "no section {heading:?} in:\n{stdout}");
    out
}

/// The line of a section that starts (after its indent) with `start`.
fn line<'a>(section: &[&'a str], start: &str) -> &'a str {
    section
        .iter()
        .find(|l| l.trim_start().starts_with(start))
        .unwrap_or_else(|| panic!("no line {start:?} in:\n{}", section.join("\n")))
}

/// The `[[year.rule_set]]` blocks printed, in order.
fn blocks(stdout: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = stdout.lines();
    while let Some(l) = lines.next() {
        if l == "[[year.rule_set]]" {
            let mut b = vec![l.to_string()];
            for l in lines.by_ref() {
                b.push(l.to_string());
                if l.starts_with("basis = ") {
                    break;
                }
            }
            out.push(b.join("\n"));
        }
    }
    out
}

/// The audit of one (unit level, dimension) in report.json.
fn group<'a>(report: &'a Value, level: &str, dim: &str) -> &'a Value {
    report["audit"]["groups"]
        .as_array()
        .expect("audit groups")
        .iter()
        .find(|g| g["unit_level"] == level && g["dimension"] == dim)
        .unwrap_or_else(|| panic!("no audit of {level} {dim}"))
}

// ---------------------------------------------------------------------------------------------
// The 2020 replay.

/// The intervals of the methodology, for the four (unit level, dimension) of 2020.
#[test]
fn the_2020_audit_prints_the_intervals_of_the_methodology_and_no_contradiction() {
    let dir = repo_copy();
    let o = run_bin(dir.path(), &["--lang", "en", "audit", "--year", "2020"]);
    assert_eq!(o.code, 0, "{}", show(&o));
    assert!(
        !o.stdout.contains("audit-level-unexplained"),
        "{}",
        o.stdout
    );
    let achieved = section(&o.stdout, "communes, achieved:");
    assert!(achieved[0].contains("136 published levels (136 from the decision"));
    for (level, interval) in [
        ("I", "(53.00, 54.00] points"),
        ("II", "(50.04, 50.13] points"),
        ("III", "(43.20, 43.50] points"),
        ("IV", "(22.58, 38.52] points"),
    ] {
        let l = line(&achieved, &format!("cut-off of level {level}:"));
        assert!(l.contains(&format!("level {level}: {interval}")), "{l}");
    }
    let districts = section(&o.stdout, "districts, achieved:");
    for (level, interval) in [
        ("I", "(88.07, 90.56] points"),
        ("II", "(78.87, 84.95] points"),
        ("III", "(75.47, 78.63] points"),
        ("IV", "at or below 75.47 points"),
    ] {
        let l = line(&districts, &format!("cut-off of level {level}:"));
        assert!(l.contains(&format!("level {level}: {interval}")), "{l}");
    }
    // IV: no district is below it, so its interval is open below, and said so.
    let iv = line(&districts, "cut-off of level IV:");
    assert!(iv.contains("open below: no unit is below level IV"), "{iv}");
    // Readiness: 27 / 24 / 22.5 / 21 (90 / 80 / 75 / 70 % of 30) lie inside the communes'
    // intervals; all 8 districts are I, so only "I at or below" is known of them.
    let readiness = section(&o.stdout, "communes, readiness:");
    for (level, interval) in [
        ("I", "(26.92, 27.00] points, (89.73, 90.00] % of 30"),
        ("II", "(23.60, 24.00] points, (78.67, 80.00] % of 30"),
        ("III", "(22.40, 22.50] points, (74.67, 75.00] % of 30"),
        ("IV", "(20.70, 22.00] points, (69.00, 73.33] % of 30"),
    ] {
        let l = line(&readiness, &format!("cut-off of level {level}:"));
        assert!(l.contains(interval), "{l}");
    }
    let d_readiness = section(&o.stdout, "districts, readiness:");
    for level in ["I", "II", "III", "IV"] {
        let l = line(&d_readiness, &format!("cut-off of level {level}:"));
        assert!(l.contains("at or below 47.11 points"), "{l}");
    }
    assert!(line(&d_readiness, "cut-off of level II:").contains("no unit at level II"));
    // No contradiction; every rule set inside its intervals, and said to be fitted.
    for s in [&achieved, &districts, &readiness, &d_readiness] {
        line(s, "all ");
        let r = line(s, "the pipeline's rule set");
        assert!(
            r.contains("(fitted: ") && r.contains("inside every interval"),
            "{r}"
        );
    }
}

/// The same audit in report.json of the run, and one line of it in the run's summary.
#[test]
fn the_2020_run_writes_the_audit_into_report_json() {
    let dir = repo_copy();
    let out = dir.path().join("out");
    let o = run_bin(dir.path(), &["--lang", "en", "run", "--out", &arg(&out)]);
    assert_eq!(o.code, 0, "{}", show(&o));
    assert!(
        o.stderr
            .contains("published levels follow a threshold rule in 4 of 4"),
        "{}",
        o.stderr
    );
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("2020/report.json")).unwrap())
            .expect("report.json");
    assert_eq!(report["audit"]["clean"], true);
    let g = group(&report, "commune", "achieved");
    assert_eq!(g["units"], 136);
    assert_eq!(g["levels_from"]["decision"], 136);
    assert_eq!(g["consistent"], true);
    assert_eq!(g["cutoffs"]["I"]["points"]["above"], 53.0);
    assert_eq!(g["cutoffs"]["I"]["points"]["at_most"], 54.0);
    assert_eq!(g["cutoffs"]["II"]["points"]["above"], 50.04);
    assert_eq!(g["cutoffs"]["IV"]["points"]["at_most"], 38.52);
    assert_eq!(g["rule_set"]["inside"], true);
    assert_eq!(g["rule_set"]["reproduces"], 136);
    let d = group(&report, "district", "achieved");
    assert_eq!(d["cutoffs"]["IV"]["points"]["above"], Value::Null);
    assert_eq!(d["cutoffs"]["IV"]["points"]["at_most"], 75.47);
    assert!(report["findings_by_code"]["audit-level-unexplained"].is_null());
}

/// A pipeline whose cut-offs the 2020 levels contradict (75 % of 100 for district III, as the
/// issue says of Ninh Hòa): the audit says where, and the rule sets it prints, pasted in place of
/// the pipeline's, reproduce all 288 published levels.
#[test]
fn the_pasted_rule_sets_reproduce_every_published_level() {
    let dir = repo_copy();
    let path = dir.path().join("pipelines/khanh-hoa.toml");
    let text = std::fs::read_to_string(&path).expect("pipeline");
    let wrong = text
        .replace(
            "cutoffs = { I = 54, II = 50.1, III = 43.5, IV = 30 }",
            "cutoffs = { I = 55, II = 50, III = 45, IV = 30 }",
        )
        .replace(
            "cutoffs = { I = 90, II = 80, III = 77, IV = 70 }",
            "cutoffs = { I = 90, II = 80, III = 75, IV = 70 }",
        );
    assert_ne!(wrong, text);
    std::fs::write(&path, &wrong).expect("write pipeline");
    let o = run_bin(dir.path(), &["--lang", "en", "audit"]);
    assert_eq!(o.code, 1, "{}", show(&o));
    let r = line(
        &section(&o.stdout, "communes, achieved:"),
        "the pipeline's rule set",
    );
    assert!(
        r.contains("OUTSIDE the interval of level I, II, III"),
        "{r}"
    );
    let r = line(
        &section(&o.stdout, "districts, achieved:"),
        "the pipeline's rule set",
    );
    assert!(r.contains("OUTSIDE the interval of level III"), "{r}");
    // Paste: the pipeline up to its first rule set, then the four blocks printed.
    let printed = blocks(&o.stdout);
    assert_eq!(printed.len(), 4, "{}", o.stdout);
    assert!(printed.iter().all(|b| b.contains("status = \"fitted\"")));
    assert!(printed[0].contains("cutoffs = { I = 90, II = 80, III = 77, IV = 70 }"));
    assert!(printed[2].contains("cutoffs = { I = 54, II = 50.1, III = 43.5, IV = 30 }"));
    let head = &wrong[..wrong.find("[[year.rule_set]]").expect("a rule set")];
    std::fs::write(&path, format!("{head}{}\n", printed.join("\n\n"))).expect("paste");
    let out = dir.path().join("out");
    let o = run_bin(dir.path(), &["--lang", "en", "run", "--out", &arg(&out)]);
    assert_eq!(o.code, 0, "{}", show(&o));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("2020/report.json")).unwrap())
            .expect("report.json");
    assert_eq!(report["comparison"]["levels_compared"], 288);
    assert_eq!(report["comparison"]["levels_equal"], 288);
    assert!(report["findings_by_code"]["published-level-differs"].is_null());
    assert_eq!(report["audit"]["clean"], true);
    let again = run_bin(dir.path(), &["--lang", "en", "audit"]);
    assert_eq!(again.code, 0, "{}", show(&again));
    assert_eq!(again.stdout.matches("inside every interval").count(), 8);
}

/// Every sheet of a workbook as cells to write again (values only: the reader needs no merges).
fn cells_of(path: &std::path::Path) -> Vec<Sheet> {
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto(path).expect("open workbook");
    let names = wb.sheet_names().to_vec();
    names
        .iter()
        .map(|name| {
            let range = wb.worksheet_range(name).expect("sheet");
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut rows: Vec<Vec<C>> = vec![Vec::new(); r0 as usize];
            for r in range.rows() {
                let mut cells = vec![C::E; c0 as usize];
                cells.extend(r.iter().map(|d| match d {
                    Data::String(t) => C::S(t.clone()),
                    Data::Float(x) => C::N(*x),
                    Data::Int(i) => C::N(*i as f64),
                    _ => C::E,
                }));
                rows.push(cells);
            }
            Sheet::new(name, rows)
        })
        .collect()
}

/// A level typed by hand in the decision itself: the audit finds it there, at its cell.
#[test]
fn a_level_of_the_decision_that_no_rule_explains_is_found_in_the_decision() {
    let dir = repo_copy();
    let path = dir.path().join("raw/published/2020-qd644-phu-luc.xlsx");
    let mut sheets = cells_of(&path);
    let annex = sheets
        .iter_mut()
        .find(|s| s.name == "Phu luc II")
        .expect("Phu luc II");
    // Xã Diên Thạnh, 47.24, published III: written I.
    let at = annex
        .rows
        .iter()
        .position(|r| matches!(r.get(1), Some(C::S(t)) if t.contains("Diên Thạnh")))
        .expect("Diên Thạnh's row");
    assert!(matches!(&annex.rows[at][3], C::S(t) if t.contains("III")));
    annex.rows[at][3] = s("Mức I");
    write_xlsx(&path, &sheets);
    let o = run_bin(dir.path(), &["--lang", "en", "audit"]);
    assert_eq!(o.code, 1, "{}", show(&o));
    let achieved = section(&o.stdout, "communes, achieved:");
    let l = line(&achieved, "no threshold rule reproduces all 136");
    assert!(
        l.contains("1 must be set aside (the only smallest set)"),
        "{l}"
    );
    let f = line(&achieved, "raw/published/2020-qd644-phu-luc.xlsx:");
    let cell = format!("'Phu luc II'!D{}", at + 1);
    assert!(
        f.contains(&cell)
            && f.contains("Xã Diên Thạnh: the published achieved level I at 47.24 points"),
        "{f}"
    );
    // The other 135 give the methodology's intervals still.
    assert!(line(&achieved, "cut-off of level I:").contains("(53.00, 54.00]"));
    assert!(line(&achieved, "cut-off of level III:").contains("(43.20, 43.50]"));
    line(&section(&o.stdout, "communes, readiness:"), "all 136");
}

// ---------------------------------------------------------------------------------------------
// Crafted levels (declared in the submissions; no decision named).

#[test]
fn declared_levels_that_follow_a_rule_give_their_intervals() {
    let (p, o) = audited(table(rows_of(&cam_lam())));
    assert_eq!(o.code, 0, "{}", show(&o));
    let achieved = section(&o.stdout, "communes, achieved:");
    assert!(
        achieved[0]
            .contains("14 published levels (0 from the decision, 14 declared in submissions)"),
        "{}",
        achieved[0]
    );
    for (level, interval) in [
        ("I", "(53.00, 54.00]"),
        ("II", "(50.04, 50.13]"),
        ("III", "(43.20, 43.50]"),
        ("IV", "(22.58, 35.00]"),
    ] {
        let l = line(&achieved, &format!("cut-off of level {level}:"));
        assert!(l.contains(&format!("{interval} points")), "{l}");
    }
    line(
        &achieved,
        "all 14 published levels follow one threshold rule",
    );
    let readiness = section(&o.stdout, "communes, readiness:");
    let l = line(&readiness, "cut-off of level I:");
    assert!(
        l.contains("(26.50, 27.00] points, (88.33, 90.00] % of 30"),
        "{l}"
    );
    assert!(line(&readiness, "cut-off of level IV:").contains("(20.70, 21.00]"));
    // No district row: nothing to audit there, and said so.
    let districts = section(&o.stdout, "districts, achieved:");
    assert!(
        districts[0].contains("no published level to audit"),
        "{}",
        districts[0]
    );
    drop(p);
}

#[test]
fn one_level_swapped_is_the_single_unit_set_aside() {
    let mut units = cam_lam();
    units[5][2] = "I"; // Xã Cam Hiệp Bắc, 45, declared I among IIIs (row 10)
    let (p, o) = audited(table(rows_of(&units)));
    assert_eq!(o.code, 1, "{}", show(&o));
    let achieved = section(&o.stdout, "communes, achieved:");
    let l = line(&achieved, "no threshold rule reproduces all 14");
    assert!(
        l.contains("1 must be set aside (the only smallest set)"),
        "{l}"
    );
    let f = line(&achieved, "raw/2020/cam-lam.xlsx:");
    assert!(
        f.contains("'Tong hop'!D10")
            && f.contains("warning[audit-level-unexplained]")
            && f.contains("Xã Cam Hiệp Bắc")
            && f.contains("level I at 45.00 points"),
        "{f}"
    );
    // The intervals are those of the 13 others: unchanged.
    assert!(line(&achieved, "cut-off of level I:").contains("(53.00, 54.00]"));
    assert!(line(&achieved, "cut-off of level III:").contains("(43.20, 43.50]"));
    // Readiness is untouched.
    line(&section(&o.stdout, "communes, readiness:"), "all 14");
    // The run says the same in report.json, with the unit, its cell, score and level.
    let run = p.run(&["run", "--pipeline", "pipelines/test.toml"]);
    assert!(run.code == 0, "{}", show(&run));
    let report = p.report();
    let g = group(&report, "commune", "achieved");
    assert_eq!(g["consistent"], false);
    let aside = g["set_aside"].as_array().expect("set_aside");
    assert_eq!(aside.len(), 1, "{aside:#?}");
    assert_eq!(aside[0]["unit"], "22450");
    assert_eq!(aside[0]["cell"], "D10");
    assert_eq!(aside[0]["sheet"], SHEET);
    assert_eq!(aside[0]["value"], 45.0);
    assert_eq!(aside[0]["level"], "I");
    assert_eq!(aside[0]["source"], "submission");
    assert_eq!(aside[0]["certain"], true);
    let findings: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "audit-level-unexplained")
        .collect();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(findings[0]["cell"], "D10");
    assert_eq!(findings[0]["unit"], "22450");
    assert!(
        findings[0]["message_vi"]
            .as_str()
            .is_some_and(|m| m.contains("mức I") && m.contains("45,00 điểm")),
        "{:#}",
        findings[0]
    );
}

#[test]
fn two_inconsistent_levels_need_two_units_set_aside() {
    let mut units = cam_lam();
    units[5][2] = "I"; // Xã Cam Hiệp Bắc, 45: I among IIIs (row 10)
    units[9][2] = "II"; // Xã Cam Tân, 35: II among IVs (row 14)
    let (_p, o) = audited(table(rows_of(&units)));
    assert_eq!(o.code, 1, "{}", show(&o));
    let achieved = section(&o.stdout, "communes, achieved:");
    let l = line(&achieved, "no threshold rule reproduces all 14");
    assert!(
        l.contains("2 must be set aside (the only smallest set)"),
        "{l}"
    );
    let found: Vec<&&str> = achieved
        .iter()
        .filter(|l| l.contains("[audit-level-unexplained]"))
        .collect();
    assert_eq!(found.len(), 2, "{}", achieved.join("\n"));
    assert!(found[0].contains("'Tong hop'!D14") && found[0].contains("Xã Cam Tân"));
    assert!(found[1].contains("'Tong hop'!D10") && found[1].contains("Xã Cam Hiệp Bắc"));
    // The fitted block still reproduces the 12 kept.
    line(
        &achieved,
        "a rule set inside every interval, reproducing all 12",
    );
}

#[test]
fn a_tie_at_a_boundary_must_share_one_level() {
    let mut units = cam_lam();
    // Xã Cam Hải Đông: 27 like Xã Cam An Bắc, but declared II (row 8).
    units[3][3] = "27";
    let (_p, o) = audited(table(rows_of(&units)));
    assert_eq!(o.code, 1, "{}", show(&o));
    let readiness = section(&o.stdout, "communes, readiness:");
    let l = line(&readiness, "no threshold rule reproduces all 14");
    assert!(
        l.contains("1 must be set aside (one of several smallest sets)"),
        "{l}"
    );
    let f = line(&readiness, "raw/2020/cam-lam.xlsx:");
    assert!(
        f.contains("Xã Cam Hải Đông") && f.contains("level II at 27.00 points"),
        "{f}"
    );
    assert!(
        f.contains("or set aside instead: Xã Cam An Bắc (22465)"),
        "{f}"
    );
    line(
        &readiness,
        "an equally small set would set aside instead: Xã Cam An Bắc (22465)",
    );
    // Kept at I on the tie: the cut-off of I closes on 27.
    assert!(line(&readiness, "cut-off of level I:").contains("(26.50, 27.00]"));

    // Equal scores with one level are no contradiction; the boundary closes on them.
    let mut units = cam_lam();
    units[3][3] = "27";
    units[3][4] = "I";
    let (_p, o) = audited(table(rows_of(&units)));
    assert_eq!(o.code, 0, "{}", show(&o));
    let readiness = section(&o.stdout, "communes, readiness:");
    let l = line(&readiness, "cut-off of level I:");
    assert!(
        l.contains("(26.50, 27.00]") && l.contains("4 units at level I"),
        "{l}"
    );
}

#[test]
fn a_level_with_no_unit_has_an_open_interval_and_says_so() {
    let units = [
        ["Thị trấn Cam Đức", "44", "III", "25", "II"],
        ["Xã Cam Hòa", "45", "III", "26", "II"],
        ["Xã Cam Tân", "30", "IV", "20", "Không xếp hạng"],
    ];
    let (_p, o) = audited(table(rows_of(&units)));
    assert_eq!(o.code, 0, "{}", show(&o));
    let achieved = section(&o.stdout, "communes, achieved:");
    let i = line(&achieved, "cut-off of level I:");
    assert!(
        i.contains("level I: above 45.00 points")
            && i.contains("open above: no unit is at level I or better")
            && i.contains("no unit at level I"),
        "{i}"
    );
    assert!(line(&achieved, "cut-off of level II:").contains("no unit at level II"));
    assert!(line(&achieved, "cut-off of level III:").contains("(30.00, 44.00] points"));
    let iv = line(&achieved, "cut-off of level IV:");
    assert!(
        iv.contains("at or below 30.00 points") && iv.contains("open below"),
        "{iv}"
    );
    let readiness = section(&o.stdout, "communes, readiness:");
    assert!(line(&readiness, "cut-off of level III:").contains("no unit at level III"));
    // The pipeline's cut-offs lie inside; the block keeps them.
    assert!(line(&achieved, "the pipeline's rule set").contains("inside every interval"));
    let printed = blocks(&o.stdout);
    assert!(printed[0].contains("cutoffs = { I = 54, II = 50.1, III = 43.5, IV = 30 }"));
}

/// Full scoring (maximum, not applicable, applicable maximum, points, %, converted, level per
/// dimension): the audit is on percentages of the applicable maximum.
#[test]
fn full_scoring_is_audited_on_percentages() {
    let fields = [
        "Điểm tối đa",
        "Điểm không áp dụng",
        "Điểm tối đa áp dụng",
        "Điểm đạt được",
        "Tỷ lệ (%)",
        "Điểm quy đổi",
        "Xếp hạng",
    ];
    let mut top = row(&["STT", "Tên đơn vị", "MỨC ĐỘ ĐẠT ĐƯỢC"]);
    top.resize(9, C::E);
    top.push(s("ĐIỀU KIỆN SẴN SÀNG"));
    let mut sub = vec![C::E, C::E];
    sub.extend(row(&fields));
    sub.extend(row(&fields));
    let mut rows = vec![
        row(&["ỦY BAN NHÂN DÂN HUYỆN CAM LÂM"]),
        row(&["KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020"]),
        row(&[]),
        top,
        sub,
    ];
    // Achieved of 60 and readiness of 30, with points not applicable: 90 / 85 / 75 / 55 / 40 %
    // and 90 / 80 / 75 / 70 / 50 %.
    for r in [
        ["1", "Xã Cam Hòa", "60", "10", "50", "45", "90", "54", "I"],
        ["2", "Xã Cam Tân", "60", "0", "60", "51", "85", "51", "II"],
        [
            "3",
            "Xã Suối Tân",
            "60",
            "20",
            "40",
            "30",
            "75",
            "45",
            "III",
        ],
        [
            "4",
            "Thị trấn Cam Đức",
            "60",
            "0",
            "60",
            "33",
            "55",
            "33",
            "IV",
        ],
        [
            "5",
            "Xã Sơn Tân",
            "60",
            "10",
            "50",
            "20",
            "40",
            "24",
            "Không xếp hạng",
        ],
    ]
    .iter()
    .zip([
        ["30", "0", "30", "27", "90", "27", "I"],
        ["30", "5", "25", "20", "80", "24", "II"],
        ["30", "0", "30", "22.5", "75", "22.5", "III"],
        ["30", "10", "20", "14", "70", "21", "IV"],
        ["30", "0", "30", "15", "50", "15", "Không xếp hạng"],
    ]) {
        let mut cells = row(r.0);
        cells.extend(row(&r.1));
        rows.push(cells);
    }
    let (_p, o) = audited(vec![Sheet::new(SHEET, rows)]);
    assert_eq!(o.code, 0, "{}", show(&o));
    let achieved = section(&o.stdout, "communes, achieved:");
    assert!(
        achieved[0].contains("audited on percentages of the applicable maximum"),
        "{}",
        achieved[0]
    );
    for (level, interval) in [
        ("I", "(51.00, 54.00] points, (85.00, 90.00] % of 60"),
        ("II", "(45.00, 51.00] points, (75.00, 85.00] % of 60"),
        ("III", "(33.00, 45.00] points, (55.00, 75.00] % of 60"),
        ("IV", "(24.00, 33.00] points, (40.00, 55.00] % of 60"),
    ] {
        let l = line(&achieved, &format!("cut-off of level {level}:"));
        assert!(l.contains(interval), "{l}");
    }
    let readiness = section(&o.stdout, "communes, readiness:");
    let l = line(&readiness, "cut-off of level IV:");
    assert!(l.contains("(50.00, 70.00] % of 30"), "{l}");
    line(
        &readiness,
        "all 5 published levels follow one threshold rule",
    );
    let printed = blocks(&o.stdout);
    assert!(printed[1].contains("cutoffs = { I = 90, II = 80, III = 75, IV = 70 }"));
    assert!(printed[1].contains("in % of the (applicable) maximum 30"));
}
