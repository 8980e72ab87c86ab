//! Normalize: raw rows to units of the gazetteer (official name and code beside the name as
//! submitted), numbers and levels. Rows that cannot be read are rejected here, with their raw
//! values and the reason.

pub mod number;

use std::collections::BTreeMap;

use crate::core::text::clean;
use crate::core::{Dimension, Level, UnitLevel, UnitType};
use crate::finding::{CellRef, Code, Finding, Location, Message};
use crate::gazetteer::{Gazetteer, Match, parse_unit_name};
use crate::ingest::layout::heading_text;
use crate::ingest::{DataRow, Field, RawCell, Role, Workbook};
use crate::pipeline::Pin;

use number::{parse_number, parse_percent};

/// A resolved unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub level: UnitLevel,
    pub code: String,
    pub unit_type: UnitType,
    /// The official (GSO) name, without the type word.
    pub name: String,
    /// The district: the unit itself for a district, its parent for a commune.
    pub district_code: String,
    /// The name exactly as submitted (cleaned of stray spaces).
    pub name_submitted: String,
    /// Whether the submitted name needed a correction (accents or one letter).
    pub corrected: bool,
}

/// The values of one dimension.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DimValues {
    pub score: Option<f64>,
    pub level_declared: Option<Level>,
    pub maximum: Option<f64>,
    pub not_applicable: Option<f64>,
    pub applicable_max: Option<f64>,
    pub raw_points: Option<f64>,
    pub percent: Option<f64>,
    pub converted: Option<f64>,
    /// Where the score came from.
    pub cell: Option<CellRef>,
    /// Where each field of the dimension sits (for locating problems).
    pub cells: Vec<(Field, CellRef)>,
}

impl DimValues {
    /// The cell of a field, if the table has that column.
    pub fn cell_of(&self, field: Field) -> Option<CellRef> {
        self.cells
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c)
    }
}

/// A physical row and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct RowRef {
    pub file: String,
    pub sheet: String,
    pub row: u32,
    /// The table's row number as written (STT), if any.
    pub stt: Option<u32>,
    pub raw: Vec<RawCell>,
}

/// A unit's record for the year: one or more physical rows (one table per dimension) joined.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub unit: Unit,
    pub dims: BTreeMap<Dimension, DimValues>,
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
    pub fn append(&mut self, mut other: Normalized) {
        self.entries.append(&mut other.entries);
        self.rejected.append(&mut other.rejected);
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

impl DistrictSource {
    fn words(self) -> (&'static str, &'static str) {
        match self {
            DistrictSource::Heading => ("dòng tiêu đề nhóm", "a group heading"),
            DistrictSource::Title => ("tiêu đề văn bản", "the title rows"),
            DistrictSource::DistrictRow => (
                "dòng của huyện trong tệp",
                "the district's own row in the file",
            ),
            DistrictSource::Pin => ("cấu hình pipeline", "the pipeline's pin"),
        }
    }
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

/// The end of a "not found" message: the nearest candidates, or plainly that there is none.
fn nearest_words(gaz: &Gazetteer, nearest: &[String]) -> (String, String) {
    if nearest.is_empty() {
        return (
            "không có tên nào gần giống".to_string(),
            "no similar name".to_string(),
        );
    }
    let list = code_list(gaz, nearest);
    (format!("gần nhất: {list}"), format!("nearest: {list}"))
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
            Message::new(
                format!("\"{text}\" ứng với nhiều huyện: {}", code_list(gaz, &cs)),
                format!(
                    "\"{text}\" matches several districts: {}",
                    code_list(gaz, &cs)
                ),
            ),
        )),
        Match::NotFound { nearest } => {
            let (vi, en) = nearest_words(gaz, &nearest);
            Err((
                Code::UnknownDistrict,
                Message::new(
                    format!("\"{text}\" không phải là huyện nào của tỉnh {province}; {vi}"),
                    format!("\"{text}\" is no district of province {province}; {en}"),
                ),
            ))
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
            if let Some(RawCell {
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
    let file_name = std::path::Path::new(&wb.file)
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    for pin in pins {
        if pin.file == file_name || pin.file == wb.file {
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
                Message::new(
                    format!(
                        "Cấu hình gán tệp cho huyện {} không thuộc tỉnh {}",
                        pin.district_code, ctx.province
                    ),
                    format!(
                        "the pipeline pins the file to district {}, which is not in province {}",
                        pin.district_code, ctx.province
                    ),
                ),
            ));
        }
    }
    None
}

fn normalize_workbook(
    ctx: &Ctx,
    wb: &Workbook,
    pins: &[Pin],
    findings: &mut Vec<Finding>,
    out: &mut Normalized,
) {
    let file_ctx = file_district(ctx, wb, pins, findings);
    let mut sources_said: Vec<(String, DistrictSource)> = Vec::new();
    let mut said: std::collections::HashSet<String> = std::collections::HashSet::new();
    // Entries of this file, to join one table per dimension on the unit.
    let mut file_entries = UnitJoin::default();
    let mut headings: std::collections::HashMap<(String, CellRef), Result<String, ()>> =
        std::collections::HashMap::new();
    for table in &wb.tables {
        for row in &table.rows {
            *out.data_rows.entry(wb.file.clone()).or_default() += 1;
            let row_ref = RowRef {
                file: wb.file.clone(),
                sheet: table.sheet.clone(),
                row: row.row,
                stt: stt_of(row),
                raw: row.raw.clone(),
            };
            // The district in force for this row.
            let mut ctx_district = None;
            if let Some(h) = &row.heading {
                // Resolved once per heading, not once per row under it.
                let key = (table.sheet.clone(), h.cell);
                let resolved = headings.entry(key).or_insert_with(|| {
                    let r = resolve_district(ctx.gaz, ctx.province, &h.text);
                    if let Err((code, msg)) = &r {
                        findings.push(Finding::new(
                            *code,
                            Location::cell(&wb.file, &table.sheet, h.cell),
                            msg.clone(),
                        ));
                    }
                    r.map(|(code, _)| code).map_err(|_| ())
                });
                if let Ok(code) = resolved {
                    ctx_district = Some((code.clone(), DistrictSource::Heading));
                }
            }
            if ctx_district.is_none() && row.heading.is_none() {
                ctx_district = file_ctx.clone();
            }
            let result = match blocked_by_header(table, row) {
                Some(rej) => Err(rej),
                None => normalize_row(
                    ctx,
                    wb,
                    &table.sheet,
                    row,
                    ctx_district.as_ref().map(|(c, _)| c.as_str()),
                    findings,
                ),
            };
            match result {
                Ok(entry) => {
                    if entry.unit.level == UnitLevel::Commune
                        && let Some((code, source)) = &ctx_district
                        && said.insert(code.clone())
                    {
                        sources_said.push((code.clone(), *source));
                    }
                    if entry.unit.corrected {
                        findings.push(Finding::new(
                            Code::UnitNameCorrected,
                            Location::cell(&wb.file, &table.sheet, entry.name_cell),
                            Message::new(
                                format!(
                                    "\"{}\" được đọc là {} {} ({})",
                                    entry.unit.name_submitted,
                                    entry.unit.unit_type,
                                    entry.unit.name,
                                    entry.unit.code
                                ),
                                format!(
                                    "\"{}\" read as {} {} ({})",
                                    entry.unit.name_submitted,
                                    entry.unit.unit_type,
                                    entry.unit.name,
                                    entry.unit.code
                                ),
                            ),
                        ));
                    }
                    file_entries.join(entry);
                }
                Err(rej) => {
                    let (code, cell, message) = rej;
                    findings.push(Finding::new(
                        code,
                        Location::cell(
                            &wb.file,
                            &table.sheet,
                            cell.unwrap_or(CellRef {
                                row: row.row,
                                col: 1,
                            }),
                        ),
                        message.clone(),
                    ));
                    out.rejected.push(Rejected {
                        row: row_ref,
                        code,
                        cell,
                        message,
                    });
                }
            }
        }
    }
    for (code, source) in sources_said {
        let (vi, en) = source.words();
        let name = ctx
            .gaz
            .district(&code)
            .map(|d| format!("{} {}", d.unit_type, d.name))
            .unwrap_or_default();
        findings.push(Finding::new(
            Code::DistrictSource,
            Location::file(&wb.file),
            Message::new(
                format!("Các xã thuộc {name} ({code}): lấy theo {vi}"),
                format!("communes under {name} ({code}): from {en}"),
            ),
        ));
    }
    out.entries.extend(file_entries.entries);
}

/// Joins the entries of the year's files when they complete each other: one file (one office)
/// sends the achieved scores, another the readiness scores of the same units. An entry is joined
/// to the first earlier entry of the same unit, in file order, whose dimensions are disjoint from
/// its own; the joined entry keeps the rows of both files. Entries that give a dimension twice are
/// left apart (validate reports them as duplicates). Within a file this changes nothing: each file
/// was joined the same way already, so two entries of one file never have disjoint dimensions.
pub fn join_across_files(entries: Vec<Entry>) -> Vec<Entry> {
    let mut joined = UnitJoin::default();
    for e in entries {
        joined.join(e);
    }
    joined.entries
}

/// Entries indexed by unit, so that joining is not quadratic.
#[derive(Default)]
struct UnitJoin {
    entries: Vec<Entry>,
    /// Per unit, its entries grouped by the dimensions they hold (at most one group per subset
    /// of the dimensions), each group's entry indices in file order: a unit repeated a million
    /// times is joined in a few steps per row, not by a walk over all its earlier rows.
    by_unit: std::collections::HashMap<
        (UnitLevel, String),
        BTreeMap<Vec<Dimension>, std::collections::BTreeSet<usize>>,
    >,
}

impl UnitJoin {
    /// Joins an entry into the entries when it completes another row of the same unit (one table
    /// or one file per dimension): the first entry, in file order, whose dimensions are disjoint
    /// from the new one's; otherwise appends it.
    fn join(&mut self, entry: Entry) {
        let key = (entry.unit.level, entry.unit.code.clone());
        let groups = self.by_unit.entry(key).or_default();
        let first = groups
            .iter()
            .filter(|(dims, _)| dims.iter().all(|d| !entry.dims.contains_key(d)))
            .filter_map(|(dims, slots)| slots.first().map(|&i| (i, dims.clone())))
            .min();
        if let Some((i, dims)) = first {
            if let Some(slots) = groups.get_mut(&dims) {
                slots.remove(&i);
                if slots.is_empty() {
                    groups.remove(&dims);
                }
            }
            let e = &mut self.entries[i];
            for (d, v) in entry.dims {
                e.dims.insert(d, v);
            }
            e.rows.extend(entry.rows);
            groups
                .entry(e.dims.keys().copied().collect())
                .or_default()
                .insert(i);
            return;
        }
        groups
            .entry(entry.dims.keys().copied().collect())
            .or_default()
            .insert(self.entries.len());
        self.entries.push(entry);
    }
}

type RowError = (Code, Option<CellRef>, Message);

/// A row of a table whose header leaves a dimension without its score (`header-ambiguous`): it
/// is rejected, located at its cell under the column in doubt.
fn blocked_by_header(table: &crate::ingest::Table, row: &DataRow) -> Option<RowError> {
    let doubt = table.doubts.get(table.blocked?)?;
    let roles: Vec<String> = doubt.candidates.iter().map(|r| r.words().vi).collect();
    let roles_en: Vec<String> = doubt.candidates.iter().map(|r| r.words().en).collect();
    Some((
        Code::HeaderAmbiguous,
        Some(CellRef {
            row: row.row,
            col: doubt.col,
        }),
        Message::new(
            format!(
                "Không đọc được dòng: tiêu đề cột {} \"{}\" không rõ là {}",
                doubt.cell,
                doubt.label,
                roles.join(" hay ")
            ),
            format!(
                "the row cannot be read: header {} \"{}\" could be the {}",
                doubt.cell,
                doubt.label,
                roles_en.join(" or the ")
            ),
        ),
    ))
}

fn normalize_row(
    ctx: &Ctx,
    wb: &Workbook,
    sheet: &str,
    row: &DataRow,
    district: Option<&str>,
    findings: &mut Vec<Finding>,
) -> Result<Entry, RowError> {
    let unit_cell = row.get(Role::Unit);
    let name_cell = unit_cell.map(|c| c.cell).unwrap_or(CellRef {
        row: row.row,
        col: 1,
    });
    let submitted = unit_cell
        .map(|c| clean(&c.value.display()))
        .unwrap_or_default();
    if submitted.is_empty() || !submitted.chars().any(|c| c.is_alphabetic()) {
        return Err((
            Code::MissingName,
            Some(name_cell),
            Message::new(
                "Dòng có điểm nhưng không có tên đơn vị",
                "the row has scores but no unit name",
            ),
        ));
    }
    let unit = resolve_unit(ctx, &submitted, district)
        .map_err(|(code, msg)| (code, Some(name_cell), msg))?;

    let mut dims = BTreeMap::new();
    // Warnings of this row, reported only if the row is not rejected.
    let mut warnings = Vec::new();
    for dim in Dimension::ALL {
        let mut v = DimValues::default();
        let mut any = false;
        for (role, cell) in &row.cells {
            let Role::Dim(d, field) = role else { continue };
            if *d != dim {
                continue;
            }
            v.cells.push((*field, cell.cell));
            // The table has this dimension: an empty score is a missing dimension, located.
            any = true;
            let bad = |e: number::NumError| {
                (
                    Code::TypeError,
                    Some(cell.cell),
                    Message::new(
                        format!("{} ({}): {}", dim.name_vi(), field.key(), e.vi()),
                        format!("{} ({}): {}", dim.key(), field.key(), e.en()),
                    ),
                )
            };
            match field {
                Field::Level => {
                    if let Some(t) = cell.value.text() {
                        v.level_declared = Level::parse(t);
                        let shown = clean(t);
                        // Empty or a dash ("no value", as for numbers) is no declared level.
                        let blank = matches!(shown.as_str(), "" | "-" | "—" | "–" | "--");
                        if v.level_declared.is_none() && !blank {
                            warnings.push(Finding::new(
                                Code::LevelUnreadable,
                                Location::cell(&wb.file, sheet, cell.cell),
                                Message::new(
                                    format!(
                                        "{}: \"{shown}\" không phải là mức I, II, III, IV hay Không xếp hạng; dùng mức tính theo bộ quy tắc",
                                        dim.name_vi()
                                    ),
                                    format!(
                                        "{}: \"{shown}\" is not a level I, II, III, IV or Không xếp hạng; the computed level is used",
                                        dim.key()
                                    ),
                                ),
                            ));
                        }
                    } else if !cell.value.is_empty() {
                        // A number 1-4 is a level; anything else (5, 2.5, a date, an error) is not.
                        v.level_declared = match cell.value {
                            crate::ingest::RawValue::Number(n)
                                if n.fract() == 0.0 && (1.0..=4.0).contains(&n) =>
                            {
                                Level::from_number(n as u32)
                            }
                            _ => None,
                        };
                        if v.level_declared.is_none() {
                            let shown = cell.value.display();
                            warnings.push(Finding::new(
                                Code::LevelUnreadable,
                                Location::cell(&wb.file, sheet, cell.cell),
                                Message::new(
                                    format!("{}: \"{shown}\" không phải là mức I, II, III, IV hay Không xếp hạng; dùng mức tính theo bộ quy tắc", dim.name_vi()),
                                    format!("{}: \"{shown}\" is not a level I, II, III, IV or Không xếp hạng; the computed level is used", dim.key()),
                                ),
                            ));
                        }
                    }
                }
                Field::Percent => v.percent = parse_percent(&cell.value).map_err(bad)?,
                other => {
                    let x = parse_number(&cell.value).map_err(bad)?;
                    match other {
                        Field::Score => {
                            v.score = x;
                            v.cell = Some(cell.cell);
                        }
                        Field::Maximum => v.maximum = x,
                        Field::NotApplicable => v.not_applicable = x,
                        Field::ApplicableMax => v.applicable_max = x,
                        Field::RawPoints => v.raw_points = x,
                        Field::Converted => v.converted = x,
                        Field::Level | Field::Percent => {}
                    }
                }
            }
        }
        // Full scoring without a total: the converted score is the score.
        if v.score.is_none()
            && let Some(c) = v.converted
        {
            v.score = Some(c);
            v.cell = row
                .cells
                .iter()
                .find(|(r, _)| *r == Role::Dim(dim, Field::Converted))
                .map(|(_, c)| c.cell);
        }
        if any {
            dims.insert(dim, v);
        }
    }
    findings.extend(warnings);
    Ok(Entry {
        unit,
        dims,
        rows: vec![RowRef {
            file: wb.file.clone(),
            sheet: sheet.to_string(),
            row: row.row,
            stt: stt_of(row),
            raw: row.raw.clone(),
        }],
        name_cell,
    })
}

fn no_district(submitted: &str) -> (Code, Message) {
    (
        Code::DistrictUnknownForTable,
        Message::new(
            format!(
                "Không xác định được \"{submitted}\" thuộc huyện nào: không có (hoặc không đọc được) dòng tiêu đề nhóm, tiêu đề văn bản, dòng của huyện hay cấu hình"
            ),
            format!(
                "cannot tell which district \"{submitted}\" belongs to: no readable group heading, title, district row or pin"
            ),
        ),
    )
}

fn resolve_unit(
    ctx: &Ctx,
    submitted: &str,
    district: Option<&str>,
) -> Result<Unit, (Code, Message)> {
    let p = parse_unit_name(submitted);
    let is_district_type = p
        .unit_type
        .is_some_and(|t| t.level() == UnitLevel::District);
    // A row naming a district ("UBND huyện Cam Lâm", "TP. Cam Ranh", or a heading-like row).
    if is_district_type || (p.unit_type.is_none() && district.is_none()) {
        let (code, corrected) = match resolve_district(ctx.gaz, ctx.province, submitted) {
            Ok(found) => found,
            // No type word and no district known: a commune whose district cannot be told.
            Err(_) if !is_district_type => return Err(no_district(submitted)),
            Err(e) => return Err(e),
        };
        let d = ctx.gaz.district(&code).ok_or_else(|| {
            (
                Code::UnknownUnit,
                Message::new("mã huyện lạ", "unknown district code"),
            )
        })?;
        return Ok(Unit {
            level: UnitLevel::District,
            code: code.clone(),
            unit_type: d.unit_type,
            name: d.name.clone(),
            district_code: code,
            name_submitted: submitted.to_string(),
            corrected,
        });
    }
    let Some(district) = district else {
        return Err(no_district(submitted));
    };
    let ty = p.unit_type.filter(|t| t.level() == UnitLevel::Commune);
    let mut m = ctx.gaz.match_commune(district, &p.name, ty);
    if matches!(m, Match::NotFound { .. }) && p.unit_type.is_some() {
        // Some names begin with a type word ("Phường Đúc" read as Phường + "Đúc"): try the whole.
        let whole = ctx.gaz.match_commune(district, &clean(submitted), None);
        if !matches!(whole, Match::NotFound { .. } | Match::Ambiguous(_)) {
            m = whole;
        }
    }
    let found = match m {
        Match::Exact(c) => Some((c, false)),
        Match::AccentFolded(c) | Match::OneEdit(c) => Some((c, true)),
        Match::Ambiguous(cs) => {
            return Err((
                Code::AmbiguousUnit,
                Message::new(
                    format!(
                        "\"{submitted}\" ứng với nhiều đơn vị: {}; hãy ghi rõ loại (Xã, Phường, Thị trấn)",
                        code_list(ctx.gaz, &cs)
                    ),
                    format!(
                        "\"{submitted}\" matches several units: {}; write the type word (Xã, Phường, Thị trấn)",
                        code_list(ctx.gaz, &cs)
                    ),
                ),
            ));
        }
        Match::NotFound { nearest } => {
            // Listed under the wrong district?
            for d in ctx.gaz.districts_of(ctx.province) {
                if d.code == district {
                    continue;
                }
                if let Match::Exact(c) = ctx.gaz.match_commune(&d.code, &p.name, ty) {
                    let here = ctx
                        .gaz
                        .district(district)
                        .map(|x| format!("{} {}", x.unit_type, x.name))
                        .unwrap_or_default();
                    return Err((
                        Code::WrongDistrict,
                        Message::new(
                            format!(
                                "\"{submitted}\" ({c}) thuộc {} {}, không thuộc {here}",
                                d.unit_type, d.name
                            ),
                            format!(
                                "\"{submitted}\" ({c}) belongs to {} {}, not to {here}",
                                d.unit_type, d.name
                            ),
                        ),
                    ));
                }
            }
            let here = ctx
                .gaz
                .district(district)
                .map(|x| format!("{} {}", x.unit_type, x.name))
                .unwrap_or_default();
            let (vi, en) = nearest_words(ctx.gaz, &nearest);
            return Err((
                Code::UnknownUnit,
                Message::new(
                    format!("\"{submitted}\" không có trong danh mục của {here}; {vi}"),
                    format!("\"{submitted}\" is not a unit of {here}; {en}"),
                ),
            ));
        }
    };
    let (code, corrected) = found.ok_or_else(|| (Code::UnknownUnit, Message::new("", "")))?;
    let c = ctx.gaz.commune(&code).ok_or_else(|| {
        (
            Code::UnknownUnit,
            Message::new("mã xã lạ", "unknown commune code"),
        )
    })?;
    Ok(Unit {
        level: UnitLevel::Commune,
        code: code.clone(),
        unit_type: c.unit_type,
        name: c.name.clone(),
        district_code: c.district_code.clone(),
        name_submitted: submitted.to_string(),
        corrected,
    })
}

/// The heading text of a row if the row is a group heading (used by `compare`).
pub fn is_heading(text: &str) -> bool {
    heading_text(text).is_some()
}
