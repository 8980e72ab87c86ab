//! Ingest: reads district workbooks as people really make them. Finds every table on every sheet
//! by its header, maps columns to roles, classifies rows, and keeps each value's provenance and raw
//! cell value. Nothing is interpreted beyond what the layout needs (that is `normalize`'s job).

pub mod header;
pub mod layout;
pub mod workbook;

use std::path::Path;
use std::sync::Arc;

use crate::core::Dimension;
use crate::finding::{CellRef, Code, Finding, Location, Message};
use crate::pipeline::{Aliases, Limits};
use crate::words::Text;

/// A cell's value exactly as read.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    Empty,
    Number(f64),
    /// Shared: a text that a sheet's cells repeat is one allocation for the cells that hold it
    /// (within a bounded cache: see `workbook::Texts`), and a data row shares its cells as read.
    Text(Arc<str>),
    Bool(bool),
    /// An error cell such as "#REF!".
    Error(Box<str>),
    /// A date or time cell (its serial or ISO text).
    Date(Box<str>),
    /// A text cell longer than the limit: only its length is kept.
    TooLong(u64),
}

impl RawValue {
    pub fn is_empty(&self) -> bool {
        match self {
            RawValue::Empty => true,
            RawValue::Text(t) => t.chars().all(|c| c.is_whitespace() || c.is_control()),
            _ => false,
        }
    }

    /// The value as a clerk would see it, for reports and rejects.
    pub fn display(&self) -> String {
        match self {
            RawValue::Empty => String::new(),
            RawValue::Number(n) => format!("{n}"),
            RawValue::Text(t) => t.to_string(),
            RawValue::Bool(b) => {
                if *b {
                    "TRUE".into()
                } else {
                    "FALSE".into()
                }
            }
            RawValue::Error(e) => e.to_string(),
            RawValue::Date(d) => format!("date {d}"),
            RawValue::TooLong(n) => format!("<{n} characters>"),
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            RawValue::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// What a column under a dimension holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The total score ("Tổng điểm"), or the converted score where only that is given.
    Score,
    /// The declared level ("Kết quả", "Xếp hạng", "Mức").
    Level,
    Maximum,
    NotApplicable,
    ApplicableMax,
    RawPoints,
    Percent,
    Converted,
}

impl Field {
    pub fn key(self) -> &'static str {
        match self {
            Field::Score => "score",
            Field::Level => "level",
            Field::Maximum => "max",
            Field::NotApplicable => "not_applicable",
            Field::ApplicableMax => "applicable_max",
            Field::RawPoints => "raw_points",
            Field::Percent => "percent",
            Field::Converted => "converted",
        }
    }
}

/// The role of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    RowNumber,
    Unit,
    Dim(Dimension, Field),
}

impl Role {
    /// The role in words ("điểm quy đổi mức độ đạt được" / "achieved converted score").
    pub fn words(self) -> Message {
        Text::RoleWords { role: self }.into()
    }
}

/// A column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// 1-based.
    pub col: u32,
    pub role: Role,
    /// The header text that gave the role.
    pub label: String,
    /// Why: the words that decided the role and where the dimension was read.
    pub why: Message,
    /// Raw points the unit gave itself ("Điểm tự chấm").
    pub self_assessed: bool,
}

/// A header cell that could be read two ways, or a second column claiming a role: the column is
/// not read.
#[derive(Debug, Clone, PartialEq)]
pub struct Doubt {
    /// The header cell (the column's lowest non-empty header cell).
    pub cell: CellRef,
    pub col: u32,
    pub label: String,
    /// The roles it could have.
    pub candidates: Vec<Role>,
    pub message: Message,
}

/// A cell with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    pub cell: CellRef,
    pub value: RawValue,
}

/// A group heading ("I. HUYỆN CAM LÂM") in force over the rows below it.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub text: String,
    pub cell: CellRef,
}

/// Each mapped column's role and 1-based column, as a table's rows share them.
pub type RowColumns = Arc<[(Role, u32)]>;

/// A data row: the columns of the roles, and the row's raw cells, kept once.
#[derive(Debug, Clone, PartialEq)]
pub struct DataRow {
    /// 1-based sheet row.
    pub row: u32,
    /// The mapped columns: each role and its 1-based column, in the table's column order
    /// (shared by the rows of a table, not a list per row).
    pub cols: RowColumns,
    /// The group heading naming a district in force, if any (shared by the rows under it).
    pub heading: Option<Arc<Heading>>,
    /// Every cell of the row that holds a value, raw, in column order: the mapped values are read
    /// from it, and the rejects keep it (shared, not copied). Text of spaces alone is kept here
    /// (it is what the cell holds) and left out where raw values are shown.
    pub raw: Arc<[RawCell]>,
}

/// A cell of a data row: where it is and its value (`Empty` when the row holds none there).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellView<'a> {
    pub cell: CellRef,
    pub value: &'a RawValue,
}

impl DataRow {
    /// The cell of a role's column, if the table has that column.
    pub fn get(&self, role: Role) -> Option<CellView<'_>> {
        self.cols
            .iter()
            .find(|(r, _)| *r == role)
            .map(|&(_, col)| self.at(col))
    }

    /// The cell at a 1-based column of this row.
    pub fn at(&self, col: u32) -> CellView<'_> {
        static EMPTY: RawValue = RawValue::Empty;
        let value = self
            .raw
            .binary_search_by_key(&col, |c| c.cell.col)
            .map_or(&EMPTY, |i| &self.raw[i].value);
        CellView {
            cell: CellRef { row: self.row, col },
            value,
        }
    }

    /// Each mapped column's role and cell, in the table's column order.
    pub fn cells(&self) -> impl Iterator<Item = (Role, CellView<'_>)> + '_ {
        self.cols.iter().map(|&(role, col)| (role, self.at(col)))
    }
}

/// Why a row is not data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PassReason {
    Title,
    Header,
    Heading,
    Blank,
    Note,
}

impl PassReason {
    pub fn key(self) -> &'static str {
        match self {
            PassReason::Title => "title",
            PassReason::Header => "header",
            PassReason::Heading => "heading",
            PassReason::Blank => "blank",
            PassReason::Note => "note",
        }
    }
}

/// A table found on a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Shared with every row taken from it (`normalize::RowRef`).
    pub sheet: Arc<str>,
    pub hidden: bool,
    /// 1-based header rows.
    pub header_rows: Vec<u32>,
    pub columns: Vec<Column>,
    /// Columns not read because their header is in doubt.
    pub doubts: Vec<Doubt>,
    /// The doubt over a dimension's score, which leaves it without one: the table's rows are
    /// rejected.
    pub blocked: Option<usize>,
    /// A column naming each row's district ("Huyện" beside "Tên xã"): the district in force.
    pub district_col: Option<u32>,
    pub rows: Vec<DataRow>,
}

impl Table {
    pub fn dimensions(&self) -> Vec<Dimension> {
        let mut d: Vec<Dimension> = self
            .columns
            .iter()
            .filter_map(|c| match c.role {
                Role::Dim(d, _) => Some(d),
                _ => None,
            })
            .collect();
        d.sort();
        d.dedup();
        d
    }
}

/// Per sheet, what `inspect` shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetSummary {
    pub name: String,
    pub hidden: bool,
    pub rows: u32,
    pub passed: Vec<(PassReason, u64)>,
    pub tables: usize,
}

/// A year written in a workbook's title rows ("BIỂU TỔNG HỢP … NĂM 2020"): the first one, in sheet
/// order, above a sheet's first table.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleYear {
    pub year: i32,
    pub sheet: String,
    pub cell: CellRef,
    /// The title as written (spaces cleaned).
    pub text: String,
}

/// A workbook as read.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// The path as shown in reports (shared with every row taken from it).
    pub file: Arc<str>,
    pub tables: Vec<Table>,
    pub sheets: Vec<SheetSummary>,
    /// A district named by the title rows ("ỦY BAN NHÂN DÂN HUYỆN CAM LÂM").
    pub title_district: Option<Heading>,
    pub title_sheet: Option<String>,
    /// The year its title rows name, if any.
    pub title_year: Option<TitleYear>,
    /// Rows read and rows passed over (title, header, heading, blank, note).
    pub rows_read: u64,
    pub rows_passed: u64,
    /// The file could not be read at all (its finding is in `findings`).
    pub rejected: bool,
    /// sha256 of the bytes read (hex); empty when the file was not read.
    pub sha256: String,
}

/// Reads one workbook. Problems go into `findings`; a file that cannot be read comes back with
/// `rejected = true` and no tables.
pub fn read_file(
    path: &Path,
    shown: &str,
    limits: &Limits,
    aliases: &Aliases,
    findings: &mut Vec<Finding>,
) -> Workbook {
    let opened = workbook::open(path, shown, limits);
    read_opened(opened, shown, aliases, findings)
}

/// Reads a workbook from its bytes (as `read_file` does; the fuzz targets use this).
pub fn read_bytes(
    bytes: Vec<u8>,
    shown: &str,
    limits: &Limits,
    aliases: &Aliases,
    findings: &mut Vec<Finding>,
) -> Workbook {
    let opened = workbook::open_bytes(bytes, shown, limits);
    read_opened(opened, shown, aliases, findings)
}

fn read_opened(
    opened: Result<workbook::Opened, Box<Finding>>,
    shown: &str,
    aliases: &Aliases,
    findings: &mut Vec<Finding>,
) -> Workbook {
    let mut wb = Workbook {
        file: shown.into(),
        tables: Vec::new(),
        sheets: Vec::new(),
        title_district: None,
        title_sheet: None,
        title_year: None,
        rows_read: 0,
        rows_passed: 0,
        rejected: false,
        sha256: String::new(),
    };
    let opened = match opened {
        Ok(o) => o,
        Err(f) => {
            findings.push(*f);
            wb.rejected = true;
            return wb;
        }
    };
    wb.sha256 = opened.sha256;
    findings.extend(opened.findings);
    let labels = layout::Labels::of(aliases);
    for grid in &opened.grids {
        if grid.hidden {
            findings.push(Finding::new(
                Code::SheetHidden,
                Location {
                    file: Some(shown.to_string()),
                    sheet: Some(grid.name.clone()),
                    ..Location::default()
                },
                Text::SheetHidden.into(),
            ));
        }
        let mut sheet = layout::read_sheet(grid, &labels);
        for (code, cell, message) in &sheet.findings {
            findings.push(Finding::new(
                *code,
                Location::cell(shown, &grid.name, *cell),
                message.clone(),
            ));
        }
        wb.rows_read += sheet.summary.rows as u64;
        wb.rows_passed += sheet.summary.passed.iter().map(|(_, n)| n).sum::<u64>();
        if sheet.tables.is_empty() && grid.cells().any(|c| !c.value.is_empty()) && !grid.hidden {
            findings.push(Finding::new(
                Code::NoTable,
                Location {
                    file: Some(shown.to_string()),
                    sheet: Some(grid.name.clone()),
                    ..Location::default()
                },
                Text::NoTable.into(),
            ));
        }
        note_titles(&mut wb, &grid.name, &mut sheet);
        wb.sheets.push(sheet.summary);
        wb.tables.extend(sheet.tables);
    }
    wb
}

/// The district and the year a sheet's title rows name, if no earlier sheet named them.
fn note_titles(wb: &mut Workbook, sheet_name: &str, sheet: &mut layout::SheetRead) {
    if wb.title_district.is_none()
        && let Some(h) = sheet.title_district.take()
    {
        wb.title_district = Some(h);
        wb.title_sheet = Some(sheet_name.to_string());
    }
    if wb.title_year.is_none()
        && let Some((year, h)) = sheet.title_year.take()
    {
        wb.title_year = Some(TitleYear {
            year,
            sheet: sheet_name.to_string(),
            cell: h.cell,
            text: h.text,
        });
    }
}
