//! Words: every sentence a person reads (findings, the CLI, `inspect`, reports) comes from here,
//! one catalogue per language (`vi.rs`, `en.rs`). A sentence is a [`Text`] variant with the data
//! it needs; each catalogue says it in its language, and the compiler checks that both say every
//! one. Data stays as written in Vietnamese (unit names, labels); numbers are written by each
//! language's rules (decimal comma in Vietnamese).
//!
//! Add a sentence: a variant in its stage's section below, and one arm in `vi.rs` and `en.rs`
//! (same section). The two `say` functions are catalogues, one arm per sentence, and the only
//! functions allowed past the length limit (tests/tidy.rs). Use it as `Text::X { .. }.into()` where a [`Message`] is wanted, or
//! `Text::X { .. }.say(lang)` for a line of the CLI.

mod en;
mod vi;

use crate::finding::{Lang, Message};

/// Every sentence, by stage. Sections keep the three files in the same order.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    // ----------------------------------------------------------------------- pipeline
    /// A pipeline error at a line of its file; `problem` says what (one of the sentences below).
    ConfigAtLine {
        line: u32,
        problem: Box<Text>,
    },
    /// The pipeline file cannot be read.
    PipelineUnreadable {
        error: String,
    },
    /// The TOML reader refused the file (its own words, in both languages).
    PipelineSyntax {
        message: String,
    },
    /// `province` is not a 2-digit GSO code.
    ProvinceCodeInvalid {
        given: String,
    },
    /// `ranking.districts = []`.
    RankingKeysEmpty,
    /// A ranking key that is not one of the known ones.
    RankingKeyUnknown {
        key: String,
    },
    /// No `[[year]]` at all.
    PipelineWithoutYear,
    /// `year` outside 2000-2100.
    YearNotEvaluationYear {
        year: i64,
    },
    /// The same year given twice.
    YearListedTwice {
        year: i32,
    },
    /// A year's `raw` folder does not exist.
    RawFolderMissing {
        path: std::path::PathBuf,
    },
    /// A year's `published` decision does not exist.
    PublishedFileMissing {
        path: std::path::PathBuf,
    },
    /// A file the pipeline names (`gazetteer`, `crosswalk`) does not exist.
    NamedFileMissing {
        path: std::path::PathBuf,
    },
    /// A year's map (`gazetteer`) cannot be read (the reader's words: file, line, problem).
    YearMapUnreadable {
        year: i32,
        error: String,
    },
    /// A district rule set for a year whose map has no districts (`map`: its file).
    DistrictRuleSetWithoutDistricts {
        year: i32,
        map: String,
    },
    /// The crosswalk lacks a column it needs.
    CrosswalkColumnMissing {
        column: String,
    },
    /// A crosswalk row with a field that cannot be used (`problem`: which and why, in English
    /// and Vietnamese alike: a column name and the value).
    CrosswalkFieldInvalid {
        column: String,
        value: String,
    },
    /// A crosswalk row whose old unit is no commune of the year's map (`map`: its file).
    CrosswalkCodeUnknown {
        code: String,
        year: i32,
        map: String,
    },
    /// The crosswalk cannot be read at all.
    CrosswalkUnreadable {
        error: String,
    },
    /// `scope = []`.
    ScopeEmpty,
    /// A scope that is neither district nor commune.
    ScopeLevelUnknown {
        given: String,
    },
    /// A rule set's `level` that is neither district nor commune.
    RuleSetLevelUnknown {
        given: String,
    },
    /// A rule set's `dimension` that is neither achieved nor readiness.
    RuleSetDimensionUnknown {
        given: String,
    },
    /// A rule set's `cutoff_unit` that is neither points nor percent.
    CutoffUnitUnknown {
        given: String,
    },
    /// A rule set's `status` that is neither official nor fitted.
    RuleStatusUnknown {
        given: String,
    },
    /// A key of `cutoffs` that is not I, II, III or IV.
    CutoffLevelUnknown {
        given: String,
    },
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
    YearWithoutRuleSet {
        year: i32,
    },

    /// `on_error` is neither keep-previous nor replace.
    OnErrorUnknown {
        given: String,
    },

    // ----------------------------------------------------------------------- gazetteer

    // ----------------------------------------------------------------------- ingest
    /// A hidden sheet was read.
    SheetHidden,
    /// A sheet with content and no table.
    NoTable,
    /// A column's role in words ("điểm quy đổi mức độ đạt được" / "achieved converted score").
    RoleWords {
        role: crate::ingest::Role,
    },
    /// The file cannot be opened (its metadata cannot be read).
    FileCannotOpen {
        error: String,
    },
    /// The file's bytes cannot be read.
    FileCannotRead {
        error: String,
    },
    /// The file is larger than `max_file_bytes`.
    FileTooLarge {
        bytes: u64,
        limit: u64,
    },
    /// A file of 0 bytes.
    FileEmpty,
    /// A password-protected workbook.
    FileEncrypted,
    /// The reader panicked on the file.
    ReaderFailed,
    /// An .xls whose OLE container is malformed.
    XlsMalformed,
    /// A sheet of an .xls spans more cells than the limit (checked before the file is opened).
    XlsSheetTooLarge {
        extent: String,
        limit: u64,
    },
    /// A zip package that unpacks to more than `max_uncompressed_bytes`.
    UnpackedTooLarge {
        bytes: u64,
        limit: u64,
    },
    /// A zip archive without a workbook inside.
    ZipWithoutWorkbook,
    /// Bytes that are no workbook format known.
    NotAWorkbook,
    /// The reader refused the workbook (its reason).
    WorkbookDamaged {
        error: String,
    },
    /// One sheet cannot be read.
    SheetUnreadable {
        error: String,
    },
    /// One sheet spans more cells than the limit.
    SheetTooLarge {
        extent: String,
        limit: u64,
    },
    /// A text cell longer than `max_cell_chars`.
    CellTooLong {
        chars: u64,
        limit: u64,
    },

    // ----------------------------------------------------------------------- layout
    /// Why a column is the row numbers / the unit names.
    WhyRowNumber,
    WhyUnit,
    /// Why a column holds a value: the words that named its field, and its dimension's words
    /// with where they were read.
    WhyValue {
        field_words: Vec<String>,
        dimension: Option<(String, Box<Text>)>,
    },
    WhyOnlyPointsColumn,
    DimFromOwnCell,
    DimFromOtherColumns,
    DimFromLeftColumn {
        col: String,
    },
    DimFromGroupCell {
        cell: String,
    },
    DimFromCaption {
        row: u32,
    },
    DimFromSheetName,
    /// A header in doubt: two candidate roles or more, or a role another column (`first`) has.
    HeaderInDoubt {
        label: String,
        first: Option<String>,
        candidates: Vec<crate::ingest::Role>,
        blocks: bool,
    },
    /// A column whose values are levels (`levels`) or scores against its header.
    ValuesDisagree {
        label: String,
        levels: bool,
        count: usize,
        rows: usize,
        read_as: Option<crate::ingest::Role>,
    },

    // ----------------------------------------------------------------------- normalize
    /// A district name that matches several districts of the province (`candidates`: each as
    /// "type name (code)", joined).
    AmbiguousDistrict {
        text: String,
        candidates: String,
    },
    /// A name that is no district of the province; `nearest`: the nearest districts, joined.
    UnknownDistrictNearest {
        text: String,
        province: String,
        nearest: String,
    },
    /// A name that is no district of the province, and no district is near it.
    UnknownDistrictNoNearName {
        text: String,
        province: String,
    },
    /// The pipeline pins a file to a district outside the province.
    PinnedDistrictNotInProvince {
        district_code: String,
        province: String,
    },
    /// A submitted unit name read as an official one (`official`: type word and name).
    UnitNameReadAs {
        submitted: String,
        official: String,
        code: String,
    },
    /// Where the district of a file's communes came from (`district`: type word and name).
    CommunesDistrictFrom {
        district: String,
        code: String,
        source: crate::normalize::DistrictSource,
    },
    /// A row rejected because its table's header leaves a column's role in doubt.
    HeaderBlocksRow {
        cell: crate::finding::CellRef,
        label: String,
        candidates: Vec<crate::ingest::Role>,
    },
    /// A row with scores and no unit name.
    NoUnitName,
    /// A cell of a dimension that is not a number, and why.
    NumberUnreadable {
        dim: crate::core::Dimension,
        field: crate::ingest::Field,
        error: crate::normalize::number::NumError,
    },
    /// A declared level that is no level (`shown`: the cell as written).
    LevelUnreadable {
        dim: crate::core::Dimension,
        shown: String,
    },
    /// A commune whose district cannot be told.
    NoDistrictForUnit {
        submitted: String,
    },
    /// A district code that the gazetteer does not know.
    DistrictCodeNotInGazetteer,
    /// A commune code that the gazetteer does not know.
    CommuneCodeNotInGazetteer,
    /// A commune name that matches several units of its district (`candidates`, joined).
    AmbiguousCommune {
        submitted: String,
        candidates: String,
    },
    /// A commune listed under another district than its own (`district`: its own, type word and
    /// name; `here`: the one it is listed under).
    CommuneOfOtherDistrict {
        submitted: String,
        code: String,
        district: String,
        here: String,
    },
    /// A name that is no unit of the district (`here`); `nearest`: the nearest units, joined.
    UnknownUnitNearest {
        submitted: String,
        here: String,
        nearest: String,
    },
    /// A name that is no unit of the district (`here`), and no unit is near it.
    UnknownUnitNoNearName {
        submitted: String,
        here: String,
    },

    // ----------------------------------------------------------------------- validate
    /// A workbook's title names a year (`written`) other than the pipeline's year the file is
    /// read for (`year`); `title`: the title as written.
    YearDisagrees {
        written: i32,
        year: i32,
        title: String,
    },
    /// No rule set for a level and dimension in the year.
    NoRuleSetForDimension {
        year: i32,
        level: crate::core::UnitLevel,
        dim: crate::core::Dimension,
    },
    /// A unit without the score of a dimension (`unit`: type word and name).
    DimensionMissing {
        unit: String,
        dim: crate::core::Dimension,
    },
    /// Points not applicable outside 0 to the maximum.
    NotApplicableOutOfRange {
        unit: String,
        dim: crate::core::Dimension,
        points: f64,
        max: f64,
    },
    /// Raw points outside 0 to the applicable maximum.
    RawPointsOutOfRange {
        unit: String,
        dim: crate::core::Dimension,
        raw: f64,
        applicable: f64,
    },
    /// A score outside 0 to the maximum.
    ScoreOutOfRange {
        unit: String,
        dim: crate::core::Dimension,
        score: f64,
        max: f64,
    },
    /// A percentage outside 0 to 100.
    PercentOutOfRange {
        unit: String,
        dim: crate::core::Dimension,
        percent: f64,
    },
    /// A converted score that is not raw × maximum / applicable maximum (`computed`).
    ConvertedScoreDiffers {
        unit: String,
        dim: crate::core::Dimension,
        written: f64,
        raw: f64,
        max: f64,
        applicable: f64,
        computed: f64,
    },
    /// The count of a unit's repeated rows past those given one finding each.
    MoreRepeatedRows {
        unit: String,
        more: usize,
    },
    /// A unit given `count` times with equal values (`places`: where, joined).
    RepeatedSameValues {
        unit: String,
        count: usize,
        places: String,
    },
    /// A unit given `count` times with different values (`places`: where, joined).
    RepeatedDifferentValues {
        unit: String,
        count: usize,
        places: String,
    },
    /// A district in no accepted submission (`district`: type word and name).
    DistrictMissing {
        district: String,
        code: String,
    },
    /// A district and `communes` of its communes in no accepted submission (`named`: those
    /// named one by one, none when there are many).
    DistrictAndCommunesMissing {
        district: String,
        code: String,
        communes: usize,
        named: Vec<String>,
    },
    /// `communes` communes of a district in no accepted submission (`named`: as above).
    CommunesMissing {
        district: String,
        communes: usize,
        named: Vec<String>,
    },
    /// `communes` communes of a district (or province, in a map without districts) of the year's
    /// map that the crosswalk does not cover (`named`: as above).
    CommunesNotInCrosswalk {
        district: String,
        communes: usize,
        named: Vec<String>,
    },

    // ----------------------------------------------------------------------- classify
    /// An accepted unit that could not be classified (a bug, reported).
    AcceptedUnitUnclassified,
    /// A declared level that is not the computed one (`unit`: type word and name).
    LevelDisagrees {
        unit: String,
        dim: crate::core::Dimension,
        declared: crate::core::Level,
        rule_set: String,
        computed: crate::core::Level,
        score: f64,
    },
    /// A district ranked above one with a higher achieved score (`ranking`: the keys, joined).
    RankedAboveHigherScore {
        above: String,
        above_score: f64,
        below: String,
        below_score: f64,
        ranking: String,
    },
    /// A district table in another order than the ranking; `moved`: each row out of place as
    /// (unit, sheet row, STT, rank).
    TableOrderDiffers {
        ranking: String,
        moved: Vec<(String, u32, u32, u32)>,
    },

    // ----------------------------------------------------------------------- compare
    /// The decision writes a unit's name otherwise than GSO (`official`: type word and name).
    PublishedName {
        written: String,
        official: String,
        code: String,
    },
    /// A unit in the decision and not in the snapshot (`unit`: type word and name).
    OnlyInPublished {
        unit: String,
        code: String,
    },
    /// A unit in the snapshot and not in the decision.
    NotInPublished {
        unit: String,
        code: String,
    },
    /// A score of the decision that is not the submission's.
    PublishedScoreDiffers {
        unit: String,
        dim: crate::core::Dimension,
        published: f64,
        computed: f64,
    },
    /// A level of the decision that is not the computed one.
    PublishedLevelDiffers {
        unit: String,
        dim: crate::core::Dimension,
        published: crate::core::Level,
        computed: crate::core::Level,
    },
    /// A district listed in the decision at another number than its computed rank.
    PublishedRankDiffers {
        unit: String,
        listed: u32,
        rank: u32,
    },
    /// A commune listed in the decision at another number than its annex position.
    PublishedAnnexPositionDiffers {
        unit: String,
        listed: u32,
        position: u32,
    },

    // ----------------------------------------------------------------------- audit
    /// A published level that no threshold rule reproduces together with the others (`value`: a
    /// score, or a percentage when `percent`); `others`: units another smallest set would set
    /// aside instead, when the choice is not unique.
    AuditLevelUnexplained {
        unit: String,
        dim: crate::core::Dimension,
        level: crate::core::Level,
        value: f64,
        percent: bool,
        from_decision: bool,
        others: Vec<String>,
    },
    /// The basis of a fitted rule set (the pipeline holds it in English): the intervals of its
    /// cut-offs in the rule's unit (percent when `percent`).
    AuditFittedBasis {
        year: i32,
        units: usize,
        from_decision: usize,
        kept: usize,
        intervals: [crate::core::audit::Interval; 4],
        percent: bool,
        maximum: f64,
    },
    /// The title of a year's audit.
    AuditYearHeading {
        year: i32,
    },
    /// One (unit level, dimension): its published levels, where they come from, the scale.
    AuditGroupHeading {
        level: crate::core::UnitLevel,
        dim: crate::core::Dimension,
        units: usize,
        from_decision: usize,
        from_submissions: usize,
        percent: bool,
        maximum: f64,
    },
    /// Neither the decision nor the submissions give a level of this (unit level, dimension).
    AuditNoPublishedLevels {
        level: crate::core::UnitLevel,
        dim: crate::core::Dimension,
    },
    /// Where a level's cut-off may lie, in points and in percent of the maximum; `units` at it.
    AuditCutoff {
        level: crate::core::Level,
        points: crate::core::audit::Interval,
        percent: crate::core::audit::Interval,
        maximum: f64,
        units: usize,
    },
    /// Every published level follows one threshold rule.
    AuditAllFollow {
        units: usize,
    },
    /// No rule reproduces them all: `set_aside` must be set aside (`unique`: the only such set).
    AuditSomeUnexplained {
        units: usize,
        set_aside: usize,
        unique: bool,
    },
    /// Units another smallest set would set aside instead.
    AuditCouldInstead {
        units: Vec<String>,
    },
    /// The pipeline's rule set against the intervals (`outside`: levels whose cut-off is not in
    /// its interval).
    AuditRuleSet {
        id: String,
        status: crate::core::RuleStatus,
        percent: bool,
        cutoffs: [f64; 4],
        outside: Vec<crate::core::Level>,
        reproduces: usize,
        kept: usize,
    },
    /// The fitted rule set that follows, ready to paste.
    AuditFittedHeading {
        kept: usize,
    },
    /// No rule set with cut-offs of 0 or more reproduces the levels kept.
    AuditFittedNone,
    /// The audit in one line of `run`'s summary.
    AuditSummary {
        groups: usize,
        follow: usize,
        inside: usize,
        set_aside: usize,
    },

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

    /// run.json could not be written.
    RunJsonUnwritten {
        error: String,
    },
    /// Another run holds the output folder (`holder`: who, as its lock file says).
    OutputBusy {
        path: String,
        holder: String,
    },
    /// The pipeline cannot be used (its errors are said before, with their lines).
    PipelineUnusable {
        pipeline: String,
    },
    /// `run --pipeline DIR`: the folder holds no pipeline file.
    NoPipelineInFolder {
        dir: String,
    },
    /// A folder given as pipelines cannot be listed.
    FolderUnreadable {
        path: String,
        error: String,
    },
    /// Two pipelines of one run would write the same output folder (or one inside the other).
    PipelinesShareOutput {
        first: String,
        second: String,
        out_dir: String,
    },
    /// The last line of a run of several pipelines.
    PipelinesTotal {
        pipelines: usize,
        unusable: usize,
        exit: i32,
    },
    /// The year is not complete.
    YearIncomplete {
        expected: usize,
        missing: usize,
        rejected_files: usize,
    },
    /// The complete snapshot stays where it was; the incomplete one went beside it.
    CompleteSnapshotKept {
        dir: String,
    },
    /// The complete snapshot was moved aside.
    CompleteSnapshotMoved {
        dir: String,
    },

    // ----------------------------------------------------------------------- emit

    // ----------------------------------------------------------------------- report.html
    /// The page's title: the year and the province.
    PageTitle {
        province: String,
        year: i32,
    },
    /// The button that shows the other language.
    PageLanguageButton,
    /// Section: the year's totals.
    PageOverview,
    /// Column: what is counted.
    PageMeasure,
    /// Column: how many.
    PageCount,
    /// Units of district level.
    PageDistricts,
    /// Units of commune level.
    PageCommunes,
    /// Rows rejected.
    PageRejectedRows,
    /// Files or sheets refused whole.
    PageRejectedFiles,
    /// Findings of a severity.
    PageSeverity {
        severity: crate::finding::Severity,
    },
    /// Heading: completeness.
    PageCompleteness,
    /// Whether the year is complete.
    PageComplete {
        complete: bool,
    },
    /// Units the year expects.
    PageExpectedUnits,
    /// Units accepted.
    PageAcceptedUnits,
    /// Units missing.
    PageMissingUnits,
    /// Section: units at each level.
    PageLevelsHeading,
    /// A unit level, as a row or column label.
    PageUnitsAtLevel {
        level: crate::core::UnitLevel,
    },
    /// A dimension's name.
    PageDimension {
        dim: crate::core::Dimension,
    },
    /// A level.
    PageLevel {
        level: crate::core::Level,
    },
    /// Section: levels per district.
    PageByDistrictHeading,
    /// A stacked bar chart's title.
    PageChartByDistrict {
        dim: crate::core::Dimension,
    },
    /// The table that gives a chart's numbers.
    PageChartNumbers,
    /// Column: the district.
    PageDistrict,
    /// The whole province.
    PageProvince,
    /// Column: a total.
    PageTotal,
    /// Section: the district ranking.
    PageRankingHeading,
    /// Column: rank.
    PageRank,
    /// Column: a dimension's score.
    PageScore {
        dim: crate::core::Dimension,
    },
    /// Column: a dimension's level.
    PageLevelOf {
        dim: crate::core::Dimension,
    },
    /// Section: the scatter plot.
    PageScatterHeading,
    /// The scatter plot's title.
    PageScatterTitle {
        n: usize,
    },
    /// The scatter shows every k-th commune of many.
    PageScatterSampled {
        shown: usize,
        n: usize,
    },
    /// A table of the page shows its first rows; the CSV files hold the others.
    PageMoreRows {
        n: usize,
    },
    /// The legend's caption.
    PageLegend,
    /// The communes' table under the scatter plot.
    PageCommuneScores,
    /// Column: a commune.
    PageCommune,
    /// Section: the comparison with the decision.
    PageComparisonHeading,
    /// The year has no decision.
    PageNoDecision,
    /// Units the decision lists.
    PagePublishedUnits,
    /// Units matched.
    PageMatchedUnits,
    /// Levels equal of compared.
    PageLevelsEqual,
    /// Scores equal.
    PageScoresEqual,
    /// Positions equal.
    PageOrderEqual,
    /// Heading: the differences, with their number.
    PageDifferences {
        n: usize,
    },
    /// No difference.
    PageNoDifference,
    /// Section: misspelt names.
    PageCorrectionsHeading,
    /// No misspelling.
    PageNoCorrection,
    /// Column: the name as written.
    PageWritten,
    /// Column: the official name.
    PageGsoName,
    /// Column: file and cell.
    PageWhere,
    /// Where a misspelling was written.
    PageWrittenIn {
        decision: bool,
    },
    /// Column: which document.
    PageSource,
    /// Section: other years.
    PageYearsHeading,
    /// Heading: this year against another.
    PageAgainstYear {
        other: i32,
        year: i32,
    },
    /// Units at a better level.
    PageMovedUp,
    /// Units at a worse level.
    PageMovedDown,
    /// Units at the same level.
    PageUnchanged,
    /// The list of units that changed level.
    PageMovedUnits {
        n: usize,
    },
    /// Column: a unit.
    PageUnit,
    /// Column: a level in a year.
    PageLevelIn {
        year: i32,
    },
    /// Section: findings.
    PageFindingsHeading {
        n: usize,
    },
    /// Findings without a file.
    PageNoFile,
    /// Column: sheet and cell.
    PagePlace,
    /// Column: code.
    PageCode,
    /// Column: message.
    PageMessage,
    /// Column: the clerk's action.
    PageAction,
    /// No finding.
    PageNoFindings,
    /// Section: rejected rows.
    PageRejectsHeading {
        n: usize,
    },
    /// No rejected row.
    PageNoRejects,
    /// Column: file.
    PageFile,
    /// Column: sheet.
    PageSheet,
    /// Column: row.
    PageRow,
    /// Column: cell.
    PageCell,
    /// Column: raw values.
    PageRawValues,
    /// The page's footer.
    PageFooter,

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
    /// `publish`: the annexes and report.html of a year rebuilt from its snapshot (`path`: the
    /// files, joined).
    AnnexPublished {
        year: i32,
        path: String,
    },
    /// `publish`: the year has no snapshot (run it first).
    NoSnapshotToPublish {
        year: i32,
        dir: String,
    },
    PipelineValid {
        years: usize,
    },
    PipelineHasNoSuchYear,
    /// A year whose raw folder cannot be listed.
    YearUnreadable {
        year: i32,
        error: String,
    },
    CheckTotals {
        files: usize,
        rejected: usize,
    },
    /// A `not_evaluated` code that is no unit of the province.
    NotEvaluatedUnknown {
        code: String,
        year: i32,
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

/// A misspelt name read back from the English sentence that reports it ([`Text::UnitNameReadAs`]
/// for a submission, [`Text::PublishedName`] for the decision): the name as written and the
/// official one with its code ("Xã Ba Cụm Bắc (22732)"). The inverse of those two arms of
/// `en.rs` (a test says each and reads it back); `None` for any other sentence.
pub fn misspelling(message_en: &str) -> Option<(String, String)> {
    let (written, official) = match message_en.strip_prefix("the decision writes \"") {
        Some(rest) => rest.rsplit_once("\"; the official (GSO) name is ")?,
        None => message_en.strip_prefix('"')?.rsplit_once("\" read as ")?,
    };
    Some((written.to_string(), official.to_string()))
}

pub use crate::finding::num_vi;

/// A number in English: two decimals ("87.10").
pub fn num_en(x: f64) -> String {
    format!("{x:.2}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelling_is_read_back_from_its_sentence() {
        let t = Text::PublishedName {
            written: "Ba \"Cạm\" Bắc".into(),
            official: "Xã Ba Cụm Bắc".into(),
            code: "22732".into(),
        };
        assert_eq!(
            misspelling(&t.say(Lang::En)),
            Some(("Ba \"Cạm\" Bắc".into(), "Xã Ba Cụm Bắc (22732)".into()))
        );
        let t = Text::UnitNameReadAs {
            submitted: "Xa Cam Hoa".into(),
            official: "Xã Cam Hòa".into(),
            code: "22453".into(),
        };
        assert_eq!(
            misspelling(&t.say(Lang::En)),
            Some(("Xa Cam Hoa".into(), "Xã Cam Hòa (22453)".into()))
        );
        assert_eq!(misspelling("\"x\" is not a number"), None);
    }
}
