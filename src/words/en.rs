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
        // (end of run)

        // ------------------------------------------------------------------- emit
        // (end of emit)

        // ------------------------------------------------------------------- cli
        // (end of cli)
    }
}
