//! Units through time: a crosswalk from the units of a year's map to today's (the shape of
//! `reference/khanh-hoa-2020-to-2025.csv`), read by column names, and the mapping it gives a
//! year ([`History`]): for every commune of the year's map, the new units it became, whole or in
//! part. No score is carried over or split here: a new unit made of several old ones simply has
//! several old rows, and the snapshot lists every (old, new) pair in `units-history`.
//!
//! A row's old units are the 1/11/2020 units it lists in `units_2020` ("22342 Phường Xương
//! Huân; 22345 …") when the column is present and the field not empty, else its `old_code`: a
//! crosswalk for a year on a later map leaves `units_2020` out (or empty) and gives the year's
//! units in `old_code`.

use std::collections::BTreeMap;

use crate::gazetteer::{Gazetteer, split_csv_line};
use crate::words::Text;

/// Columns a crosswalk must have.
const REQUIRED: [&str; 5] = ["old_code", "part", "new_code", "new_type", "new_name"];

/// The column naming the 1/11/2020 units behind each old unit (optional).
const UNITS_2020: &str = "units_2020";

/// Names the legal-basis column may have (optional; the first present is read).
const BASIS: [&str; 4] = ["nq1667_clause", "clause", "legal_basis", "basis"];

/// Whether an old unit went whole into the new one, or was split between new units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Whole,
    Part,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Whole => "whole",
            Part::Part => "part",
        }
    }
}

/// A new unit, as the crosswalk writes it (its type may be one the 2020 list does not know:
/// "Đặc khu").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUnit {
    pub code: String,
    pub unit_type: String,
    pub name: String,
    pub part: Part,
    /// The legal basis the crosswalk gives (a clause of the resolution), if any.
    pub basis: Option<String>,
}

/// One row of the crosswalk.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    /// 1-based line in the file.
    line: u32,
    /// The old units the row joins on (see the module documentation).
    old_codes: Vec<String>,
    new: NewUnit,
}

/// A crosswalk file, read and checked for its own shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crosswalk {
    rows: Vec<Row>,
}

/// A problem of a crosswalk at a line of its file.
pub type LineError = (u32, Box<Text>);

/// A field of a row by column name.
struct Fields<'a> {
    header: &'a [String],
    values: Vec<String>,
    line: u32,
}

impl Fields<'_> {
    fn get(&self, column: &str) -> Option<&str> {
        let i = self.header.iter().position(|h| h == column)?;
        self.values.get(i).map(|v| v.trim())
    }

    /// A required field: present and not empty.
    fn required(&self, column: &str) -> Result<String, LineError> {
        match self.get(column) {
            Some(v) if !v.is_empty() => Ok(crate::core::text::clean(v)),
            other => Err(self.invalid(column, other.unwrap_or(""))),
        }
    }

    fn invalid(&self, column: &str, value: &str) -> LineError {
        let (column, value) = (column.to_string(), value.to_string());
        (
            self.line,
            Box::new(Text::CrosswalkFieldInvalid { column, value }),
        )
    }
}

/// A code: digits only.
fn is_code(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

impl Crosswalk {
    /// Reads a crosswalk (UTF-8, a BOM allowed, a header row naming the columns, in any order).
    pub fn read(text: &str) -> Result<Crosswalk, LineError> {
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i as u32 + 1, l.trim_start_matches('\u{FEFF}')))
            .filter(|(_, l)| !l.trim().is_empty());
        let Some((first, head)) = lines.next() else {
            let column = REQUIRED[0].to_string();
            return Err((1, Box::new(Text::CrosswalkColumnMissing { column })));
        };
        let header: Vec<String> = split_csv_line(head)
            .map_err(|error| (first, Box::new(Text::CrosswalkUnreadable { error })))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        if let Some(column) = REQUIRED.iter().find(|c| !header.iter().any(|h| h == *c)) {
            let column = column.to_string();
            return Err((first, Box::new(Text::CrosswalkColumnMissing { column })));
        }
        let basis = BASIS.into_iter().find(|b| header.iter().any(|h| h == b));
        let mut rows = Vec::new();
        for (line, text) in lines {
            let values = split_csv_line(text)
                .map_err(|error| (line, Box::new(Text::CrosswalkUnreadable { error })))?;
            let fields = Fields {
                header: &header,
                values,
                line,
            };
            rows.push(read_row(&fields, basis)?);
        }
        Ok(Crosswalk { rows })
    }
}

/// One row: its old units, its new unit, whole or part.
fn read_row(f: &Fields, basis: Option<&str>) -> Result<Row, LineError> {
    let old_code = f.required("old_code")?;
    if !is_code(&old_code) {
        return Err(f.invalid("old_code", &old_code));
    }
    let new_code = f.required("new_code")?;
    if !is_code(&new_code) {
        return Err(f.invalid("new_code", &new_code));
    }
    let part = match f.required("part")?.as_str() {
        "whole" => Part::Whole,
        "part" => Part::Part,
        other => return Err(f.invalid("part", other)),
    };
    let mut old_codes = Vec::new();
    for item in f.get(UNITS_2020).unwrap_or("").split(';') {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let code = item.split_whitespace().next().unwrap_or("");
        if !is_code(code) {
            return Err(f.invalid(UNITS_2020, item));
        }
        old_codes.push(code.to_string());
    }
    if old_codes.is_empty() {
        old_codes.push(old_code);
    }
    Ok(Row {
        line: f.line,
        old_codes,
        new: NewUnit {
            code: new_code,
            unit_type: f.required("new_type")?,
            name: f.required("new_name")?,
            part,
            basis: basis
                .and_then(|b| f.get(b))
                .filter(|b| !b.is_empty())
                .map(str::to_string),
        },
    })
}

/// The mapping a crosswalk gives a year: every commune of the year's map it names, with its new
/// units in the crosswalk's order. Built only when every old code is a commune of the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// The crosswalk file as outputs show it, its sha256 and size.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    pairs: BTreeMap<String, Vec<NewUnit>>,
}

impl History {
    /// The mapping of `year` on `map`; an old code that is no commune of the map is an error at
    /// its line (`map_name`: the map's file, for the message). The same (old, new) pair given
    /// twice is one pair, `part` if either row says so.
    pub fn of_year(
        crosswalk: &Crosswalk,
        map: &Gazetteer,
        year: i32,
        map_name: &str,
    ) -> Result<BTreeMap<String, Vec<NewUnit>>, Vec<LineError>> {
        let mut pairs: BTreeMap<String, Vec<NewUnit>> = BTreeMap::new();
        let mut errors = Vec::new();
        for row in &crosswalk.rows {
            for code in &row.old_codes {
                if map.commune(code).is_none() {
                    let (code, map) = (code.clone(), map_name.to_string());
                    let text = Text::CrosswalkCodeUnknown { code, year, map };
                    errors.push((row.line, Box::new(text)));
                    continue;
                }
                let news = pairs.entry(code.clone()).or_default();
                match news.iter_mut().find(|n| n.code == row.new.code) {
                    Some(n) => n.part = n.part.max(row.new.part),
                    None => news.push(row.new.clone()),
                }
            }
        }
        if errors.is_empty() {
            Ok(pairs)
        } else {
            Err(errors)
        }
    }

    /// A year's history from its pairs and the crosswalk file's identity.
    pub fn new(
        pairs: BTreeMap<String, Vec<NewUnit>>,
        path: String,
        sha256: String,
        bytes: u64,
    ) -> History {
        History {
            path,
            sha256,
            bytes,
            pairs,
        }
    }

    /// The new units of a commune of the year's map (none when the crosswalk does not cover it).
    pub fn new_units(&self, code: &str) -> &[NewUnit] {
        self.pairs.get(code).map(Vec::as_slice).unwrap_or_default()
    }

    /// Whether the crosswalk covers a commune of the year's map.
    pub fn covers(&self, code: &str) -> bool {
        self.pairs.contains_key(code)
    }

    /// What the commune table says of a unit: the first new unit the crosswalk lists for it, and
    /// `whole` when it went whole into that one only, else `part` (split: every new unit is in
    /// `units-history`).
    pub fn summary(&self, code: &str) -> Option<(&NewUnit, Part)> {
        let news = self.new_units(code);
        let first = news.first()?;
        let whole = news.len() == 1 && first.part == Part::Whole;
        Some((first, if whole { Part::Whole } else { Part::Part }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "old_province_code,old_district_code,old_district,old_code,old_type,old_name,units_2020,part,new_code,new_type,new_name,nq1667_clause";

    fn map() -> Gazetteer {
        let text = "province_code,province_name,district_code,district_name,district_type,commune_code,commune_name,commune_type\n\
            56,Khánh Hòa,570,Cam Lâm,Huyện,22435,Cam Tân,Xã\n\
            56,Khánh Hòa,570,Cam Lâm,Huyện,22438,Cam Hòa,Xã\n\
            56,Khánh Hòa,568,Nha Trang,Thành phố,22342,Xương Huân,Phường\n\
            56,Khánh Hòa,568,Nha Trang,Thành phố,22345,Vạn Thắng,Phường\n";
        Gazetteer::from_csv(text, "m.csv").expect("map")
    }

    #[test]
    fn reads_units_2020_and_falls_back_to_old_code() {
        let text = format!(
            "\u{FEFF}{HEAD}\n\
             56,568,TP,22342,Phường,Xương Huân,\"22342 Phường Xương Huân; 22345 Phường Vạn Thắng\",whole,22333,Phường,Bắc Nha Trang,50\n\
             56,570,H,22435,Xã,Cam Tân,,part,22435,Xã,Cam Hiệp,20\n\
             56,570,H,22435,Xã,Cam Tân,,part,22453,Xã,Cam Lâm,18\n\
             56,570,H,22438,Xã,Cam Hòa,22438 Xã Cam Hòa,whole,22453,Xã,Cam Lâm,18\n"
        );
        let cw = Crosswalk::read(&text).expect("reads");
        let pairs = History::of_year(&cw, &map(), 2020, "m.csv").expect("known");
        let h = History::new(pairs, "x.csv".into(), String::new(), 0);
        assert_eq!(h.new_units("22345")[0].code, "22333");
        assert_eq!(h.new_units("22435").len(), 2);
        let (first, part) = h.summary("22435").expect("split");
        assert_eq!((first.code.as_str(), part), ("22435", Part::Part));
        let (first, part) = h.summary("22438").expect("whole");
        assert_eq!((first.name.as_str(), part), ("Cam Lâm", Part::Whole));
        assert_eq!(first.basis.as_deref(), Some("18"));
        assert!(!h.covers("99999"));
    }

    #[test]
    fn refuses_with_the_line() {
        let unknown = format!(
            "{HEAD}\n56,570,H,22435,Xã,Cam Tân,,whole,22435,Xã,Cam Hiệp,20\n56,570,H,22999,Xã,X,,whole,22435,Xã,Cam Hiệp,20\n"
        );
        let cw = Crosswalk::read(&unknown).expect("reads");
        let errors = History::of_year(&cw, &map(), 2020, "m.csv").expect_err("unknown");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, 3);
        assert!(
            matches!(errors[0].1.as_ref(), Text::CrosswalkCodeUnknown { code, .. } if code == "22999")
        );

        let bad_part = format!("{HEAD}\n\n56,570,H,22435,Xã,Cam Tân,,half,22435,Xã,Cam Hiệp,20\n");
        let (line, text) = Crosswalk::read(&bad_part).expect_err("part");
        assert_eq!(line, 3);
        assert!(
            matches!(*text, Text::CrosswalkFieldInvalid { ref column, .. } if column == "part")
        );

        let (line, text) = Crosswalk::read("old_code,part,new_code\n").expect_err("columns");
        assert_eq!(line, 1);
        assert!(
            matches!(*text, Text::CrosswalkColumnMissing { ref column } if column == "new_type")
        );

        // Without the clause column, and with columns in another order.
        let minimal = "new_name,new_type,new_code,part,old_code\nCam Hiệp,Xã,22435,whole,22435\n";
        let cw = Crosswalk::read(minimal).expect("minimal");
        let pairs = History::of_year(&cw, &map(), 2020, "m.csv").expect("known");
        assert_eq!(pairs["22435"][0].basis, None);
    }
}
