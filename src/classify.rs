//! Classify: computed levels beside declared ones, district ranks and the annex order of
//! communes, all by the core's rule sets and ordering.

use std::cmp::Ordering;
use std::collections::HashMap;

use compact_str::CompactString;
use rayon::prelude::*;

use crate::core::collation::sort_key;
use crate::core::ranking::{RankInput, annex_group, rank};
use crate::core::{Dimension, Level, RuleSet, UnitLevel};
use crate::finding::{Code, Finding, Location};
use crate::gazetteer::Gazetteer;
use crate::normalize::{DimValues, Entry};
use crate::pipeline::{Pipeline, Year};
use crate::words::Text;

/// One dimension's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct DimResult {
    pub score: f64,
    pub level: Level,
    pub rule_set: String,
}

/// A classified unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Classified {
    pub entry: Entry,
    pub achieved: DimResult,
    pub readiness: DimResult,
    /// Districts: ranking position (ties share). Communes: position within the district in the
    /// annex order.
    pub position: u32,
}

/// The year's classified units, districts in rank order, communes by district then annex order.
#[derive(Debug, Default)]
pub struct Results {
    pub districts: Vec<Classified>,
    pub communes: Vec<Classified>,
}

/// Full scoring: the percentage of the applicable maximum the level follows from (given, or raw
/// points over the applicable maximum); `None` when the level follows from the score, on the
/// maximum's scale.
pub fn percent_of(v: &DimValues, rule: &RuleSet) -> Option<f64> {
    let max = v.maximum().unwrap_or(rule.maximum);
    let applicable = v.applicable(max);
    match (v.percent(), v.raw_points(), applicable) {
        (Some(p), _, _) => Some(p),
        (None, Some(raw), Some(app)) if app > 0.0 => Some(raw * 100.0 / app),
        _ => None,
    }
}

fn dim_result(e: &Entry, dim: Dimension, year: &Year) -> Option<DimResult> {
    let rule = year.rule_set(e.unit.level, dim)?;
    let v = e.dims.get(&dim)?;
    let score = v.score?;
    let level = match percent_of(v, rule) {
        Some(p) => rule.classify_percent(p),
        None => rule.classify(score, None),
    };
    Some(DimResult {
        score,
        level,
        rule_set: rule.id.clone(),
    })
}

/// Classifies accepted entries (validate guarantees both dimensions and rule sets).
pub fn classify(
    accepted: Vec<Entry>,
    pipeline: &Pipeline,
    year: &Year,
    gaz: &Gazetteer,
    findings: &mut Vec<Finding>,
) -> Results {
    let mut districts = Vec::new();
    // Communes are nearly all the units: room for all at once, not doubled as they come.
    let mut communes = Vec::with_capacity(accepted.len());
    for e in accepted {
        let Some(c) = classify_entry(e, year, findings) else {
            continue;
        };
        match c.entry.unit.level {
            UnitLevel::District => districts.push(c),
            _ => communes.push(c),
        }
    }
    let districts = rank_districts(districts, pipeline);
    order_disagrees(&districts, pipeline, findings);
    rank_not_by_score(&districts, pipeline, findings);
    order_communes(&mut communes, gaz);
    Results {
        districts,
        communes,
    }
}

/// The unit's computed levels, with a warning for each declared level that differs; `None` (an
/// internal error, reported) when a dimension cannot be classified.
fn classify_entry(e: Entry, year: &Year, findings: &mut Vec<Finding>) -> Option<Classified> {
    let (Some(a), Some(r)) = (
        dim_result(&e, Dimension::Achieved, year),
        dim_result(&e, Dimension::Readiness, year),
    ) else {
        // validate rejects such entries; reaching here is a bug, reported, never silent.
        findings.push(Finding::new(
            Code::InternalError,
            Location::unit(&e.unit.code, &e.unit.district_code),
            Text::AcceptedUnitUnclassified.into(),
        ));
        return None;
    };
    for (dim, res) in [(Dimension::Achieved, &a), (Dimension::Readiness, &r)] {
        if let Some(declared) = e.dims.get(&dim).and_then(|v| v.level_declared)
            && declared != res.level
        {
            let row = &e.rows[0];
            let cell = e
                .dims
                .get(&dim)
                .and_then(|v| v.cell())
                .unwrap_or(e.name_cell);
            findings.push(Finding::new(
                Code::LevelDisagrees,
                Location::cell(row.file(), row.sheet(), cell)
                    .with_unit(&e.unit.code, &e.unit.district_code),
                Text::LevelDisagrees {
                    unit: format!("{} {}", e.unit.unit_type, e.unit.name),
                    dim,
                    declared,
                    rule_set: res.rule_set.clone(),
                    computed: res.level,
                    score: res.score,
                }
                .into(),
            ));
        }
    }
    Some(Classified {
        entry: e,
        achieved: a,
        readiness: r,
        position: 0,
    })
}

/// Districts in the configured ranking's order, each with its rank (ties share).
fn rank_districts(mut districts: Vec<Classified>, pipeline: &Pipeline) -> Vec<Classified> {
    let inputs: Vec<RankInput> = districts
        .iter()
        .map(|c| RankInput {
            achieved_score: c.achieved.score,
            achieved_level: c.achieved.level,
            readiness_score: c.readiness.score,
            readiness_level: c.readiness.level,
        })
        .collect();
    let (order, ranks) = rank(&pipeline.ranking, &inputs);
    for (c, r) in districts.iter_mut().zip(&ranks) {
        c.position = *r;
    }
    let mut slots: Vec<Option<Classified>> = districts.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

/// The ranking is not by achieved score alone: says where it puts a lower score above a higher.
fn rank_not_by_score(districts: &[Classified], pipeline: &Pipeline, findings: &mut Vec<Finding>) {
    for (i, hi) in districts.iter().enumerate() {
        for lo in &districts[i + 1..] {
            if lo.achieved.score > hi.achieved.score && lo.position > hi.position {
                findings.push(Finding::new(
                    Code::RankNotByScore,
                    Location::unit(&hi.entry.unit.code, &hi.entry.unit.district_code),
                    Text::RankedAboveHigherScore {
                        above: format!("{} {}", hi.entry.unit.unit_type, hi.entry.unit.name),
                        above_score: hi.achieved.score,
                        below: format!("{} {}", lo.entry.unit.unit_type, lo.entry.unit.name),
                        below_score: lo.achieved.score,
                        ranking: rank_words(pipeline),
                    }
                    .into(),
                ));
            }
        }
    }
}

/// Communes by district as the annex groups them ("Huyện …", then "Thành phố …", then
/// "Thị xã …", in Vietnamese order of the full name), then the annex order within the district;
/// each with its position within its district.
fn order_communes(communes: &mut [Classified], gaz: &Gazetteer) {
    let order: Vec<usize> = {
        // Each district's key once ("Huyện Cam Lâm", else its code), not once per commune.
        let mut district_keys: HashMap<&str, Vec<u32>> = HashMap::new();
        for c in communes.iter() {
            let code = c.entry.unit.district_code.as_str();
            district_keys.entry(code).or_insert_with(|| {
                let label = gaz
                    .district(code)
                    .map(|d| format!("{} {}", d.unit_type, d.name))
                    .unwrap_or_else(|| code.to_string());
                sort_key(&label)
            });
        }
        // Sorted on keys computed once per commune, in parallel: `sort_key` orders exactly as
        // `cmp_vi` (see core::collation), and the group puts Thị trấn and Phường before Xã as
        // `cmp_annex` does. The index last keeps equal keys in their order (a stable sort).
        let mut keyed: Vec<_> = communes
            .par_iter()
            .enumerate()
            .map(|(i, c)| {
                let u = &c.entry.unit;
                let district = district_keys.get(u.district_code.as_str());
                (
                    district.map_or(&[][..], Vec::as_slice),
                    u.district_code.as_str(),
                    annex_group(u.unit_type),
                    sort_key(&u.name),
                    u.code.as_str(),
                    i,
                )
            })
            .collect();
        keyed.par_sort_unstable();
        keyed.into_iter().map(|k| k.5).collect()
    };
    permute(communes, &order);
    let mut prev: Option<CompactString> = None;
    let mut n = 0;
    for c in communes.iter_mut() {
        if prev.as_deref() != Some(c.entry.unit.district_code.as_str()) {
            n = 0;
            prev = Some(c.entry.unit.district_code.clone());
        }
        n += 1;
        c.position = n;
    }
}

/// Puts `items` in `order` (`order[k]`: the index of the item that goes to place `k`, each index
/// once), in place: each item moves along its cycle of the permutation.
fn permute<T>(items: &mut [T], order: &[usize]) {
    // Where the item now at each place goes.
    let mut dest: Vec<usize> = (0..items.len()).collect();
    for (k, &i) in order.iter().enumerate() {
        if let Some(d) = dest.get_mut(i) {
            *d = k;
        }
    }
    for i in 0..items.len() {
        while dest[i] != i && dest[i] < items.len() {
            let j = dest[i];
            items.swap(i, j);
            dest.swap(i, j);
        }
    }
}

fn rank_words(p: &Pipeline) -> String {
    p.ranking
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Orders results as the annexes do (used by compare).
pub fn cmp_position(a: &Classified, b: &Classified) -> Ordering {
    a.position.cmp(&b.position)
}

/// A district table (several districts with row numbers in one sheet) whose order differs from the
/// configured ranking: a warning naming the rows.
fn order_disagrees(districts: &[Classified], pipeline: &Pipeline, findings: &mut Vec<Finding>) {
    let mut tables: std::collections::BTreeMap<(&str, &str), Vec<&Classified>> =
        std::collections::BTreeMap::new();
    for d in districts {
        let r = &d.entry.rows[0];
        if r.stt.is_some() {
            tables.entry((r.file(), r.sheet())).or_default().push(d);
        }
    }
    for ((file, sheet), mut rows) in tables {
        if rows.len() < 2 {
            continue;
        }
        // `districts` is in rank order; the table's order is by its row numbers.
        let ranked: Vec<&str> = rows.iter().map(|d| d.entry.unit.code.as_str()).collect();
        rows.sort_by_key(|d| (d.entry.rows[0].stt, d.entry.rows[0].row));
        let written: Vec<&str> = rows.iter().map(|d| d.entry.unit.code.as_str()).collect();
        if ranked == written {
            continue;
        }
        let moved: Vec<(String, u32, u32, u32)> = rows
            .iter()
            .enumerate()
            .filter(|(i, d)| ranked.get(*i) != Some(&d.entry.unit.code.as_str()))
            .map(|(_, d)| {
                let u = &d.entry.unit;
                let row = &d.entry.rows[0];
                (
                    format!("{} {}", u.unit_type, u.name),
                    row.row,
                    row.stt.unwrap_or(0),
                    d.position,
                )
            })
            .collect();
        findings.push(Finding::new(
            Code::OrderDisagrees,
            Location {
                file: Some(file.to_string()),
                sheet: Some(sheet.to_string()),
                ..Location::default()
            },
            Text::TableOrderDiffers {
                ranking: rank_words(pipeline),
                moved,
            }
            .into(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permute_puts_items_in_order() {
        let mut items = vec!["a", "b", "c", "d", "e"];
        permute(&mut items, &[3, 0, 4, 1, 2]);
        assert_eq!(items, ["d", "a", "e", "b", "c"]);
        let mut same = vec![1, 2, 3];
        permute(&mut same, &[0, 1, 2]);
        assert_eq!(same, [1, 2, 3]);
        let mut reversed: Vec<u32> = (0..7).collect();
        permute(&mut reversed, &[6, 5, 4, 3, 2, 1, 0]);
        assert_eq!(reversed, [6, 5, 4, 3, 2, 1, 0]);
    }
}
