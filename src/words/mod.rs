//! Words: every sentence a person reads (findings, the CLI, `inspect`, reports) comes from here,
//! one catalogue per language (`vi.rs`, `en.rs`). A sentence is a [`Text`] variant with the data
//! it needs; each catalogue says it in its language, and the compiler checks that both say every
//! one. Data stays as written in Vietnamese (unit names, labels); numbers are written by each
//! language's rules (decimal comma in Vietnamese).
//!
//! Add a sentence: a variant in its stage's section below, and one arm in `vi.rs` and `en.rs`
//! (same section). Use it as `Text::X { .. }.into()` where a [`Message`] is wanted, or
//! `Text::X { .. }.say(lang)` for a line of the CLI.

mod en;
mod vi;

use crate::finding::{Lang, Message};

/// Every sentence, by stage. Sections keep the three files in the same order.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    // ----------------------------------------------------------------------- pipeline
    /// A pipeline error at a line of its file; `problem` says what (one of the sentences below).
    ConfigAtLine { line: u32, problem: Box<Text> },
    /// The pipeline file cannot be read.
    PipelineUnreadable { error: String },
    /// The TOML reader refused the file (its own words, in both languages).
    PipelineSyntax { message: String },
    /// `province` is not a 2-digit GSO code.
    ProvinceCodeInvalid { given: String },
    /// `ranking.districts = []`.
    RankingKeysEmpty,
    /// A ranking key that is not one of the known ones.
    RankingKeyUnknown { key: String },
    /// No `[[year]]` at all.
    PipelineWithoutYear,
    /// `year` outside 2000-2100.
    YearNotEvaluationYear { year: i64 },
    /// The same year given twice.
    YearListedTwice { year: i32 },
    /// A year's `raw` folder does not exist.
    RawFolderMissing { path: std::path::PathBuf },
    /// A year's `published` decision does not exist.
    PublishedFileMissing { path: std::path::PathBuf },
    /// `scope = []`.
    ScopeEmpty,
    /// A scope that is neither district nor commune.
    ScopeLevelUnknown { given: String },
    /// A rule set's `level` that is neither district nor commune.
    RuleSetLevelUnknown { given: String },
    /// A rule set's `dimension` that is neither achieved nor readiness.
    RuleSetDimensionUnknown { given: String },
    /// A rule set's `cutoff_unit` that is neither points nor percent.
    CutoffUnitUnknown { given: String },
    /// A rule set's `status` that is neither official nor fitted.
    RuleStatusUnknown { given: String },
    /// A key of `cutoffs` that is not I, II, III or IV.
    CutoffLevelUnknown { given: String },
    /// `cutoffs` lacks one of I, II, III, IV.
    CutoffsIncomplete,
    /// A second rule set for the same level and dimension of a year.
    RuleSetTwice {
        level: crate::core::UnitLevel,
        dimension: crate::core::Dimension,
    },
    /// The core refused a rule set (its reason, in English in both languages).
    RuleSetRefused {
        error: crate::core::rule_set::RuleSetError,
    },
    /// A year without any rule set.
    YearWithoutRuleSet { year: i32 },
    // (end of pipeline)

    // ----------------------------------------------------------------------- gazetteer
    // (end of gazetteer)

    // ----------------------------------------------------------------------- ingest
    /// A hidden sheet was read.
    SheetHidden,
    /// A sheet with content and no table.
    NoTable,
    /// A column's role in words ("điểm quy đổi mức độ đạt được" / "achieved converted score").
    RoleWords { role: crate::ingest::Role },
    /// The file cannot be opened (its metadata cannot be read).
    FileCannotOpen { error: String },
    /// The file's bytes cannot be read.
    FileCannotRead { error: String },
    /// The file is larger than `max_file_bytes`.
    FileTooLarge { bytes: u64, limit: u64 },
    /// A file of 0 bytes.
    FileEmpty,
    /// A password-protected workbook.
    FileEncrypted,
    /// The reader panicked on the file.
    ReaderFailed,
    /// An .xls whose OLE container is malformed.
    XlsMalformed,
    /// A sheet of an .xls spans more cells than the limit (checked before the file is opened).
    XlsSheetTooLarge { extent: String, limit: u64 },
    /// A zip package that unpacks to more than `max_uncompressed_bytes`.
    UnpackedTooLarge { bytes: u64, limit: u64 },
    /// A zip archive without a workbook inside.
    ZipWithoutWorkbook,
    /// Bytes that are no workbook format known.
    NotAWorkbook,
    /// The reader refused the workbook (its reason).
    WorkbookDamaged { error: String },
    /// One sheet cannot be read.
    SheetUnreadable { error: String },
    /// One sheet spans more cells than the limit.
    SheetTooLarge { extent: String, limit: u64 },
    /// A text cell longer than `max_cell_chars`.
    CellTooLong { chars: u64, limit: u64 },
    // (end of ingest)

    // ----------------------------------------------------------------------- layout
    // (end of layout)

    // ----------------------------------------------------------------------- normalize
    // (end of normalize)

    // ----------------------------------------------------------------------- validate
    // (end of validate)

    // ----------------------------------------------------------------------- classify
    // (end of classify)

    // ----------------------------------------------------------------------- compare
    // (end of compare)

    // ----------------------------------------------------------------------- run, report
    /// A file of the raw folder that is no workbook by its name; not read.
    FileNotWorkbook,
    /// A folder named like a workbook.
    FolderNamedLikeWorkbook,
    /// Rows read do not add up.
    InternalTally {
        read: u64,
        accepted: u64,
        rejected: u64,
        passed_over: u64,
    },
    /// A year skipped: nothing changed since its snapshot.
    YearUpToDate {
        year: i32,
        out_dir: String,
    },
    FileSkippedTally,
    FileRejectedTally,
    FileTally {
        read: u64,
        accepted: u64,
        rejected: u64,
        passed_over: u64,
        warnings: usize,
    },
    MoreProblemsInReport {
        n: usize,
    },
    MoreItemsInReport {
        n: usize,
    },
    ProvinceWideHeading,
    PublishedComparison {
        published: usize,
        matched: usize,
        levels_equal: usize,
        levels_compared: usize,
        scores_equal: usize,
        order_equal: usize,
    },
    NotWrittenDryRun,
    YearTotals {
        year: i32,
        districts: usize,
        communes: usize,
        rejected: usize,
        errors: usize,
        warnings: usize,
        dest: String,
    },
    /// The conductor failed where it cannot (a bug).
    InternalRunError {
        error: String,
    },
    // (end of run)

    // ----------------------------------------------------------------------- emit
    // (end of emit)

    // ----------------------------------------------------------------------- cli
    GazetteerUnreadable {
        error: String,
    },
    ProvinceNotInGazetteer {
        code: String,
    },
    PipelineHasNoYear {
        pipeline: String,
        year: i32,
    },
    OutIsAFile {
        path: String,
    },
    CannotWriteOutput {
        error: String,
    },
    PipelineValid {
        years: usize,
    },
    PipelineHasNoSuchYear,
    CheckTotals {
        files: usize,
        rejected: usize,
    },
    InspectTitleDistrict {
        text: String,
        place: String,
    },
    /// A sheet as `inspect` shows it; `passed`: "reason n" for each reason of rows passed over.
    InspectSheet {
        name: String,
        hidden: bool,
        rows: u32,
        passed: Vec<String>,
    },
    InspectTable {
        header_rows: String,
        rows: usize,
    },
    InspectInDoubt,
    InspectGroupHeadings {
        list: String,
    },
    UnitsNotFound {
        query: String,
    },
    UnitsMore {
        n: usize,
    },
    // (end of cli)
}

impl Text {
    /// The sentence in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => vi::say(self),
            Lang::En => en::say(self),
        }
    }
}

impl From<Text> for Message {
    fn from(t: Text) -> Message {
        Message::new(vi::say(&t), en::say(&t))
    }
}

pub use crate::finding::num_vi;

/// A number in English: two decimals ("87.10").
pub fn num_en(x: f64) -> String {
    format!("{x:.2}")
}
