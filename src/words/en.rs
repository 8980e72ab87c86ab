//! The catalogue in English: every [`Text`] said once, in the sections of `mod.rs`.

#[allow(unused_imports)]
use super::{Text, num_en};

pub(super) fn say(t: &Text) -> String {
    match t {
        // ------------------------------------------------------------------- pipeline
        Text::ConfigAtLine { line, problem } => format!("line {line}: {}", say(problem)),
        Text::PipelineUnreadable { error } => format!("cannot read the pipeline file: {error}"),
        Text::PipelineSyntax { message } => message.clone(),
        Text::ProvinceCodeInvalid { given } => {
            format!("province must be a 2-digit GSO code, not {given:?}")
        }
        Text::RankingKeysEmpty => "ranking.districts is empty: give at least one key".into(),
        Text::RankingKeyUnknown { key } => format!(
            "unknown ranking key {key:?} (achieved_level, readiness_level, achieved_score, readiness_score, total)"
        ),
        Text::PipelineWithoutYear => "the pipeline has no [[year]]".into(),
        Text::YearNotEvaluationYear { year } => {
            format!("year {year} is not an evaluation year (2000-2100)")
        }
        Text::YearListedTwice { year } => format!("year {year} is listed twice"),
        Text::RawFolderMissing { path } => {
            format!("the raw folder {} does not exist", path.display())
        }
        Text::PublishedFileMissing { path } => {
            format!("the published decision {} does not exist", path.display())
        }
        Text::ScopeEmpty => "scope is empty: give \"district\", \"commune\" or both".into(),
        Text::ScopeLevelUnknown { given } => {
            format!("unknown scope {given:?} (district, commune)")
        }
        Text::RuleSetLevelUnknown { given } => {
            format!("unknown unit level {given:?} (district, commune)")
        }
        Text::RuleSetDimensionUnknown { given } => {
            format!("unknown dimension {given:?} (achieved, readiness)")
        }
        Text::CutoffUnitUnknown { given } => {
            format!("unknown cutoff_unit {given:?} (points, percent)")
        }
        Text::RuleStatusUnknown { given } => {
            format!("unknown status {given:?} (official, fitted)")
        }
        Text::CutoffLevelUnknown { given } => {
            format!("unknown level {given:?} in cutoffs (I, II, III, IV)")
        }
        Text::CutoffsIncomplete => "cutoffs must give I, II, III and IV".into(),
        Text::RuleSetTwice { level, dimension } => {
            format!("a second rule set for {} {}", level.as_str(), dimension.key())
        }
        Text::RuleSetRefused { error } => format!("rule set refused: {error}"),
        Text::YearWithoutRuleSet { year } => format!("year {year} has no rule set"),
        // (end of pipeline)

        // ------------------------------------------------------------------- gazetteer
        // (end of gazetteer)

        // ------------------------------------------------------------------- ingest
        Text::SheetHidden => "hidden sheet; it was read".into(),
        Text::NoTable => {
            "the sheet has content but no table with a unit column and score columns".into()
        }
        Text::RoleWords { role } => {
            use crate::ingest::{Field, Role};
            match role {
                Role::RowNumber => "row number".into(),
                Role::Unit => "unit name".into(),
                Role::Dim(d, f) => {
                    let words = match f {
                        Field::Score => "score",
                        Field::Level => "level",
                        Field::Maximum => "maximum",
                        Field::NotApplicable => "points not applicable",
                        Field::ApplicableMax => "applicable maximum",
                        Field::RawPoints => "raw points",
                        Field::Percent => "percentage",
                        Field::Converted => "converted score",
                    };
                    format!("{} {words}", d.key())
                }
            }
        }
        Text::FileCannotOpen { error } => format!("cannot open the file: {error}"),
        Text::FileCannotRead { error } => format!("cannot read the file: {error}"),
        Text::FileTooLarge { bytes, limit } => {
            format!("the file has {bytes} bytes, above the limit of {limit}")
        }
        Text::FileEmpty => "the file is empty (0 bytes)".into(),
        Text::FileEncrypted => {
            "the workbook is password-protected; ask for a copy without a password".into()
        }
        Text::ReaderFailed => "a damaged workbook: the reader failed on it".into(),
        Text::XlsMalformed => "a damaged .xls: its OLE container is malformed".into(),
        Text::XlsSheetTooLarge { extent, limit } => format!(
            "a sheet of the .xls file spans {extent}, above the limit of {limit} cells; the file is not read"
        ),
        Text::UnpackedTooLarge { bytes, limit } => {
            format!("the file unpacks to {bytes} bytes, above the limit of {limit}")
        }
        Text::ZipWithoutWorkbook => {
            "a zip archive that holds no Excel or OpenDocument workbook".into()
        }
        Text::NotAWorkbook => "not an Excel (.xlsx, .xls) or OpenDocument (.ods) workbook: text, PDF or a damaged file".into(),
        Text::WorkbookDamaged { error } => format!("a damaged workbook, cannot be read: {error}"),
        Text::SheetUnreadable { error } => format!("cannot read the sheet: {error}"),
        Text::SheetTooLarge { extent, limit } => format!(
            "the sheet is too large ({extent}), above the limit of {limit} cells; not read"
        ),
        Text::CellTooLong { chars, limit } => {
            format!("the cell holds {chars} characters, above the limit of {limit}")
        }
        // (end of ingest)

        // ------------------------------------------------------------------- layout
        // (end of layout)

        // ------------------------------------------------------------------- normalize
        // (end of normalize)

        // ------------------------------------------------------------------- validate
        // (end of validate)

        // ------------------------------------------------------------------- classify
        // (end of classify)

        // ------------------------------------------------------------------- compare
        // (end of compare)

        // ------------------------------------------------------------------- run, report
        Text::FileNotWorkbook => "not a workbook by its extension (another file, a subfolder), or an Excel lock file; not read".into(),
        Text::FolderNamedLikeWorkbook => "a folder named like a workbook, not a file".into(),
        Text::InternalTally { read, accepted, rejected, passed_over } => format!(
            "internal: {read} rows read != {accepted} accepted + {rejected} rejected + {passed_over} passed over"
        ),
        Text::YearUpToDate { year, out_dir } => format!(
            "{year}: inputs and configuration unchanged, {out_dir} kept (use --force to rebuild)"
        ),
        Text::FileSkippedTally => "skipped (not a workbook)".into(),
        Text::FileRejectedTally => "FILE REJECTED".into(),
        Text::FileTally { read, accepted, rejected, passed_over, warnings } => format!(
            "{read} read, {accepted} accepted, {rejected} rejected, {passed_over} passed over, {warnings} warnings"
        ),
        Text::MoreProblemsInReport { n } | Text::MoreItemsInReport { n } => {
            format!("and {n} more in report.json")
        }
        Text::ProvinceWideHeading => "Comparison and province-wide:".into(),
        Text::PublishedComparison { published, matched, levels_equal, levels_compared, scores_equal, order_equal } => format!(
            "Published decision: {published} units, {matched} matched; levels {levels_equal}/{levels_compared} equal; {scores_equal} scores equal; {order_equal} positions equal"
        ),
        Text::NotWrittenDryRun => "(not written: --dry-run)".into(),
        Text::YearTotals { year, districts, communes, rejected, errors, warnings, dest } => format!(
            "{year}: {districts} districts, {communes} communes, {rejected} rows rejected, {errors} errors, {warnings} warnings → {dest}"
        ),
        Text::InternalRunError { error } => format!("internal: {error}"),
        // (end of run)

        // ------------------------------------------------------------------- emit
        // (end of emit)

        // ------------------------------------------------------------------- cli
        Text::GazetteerUnreadable { error } => format!("cannot read the gazetteer: {error}"),
        Text::ProvinceNotInGazetteer { code } => format!("province {code} is not in the gazetteer"),
        Text::PipelineHasNoYear { pipeline, year } => format!("pipeline {pipeline} has no year {year}"),
        Text::OutIsAFile { path } => format!("{path} is a file, not a folder"),
        Text::CannotWriteOutput { error } => format!("cannot write the output: {error}"),
        Text::PipelineValid { years } => {
            format!("valid ({years} year{})", if *years == 1 { "" } else { "s" })
        }
        Text::PipelineHasNoSuchYear => "the pipeline has no such year".into(),
        Text::CheckTotals { files, rejected } => format!("{files} files, {rejected} rows rejected"),
        Text::InspectTitleDistrict { text, place } => {
            format!("title names the district: \"{text}\" ({place})")
        }
        Text::InspectSheet { name, hidden, rows, passed } => {
            let hidden = if *hidden { " (hidden)" } else { "" };
            let passed = if passed.is_empty() { "none".to_string() } else { passed.join(", ") };
            format!("sheet '{name}'{hidden}: {rows} rows; passed over: {passed}")
        }
        Text::InspectTable { header_rows, rows } => {
            format!("table: header row(s) {header_rows}, {rows} data rows")
        }
        Text::InspectInDoubt => "in doubt, not read".into(),
        Text::InspectGroupHeadings { list } => format!("group headings: {list}"),
        Text::UnitsNotFound { query } => format!("no unit matches \"{query}\""),
        Text::UnitsMore { n } => format!("… and {n} more (--limit)"),
        // (end of cli)
    }
}
