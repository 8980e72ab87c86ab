//! The 2020 replay: the raw submissions of Khánh Hòa in raw/2020 against Decision 644/QĐ-UBND
//! (15/3/2021), transcribed in tests/fixtures/decision-2020.csv.

mod util;

use util::{read_csv, repo, run_bin};

/// One row of the transcription.
#[derive(Debug)]
struct Published {
    annex: String,
    district_code: String,
    order: u32,
    name_published: String,
    official_name: String,
    code: String,
    achieved_score: f64,
    achieved_level: String,
    readiness_score: f64,
    readiness_level: String,
}

fn fixture() -> Vec<Published> {
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/decision-2020.csv")).expect("fixture");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), 11, "{l}");
            Published {
                annex: f[0].into(),
                district_code: f[1].into(),
                order: f[2].parse().expect("order"),
                name_published: f[4].into(),
                official_name: f[5].into(),
                code: f[6].into(),
                achieved_score: f[7].parse().expect("score"),
                achieved_level: f[8].into(),
                readiness_score: f[9].parse().expect("score"),
                readiness_level: f[10].into(),
            }
        })
        .collect()
}

#[test]
fn the_2020_snapshot_reproduces_the_published_decision() {
    let out = tempfile::tempdir().expect("tempdir");
    let o = run_bin(
        &repo(),
        &[
            "run",
            "--out",
            out.path().to_str().expect("utf-8"),
            "--force",
        ],
    );
    assert_eq!(o.code, 0, "exit code; stderr:\n{}", o.stderr);
    let dir = out.path().join("2020");
    let districts = read_csv(&dir.join("district.csv"));
    let communes = read_csv(&dir.join("commune.csv"));
    assert_eq!(districts.len(), 8);
    assert_eq!(communes.len(), 136);
    let published = fixture();
    let mut levels_equal = 0;
    for p in &published {
        let (rows, code_col, pos_col) = if p.annex == "I" {
            (&districts, "district_code", "rank")
        } else {
            (&communes, "commune_code", "annex_order")
        };
        let r = rows
            .iter()
            .find(|r| r[code_col] == p.code)
            .unwrap_or_else(|| panic!("{} ({}) missing", p.official_name, p.code));
        assert_eq!(r["district_code"], p.district_code, "{}", p.code);
        let score = |k: &str| r[k].parse::<f64>().expect("score");
        assert!(
            (score("achieved_score") - p.achieved_score).abs() < 1e-9,
            "{} achieved",
            p.code
        );
        assert!(
            (score("readiness_score") - p.readiness_score).abs() < 1e-9,
            "{} readiness",
            p.code
        );
        levels_equal += usize::from(r["achieved_level"] == p.achieved_level)
            + usize::from(r["readiness_level"] == p.readiness_level);
        assert_eq!(
            r[pos_col],
            p.order.to_string(),
            "{} ({}) position",
            p.official_name,
            p.code
        );
        if p.annex == "II" {
            assert_eq!(r["commune_name"], p.official_name, "{}", p.code);
        }
    }
    assert_eq!(levels_equal, 288, "levels equal to the decision");

    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).expect("report"))
            .expect("json");
    let findings = report["findings"].as_array().expect("findings");
    let with_code = |code: &str| {
        findings
            .iter()
            .filter(|f| f["code"] == code)
            .collect::<Vec<_>>()
    };
    // The four misspellings of the decision, with their official spellings.
    let names = with_code("published-name");
    assert_eq!(names.len(), 4, "{names:#?}");
    for (written, official) in [
        ("Ba Cạm Bắc", "Ba Cụm Bắc (22732)"),
        ("Ba Cùm Nam", "Ba Cụm Nam (22735)"),
        ("Diên Đông", "Diên Đồng (22666)"),
        ("Phước Đông", "Phước Đồng (22405)"),
    ] {
        assert!(
            names.iter().any(|f| f["message_en"]
                .as_str()
                .is_some_and(|m| m.contains(written) && m.contains(official))),
            "{written} → {official} not reported"
        );
        assert!(names.iter().all(|f| f["cell"].is_string()), "located");
        // With the unit's code and its district's, to join the snapshot on.
        let code = &official[official.len() - 6..official.len() - 1];
        let f = names
            .iter()
            .find(|f| f["unit"] == code)
            .unwrap_or_else(|| panic!("no published-name at unit {code}: {names:#?}"));
        assert!(
            f["district"].as_str().is_some_and(|d| d.len() == 3),
            "{f:#}"
        );
    }
    let p = published
        .iter()
        .find(|p| p.name_published == "Ba Cạm Bắc")
        .expect("fixture row");
    assert_eq!(p.official_name, "Ba Cụm Bắc");
    // Trường Sa is not evaluated (the pipeline says so): nothing is missing, the year is
    // complete, and manifest.json, report.json and the Parquet metadata all say it.
    assert!(with_code("missing-unit").is_empty());
    let completeness = &report["completeness"];
    assert_eq!(completeness["complete"], true, "{completeness}");
    assert_eq!(completeness["expected_units"], 144);
    assert_eq!(completeness["accepted_units"], 144);
    assert_eq!(completeness["missing_units"], 0);
    // Cam Ranh (87.10) above Khánh Sơn (87.19): the ranking is not by achieved score alone.
    let inv = with_code("rank-not-by-score");
    assert_eq!(inv.len(), 1, "{inv:#?}");
    let m = inv[0]["message_en"].as_str().expect("message");
    assert!(
        m.contains("Cam Ranh (87.10)") && m.contains("Khánh Sơn (87.19)"),
        "{m}"
    );
    // Nothing else differs from the decision.
    for code in [
        "published-score-differs",
        "published-level-differs",
        "published-order-differs",
        "not-in-published",
        "only-in-published",
        "published-unreadable",
        "level-disagrees",
        "year-disagrees",
    ] {
        assert!(with_code(code).is_empty(), "{code}: {:#?}", with_code(code));
    }
    let cmp = &report["comparison"];
    assert_eq!(cmp["levels_equal"], 288);
    assert_eq!(cmp["levels_compared"], 288);
    assert_eq!(cmp["order_equal"], 144);
    // Every file's rows are accounted for.
    for f in report["files"].as_array().expect("files") {
        assert_eq!(f["balanced"], true, "{f}");
        assert_eq!(f["rows_rejected"], 0, "{f}");
    }
    assert_eq!(report["totals"]["errors"], 0);
}

/// Each workbook of 2020 names its year in its title rows (the date lines above some tables,
/// "ngày … tháng 01 năm 2021", are not taken for it): the replay gives no `year-disagrees`.
#[test]
fn every_workbook_of_2020_is_titled_2020() {
    let dir = repo().join("raw/2020");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("raw/2020")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 8);
    for path in files {
        let (wb, _) = util::read_workbook(&path);
        let t = wb
            .title_year
            .as_ref()
            .unwrap_or_else(|| panic!("{}", path.display()));
        assert_eq!(t.year, 2020, "{}: {t:?}", path.display());
        assert!(t.text.contains("NĂM 2020"), "{t:?}");
    }
}
