//! THE catalogue of findings: every code, its severity and what it means. `docs/codes.md` lists the
//! same codes (a test checks both agree). Codes are fixed once released. What the clerk does about
//! a code is written once, in the last column of `docs/codes.md`, which is embedded and read here
//! ([`Code::action`]).

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The row (or file, or configuration) is rejected.
    Error,
    /// The row is kept and flagged.
    Warning,
    /// For the record: nothing is wrong, but the clerk should know.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! catalogue {
    ($( $variant:ident = $code:literal, $sev:ident, $doc:literal; )*) => {
        /// A stable finding code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( #[doc = $doc] $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[$( Code::$variant, )*];

            /// The kebab-case code, as in `docs/codes.md` and `report.json`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            /// The severity this code always has.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }

            /// One line on what the code means.
            pub fn doc(self) -> &'static str {
                match self { $( Code::$variant => $doc, )* }
            }
        }
    };
}

catalogue! {
    ConfigError = "config-error", Error, "The pipeline file cannot be used: a syntax error, an unknown key, a bad value or a missing folder.";
    FileUnreadable = "file-unreadable", Error, "The file is not a workbook calamine can read (empty, truncated, another format).";
    FileEncrypted = "file-encrypted", Error, "The workbook is protected by a password.";
    FileSkipped = "file-skipped", Info, "A file in the raw folder that is not a workbook (by its extension) or is an Excel lock file; it was not read.";
    FileTooLarge = "file-too-large", Error, "The file, or the XML inside it, is larger than the configured limit.";
    SheetTooLarge = "sheet-too-large", Error, "A sheet holds more cells than the configured limit.";
    CellTooLong = "cell-too-long", Warning, "A cell holds more characters than the configured limit; only its length is kept (a row that needs it is rejected with its own code).";
    NoTable = "no-table", Warning, "A sheet with content holds no table the tool recognises (no header with a unit column and scores).";
    HeaderAmbiguous = "header-ambiguous", Error, "A header could be read two ways (a label with two roles, a value column whose dimension cannot be told, or two columns claiming one role): the columns in doubt are not read, and rows that need them are rejected.";
    HeaderValuesDisagree = "header-values-disagree", Warning, "The values of a column contradict the role its header gives (levels in a score column, scores in a level column); the column is read by what its values are when that is clear.";
    SheetHidden = "sheet-hidden", Info, "A hidden sheet was read.";
    DistrictSource = "district-source", Info, "Where the district of a commune table came from: a group heading, the title rows, the district row, or the pipeline.";
    DistrictUnknownForTable = "district-unknown", Error, "The district a commune row belongs to cannot be told (no heading, title, district row or pin).";
    YearDisagrees = "year-disagrees", Warning, "The year written in a workbook's title rows (\"… NĂM 2020\") is not the pipeline's year the file is read for; its data count for the pipeline's year.";
    TypeError = "type-error", Error, "A value that must be a number is not one (text, error cell, date, two decimal separators).";
    LevelUnreadable = "level-unreadable", Warning, "A declared level is not a spelling of I, II, III, IV or Không xếp hạng; the computed level is used.";
    ScoreOutOfRange = "score-out-of-range", Error, "A score is below 0 or above the maximum (or the applicable maximum).";
    PercentOutOfRange = "percent-out-of-range", Error, "A percentage is outside 0-100.";
    NotApplicableOutOfRange = "not-applicable-out-of-range", Error, "Points not applicable are below 0 or above the maximum.";
    ConvertedScoreDiffers = "converted-score-differs", Warning, "The converted score differs from raw x maximum / applicable maximum by more than 0.01.";
    MissingDimension = "missing-dimension", Error, "A unit has a score for one dimension only.";
    MissingName = "missing-name", Error, "A row with scores has no unit name.";
    UnknownUnit = "unknown-unit", Error, "The unit name matches no unit of the district (or province) in the gazetteer.";
    AmbiguousUnit = "ambiguous-unit", Error, "The unit name matches several units; write the type word (Xã, Phường, Thị trấn).";
    UnitNameCorrected = "unit-name-corrected", Warning, "The unit name was matched without accents or with one letter different; the official spelling is used.";
    UnknownDistrict = "unknown-district", Error, "A heading, title or pin names a district that is not in the province.";
    WrongDistrict = "wrong-district", Error, "A commune is listed under a district it does not belong to.";
    DuplicateUnit = "duplicate-unit", Error, "The same unit appears twice in the year with different values; both rows are rejected.";
    DuplicateUnitSame = "duplicate-unit-same", Warning, "The same unit appears twice in the year with equal values; the first is kept.";
    NoRuleSet = "no-rule-set", Error, "The pipeline has no rule set for this year, unit level and dimension.";
    LevelDisagrees = "level-disagrees", Warning, "The declared level differs from the level the rule set computes; both are kept.";
    MissingUnit = "missing-unit", Warning, "Units of the province, within the year's scope, that no accepted submission covers: one finding per district (the district itself and/or its missing communes), located at the district (at the province, for its communes, on a map without districts), with their codes in `units`.";
    NotInCrosswalk = "not-in-crosswalk", Warning, "Communes of the year's map, within the year's scope, that the crosswalk does not cover: one finding per district (per province on a map without districts), with their codes in `units`; their rows have no new unit.";
    OrderDisagrees = "order-disagrees", Warning, "A district table lists units in an order that differs from the configured ranking.";
    RankNotByScore = "rank-not-by-score", Info, "The ranking puts a district above another with a higher achieved score (the ranking rule is not the achieved score alone).";
    PublishedName = "published-name", Warning, "The published decision spells a unit differently from GSO.";
    PublishedScoreDiffers = "published-score-differs", Warning, "A score in the published decision differs from the snapshot.";
    PublishedLevelDiffers = "published-level-differs", Warning, "A level in the published decision differs from the snapshot.";
    PublishedOrderDiffers = "published-order-differs", Warning, "The published decision orders units differently from the snapshot.";
    NotInPublished = "not-in-published", Warning, "A unit of the snapshot is absent from the published decision.";
    OnlyInPublished = "only-in-published", Warning, "A unit of the published decision is absent from the snapshot.";
    PublishedUnreadable = "published-unreadable", Error, "The published decision named by the pipeline, or a row of it, cannot be read (the reason is in the message).";
    AuditLevelUnexplained = "audit-level-unexplained", Warning, "A published level that no threshold rule (score ≥ cut-off) reproduces together with the other published levels of its unit level and dimension: one of the fewest units to set aside for a rule to exist.";
    InternalError = "internal-error", Error, "A bug: the tool's own bookkeeping failed (e.g. rows read != accepted + rejected + passed over).";
}

/// The table of `docs/codes.md`, the one place the clerk's actions are written.
const CODES_MD: &str = include_str!("../../docs/codes.md");

/// What the clerk does about a code, in English and in Vietnamese (the last column of
/// `docs/codes.md`: the English words, then the Vietnamese ones in italics). Markdown code
/// spans (`` `run` ``) are kept as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Action {
    pub en: &'static str,
    pub vi: &'static str,
}

impl Code {
    /// The clerk's action for this code, from `docs/codes.md`; `None` only if the table lacks the
    /// code (a test checks it never does).
    pub fn action(self) -> Option<Action> {
        let head = format!("| `{}` |", self.as_str());
        let line = CODES_MD.lines().find(|l| l.starts_with(&head))?;
        let cell = line
            .trim_end()
            .strip_suffix('|')?
            .rsplit('|')
            .next()?
            .trim();
        let (en, vi) = match cell.strip_suffix('*').and_then(|c| c.rsplit_once(" *")) {
            Some((en, vi)) => (en.trim(), vi.trim()),
            None => (cell, cell),
        };
        Some(Action { en, vi })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_action_in_both_languages() {
        for c in Code::ALL {
            let a = c
                .action()
                .unwrap_or_else(|| panic!("{} has no action", c.as_str()));
            assert!(!a.en.is_empty() && !a.vi.is_empty(), "{}", c.as_str());
            assert_ne!(a.en, a.vi, "{}: no Vietnamese in italics", c.as_str());
            assert!(
                !a.en.contains('|') && !a.vi.contains('*'),
                "{}: {a:?}",
                c.as_str()
            );
        }
        let a = Code::DuplicateUnitSame.action().expect("action");
        assert_eq!(a.en, "Delete the repeated row.");
        assert_eq!(a.vi, "Xóa dòng lặp.");
    }
}
