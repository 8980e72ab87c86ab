//! E-government levels, best first: I, II, III, IV, then "Không xếp hạng".

use std::fmt;

/// A level of Decision 2392/QĐ-BTTTT. The derived order is best first (`I < II < ... < NotRanked`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    I,
    II,
    III,
    IV,
    /// "Không xếp hạng": below the cut-off of level IV.
    NotRanked,
}

impl Level {
    /// All levels, best first; the order of the output's Enum column.
    pub const ALL: [Level; 5] = [Level::I, Level::II, Level::III, Level::IV, Level::NotRanked];

    /// The canonical display form: "I".."IV", "Không xếp hạng".
    pub fn as_str(self) -> &'static str {
        match self {
            Level::I => "I",
            Level::II => "II",
            Level::III => "III",
            Level::IV => "IV",
            Level::NotRanked => "Không xếp hạng",
        }
    }

    /// Levels I..IV by number (1..=4).
    pub fn from_number(n: u32) -> Option<Level> {
        match n {
            1 => Some(Level::I),
            2 => Some(Level::II),
            3 => Some(Level::III),
            4 => Some(Level::IV),
            _ => None,
        }
    }

    /// Parses every spelling listed in the submissions spec: "I".."IV", "Mức I", "Mức 1",
    /// "mức độ 2", "1".."4", "Không xếp hạng", "KXH", "Chưa xếp hạng"; case, accents and spaces
    /// are ignored. Returns `None` for anything else.
    pub fn parse(text: &str) -> Option<Level> {
        let key = crate::core::text::accent_key(text);
        let key = key.replace('.', " ");
        let words: Vec<&str> = key.split_whitespace().collect();
        let joined = words.join(" ");
        match joined.as_str() {
            "khong xep hang" | "kxh" | "chua xep hang" | "khong xh" | "chua xh" => {
                return Some(Level::NotRanked);
            }
            _ => {}
        }
        let rest: &[&str] = match words.as_slice() {
            ["muc", "do", rest @ ..] => rest,
            ["muc", rest @ ..] => rest,
            rest => rest,
        };
        match rest {
            [one] => match *one {
                "i" | "1" => Some(Level::I),
                "ii" | "2" => Some(Level::II),
                "iii" | "3" => Some(Level::III),
                "iv" | "4" => Some(Level::IV),
                _ => None,
            },
            _ => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_the_spec() {
        let cases = [
            ("I", Level::I),
            ("ii", Level::II),
            (" III ", Level::III),
            ("IV", Level::IV),
            ("Mức I", Level::I),
            ("Mức 1", Level::I),
            ("mức độ 2", Level::II),
            ("MỨC ĐỘ III", Level::III),
            ("Mức\u{a0}IV", Level::IV),
            ("1", Level::I),
            ("4", Level::IV),
            ("Không xếp hạng", Level::NotRanked),
            ("KHÔNG XẾP HẠNG", Level::NotRanked),
            ("KXH", Level::NotRanked),
            ("Chưa xếp hạng", Level::NotRanked),
        ];
        for (text, want) in cases {
            assert_eq!(Level::parse(text), Some(want), "{text:?}");
        }
        for bad in ["", "V", "5", "Mức", "Tốt", "I II"] {
            assert_eq!(Level::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn best_first_order_and_display() {
        assert!(Level::I < Level::II && Level::IV < Level::NotRanked);
        assert_eq!(Level::NotRanked.to_string(), "Không xếp hạng");
        assert_eq!(
            Level::ALL.map(|l| l.as_str()).join(","),
            "I,II,III,IV,Không xếp hạng"
        );
    }
}
