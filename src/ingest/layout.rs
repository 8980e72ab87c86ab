//! Layout: finds tables by their header, maps columns to roles, and classifies every row of a
//! sheet (data, title, header, heading, blank, note).

use crate::core::Dimension;
use crate::core::text::{accent_key, clean, within_one_edit};
use crate::finding::CellRef;
use crate::pipeline::Aliases;

use super::workbook::Grid;
use super::{
    Column, DataRow, Field, Heading, PassReason, RawCell, RawValue, Role, SheetSummary, Table,
};

/// A header cell's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    RowNumber,
    Unit,
    Dim(Dimension, Option<Field>),
    Field(Field),
}

/// Header labels, built in and from the pipeline, as compact keys (accent-free, lower case,
/// letters and digits only).
pub struct Labels {
    row_number: Vec<String>,
    unit: Vec<String>,
    unit_prefixes: Vec<String>,
    achieved: Vec<String>,
    readiness: Vec<String>,
    fields: Vec<(Field, Vec<String>)>,
}

/// Accent-free, lower case, only letters, digits and '%'.
pub fn compact(s: &str) -> String {
    accent_key(s)
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '%')
        .collect()
}

fn keys(builtin: &[&str], extra: &[String]) -> Vec<String> {
    builtin
        .iter()
        .map(|s| compact(s))
        .chain(extra.iter().map(|s| compact(s)))
        .filter(|s| !s.is_empty())
        .collect()
}

fn matches_any(c: &str, list: &[String]) -> bool {
    list.iter()
        .any(|k| k == c || (k.chars().count() >= 6 && within_one_edit(k, c)))
}

impl Labels {
    pub fn new(a: &Aliases) -> Labels {
        Labels {
            row_number: keys(&["STT", "TT", "Số TT", "Số thứ tự"], &a.row_number),
            unit: keys(
                &[
                    "Tên đơn vị",
                    "Đơn vị",
                    "Tên cơ quan, đơn vị",
                    "Tên xã",
                    "Tên huyện",
                    "Địa phương",
                ],
                &a.unit,
            ),
            unit_prefixes: keys(
                &[
                    "Các xã",
                    "Các huyện",
                    "Xã, phường",
                    "Huyện, thị xã",
                    "Tên đơn vị",
                ],
                &[],
            ),
            achieved: keys(
                &[
                    "Mức độ đạt được",
                    "Mức độ kết quả",
                    "Kết quả đạt được",
                    "MĐĐĐ",
                ],
                &a.achieved,
            ),
            readiness: keys(&["Điều kiện sẵn sàng", "ĐKSS", "Điều kiện"], &a.readiness),
            fields: vec![
                (
                    Field::ApplicableMax,
                    keys(
                        &[
                            "Điểm tối đa áp dụng",
                            "Tối đa áp dụng",
                            "Điểm tối đa được áp dụng",
                        ],
                        &[],
                    ),
                ),
                (
                    Field::Maximum,
                    keys(&["Điểm tối đa", "Tối đa", "Điểm chuẩn"], &[]),
                ),
                (
                    Field::NotApplicable,
                    keys(
                        &["Điểm không áp dụng", "Không áp dụng", "Điểm không đánh giá"],
                        &[],
                    ),
                ),
                (
                    Field::Converted,
                    keys(&["Điểm quy đổi", "Quy đổi", "Tổng điểm quy đổi"], &[]),
                ),
                (
                    Field::Percent,
                    keys(&["Tỷ lệ", "Tỷ lệ (%)", "Tỉ lệ", "%", "Phần trăm"], &[]),
                ),
                (
                    Field::RawPoints,
                    keys(&["Điểm đạt được", "Số điểm đạt được", "Điểm thực tế"], &[]),
                ),
                (
                    Field::Score,
                    keys(
                        &[
                            "Tổng điểm",
                            "Điểm",
                            "Số điểm",
                            "Tổng số điểm",
                            "Điểm đánh giá",
                        ],
                        &a.score,
                    ),
                ),
                (
                    Field::Level,
                    keys(
                        &[
                            "Kết quả",
                            "Xếp hạng",
                            "Mức",
                            "Mức độ",
                            "Kết quả xếp hạng",
                            "Mức xếp hạng",
                            "Xếp loại",
                        ],
                        &a.level,
                    ),
                ),
            ],
        }
    }

    fn field(&self, c: &str) -> Option<Field> {
        // Exact first, so that "diemtoida" is not read as one edit from another label.
        for (f, list) in &self.fields {
            if list.iter().any(|k| k == c) {
                return Some(*f);
            }
        }
        for (f, list) in &self.fields {
            if matches_any(c, list) {
                return Some(*f);
            }
        }
        None
    }

    fn token(&self, v: &RawValue) -> Option<Tok> {
        let text = v.text()?;
        let c = compact(text);
        if c.is_empty() || c.len() > 80 {
            return None;
        }
        if self.row_number.contains(&c) {
            return Some(Tok::RowNumber);
        }
        if matches_any(&c, &self.unit)
            || self.unit_prefixes.iter().any(|p| c.starts_with(p.as_str()))
        {
            return Some(Tok::Unit);
        }
        for (dim, list) in [
            (Dimension::Achieved, &self.achieved),
            (Dimension::Readiness, &self.readiness),
        ] {
            for phrase in list {
                if phrase.len() >= 4 && c.contains(phrase.as_str()) {
                    let rest = c.replacen(phrase.as_str(), "", 1);
                    let field = if rest.is_empty() {
                        None
                    } else {
                        self.field(&rest)
                    };
                    return Some(Tok::Dim(dim, field));
                }
            }
            if matches_any(&c, list) {
                return Some(Tok::Dim(dim, None));
            }
        }
        self.field(&c).map(Tok::Field)
    }

    /// The dimension named anywhere in a row (for a title such as "2. Điều kiện sẵn sàng").
    fn dimension_in_row(&self, grid: &Grid, row: u32) -> Option<Dimension> {
        for col in grid.first_col..=grid.last_col() {
            if let Some(t) = grid.get(row, col).text() {
                let c = compact(t);
                for (dim, list) in [
                    (Dimension::Achieved, &self.achieved),
                    (Dimension::Readiness, &self.readiness),
                ] {
                    if list.iter().any(|p| p.len() >= 4 && c.contains(p.as_str())) {
                        return Some(dim);
                    }
                }
            }
        }
        None
    }
}

fn row_tokens(grid: &Grid, labels: &Labels, row: u32) -> Vec<(u32, Option<Tok>)> {
    (grid.first_col..=grid.last_col())
        .map(|c| (c, labels.token(grid.get(row, c))))
        .collect()
}

fn row_is_blank(grid: &Grid, row: u32) -> bool {
    (grid.first_col..=grid.last_col()).all(|c| grid.get(row, c).is_empty())
}

/// A header found at `rows` with its column mapping.
#[derive(Debug, Clone)]
struct Header {
    rows: Vec<u32>,
    columns: Vec<Column>,
}

fn label_of(grid: &Grid, rows: &[u32], col: u32) -> String {
    rows.iter()
        .filter_map(|&r| grid.get(r, col).text().map(clean))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Tries to read a header starting at `row`.
fn header_at(grid: &Grid, labels: &Labels, row: u32) -> Option<Header> {
    // A header holds labels, never numbers: a row with a numeric cell (a data row with its row
    // number or scores) is not one, and is passed by without looking at its text.
    if (grid.first_col..=grid.last_col()).any(|c| matches!(grid.get(row, c), RawValue::Number(_))) {
        return None;
    }
    let top = row_tokens(grid, labels, row);
    let has_unit = top.iter().any(|(_, t)| *t == Some(Tok::Unit));
    let has_scoreish = top
        .iter()
        .any(|(_, t)| matches!(t, Some(Tok::Dim(..)) | Some(Tok::Field(_))));
    if !has_unit || !has_scoreish {
        return None;
    }
    let sub_row = row + 1;
    let sub = row_tokens(grid, labels, sub_row);
    let sub_has_fields = sub
        .iter()
        .any(|(_, t)| matches!(t, Some(Tok::Field(_)) | Some(Tok::Dim(_, Some(_)))));
    let sub_has_numbers = (grid.first_col..=grid.last_col())
        .any(|c| matches!(grid.get(sub_row, c), RawValue::Number(_)));
    let sub_has_unit = sub.iter().any(|(_, t)| *t == Some(Tok::Unit));
    let two_rows = sub_has_fields && !sub_has_numbers && !sub_has_unit;
    let hint = dimension_hint(grid, labels, row);

    let mut columns: Vec<Column> = Vec::new();
    let mut current: Option<Dimension> = None;
    for (i, (col, tg)) in top.iter().enumerate() {
        let col = *col;
        let ts = if two_rows { sub[i].1 } else { None };
        let top_empty = grid.get(row, col).is_empty();
        let role = match tg {
            Some(Tok::RowNumber) => {
                current = None;
                Some(Role::RowNumber)
            }
            Some(Tok::Unit) => {
                current = None;
                Some(Role::Unit)
            }
            Some(Tok::Dim(d, f)) => {
                current = Some(*d);
                match ts {
                    Some(Tok::Field(f2)) => Some(Role::Dim(*d, f2)),
                    Some(Tok::Dim(d2, f2)) => Some(Role::Dim(d2, f2.unwrap_or(Field::Score))),
                    _ => Some(Role::Dim(*d, f.unwrap_or(Field::Score))),
                }
            }
            Some(Tok::Field(f)) => {
                if two_rows && matches!(ts, Some(Tok::Field(_))) && *f == Field::Level {
                    // "Kết quả" over sub-columns: some provinces name the achieved dimension so.
                    current = Some(Dimension::Achieved);
                    match ts {
                        Some(Tok::Field(f2)) => Some(Role::Dim(Dimension::Achieved, f2)),
                        _ => None,
                    }
                } else {
                    current = None;
                    hint.map(|d| Role::Dim(d, *f))
                }
            }
            None => {
                if !top_empty {
                    current = None;
                }
                match ts {
                    Some(Tok::Field(f2)) => current.or(hint).map(|d| Role::Dim(d, f2)),
                    Some(Tok::Dim(d2, f2)) => Some(Role::Dim(d2, f2.unwrap_or(Field::Score))),
                    _ => None,
                }
            }
        };
        if let Some(role) = role
            && !columns.iter().any(|c| c.role == role)
        {
            let rows: Vec<u32> = if two_rows {
                vec![row, sub_row]
            } else {
                vec![row]
            };
            columns.push(Column {
                col,
                role,
                label: label_of(grid, &rows, col),
            });
        }
    }
    // The unit label merged over the row-number column too: "CÁC XÃ, PHƯỜNG, THỊ TRẤN" in A:B.
    if !columns.iter().any(|c| c.role == Role::RowNumber)
        && let Some(pos) = columns.iter().position(|c| c.role == Role::Unit)
    {
        let ucol = columns[pos].col;
        let next = ucol + 1;
        let next_free = !columns.iter().any(|c| c.col == next)
            && grid.get(row, next).is_empty()
            && (!two_rows || grid.get(sub_row, next).is_empty());
        if next_free {
            let label = columns[pos].label.clone();
            columns[pos] = Column {
                col: ucol,
                role: Role::RowNumber,
                label: label.clone(),
            };
            columns.push(Column {
                col: next,
                role: Role::Unit,
                label,
            });
        }
    }
    let has_unit = columns.iter().any(|c| c.role == Role::Unit);
    let has_values = columns.iter().any(|c| {
        matches!(
            c.role,
            Role::Dim(
                _,
                Field::Score | Field::Level | Field::Converted | Field::Percent
            )
        )
    });
    if !has_unit || !has_values {
        return None;
    }
    columns.sort_by_key(|c| c.col);
    Some(Header {
        rows: if two_rows {
            vec![row, sub_row]
        } else {
            vec![row]
        },
        columns,
    })
}

/// The dimension named in the nearest non-blank row above a header (up to 3 rows up).
fn dimension_hint(grid: &Grid, labels: &Labels, row: u32) -> Option<Dimension> {
    let mut r = row;
    for _ in 0..3 {
        if r <= grid.first_row {
            return None;
        }
        r -= 1;
        if row_is_blank(grid, r) {
            continue;
        }
        return labels.dimension_in_row(grid, r);
    }
    None
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
    numbers.len() >= 3 && numbers.windows(2).all(|w| w[1] == w[0] + 1)
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

/// The result of reading one sheet.
pub struct SheetRead {
    pub tables: Vec<Table>,
    pub summary: SheetSummary,
    pub title_district: Option<Heading>,
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
    let mut title: Option<Heading> = None;
    if grid.cells.is_empty() {
        return SheetRead {
            tables,
            summary,
            title_district: None,
        };
    }
    let first = grid.first_row;
    let last = grid.last_row();
    // Rows above the used range count as read and blank (Excel shows them).
    let mut rows_read: u32 = first - 1;
    *passed.entry(PassReason::Blank).or_default() += (first - 1) as u64;
    let mut heading: Option<Heading> = None;
    let mut row = first;
    while row <= last {
        if let Some(h) = header_at(grid, labels, row) {
            let n = h.rows.len() as u32;
            let same = tables.last().is_some_and(|t| {
                t.columns
                    .iter()
                    .map(|c| (c.col, c.role))
                    .eq(h.columns.iter().map(|c| (c.col, c.role)))
            });
            if !same {
                tables.push(Table {
                    sheet: grid.name.clone(),
                    hidden: grid.hidden,
                    header_rows: h.rows.clone(),
                    columns: h.columns,
                    rows: Vec::new(),
                });
                heading = None;
            }
            *passed.entry(PassReason::Header).or_default() += n as u64;
            rows_read += n;
            row += n;
            continue;
        }
        rows_read += 1;
        let reason = classify_row(grid, row, tables.last_mut(), &mut heading, &mut title);
        if let Some(reason) = reason {
            *passed.entry(reason).or_default() += 1;
        }
        row += 1;
    }
    summary.rows = rows_read;
    summary.passed = passed.into_iter().collect();
    summary.tables = tables.len();
    SheetRead {
        tables,
        summary,
        title_district: title,
    }
}

/// Classifies one row; data rows are pushed into `table` and return `None`.
fn classify_row(
    grid: &Grid,
    row: u32,
    table: Option<&mut Table>,
    heading: &mut Option<Heading>,
    title: &mut Option<Heading>,
) -> Option<PassReason> {
    if row_is_blank(grid, row) {
        return Some(PassReason::Blank);
    }
    let first_text = (grid.first_col..=grid.last_col()).find_map(|c| {
        let v = grid.get(row, c);
        if v.is_empty() {
            None
        } else {
            Some((c, v.clone()))
        }
    });
    let Some(table) = table else {
        if title.is_none() {
            for c in grid.first_col..=grid.last_col() {
                if let Some(t) = grid.get(row, c).text().and_then(title_district) {
                    *title = Some(Heading {
                        text: t,
                        cell: CellRef { row, col: c },
                    });
                    break;
                }
            }
        }
        return Some(PassReason::Title);
    };
    let cell_of = |role: Role| table.columns.iter().find(|c| c.role == role).map(|c| c.col);
    // The column-number row of government forms under a header: "1 2 3 4 …" or "(1) (2) …".
    if is_numbering_row(grid, row, cell_of(Role::Unit)) {
        return Some(PassReason::Header);
    }
    // A total or average row ("Tổng cộng", "Trung bình") carries numbers but names no unit.
    if let Some(name) = cell_of(Role::Unit).and_then(|c| grid.get(row, c).text().map(accent_key))
        && (["tong cong", "tong so", "trung binh", "binh quan"]
            .iter()
            .any(|p| name.starts_with(p))
            || ["tong", "cong", "tong diem", "toan tinh", "toan huyen"].contains(&name.as_str()))
    {
        return Some(PassReason::Note);
    }
    // A row with neither a row number nor a unit name names no unit: there, a sentence under the
    // score columns (a signature block's date line) is not a value.
    let anonymous = [Role::RowNumber, Role::Unit]
        .iter()
        .all(|&r| cell_of(r).is_none_or(|c| grid.get(row, c).is_empty()));
    let has_values = table
        .columns
        .iter()
        .filter(|c| matches!(c.role, Role::Dim(..)))
        .map(|c| grid.get(row, c.col))
        .any(|v| is_value_like(v) && !(anonymous && is_prose(v)));
    if !has_values {
        // A heading split over two cells: "I" (or "I.") in the row-number column, the district in
        // the next one.
        let split = first_text.as_ref().and_then(|(col, v)| {
            let mark = clean(v.text()?);
            let mark = mark.trim_end_matches(['.', ')']);
            let roman =
                !mark.is_empty() && mark.len() <= 6 && mark.chars().all(|c| "IVXLC".contains(c));
            let letter = mark.chars().count() == 1 && mark.chars().all(|c| c.is_ascii_uppercase());
            if !(roman || letter) {
                return None;
            }
            let (ncol, next) = (col + 1..=grid.last_col()).find_map(|c| {
                let v = grid.get(row, c);
                if v.is_empty() {
                    None
                } else {
                    Some((c, v.clone()))
                }
            })?;
            let text = clean(next.text()?);
            Some((ncol, RawValue::Text(format!("{mark}. {text}"))))
        });
        if let Some((col, RawValue::Text(t))) = split.as_ref().or(first_text.as_ref())
            && let Some(rest) = heading_text(t)
        {
            if names_a_district(&rest) {
                *heading = Some(Heading {
                    text: rest,
                    cell: CellRef { row, col: *col },
                });
            }
            return Some(PassReason::Heading);
        }
        let numbered = cell_of(Role::RowNumber).is_some_and(|c| is_number_like(grid.get(row, c)));
        let named = cell_of(Role::Unit).and_then(|c| grid.get(row, c).text().map(accent_key));
        let sub_heading = named.as_deref().is_some_and(|n| {
            ["cac ", "tong", "cong", "trong do", "ghi chu"]
                .iter()
                .any(|p| n.starts_with(p))
                || n.ends_with(':')
        });
        if !numbered || named.is_none() || sub_heading {
            return Some(PassReason::Note);
        }
    }
    let cells: Vec<(Role, RawCell)> = table
        .columns
        .iter()
        .map(|c| {
            (
                c.role,
                RawCell {
                    cell: CellRef { row, col: c.col },
                    value: grid.get(row, c.col).clone(),
                },
            )
        })
        .collect();
    let raw: Vec<RawCell> = (grid.first_col..=grid.last_col())
        .filter(|&c| !grid.get(row, c).is_empty())
        .map(|c| RawCell {
            cell: CellRef { row, col: c },
            value: grid.get(row, c).clone(),
        })
        .collect();
    table.rows.push(DataRow {
        row,
        cells,
        heading: heading.clone(),
        raw,
    });
    None
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

    #[test]
    fn header_labels() {
        let l = Labels::new(&Aliases::default());
        let t = |s: &str| l.token(&RawValue::Text(s.into()));
        assert_eq!(t("STT"), Some(Tok::RowNumber));
        assert_eq!(t("Tên đơn vị"), Some(Tok::Unit));
        assert_eq!(t("CÁC XÃ, PHƯỜNG, THỊ TRẤN"), Some(Tok::Unit));
        assert_eq!(
            t("MỨC ĐỘ ĐẠT ĐƯỢC"),
            Some(Tok::Dim(Dimension::Achieved, None))
        );
        assert_eq!(
            t("Điểm mức độ đạt được"),
            Some(Tok::Dim(Dimension::Achieved, Some(Field::Score)))
        );
        assert_eq!(
            t("Xếp hạng điều kiện sẵn sàng"),
            Some(Tok::Dim(Dimension::Readiness, Some(Field::Level)))
        );
        assert_eq!(t("Tổng\nđiểm"), Some(Tok::Field(Field::Score)));
        assert_eq!(t("Tổng điễm"), Some(Tok::Field(Field::Score)));
        assert_eq!(t("Kết quả"), Some(Tok::Field(Field::Level)));
        assert_eq!(
            t("Điểm tối đa áp dụng"),
            Some(Tok::Field(Field::ApplicableMax))
        );
        assert_eq!(t("Điểm tối đa"), Some(Tok::Field(Field::Maximum)));
        assert_eq!(t("Tỷ lệ (%)"), Some(Tok::Field(Field::Percent)));
        assert_eq!(t("Điểm đạt được"), Some(Tok::Field(Field::RawPoints)));
        assert_eq!(t("Xã Cam Hòa"), None);
    }
}
