//! Layout: finds tables by their header, maps columns to roles (by what the header labels mean,
//! see `header`), and classifies every row of a sheet (data, title, header, heading, blank, note).

use std::sync::{Arc, Mutex, PoisonError};

use crate::core::text::{accent_key, clean};
use crate::core::{Dimension, Level};
use crate::finding::{CellRef, Code, Message};
use crate::pipeline::Aliases;
use crate::words::Text;

use super::header::{Meaning, Place, Vocabulary};
use super::workbook::Grid;
use super::{
    Column, DataRow, Doubt, Field, Heading, PassReason, RawValue, Role, RowColumns, SheetSummary,
    Table,
};

/// The header vocabulary with the pipeline's aliases.
pub struct Labels {
    vocab: Vocabulary,
}

/// The vocabularies built so far, by their aliases (a run's pipelines mostly share theirs).
static BUILT: Mutex<Vec<(Aliases, Arc<Labels>)>> = Mutex::new(Vec::new());

/// How many vocabularies `Labels::of` keeps (beyond it, the oldest is built again when needed).
const KEPT: usize = 64;

impl Labels {
    pub fn new(a: &Aliases) -> Labels {
        Labels {
            vocab: Vocabulary::new(a),
        }
    }

    /// The vocabulary of these aliases, built once per process: building it keys every built-in
    /// label (a quarter of a millisecond), which a national run would otherwise do for each of
    /// its 700 files.
    pub fn of(a: &Aliases) -> Arc<Labels> {
        let found = {
            let built = BUILT.lock().unwrap_or_else(PoisonError::into_inner);
            built
                .iter()
                .find(|(k, _)| k == a)
                .map(|(_, l)| Arc::clone(l))
        };
        if let Some(labels) = found {
            return labels;
        }
        let labels = Arc::new(Labels::new(a));
        let mut built = BUILT.lock().unwrap_or_else(PoisonError::into_inner);
        if !built.iter().any(|(k, _)| k == a) {
            if built.len() >= KEPT {
                built.remove(0);
            }
            built.push((a.clone(), Arc::clone(&labels)));
        }
        labels
    }

    /// What a cell says as a column's own label (None for an empty or non-text cell).
    fn own(&self, v: &RawValue) -> Option<Meaning> {
        let t = v.text()?;
        if t.chars().count() > 200 {
            return None;
        }
        Some(self.vocab.meaning(t, Place::Own))
    }
}

/// A finding of the layout, placed on the sheet (the file is added by the caller).
pub type SheetFinding = (Code, CellRef, Message);

fn text_at(grid: &Grid, row: u32, col: u32) -> Option<&str> {
    grid.get(row, col)
        .text()
        .filter(|t| t.chars().any(|c| !c.is_whitespace()))
}

fn row_has_number(grid: &Grid, row: u32) -> bool {
    grid.row(row)
        .iter()
        .any(|c| matches!(c.value, RawValue::Number(_)))
}

fn row_is_blank(grid: &Grid, row: u32) -> bool {
    grid.row(row).iter().all(|c| c.value.is_empty())
}

/// The own meanings of a row's text cells, in column order.
fn row_meanings(grid: &Grid, labels: &Labels, row: u32) -> Vec<(u32, Meaning)> {
    grid.row(row)
        .iter()
        .filter_map(|c| labels.own(&c.value).map(|m| (c.cell.col, m)))
        .collect()
}

/// A header found at `rows` with its column mapping.
#[derive(Debug, Clone)]
struct Header {
    rows: Vec<u32>,
    columns: Vec<Column>,
    doubts: Vec<Doubt>,
    blocked: Option<usize>,
    district_col: Option<u32>,
}

/// Where a column's dimension was read.
#[derive(Debug, Clone, PartialEq)]
enum DimSource {
    Own,
    /// The one dimension the table's other columns name.
    Table,
    /// The dimension of the value column just left of it (its letters).
    LeftNeighbour(String),
    Group(CellRef),
    Caption(u32),
    SheetName,
}

impl DimSource {
    fn text(&self) -> Text {
        match self {
            DimSource::Own => Text::DimFromOwnCell,
            DimSource::Table => Text::DimFromOtherColumns,
            DimSource::LeftNeighbour(col) => Text::DimFromLeftColumn { col: col.clone() },
            DimSource::Group(c) => Text::DimFromGroupCell {
                cell: c.to_string(),
            },
            DimSource::Caption(r) => Text::DimFromCaption { row: *r },
            DimSource::SheetName => Text::DimFromSheetName,
        }
    }
}

/// A column as the header reads it, before roles are settled.
struct Reading {
    col: u32,
    cell: CellRef,
    label: String,
    own: Meaning,
    /// Dimension candidates with the words and where they were read.
    dims: Vec<(Dimension, String, DimSource)>,
    /// Fields, from the own label, or from a group cell above when the own label names none.
    fields: Vec<Field>,
    field_words: Vec<String>,
}

/// Rows above the header that may name its dimension: group rows or captions (nearest first),
/// below the table above (`floor`, its last row).
fn context_rows(grid: &Grid, top: u32, floor: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let mut r = top;
    while r > (floor + 1).max(grid.first_row) && top - r < 6 && out.len() < 3 {
        r -= 1;
        if row_is_blank(grid, r) {
            continue;
        }
        if row_has_number(grid, r) {
            break;
        }
        out.push(r);
    }
    out
}

/// The text of a row in force over each column: its own cell, or a cell to its left carried
/// right over empty cells (a merged group: its text sits in the top-left cell only). A stop
/// (row number, unit, a column without any label) ends a carry. One pass per row.
struct Carry {
    row: u32,
    /// Per column (from `grid.first_col`), the column whose text is in force.
    from: Vec<Option<u32>>,
}

impl Carry {
    fn new(grid: &Grid, row: u32, stops: &[bool]) -> Carry {
        let mut from = Vec::with_capacity(stops.len());
        let mut current = None;
        for (i, &stop) in stops.iter().enumerate() {
            let c = grid.first_col + i as u32;
            if text_at(grid, row, c).is_some() {
                current = Some(c);
            } else if stop || !grid.get(row, c).is_empty() {
                current = None;
            }
            from.push(current);
        }
        Carry { row, from }
    }

    fn at(&self, grid: &Grid, col: u32) -> Option<(CellRef, String)> {
        let c = (*self.from.get((col - grid.first_col) as usize)?)?;
        let text = text_at(grid, self.row, c)?;
        Some((
            CellRef {
                row: self.row,
                col: c,
            },
            text.to_string(),
        ))
    }
}

/// A row above the header: a caption naming one dimension for the whole table, or a group row
/// whose cells name the dimension of the columns under them.
enum Context {
    Caption(Dimension, String, u32),
    Group(Carry),
}

fn context_of(grid: &Grid, labels: &Labels, row: u32, stops: &[bool]) -> Context {
    let mut named: Vec<(Dimension, String)> = Vec::new();
    for c in grid.first_col..=grid.last_col() {
        if let Some(t) = text_at(grid, row, c)
            && let Some(d) = labels.vocab.caption_dim(t)
        {
            named.push(d);
        }
    }
    let one = named
        .first()
        .filter(|(d, _)| named.iter().all(|(x, _)| x == d));
    match one {
        Some((d, w)) => Context::Caption(*d, w.clone(), row),
        None => Context::Group(Carry::new(grid, row, stops)),
    }
}

/// Header rows from `row` down: the anchor, then up to two sub-rows of labels.
fn header_rows(grid: &Grid, labels: &Labels, row: u32) -> Vec<u32> {
    let mut rows = vec![row];
    for next in row + 1..=(row + 2).min(grid.last_row()) {
        if row_is_blank(grid, next) || row_has_number(grid, next) {
            break;
        }
        let level_value = (grid.first_col..=grid.last_col())
            .any(|c| text_at(grid, next, c).is_some_and(|t| Level::parse(&clean(t)).is_some()));
        // A unit's name ("UBND THÀNH PHỐ SÔNG CÔNG", whose "công" would read as a total) or a
        // score written as text ("51,44") makes it a data row, whatever its words say.
        let data = (grid.first_col..=grid.last_col())
            .any(|c| text_at(grid, next, c).is_some_and(|t| names_a_unit(t) || is_text_number(t)));
        if data {
            break;
        }
        let m = row_meanings(grid, labels, next);
        let labelled = m.iter().any(|(_, m)| m.is_value());
        // Text that is neither a label nor empty (a unit's name) makes it a data row.
        let names = m
            .iter()
            .any(|(_, m)| !m.is_value() && !m.unit && !m.row_number && m.unknown > 0);
        if level_value || !labelled || names || m.iter().any(|(_, m)| m.unit) {
            break;
        }
        rows.push(next);
    }
    rows
}

/// Tries to read a header starting at `row`; `floor` is the last row of the table above.
fn header_at(grid: &Grid, labels: &Labels, row: u32, floor: u32) -> Option<Header> {
    // A header holds labels, never numbers: a row with a numeric cell (a data row with its row
    // number or scores) is not one, and is passed by without looking at its text.
    if row_has_number(grid, row) {
        return None;
    }
    let top = row_meanings(grid, labels, row);
    if !top.iter().any(|(_, m)| m.unit) {
        return None;
    }
    let rows = header_rows(grid, labels, row);
    // The value labels are on this row, or on the sub-rows under a group that names no
    // dimension ("Năm 2022" merged over "Tổng điểm", "Xếp hạng"): a sub-row is only taken
    // when it holds one (`header_rows`), so its labels need not be read again.
    let valued = rows.len() > 1 || top.iter().any(|(_, m)| m.is_value());
    if !valued {
        return None;
    }
    let readings = read_columns(grid, labels, &rows, floor);
    settle(grid, &rows, readings)
}

/// A column's own label: its column, the header row and text of its lowest non-empty header
/// cell, and what that says.
type OwnLabel = (u32, Option<(u32, String)>, Meaning);

/// Every column of the header block read: its own label (the lowest non-empty header cell), the
/// groups above it, the caption rows above the block, the sheet name.
fn read_columns(grid: &Grid, labels: &Labels, rows: &[u32], floor: u32) -> Vec<Reading> {
    let own_of = |c: u32| {
        rows.iter()
            .rev()
            .find_map(|&r| text_at(grid, r, c).map(|t| (r, t.to_string())))
    };
    let owns: Vec<OwnLabel> = (grid.first_col..=grid.last_col())
        .map(|c| {
            let own = own_of(c);
            let m = own
                .as_ref()
                .map(|(_, t)| labels.vocab.meaning(t, Place::Own))
                .unwrap_or_default();
            (c, own, m)
        })
        .collect();
    let stops: Vec<bool> = owns
        .iter()
        .map(|(_, o, m)| o.is_none() || m.unit || m.row_number)
        .collect();
    let groups: Vec<Carry> = rows[..rows.len() - 1]
        .iter()
        .map(|&r| Carry::new(grid, r, &stops))
        .collect();
    let context: Vec<Context> = context_rows(grid, rows[0], floor)
        .into_iter()
        .map(|r| context_of(grid, labels, r, &stops))
        .collect();
    let sheet = labels.vocab.caption_dim(&grid.name);
    let mut out = Vec::new();
    for (col, own, m) in owns {
        let Some((own_row, _)) = own else { continue };
        let mut reading = Reading {
            col,
            cell: CellRef { row: own_row, col },
            label: label_of(grid, rows, col),
            fields: m.fields.clone(),
            field_words: m.field_words.clone(),
            dims: Vec::new(),
            own: m,
        };
        if reading.own.is_value() {
            let above: Vec<&Carry> = groups.iter().filter(|g| g.row < own_row).rev().collect();
            dims_of(grid, labels, &mut reading, &above, &context, sheet.as_ref());
        }
        out.push(reading);
    }
    out
}

/// The dimension(s) of a value column, nearest evidence first: its own label; a group cell
/// above it naming a dimension plainly; a caption or group row above the table; the sheet's
/// name; last, a group cell naming it only by a word such as "Kết quả". Also its field from a
/// group cell when its own label names only a dimension ("Xếp hạng" over "MĐĐĐ" and "ĐKSS").
fn dims_of(
    grid: &Grid,
    labels: &Labels,
    r: &mut Reading,
    groups: &[&Carry],
    context: &[Context],
    sheet: Option<&(Dimension, String)>,
) {
    for (d, w) in &r.own.dims {
        if !r.dims.iter().any(|(x, _, _)| x == d) {
            r.dims.push((*d, w.clone(), DimSource::Own));
        }
    }
    let mut weak: Option<(Dimension, String, DimSource)> = None;
    for g in groups {
        let Some((cell, text)) = g.at(grid, r.col) else {
            continue;
        };
        if r.fields.is_empty() {
            let om = labels.vocab.meaning(&text, Place::Own);
            if om.dims.is_empty() && !om.fields.is_empty() {
                r.fields = om.fields.clone();
                r.field_words = om.field_words.clone();
            }
        }
        let gm = labels.vocab.meaning(&text, Place::Group);
        if let Some(d) = gm.dim()
            && r.dims.is_empty()
        {
            let found = (d, gm.dims[0].1.clone(), DimSource::Group(cell));
            if !gm.weak_dim {
                r.dims.push(found);
            } else if weak.is_none() {
                weak = Some(found);
            }
        }
    }
    for c in context {
        if !r.dims.is_empty() {
            break;
        }
        match c {
            Context::Caption(d, w, row) => r.dims.push((*d, w.clone(), DimSource::Caption(*row))),
            Context::Group(carry) => {
                if let Some((cell, text)) = carry.at(grid, r.col) {
                    let gm = labels.vocab.meaning(&text, Place::Group);
                    if let Some(d) = gm.dim().filter(|_| !gm.weak_dim) {
                        r.dims
                            .push((d, gm.dims[0].1.clone(), DimSource::Group(cell)));
                    }
                }
            }
        }
    }
    if r.dims.is_empty()
        && let Some((d, w)) = sheet
    {
        r.dims.push((*d, w.clone(), DimSource::SheetName));
    }
    if r.dims.is_empty()
        && let Some(found) = weak
    {
        r.dims.push(found);
    }
}

fn label_of(grid: &Grid, rows: &[u32], col: u32) -> String {
    rows.iter()
        .filter_map(|&r| grid.get(r, col).text().map(clean))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The candidate roles of a value column: each dimension it may be of, times each field.
fn candidates(r: &Reading) -> Vec<Role> {
    let fields = if r.fields.is_empty() {
        vec![Field::Score]
    } else {
        r.fields.clone()
    };
    let dims: Vec<Dimension> = match r.dims.as_slice() {
        [(d, _, _)] => vec![*d],
        _ => Dimension::ALL.to_vec(),
    };
    dims.iter()
        .flat_map(|d| fields.iter().map(move |f| Role::Dim(*d, *f)))
        .collect()
}

/// Why a column has its role, in both languages.
fn why(r: &Reading, role: Role) -> Message {
    match role {
        Role::RowNumber => Text::WhyRowNumber.into(),
        Role::Unit => Text::WhyUnit.into(),
        Role::Dim(..) => Text::WhyValue {
            field_words: r.field_words.clone(),
            dimension: r
                .dims
                .first()
                .map(|(_, w, src)| (w.clone(), Box::new(src.text()))),
        }
        .into(),
    }
}

/// The role a reading gives by itself: one (clear), several (in doubt), or none.
fn own_roles(r: &Reading) -> Vec<Role> {
    if r.own.ignore {
        Vec::new()
    } else if r.own.row_number {
        vec![Role::RowNumber]
    } else if r.own.unit {
        vec![Role::Unit]
    } else if r.own.is_value() {
        candidates(r)
    } else {
        Vec::new()
    }
}

/// A column whose dimension no label above names takes the one dimension the table's other
/// columns name ("STT | Tên đơn vị | Điểm MĐĐĐ | Xếp hạng": the level is achieved).
fn inherit_table_dimension(readings: &mut [Reading]) {
    let mut named: Vec<Dimension> = readings
        .iter()
        .filter(|r| r.own.is_value() && r.dims.len() == 1)
        .map(|r| r.dims[0].0)
        .collect();
    named.sort();
    named.dedup();
    if let [d] = named.as_slice() {
        for r in readings.iter_mut() {
            if r.own.is_value() && r.dims.is_empty() {
                r.dims.push((*d, d.name_vi().to_string(), DimSource::Table));
            }
        }
        return;
    }
    follow_left_neighbour(readings);
}

/// In a table of both dimensions, a level (or rate, maximum…) column naming no dimension right
/// after a column of one dimension belongs to it ("Điểm MĐĐĐ | Xếp hạng | Điểm ĐKSS | Xếp
/// hạng"), unless that dimension already has such a column. A score naming no dimension stays
/// in doubt.
fn follow_left_neighbour(readings: &mut [Reading]) {
    for i in 0..readings.len() {
        let r = &readings[i];
        let lone = r.own.is_value() && r.dims.is_empty() && r.fields.len() == 1;
        if !lone || matches!(r.fields[0], Field::Score | Field::Converted) {
            continue;
        }
        let field = r.fields[0];
        let Some(left) = readings[..i].iter().rev().find(|x| x.own.is_value()) else {
            continue;
        };
        let [(d, _, _)] = left.dims.as_slice() else {
            continue;
        };
        let d = *d;
        let taken = readings
            .iter()
            .any(|x| x.dims.len() == 1 && x.dims[0].0 == d && x.fields == [field]);
        if !taken {
            let cell = CellRef::column_letters(left.col);
            readings[i]
                .dims
                .push((d, String::new(), DimSource::LeftNeighbour(cell)));
        }
    }
}

/// The columns read so far, and the doubts.
#[derive(Default)]
struct Settling {
    columns: Vec<Column>,
    /// Roles two columns claimed, with the first claimant ("\"label\" (C)").
    claimed: Vec<(Role, String)>,
    doubts: Vec<(Reading, Vec<Role>, Option<String>)>,
    /// A second unit column naming districts ("Huyện" beside "Tên xã").
    district_col: Option<u32>,
    /// Self-assessed raw points set aside for appraised ones.
    self_assessed: Vec<Role>,
}

impl Settling {
    /// A column with one role: read, or (a second claimant) in doubt with the first.
    fn claim(&mut self, r: Reading, role: Role) {
        let Some(first) = self.columns.iter().position(|c| c.role == role) else {
            if let Some((_, first)) = self.claimed.iter().find(|(x, _)| *x == role) {
                let first = first.clone();
                self.doubts.push((r, vec![role], Some(first)));
            } else {
                self.push(&r, role);
            }
            return;
        };
        match role {
            Role::Unit => self.second_unit(r, first),
            Role::RowNumber => {}
            Role::Dim(_, Field::RawPoints)
                if self.columns[first].self_assessed != r.own.self_assessed =>
            {
                // Appraised points win over the unit's own ("Điểm thẩm định" over "Điểm tự chấm").
                if self.columns[first].self_assessed {
                    self.columns.remove(first);
                    self.push(&r, role);
                }
                self.self_assessed.push(role);
            }
            Role::Dim(..) => {
                let c = self.columns.remove(first);
                let named = format!(
                    "\"{}\" ({})",
                    short(&c.label),
                    CellRef::column_letters(c.col)
                );
                self.claimed.push((role, named.clone()));
                self.doubts.push((r, vec![role], Some(named)));
            }
        }
    }

    fn push(&mut self, r: &Reading, role: Role) {
        self.columns.push(Column {
            col: r.col,
            role,
            label: r.label.clone(),
            why: why(r, role),
            self_assessed: r.own.self_assessed,
        });
    }

    /// Two unit columns: the one naming communes is the unit, the other names their district.
    fn second_unit(&mut self, r: Reading, first: usize) {
        let communes = |label: &str| {
            let w = super::header::words(label);
            w.iter().any(|x| x == "xa" || x == "phuong")
                || w.windows(2).any(|p| p == ["thi", "tran"])
        };
        let first_communes = communes(&self.columns[first].label);
        if communes(&r.label) && !first_communes {
            self.district_col = Some(self.columns[first].col);
            self.columns.remove(first);
            self.push(&r, Role::Unit);
        } else if first_communes && !communes(&r.label) {
            self.district_col = Some(r.col);
        }
    }
}

/// A label as quoted in a message: at most 80 characters.
fn short(label: &str) -> String {
    if label.chars().count() <= 80 {
        return label.to_string();
    }
    let mut s: String = label.chars().take(79).collect();
    s.push('…');
    s
}

/// Settles the roles: clear columns, columns in doubt, two columns claiming one role, raw points
/// that are the score, and whether a doubt leaves a dimension without its score.
fn settle(grid: &Grid, rows: &[u32], mut readings: Vec<Reading>) -> Option<Header> {
    inherit_table_dimension(&mut readings);
    let mut st = Settling::default();
    for r in readings {
        match own_roles(&r).as_slice() {
            [] => {}
            [one] => st.claim(r, *one),
            many => {
                let many = many.to_vec();
                st.doubts.push((r, many, None));
            }
        }
    }
    let mut columns = st.columns;
    unit_over_row_number(grid, rows, &mut columns);
    promote_raw_points(&mut columns);
    // A column naming both dimensions, or none, whose every candidate role another column holds
    // clearly (a total of both, a second level column), is simply not read.
    let mut doubts = st.doubts;
    doubts.retain(|(_, cands, first)| {
        first.is_some() || !cands.iter().all(|c| columns.iter().any(|x| x.role == *c))
    });
    let has = |role: Role| columns.iter().any(|c| c.role == role);
    let has_values = columns.iter().any(|c| {
        matches!(
            c.role,
            Role::Dim(
                _,
                Field::Score | Field::Level | Field::Converted | Field::Percent | Field::RawPoints
            )
        )
    });
    // A table needs its unit column and a value column; one whose values are all in doubt
    // still needs its row numbers (a signature block is no table).
    if !has(Role::Unit) || !(has_values || (!doubts.is_empty() && has(Role::RowNumber))) {
        return None;
    }
    columns.sort_by_key(|c| c.col);
    let scored = |d: Dimension| {
        columns
            .iter()
            .any(|c| matches!(c.role, Role::Dim(x, Field::Score | Field::Converted) if x == d))
    };
    let mut out: Vec<Doubt> = Vec::new();
    let mut blocked = None;
    for (r, cands, first) in doubts {
        // Rows are rejected only when a dimension's score itself is in doubt.
        let blocks = cands
            .iter()
            .any(|c| matches!(c, Role::Dim(d, Field::Score | Field::Converted) if !scored(*d)));
        if blocks && blocked.is_none() {
            blocked = Some(out.len());
        }
        out.push(doubt(&r, cands, first.as_deref(), blocks));
    }
    Some(Header {
        rows: rows.to_vec(),
        columns,
        doubts: out,
        blocked,
        district_col: st.district_col,
    })
}

fn doubt(r: &Reading, candidates: Vec<Role>, first: Option<&str>, blocks: bool) -> Doubt {
    let message = Text::HeaderInDoubt {
        label: short(&r.label),
        first: first.map(str::to_string),
        candidates: candidates.clone(),
        blocks,
    }
    .into();
    Doubt {
        cell: r.cell,
        col: r.col,
        label: short(&r.label),
        candidates,
        message,
    }
}

/// The unit label merged over the row-number column too: "CÁC XÃ, PHƯỜNG, THỊ TRẤN" in A:B.
fn unit_over_row_number(grid: &Grid, rows: &[u32], columns: &mut Vec<Column>) {
    if columns.iter().any(|c| c.role == Role::RowNumber) {
        return;
    }
    let Some(pos) = columns.iter().position(|c| c.role == Role::Unit) else {
        return;
    };
    let ucol = columns[pos].col;
    let next = ucol + 1;
    let next_free = !columns.iter().any(|c| c.col == next)
        && rows.iter().all(|&r| grid.get(r, next).is_empty())
        && next <= grid.last_col();
    if next_free {
        let label = columns[pos].label.clone();
        let why = columns[pos].why.clone();
        columns[pos].role = Role::RowNumber;
        columns.push(Column {
            col: next,
            role: Role::Unit,
            label,
            why,
            self_assessed: false,
        });
    }
}

/// In a table with one points column per dimension and nothing to convert (no applicable
/// maximum, no points not applicable, no converted score), the raw points are the score
/// ("Điểm tự chấm" alone under a dimension, "Tổng điểm đạt được" beside "Điểm tối đa").
fn promote_raw_points(columns: &mut [Column]) {
    for d in Dimension::ALL {
        let has = |f: Field, cs: &[Column]| cs.iter().any(|c| c.role == Role::Dim(d, f));
        // With a maximum alone the raw points are still the score (nothing to convert).
        let full = [
            Field::Score,
            Field::Converted,
            Field::ApplicableMax,
            Field::NotApplicable,
        ]
        .iter()
        .any(|f| has(*f, columns));
        if full {
            continue;
        }
        if let Some(c) = columns
            .iter_mut()
            .find(|c| c.role == Role::Dim(d, Field::RawPoints))
        {
            c.role = Role::Dim(d, Field::Score);
            c.why = c.why.and(Text::WhyOnlyPointsColumn.into());
        }
    }
}

/// What a value column's values look like: level spellings, numbers that are no level.
fn value_kinds(table: &Table, role: Role) -> (usize, usize, usize) {
    let values: Vec<&RawValue> = table
        .rows
        .iter()
        .filter_map(|r| r.get(role).map(|c| c.value))
        .filter(|v| !v.is_empty())
        .collect();
    let (levels, scores) = values.iter().fold((0, 0), |(l, s), v| match v {
        RawValue::Text(t)
            if Level::parse(&clean(t)).is_some() && clean(t).parse::<f64>().is_err() =>
        {
            (l + 1, s)
        }
        RawValue::Number(n) if n.fract() != 0.0 || *n > 4.0 || *n < 1.0 => (l, s + 1),
        _ => (l, s),
    });
    (levels, scores, values.len())
}

/// Gives column `i` another role, in the table and in every row read.
fn re_role(table: &mut Table, i: usize, new: Role) {
    let old = table.columns[i].role;
    table.columns[i].role = new;
    // The rows share their table's columns: each list is rebuilt once, not once per row.
    let mut last: Option<(RowColumns, RowColumns)> = None;
    for r in &mut table.rows {
        if let Some((from, to)) = &last
            && Arc::ptr_eq(from, &r.cols)
        {
            r.cols = to.clone();
            continue;
        }
        let to: RowColumns = r
            .cols
            .iter()
            .map(|&(role, col)| (if role == old { new } else { role }, col))
            .collect();
        last = Some((std::mem::replace(&mut r.cols, to.clone()), to));
    }
}

/// Checks each value column against its values: levels in most rows of a score column, or
/// scores in most rows of a level column. Where the dimension lacks the other kind of column,
/// the column is read by what its values are; either way it is said.
fn check_values(table: &mut Table) -> Vec<SheetFinding> {
    let mut out = Vec::new();
    for i in 0..table.columns.len() {
        let Role::Dim(d, f) = table.columns[i].role else {
            continue;
        };
        let (levels, scores, n) = value_kinds(table, table.columns[i].role);
        let (other, count) = match f {
            Field::Score | Field::Converted | Field::RawPoints if levels * 2 > n && levels >= 2 => {
                (Field::Level, levels)
            }
            Field::Level if scores * 2 > n && scores >= 2 => (Field::Score, scores),
            _ => continue,
        };
        let free = !table.columns.iter().any(|c| c.role == Role::Dim(d, other));
        if free {
            re_role(table, i, Role::Dim(d, other));
        }
        let cell = CellRef {
            row: table.header_rows.last().copied().unwrap_or(1),
            col: table.columns[i].col,
        };
        let text = Text::ValuesDisagree {
            label: short(&table.columns[i].label),
            levels: other == Field::Level,
            count,
            rows: n,
            read_as: free.then_some(Role::Dim(d, other)),
        };
        out.push((Code::HeaderValuesDisagree, cell, text.into()));
    }
    out
}

/// "I. HUYỆN CAM LÂM" → Some("HUYỆN CAM LÂM"); "B. ĐIỀU KIỆN" → Some("ĐIỀU KIỆN"); else None.
pub fn heading_text(text: &str) -> Option<String> {
    let t = clean(text);
    let cut = t.find(['.', ')'])?;
    let (prefix, rest) = t.split_at(cut);
    let rest = rest[1..].trim();
    let p = prefix.trim();
    let roman = !p.is_empty() && p.len() <= 6 && p.chars().all(|c| "IVXLCivxlc".contains(c));
    let letter = p.chars().count() == 1 && p.chars().all(|c| c.is_ascii_alphabetic());
    let digits = !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit());
    if (roman || letter || digits) && !rest.is_empty() && rest.chars().any(|c| c.is_alphabetic()) {
        Some(rest.to_string())
    } else {
        None
    }
}

/// True when the text starts with a district type word ("Huyện", "Thị xã", "Thành phố", "Quận").
pub fn names_a_district(text: &str) -> bool {
    let k = accent_key(text);
    [
        "huyen ",
        "thi xa ",
        "thanh pho ",
        "quan ",
        "tp. ",
        "tp ",
        "tx. ",
        "tx ",
        "h. ",
    ]
    .iter()
    .any(|p| k.starts_with(p))
}

/// True when the text starts like a unit's name: "UBND …", "Ủy ban nhân dân …", a district
/// type word, or a commune type word followed by a name ("Xã Cam Hòa", "P. 1", "TT. Vạn Giã").
fn names_a_unit(text: &str) -> bool {
    let k = accent_key(text);
    names_a_district(&k)
        || [
            "ubnd ",
            "uy ban nhan dan ",
            "xa ",
            "phuong ",
            "thi tran ",
            "x. ",
            "p. ",
            "tt. ",
        ]
        .iter()
        .any(|p| k.starts_with(p))
}

/// A number written as text, as districts type scores: digits with a decimal comma or point,
/// spaces and no-break spaces around ("51,44", " 36,81 ", "27.7").
fn is_text_number(text: &str) -> bool {
    let t = clean(text);
    !t.is_empty()
        && t.chars().count() <= 16
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
}

/// A title row naming the district: "ỦY BAN NHÂN DÂN HUYỆN CAM LÂM", "UBND THỊ XÃ NINH HÒA".
fn title_district(text: &str) -> Option<String> {
    let t = clean(text);
    let k = accent_key(&t);
    for prefix in ["uy ban nhan dan ", "ubnd "] {
        if let Some(rest) = k.strip_prefix(prefix)
            && names_a_district(rest)
        {
            return Some(t);
        }
    }
    None
}

/// A cell in a score or level column that looks like a value: anything but text without digits
/// that is no level spelling (a signature such as "Người lập biểu" written across the columns).
fn is_value_like(v: &RawValue) -> bool {
    match v {
        RawValue::Empty => false,
        RawValue::Text(t) => {
            let t = clean(t);
            !t.is_empty()
                && (t.chars().any(|c| c.is_ascii_digit())
                    || crate::core::Level::parse(&t).is_some()
                    || t.chars().count() <= 2)
        }
        _ => true,
    }
}

/// Text that reads as a sentence rather than a value: the place-and-date line of a signature block
/// ("Cam Lâm, ngày 15 tháng 01 năm 2021") written across the score columns. Its digits do not make
/// it a score. Level spellings and short texts with a unit word ("45 điểm") are not prose.
fn is_prose(v: &RawValue) -> bool {
    let Some(t) = v.text() else {
        return false;
    };
    let t = clean(t);
    if crate::core::Level::parse(&t).is_some() {
        return false;
    }
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let dated = accent_key(&t)
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "ngay" || w == "thang");
    letters >= 6 || dated
}

/// "1 2 3 4 5 6" or "(1) (2) (3)": at least three cells, whole numbers rising by one from left to
/// right, and no letters in the unit column.
fn is_numbering_row(grid: &Grid, row: u32, unit_col: Option<u32>) -> bool {
    if unit_col.is_some_and(|c| {
        grid.get(row, c)
            .text()
            .is_some_and(|t| t.chars().any(char::is_alphabetic))
    }) {
        return false;
    }
    let mut numbers = Vec::new();
    for c in grid.first_col..=grid.last_col() {
        let n = match grid.get(row, c) {
            RawValue::Empty => continue,
            RawValue::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1000.0 => *n as u32,
            RawValue::Text(t) => match clean(t)
                .trim_start_matches('(')
                .trim_end_matches(')')
                .parse::<u32>()
            {
                Ok(n) => n,
                Err(_) => return false,
            },
            _ => return false,
        };
        numbers.push(n);
    }
    numbers.len() >= 3
        && numbers
            .windows(2)
            .all(|w| w[0].checked_add(1) == Some(w[1]))
}

fn is_number_like(v: &RawValue) -> bool {
    match v {
        RawValue::Number(_) => true,
        RawValue::Text(t) => {
            let t = clean(t);
            !t.is_empty() && t.len() <= 5 && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        }
        _ => false,
    }
}

/// What the title rows above a sheet's first table say: the district, the year.
#[derive(Default)]
struct Titles {
    district: Option<Heading>,
    year: Option<(i32, Heading)>,
}

/// The result of reading one sheet.
pub struct SheetRead {
    pub tables: Vec<Table>,
    pub summary: SheetSummary,
    pub title_district: Option<Heading>,
    /// The year written in the title rows ("… NĂM 2020"), with its cell.
    pub title_year: Option<(i32, Heading)>,
    /// Headers in doubt, values that contradict their header.
    pub findings: Vec<SheetFinding>,
}

/// Reads one sheet: every table, every row classified.
pub fn read_sheet(grid: &Grid, labels: &Labels) -> SheetRead {
    let mut summary = SheetSummary {
        name: grid.name.clone(),
        hidden: grid.hidden,
        ..SheetSummary::default()
    };
    let mut passed = std::collections::BTreeMap::<PassReason, u64>::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut titles = Titles::default();
    if grid.is_empty() {
        return SheetRead {
            tables,
            summary,
            title_district: None,
            title_year: None,
            findings: Vec::new(),
        };
    }
    let mut findings: Vec<SheetFinding> = Vec::new();
    let first = grid.first_row;
    let last = grid.last_row();
    // Rows above the used range count as read and blank (Excel shows them).
    let mut rows_read: u32 = first - 1;
    *passed.entry(PassReason::Blank).or_default() += (first - 1) as u64;
    let mut heading: Option<Arc<Heading>> = None;
    let mut row = first;
    while row <= last {
        let floor = tables.last().map_or(0, |t| {
            let header = t.header_rows.last().copied().unwrap_or(0);
            t.rows.last().map_or(header, |r| r.row.max(header))
        });
        if let Some(h) = header_at(grid, labels, row, floor) {
            let n = h.rows.len() as u32;
            if start_table(grid, &mut tables, h, &mut findings) {
                heading = None;
            }
            *passed.entry(PassReason::Header).or_default() += n as u64;
            rows_read += n;
            row += n;
            continue;
        }
        rows_read += 1;
        let reason = classify_row(grid, row, tables.last_mut(), &mut heading, &mut titles);
        if let Some(reason) = reason {
            *passed.entry(reason).or_default() += 1;
        }
        row += 1;
    }
    summary.rows = rows_read;
    summary.passed = passed.into_iter().collect();
    summary.tables = tables.len();
    for t in &mut tables {
        findings.extend(check_values(t));
    }
    SheetRead {
        tables,
        summary,
        title_district: titles.district,
        title_year: titles.year,
        findings,
    }
}

/// A header starts a table, unless it repeats the last one's (a page break): true when it does.
fn start_table(
    grid: &Grid,
    tables: &mut Vec<Table>,
    h: Header,
    findings: &mut Vec<SheetFinding>,
) -> bool {
    let same = tables.last().is_some_and(|t| {
        t.columns
            .iter()
            .map(|c| (c.col, c.role))
            .eq(h.columns.iter().map(|c| (c.col, c.role)))
            && t.doubts
                .iter()
                .map(|d| (d.col, &d.candidates))
                .eq(h.doubts.iter().map(|d| (d.col, &d.candidates)))
    });
    if same {
        return false;
    }
    for d in &h.doubts {
        findings.push((Code::HeaderAmbiguous, d.cell, d.message.clone()));
    }
    tables.push(Table {
        sheet: grid.name.as_str().into(),
        hidden: grid.hidden,
        header_rows: h.rows,
        columns: h.columns,
        doubts: h.doubts,
        blocked: h.blocked,
        district_col: h.district_col,
        rows: Vec::new(),
    });
    true
}

/// Classifies one row; data rows are pushed into `table` and return `None`.
fn classify_row(
    grid: &Grid,
    row: u32,
    table: Option<&mut Table>,
    heading: &mut Option<Arc<Heading>>,
    titles: &mut Titles,
) -> Option<PassReason> {
    if row_is_blank(grid, row) {
        return Some(PassReason::Blank);
    }
    let Some(table) = table else {
        note_title_district(grid, row, &mut titles.district);
        note_title_year(grid, row, &mut titles.year);
        return Some(PassReason::Title);
    };
    let cell_of = |role: Role| table.columns.iter().find(|c| c.role == role).map(|c| c.col);
    // The column-number row of government forms under a header: "1 2 3 4 …" or "(1) (2) …".
    if is_numbering_row(grid, row, cell_of(Role::Unit)) {
        return Some(PassReason::Header);
    }
    if is_total_row(grid, row, cell_of(Role::Unit)) {
        return Some(PassReason::Note);
    }
    if !has_values(grid, row, table)
        && let Some(reason) = not_data(grid, row, table, heading)
    {
        return Some(reason);
    }
    district_in_column(grid, row, table, heading);
    push_data_row(grid, row, table, heading);
    None
}

/// Above the first table: a title row naming the district ("ỦY BAN NHÂN DÂN HUYỆN CAM LÂM").
fn note_title_district(grid: &Grid, row: u32, title: &mut Option<Heading>) {
    if title.is_some() {
        return;
    }
    for c in grid.first_col..=grid.last_col() {
        if let Some(t) = grid.get(row, c).text().and_then(title_district) {
            *title = Some(Heading {
                text: t,
                cell: CellRef { row, col: c },
            });
            return;
        }
    }
}

/// Above the first table: a title row naming the year ("BIỂU TỔNG HỢP … NĂM 2020").
fn note_title_year(grid: &Grid, row: u32, year: &mut Option<(i32, Heading)>) {
    if year.is_some() {
        return;
    }
    for c in grid.first_col..=grid.last_col() {
        if let Some(t) = grid.get(row, c).text()
            && let Some(y) = title_year(t)
        {
            let cell = CellRef { row, col: c };
            *year = Some((
                y,
                Heading {
                    text: clean(t),
                    cell,
                },
            ));
            return;
        }
    }
}

/// The year of a title: a year 2000-2099 right after "năm" ("… NĂM 2020", "năm 2021"). A date
/// line ("Cam Lâm, ngày 18 tháng 01 năm 2021", the day a report was signed) names no year of
/// evaluation.
fn title_year(text: &str) -> Option<i32> {
    let key = accent_key(text);
    let words: Vec<&str> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| *w == "ngay" || *w == "thang") {
        return None;
    }
    words
        .windows(2)
        .find_map(|w| match (w[0], w[1].parse::<i32>()) {
            ("nam", Ok(year)) if w[1].len() == 4 && (2000..=2099).contains(&year) => Some(year),
            _ => None,
        })
}

/// A total or average row ("Tổng cộng", "Trung bình") carries numbers but names no unit.
fn is_total_row(grid: &Grid, row: u32, unit_col: Option<u32>) -> bool {
    unit_col
        .and_then(|c| grid.get(row, c).text().map(accent_key))
        .is_some_and(|name| {
            ["tong cong", "tong so", "trung binh", "binh quan"]
                .iter()
                .any(|p| name.starts_with(p))
                || ["tong", "cong", "tong diem", "toan tinh", "toan huyen"].contains(&name.as_str())
        })
}

/// Something like a value under a value column (or a column in doubt). In a row with neither a
/// row number nor a unit name, a sentence there (a signature block's date line) is no value.
fn has_values(grid: &Grid, row: u32, table: &Table) -> bool {
    let anonymous = table
        .columns
        .iter()
        .filter(|c| matches!(c.role, Role::RowNumber | Role::Unit))
        .all(|c| grid.get(row, c.col).is_empty());
    table
        .columns
        .iter()
        .filter(|c| matches!(c.role, Role::Dim(..)))
        .map(|c| c.col)
        .chain(table.doubts.iter().map(|d| d.col))
        .map(|c| grid.get(row, c))
        .any(|v| is_value_like(v) && !(anonymous && is_prose(v)))
}

/// A row without values: a group heading ("I. HUYỆN CAM LÂM", also split over two cells), or a
/// note; `None` for a numbered, named row, which stays data (normalize reports its empty scores).
fn not_data(
    grid: &Grid,
    row: u32,
    table: &Table,
    heading: &mut Option<Arc<Heading>>,
) -> Option<PassReason> {
    let first_text = (grid.first_col..=grid.last_col())
        .find_map(|c| (!grid.get(row, c).is_empty()).then(|| (c, grid.get(row, c).clone())));
    let split = first_text
        .as_ref()
        .and_then(|(col, v)| split_heading(grid, row, *col, v));
    if let Some((col, RawValue::Text(t))) = split.as_ref().or(first_text.as_ref())
        && let Some(rest) = heading_text(t)
    {
        if names_a_district(&rest) {
            *heading = Some(Arc::new(Heading {
                text: rest,
                cell: CellRef { row, col: *col },
            }));
        }
        return Some(PassReason::Heading);
    }
    let cell_of = |role: Role| table.columns.iter().find(|c| c.role == role).map(|c| c.col);
    let numbered = cell_of(Role::RowNumber).is_some_and(|c| is_number_like(grid.get(row, c)));
    let named = cell_of(Role::Unit).and_then(|c| grid.get(row, c).text().map(accent_key));
    let sub_heading = named.as_deref().is_some_and(|n| {
        ["cac ", "tong", "cong", "trong do", "ghi chu"]
            .iter()
            .any(|p| n.starts_with(p))
            || n.ends_with(':')
    });
    (!numbered || named.is_none() || sub_heading).then_some(PassReason::Note)
}

/// A heading split over two cells: "I" (or "I.") in the row-number column, the district in the
/// next one, read as "I. HUYỆN CAM LÂM".
fn split_heading(grid: &Grid, row: u32, col: u32, v: &RawValue) -> Option<(u32, RawValue)> {
    let mark = clean(v.text()?);
    let mark = mark.trim_end_matches(['.', ')']);
    let roman = !mark.is_empty() && mark.len() <= 6 && mark.chars().all(|c| "IVXLC".contains(c));
    let letter = mark.chars().count() == 1 && mark.chars().all(|c| c.is_ascii_uppercase());
    if !(roman || letter) {
        return None;
    }
    let (ncol, next) = (col + 1..=grid.last_col())
        .find_map(|c| (!grid.get(row, c).is_empty()).then(|| (c, grid.get(row, c).clone())))?;
    let text = clean(next.text()?);
    Some((ncol, RawValue::Text(format!("{mark}. {text}").into())))
}

/// A table with a district column ("Huyện" beside "Tên xã"): the district it names is in force
/// from its row down (a merged cell names it once for the rows under it).
fn district_in_column(grid: &Grid, row: u32, table: &Table, heading: &mut Option<Arc<Heading>>) {
    let Some(col) = table.district_col else {
        return;
    };
    if let Some(t) = text_at(grid, row, col) {
        *heading = Some(Arc::new(Heading {
            text: clean(t),
            cell: CellRef { row, col },
        }));
    }
}

fn push_data_row(grid: &Grid, row: u32, table: &mut Table, heading: &Option<Arc<Heading>>) {
    let mapped = || table.columns.iter().map(|c| (c.role, c.col));
    // The previous row's list when the columns are the same (they are, row after row).
    let cols: RowColumns = match table.rows.last() {
        Some(r) if r.cols.iter().copied().eq(mapped()) => r.cols.clone(),
        _ => mapped().collect(),
    };
    // The row as read, shared (its cells are in column order: `DataRow::at` finds a column's
    // cell by binary search).
    let raw = grid.row(row).clone();
    debug_assert!(raw.windows(2).all(|w| w[0].cell.col < w[1].cell.col));
    table.rows.push(DataRow {
        row,
        cols,
        heading: heading.clone(),
        raw,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_titles() {
        assert_eq!(
            heading_text("I. HUYỆN CAM LÂM").as_deref(),
            Some("HUYỆN CAM LÂM")
        );
        assert_eq!(
            heading_text("VI. THÀNH PHỐ CAM RANH").as_deref(),
            Some("THÀNH PHỐ CAM RANH")
        );
        assert_eq!(heading_text("Xã Cam Hòa"), None);
        assert!(names_a_district("HUYỆN CAM LÂM"));
        assert!(!names_a_district("ĐIỀU KIỆN SẴN SÀNG"));
        assert!(title_district("ỦY BAN NHÂN DÂN HUYỆN CAM LÂM").is_some());
        assert!(title_district("ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA").is_none());
    }

    #[test]
    fn the_year_of_a_title() {
        let t = "BIỂU TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ MỨC ĐỘ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020";
        assert_eq!(title_year(t), Some(2020));
        assert_eq!(
            title_year("Kết quả đánh giá CQĐT năm 2021 - huyện Cam Lâm"),
            Some(2021)
        );
        assert_eq!(title_year("KQ danh gia CQDT nam 2019"), Some(2019));
        assert_eq!(title_year("NĂM 2020-2021"), Some(2020));
        // A date line, a year without "năm", a year out of range, a number that is no year.
        assert_eq!(title_year("Cam Lâm, ngày 18 tháng 01 năm 2021"), None);
        assert_eq!(title_year("CHÍNH QUYỀN ĐIỆN TỬ 2020"), None);
        assert_eq!(title_year("năm 1999"), None);
        assert_eq!(title_year("năm 20201"), None);
        assert_eq!(title_year("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), None);
    }

    #[test]
    fn prose_is_no_value() {
        let p = |s: &str| is_prose(&RawValue::Text(s.into()));
        assert!(p("Cam Lâm, ngày 15 tháng 01 năm 2021"));
        assert!(p("Ngày 15/01/2021"));
        assert!(!p("90,56"));
        assert!(!p("85,36%"));
        assert!(!p("45 điểm"));
        assert!(!p("Mức độ 2"));
        assert!(!p("Không xếp hạng"));
        assert!(!is_prose(&RawValue::Number(50.0)));
    }
}
