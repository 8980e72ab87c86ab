//! Normalize: raw rows to units of the gazetteer (official name and code beside the name as
//! submitted), numbers and levels. Rows that cannot be read are rejected here, with their raw
//! values and the reason. The rows of a workbook are resolved in parallel (a compiled province
//! table is one workbook of many rows); what they say and what is kept stays in row order.

pub mod number;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::BuildHasher;
use std::sync::Arc;

use compact_str::CompactString;
use rayon::prelude::*;

use crate::core::recent::Recent;
use crate::core::text::clean;
use crate::core::{Dimension, Level, UnitLevel, UnitType};
use crate::finding::{CellRef, Code, Finding, Location, Message};
use crate::gazetteer::{Gazetteer, Match, ParsedName, parse_unit_name};
use crate::ingest::layout::heading_text;
use crate::ingest::{CellView, DataRow, Field, Heading, RawCell, Role, Workbook};
use crate::pipeline::Pin;
use crate::words::Text;

use number::{parse_number, parse_percent};

/// A resolved unit. Its texts are held inline up to 24 bytes (every code, nearly every name): a
/// row read carries one, and four allocations per row were a tenth of a million-row sheet's
/// memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub level: UnitLevel,
    pub code: CompactString,
    pub unit_type: UnitType,
    /// The official (GSO) name, without the type word.
    pub name: CompactString,
    /// The district: the unit itself for a district, its parent for a commune.
    pub district_code: CompactString,
    /// The name exactly as submitted (cleaned of stray spaces).
    pub name_submitted: CompactString,
    /// Whether the submitted name needed a correction (accents or one letter).
    pub corrected: bool,
}

impl Unit {
    /// The unit's code and its district's code.
    pub fn codes(&self) -> UnitCodes {
        UnitCodes {
            code: self.code.to_string(),
            district: self.district_code.to_string(),
        }
    }
}

/// A unit by its GSO code and its district's code (a district's own code for a district).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCodes {
    pub code: String,
    pub district: String,
}

/// The values of one dimension. The numbers beside the score are held apart, boxed, only when a
/// table gives any: most give the score alone, and every row carries two of these.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DimValues {
    pub score: Option<f64>,
    pub level_declared: Option<Level>,
    /// Where each field of the dimension sits (for locating problems).
    pub cells: FieldCells,
    /// The column the score came from, on the row of `cells` (0: none; beside `cells`, not in
    /// it, where it packs with the level: 48 bytes, not 56).
    score_col: u16,
    more: Option<Box<MoreNumbers>>,
}

// Two per entry, a million entries for a million rows: kept at 48 bytes (see `score_col`).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<DimValues>() <= 48);

/// The numbers of a dimension beside its score.
#[derive(Debug, Clone, Default, PartialEq)]
struct MoreNumbers {
    maximum: Option<f64>,
    not_applicable: Option<f64>,
    applicable_max: Option<f64>,
    raw_points: Option<f64>,
    percent: Option<f64>,
    converted: Option<f64>,
}

impl DimValues {
    /// The cell of a field, if the table has that column.
    pub fn cell_of(&self, field: Field) -> Option<CellRef> {
        self.cells.get(field)
    }

    /// Where the score came from: its own column, or the converted score's when the table has
    /// no total.
    pub fn cell(&self) -> Option<CellRef> {
        self.cells.at(self.score_col)
    }

    /// Notes where the score came from: a cell of the row of `cells`, else none.
    fn note_score_cell(&mut self, cell: CellRef) {
        self.score_col = self.cells.col_on_row(cell).unwrap_or(0);
    }

    /// The applicable maximum: as given, else the maximum less what is not applicable.
    pub fn applicable(&self, max: f64) -> Option<f64> {
        self.applicable_max()
            .or(self.not_applicable().map(|na| max - na))
    }

    fn more(&self, number: fn(&MoreNumbers) -> Option<f64>) -> Option<f64> {
        self.more.as_deref().and_then(number)
    }

    /// The unit's own maximum of the dimension, when the table gives one.
    pub fn maximum(&self) -> Option<f64> {
        self.more(|m| m.maximum)
    }

    pub fn not_applicable(&self) -> Option<f64> {
        self.more(|m| m.not_applicable)
    }

    pub fn applicable_max(&self) -> Option<f64> {
        self.more(|m| m.applicable_max)
    }

    pub fn raw_points(&self) -> Option<f64> {
        self.more(|m| m.raw_points)
    }

    pub fn percent(&self) -> Option<f64> {
        self.more(|m| m.percent)
    }

    pub fn converted(&self) -> Option<f64> {
        self.more(|m| m.converted)
    }

    /// Sets a number beside the score: the maximum, not applicable, applicable maximum, raw
    /// points, percent or converted score (the score and the level have fields of their own).
    pub fn set_more(&mut self, field: Field, x: Option<f64>) {
        if x.is_none() && self.more.is_none() {
            return;
        }
        let m = self.more.get_or_insert_with(Box::default);
        match field {
            Field::Maximum => m.maximum = x,
            Field::NotApplicable => m.not_applicable = x,
            Field::ApplicableMax => m.applicable_max = x,
            Field::RawPoints => m.raw_points = x,
            Field::Percent => m.percent = x,
            Field::Converted => m.converted = x,
            Field::Score | Field::Level => {}
        }
    }
}

/// The cells of a dimension's fields, all on one row (the row they were read from): the row,
/// and per field its column (0: none), held inline rather than as a list per row.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FieldCells {
    row: u32,
    cols: [u16; FieldCells::FIELDS],
}

impl FieldCells {
    const FIELDS: usize = 8;

    fn slot(field: Field) -> usize {
        match field {
            Field::Score => 0,
            Field::Level => 1,
            Field::Maximum => 2,
            Field::NotApplicable => 3,
            Field::ApplicableMax => 4,
            Field::RawPoints => 5,
            Field::Percent => 6,
            Field::Converted => 7,
        }
    }

    /// Notes where a field sits (1-based cell); the first cell of a field is kept. A cell on
    /// another row than the first, or beyond Excel's 16,384 columns, is not noted: a row's
    /// cells cannot be.
    pub fn note(&mut self, field: Field, cell: CellRef) {
        let Ok(col) = u16::try_from(cell.col) else {
            return;
        };
        if self.cols.iter().any(|&c| c != 0) && self.row != cell.row {
            return;
        }
        self.row = cell.row;
        let slot = &mut self.cols[Self::slot(field)];
        if *slot == 0 {
            *slot = col;
        }
    }

    pub fn get(&self, field: Field) -> Option<CellRef> {
        self.at(self.cols[Self::slot(field)])
    }

    /// The column of a cell on this row (none for another row, or beyond 65,535 columns).
    fn col_on_row(&self, cell: CellRef) -> Option<u16> {
        u16::try_from(cell.col)
            .ok()
            .filter(|_| cell.row == self.row)
    }

    /// The cell at a column of this row (none for column 0).
    fn at(&self, col: u16) -> Option<CellRef> {
        (col != 0).then_some(CellRef {
            row: self.row,
            col: u32::from(col),
        })
    }
}

/// A sheet of a file: shared by the rows read from it, not two names per row.
#[derive(Debug, PartialEq, Eq)]
pub struct SheetOf {
    pub file: Arc<str>,
    pub sheet: Arc<str>,
}

/// A physical row and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct RowRef {
    pub at: Arc<SheetOf>,
    pub row: u32,
    /// The table's row number as written (STT), if any.
    pub stt: Option<u32>,
    /// The row's raw cells (shared with the row as read, not copied).
    pub raw: Arc<[RawCell]>,
}

impl RowRef {
    /// The file the row is in (as shown).
    pub fn file(&self) -> &str {
        &self.at.file
    }

    pub fn sheet(&self) -> &str {
        &self.at.sheet
    }
}

/// The values a record gives, per dimension: a slot per dimension held inline (a map would
/// allocate a node of eleven slots per row, ~1.6 KB, for at most two values).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dims([Option<DimValues>; 2]);

impl Dims {
    /// A dimension's slot: its position in `Dimension::ALL` (checked at compile time below), so
    /// that `iter` can pair the slots with `ALL`.
    const fn slot(dim: Dimension) -> usize {
        match dim {
            Dimension::Achieved => 0,
            Dimension::Readiness => 1,
        }
    }

    pub fn get(&self, dim: &Dimension) -> Option<&DimValues> {
        self.0[Self::slot(*dim)].as_ref()
    }

    pub fn contains_key(&self, dim: &Dimension) -> bool {
        self.get(dim).is_some()
    }

    /// Sets a dimension's values; the previous ones, if any.
    pub fn insert(&mut self, dim: Dimension, values: DimValues) -> Option<DimValues> {
        self.0[Self::slot(dim)].replace(values)
    }

    /// The dimensions given and their values, in `Dimension`'s order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static Dimension, &DimValues)> + '_ {
        Dimension::ALL
            .iter()
            .zip(&self.0)
            .filter_map(|(d, v)| v.as_ref().map(|v| (d, v)))
    }

    pub fn keys(&self) -> impl Iterator<Item = &'static Dimension> + '_ {
        self.iter().map(|(d, _)| d)
    }

    pub fn len(&self) -> usize {
        self.0.iter().flatten().count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The dimensions given and their values, taken.
    pub fn into_pairs(self) -> impl Iterator<Item = (Dimension, DimValues)> {
        Dimension::ALL
            .into_iter()
            .zip(self.0)
            .filter_map(|(d, v)| v.map(|v| (d, v)))
    }

    /// Which dimensions are given, one bit per dimension.
    fn mask(&self) -> u8 {
        self.keys().fold(0, |m, d| m | 1 << Self::slot(*d))
    }
}

// Each slot is its dimension's position in `Dimension::ALL`.
const _: () = {
    let mut k = 0;
    while k < Dimension::ALL.len() {
        assert!(Dims::slot(Dimension::ALL[k]) == k);
        k += 1;
    }
};

/// A unit's record for the year: one or more physical rows (one table per dimension) joined.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Shared by a file's entries of the same unit written the same way (`accept_row`).
    pub unit: Arc<Unit>,
    pub dims: Dims,
    pub rows: Vec<RowRef>,
    pub name_cell: CellRef,
}

/// A row rejected with its reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    pub row: RowRef,
    pub code: Code,
    pub cell: Option<CellRef>,
    pub message: Message,
    /// The row's unit, when its name was resolved before the row was rejected.
    pub unit: Option<UnitCodes>,
}

/// What normalize hands on.
#[derive(Debug, Default)]
pub struct Normalized {
    pub entries: Vec<Entry>,
    pub rejected: Vec<Rejected>,
    /// Per file: data rows read (accepted or rejected later).
    pub data_rows: BTreeMap<String, u64>,
}

impl Normalized {
    /// Appends another part (files normalized apart, in file order).
    pub fn append(&mut self, other: Normalized) {
        append_entries(&mut self.entries, other.entries);
        self.rejected.extend(other.rejected);
        for (k, v) in other.data_rows {
            *self.data_rows.entry(k).or_default() += v;
        }
    }
}

/// Where a row's district came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistrictSource {
    Heading,
    Title,
    DistrictRow,
    Pin,
}

fn stt_of(row: &DataRow) -> Option<u32> {
    let c = row.get(Role::RowNumber)?;
    match &c.value {
        crate::ingest::RawValue::Number(n) if *n >= 0.0 && n.fract() == 0.0 && *n < 1e6 => {
            Some(*n as u32)
        }
        crate::ingest::RawValue::Text(t) => clean(t).trim_end_matches('.').parse().ok(),
        _ => None,
    }
}

fn code_list(gaz: &Gazetteer, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| {
            if let Some(u) = gaz.commune(c) {
                format!("{} {} ({c})", u.unit_type, u.name)
            } else if let Some(d) = gaz.district(c) {
                format!("{} {} ({c})", d.unit_type, d.name)
            } else {
                c.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A district as people write it: type word and name ("Huyện Cam Lâm"); empty if unknown.
fn district_label(gaz: &Gazetteer, code: &str) -> String {
    gaz.district(code)
        .map(|d| format!("{} {}", d.unit_type, d.name))
        .unwrap_or_default()
}

/// A province as people write it ("Tỉnh Khánh Hòa"): where a commune is looked for on a map
/// without districts.
pub fn province_label(gaz: &Gazetteer, code: &str) -> String {
    gaz.province(code)
        .map(|p| format!("Tỉnh {}", p.name))
        .unwrap_or_else(|| code.to_string())
}

/// Resolves a district name inside the province; the finding explains a failure.
pub fn resolve_district(
    gaz: &Gazetteer,
    province: &str,
    text: &str,
) -> Result<(String, bool), (Code, Message)> {
    let p = parse_unit_name(text);
    let ty = p.unit_type.filter(|t| t.level() == UnitLevel::District);
    match gaz.match_district(province, &p.name, ty) {
        Match::Exact(c) => Ok((c, false)),
        Match::AccentFolded(c) | Match::OneEdit(c) => Ok((c, true)),
        Match::Ambiguous(cs) => Err((
            Code::AmbiguousUnit,
            Text::AmbiguousDistrict {
                text: text.to_string(),
                candidates: code_list(gaz, &cs),
            }
            .into(),
        )),
        Match::NotFound { nearest } => {
            let (text, province) = (text.to_string(), province.to_string());
            let message = if nearest.is_empty() {
                Text::UnknownDistrictNoNearName { text, province }
            } else {
                Text::UnknownDistrictNearest {
                    text,
                    province,
                    nearest: code_list(gaz, &nearest),
                }
            };
            Err((Code::UnknownDistrict, message.into()))
        }
    }
}

struct Ctx<'a> {
    gaz: &'a Gazetteer,
    province: &'a str,
}

/// Resolves every data row of the workbooks.
pub fn normalize(
    workbooks: &[Workbook],
    gaz: &Gazetteer,
    province: &str,
    pins: &[Pin],
    findings: &mut Vec<Finding>,
) -> Normalized {
    let ctx = Ctx { gaz, province };
    let mut out = Normalized::default();
    for wb in workbooks {
        normalize_workbook(&ctx, wb, pins, findings, &mut out);
    }
    out
}

/// The district a file is about, from its title rows, its own district row, or a pin.
fn file_district(
    ctx: &Ctx,
    wb: &Workbook,
    pins: &[Pin],
    findings: &mut Vec<Finding>,
) -> Option<(String, DistrictSource)> {
    if let Some(h) = &wb.title_district {
        let loc = Location::cell(&wb.file, wb.title_sheet.as_deref().unwrap_or(""), h.cell);
        match resolve_district(ctx.gaz, ctx.province, &h.text) {
            Ok((code, _)) => return Some((code, DistrictSource::Title)),
            Err((code, msg)) => findings.push(Finding::new(code, loc, msg)),
        }
    }
    for t in &wb.tables {
        for r in &t.rows {
            if let Some(CellView {
                value: crate::ingest::RawValue::Text(name),
                ..
            }) = r.get(Role::Unit)
            {
                let p = parse_unit_name(name);
                if p.unit_type
                    .is_some_and(|ty| ty.level() == UnitLevel::District)
                    && let Ok((code, _)) = resolve_district(ctx.gaz, ctx.province, name)
                {
                    return Some((code, DistrictSource::DistrictRow));
                }
            }
        }
    }
    pinned_district(ctx, wb, pins, findings)
}

/// The district the pipeline pins a file to; a pin outside the province is a finding.
fn pinned_district(
    ctx: &Ctx,
    wb: &Workbook,
    pins: &[Pin],
    findings: &mut Vec<Finding>,
) -> Option<(String, DistrictSource)> {
    let file_name = std::path::Path::new(&*wb.file)
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    for pin in pins {
        if pin.file == file_name || *pin.file == *wb.file {
            if ctx
                .gaz
                .district(&pin.district_code)
                .is_some_and(|d| d.province_code == ctx.province)
            {
                return Some((pin.district_code.clone(), DistrictSource::Pin));
            }
            findings.push(Finding::new(
                Code::UnknownDistrict,
                Location::file(&wb.file),
                Text::PinnedDistrictNotInProvince {
                    district_code: pin.district_code.clone(),
                    province: ctx.province.to_string(),
                }
                .into(),
            ));
        }
    }
    None
}

/// What the rows of one file leave behind while it is read.
#[derive(Default)]
struct FileRows {
    /// The file's entries in row order, joined at the end (one table per dimension).
    entries: Vec<Entry>,
    /// The districts of its communes and where each came from, in the order first met.
    sources: Vec<(String, DistrictSource)>,
    /// The districts already in `sources`.
    said: HashSet<String>,
    /// Each group heading resolved once (per sheet and cell), not once per row under it.
    headings: HashMap<(String, CellRef), Result<String, ()>>,
    /// Units of the file's entries met lately, for the next entry of the same unit to share.
    units: RecentUnits,
}

/// The units of a file's entries met lately, by the hash of their level and code: a unit
/// repeated row after row (or every few rows) is one allocation, not one per row.
#[derive(Default)]
struct RecentUnits(Recent<Unit, { RecentUnits::SLOTS }>);

impl RecentUnits {
    const SLOTS: usize = 1024;

    /// `unit` becomes the one met before when it is the same (as written too), else it is kept.
    fn share(&mut self, unit: &mut Arc<Unit>) {
        let hash = rustc_hash::FxBuildHasher.hash_one((unit.level, unit.code.as_str()));
        *unit = self.0.get_or_make(hash, |u| *u == **unit, || unit.clone());
    }
}

fn normalize_workbook(
    ctx: &Ctx,
    wb: &Workbook,
    pins: &[Pin],
    findings: &mut Vec<Finding>,
    out: &mut Normalized,
) {
    // A map without districts: communes are resolved inside the province, headings and titles
    // name no district.
    let districts = ctx.gaz.has_districts();
    let file_ctx = districts
        .then(|| file_district(ctx, wb, pins, findings))
        .flatten();
    let mut rows = FileRows::default();
    let planned: usize = wb.tables.iter().map(|t| t.rows.len()).sum();
    rows.entries.reserve(planned);
    if planned > 0 {
        *out.data_rows.entry(wb.file.to_string()).or_default() += planned as u64;
    }
    // Each table's file and sheet, shared by its rows.
    let sheets: Vec<Arc<SheetOf>> = wb
        .tables
        .iter()
        .map(|t| {
            Arc::new(SheetOf {
                file: wb.file.clone(),
                sheet: t.sheet.clone(),
            })
        })
        .collect();
    // A chunk of rows at a time (only a chunk's plan and results wait to be joined), in row
    // order: 1. each row's district, 2. each row resolved on its own, 3. the row taken or
    // rejected.
    let mut in_order = wb
        .tables
        .iter()
        .zip(&sheets)
        .flat_map(|(t, at)| t.rows.iter().map(move |r| (t, at, r)));
    loop {
        // 1. A group heading is resolved once, and what it says is kept with the row that met
        // it first.
        let chunk: Vec<Planned> = in_order
            .by_ref()
            .take(CHUNK)
            .map(|(table, at, row)| {
                let mut met = Vec::new();
                // The district in force for this row: its heading's (if it resolves), else the
                // file's.
                let district = match &row.heading {
                    Some(h) if districts => {
                        heading_district(ctx, wb, &table.sheet, h, &mut rows, &mut met)
                    }
                    _ => file_ctx.clone(),
                };
                (table, at, row, district, met)
            })
            .collect();
        if chunk.is_empty() {
            break;
        }
        resolve_chunk(ctx, wb, chunk, &mut rows, findings, out);
    }
    for (code, source) in rows.sources {
        findings.push(Finding::new(
            Code::DistrictSource,
            Location {
                district: Some(code.clone()),
                ..Location::file(&wb.file)
            },
            Text::CommunesDistrictFrom {
                district: district_label(ctx.gaz, &code),
                code,
                source,
            }
            .into(),
        ));
    }
    append_entries(&mut out.entries, join_units(rows.entries));
}

/// Appends `more` to `entries`, taking `more`'s vector whole when `entries` is empty (one large
/// workbook: its entries are not copied into a second vector).
fn append_entries(entries: &mut Vec<Entry>, more: Vec<Entry>) {
    if entries.is_empty() {
        *entries = more;
    } else {
        entries.extend(more);
    }
}

/// A row planned with its table, its file and sheet, its district and what its heading said.
type Planned<'a> = (
    &'a crate::ingest::Table,
    &'a Arc<SheetOf>,
    &'a DataRow,
    Option<(String, DistrictSource)>,
    Vec<Finding>,
);

/// The rows `normalize_workbook` plans and resolves at a time.
const CHUNK: usize = 4096;

/// Steps 2 and 3 of `normalize_workbook`, for a chunk of rows.
fn resolve_chunk(
    ctx: &Ctx,
    wb: &Workbook,
    chunk: Vec<Planned>,
    rows: &mut FileRows,
    findings: &mut Vec<Finding>,
    out: &mut Normalized,
) {
    // 2. Every row resolved on its own (its name, numbers and levels), in parallel: a compiled
    // province table is one workbook of many rows. 3. Then in row order, as one pass would: what
    // the heading said, what the row said, then the row accepted (joined) or rejected.
    let resolved: Vec<(Result<Entry, Rejection>, Vec<Finding>)> = chunk
        .par_iter()
        .map(|(table, at, row, district, _)| {
            let mut own = Vec::new();
            let result = match blocked_by_header(table, row) {
                Some(rej) => Err((rej, None)),
                None => normalize_row(
                    ctx,
                    wb,
                    at,
                    row,
                    district.as_ref().map(|(c, _)| c.as_str()),
                    &mut own,
                ),
            };
            (result, own)
        })
        .collect();
    for ((_, at, row, district, met), (result, own)) in chunk.into_iter().zip(resolved) {
        findings.extend(met);
        findings.extend(own);
        match result {
            Ok(entry) => accept_row(at, entry, &district, rows, findings),
            Err(rej) => reject_row(at, row, rej, findings, out),
        }
    }
}

/// The district a group heading names, resolved once per heading; a heading that names none is
/// a finding (once) and leaves its rows without a district.
fn heading_district(
    ctx: &Ctx,
    wb: &Workbook,
    sheet: &str,
    h: &Heading,
    rows: &mut FileRows,
    findings: &mut Vec<Finding>,
) -> Option<(String, DistrictSource)> {
    let key = (sheet.to_string(), h.cell);
    let resolved = rows.headings.entry(key).or_insert_with(|| {
        let r = resolve_district(ctx.gaz, ctx.province, &h.text);
        if let Err((code, msg)) = &r {
            findings.push(Finding::new(
                *code,
                Location::cell(&wb.file, sheet, h.cell),
                msg.clone(),
            ));
        }
        r.map(|(code, _)| code).map_err(|_| ())
    });
    match resolved {
        Ok(code) => Some((code.clone(), DistrictSource::Heading)),
        Err(()) => None,
    }
}

/// An accepted row: where its district came from is noted (communes), a corrected name said, and
/// the entry joined to the file's entries.
fn accept_row(
    at: &SheetOf,
    mut entry: Entry,
    district: &Option<(String, DistrictSource)>,
    rows: &mut FileRows,
    findings: &mut Vec<Finding>,
) {
    rows.units.share(&mut entry.unit);
    if entry.unit.level == UnitLevel::Commune
        && let Some((code, source)) = district
        && rows.said.insert(code.clone())
    {
        rows.sources.push((code.clone(), *source));
    }
    if entry.unit.corrected {
        let u = &entry.unit;
        findings.push(Finding::new(
            Code::UnitNameCorrected,
            Location::cell(&at.file, &at.sheet, entry.name_cell)
                .with_unit(&u.code, &u.district_code),
            Text::UnitNameReadAs {
                submitted: u.name_submitted.to_string(),
                official: format!("{} {}", u.unit_type, u.name),
                code: u.code.to_string(),
            }
            .into(),
        ));
    }
    rows.entries.push(entry);
}

/// A rejected row: its finding, and the row with its raw values among the rejects (with its
/// unit when its name was resolved).
fn reject_row(
    at: &Arc<SheetOf>,
    row: &DataRow,
    ((code, cell, message), unit): Rejection,
    findings: &mut Vec<Finding>,
    out: &mut Normalized,
) {
    let mut location = Location::cell(
        &at.file,
        &at.sheet,
        cell.unwrap_or(CellRef {
            row: row.row,
            col: 1,
        }),
    );
    if let Some(u) = &unit {
        location = location.with_unit(&u.code, &u.district);
    }
    findings.push(Finding::new(code, location, message.clone()));
    out.rejected.push(Rejected {
        row: row_ref(at, row),
        code,
        cell,
        message,
        unit,
    });
}

/// A data row as a physical row of its file.
fn row_ref(at: &Arc<SheetOf>, row: &DataRow) -> RowRef {
    RowRef {
        at: at.clone(),
        row: row.row,
        stt: stt_of(row),
        raw: row.raw.clone(),
    }
}

/// Joins entries, in order, that complete each other: one table per dimension within a file
/// (`normalize_workbook`), or one file (one office) per dimension across the year's files
/// (`validate`; within a file that changes nothing, each file was joined already). An entry is
/// joined to the first earlier entry of the same unit whose dimensions are disjoint from its own;
/// the joined entry keeps the rows of both. Entries that give a dimension twice are left apart
/// (validate reports them as duplicates). Units met once are passed through untouched (and when
/// no unit repeats, the entries are returned as they are).
pub fn join_units(entries: Vec<Entry>) -> Vec<Entry> {
    let repeated = repeated_units(&entries);
    join_repeated(entries, repeated)
}

/// [`join_units`], with each joined entry's `repeated_units` (counted again only when some
/// unit repeated).
pub fn join_units_counted(entries: Vec<Entry>) -> (Vec<Entry>, Vec<bool>) {
    let repeated = repeated_units(&entries);
    if !repeated.contains(&true) {
        return (entries, repeated);
    }
    let joined = join_repeated(entries, repeated);
    let repeated = repeated_units(&joined);
    (joined, repeated)
}

/// [`join_units`] with the entries' `repeated_units` already known.
fn join_repeated(mut entries: Vec<Entry>, repeated: Vec<bool>) -> Vec<Entry> {
    if !repeated.contains(&true) {
        return entries;
    }
    // Joined in place: an entry joined to an earlier one gives it its values and rows and is
    // dropped at the end.
    let mut joined = vec![false; entries.len()];
    // Per unit, its entries (by index) grouped by the dimensions they hold (`Dims::mask`), each
    // group in file order: a unit repeated a million times is joined in a few steps per row, not
    // by a walk over all its earlier rows.
    let mut by_unit: HashMap<(UnitLevel, CompactString), [BTreeSet<usize>; 4]> = HashMap::new();
    for (j, repeated) in repeated.into_iter().enumerate() {
        if !repeated {
            continue;
        }
        let unit = &entries[j].unit;
        let groups = by_unit.entry((unit.level, unit.code.clone())).or_default();
        let mask = entries[j].dims.mask() as usize;
        let first = (0..groups.len())
            .filter(|&m| m & mask == 0)
            .filter_map(|m| groups[m].first().map(|&i| (i, m)))
            .min();
        let Some((i, m)) = first else {
            groups[mask].insert(j);
            continue;
        };
        groups[m].remove(&i);
        let dims = std::mem::take(&mut entries[j].dims);
        let rows = std::mem::take(&mut entries[j].rows);
        joined[j] = true;
        let earlier = &mut entries[i];
        for (d, v) in dims.into_pairs() {
            earlier.dims.insert(d, v);
        }
        earlier.rows.extend(rows);
        groups[earlier.dims.mask() as usize].insert(i);
    }
    let mut k = 0;
    entries.retain(|_| {
        k += 1;
        !joined[k - 1]
    });
    entries
}

/// Per entry, whether its unit (level and code) has another entry among them.
pub fn repeated_units(entries: &[Entry]) -> Vec<bool> {
    let mut count: HashMap<(UnitLevel, &str), u32, rustc_hash::FxBuildHasher> =
        HashMap::with_capacity_and_hasher(entries.len(), rustc_hash::FxBuildHasher);
    for e in entries {
        *count
            .entry((e.unit.level, e.unit.code.as_str()))
            .or_default() += 1;
    }
    entries
        .iter()
        .map(|e| {
            count
                .get(&(e.unit.level, e.unit.code.as_str()))
                .is_some_and(|&n| n > 1)
        })
        .collect()
}

type RowError = (Code, Option<CellRef>, Message);

/// Why a row is rejected, with its unit when its name was resolved before.
type Rejection = (RowError, Option<UnitCodes>);

/// A row of a table whose header leaves a dimension without its score (`header-ambiguous`): it
/// is rejected, located at its cell under the column in doubt.
fn blocked_by_header(table: &crate::ingest::Table, row: &DataRow) -> Option<RowError> {
    let doubt = table.doubts.get(table.blocked?)?;
    Some((
        Code::HeaderAmbiguous,
        Some(CellRef {
            row: row.row,
            col: doubt.col,
        }),
        Text::HeaderBlocksRow {
            cell: doubt.cell,
            label: doubt.label.clone(),
            candidates: doubt.candidates.clone(),
        }
        .into(),
    ))
}

fn normalize_row(
    ctx: &Ctx,
    wb: &Workbook,
    at: &Arc<SheetOf>,
    row: &DataRow,
    district: Option<&str>,
    findings: &mut Vec<Finding>,
) -> Result<Entry, Rejection> {
    let unit_cell = row.get(Role::Unit);
    let name_cell = unit_cell.map(|c| c.cell).unwrap_or(CellRef {
        row: row.row,
        col: 1,
    });
    let submitted = unit_cell
        .map(|c| clean(&c.value.display()))
        .unwrap_or_default();
    if submitted.is_empty() || !submitted.chars().any(|c| c.is_alphabetic()) {
        let error = (Code::MissingName, Some(name_cell), Text::NoUnitName.into());
        return Err((error, None));
    }
    let unit = resolve_unit(ctx, &submitted, district)
        .map_err(|(code, msg)| ((code, Some(name_cell), msg), None))?;

    let mut dims = Dims::default();
    // Warnings of this row, reported only if the row is not rejected.
    let mut warnings = Vec::new();
    for dim in Dimension::ALL {
        match read_dim(wb, &at.sheet, row, dim, &mut warnings) {
            Ok(Some(v)) => {
                dims.insert(dim, v);
            }
            Ok(None) => {}
            Err(error) => return Err((error, Some(unit.codes()))),
        }
    }
    for mut w in warnings {
        w.location = w.location.with_unit(&unit.code, &unit.district_code);
        findings.push(w);
    }
    Ok(Entry {
        unit: Arc::new(unit),
        dims,
        rows: vec![row_ref(at, row)],
        name_cell,
    })
}

/// The values of one dimension in a row; `None` when its table has no column for the dimension
/// (with a column, an empty score is a missing dimension, located). A cell that is not a number
/// rejects the row.
fn read_dim(
    wb: &Workbook,
    sheet: &str,
    row: &DataRow,
    dim: Dimension,
    warnings: &mut Vec<Finding>,
) -> Result<Option<DimValues>, RowError> {
    let mut v = DimValues::default();
    let mut any = false;
    for (role, cell) in row.cells() {
        let Role::Dim(d, field) = role else { continue };
        if d != dim {
            continue;
        }
        v.cells.note(field, cell.cell);
        any = true;
        let bad = |error| not_a_number(dim, field, cell.cell, error);
        match field {
            Field::Level => read_level(wb, sheet, dim, cell, &mut v, warnings),
            Field::Percent => v.set_more(field, parse_percent(cell.value).map_err(bad)?),
            other => {
                let x = parse_number(cell.value).map_err(bad)?;
                set_number(&mut v, other, x, cell.cell);
            }
        }
    }
    // Full scoring without a total: the converted score is the score.
    if v.score.is_none()
        && let Some(c) = v.converted()
    {
        v.score = Some(c);
        if let Some(c) = row.get(Role::Dim(dim, Field::Converted)) {
            v.note_score_cell(c.cell);
        }
    }
    Ok(any.then_some(v))
}

/// A cell of a dimension that is not a number: the row's rejection.
fn not_a_number(dim: Dimension, field: Field, cell: CellRef, error: number::NumError) -> RowError {
    (
        Code::TypeError,
        Some(cell),
        Text::NumberUnreadable { dim, field, error }.into(),
    )
}

/// A number read from a cell, put in the field it is under.
fn set_number(v: &mut DimValues, field: Field, x: Option<f64>, cell: CellRef) {
    match field {
        Field::Score => {
            v.score = x;
            v.note_score_cell(cell);
        }
        Field::Level => {}
        other => v.set_more(other, x),
    }
}

/// A declared level: its words ("I", "Mức II", "Không xếp hạng") or a number 1-4. Anything else
/// is a warning (the computed level is used); an empty cell or a dash ("no value", as for
/// numbers) is no declared level.
fn read_level(
    wb: &Workbook,
    sheet: &str,
    dim: Dimension,
    cell: CellView,
    v: &mut DimValues,
    warnings: &mut Vec<Finding>,
) {
    let shown = if let Some(t) = cell.value.text() {
        v.level_declared = Level::parse(t);
        let shown = clean(t);
        if matches!(shown.as_str(), "" | "-" | "—" | "–" | "--") {
            return;
        }
        shown
    } else if !cell.value.is_empty() {
        // A number 1-4 is a level; anything else (5, 2.5, a date, an error) is not.
        v.level_declared = match *cell.value {
            crate::ingest::RawValue::Number(n) if n.fract() == 0.0 && (1.0..=4.0).contains(&n) => {
                Level::from_number(n as u32)
            }
            _ => None,
        };
        cell.value.display()
    } else {
        return;
    };
    if v.level_declared.is_none() {
        warnings.push(Finding::new(
            Code::LevelUnreadable,
            Location::cell(&wb.file, sheet, cell.cell),
            Text::LevelUnreadable { dim, shown }.into(),
        ));
    }
}

fn no_district(submitted: &str) -> (Code, Message) {
    (
        Code::DistrictUnknownForTable,
        Text::NoDistrictForUnit {
            submitted: submitted.to_string(),
        }
        .into(),
    )
}

fn resolve_unit(
    ctx: &Ctx,
    submitted: &str,
    district: Option<&str>,
) -> Result<Unit, (Code, Message)> {
    let p = parse_unit_name(submitted);
    if !ctx.gaz.has_districts() {
        // No district level: every unit is a commune of the province ("" as its district).
        return commune_unit(ctx, &p, submitted, "");
    }
    let is_district_type = p
        .unit_type
        .is_some_and(|t| t.level() == UnitLevel::District);
    // A row naming a district ("UBND huyện Cam Lâm", "TP. Cam Ranh", or a heading-like row).
    if is_district_type || (p.unit_type.is_none() && district.is_none()) {
        return district_unit(ctx, submitted, is_district_type);
    }
    let Some(district) = district else {
        return Err(no_district(submitted));
    };
    commune_unit(ctx, &p, submitted, district)
}

/// A commune resolved inside its district (inside the province when `district` is "": a map
/// without districts).
fn commune_unit(
    ctx: &Ctx,
    p: &ParsedName,
    submitted: &str,
    district: &str,
) -> Result<Unit, (Code, Message)> {
    let (code, corrected) = find_commune(ctx, p, submitted, district)?;
    let c = ctx
        .gaz
        .commune(&code)
        .ok_or_else(|| (Code::UnknownUnit, Text::CommuneCodeNotInGazetteer.into()))?;
    Ok(Unit {
        level: UnitLevel::Commune,
        code: code.as_str().into(),
        unit_type: c.unit_type,
        name: c.name.as_str().into(),
        district_code: c.district_code.as_str().into(),
        name_submitted: submitted.into(),
        corrected,
    })
}

/// A row naming a district, or a name without a type word where no district is known (then a
/// name that is no district is a commune whose district cannot be told).
fn district_unit(
    ctx: &Ctx,
    submitted: &str,
    is_district_type: bool,
) -> Result<Unit, (Code, Message)> {
    let (code, corrected) = match resolve_district(ctx.gaz, ctx.province, submitted) {
        Ok(found) => found,
        Err(_) if !is_district_type => return Err(no_district(submitted)),
        Err(e) => return Err(e),
    };
    let d = ctx
        .gaz
        .district(&code)
        .ok_or_else(|| (Code::UnknownUnit, Text::DistrictCodeNotInGazetteer.into()))?;
    Ok(Unit {
        level: UnitLevel::District,
        code: code.as_str().into(),
        unit_type: d.unit_type,
        name: d.name.as_str().into(),
        district_code: code.into(),
        name_submitted: submitted.into(),
        corrected,
    })
}

/// A commune name matched inside its district: its code, and whether the name needed a
/// correction.
fn find_commune(
    ctx: &Ctx,
    p: &ParsedName,
    submitted: &str,
    district: &str,
) -> Result<(String, bool), (Code, Message)> {
    let ty = p.unit_type.filter(|t| t.level() == UnitLevel::Commune);
    let matcher = |name: &str, ty| {
        if district.is_empty() {
            ctx.gaz.match_commune_in_province(ctx.province, name, ty)
        } else {
            ctx.gaz.match_commune(district, name, ty)
        }
    };
    let mut m = matcher(&p.name, ty);
    if matches!(m, Match::NotFound { .. }) && p.unit_type.is_some() {
        // Some names begin with a type word ("Phường Đúc" read as Phường + "Đúc"): try the whole.
        let whole = matcher(&clean(submitted), None);
        if !matches!(whole, Match::NotFound { .. } | Match::Ambiguous(_)) {
            m = whole;
        }
    }
    match m {
        Match::Exact(c) => Ok((c, false)),
        Match::AccentFolded(c) | Match::OneEdit(c) => Ok((c, true)),
        Match::Ambiguous(cs) => Err((
            Code::AmbiguousUnit,
            Text::AmbiguousCommune {
                submitted: submitted.to_string(),
                candidates: code_list(ctx.gaz, &cs),
            }
            .into(),
        )),
        Match::NotFound { nearest } => Err(commune_not_found(
            ctx, &p.name, ty, submitted, district, &nearest,
        )),
    }
}

/// Why a commune name is not in its district: it is a commune of another district of the
/// province (listed under the wrong one), or no unit at all (with the nearest names, if any).
fn commune_not_found(
    ctx: &Ctx,
    name: &str,
    ty: Option<UnitType>,
    submitted: &str,
    district: &str,
    nearest: &[String],
) -> (Code, Message) {
    let here = if district.is_empty() {
        province_label(ctx.gaz, ctx.province)
    } else {
        district_label(ctx.gaz, district)
    };
    let submitted = submitted.to_string();
    for d in ctx.gaz.districts_of(ctx.province) {
        if d.code == district {
            continue;
        }
        if let Match::Exact(code) = ctx.gaz.match_commune(&d.code, name, ty) {
            let message = Text::CommuneOfOtherDistrict {
                submitted,
                code,
                district: format!("{} {}", d.unit_type, d.name),
                here,
            };
            return (Code::WrongDistrict, message.into());
        }
    }
    let message = if nearest.is_empty() {
        Text::UnknownUnitNoNearName { submitted, here }
    } else {
        Text::UnknownUnitNearest {
            submitted,
            here,
            nearest: code_list(ctx.gaz, nearest),
        }
    };
    (Code::UnknownUnit, message.into())
}

/// The heading text of a row if the row is a group heading (used by `compare`).
pub fn is_heading(text: &str) -> bool {
    heading_text(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_cells_keep_the_first_cell_of_each_field_on_its_row() {
        let at = |row, col| CellRef { row, col };
        let mut cells = FieldCells::default();
        assert_eq!(cells.get(Field::Score), None);
        cells.note(Field::Score, at(7, 3));
        cells.note(Field::Level, at(7, 16_384));
        cells.note(Field::Score, at(7, 9));
        cells.note(Field::Percent, at(8, 4));
        cells.note(Field::Maximum, at(7, 70_000));
        assert_eq!(cells.get(Field::Score), Some(at(7, 3)));
        assert_eq!(cells.get(Field::Level), Some(at(7, 16_384)));
        assert_eq!(cells.get(Field::Percent), None);
        assert_eq!(cells.get(Field::Maximum), None);
        assert_eq!(cells.get(Field::Converted), None);
    }

    #[test]
    fn a_dimension_keeps_its_score_cell_and_its_other_numbers() {
        let at = |row, col| CellRef { row, col };
        let mut v = DimValues::default();
        assert_eq!(v.cell(), None);
        // A number left empty makes nothing to hold: the values stay the default.
        v.set_more(Field::Maximum, None);
        assert_eq!(v, DimValues::default());
        v.cells.note(Field::Score, at(7, 3));
        set_number(&mut v, Field::Score, Some(45.5), at(7, 3));
        assert_eq!((v.score, v.cell()), (Some(45.5), Some(at(7, 3))));
        // A cell of another row is not where this row's score came from.
        v.note_score_cell(at(8, 5));
        assert_eq!(v.cell(), None);
        v.note_score_cell(at(7, 5));
        assert_eq!(v.cell(), Some(at(7, 5)));
        for (i, field) in [
            Field::Maximum,
            Field::NotApplicable,
            Field::ApplicableMax,
            Field::RawPoints,
            Field::Percent,
            Field::Converted,
        ]
        .into_iter()
        .enumerate()
        {
            v.set_more(field, Some(i as f64));
        }
        let got = [
            v.maximum(),
            v.not_applicable(),
            v.applicable_max(),
            v.raw_points(),
            v.percent(),
            v.converted(),
        ];
        assert_eq!(got, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0].map(Some));
        v.set_more(Field::Percent, None);
        assert_eq!(v.percent(), None);
        assert_eq!(v.converted(), Some(5.0));
    }
}
