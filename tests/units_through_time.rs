//! Units through time (issue 18): a map per year and a crosswalk to today's units.
//!
//! - The 2020 replay with the Khánh Hòa crosswalk: every commune carries its 2025 unit ('part'
//!   where split), its scores those of the decision; polars and DuckDB count the communes behind
//!   each new unit as the crosswalk does (tests/python/check_units_history.py).
//! - A year on a map without districts (a list written here): communes of one province table read
//!   with commune rule sets only, an empty district table of the same schema.
//! - A district rule set on such a map, and a crosswalk naming an unknown code, are refused with
//!   their lines; communes the crosswalk leaves out are one finding per district.

mod util;

use std::collections::BTreeMap;
use std::process::{Command, Stdio};

use egov_etl::emit;
use egov_etl::gazetteer::Gazetteer;
use util::{CROSSWALK, Sheet, n, read_csv, repo, row, run_bin, s, show, write_xlsx};

const HEAD: &str = "province_code,province_name,district_code,district_name,district_type,commune_code,commune_name,commune_type";

/// True when python3 with pandas, polars and duckdb is there; under `EGOV_ETL_REQUIRE_PYTHON=1`
/// (CI) its absence fails the test, elsewhere the Python part is skipped.
fn python_ready() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import pandas, pyarrow, polars, duckdb"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok && std::env::var("EGOV_ETL_REQUIRE_PYTHON").is_ok_and(|v| v == "1") {
        panic!("EGOV_ETL_REQUIRE_PYTHON=1 but python3 with pandas, polars, duckdb is missing");
    }
    ok
}

fn python(args: &[&str]) {
    let o = Command::new("python3")
        .arg(repo().join("tests/python/check_units_history.py"))
        .args(args)
        .output()
        .expect("run python3");
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Old code → its new units (code, part) in the crosswalk's order, read here from the CSV alone.
fn crosswalk_pairs(text: &str) -> BTreeMap<String, Vec<(String, String)>> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (old, u2020, part, new) = (
        col("old_code"),
        col("units_2020"),
        col("part"),
        col("new_code"),
    );
    let mut pairs: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for line in lines {
        // The reference file quotes no field.
        let f: Vec<&str> = line.split(',').collect();
        let mut olds: Vec<&str> = f[u2020]
            .split(';')
            .filter_map(|i| i.split_whitespace().next())
            .collect();
        if olds.is_empty() {
            olds.push(f[old]);
        }
        for o in olds {
            let news = pairs.entry(o.to_string()).or_default();
            match news.iter_mut().find(|(c, _)| c == f[new]) {
                Some(n) if f[part] == "part" => n.1 = "part".into(),
                Some(_) => {}
                None => news.push((f[new].to_string(), f[part].to_string())),
            }
        }
    }
    pairs
}

#[test]
fn the_2020_replay_carries_every_commune_to_its_2025_unit() {
    let out = tempfile::tempdir().expect("tempdir");
    let o = run_bin(
        &repo(),
        &["run", "--out", &out.path().display().to_string(), "--force"],
    );
    assert_eq!(o.code, 0, "{}", show(&o));
    let year = out.path().join("2020");
    let text = std::fs::read_to_string(repo().join(CROSSWALK)).expect("crosswalk");
    let pairs = crosswalk_pairs(&text);

    let communes = read_csv(&year.join("commune.csv"));
    assert_eq!(communes.len(), 136);
    let mut split = 0;
    for c in &communes {
        let code = &c["commune_code"];
        let news = pairs
            .get(code)
            .unwrap_or_else(|| panic!("{code} not in the crosswalk"));
        let whole = news.len() == 1 && news[0].1 == "whole";
        split += usize::from(!whole);
        assert_eq!(c["new_code"], news[0].0, "{code}");
        assert_eq!(c["part"], if whole { "whole" } else { "part" }, "{code}");
        assert!(
            !c["new_name"].is_empty() && !c["new_type"].is_empty(),
            "{code}"
        );
    }
    assert!(split > 0, "the crosswalk splits some 2020 communes");

    // The 2020 scores are the decision's (tests/fixtures/decision-2020.csv), unchanged.
    let decision = std::fs::read_to_string(repo().join("tests/fixtures/decision-2020.csv"))
        .expect("decision fixture");
    let scores: BTreeMap<&str, (f64, f64)> = decision
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[0] == "II")
        .map(|f| (f[6], (num(f[7]), num(f[9]))))
        .collect();
    assert_eq!(scores.len(), 136);
    for c in &communes {
        let want = scores[c["commune_code"].as_str()];
        let got = (num(&c["achieved_score"]), num(&c["readiness_score"]));
        assert_eq!(got, want, "{}", c["commune_code"]);
    }

    // units_history: every pair of the province's communes (Trường Sa's, not evaluated, too).
    let history = read_csv(&year.join("units_history.csv"));
    let gaz = Gazetteer::embedded().expect("gazetteer");
    let want: usize = gaz
        .communes_of_province("56")
        .iter()
        .map(|c| pairs.get(&c.code).map_or(0, Vec::len))
        .sum();
    assert_eq!(history.len(), want);
    let manifest = std::fs::read_to_string(year.join("manifest.json")).expect("manifest");
    let manifest: serde_json::Value = serde_json::from_str(&manifest).expect("json");
    assert_eq!(manifest["schema_version"], "3");
    let sha = emit::sha256_file(&repo().join(CROSSWALK)).expect("sha");
    assert!(
        manifest["inputs"]
            .as_array()
            .expect("inputs")
            .iter()
            .any(|i| i["path"] == CROSSWALK && i["sha256"] == sha.as_str()),
        "the crosswalk among the inputs: {}",
        manifest["inputs"]
    );
    let listed = |name: &str| {
        manifest["outputs"]
            .as_array()
            .is_some_and(|o| o.iter().any(|f| f["path"] == name))
    };
    assert!(listed("units_history.parquet") && listed("units_history.csv"));

    if python_ready() {
        let (dir, cw) = (year.display().to_string(), repo().join(CROSSWALK));
        python(&[
            "history",
            &dir,
            &cw.display().to_string(),
            "--new",
            "22333=6",
        ]);
    }
}

fn num(s: &str) -> f64 {
    s.parse().unwrap_or(f64::NAN)
}

const COMMUNE_RULE_SETS: &str = r#"
[[year.rule_set]]
level = "commune"
dimension = "readiness"
maximum = 30
cutoff_unit = "percent"
cutoffs = { I = 90, II = 80, III = 75, IV = 70 }
status = "fitted"
basis = "test"

[[year.rule_set]]
level = "commune"
dimension = "achieved"
maximum = 60
cutoff_unit = "points"
cutoffs = { I = 54, II = 50.1, III = 43.5, IV = 30 }
status = "fitted"
basis = "test"
"#;

/// A map of 1/7/2025 shape: no districts; "Cam Lâm" also in another province.
const MAP_2026: &str = "56,Khánh Hòa,,,,22333,Bắc Nha Trang,Phường\n\
    56,Khánh Hòa,,,,22390,Tây Nha Trang,Phường\n\
    56,Khánh Hòa,,,,22435,Cam Hiệp,Xã\n\
    56,Khánh Hòa,,,,22453,Cam Lâm,Xã\n\
    58,Ninh Thuận,,,,22999,Cam Lâm,Xã\n";

/// A project for a 2026 year on its own map without districts; `rule_sets` after the year.
fn project_2026(rule_sets: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for d in ["pipelines", "raw/2026", "reference"] {
        std::fs::create_dir_all(dir.path().join(d)).expect("mkdir");
    }
    std::fs::write(
        dir.path().join("reference/units-2026.csv"),
        format!("{HEAD}\n{MAP_2026}"),
    )
    .expect("map");
    let text = format!(
        "name = \"test\"\nprovince = \"56\"\n\n[[year]]\nyear = 2026\nraw = \"../raw/2026\"\ngazetteer = \"../reference/units-2026.csv\"\n{rule_sets}"
    );
    std::fs::write(dir.path().join("pipelines/test.toml"), text).expect("pipeline");
    dir
}

#[test]
fn a_year_on_a_map_without_districts_reads_communes_of_the_province() {
    let dir = project_2026(COMMUNE_RULE_SETS);
    let rows = vec![
        row(&["ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"]),
        row(&["KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ CẤP XÃ NĂM 2026"]),
        row(&[]),
        row(&[
            "STT",
            "Tên đơn vị",
            "Điểm mức độ đạt được",
            "Điểm điều kiện sẵn sàng",
        ]),
        vec![n(1.0), s("Phường Bắc Nha Trang"), n(55.0), n(28.0)],
        vec![n(2.0), s("Phường Tây Nha Trang"), n(50.0), n(24.0)],
        vec![n(3.0), s("Xã Cam Lâm"), n(31.0), n(21.5)],
    ];
    write_xlsx(
        &dir.path().join("raw/2026/tinh.xlsx"),
        &[Sheet::new("Cap xa", rows)],
    );
    let o = run_bin(dir.path(), &["run", "--pipeline", "pipelines/test.toml"]);
    assert!(o.code == 0 || o.code == 1, "{}", show(&o));
    let year = dir.path().join("output/2026");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(year.join("report.json")).expect("report"))
            .expect("json");
    assert_eq!(report["totals"]["districts"], 0, "{}", show(&o));
    assert_eq!(report["totals"]["communes"], 3, "{}", show(&o));
    assert_eq!(report["totals"]["errors"], 0, "{}", report["findings"]);
    assert_eq!(report["gazetteer"]["name"], "units-2026.csv");
    assert_eq!(report["gazetteer"]["districts"], false);
    let findings = report["findings"].as_array().expect("findings");
    // One missing unit, at the province (no district): Xã Cam Hiệp.
    let missing: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["code"] == "missing-unit")
        .collect();
    assert_eq!(missing.len(), 1, "{findings:?}");
    assert_eq!(missing[0]["units"], serde_json::json!(["22435"]));
    assert_eq!(missing[0]["unit"], "56");
    // No finding names a district: there is none.
    assert!(
        findings.iter().all(|f| f["district"].is_null()),
        "{findings:?}"
    );
    for code in ["district-source", "district-unknown", "no-rule-set"] {
        assert!(findings.iter().all(|f| f["code"] != code), "{code}");
    }

    // Communes resolved inside the province (Cam Lâm of 56, not of 58) and classified.
    let communes = read_csv(&year.join("commune.csv"));
    let by_code: BTreeMap<&str, &BTreeMap<String, String>> = communes
        .iter()
        .map(|c| (c["commune_code"].as_str(), c))
        .collect();
    assert_eq!(
        by_code.keys().copied().collect::<Vec<_>>(),
        ["22333", "22390", "22453"]
    );
    assert_eq!(by_code["22333"]["achieved_level"], "I");
    assert_eq!(by_code["22390"]["achieved_level"], "III");
    assert_eq!(by_code["22453"]["readiness_level"], "IV");
    assert!(communes.iter().all(|c| c["district_code"].is_empty()));
    assert!(communes.iter().all(|c| c["new_code"].is_empty()));
    assert_eq!(read_csv(&year.join("district.csv")).len(), 0);

    // The same schema (version and columns) as a year with districts.
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(year.join("manifest.json")).expect("manifest"),
    )
    .expect("json");
    assert_eq!(manifest["schema_version"], egov_etl::run::SCHEMA_VERSION);
    let map_sha = emit::sha256_file(&dir.path().join("reference/units-2026.csv")).expect("sha");
    assert!(
        manifest["inputs"]
            .as_array()
            .expect("inputs")
            .iter()
            .any(|i| i["path"] == "reference/units-2026.csv" && i["sha256"] == map_sha.as_str()),
        "{}",
        manifest["inputs"]
    );
    let gaz = Gazetteer::embedded().expect("gazetteer");
    let units = egov_etl::snapshot::Units::of(&gaz, "56");
    let schema =
        egov_etl::snapshot::tables(&Default::default(), &[], &[], 2026, units, &BTreeMap::new());
    for t in &schema {
        let read = emit::read_table(&year, &t.name).expect("read back");
        let names =
            |t: &emit::OutTable| t.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&read), names(t), "{}", t.name);
    }
    if python_ready() {
        python(&[
            "no-districts",
            &year.display().to_string(),
            "--communes",
            "3",
        ]);
    }
}

/// The 1-based lines of `text` where `needle` starts a line.
fn lines_of(text: &str, needle: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with(needle))
        .map(|(i, _)| i + 1)
        .collect()
}

#[test]
fn a_district_rule_set_on_a_map_without_districts_is_refused_with_its_line() {
    let dir = project_2026(util::RULE_SETS_2020);
    let text = std::fs::read_to_string(dir.path().join("pipelines/test.toml")).expect("toml");
    let o = run_bin(
        dir.path(),
        &["--lang", "en", "check", "pipelines/test.toml"],
    );
    assert_eq!(o.code, 2, "{}", show(&o));
    // The rule sets' headers: the 2nd and 4th are the district ones (RULE_SETS_2020).
    let headers = lines_of(&text, "[[year.rule_set]]");
    assert_eq!(headers.len(), 4);
    let refused: Vec<&str> = o
        .stderr
        .lines()
        .filter(|l| l.contains("no districts"))
        .collect();
    assert_eq!(refused.len(), 2, "{}", show(&o));
    for (line, at) in refused.iter().zip([headers[1], headers[3]]) {
        assert!(
            line.contains(&format!("line {at}:")),
            "{line} (expected line {at})"
        );
        assert!(line.contains("units-2026.csv"), "{line}");
    }
    let ok = project_2026(COMMUNE_RULE_SETS);
    let o = run_bin(ok.path(), &["check", "pipelines/test.toml"]);
    assert_eq!(o.code, 0, "{}", show(&o));
}

/// A 2020 project (Khánh Hòa, the 2020 rule sets) whose year names `reference/cw.csv`.
fn project_2020_with_crosswalk(crosswalk: &str) -> util::Project {
    let p = util::Project::new("56", "", "crosswalk = \"../reference/cw.csv\"");
    std::fs::create_dir_all(p.path().join("reference")).expect("mkdir");
    std::fs::write(p.path().join("reference/cw.csv"), crosswalk).expect("crosswalk");
    p
}

#[test]
fn a_crosswalk_naming_an_unknown_code_is_refused_with_its_line() {
    let cw = "old_code,part,new_code,new_type,new_name,nq1667_clause\n\
        22453,whole,22453,Xã,Cam Lâm,18\n\
        99999,whole,22453,Xã,Cam Lâm,18\n\
        22465,part,22453,Xã,Cam Lâm,18\n";
    let p = project_2020_with_crosswalk(cw);
    for (lang, at) in [("en", "line 3"), ("vi", "dòng 3")] {
        let o = p.run(&["--lang", lang, "check", "pipelines/test.toml"]);
        assert_eq!(o.code, 2, "{}", show(&o));
        let refused: Vec<&str> = o.stderr.lines().filter(|l| l.contains("99999")).collect();
        assert_eq!(refused.len(), 1, "{}", show(&o));
        assert!(refused[0].starts_with("reference/cw.csv"), "{}", refused[0]);
        assert!(refused[0].contains(at), "{}", refused[0]);
        assert!(refused[0].contains("config-error"), "{}", refused[0]);
    }
    // The same with a run: refused before any year is read.
    let o = p.run(&["run", "--pipeline", "pipelines/test.toml"]);
    assert_eq!(o.code, 2, "{}", show(&o));
    assert!(!p.out("2020", "manifest.json").exists());
}

#[test]
fn communes_the_crosswalk_leaves_out_are_one_finding_per_district() {
    // Every commune of Khánh Hòa onto itself, except two of Cam Lâm (570) and one of Diên
    // Khánh (574).
    let gaz = Gazetteer::embedded().expect("gazetteer");
    let left_out = ["22453", "22465", "22651"];
    let mut cw = String::from("old_code,part,new_code,new_type,new_name\n");
    for c in gaz.communes_of_province("56") {
        if !left_out.contains(&c.code.as_str()) {
            cw.push_str(&format!(
                "{0},whole,{0},{1},{2}\n",
                c.code, c.unit_type, c.name
            ));
        }
    }
    let p = project_2020_with_crosswalk(&cw);
    write_xlsx(
        &p.raw("cam-lam.xlsx"),
        &[Sheet::new(
            "KQ",
            vec![
                row(&["ỦY BAN NHÂN DÂN HUYỆN CAM LÂM"]),
                row(&["KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020"]),
                row(&[]),
                row(&[
                    "STT",
                    "Tên đơn vị",
                    "Điểm mức độ đạt được",
                    "Điểm điều kiện sẵn sàng",
                ]),
                vec![n(1.0), s("Thị trấn Cam Đức"), n(50.0), n(25.0)],
                vec![n(2.0), s("Xã Cam Hải Đông"), n(40.0), n(22.0)],
            ],
        )],
    );
    let o = p.run(&["run", "--pipeline", "pipelines/test.toml"]);
    assert!(o.code == 0 || o.code == 1, "{}", show(&o));
    let report = p.report();
    let found: Vec<(String, Vec<String>)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "not-in-crosswalk")
        .map(|f| {
            let units = f["units"].as_array().expect("units");
            (
                f["district"].as_str().unwrap_or("").to_string(),
                units
                    .iter()
                    .filter_map(|u| u.as_str().map(str::to_string))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "570".to_string(),
                vec!["22453".to_string(), "22465".to_string()]
            ),
            ("574".to_string(), vec!["22651".to_string()]),
        ]
    );
    // A commune left out has no new unit; one covered has its own.
    let communes = read_csv(&p.out("2020", "commune.csv"));
    let new_of = |code: &str| {
        communes
            .iter()
            .find(|c| c["commune_code"] == code)
            .map(|c| (c["new_code"].clone(), c["part"].clone()))
    };
    assert_eq!(
        new_of("22453"),
        Some((String::new(), String::new())),
        "{}",
        show(&o)
    );
    assert_eq!(
        new_of("22441"),
        Some(("22441".into(), "whole".into())),
        "{}",
        show(&o)
    );
}
