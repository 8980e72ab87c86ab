//! Findings: one type for every problem, with a stable code, a severity, a location and a message
//! in Vietnamese and English. Rendering is in `render`.

pub mod code;
pub mod render;

use std::fmt;
use std::sync::Arc;

pub use code::{Code, Severity};

/// A 1-based cell reference (Excel counts from 1, calamine from 0: convert once, here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    /// 1-based row.
    pub row: u32,
    /// 1-based column.
    pub col: u32,
}

impl CellRef {
    /// From calamine's 0-based (row, column).
    pub fn from_zero_based(row: u32, col: u32) -> CellRef {
        CellRef {
            row: row + 1,
            col: col + 1,
        }
    }

    /// The column letters: 1 → A, 27 → AA.
    pub fn column_letters(col: u32) -> String {
        let mut n = col;
        let mut out = Vec::new();
        while n > 0 {
            let rem = ((n - 1) % 26) as u8;
            out.push((b'A' + rem) as char);
            n = (n - 1) / 26;
        }
        out.iter().rev().collect()
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", CellRef::column_letters(self.col), self.row)
    }
}

/// Where a finding points.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub file: Option<String>,
    pub sheet: Option<String>,
    pub cell: Option<CellRef>,
    /// A line of a configuration file.
    pub line: Option<u32>,
    /// The unit's GSO code: the unit a finding is about (e.g. a missing unit), or the unit of the
    /// row a cell belongs to once its name was resolved.
    pub unit: Option<String>,
    /// The district code of that unit (a district's own code for a district).
    pub district: Option<String>,
}

impl Location {
    pub fn file(file: &str) -> Location {
        Location {
            file: Some(file.to_string()),
            ..Location::default()
        }
    }

    pub fn cell(file: &str, sheet: &str, cell: CellRef) -> Location {
        Location {
            file: Some(file.to_string()),
            sheet: Some(sheet.to_string()),
            cell: Some(cell),
            ..Location::default()
        }
    }

    pub fn line(file: &str, line: u32) -> Location {
        Location {
            file: Some(file.to_string()),
            line: Some(line),
            ..Location::default()
        }
    }

    /// A unit and its district (for a district, its own code twice).
    pub fn unit(code: &str, district: &str) -> Location {
        Location::default().with_unit(code, district)
    }

    /// This place, about a unit known by its code and its district's code (none for a commune
    /// of a map without districts, whose district code is empty).
    pub fn with_unit(mut self, code: &str, district: &str) -> Location {
        self.unit = Some(code.to_string());
        self.district = Some(district.to_string()).filter(|d| !d.is_empty());
        self
    }

    /// "'Cap xa'!F17", "line 9", or "" when there is nothing more precise than the file.
    pub fn place(&self, lang: Lang) -> String {
        match (&self.sheet, &self.cell, &self.line) {
            (Some(s), Some(c), _) => format!("'{s}'!{c}"),
            (Some(s), None, _) => format!("'{s}'"),
            (None, _, Some(l)) if lang == Lang::Vi => format!("dòng {l}"),
            (None, _, Some(l)) => format!("line {l}"),
            _ => String::new(),
        }
    }
}

/// A number as a Vietnamese clerk writes it: two decimals, decimal comma ("87,10").
pub fn num_vi(x: f64) -> String {
    format!("{x:.2}").replace('.', ",")
}

/// A message in both languages; the renderer picks one. Shared text: a message repeated on a
/// million rejected rows is cloned, not copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub vi: Arc<str>,
    pub en: Arc<str>,
}

/// Which language findings are rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Message {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Message {
        Message {
            vi: vi.into().into(),
            en: en.into().into(),
        }
    }

    /// This message, then `more` ("…; …").
    pub fn and(&self, more: Message) -> Message {
        Message {
            vi: format!("{}; {}", self.vi, more.vi).into(),
            en: format!("{}; {}", self.en, more.en).into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: Code,
    pub location: Location,
    pub message: Message,
    /// The codes of the units the finding stands for, when it is about units rather than a cell
    /// (`missing-unit`: the missing district, or the missing communes of the district it is
    /// located at); empty otherwise. In report.json as `units`.
    pub units: Vec<String>,
}

impl Finding {
    pub fn new(code: Code, location: Location, message: Message) -> Finding {
        Finding {
            code,
            location,
            message,
            units: Vec::new(),
        }
    }

    /// The finding with the codes of the units it stands for.
    pub fn with_units(mut self, units: Vec<String>) -> Finding {
        self.units = units;
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// Rows of one file and what became of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub read: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub passed_over: u64,
}

impl Tally {
    pub fn balanced(&self) -> bool {
        self.read == self.accepted + self.rejected + self.passed_over
    }
}

/// What a stage reports into: findings in order of discovery.
#[derive(Debug, Default)]
pub struct Findings {
    pub items: Vec<Finding>,
}

impl Findings {
    pub fn push(&mut self, code: Code, location: Location, message: Message) {
        self.items.push(Finding::new(code, location, message));
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items
            .iter()
            .filter(|f| f.severity() == severity)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references_are_one_based() {
        assert_eq!(CellRef::from_zero_based(0, 0).to_string(), "A1");
        assert_eq!(CellRef::from_zero_based(13, 2).to_string(), "C14");
        assert_eq!(CellRef { row: 1, col: 27 }.to_string(), "AA1");
        assert_eq!(CellRef { row: 1, col: 16384 }.to_string(), "XFD1");
    }
}
