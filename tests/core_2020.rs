//! The core against Decision 644/QĐ-UBND (2020, Khánh Hòa), transcribed in
//! tests/fixtures/decision-2020.csv: the rule sets of pipelines/khanh-hoa.toml reproduce all 288
//! published levels, the configured ranking reproduces Phụ lục I and the annex collation
//! reproduces the order of Phụ lục II within each district. No workbook is read here.

use std::collections::BTreeMap;
use std::path::PathBuf;

use egov_etl::core::ranking::{RankInput, cmp_annex, rank};
use egov_etl::core::{Dimension, Level, UnitLevel, UnitType};
use egov_etl::pipeline::{self, Pipeline};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One row of the fixture.
#[derive(Debug, Clone)]
struct Row {
    annex: String,
    district_code: String,
    order: u32,
    unit_type: UnitType,
    official_name: String,
    code: String,
    achieved_score: f64,
    achieved_level: Level,
    readiness_score: f64,
    readiness_level: Level,
}

fn fixture() -> Vec<Row> {
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/decision-2020.csv")).expect("fixture");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "annex,district_code,order,unit_type,name_published,official_name,code,\
             achieved_score,achieved_level,readiness_score,readiness_level"
        )
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), 11, "{l}");
            let level = |s: &str| Level::parse(s).unwrap_or_else(|| panic!("level {s:?} in {l}"));
            Row {
                annex: f[0].into(),
                district_code: f[1].into(),
                order: f[2].parse().expect("order"),
                unit_type: UnitType::from_official(f[3])
                    .unwrap_or_else(|| panic!("unit type {:?} in {l}", f[3])),
                official_name: f[5].into(),
                code: f[6].into(),
                achieved_score: f[7].parse().expect("achieved score"),
                achieved_level: level(f[8]),
                readiness_score: f[9].parse().expect("readiness score"),
                readiness_level: level(f[10]),
            }
        })
        .collect()
}

fn khanh_hoa() -> Pipeline {
    pipeline::load(&repo().join("pipelines/khanh-hoa.toml")).expect("pipelines/khanh-hoa.toml")
}

#[test]
fn the_fixture_has_8_districts_and_136_communes() {
    let rows = fixture();
    let districts = rows.iter().filter(|r| r.annex == "I").count();
    let communes = rows.iter().filter(|r| r.annex == "II").count();
    assert_eq!((districts, communes), (8, 136));
    for r in &rows {
        let want = if r.annex == "I" {
            UnitLevel::District
        } else {
            UnitLevel::Commune
        };
        assert_eq!(r.unit_type.level(), want, "{r:?}");
    }
}

#[test]
fn every_published_level_of_2020_is_reproduced() {
    let p = khanh_hoa();
    let year = p.years.iter().find(|y| y.year == 2020).expect("year 2020");
    let mut compared = 0;
    let mut wrong = Vec::new();
    for r in fixture() {
        let level = r.unit_type.level();
        for (dim, score, published) in [
            (Dimension::Achieved, r.achieved_score, r.achieved_level),
            (Dimension::Readiness, r.readiness_score, r.readiness_level),
        ] {
            let rs = year
                .rule_set(level, dim)
                .unwrap_or_else(|| panic!("no rule set {level:?} {dim:?}"));
            let got = rs.classify(score, None);
            compared += 1;
            if got != published {
                wrong.push(format!(
                    "{} {} ({}) {}: {score} → {got}, published {published}",
                    r.unit_type,
                    r.official_name,
                    r.code,
                    dim.key()
                ));
            }
        }
    }
    assert_eq!(compared, 288);
    assert!(
        wrong.is_empty(),
        "{} of 288 levels differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn annex_i_order_is_reproduced_by_the_configured_ranking() {
    let p = khanh_hoa();
    let year = p.years.iter().find(|y| y.year == 2020).expect("2020");
    let districts: Vec<Row> = fixture().into_iter().filter(|r| r.annex == "I").collect();
    // Levels as the rule sets give them (identical to the published ones, see above).
    let items: Vec<RankInput> = districts
        .iter()
        .map(|d| RankInput {
            achieved_score: d.achieved_score,
            achieved_level: year
                .rule_set(UnitLevel::District, Dimension::Achieved)
                .expect("rule set")
                .classify(d.achieved_score, None),
            readiness_score: d.readiness_score,
            readiness_level: year
                .rule_set(UnitLevel::District, Dimension::Readiness)
                .expect("rule set")
                .classify(d.readiness_score, None),
        })
        .collect();
    let (order, ranks) = rank(&p.ranking, &items);
    let got: Vec<(&str, u32)> = districts
        .iter()
        .zip(&ranks)
        .map(|(d, r)| (d.code.as_str(), *r))
        .collect();
    let want: Vec<(&str, u32)> = districts
        .iter()
        .map(|d| (d.code.as_str(), d.order))
        .collect();
    assert_eq!(got, want);
    let ordered: Vec<&str> = order.iter().map(|&i| districts[i].code.as_str()).collect();
    assert_eq!(
        ordered,
        vec!["573", "568", "569", "575", "570", "574", "571", "572"]
    );
    // Cam Ranh (87.10) is third, above Khánh Sơn (87.19): not by achieved score alone.
    let cam_ranh = districts.iter().position(|d| d.code == "569").expect("569");
    let khanh_son = districts.iter().position(|d| d.code == "575").expect("575");
    assert!(items[cam_ranh].achieved_score < items[khanh_son].achieved_score);
    assert_eq!((ranks[cam_ranh], ranks[khanh_son]), (3, 4));
}

#[test]
fn annex_ii_order_within_each_district_is_the_annex_collation() {
    let mut by_district: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    for r in fixture().into_iter().filter(|r| r.annex == "II") {
        by_district
            .entry(r.district_code.clone())
            .or_default()
            .push(r);
    }
    assert_eq!(by_district.len(), 8);
    for (district, rows) in by_district {
        let mut published = rows.clone();
        published.sort_by_key(|r| r.order);
        let orders: Vec<u32> = published.iter().map(|r| r.order).collect();
        assert_eq!(
            orders,
            (1..=rows.len() as u32).collect::<Vec<_>>(),
            "district {district}: orders are 1..n"
        );
        let mut sorted = rows.clone();
        sorted.sort_by(|a, b| {
            cmp_annex(
                (a.unit_type, a.official_name.as_str()),
                (b.unit_type, b.official_name.as_str()),
            )
        });
        let got: Vec<String> = sorted
            .iter()
            .map(|r| format!("{} {}", r.unit_type, r.official_name))
            .collect();
        let want: Vec<String> = published
            .iter()
            .map(|r| format!("{} {}", r.unit_type, r.official_name))
            .collect();
        assert_eq!(got, want, "annex order of district {district}");
    }
}
