//! Pipeline configuration: every mistake in a pipeline file is refused with a `config-error`
//! finding that names the file and the exact line of the offending key; the real pipeline
//! (pipelines/khanh-hoa.toml) parses and its 2020 rule sets classify the boundary cases.

use std::path::{Path, PathBuf};

use egov_etl::core::{Dimension, Level, RuleStatus, UnitLevel};
use egov_etl::finding::{Code, Finding};
use egov_etl::pipeline::{self, Pipeline};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A valid pipeline with the four 2020 rule sets; `raw/2020` exists beside the file.
const BASE: &str = r#"name = "config-test"
province = "56"

[[year]]
year = 2020
raw = "../raw/2020"

[[year.rule_set]]
level = "commune"
dimension = "readiness"
maximum = 30
cutoff_unit = "percent"
cutoffs = { I = 90, II = 80, III = 75, IV = 70 }
status = "official"
basis = "test"

[[year.rule_set]]
level = "district"
dimension = "readiness"
maximum = 50
cutoff_unit = "percent"
cutoffs = { I = 90, II = 80, III = 75, IV = 70 }
status = "official"
basis = "test"

[[year.rule_set]]
level = "commune"
dimension = "achieved"
maximum = 60
cutoff_unit = "points"
cutoffs = { I = 54, II = 50.1, III = 43.5, IV = 30 }
status = "fitted"
basis = "test"

[[year.rule_set]]
level = "district"
dimension = "achieved"
maximum = 100
cutoff_unit = "points"
cutoffs = { I = 90, II = 80, III = 77, IV = 70 }
status = "fitted"
basis = "test"
"#;

/// A temp project: `pipelines/` (where the pipeline file is said to live) and `raw/2020/`.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("pipelines")).expect("mkdir");
        std::fs::create_dir_all(dir.path().join("raw/2020")).expect("mkdir");
        Scratch { dir }
    }

    fn pipeline_path(&self) -> PathBuf {
        self.dir.path().join("pipelines/test.toml")
    }

    fn parse(&self, text: &str) -> Result<Pipeline, Vec<Finding>> {
        pipeline::parse(text, &self.pipeline_path())
    }
}

/// Replaces occurrence number `occurrence` (0-based) of `from` with `to`.
fn edit(text: &str, from: &str, to: &str, occurrence: usize) -> String {
    let starts: Vec<usize> = text.match_indices(from).map(|(i, _)| i).collect();
    let at = *starts
        .get(occurrence)
        .unwrap_or_else(|| panic!("{from:?} occurrence {occurrence} not in the text"));
    format!("{}{}{}", &text[..at], to, &text[at + from.len()..])
}

/// The 1-based line of the only line of `text` that contains `needle`.
fn line_with(text: &str, needle: &str) -> u32 {
    let hits: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(hits.len(), 1, "{needle:?} must be on exactly one line");
    hits[0] as u32
}

/// Parses `text`, expects it refused, and checks that some finding is a config error at
/// `line` of the pipeline file whose English message contains `what`. Returns the findings.
fn refused_at(text: &str, line: u32, what: &str) -> Vec<Finding> {
    let s = Scratch::new();
    let errors = match s.parse(text) {
        Ok(_) => panic!("accepted a bad pipeline:\n{text}"),
        Err(e) => e,
    };
    assert!(!errors.is_empty(), "refused without a finding");
    let shown = s.pipeline_path().display().to_string();
    for e in &errors {
        assert_eq!(e.code, Code::ConfigError, "{e:?}");
        assert_eq!(e.location.file.as_deref(), Some(shown.as_str()), "{e:?}");
    }
    let hit = errors.iter().find(|e| e.message.en.contains(what));
    let Some(hit) = hit else {
        panic!("no finding mentions {what:?}: {errors:#?}");
    };
    assert_eq!(
        hit.location.line,
        Some(line),
        "finding {:?} should point at line {line}:\n{}",
        hit.message.en,
        numbered(text)
    );
    assert_eq!(
        hit.location.place(egov_etl::finding::Lang::En),
        format!("line {line}")
    );
    assert_eq!(
        hit.location.place(egov_etl::finding::Lang::Vi),
        format!("dòng {line}")
    );
    assert!(
        hit.message.en.contains(&format!("line {line}")),
        "{:?}",
        hit.message.en
    );
    assert!(
        hit.message.vi.contains(&format!("dòng {line}")),
        "{:?}",
        hit.message.vi
    );
    errors
}

fn numbered(text: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| format!("{:>3} {l}\n", i + 1))
        .collect()
}

#[test]
fn the_base_pipeline_is_valid() {
    let s = Scratch::new();
    let p = s.parse(BASE).expect("valid");
    assert_eq!(p.province_code, "56");
    assert_eq!(p.years.len(), 1);
    assert_eq!(p.years[0].rule_sets.len(), 4);
}

#[test]
fn a_missing_maximum_is_refused_at_its_rule_set() {
    // The second rule set loses its maximum.
    let text = edit(BASE, "maximum = 50\n", "", 0);
    let header = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("[[year.rule_set]]"))
        .map(|(i, _)| i as u32 + 1)
        .nth(1)
        .expect("second rule set");
    // A missing key has no line of its own: serde reports it at the header of the rule set
    // that lacks it.
    refused_at(&text, header, "missing field `maximum`");
}

#[test]
fn a_cutoff_above_the_maximum_is_refused_at_the_cutoffs_line() {
    let text = edit(
        BASE,
        "cutoffs = { I = 54, II = 50.1, III = 43.5, IV = 30 }",
        "cutoffs = { I = 61, II = 50.1, III = 43.5, IV = 30 }",
        0,
    );
    let line = line_with(&text, "I = 61");
    refused_at(&text, line, "above 60");
}

#[test]
fn a_percent_cutoff_above_100_is_refused_at_the_cutoffs_line() {
    let text = edit(
        BASE,
        "cutoffs = { I = 90, II = 80, III = 75, IV = 70 }",
        "cutoffs = { I = 101, II = 80, III = 75, IV = 70 }",
        1,
    );
    let line = line_with(&text, "I = 101");
    refused_at(&text, line, "above 100");
}

#[test]
fn cutoffs_out_of_order_are_refused_at_the_cutoffs_line() {
    let text = edit(
        BASE,
        "cutoffs = { I = 90, II = 80, III = 77, IV = 70 }",
        "cutoffs = { I = 90, II = 77, III = 80, IV = 70 }",
        0,
    );
    let line = line_with(&text, "II = 77, III = 80");
    refused_at(&text, line, "out of order");
}

#[test]
fn an_unknown_key_is_refused_at_its_line() {
    let text = edit(
        BASE,
        "basis = \"test\"\n",
        "basis = \"test\"\ncolour = \"red\"\n",
        2,
    );
    let line = line_with(&text, "colour");
    refused_at(&text, line, "unknown field `colour`");
}

#[test]
fn an_unknown_top_level_key_is_refused_at_its_line() {
    let text = edit(
        BASE,
        "province = \"56\"\n",
        "province = \"56\"\nouput = \"out\"\n",
        0,
    );
    let line = line_with(&text, "ouput");
    refused_at(&text, line, "unknown field `ouput`");
}

#[test]
fn an_unknown_level_spelling_is_refused_at_the_cutoffs_line() {
    let text = edit(
        BASE,
        "cutoffs = { I = 90, II = 80, III = 75, IV = 70 }",
        "cutoffs = { I = 90, II = 80, III = 75, V = 70 }",
        0,
    );
    let line = line_with(&text, ", V = 70");
    let errors = refused_at(&text, line, "unknown level \"V\"");
    // And the missing IV is named too, on the same line.
    let missing = errors
        .iter()
        .find(|e| e.message.en.contains("I, II, III and IV"))
        .unwrap_or_else(|| panic!("no finding about the missing IV: {errors:#?}"));
    assert_eq!(missing.location.line, Some(line));
}

#[test]
fn a_bad_year_is_refused_at_its_line() {
    let text = edit(BASE, "year = 2020", "year = 1850", 0);
    let line = line_with(&text, "year = 1850");
    refused_at(&text, line, "1850");
}

#[test]
fn a_missing_raw_folder_is_refused_at_its_line() {
    let text = edit(BASE, "raw = \"../raw/2020\"", "raw = \"../raw/2019\"", 0);
    let line = line_with(&text, "raw = ");
    refused_at(&text, line, "does not exist");
}

#[test]
fn an_unknown_dimension_is_refused_at_its_line() {
    let text = edit(
        BASE,
        "dimension = \"achieved\"",
        "dimension = \"achievement\"",
        1,
    );
    let line = line_with(&text, "\"achievement\"");
    refused_at(&text, line, "unknown dimension \"achievement\"");
}

#[test]
fn an_unknown_unit_level_is_refused_at_its_line() {
    let text = edit(BASE, "level = \"district\"", "level = \"province\"", 0);
    let line = line_with(&text, "\"province\"");
    refused_at(&text, line, "unknown unit level \"province\"");
}

#[test]
fn several_mistakes_are_all_reported_with_their_lines() {
    let text = edit(BASE, "dimension = \"achieved\"", "dimension = \"speed\"", 0);
    let text = edit(&text, "status = \"fitted\"", "status = \"guessed\"", 1);
    let s = Scratch::new();
    let errors = s.parse(&text).expect_err("refused");
    let lines: Vec<Option<u32>> = errors.iter().map(|e| e.location.line).collect();
    assert!(
        lines.contains(&Some(line_with(&text, "\"speed\""))),
        "{errors:#?}"
    );
    assert!(
        lines.contains(&Some(line_with(&text, "\"guessed\""))),
        "{errors:#?}"
    );
}

#[test]
fn load_names_a_missing_file() {
    let s = Scratch::new();
    let missing = s.dir.path().join("pipelines/none.toml");
    let errors = pipeline::load(&missing).expect_err("missing file refused");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, Code::ConfigError);
    assert_eq!(
        errors[0].location.file.as_deref(),
        Some(missing.display().to_string().as_str())
    );
}

#[test]
fn load_reports_the_line_of_a_file_on_disk() {
    let s = Scratch::new();
    let text = edit(BASE, "year = 2020", "year = 1850", 0);
    std::fs::write(s.pipeline_path(), &text).expect("write");
    let errors = pipeline::load(&s.pipeline_path()).expect_err("refused");
    assert!(
        errors
            .iter()
            .any(|e| e.location.line == Some(line_with(&text, "1850"))
                && e.location.file.as_deref()
                    == Some(s.pipeline_path().display().to_string().as_str())),
        "{errors:#?}"
    );
}

fn khanh_hoa() -> Pipeline {
    pipeline::load(&repo().join("pipelines/khanh-hoa.toml")).expect("khanh-hoa.toml loads")
}

#[test]
fn khanh_hoa_has_one_year_and_four_rule_sets() {
    let p = khanh_hoa();
    assert_eq!(p.name, "khanh-hoa");
    assert_eq!(p.province_code, "56");
    assert_eq!(p.years.len(), 1);
    let y = &p.years[0];
    assert_eq!(y.year, 2020);
    assert_eq!(y.rule_sets.len(), 4);
    for level in [UnitLevel::Commune, UnitLevel::District] {
        for dim in Dimension::ALL {
            assert!(y.rule_set(level, dim).is_some(), "{level:?} {dim:?}");
        }
    }
    assert!(
        y.raw_dir.ends_with(Path::new("raw/2020")),
        "{:?}",
        y.raw_dir
    );
    assert!(y.published.as_ref().is_some_and(|p| p.is_file()));
}

#[test]
fn khanh_hoa_2020_rule_sets_reproduce_the_boundaries() {
    let p = khanh_hoa();
    let y = &p.years[0];
    let rs = |level, dim| y.rule_set(level, dim).expect("rule set");
    let readiness = rs(UnitLevel::Commune, Dimension::Readiness);
    assert_eq!(readiness.classify(27.0, None), Level::I);
    assert_eq!(readiness.classify(26.99, None), Level::II);
    assert_eq!(readiness.classify(24.0, None), Level::II);
    assert_eq!(readiness.classify(23.99, None), Level::III);
    assert_eq!(readiness.classify(22.5, None), Level::III);
    assert_eq!(readiness.classify(21.0, None), Level::IV);
    assert_eq!(readiness.classify(20.99, None), Level::NotRanked);

    let achieved = rs(UnitLevel::Commune, Dimension::Achieved);
    assert_eq!(achieved.classify(54.0, None), Level::I);
    assert_eq!(achieved.classify(53.99, None), Level::II);
    assert_eq!(achieved.classify(50.1, None), Level::II);
    assert_eq!(achieved.classify(43.5, None), Level::III);
    assert_eq!(achieved.classify(30.0, None), Level::IV);
    assert_eq!(achieved.classify(29.99, None), Level::NotRanked);

    let district = rs(UnitLevel::District, Dimension::Achieved);
    assert_eq!(district.classify(90.56, None), Level::I);
    assert_eq!(district.classify(88.07, None), Level::II);
    assert_eq!(district.classify(75.47, None), Level::IV);
    let district_readiness = rs(UnitLevel::District, Dimension::Readiness);
    assert_eq!(district_readiness.classify(45.0, None), Level::I);
    assert_eq!(district_readiness.classify(44.99, None), Level::II);
}

/// `official` means a legal text cited with its clause. No clause of 2392/QĐ-BTTTT could be cited
/// for any 2020 cut-off (its annex could not be obtained): all four rule sets only fit the
/// published levels of Decision 644/QĐ-UBND, and say so.
#[test]
fn khanh_hoa_2020_rule_sets_are_fitted_not_official() {
    let p = khanh_hoa();
    for r in &p.years[0].rule_sets {
        assert_eq!(r.status, RuleStatus::Fitted, "{}", r.id);
        assert!(r.basis.contains("644/QĐ-UBND"), "{}: {}", r.id, r.basis);
    }
}

#[test]
fn a_year_covers_both_levels_unless_its_scope_says_otherwise() {
    let s = Scratch::new();
    let scope = |text: &str| s.parse(text).expect("valid").years[0].scope;
    let both = scope(BASE);
    assert!(both.contains(UnitLevel::District) && both.contains(UnitLevel::Commune));
    let with = |list: &str| {
        edit(
            BASE,
            "raw = \"../raw/2020\"",
            &format!("raw = \"../raw/2020\"\nscope = {list}"),
            0,
        )
    };
    let districts = scope(&with("[\"district\"]"));
    assert!(districts.contains(UnitLevel::District) && !districts.contains(UnitLevel::Commune));
    let communes = scope(&with("[\"commune\"]"));
    assert!(!communes.contains(UnitLevel::District) && communes.contains(UnitLevel::Commune));
    assert_eq!(scope(&with("[\"commune\", \"district\"]")), both);
}

#[test]
fn an_unknown_scope_is_refused_at_its_line() {
    let text = edit(
        BASE,
        "raw = \"../raw/2020\"",
        "raw = \"../raw/2020\"\nscope = [\"district\", \"ward\"]",
        0,
    );
    let line = line_with(&text, "scope = ");
    refused_at(&text, line, "unknown scope \"ward\" (district, commune)");
}

#[test]
fn an_empty_scope_is_refused_at_its_line() {
    let text = edit(
        BASE,
        "raw = \"../raw/2020\"",
        "raw = \"../raw/2020\"\n\nscope = []",
        0,
    );
    let line = line_with(&text, "scope = ");
    refused_at(&text, line, "scope is empty");
}
