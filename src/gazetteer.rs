//! The GSO list of administrative units on 1/11/2020, and name matching against it.
//!
//! The list is embedded in the binary (`reference/gso-units-2020-11-01.csv`). Names are stored
//! cleaned but otherwise as GSO writes them (both "Hoà" and "Hòa" occur, and "Phường 01").
//! Matching goes through [`crate::core::text::exact_key`] and
//! [`crate::core::text::accent_key`], so those spelling differences do not matter.

use std::collections::HashMap;
use std::sync::OnceLock;

use rayon::prelude::*;

/// The gazetteer's indexes hash short codes: FxHash (rustc's) instead of SipHash, which cost a
/// quarter of loading the embedded list. Codes are GSO's, not an attacker's.
type Index<V> = HashMap<String, V, rustc_hash::FxBuildHasher>;

use crate::core::text::{
    accent_key, accent_key_of_exact, clean, edit_distance, exact_key, is_clean, within_one_edit,
};
use crate::core::unit::{UnitLevel, UnitType};

/// The file name of the embedded list, reported as the gazetteer's source.
pub const EMBEDDED_NAME: &str = "gso-units-2020-11-01.csv";

const EMBEDDED_CSV: &str = include_str!("../reference/gso-units-2020-11-01.csv");

/// The matching keys of the embedded list, computed by the build script (`build.rs`) with the
/// same functions: one line per data row (province, district, commune keys).
const EMBEDDED_KEYS: &str = include_str!(concat!(env!("OUT_DIR"), "/gso-units-keys.tsv"));

// Written by the build script: `PROVINCE_ROWS`, where each province's rows and key lines are in
// the embedded list and its keys (in list order); `DISTRICT_SLOTS` and `COMMUNE_SLOTS`, every
// code of the list with the province that holds it (its order in the list), sorted by code.
include!(concat!(env!("OUT_DIR"), "/gso-units-slots.rs"));

const HEADER: [&str; 8] = [
    "province_code",
    "province_name",
    "district_code",
    "district_name",
    "district_type",
    "commune_code",
    "commune_name",
    "commune_type",
];

/// How many nearest candidates [`Match::NotFound`] lists.
const NEAREST: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    pub code: String,
    pub name: String,
    pub unit_type: UnitType,
    pub province_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commune {
    pub code: String,
    pub name: String,
    pub unit_type: UnitType,
    pub district_code: String,
    pub province_code: String,
}

impl District {
    fn code_type(&self) -> (&str, UnitType) {
        (&self.code, self.unit_type)
    }
}

impl Commune {
    fn code_type(&self) -> (&str, UnitType) {
        (&self.code, self.unit_type)
    }
}

/// The outcome of matching a name against the units of one province or district.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// The code of the only unit whose `exact_key` equals the name's (tone placement, case,
    /// spaces and leading zeros ignored).
    Exact(String),
    /// The code of the only unit whose `accent_key` equals the name's.
    AccentFolded(String),
    /// The code of the only unit whose `accent_key` is within one edit of the name's.
    OneEdit(String),
    /// The codes of several equally good candidates.
    Ambiguous(Vec<String>),
    /// No candidate; up to three nearest codes by edit distance on `accent_key`.
    NotFound { nearest: Vec<String> },
}

impl Match {
    /// The matched code, if the match is unique.
    pub fn code(&self) -> Option<&str> {
        match self {
            Match::Exact(code) | Match::AccentFolded(code) | Match::OneEdit(code) => Some(code),
            Match::Ambiguous(_) | Match::NotFound { .. } => None,
        }
    }
}

/// One result of [`Gazetteer::search`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub level: UnitLevel,
    pub code: String,
    /// None for provinces (the list does not carry their type).
    pub unit_type: Option<UnitType>,
    pub name: String,
    /// The district a commune belongs to; None for provinces and districts.
    pub district_code: Option<String>,
    pub district_name: Option<String>,
    /// The province the unit belongs to (the unit itself for a province).
    pub province_code: String,
    pub province_name: String,
}

/// Keys computed once per unit (empty until computed: see `Reading::fill_keys`).
#[derive(Debug, Clone, Default)]
struct Keys {
    exact: String,
    accent: String,
    /// accent_key of "type name", for search.
    typed_accent: String,
}

/// Which unit of a data row: its province, district or commune.
#[derive(Clone, Copy)]
enum RowUnit {
    Province,
    District,
    Commune,
}

/// The keys of one unit of a data row, from the build script's line for that row (eight
/// tab-separated keys: province exact and accent, then district and commune exact, accent and
/// typed accent); read only for a unit seen the first time.
fn row_keys(line: Option<&str>, unit: RowUnit) -> Option<Keys> {
    let f: Vec<&str> = line?.split('\t').collect();
    let (exact, accent, typed) = match (unit, f.as_slice()) {
        (RowUnit::Province, [e, a, ..]) => (e, a, a),
        (RowUnit::District, [_, _, e, a, t, ..]) => (e, a, t),
        (RowUnit::Commune, [_, _, _, _, _, e, a, t]) if !e.is_empty() => (e, a, t),
        _ => return None,
    };
    Some(Keys {
        exact: exact.to_string(),
        accent: accent.to_string(),
        typed_accent: typed.to_string(),
    })
}

impl Keys {
    fn new(name: &str, unit_type: Option<UnitType>) -> Keys {
        let exact = exact_key(name);
        let accent = accent_key_of_exact(&exact);
        let typed_accent = match unit_type {
            Some(t) => accent_key(&format!("{} {}", t.as_str(), name)),
            None => accent.clone(),
        };
        Keys {
            exact,
            accent,
            typed_accent,
        }
    }
}

/// The units below the provinces, with their keys and indexes: those of one province (the
/// embedded list's, read the first time that province is asked for) or of a whole list (one
/// read from a file).
#[derive(Debug, Clone, Default)]
struct Part {
    districts: Vec<District>,
    communes: Vec<Commune>,
    district_keys: Vec<Keys>,
    commune_keys: Vec<Keys>,
    district_index: Index<usize>,
    commune_index: Index<usize>,
    districts_by_province: Index<Vec<usize>>,
    communes_by_district: Index<Vec<usize>>,
    /// Every commune of a province, in list order (a map without districts resolves here).
    communes_by_province: Index<Vec<usize>>,
    /// The units by their exact keys (`None`: matches walk the lists of units instead).
    district_exact: Option<ByExact>,
    commune_exact: Option<ByExact>,
}

impl Part {
    /// The units by their exact keys, once the keys are known. The index answers within lists
    /// of units in list order, as the parts are built (`push_at`); were one not, matches would
    /// walk the lists instead.
    fn index_exact(&mut self) {
        let ascending =
            |m: &Index<Vec<usize>>| m.values().all(|ids| ids.windows(2).all(|w| w[0] < w[1]));
        if ascending(&self.districts_by_province)
            && ascending(&self.communes_by_district)
            && ascending(&self.communes_by_province)
        {
            self.district_exact = ByExact::new(&self.district_keys);
            self.commune_exact = ByExact::new(&self.commune_keys);
        }
    }

    fn district_units(&self) -> UnitsOf<'_, District> {
        UnitsOf {
            units: &self.districts,
            keys: &self.district_keys,
            by_exact: self.district_exact.as_ref(),
        }
    }

    fn commune_units(&self) -> UnitsOf<'_, Commune> {
        UnitsOf {
            units: &self.communes,
            keys: &self.commune_keys,
            by_exact: self.commune_exact.as_ref(),
        }
    }
}

/// One level's units of a part (its districts or its communes), with their keys and exact-key
/// index: where a match looks.
struct UnitsOf<'a, U> {
    units: &'a [U],
    keys: &'a [Keys],
    by_exact: Option<&'a ByExact>,
}

/// Units by the hash of their exact key, sorted (hash, then list order): a name's exact match
/// among a district's hundreds of communes, without comparing it to each.
#[derive(Debug, Clone, Default)]
struct ByExact(Vec<(u64, u32)>);

impl ByExact {
    /// `None` past 2^32 units.
    fn new(keys: &[Keys]) -> Option<ByExact> {
        let mut v: Vec<(u64, u32)> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| Some((exact_hash(&k.exact), u32::try_from(i).ok()?)))
            .collect::<Option<_>>()?;
        v.sort_unstable();
        Some(ByExact(v))
    }

    /// The units among list positions `ids` (ascending) whose exact key may be `exact` (it
    /// hashes the same), in list order. A name repeated in every district (a thousand "Xã Số 1")
    /// is looked up in its district's span of the list, not among all of them.
    fn get<'a>(&'a self, exact: &str, ids: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
        let h = exact_hash(exact);
        let span = ids.first().zip(ids.last());
        // No ids: from the end, nothing.
        let start = span.map_or(self.0.len(), |(&first, _)| {
            self.0
                .partition_point(|&(x, i)| (x, i as usize) < (h, first))
        });
        let last = span.map_or(0, |(_, &last)| last);
        self.0[start..]
            .iter()
            .take_while(move |&&(x, i)| x == h && i as usize <= last)
            .map(|&(_, i)| i as usize)
            .filter(|i| ids.binary_search(i).is_ok())
    }
}

fn exact_hash(key: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(key)
}

/// A part, and for the embedded list the rows it is read from.
#[derive(Debug, Clone)]
struct Slot {
    /// One province's data rows of the embedded list and their lines of build-time keys (empty
    /// for a list read whole).
    rows: &'static str,
    keys: &'static str,
    part: OnceLock<Part>,
}

/// The GSO units, with indexes by code and by parent.
///
/// The embedded list is read per province, the first time a province's units are asked for: a
/// run over one province reads its few hundred rows, not the 10,614 communes of the country.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    provinces: Vec<Province>,
    province_keys: Vec<Keys>,
    province_index: Index<usize>,
    /// The units below the provinces: for the embedded list one slot per province, in the
    /// provinces' order; for a list read from a file one slot.
    slots: Vec<Slot>,
    /// One slot per province (the embedded list): a lookup by code finds its province's slot
    /// in `DISTRICT_SLOTS` or `COMMUNE_SLOTS`.
    per_province: bool,
    /// Whether the rows give districts: `Some(false)` for a map without a district level
    /// (two-level local government, from 1/7/2025: district columns empty on every row).
    district_level: Option<bool>,
    /// Where the list came from (a file name).
    pub source: String,
}

/// A list being read, row by row: its provinces, the units below them, whether it has districts.
#[derive(Default)]
struct Reading {
    provinces: Vec<Province>,
    province_keys: Vec<Keys>,
    province_index: Index<usize>,
    part: Part,
    district_level: Option<bool>,
}

/// Splits one CSV line; supports double-quoted fields with doubled quotes inside.
pub(crate) fn split_csv_line(line: &str) -> Result<Vec<String>, String> {
    if !line.contains('"') {
        // The common case (the embedded list has no quotes): plain fields.
        return Ok(line.split(',').map(str::to_string).collect());
    }
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut in_quotes = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
        } else if c == '"' && at_field_start {
            in_quotes = true;
            at_field_start = false;
        } else if c == ',' {
            fields.push(std::mem::take(&mut field));
            at_field_start = true;
        } else {
            field.push(c);
            at_field_start = false;
        }
    }
    if in_quotes {
        return Err("unterminated quoted field".to_string());
    }
    fields.push(field);
    Ok(fields)
}

/// The unit type a cleaned cell names, of the level asked.
fn parse_type(cleaned: &str, level: UnitLevel, column: &str) -> Result<UnitType, String> {
    let unit_type = UnitType::from_official(cleaned)
        .or_else(|| {
            UnitType::ALL
                .into_iter()
                .find(|t| exact_key(t.as_str()) == exact_key(cleaned))
        })
        .ok_or_else(|| format!("{column}: unknown unit type {cleaned:?}"))?;
    if unit_type.level() != level {
        return Err(format!(
            "{column}: {cleaned:?} is not a {} type",
            level.as_str()
        ));
    }
    Ok(unit_type)
}

/// Appends `idx` to the list at `key`, copying the key only the first time it is seen.
fn push_at(index: &mut Index<Vec<usize>>, key: &str, idx: usize) {
    match index.get_mut(key) {
        Some(list) => list.push(idx),
        None => {
            index.insert(key.to_string(), vec![idx]);
        }
    }
}

fn check_code(code: &str, column: &str) -> Result<(), String> {
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("{column}: code {code:?} is not a string of digits"));
    }
    Ok(())
}

impl Gazetteer {
    /// The list embedded in the binary.
    ///
    /// Its keys were computed at build time, and a province's units are read when first asked
    /// for: loading it finds where each province's rows start (well under a millisecond).
    pub fn embedded() -> Result<Gazetteer, String> {
        let mut g = Gazetteer {
            provinces: Vec::new(),
            province_keys: Vec::new(),
            province_index: Index::default(),
            slots: Vec::new(),
            per_province: true,
            district_level: Some(true),
            source: EMBEDDED_NAME.to_string(),
        };
        // Each province's rows and key lines, where the build script found them.
        for &[rows_start, rows_end, keys_start, keys_end] in PROVINCE_ROWS {
            let rows = EMBEDDED_CSV.get(rows_start..rows_end);
            let keys = EMBEDDED_KEYS.get(keys_start..keys_end);
            let (Some(rows), Some(keys)) = (rows, keys) else {
                return Err(format!(
                    "{EMBEDDED_NAME}: rows {rows_start}..{rows_end} are not in it"
                ));
            };
            g.add_slot(rows, keys)?;
        }
        Ok(g)
    }

    /// One province of the embedded list: its rows (checked at build time) and their keys, read
    /// now for the province and later for the units below it.
    fn add_slot(&mut self, rows: &'static str, keys: &'static str) -> Result<(), String> {
        let first = rows.lines().next().unwrap_or_default();
        let mut fields = first.split(',');
        let (Some(code), Some(name)) = (fields.next(), fields.next()) else {
            return Err(format!(
                "{EMBEDDED_NAME}: a province without its fields: {first:?}"
            ));
        };
        self.province_index
            .insert(code.to_string(), self.provinces.len());
        self.province_keys.push(
            row_keys(keys.lines().next(), RowUnit::Province)
                .ok_or_else(|| format!("{EMBEDDED_NAME}: no keys for province {code}"))?,
        );
        self.provinces.push(Province {
            code: code.to_string(),
            name: name.to_string(),
        });
        self.slots.push(Slot {
            rows,
            keys,
            part: OnceLock::new(),
        });
        Ok(())
    }

    /// Parses a list with the columns of the GSO export (see the module documentation).
    /// Errors name the source and the 1-based line.
    pub fn from_csv(text: &str, source: &str) -> Result<Gazetteer, String> {
        let r = Reading::parse(text, source)?;
        Ok(Gazetteer {
            provinces: r.provinces,
            province_keys: r.province_keys,
            province_index: r.province_index,
            slots: vec![Slot {
                rows: "",
                keys: "",
                part: OnceLock::from(r.part),
            }],
            per_province: false,
            district_level: r.district_level,
            source: source.to_string(),
        })
    }

    /// The units of a slot, read the first time they are asked for.
    fn part(&self, slot: usize) -> Option<&Part> {
        let s = self.slots.get(slot)?;
        // The embedded list was checked clean at build time and every province of it is read by
        // the tests (`every_province_of_the_embedded_list_reads`): a row it refused would be a
        // defect of the build, and leaves the province without units rather than stopping.
        Some(
            s.part
                .get_or_init(|| Reading::part(s.rows, s.keys).unwrap_or_default()),
        )
    }

    /// Every slot's units, in list order (the provinces not read yet are read in parallel).
    fn parts(&self) -> impl Iterator<Item = &Part> {
        if self.slots.iter().any(|s| s.part.get().is_none()) {
            (0..self.slots.len()).into_par_iter().for_each(|i| {
                self.part(i);
            });
        }
        (0..self.slots.len()).filter_map(|i| self.part(i))
    }

    /// The units of a province.
    fn part_of_province(&self, code: &str) -> Option<&Part> {
        if !self.per_province {
            return self.part(0);
        }
        self.part(*self.province_index.get(code)?)
    }

    /// The units of the province holding `code`, found in `slots` (`DISTRICT_SLOTS` or
    /// `COMMUNE_SLOTS`).
    fn part_by_code(&self, slots: &[(&str, u8)], code: &str) -> Option<&Part> {
        if !self.per_province {
            return self.part(0);
        }
        let at = slots.binary_search_by(|(c, _)| (*c).cmp(code)).ok()?;
        self.part(usize::from(slots[at].1))
    }
}

impl Reading {
    /// A list with the columns of the GSO export, read whole, every field checked.
    fn parse(text: &str, source: &str) -> Result<Reading, String> {
        let mut r = Reading::default();
        // One commune per line at most: room for them all up front (no regrowth, no rehash).
        let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
        r.part.communes.reserve(lines);
        r.part.commune_keys.reserve(lines);
        r.part.commune_index.reserve(lines);
        let mut saw_header = false;
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let at = |msg: String| format!("{source} line {line_no}: {msg}");
            let line = line.trim_start_matches('\u{FEFF}');
            if line.trim().is_empty() {
                continue;
            }
            // Plain lines are split in place, without copies.
            let quoted;
            let fields: Vec<&str> = if line.contains('"') {
                quoted = split_csv_line(line).map_err(at)?;
                quoted.iter().map(String::as_str).collect()
            } else {
                line.split(',').collect()
            };
            if fields.len() != HEADER.len() {
                return Err(at(format!(
                    "expected {} fields, found {}",
                    HEADER.len(),
                    fields.len()
                )));
            }
            if !saw_header {
                let names: Vec<String> = fields.iter().map(|f| clean(f)).collect();
                if names != HEADER {
                    return Err(at(format!(
                        "expected the header {:?}, found {names:?}",
                        HEADER.join(",")
                    )));
                }
                saw_header = true;
                continue;
            }
            r.add_row(&fields, None, false).map_err(at)?;
        }
        if !saw_header {
            return Err(format!("{source}: empty file, no header"));
        }
        r.fill_keys();
        r.part.index_exact();
        Ok(r)
    }

    /// Computes every unit's keys (those of a list read from a file), in parallel: a year's own
    /// list may hold 300,000 units.
    fn fill_keys(&mut self) {
        let provinces = &self.provinces;
        self.province_keys
            .par_iter_mut()
            .zip(provinces)
            .for_each(|(k, p)| *k = Keys::new(&p.name, None));
        let part = &mut self.part;
        part.district_keys
            .par_iter_mut()
            .zip(&part.districts)
            .for_each(|(k, d)| *k = Keys::new(&d.name, Some(d.unit_type)));
        part.commune_keys
            .par_iter_mut()
            .zip(&part.communes)
            .for_each(|(k, c)| *k = Keys::new(&c.name, Some(c.unit_type)));
    }

    /// The units of one province of the embedded list: its rows (clean, checked at build time,
    /// without quotes) with their build-time keys, one line each.
    fn part(rows: &str, keys: &str) -> Result<Part, String> {
        let mut r = Reading::default();
        let mut keys = keys.lines();
        for line in rows.lines() {
            let fields: Vec<&str> = line.split(',').collect();
            let at = |e: String| format!("{EMBEDDED_NAME}: {line:?}: {e}");
            let row_keys = keys.next().ok_or_else(|| at("no keys".to_string()))?;
            r.add_row(&fields, Some(row_keys), true).map_err(at)?;
        }
        let p = &r.part;
        if p.district_keys
            .iter()
            .chain(&p.commune_keys)
            .any(|k| k.exact.is_empty())
        {
            return Err(format!("{EMBEDDED_NAME}: a row's keys do not read"));
        }
        r.part.index_exact();
        Ok(r.part)
    }

    /// One row of the list: its province and district (added once, then checked against their
    /// first row) and its commune, if any.
    fn add_row(
        &mut self,
        fields: &[&str],
        keys: Option<&str>,
        trusted: bool,
    ) -> Result<(), String> {
        // Most fields are clean already (every one of the embedded list): no copy for them.
        let Ok(fields) = <[&str; HEADER.len()]>::try_from(fields) else {
            return Err(format!("expected {} fields", HEADER.len()));
        };
        let owned = fields.map(|f| {
            if trusted || is_clean(f) {
                std::borrow::Cow::Borrowed(f)
            } else {
                std::borrow::Cow::Owned(clean(f))
            }
        });
        let [pc, pn, dc, dn, dt, cc, cn, ct] = owned.each_ref().map(|c| c.as_ref());
        check_code(pc, "province_code")?;
        if self.without_district_level(dc, dn, dt)? {
            if pn.is_empty() {
                return Err("empty province name".to_string());
            }
            // Without keys: a map without districts is read from a file, whose keys are all
            // computed once it is read (`fill_keys`).
            self.add_province(pc, pn, None)?;
            return self.add_commune([pc, "", cc, cn, ct], None);
        }
        check_code(dc, "district_code")?;
        if pn.is_empty() || dn.is_empty() {
            return Err("empty province or district name".to_string());
        }
        let district_type = parse_type(dt, UnitLevel::District, "district_type")?;
        self.add_province(pc, pn, keys)?;
        self.add_district([pc, dc, dn], district_type, keys)?;
        if cc.is_empty() && cn.is_empty() && ct.is_empty() {
            // A district without communes (the island districts).
            return Ok(());
        }
        self.add_commune([pc, dc, cc, cn, ct], keys)
    }

    /// Whether a row has no district (its three district fields empty); a map gives districts on
    /// every row or on none.
    fn without_district_level(&mut self, dc: &str, dn: &str, dt: &str) -> Result<bool, String> {
        let without = dc.is_empty() && dn.is_empty() && dt.is_empty();
        match self.district_level {
            None => self.district_level = Some(!without),
            Some(with) if with == without => {
                return Err(
                    "district columns are empty on some rows only: give districts on every row, or on none (a map without districts)"
                        .to_string(),
                );
            }
            Some(_) => {}
        }
        Ok(without)
    }

    /// A province, the first time its code is seen; later rows must give the same name.
    fn add_province(&mut self, pc: &str, pn: &str, keys: Option<&str>) -> Result<(), String> {
        match self.province_index.get(pc) {
            Some(&idx) => {
                if self.provinces[idx].name != pn {
                    return Err(format!(
                        "province {pc} is named both {:?} and {pn:?}",
                        self.provinces[idx].name
                    ));
                }
            }
            None => {
                self.province_index
                    .insert(pc.to_string(), self.provinces.len());
                self.province_keys
                    .push(row_keys(keys, RowUnit::Province).unwrap_or_default());
                self.provinces.push(Province {
                    code: pc.to_string(),
                    name: pn.to_string(),
                });
            }
        }
        Ok(())
    }

    /// A district, the first time its code is seen; later rows must say the same of it.
    fn add_district(
        &mut self,
        [pc, dc, dn]: [&str; 3],
        district_type: UnitType,
        keys: Option<&str>,
    ) -> Result<(), String> {
        match self.part.district_index.get(dc) {
            Some(&idx) => {
                let d = &self.part.districts[idx];
                if d.name != dn || d.unit_type != district_type || d.province_code != pc {
                    return Err(format!(
                        "district {dc} differs from its earlier row ({} {} in province {})",
                        d.unit_type, d.name, d.province_code
                    ));
                }
            }
            None => {
                let idx = self.part.districts.len();
                self.part.district_index.insert(dc.to_string(), idx);
                push_at(&mut self.part.districts_by_province, pc, idx);
                self.part
                    .district_keys
                    .push(row_keys(keys, RowUnit::District).unwrap_or_default());
                self.part.districts.push(District {
                    code: dc.to_string(),
                    name: dn.to_string(),
                    unit_type: district_type,
                    province_code: pc.to_string(),
                });
            }
        }
        Ok(())
    }

    /// A commune of a district; each commune code is given once.
    fn add_commune(
        &mut self,
        [pc, dc, cc, cn, ct]: [&str; 5],
        keys: Option<&str>,
    ) -> Result<(), String> {
        check_code(cc, "commune_code")?;
        if cn.is_empty() {
            return Err(format!("commune {cc} has an empty name"));
        }
        let commune_type = parse_type(ct, UnitLevel::Commune, "commune_type")?;
        if self.part.commune_index.contains_key(cc) {
            return Err(format!("commune code {cc} appears twice"));
        }
        let idx = self.part.communes.len();
        self.part.commune_index.insert(cc.to_string(), idx);
        if !dc.is_empty() {
            push_at(&mut self.part.communes_by_district, dc, idx);
        }
        push_at(&mut self.part.communes_by_province, pc, idx);
        self.part
            .commune_keys
            .push(row_keys(keys, RowUnit::Commune).unwrap_or_default());
        self.part.communes.push(Commune {
            code: cc.to_string(),
            name: cn.to_string(),
            unit_type: commune_type,
            district_code: dc.to_string(),
            province_code: pc.to_string(),
        });
        Ok(())
    }
}

impl Gazetteer {
    pub fn provinces(&self) -> &[Province] {
        &self.provinces
    }

    /// Every district, in list order (reads every province of the embedded list).
    pub fn districts(&self) -> impl Iterator<Item = &District> {
        self.parts().flat_map(|p| &p.districts)
    }

    /// Every commune, in list order (reads every province of the embedded list).
    pub fn communes(&self) -> impl Iterator<Item = &Commune> {
        self.parts().flat_map(|p| &p.communes)
    }

    pub fn province(&self, code: &str) -> Option<&Province> {
        self.province_index
            .get(code.trim())
            .map(|&i| &self.provinces[i])
    }

    pub fn district(&self, code: &str) -> Option<&District> {
        let code = code.trim();
        let part = self.part_by_code(DISTRICT_SLOTS, code)?;
        part.district_index.get(code).map(|&i| &part.districts[i])
    }

    pub fn commune(&self, code: &str) -> Option<&Commune> {
        let code = code.trim();
        let part = self.part_by_code(COMMUNE_SLOTS, code)?;
        part.commune_index.get(code).map(|&i| &part.communes[i])
    }

    /// The districts of a province, in list order.
    pub fn districts_of(&self, province_code: &str) -> Vec<&District> {
        let code = province_code.trim();
        self.part_of_province(code)
            .and_then(|p| {
                let ids = p.districts_by_province.get(code)?;
                Some(ids.iter().map(|&i| &p.districts[i]).collect())
            })
            .unwrap_or_default()
    }

    /// The communes of a district, in list order.
    pub fn communes_of(&self, district_code: &str) -> Vec<&Commune> {
        let code = district_code.trim();
        self.part_by_code(DISTRICT_SLOTS, code)
            .and_then(|p| {
                let ids = p.communes_by_district.get(code)?;
                Some(ids.iter().map(|&i| &p.communes[i]).collect())
            })
            .unwrap_or_default()
    }

    /// Whether the map has a district level. A map without one (from 1/7/2025) gives its
    /// communes an empty `district_code` and resolves them inside their province.
    pub fn has_districts(&self) -> bool {
        self.district_level != Some(false)
    }

    /// The communes of a province, in list order.
    pub fn communes_of_province(&self, province_code: &str) -> Vec<&Commune> {
        let code = province_code.trim();
        self.part_of_province(code)
            .and_then(|p| {
                let ids = p.communes_by_province.get(code)?;
                Some(ids.iter().map(|&i| &p.communes[i]).collect())
            })
            .unwrap_or_default()
    }

    /// Matches a commune name (without its type word) among all the communes of a province: for
    /// a map without districts, where a commune is resolved inside its province.
    pub fn match_commune_in_province(
        &self,
        province_code: &str,
        name: &str,
        unit_type: Option<UnitType>,
    ) -> Match {
        let code = province_code.trim();
        let part = self.part_of_province(code);
        match_at(
            part.and_then(|p| p.communes_by_province.get(code)),
            part.map(Part::commune_units),
            unit_type,
            name,
            Commune::code_type,
        )
    }

    /// Matches a district name (without its type word) among the districts of a province.
    pub fn match_district(
        &self,
        province_code: &str,
        name: &str,
        unit_type: Option<UnitType>,
    ) -> Match {
        let code = province_code.trim();
        let part = self.part_of_province(code);
        match_at(
            part.and_then(|p| p.districts_by_province.get(code)),
            part.map(Part::district_units),
            unit_type,
            name,
            District::code_type,
        )
    }

    /// Matches a commune name (without its type word) among the communes of a district.
    pub fn match_commune(
        &self,
        district_code: &str,
        name: &str,
        unit_type: Option<UnitType>,
    ) -> Match {
        let code = district_code.trim();
        let part = self.part_by_code(DISTRICT_SLOTS, code);
        match_at(
            part.and_then(|p| p.communes_by_district.get(code)),
            part.map(Part::commune_units),
            unit_type,
            name,
            Commune::code_type,
        )
    }

    /// Accent-insensitive substring search on unit names, with or without the type word
    /// ("cam hoa", "xa cam hoa", "X. Cam Hòa"). Provinces first, then districts, then
    /// communes, each in list order. An empty query finds nothing.
    pub fn search(&self, query: &str) -> Vec<SearchHit> {
        let whole = accent_key(query);
        if whole.is_empty() {
            return Vec::new();
        }
        let parsed = parse_unit_name(query);
        let typed = parsed
            .unit_type
            .map(|t| (t, accent_key(&parsed.name)))
            .filter(|(_, name)| !name.is_empty());
        let hit = |keys: &Keys, unit_type: Option<UnitType>| {
            keys.accent.contains(&whole)
                || keys.typed_accent.contains(&whole)
                || typed
                    .as_ref()
                    .is_some_and(|(t, name)| unit_type == Some(*t) && keys.accent.contains(name))
        };
        let mut hits = Vec::new();
        for (p, keys) in self.provinces.iter().zip(&self.province_keys) {
            if hit(keys, None) {
                hits.push(SearchHit {
                    level: UnitLevel::Province,
                    code: p.code.clone(),
                    unit_type: None,
                    name: p.name.clone(),
                    district_code: None,
                    district_name: None,
                    province_code: p.code.clone(),
                    province_name: p.name.clone(),
                });
            }
        }
        let province_name = |code: &str| {
            self.province(code)
                .map(|p| p.name.clone())
                .unwrap_or_default()
        };
        let districts = self
            .parts()
            .flat_map(|p| p.districts.iter().zip(&p.district_keys));
        for (d, keys) in districts {
            if hit(keys, Some(d.unit_type)) {
                hits.push(SearchHit {
                    level: UnitLevel::District,
                    code: d.code.clone(),
                    unit_type: Some(d.unit_type),
                    name: d.name.clone(),
                    district_code: None,
                    district_name: None,
                    province_code: d.province_code.clone(),
                    province_name: province_name(&d.province_code),
                });
            }
        }
        let communes = self
            .parts()
            .flat_map(|p| p.communes.iter().zip(&p.commune_keys));
        for (c, keys) in communes {
            if hit(keys, Some(c.unit_type)) {
                hits.push(SearchHit {
                    level: UnitLevel::Commune,
                    code: c.code.clone(),
                    unit_type: Some(c.unit_type),
                    name: c.name.clone(),
                    district_code: Some(c.district_code.clone()),
                    district_name: self.district(&c.district_code).map(|d| d.name.clone()),
                    province_code: c.province_code.clone(),
                    province_name: province_name(&c.province_code),
                });
            }
        }
        hits
    }
}

/// Matches `name` among the units at `ids` (none: no candidate) of the type asked (any when
/// None); `of` gives a unit's code and type.
fn match_at<U>(
    ids: Option<&Vec<usize>>,
    among: Option<UnitsOf<U>>,
    unit_type: Option<UnitType>,
    name: &str,
    of: fn(&U) -> (&str, UnitType),
) -> Match {
    let exact = exact_key(name);
    let Some(UnitsOf {
        units,
        keys,
        by_exact,
    }) = among
    else {
        return match_inexact(&[], &exact);
    };
    let ids = ids.map(Vec::as_slice).unwrap_or_default();
    let allowed = |i: usize| unit_type.is_none_or(|u| of(&units[i]).1 == u);
    // The exact step first, by the exact keys' index: nearly every name ends here, and a
    // district may hold hundreds of units.
    let found: Box<dyn Iterator<Item = usize>> = match by_exact {
        Some(index) => Box::new(index.get(&exact, ids)),
        None => Box::new(ids.iter().copied()),
    };
    let codes = found
        .filter(|&i| keys[i].exact == exact && allowed(i))
        .map(|i| of(&units[i]).0.to_string())
        .collect();
    if let Some(m) = decide(codes, Match::Exact) {
        return m;
    }
    let candidates: Vec<(&str, &Keys)> = ids
        .iter()
        .filter(|&&i| allowed(i))
        .map(|&i| (of(&units[i]).0, &keys[i]))
        .collect();
    match_inexact(&candidates, &exact)
}

/// The codes of the candidates whose keys satisfy `pred`.
fn codes_where(candidates: &[(&str, &Keys)], pred: impl Fn(&Keys) -> bool) -> Vec<String> {
    candidates
        .iter()
        .filter(|(_, k)| pred(k))
        .map(|(code, _)| (*code).to_string())
        .collect()
}

/// One matching step: a unique code becomes `make(code)`, several become Ambiguous.
fn decide(mut codes: Vec<String>, make: fn(String) -> Match) -> Option<Match> {
    match codes.len() {
        0 => None,
        1 => codes.pop().map(make),
        _ => Some(Match::Ambiguous(codes)),
    }
}

/// The matching steps after the exact one (which did not decide), shared by districts and
/// communes; `exact` is the name's exact key.
fn match_inexact(candidates: &[(&str, &Keys)], exact: &str) -> Match {
    // Keyed without accents only when the exact key did not decide (most names match exactly).
    let accent = accent_key_of_exact(exact);
    if let Some(m) = decide(
        codes_where(candidates, |k| k.accent == accent),
        Match::AccentFolded,
    ) {
        return m;
    }
    if let Some(m) = decide(
        codes_where(candidates, |k| within_one_edit(&k.accent, &accent)),
        Match::OneEdit,
    ) {
        return m;
    }
    let mut ranked: Vec<(usize, &str)> = candidates
        .iter()
        .map(|(code, k)| (edit_distance(&k.accent, &accent), *code))
        .collect();
    ranked.sort();
    Match::NotFound {
        nearest: ranked
            .into_iter()
            .take(NEAREST)
            .map(|(_, code)| code.to_string())
            .collect(),
    }
}

/// A unit name split into its type word (if any) and the name proper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedName {
    pub unit_type: Option<UnitType>,
    /// Cleaned, without the type word or the "UBND" prefix, in its original case.
    pub name: String,
}

/// Full type words, longest first so that "Thị xã" wins over "Xã".
const TYPE_WORDS: [(&str, UnitType); 7] = [
    ("Thị trấn", UnitType::ThiTran),
    ("Thị xã", UnitType::ThiXa),
    ("Thành phố", UnitType::ThanhPho),
    ("Phường", UnitType::Phuong),
    ("Huyện", UnitType::Huyen),
    ("Quận", UnitType::Quan),
    ("Xã", UnitType::Xa),
];

/// The type words' keys, computed once: (exact key, accent key, number of words, type).
fn type_word_keys() -> &'static [(String, String, usize, UnitType)] {
    static KEYS: std::sync::OnceLock<Vec<(String, String, usize, UnitType)>> =
        std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        TYPE_WORDS
            .iter()
            .map(|&(w, t)| (exact_key(w), accent_key(w), w.split(' ').count(), t))
            .collect()
    })
}

/// Abbreviations that are recognised when followed by a dot (any case).
const DOTTED_ABBREVIATIONS: [(&str, UnitType); 7] = [
    ("tt", UnitType::ThiTran),
    ("tx", UnitType::ThiXa),
    ("tp", UnitType::ThanhPho),
    ("p", UnitType::Phuong),
    ("h", UnitType::Huyen),
    ("q", UnitType::Quan),
    ("x", UnitType::Xa),
];

/// Abbreviations that are also recognised as a whole word followed by a space (any case).
const BARE_ABBREVIATIONS: [(&str, UnitType); 3] = [
    ("tt", UnitType::ThiTran),
    ("tx", UnitType::ThiXa),
    ("tp", UnitType::ThanhPho),
];

/// True when the text carries no Vietnamese diacritic at all (and no đ).
fn is_accentless(s: &str) -> bool {
    let lower = s.to_lowercase();
    crate::core::text::fold_accents(&lower) == lower
}

/// Removes a leading "UBND" / "Ủy ban nhân dân" (any case, with or without accents).
fn strip_committee(s: &str) -> &str {
    // The first four words, and what follows them.
    let mut spaces = s.match_indices(' ').map(|(i, _)| i);
    if spaces.nth(2).is_some() {
        let (head, rest) = spaces.next().map_or((s, ""), |i| (&s[..i], &s[i + 1..]));
        if accent_key(head) == "uy ban nhan dan" {
            return rest.trim_start_matches(['.', ' ']);
        }
    }
    // No letter outside ASCII lowercases to one of "ubnd".
    if let Some(rest) = s
        .get(..4)
        .filter(|head| head.eq_ignore_ascii_case("ubnd"))
        .map(|_| &s[4..])
        && (rest.is_empty() || rest.starts_with([' ', '.', ':']))
    {
        return rest.trim_start_matches(['.', ' ', ':']);
    }
    s
}

/// Recognises a leading type word; returns the type and the rest, or None.
fn strip_type(s: &str) -> Option<(UnitType, &str)> {
    // A dotted prefix without spaces: "X.", "TP.", "Tp.", "Phường.".
    if let Some((head, rest)) = s.split_once('.')
        && !head.is_empty()
        && !head.contains(' ')
    {
        let lower = head.to_lowercase();
        let head_key = exact_key(head);
        let found = DOTTED_ABBREVIATIONS
            .iter()
            .find(|(abbr, _)| *abbr == lower)
            .map(|&(_, t)| t)
            .or_else(|| {
                type_word_keys()
                    .iter()
                    .find(|(key, _, words, _)| *words == 1 && *key == head_key)
                    .map(|&(_, _, _, t)| t)
            });
        if let Some(t) = found {
            return Some((t, rest));
        }
    }
    // Type words have one or two words, and a name follows them.
    let mut spaces = s.match_indices(' ').map(|(i, _)| i);
    let first = spaces.next()?;
    // "TT", "TX", "TP" (any case) as a word of their own.
    if let Some(&(_, t)) = BARE_ABBREVIATIONS
        .iter()
        .find(|(abbr, _)| s[..first].eq_ignore_ascii_case(abbr))
    {
        return Some((t, &s[first..]));
    }
    // The first one and two words, each keyed once.
    let heads: Vec<(&str, String, &str)> = std::iter::once(first)
        .chain(spaces.next())
        .map(|i| (&s[..i], exact_key(&s[..i]), &s[i + 1..]))
        .collect();
    // Without any diacritic, a type word may be written without its own ("Thi tran").
    let accentless = std::cell::OnceCell::new();
    for (key, accent, words, t) in type_word_keys() {
        let Some((head, head_key, rest)) = heads.get(words - 1) else {
            continue;
        };
        if head_key == key
            || (*accentless.get_or_init(|| is_accentless(s)) && head.to_lowercase() == *accent)
        {
            return Some((*t, rest));
        }
    }
    None
}

/// Splits a raw unit name ("UBND huyện Khánh Vĩnh", "TT. Vạn Giã", "X.Cam Hòa") into its type
/// and its cleaned name.
///
/// Recognised, in any case: a leading "UBND" / "Ủy ban nhân dân"; then a type word ("Xã",
/// "Phường", "Thị trấn", "Huyện", "Quận", "Thị xã", "Thành phố"), an abbreviation followed by a
/// dot ("X.", "P.", "TT.", "H.", "Q.", "TX.", "TP.") or one of "TT", "TX", "TP" followed by a
/// space. Single letters need the dot, so "Xuân Sơn" and "P Rao" stay whole. Accent-less type
/// words ("Xa", "Phuong", "Thi tran", ...) are recognised only when the whole text has no
/// diacritics, because "Xà", "Phương", "Quán" begin real names. A type word with nothing after
/// it is kept as the name.
///
/// Some real names begin with a type word ("Phường Đúc", and accent-less "Quan Hoa"); the
/// caller that gets no match for the parsed form can retry with the whole cleaned text.
pub fn parse_unit_name(raw: &str) -> ParsedName {
    let cleaned = clean(raw);
    let without_committee = strip_committee(&cleaned);
    if let Some((t, rest)) = strip_type(without_committee) {
        let name = clean(rest.trim_start_matches(['.', ' ', ':']));
        if !name.is_empty() {
            return ParsedName {
                unit_type: Some(t),
                name,
            };
        }
    }
    ParsedName {
        unit_type: None,
        name: without_committee.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn gaz() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::embedded().expect("embedded list parses"))
    }

    fn parsed(t: Option<UnitType>, name: &str) -> ParsedName {
        ParsedName {
            unit_type: t,
            name: name.to_string(),
        }
    }

    // ---- parse_unit_name ----

    #[test]
    fn parse_committee_prefix() {
        use UnitType::*;
        assert_eq!(
            parse_unit_name("UBND huyện Khánh Vĩnh"),
            parsed(Some(Huyen), "Khánh Vĩnh")
        );
        assert_eq!(
            parse_unit_name("UBND thành phố Nha Trang"),
            parsed(Some(ThanhPho), "Nha Trang")
        );
        assert_eq!(
            parse_unit_name("Ủy ban nhân dân xã Cam Hòa"),
            parsed(Some(Xa), "Cam Hòa")
        );
        assert_eq!(
            parse_unit_name("UỶ BAN NHÂN DÂN THỊ XÃ NINH HÒA"),
            parsed(Some(ThiXa), "NINH HÒA")
        );
        assert_eq!(
            parse_unit_name("ubnd. P. Cam Lộc"),
            parsed(Some(Phuong), "Cam Lộc")
        );
        assert_eq!(
            parse_unit_name("UBND.Xã Cam Hòa"),
            parsed(Some(Xa), "Cam Hòa")
        );
        assert_eq!(parse_unit_name("UBND Cam Hòa"), parsed(None, "Cam Hòa"));
        // "UBNDX" is not the committee prefix.
        assert_eq!(parse_unit_name("UBNDX"), parsed(None, "UBNDX"));
    }

    #[test]
    fn parse_full_type_words() {
        use UnitType::*;
        assert_eq!(
            parse_unit_name("Thị trấn Diên Khánh"),
            parsed(Some(ThiTran), "Diên Khánh")
        );
        assert_eq!(
            parse_unit_name("THỊ XÃ NINH HÒA"),
            parsed(Some(ThiXa), "NINH HÒA")
        );
        assert_eq!(parse_unit_name("Xã Xuân Sơn"), parsed(Some(Xa), "Xuân Sơn"));
        assert_eq!(
            parse_unit_name("xã  Xuân\u{00A0}Sơn "),
            parsed(Some(Xa), "Xuân Sơn")
        );
        assert_eq!(parse_unit_name("Phường 01"), parsed(Some(Phuong), "01"));
        assert_eq!(
            parse_unit_name("Quận Ba Đình"),
            parsed(Some(Quan), "Ba Đình")
        );
        assert_eq!(
            parse_unit_name("Huyện Cam Lâm"),
            parsed(Some(Huyen), "Cam Lâm")
        );
        assert_eq!(
            parse_unit_name("Thành Phố Cam Ranh"),
            parsed(Some(ThanhPho), "Cam Ranh")
        );
        assert_eq!(
            parse_unit_name("Thị Xã Ninh Hoà"),
            parsed(Some(ThiXa), "Ninh Hoà")
        );
    }

    #[test]
    fn parse_abbreviations() {
        use UnitType::*;
        assert_eq!(
            parse_unit_name("TT. Vạn Giã"),
            parsed(Some(ThiTran), "Vạn Giã")
        );
        assert_eq!(
            parse_unit_name("TT Vạn Giã"),
            parsed(Some(ThiTran), "Vạn Giã")
        );
        assert_eq!(
            parse_unit_name("tt.Vạn Giã"),
            parsed(Some(ThiTran), "Vạn Giã")
        );
        assert_eq!(parse_unit_name("X.Cam Hòa"), parsed(Some(Xa), "Cam Hòa"));
        assert_eq!(parse_unit_name("x. Cam Hòa"), parsed(Some(Xa), "Cam Hòa"));
        assert_eq!(
            parse_unit_name("P. Cam Lộc"),
            parsed(Some(Phuong), "Cam Lộc")
        );
        assert_eq!(parse_unit_name("P.1"), parsed(Some(Phuong), "1"));
        assert_eq!(
            parse_unit_name("TP. Cam Ranh"),
            parsed(Some(ThanhPho), "Cam Ranh")
        );
        assert_eq!(
            parse_unit_name("Tp.Cam Ranh"),
            parsed(Some(ThanhPho), "Cam Ranh")
        );
        assert_eq!(
            parse_unit_name("TP Nha Trang"),
            parsed(Some(ThanhPho), "Nha Trang")
        );
        assert_eq!(
            parse_unit_name("TX. Ninh Hòa"),
            parsed(Some(ThiXa), "Ninh Hòa")
        );
        assert_eq!(
            parse_unit_name("TX Ninh Hòa"),
            parsed(Some(ThiXa), "Ninh Hòa")
        );
        assert_eq!(
            parse_unit_name("H. Cam Lâm"),
            parsed(Some(Huyen), "Cam Lâm")
        );
        assert_eq!(parse_unit_name("Q.Ba Đình"), parsed(Some(Quan), "Ba Đình"));
        assert_eq!(parse_unit_name("Phường.1"), parsed(Some(Phuong), "1"));
    }

    #[test]
    fn parse_does_not_strip_lookalike_names() {
        assert_eq!(parse_unit_name("Xuân Sơn"), parsed(None, "Xuân Sơn"));
        assert_eq!(parse_unit_name("P Rao"), parsed(None, "P Rao"));
        assert_eq!(parse_unit_name("H Bông"), parsed(None, "H Bông"));
        assert_eq!(parse_unit_name("Phương Sài"), parsed(None, "Phương Sài"));
        assert_eq!(parse_unit_name("Xà Phiên"), parsed(None, "Xà Phiên"));
        assert_eq!(parse_unit_name("Quan Sơn"), parsed(None, "Quan Sơn"));
        assert_eq!(parse_unit_name("Quán Toan"), parsed(None, "Quán Toan"));
        assert_eq!(parse_unit_name("Thanh Hóa"), parsed(None, "Thanh Hóa"));
        assert_eq!(parse_unit_name("Tân Lập"), parsed(None, "Tân Lập"));
        assert_eq!(parse_unit_name("Ttân"), parsed(None, "Ttân"));
        // A type word alone is a name, not a type.
        assert_eq!(parse_unit_name("Xã"), parsed(None, "Xã"));
        assert_eq!(parse_unit_name("  "), parsed(None, ""));
    }

    #[test]
    fn parse_accentless_type_words() {
        use UnitType::*;
        assert_eq!(parse_unit_name("Xa Cam Hoa"), parsed(Some(Xa), "Cam Hoa"));
        assert_eq!(
            parse_unit_name("PHUONG Cam Loc"),
            parsed(Some(Phuong), "Cam Loc")
        );
        assert_eq!(
            parse_unit_name("Thi tran Dien Khanh"),
            parsed(Some(ThiTran), "Dien Khanh")
        );
        assert_eq!(
            parse_unit_name("thi xa Ninh Hoa"),
            parsed(Some(ThiXa), "Ninh Hoa")
        );
        assert_eq!(
            parse_unit_name("Thanh pho Nha Trang"),
            parsed(Some(ThanhPho), "Nha Trang")
        );
        assert_eq!(
            parse_unit_name("Huyen Cam Lam"),
            parsed(Some(Huyen), "Cam Lam")
        );
        assert_eq!(
            parse_unit_name("Quan Ba Dinh"),
            parsed(Some(Quan), "Ba Dinh")
        );
        assert_eq!(
            parse_unit_name("Uy ban nhan dan huyen Cam Lam"),
            parsed(Some(Huyen), "Cam Lam")
        );
        // Known limit: fully accent-less text cannot tell the commune "Xa Dung" from
        // "Xã Dung"; the type reading wins.
        assert_eq!(parse_unit_name("Xa Dung"), parsed(Some(Xa), "Dung"));
        // With diacritics elsewhere, accent-less words are part of the name.
        assert_eq!(parse_unit_name("Xa Nhạc"), parsed(None, "Xa Nhạc"));
    }

    // ---- loading ----

    #[test]
    fn build_time_keys_are_the_run_time_keys() {
        // The build script computes the embedded list's keys with the same functions; read back,
        // they must be those computed here from the same text, unit by unit.
        let built = gaz();
        let computed = Gazetteer::from_csv(EMBEDDED_CSV, EMBEDDED_NAME).expect("parses");
        assert_eq!(
            EMBEDDED_KEYS.lines().count(),
            built.communes().count() + 5,
            "one line per data row (communes and the five island districts)"
        );
        let same = |a: &[Keys], b: &[Keys]| {
            assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(b) {
                assert_eq!(
                    (&x.exact, &x.accent, &x.typed_accent),
                    (&y.exact, &y.accent, &y.typed_accent)
                );
            }
        };
        same(&built.province_keys, &computed.province_keys);
        let keys_of = |g: &Gazetteer, district: bool| -> Vec<Keys> {
            g.parts()
                .flat_map(|p| {
                    if district {
                        &p.district_keys
                    } else {
                        &p.commune_keys
                    }
                })
                .cloned()
                .collect()
        };
        same(&keys_of(built, true), &keys_of(&computed, true));
        same(&keys_of(built, false), &keys_of(&computed, false));
        assert_eq!(built.provinces(), computed.provinces());
        assert!(built.communes().eq(computed.communes()));
        assert!(built.districts().eq(computed.districts()));
    }

    #[test]
    fn every_province_of_the_embedded_list_reads() {
        // Read per province when first asked for, where an error could not be reported: every
        // province must read without one, and hold the units the list gives it.
        let g = Gazetteer::embedded().expect("embedded list");
        let whole = Gazetteer::from_csv(EMBEDDED_CSV, EMBEDDED_NAME).expect("parses");
        for (slot, p) in g.slots.iter().zip(g.provinces()) {
            let part = Reading::part(slot.rows, slot.keys).expect("reads");
            let districts: Vec<&District> = part.districts.iter().collect();
            assert_eq!(districts, whole.districts_of(&p.code), "{}", p.code);
            let communes: Vec<&Commune> = part.communes.iter().collect();
            assert_eq!(communes, whole.communes_of_province(&p.code), "{}", p.code);
        }
    }

    #[test]
    fn every_code_finds_its_unit_in_the_province_read_for_it() {
        // A lookup by code reads only the province the build script's tables name for it.
        let whole = Gazetteer::from_csv(EMBEDDED_CSV, EMBEDDED_NAME).expect("parses");
        // Every seventh district in a fresh list, to see that only its province was read.
        for d in whole.districts().step_by(7) {
            let g = Gazetteer::embedded().expect("embedded list");
            assert_eq!(g.district(&format!(" {} ", d.code)), Some(d));
            let read = g.slots.iter().filter(|s| s.part.get().is_some()).count();
            assert_eq!(read, 1, "district {} read {read} provinces", d.code);
        }
        let g = Gazetteer::embedded().expect("embedded list");
        for d in whole.districts() {
            assert_eq!(g.district(&d.code), Some(d));
        }
        for c in whole.communes() {
            assert_eq!(g.commune(&c.code), Some(c));
        }
        for code in ["", "0", "99999", "000", "abc"] {
            assert_eq!(g.commune(code), None, "{code:?}");
            assert_eq!(g.district(code), None, "{code:?}");
        }
    }

    #[test]
    fn embedded_counts() {
        let g = gaz();
        assert_eq!(g.source, EMBEDDED_NAME);
        assert_eq!(g.provinces().len(), 63);
        assert_eq!(g.districts().count(), 707);
        assert_eq!(g.communes().count(), 10_614);
        // The five island districts have no communes.
        for code in ["318", "471", "498", "536", "755"] {
            assert!(g.district(code).is_some(), "{code}");
            assert!(g.communes_of(code).is_empty(), "{code}");
        }
    }

    #[test]
    fn lookups_by_code() {
        let g = gaz();
        assert_eq!(g.province("56").map(|p| p.name.as_str()), Some("Khánh Hòa"));
        assert_eq!(g.province(" 01 ").map(|p| p.name.as_str()), Some("Hà Nội"));
        assert!(g.province("1").is_none());
        let d = g.district("574").expect("Diên Khánh");
        assert_eq!(
            (d.name.as_str(), d.unit_type),
            ("Diên Khánh", UnitType::Huyen)
        );
        assert_eq!(d.province_code, "56");
        let c = g.commune("00001").expect("Phúc Xá");
        assert_eq!(c.name, "Phúc Xá");
        assert_eq!(c.unit_type, UnitType::Phuong);
        assert_eq!(
            (c.district_code.as_str(), c.province_code.as_str()),
            ("001", "01")
        );
        assert!(g.commune("1").is_none());
        assert!(g.districts_of("99").is_empty());
        assert!(g.communes_of("999").is_empty());
    }

    #[test]
    fn khanh_hoa_structure() {
        let g = gaz();
        let districts = g.districts_of("56");
        assert_eq!(districts.len(), 9);
        let codes: Vec<&str> = districts.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "568", "569", "570", "571", "572", "573", "574", "575", "576"
            ]
        );
        let cam_lam = g.communes_of("570");
        assert_eq!(g.district("570").map(|d| d.name.as_str()), Some("Cam Lâm"));
        assert_eq!(cam_lam.len(), 14);
        assert!(cam_lam.iter().all(|c| c.district_code == "570"));
        assert_eq!(g.communes_of("574").len(), 18);
        assert_eq!(g.communes_of("572").len(), 27);
    }

    // ---- matching ----

    #[test]
    fn exact_matches_with_and_without_type() {
        let g = gaz();
        assert_eq!(
            g.match_commune("574", "Diên Khánh", Some(UnitType::ThiTran)),
            Match::Exact("22651".into())
        );
        assert_eq!(
            g.match_commune("574", "Diên Khánh", None),
            Match::Exact("22651".into())
        );
        // Wrong type: the only Diên Khánh is a Thị trấn, so nothing of type Xã matches exactly.
        assert_ne!(
            g.match_commune("574", "Diên Khánh", Some(UnitType::Xa)),
            Match::Exact("22651".into())
        );
        assert_eq!(
            g.match_district("56", "Diên Khánh", Some(UnitType::Huyen)),
            Match::Exact("574".into())
        );
        assert_eq!(
            g.match_district("56", " nha  TRANG ", None),
            Match::Exact("568".into())
        );
        assert_eq!(
            g.match_commune("568", "Phước Đồng", None),
            Match::Exact("22405".into())
        );
    }

    #[test]
    fn tone_placement_is_exact() {
        let g = gaz();
        // GSO writes "Diên Hòa" (22684) and "Hạ Hoà" (district of Phú Thọ).
        assert_eq!(
            g.match_commune("574", "Diên Hoà", None),
            Match::Exact("22684".into())
        );
        assert_eq!(
            g.match_commune("574", "Diên Hòa", None),
            Match::Exact("22684".into())
        );
        let ha_hoa = g
            .districts_of("25")
            .into_iter()
            .find(|d| d.name == "Hạ Hoà")
            .map(|d| d.code.clone())
            .expect("Hạ Hoà");
        assert_eq!(
            g.match_district("25", "Hạ Hòa", None),
            Match::Exact(ha_hoa.clone())
        );
        assert_eq!(g.match_district("25", "HẠ HOÀ", None), Match::Exact(ha_hoa));
    }

    #[test]
    fn leading_zeros_are_exact() {
        let g = gaz();
        // GSO writes the numbered wards of Gò Vấp (764) as "01", "03", ...
        assert_eq!(g.commune("26896").map(|c| c.name.as_str()), Some("01"));
        assert_eq!(
            g.match_commune("764", "1", None),
            Match::Exact("26896".into())
        );
        assert_eq!(
            g.match_commune("764", "01", Some(UnitType::Phuong)),
            Match::Exact("26896".into())
        );
        let parsed = parse_unit_name("Phường 1");
        assert_eq!(
            g.match_commune("764", &parsed.name, parsed.unit_type),
            Match::Exact("26896".into())
        );
    }

    #[test]
    fn accent_folded_and_one_edit() {
        let g = gaz();
        // "ba cam bac" is one substitution away from "ba cum bac" (Ba Cụm Bắc) only.
        assert_eq!(
            g.match_commune("575", "Ba Cạm Bắc", None),
            Match::OneEdit("22732".into())
        );
        // "Ba Cùm Nam" folds to "ba cum nam", exactly the folded "Ba Cụm Nam": only the tone
        // differs, so it is AccentFolded, not OneEdit.
        assert_eq!(
            g.match_commune("575", "Ba Cùm Nam", None),
            Match::AccentFolded("22735".into())
        );
        // "Diên Đông" folds to "dien dong" like "Diên Đồng"; no other commune of Diên Khánh
        // folds to it.
        assert_eq!(
            g.match_commune("574", "Diên Đông", None),
            Match::AccentFolded("22666".into())
        );
        assert_eq!(
            g.match_commune("568", "Phuoc Dong", Some(UnitType::Xa)),
            Match::AccentFolded("22405".into())
        );
        assert_eq!(
            g.match_commune("568", "Phước Đông", None),
            Match::AccentFolded("22405".into())
        );
        assert_eq!(
            g.match_district("56", "Khanh Vinh", None),
            Match::AccentFolded("573".into())
        );
    }

    #[test]
    fn ambiguous_yen_vien() {
        let g = gaz();
        assert_eq!(
            g.match_commune("018", "Yên Viên", None),
            Match::Ambiguous(vec!["00526".into(), "00532".into()])
        );
        assert_eq!(
            g.match_commune("018", "Yên Viên", Some(UnitType::ThiTran)),
            Match::Exact("00526".into())
        );
        assert_eq!(
            g.match_commune("018", "Yên Viên", Some(UnitType::Xa)),
            Match::Exact("00532".into())
        );
        assert_eq!(
            g.match_commune("018", "Yen Vien", None),
            Match::Ambiguous(vec!["00526".into(), "00532".into()])
        );
    }

    #[test]
    fn ambiguous_one_edit() {
        let g = gaz();
        // "Vĩnh Thai" folds to "vinh thai", equal to the folded "Vĩnh Thái" only.
        assert_eq!(
            g.match_commune("568", "Vinh Thai", None),
            Match::AccentFolded("22402".into())
        );
        // "Phuoc Ha" is one edit from "phuoc hai" (22357) and from "phuoc hoa" (22372).
        assert_eq!(
            g.match_commune("568", "Phuoc Ha", None),
            Match::Ambiguous(vec!["22357".into(), "22372".into()])
        );
    }

    #[test]
    fn not_found_lists_nearest() {
        let g = gaz();
        let Match::NotFound { nearest } = g.match_commune("570", "Cam Hải Bắc", None) else {
            panic!("expected NotFound");
        };
        assert_eq!(nearest.len(), 3);
        for code in &nearest {
            assert_eq!(
                g.commune(code).map(|c| c.district_code.as_str()),
                Some("570")
            );
        }
        // "cam hai bac" is two edits from "cam hai tay"/"cam an bac" etc.; the closest come first.
        let first = g
            .commune(&nearest[0])
            .map(|c| c.name.clone())
            .unwrap_or_default();
        assert!(
            edit_distance(&accent_key(&first), "cam hai bac") <= 3,
            "{first}"
        );
        assert_eq!(
            g.match_commune("999", "Cam Hòa", None),
            Match::NotFound { nearest: vec![] }
        );
        assert_eq!(
            g.match_district("56", "Hà Nội", Some(UnitType::Quan)),
            Match::NotFound { nearest: vec![] }
        );
    }

    #[test]
    fn no_two_units_share_an_exact_key_and_type() {
        // The Exact step is unambiguous whenever a type is given.
        let g = gaz();
        let mut seen: HashMap<(String, UnitType, String), String> = HashMap::new();
        for (c, k) in g
            .parts()
            .flat_map(|p| p.communes.iter().zip(&p.commune_keys))
        {
            let key = (c.district_code.clone(), c.unit_type, k.exact.clone());
            assert!(seen.insert(key, c.code.clone()).is_none(), "{}", c.code);
        }
    }

    #[test]
    fn every_unit_matches_itself_and_round_trips_through_parse() {
        let g = gaz();
        for c in g.communes() {
            assert_eq!(
                g.match_commune(&c.district_code, &c.name, Some(c.unit_type)),
                Match::Exact(c.code.clone())
            );
            let full = format!("{} {}", c.unit_type, c.name);
            let p = parse_unit_name(&full);
            assert_eq!(
                (p.unit_type, p.name.as_str()),
                (Some(c.unit_type), c.name.as_str())
            );
            let ubnd = parse_unit_name(&format!("UBND {}", full.to_uppercase()));
            assert_eq!(ubnd.unit_type, Some(c.unit_type), "{full}");
        }
        for d in g.districts() {
            assert_eq!(
                g.match_district(&d.province_code, &d.name, Some(d.unit_type)),
                Match::Exact(d.code.clone())
            );
            let p = parse_unit_name(&format!("UBND {} {}", d.unit_type, d.name));
            assert_eq!(
                (p.unit_type, p.name.as_str()),
                (Some(d.unit_type), d.name.as_str())
            );
        }
    }

    #[test]
    fn match_code_helper() {
        assert_eq!(Match::Exact("1".into()).code(), Some("1"));
        assert_eq!(Match::OneEdit("2".into()).code(), Some("2"));
        assert_eq!(Match::Ambiguous(vec![]).code(), None);
        assert_eq!(Match::NotFound { nearest: vec![] }.code(), None);
    }

    // ---- search ----

    #[test]
    fn search_accent_insensitive() {
        let g = gaz();
        let hits = g.search("cam hoa");
        assert!(hits.iter().any(|h| h.code == "22438"));
        let cam_hoa = hits
            .iter()
            .find(|h| h.level == UnitLevel::Commune && h.district_code.as_deref() == Some("570"))
            .expect("Xã Cam Hòa of Cam Lâm");
        assert_eq!(cam_hoa.unit_type, Some(UnitType::Xa));
        assert_eq!(cam_hoa.district_name.as_deref(), Some("Cam Lâm"));
        assert_eq!(cam_hoa.province_name, "Khánh Hòa");
        assert_eq!(cam_hoa.province_code, "56");

        // With the type word, accented or not, abbreviated or not.
        for q in ["xa cam hoa", "Xã Cam Hòa", "X. Cam Hòa", "XÃ CAM HOÀ"] {
            let typed = g.search(q);
            assert!(typed.iter().any(|h| h.code == cam_hoa.code), "{q}");
            assert!(
                typed.iter().all(|h| h.unit_type == Some(UnitType::Xa)),
                "{q}: {typed:?}"
            );
        }
    }

    #[test]
    fn search_levels() {
        let g = gaz();
        let hits = g.search("Khánh Hòa");
        assert_eq!(hits.first().map(|h| h.level), Some(UnitLevel::Province));
        assert_eq!(hits.first().map(|h| h.code.as_str()), Some("56"));
        let district = g
            .search("huyen dien khanh")
            .into_iter()
            .find(|h| h.level == UnitLevel::District)
            .expect("Huyện Diên Khánh");
        assert_eq!(district.code, "574");
        assert_eq!(district.district_name, None);
        assert_eq!(district.province_name, "Khánh Hòa");
        assert!(g.search("").is_empty());
        assert!(g.search("   ").is_empty());
        assert!(g.search("zzzz").is_empty());
    }

    // ---- from_csv errors ----

    const HEAD: &str = "province_code,province_name,district_code,district_name,district_type,commune_code,commune_name,commune_type";

    #[test]
    fn a_name_in_every_district_is_matched_in_its_own() {
        // "Số 1" in each of three districts, the third's rows interleaved with the first's; a
        // Phường and a Xã of one name in the second.
        let text = format!(
            "{HEAD}\n99,Tỉnh Thử,001,Một,Huyện,00001,Số 1,Xã\n99,Tỉnh Thử,003,Ba,Huyện,00007,Số 1,Xã\n\
             99,Tỉnh Thử,001,Một,Huyện,00002,Số 2,Xã\n99,Tỉnh Thử,002,Hai,Huyện,00004,Số 1,Xã\n\
             99,Tỉnh Thử,002,Hai,Huyện,00005,Số 3,Phường\n99,Tỉnh Thử,002,Hai,Huyện,00006,Số 3,Xã\n\
             99,Tỉnh Thử,003,Ba,Huyện,00008,Số 2,Xã\n"
        );
        let g = Gazetteer::from_csv(&text, "t.csv").expect("parses");
        for (district, code) in [("001", "00001"), ("002", "00004"), ("003", "00007")] {
            assert_eq!(
                g.match_commune(district, "Số 1", None),
                Match::Exact(code.into())
            );
            assert_eq!(
                g.match_commune(district, "SỐ 01", None),
                Match::Exact(code.into())
            );
        }
        assert_eq!(
            g.match_commune("003", "Số 2", None),
            Match::Exact("00008".into())
        );
        assert_eq!(
            g.match_commune("002", "Số 3", None),
            Match::Ambiguous(vec!["00005".into(), "00006".into()])
        );
        assert_eq!(
            g.match_commune("002", "Số 3", Some(UnitType::Xa)),
            Match::Exact("00006".into())
        );
        assert!(matches!(
            g.match_commune("001", "Tân Lập", None),
            Match::NotFound { .. }
        ));
        assert!(matches!(
            g.match_commune("009", "Số 1", None),
            Match::NotFound { .. }
        ));
        // The index gives what walking the district's communes gives.
        let part = g.part(0).expect("the list's part");
        assert!(part.commune_exact.is_some());
        for district in ["001", "002", "003", "009"] {
            for name in ["Số 1", "số 01", "Số 2", "Số 3", "So 3", "Tân Lập"] {
                let at = |by_exact| {
                    let ids = part.communes_by_district.get(district);
                    let among = UnitsOf {
                        by_exact,
                        ..part.commune_units()
                    };
                    match_at(ids, Some(among), None, name, Commune::code_type)
                };
                assert_eq!(
                    at(part.commune_exact.as_ref()),
                    at(None),
                    "{district} {name}"
                );
            }
        }
    }

    #[test]
    fn from_csv_small_file() {
        let text = format!(
            "\u{FEFF}{HEAD}\r\n56,Khánh Hòa,570,Cam Lâm,Huyện,22522,\"Cam Hoà\",Xã\r\n56,Khánh Hòa,576,Trường Sa,Huyện,,,\r\n"
        );
        let g = Gazetteer::from_csv(&text, "t.csv").expect("parses");
        assert_eq!(g.source, "t.csv");
        assert_eq!(g.provinces().len(), 1);
        assert_eq!(g.districts().count(), 2);
        assert_eq!(g.communes().count(), 1);
        assert_eq!(
            g.match_commune("570", "Cam Hòa", Some(UnitType::Xa)),
            Match::Exact("22522".into())
        );
    }

    #[test]
    fn from_csv_without_districts() {
        let text = format!(
            "{HEAD}\n56,Khánh Hòa,,,,22333,Bắc Nha Trang,Phường\n56,Khánh Hòa,,,,22435,Cam Hiệp,Xã\n"
        );
        let g = Gazetteer::from_csv(&text, "t.csv").expect("parses");
        assert!(!g.has_districts());
        assert!(g.districts_of("56").is_empty());
        assert_eq!(g.communes_of_province("56").len(), 2);
        assert_eq!(
            g.commune("22435").map(|c| c.district_code.as_str()),
            Some("")
        );
        assert_eq!(
            g.match_commune_in_province("56", "Cam Hiep", None),
            Match::AccentFolded("22435".into())
        );
        assert!(gaz().has_districts());
        let mixed = format!(
            "{HEAD}\n56,Khánh Hòa,,,,22333,Bắc Nha Trang,Phường\n56,Khánh Hòa,570,Cam Lâm,Huyện,22522,Cam Hòa,Xã\n"
        );
        let err = Gazetteer::from_csv(&mixed, "t.csv").expect_err("mixed");
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn from_csv_errors_name_the_line() {
        let bad_type = format!("{HEAD}\n56,Khánh Hòa,570,Cam Lâm,Huyện,22522,Cam Hòa,Làng\n");
        let err = Gazetteer::from_csv(&bad_type, "t.csv").expect_err("bad type");
        assert!(err.contains("t.csv line 2"), "{err}");
        assert!(err.contains("Làng"), "{err}");

        let wrong_level = format!("{HEAD}\n56,Khánh Hòa,570,Cam Lâm,Xã,22522,Cam Hòa,Xã\n");
        let err = Gazetteer::from_csv(&wrong_level, "t.csv").expect_err("level");
        assert!(err.contains("line 2"), "{err}");

        let short = format!("{HEAD}\n\n56,Khánh Hòa,570\n");
        let err = Gazetteer::from_csv(&short, "t.csv").expect_err("short");
        assert!(err.contains("line 3"), "{err}");

        let bad_code = format!("{HEAD}\n5x,Khánh Hòa,570,Cam Lâm,Huyện,22522,Cam Hòa,Xã\n");
        assert!(Gazetteer::from_csv(&bad_code, "t.csv").is_err());

        let duplicate = format!(
            "{HEAD}\n56,Khánh Hòa,570,Cam Lâm,Huyện,22522,Cam Hòa,Xã\n56,Khánh Hòa,570,Cam Lâm,Huyện,22522,Cam Hòa,Xã\n"
        );
        let err = Gazetteer::from_csv(&duplicate, "t.csv").expect_err("dup");
        assert!(err.contains("line 3"), "{err}");

        let renamed = format!(
            "{HEAD}\n56,Khánh Hòa,570,Cam Lâm,Huyện,22522,Cam Hòa,Xã\n56,Khánh Hoà,570,Cam Lâm,Huyện,22525,Cam Hải Tây,Xã\n"
        );
        let err = Gazetteer::from_csv(&renamed, "t.csv").expect_err("renamed");
        assert!(err.contains("line 3"), "{err}");

        let no_header = "56,Khánh Hòa,570,Cam Lâm,Huyện,22522,Cam Hòa,Xã\n";
        let err = Gazetteer::from_csv(no_header, "t.csv").expect_err("header");
        assert!(err.contains("line 1"), "{err}");

        assert!(Gazetteer::from_csv("", "t.csv").is_err());
        let unterminated = format!("{HEAD}\n56,\"Khánh Hòa,570\n");
        assert!(Gazetteer::from_csv(&unterminated, "t.csv").is_err());
    }
}
