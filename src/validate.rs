//! Validate: every check a careful clerk would make. Bad rows are rejected with their raw values
//! and a located reason; nothing is dropped.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use compact_str::CompactString;

use crate::core::{Dimension, UnitLevel};
use crate::finding::{CellRef, Code, Finding, Location, Message};
use crate::gazetteer::{Commune, Gazetteer};
use crate::ingest::{Field, Workbook};
use crate::normalize::{DimValues, Entry, Normalized, Rejected, RowRef, join_units_counted};
use crate::pipeline::Year;
use crate::words::Text;

/// What validate hands on.
#[derive(Debug, Default)]
pub struct Checked {
    pub accepted: Vec<Entry>,
    pub rejected: Vec<Rejected>,
    /// Rows that repeat an accepted unit with equal values, per file: accepted, not emitted
    /// twice. Counted, not kept: a unit repeated a million times keeps one row.
    pub absorbed: BTreeMap<Arc<str>, u64>,
}

/// A cell of an entry's (first) row, else its sheet; with the entry's unit and district.
fn loc(e: &Entry, cell: Option<CellRef>) -> Location {
    let row = &e.rows[0];
    let place = match cell {
        Some(c) => Location::cell(row.file(), row.sheet(), c),
        None => Location {
            file: Some(row.file().to_string()),
            sheet: Some(row.sheet().to_string()),
            ..Location::default()
        },
    };
    place.with_unit(&e.unit.code, &e.unit.district_code)
}

fn reject(
    out: &mut Checked,
    findings: &mut Vec<Finding>,
    e: &Entry,
    code: Code,
    cell: Option<CellRef>,
    message: Message,
) {
    findings.push(Finding::new(
        code,
        loc(e, cell.or(Some(e.name_cell))),
        message.clone(),
    ));
    for r in &e.rows {
        out.rejected.push(Rejected {
            row: r.clone(),
            code,
            cell,
            message: message.clone(),
            unit: Some(e.unit.codes()),
        });
    }
}

fn label(e: &Entry) -> String {
    format!("{} {}", e.unit.unit_type, e.unit.name)
}

/// Whether an entry has both dimensions (its file or files had columns for both).
fn is_full(e: &Entry) -> bool {
    Dimension::ALL.iter().all(|d| e.dims.contains_key(d))
}

/// Checks one entry on both dimensions; `Err` carries the rejection.
fn check_entry(e: &Entry, year: &Year, findings: &mut Vec<Finding>) -> Result<(), RowError> {
    check_dims(e, &Dimension::ALL, year, findings)
}

/// A rejection: its code, the cell at fault (else the unit's name) and why.
type RowError = (Code, Option<CellRef>, Message);

/// Checks the given dimensions of an entry; `Err` carries the rejection.
fn check_dims(
    e: &Entry,
    dims: &[Dimension],
    year: &Year,
    findings: &mut Vec<Finding>,
) -> Result<(), RowError> {
    for &dim in dims {
        check_dim(e, dim, year, findings)?;
    }
    Ok(())
}

/// Checks one dimension of an entry: a rule set, a score, and every value within its range; a
/// converted score that does not follow from the raw points is a warning.
fn check_dim(
    e: &Entry,
    dim: Dimension,
    year: &Year,
    findings: &mut Vec<Finding>,
) -> Result<(), RowError> {
    let Some(rule) = year.rule_set(e.unit.level, dim) else {
        let message = Text::NoRuleSetForDimension {
            year: year.year,
            level: e.unit.level,
            dim,
        };
        return Err((Code::NoRuleSet, None, message.into()));
    };
    let Some(v) = e.dims.get(&dim).filter(|v| v.score.is_some()) else {
        return Err((
            Code::MissingDimension,
            e.dims
                .get(&dim)
                .and_then(|v| v.cell_of(Field::Score).or(v.cell_of(Field::Converted))),
            Text::DimensionMissing {
                unit: label(e),
                dim,
            }
            .into(),
        ));
    };
    let max = v.maximum().unwrap_or(rule.maximum);
    let applicable = v.applicable(max);
    check_not_applicable(e, dim, v, max)?;
    check_raw_points(e, dim, v, applicable)?;
    // The score (total or converted) is on the maximum's scale; raw points are on the
    // applicable maximum's.
    check_score(e, dim, v, max)?;
    check_percent(e, dim, v)?;
    check_converted(e, dim, v, max, applicable, findings);
    Ok(())
}

/// Points not applicable lie within 0 and the maximum.
fn check_not_applicable(
    e: &Entry,
    dim: Dimension,
    v: &DimValues,
    max: f64,
) -> Result<(), RowError> {
    match v.not_applicable() {
        Some(na) if !(0.0..=max).contains(&na) => Err((
            Code::NotApplicableOutOfRange,
            v.cell_of(Field::NotApplicable).or(v.cell()),
            Text::NotApplicableOutOfRange {
                unit: label(e),
                dim,
                points: na,
                max,
            }
            .into(),
        )),
        _ => Ok(()),
    }
}

/// Raw points lie within 0 and the applicable maximum.
fn check_raw_points(
    e: &Entry,
    dim: Dimension,
    v: &DimValues,
    applicable: Option<f64>,
) -> Result<(), RowError> {
    match (v.raw_points(), applicable) {
        (Some(raw), Some(app)) if raw < 0.0 || raw > app + 1e-9 => Err((
            Code::ScoreOutOfRange,
            v.cell_of(Field::RawPoints).or(v.cell()),
            Text::RawPointsOutOfRange {
                unit: label(e),
                dim,
                raw,
                applicable: app,
            }
            .into(),
        )),
        _ => Ok(()),
    }
}

/// The score lies within 0 and the maximum.
fn check_score(e: &Entry, dim: Dimension, v: &DimValues, max: f64) -> Result<(), RowError> {
    let score = v.score.unwrap_or_default();
    if score < 0.0 || score > max + 1e-9 {
        return Err((
            Code::ScoreOutOfRange,
            v.cell(),
            Text::ScoreOutOfRange {
                unit: label(e),
                dim,
                score,
                max,
            }
            .into(),
        ));
    }
    Ok(())
}

/// A percentage lies within 0 and 100.
fn check_percent(e: &Entry, dim: Dimension, v: &DimValues) -> Result<(), RowError> {
    match v.percent() {
        Some(p) if !(0.0..=100.0).contains(&p) => Err((
            Code::PercentOutOfRange,
            v.cell_of(Field::Percent).or(v.cell()),
            Text::PercentOutOfRange {
                unit: label(e),
                dim,
                percent: p,
            }
            .into(),
        )),
        _ => Ok(()),
    }
}

/// A converted score is raw points × maximum / applicable maximum (to the cent); otherwise a
/// warning, and the score is kept as written.
fn check_converted(
    e: &Entry,
    dim: Dimension,
    v: &DimValues,
    max: f64,
    applicable: Option<f64>,
    findings: &mut Vec<Finding>,
) {
    let (Some(raw), Some(app), Some(conv)) = (v.raw_points(), applicable, v.converted()) else {
        return;
    };
    let want = raw * max / app;
    if app > 0.0 && (want - conv).abs() > 0.01 + 1e-9 {
        findings.push(Finding::new(
            Code::ConvertedScoreDiffers,
            loc(e, v.cell_of(Field::Converted).or(v.cell())),
            Text::ConvertedScoreDiffers {
                unit: label(e),
                dim,
                written: conv,
                raw,
                max,
                applicable: app,
                computed: want,
            }
            .into(),
        ));
    }
}

/// Findings per repeated unit: a unit repeated a million times gives this many findings and one
/// that counts the rest (every row is still in the rejects or the accounting).
const PER_UNIT_FINDINGS: usize = 20;

fn more_rows(first: &Entry, code: Code, more: usize) -> Finding {
    Finding::new(
        code,
        loc(first, Some(first.name_cell)),
        Text::MoreRepeatedRows {
            unit: label(first),
            more,
        }
        .into(),
    )
}

/// Whether `other` repeats `kept`: every dimension it gives, `kept` gives with the same score and
/// declared level (an entry with one dimension repeats a fuller one that agrees on it).
fn repeats(kept: &Entry, other: &Entry) -> bool {
    other.dims.iter().all(|(d, v)| {
        kept.dims
            .get(d)
            .is_some_and(|w| w.score == v.score && w.level_declared == v.level_declared)
    })
}

/// The key of a unit: the same unit twice in the year is a duplicate (or a join, see
/// `normalize::join_units`).
type UnitKey = (UnitLevel, CompactString);

fn key_of(e: &Entry) -> UnitKey {
    (e.unit.level, e.unit.code.clone())
}

/// Runs every check on the normalized rows.
pub fn check(
    n: Normalized,
    year: &Year,
    gaz: &Gazetteer,
    province: &str,
    findings: &mut Vec<Finding>,
) -> Checked {
    let mut out = Checked {
        rejected: n.rejected,
        ..Checked::default()
    };
    // One file per dimension: the files' entries of one unit joined first.
    let (entries, repeated) = join_units_counted(n.entries);
    // Entries stay where they are (taken out as they are settled), a unit's group is a list of
    // their indices: a unit repeated a million times is not copied into a vector of its own.
    let mut entries: Vec<Option<Entry>> = entries.into_iter().map(Some).collect();
    // Entries that pass their checks, in order: a unit met once stands alone, a unit met again
    // is gathered with its other entries (settled where it was first met).
    let mut slots: Vec<Slot> = Vec::with_capacity(entries.len());
    let mut groups: HashMap<UnitKey, Vec<usize>> = HashMap::new();
    for (i, repeated) in repeated.into_iter().enumerate() {
        let Some(e) = &entries[i] else { continue };
        // An entry with one dimension is checked on it alone when its unit appears again: it may
        // repeat another entry, which settles it (a duplicate, or missing-dimension after all).
        let dims: Vec<Dimension> = if repeated && !is_full(e) {
            e.dims.keys().copied().collect()
        } else {
            Dimension::ALL.to_vec()
        };
        // Warnings of a row count only if the row is kept.
        let mut warnings = Vec::new();
        match check_dims(e, &dims, year, &mut warnings) {
            Ok(()) => findings.append(&mut warnings),
            Err((code, cell, msg)) => {
                reject(&mut out, findings, e, code, cell, msg);
                entries[i] = None;
                continue;
            }
        }
        if !repeated {
            slots.push(Slot::Alone(i));
            continue;
        }
        let key = key_of(e);
        if !groups.contains_key(&key) {
            slots.push(Slot::Group(key.clone()));
        }
        groups.entry(key).or_default().push(i);
    }
    // The same unit twice in the year.
    out.accepted.reserve(slots.len());
    for slot in slots {
        match slot {
            Slot::Alone(i) => settle(&mut entries, vec![i], year, &mut out, findings),
            Slot::Group(key) => {
                if let Some(group) = groups.remove(&key) {
                    settle(&mut entries, group, year, &mut out, findings);
                }
            }
        }
    }
    report_missing(&out.accepted, year, gaz, province, findings);
    findings.extend(report_not_in_crosswalk(year, gaz, province));
    out
}

/// An entry that passed its checks: its unit's only one, or its unit's group, settled where the
/// unit was first met (entries by their index).
enum Slot {
    Alone(usize),
    Group(UnitKey),
}

/// Settles the entries of one unit that passed their checks. One entry with both dimensions is
/// accepted. Several: when each repeats the first (entries with both dimensions first), the first
/// is kept and the others are `duplicate-unit-same`; otherwise all are `duplicate-unit`. Entries
/// with one dimension that no fuller entry absorbs are rejected for the missing dimension.
fn settle(
    entries: &mut [Option<Entry>],
    mut group: Vec<usize>,
    year: &Year,
    out: &mut Checked,
    findings: &mut Vec<Finding>,
) {
    // Only entries that passed their checks are grouped (and each is settled once).
    group.retain(|&i| entries[i].is_some());
    // Stable: file order within the entries with both dimensions and within the others.
    group.sort_by_key(|&i| !entries[i].as_ref().is_some_and(is_full));
    let Some((&head, rest)) = group.split_first() else {
        return;
    };
    let Some(first) = entries[head].take() else {
        return;
    };
    let others = || rest.iter().filter_map(|&i| entries[i].as_ref());
    let all_repeat = others().all(|e| repeats(&first, e));
    if !is_full(&first) && all_repeat {
        reject_incomplete(first, year, out, findings);
        for &i in rest {
            if let Some(e) = entries[i].take() {
                reject_incomplete(e, year, out, findings);
            }
        }
        return;
    }
    if rest.is_empty() {
        out.accepted.push(first);
        return;
    }
    // Where the unit appears: the first few places (a unit repeated thousands of times must not
    // make every message list every place).
    let count = rest.len() + 1;
    let mut places: Vec<String> = std::iter::once(&first)
        .chain(others())
        .take(4)
        .map(|e| {
            format!(
                "{} '{}'!{}",
                e.rows[0].file(),
                e.rows[0].sheet(),
                e.name_cell
            )
        })
        .collect();
    if count > 4 {
        places.push(format!("… (+{})", count - 4));
    }
    let places = places.join("; ");
    let group = rest.iter().filter_map(|&i| entries[i].take());
    if all_repeat {
        keep_first(first, count, group, &places, out, findings);
    } else {
        reject_all(first, count, group, &places, out, findings);
    }
}

/// An entry without one of the dimensions, rejected for it.
fn reject_incomplete(e: Entry, year: &Year, out: &mut Checked, findings: &mut Vec<Finding>) {
    match check_entry(&e, year, &mut Vec::new()) {
        Err((code, cell, msg)) => reject(out, findings, &e, code, cell, msg),
        // Not reached for an entry without a dimension; accepted if it ever were complete.
        Ok(()) => out.accepted.push(e),
    }
}

/// The unit repeated with equal values: the first is kept, the others are absorbed.
fn keep_first(
    first: Entry,
    count: usize,
    group: impl Iterator<Item = Entry>,
    places: &str,
    out: &mut Checked,
    findings: &mut Vec<Finding>,
) {
    let more = (count - 1).saturating_sub(PER_UNIT_FINDINGS);
    for (i, e) in group.enumerate() {
        if i >= PER_UNIT_FINDINGS {
            absorb(out, &e.rows);
            continue;
        }
        findings.push(Finding::new(
            Code::DuplicateUnitSame,
            loc(&e, Some(e.name_cell)),
            Text::RepeatedSameValues {
                unit: label(&first),
                count,
                places: places.to_string(),
            }
            .into(),
        ));
        absorb(out, &e.rows);
    }
    if more > 0 {
        findings.push(more_rows(&first, Code::DuplicateUnitSame, more));
    }
    out.accepted.push(first);
}

/// Rows accepted as repeats of a kept one: counted per file.
fn absorb(out: &mut Checked, rows: &[RowRef]) {
    for r in rows {
        match out.absorbed.get_mut(r.file()) {
            Some(n) => *n += 1,
            None => {
                out.absorbed.insert(r.at.file.clone(), 1);
            }
        }
    }
}

/// The unit repeated with different values: every row is rejected.
fn reject_all(
    first: Entry,
    count: usize,
    group: impl Iterator<Item = Entry>,
    places: &str,
    out: &mut Checked,
    findings: &mut Vec<Finding>,
) {
    let msg: Message = Text::RepeatedDifferentValues {
        unit: label(&first),
        count,
        places: places.to_string(),
    }
    .into();
    // Said after the rows' own findings, built while `first` is still at hand.
    let more = (count > PER_UNIT_FINDINGS)
        .then(|| more_rows(&first, Code::DuplicateUnit, count - PER_UNIT_FINDINGS));
    for (i, e) in std::iter::once(first).chain(group).enumerate() {
        let e = &e;
        if i < PER_UNIT_FINDINGS {
            reject(
                out,
                findings,
                e,
                Code::DuplicateUnit,
                Some(e.name_cell),
                msg.clone(),
            );
        } else {
            // Every row still goes to the rejects; the findings stop repeating themselves.
            for r in &e.rows {
                out.rejected.push(Rejected {
                    row: r.clone(),
                    code: Code::DuplicateUnit,
                    cell: Some(e.name_cell),
                    message: msg.clone(),
                    unit: Some(e.unit.codes()),
                });
            }
        }
    }
    findings.extend(more);
}

/// How many missing communes of a district a message names one by one (the codes of all of them
/// are in the finding's `units`).
const NAMED_MISSING: usize = 3;

/// One district's missing units in words: the district itself (`own`, its code) and/or its
/// communes (named when there are few).
fn missing_message(district: &str, own: Option<&str>, communes: &[String]) -> Message {
    let district = district.to_string();
    let n = communes.len();
    let named = if n <= NAMED_MISSING {
        communes.to_vec()
    } else {
        Vec::new()
    };
    let text = match (own, n) {
        (Some(code), 0) => Text::DistrictMissing {
            district,
            code: code.to_string(),
        },
        (Some(code), _) => Text::DistrictAndCommunesMissing {
            district,
            code: code.to_string(),
            communes: n,
            named,
        },
        (None, _) => Text::CommunesMissing {
            district,
            communes: n,
            named,
        },
    };
    text.into()
}

/// Units of the province, within the year's scope, that no accepted submission covers: one finding
/// per district, located at the district, for the district itself and its communes together (per
/// province, for a map without districts).
fn report_missing(
    accepted: &[Entry],
    year: &Year,
    gaz: &Gazetteer,
    province: &str,
    findings: &mut Vec<Finding>,
) {
    for u in expected_units(accepted, year, gaz, province) {
        let own = u.district_missing;
        if !own && u.communes_missing.is_empty() {
            continue;
        }
        let names = named(&u.communes_missing);
        let message = missing_message(&u.label, own.then_some(u.code.as_str()), &names);
        let mut units: Vec<String> = own.then(|| u.code.clone()).into_iter().collect();
        units.extend(u.communes_missing.iter().map(|c| c.code.clone()));
        findings.push(Finding::new(Code::MissingUnit, u.location(), message).with_units(units));
    }
}

/// Communes as a message names them: "Xã Cam Hòa (22438)".
fn named(communes: &[&Commune]) -> Vec<String> {
    communes
        .iter()
        .map(|c| format!("{} {} ({})", c.unit_type, c.name, c.code))
        .collect()
}

/// Communes of the year's map, within its scope and evaluated, that the year's crosswalk does not
/// cover (`not-in-crosswalk`): one finding per district (per province for a map without
/// districts), with their codes. Nothing without a crosswalk.
fn report_not_in_crosswalk(year: &Year, gaz: &Gazetteer, province: &str) -> Vec<Finding> {
    let Some(history) = &year.history else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for u in expected_units(&[], year, gaz, province) {
        let uncovered: Vec<&Commune> = u
            .communes_missing
            .iter()
            .copied()
            .filter(|c| !history.covers(&c.code))
            .collect();
        if uncovered.is_empty() {
            continue;
        }
        let names = named(&uncovered);
        let text = Text::CommunesNotInCrosswalk {
            district: u.label.clone(),
            communes: uncovered.len(),
            named: if names.len() <= NAMED_MISSING {
                names
            } else {
                Vec::new()
            },
        };
        out.push(
            Finding::new(Code::NotInCrosswalk, u.location(), text.into())
                .with_units(uncovered.iter().map(|c| c.code.clone()).collect()),
        );
    }
    out
}

/// The units a year expects in one district (the district and its communes, within the year's
/// scope, less those not evaluated), and which of them no accepted entry covers. On a map without
/// districts, the province stands in for the district (and is not itself expected).
struct DistrictUnits<'g> {
    /// The district's code and words ("Huyện Cam Lâm"), or the province's.
    code: String,
    label: String,
    expected: usize,
    district_missing: bool,
    communes_missing: Vec<&'g Commune>,
    /// False for the province of a map without districts.
    is_district: bool,
}

impl DistrictUnits<'_> {
    /// Where a finding about these units is: at the district (its code as unit and district), or
    /// at the province (no district) on a map without districts.
    fn location(&self) -> Location {
        let district = if self.is_district { &self.code } else { "" };
        Location::unit(&self.code, district)
    }
}

/// The expected units of the province, district by district: the one reckoning behind both
/// `missing-unit` and the year's completeness (and `not-in-crosswalk`, with no entry accepted).
fn expected_units<'g>(
    accepted: &[Entry],
    year: &Year,
    gaz: &'g Gazetteer,
    province: &str,
) -> Vec<DistrictUnits<'g>> {
    let covered: std::collections::HashSet<&str, rustc_hash::FxBuildHasher> =
        accepted.iter().map(|e| e.unit.code.as_str()).collect();
    let communes_in_scope = |all: Vec<&'g Commune>| -> Vec<&'g Commune> {
        if !year.scope.contains(UnitLevel::Commune) {
            return Vec::new();
        }
        all.into_iter()
            .filter(|c| !year.not_evaluated.contains(&c.code))
            .collect()
    };
    let missing = |communes: &[&'g Commune]| -> Vec<&'g Commune> {
        communes
            .iter()
            .copied()
            .filter(|c| !covered.contains(c.code.as_str()))
            .collect()
    };
    if !gaz.has_districts() {
        let communes = communes_in_scope(gaz.communes_of_province(province));
        return vec![DistrictUnits {
            code: province.to_string(),
            label: crate::normalize::province_label(gaz, province),
            expected: communes.len(),
            district_missing: false,
            communes_missing: missing(&communes),
            is_district: false,
        }];
    }
    let mut out = Vec::new();
    for d in gaz.districts_of(province) {
        if year.not_evaluated.contains(&d.code) {
            continue;
        }
        let own = year.scope.contains(UnitLevel::District);
        let communes = communes_in_scope(gaz.communes_of(&d.code));
        out.push(DistrictUnits {
            code: d.code.clone(),
            label: format!("{} {}", d.unit_type, d.name),
            expected: usize::from(own) + communes.len(),
            district_missing: own && !covered.contains(d.code.as_str()),
            communes_missing: missing(&communes),
            is_district: true,
        });
    }
    out
}

/// Whether a year is complete: every unit expected (in scope, evaluated) accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Completeness {
    pub complete: bool,
    pub expected_units: usize,
    pub accepted_units: usize,
    pub missing_units: usize,
    pub rejected_rows: usize,
    /// Files refused whole (unreadable, encrypted, too large).
    pub rejected_files: usize,
}

/// The completeness of a year from its accepted units; a rejected file also makes it incomplete
/// (whatever it held is unknown).
pub fn completeness(
    accepted: &[Entry],
    year: &Year,
    gaz: &Gazetteer,
    province: &str,
    rejected_rows: usize,
    rejected_files: usize,
) -> Completeness {
    let units = expected_units(accepted, year, gaz, province);
    let expected_units: usize = units.iter().map(|u| u.expected).sum();
    let missing_units: usize = units
        .iter()
        .map(|u| usize::from(u.district_missing) + u.communes_missing.len())
        .sum();
    Completeness {
        complete: missing_units == 0 && rejected_files == 0,
        expected_units,
        accepted_units: expected_units - missing_units,
        missing_units,
        rejected_rows,
        rejected_files,
    }
}

/// The year a workbook's title rows name ("… NĂM 2020"), when it is not the year the file is read
/// for: a warning at the title's cell (the data count for `year`).
pub fn year_disagrees(wb: &Workbook, year: i32) -> Option<Finding> {
    let t = wb.title_year.as_ref().filter(|t| t.year != year)?;
    Some(Finding::new(
        Code::YearDisagrees,
        Location::cell(&wb.file, &t.sheet, t.cell),
        Text::YearDisagrees {
            written: t.year,
            year,
            title: t.text.clone(),
        }
        .into(),
    ))
}
