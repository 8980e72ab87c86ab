//! The catalogue in English: every [`Text`] said once, in the sections of `mod.rs`.

#[allow(unused_imports)]
use super::{Text, num_en};

pub(super) fn say(t: &Text) -> String {
    match t {
        // ------------------------------------------------------------------- pipeline
        // (end of pipeline)

        // ------------------------------------------------------------------- gazetteer
        // (end of gazetteer)

        // ------------------------------------------------------------------- ingest
        Text::SheetHidden => "hidden sheet; it was read".into(),
        Text::NoTable => {
            "the sheet has content but no table with a unit column and score columns".into()
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
