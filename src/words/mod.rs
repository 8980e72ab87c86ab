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
    // (end of pipeline)

    // ----------------------------------------------------------------------- gazetteer
    // (end of gazetteer)

    // ----------------------------------------------------------------------- ingest
    /// A hidden sheet was read.
    SheetHidden,
    /// A sheet with content and no table.
    NoTable,
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
