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
        Text::AmbiguousDistrict { text, candidates } => {
            format!("\"{text}\" matches several districts: {candidates}")
        }
        Text::UnknownDistrictNearest {
            text,
            province,
            nearest,
        } => format!("\"{text}\" is no district of province {province}; nearest: {nearest}"),
        Text::UnknownDistrictNoNearName { text, province } => {
            format!("\"{text}\" is no district of province {province}; no similar name")
        }
        Text::PinnedDistrictNotInProvince {
            district_code,
            province,
        } => format!(
            "the pipeline pins the file to district {district_code}, which is not in province {province}"
        ),
        Text::UnitNameReadAs {
            submitted,
            official,
            code,
        } => format!("\"{submitted}\" read as {official} ({code})"),
        Text::CommunesDistrictFrom {
            district,
            code,
            source,
        } => {
            use crate::normalize::DistrictSource;
            let from = match source {
                DistrictSource::Heading => "a group heading",
                DistrictSource::Title => "the title rows",
                DistrictSource::DistrictRow => "the district's own row in the file",
                DistrictSource::Pin => "the pipeline's pin",
            };
            format!("communes under {district} ({code}): from {from}")
        }
        Text::HeaderBlocksRow {
            cell,
            label,
            candidates,
        } => {
            let roles: Vec<String> = candidates.iter().map(|r| r.words().en).collect();
            format!(
                "the row cannot be read: header {cell} \"{label}\" could be the {}",
                roles.join(" or the ")
            )
        }
        Text::NoUnitName => "the row has scores but no unit name".into(),
        Text::NumberUnreadable { dim, field, error } => {
            use crate::normalize::number::NumError;
            let why = match error {
                NumError::NotANumber(t) => format!("\"{t}\" is not a number"),
                NumError::TwoSeparators(t) => {
                    format!("\"{t}\" has both a comma and a point; the decimals cannot be told")
                }
                NumError::ErrorCell(e) => format!("an error cell {e} instead of a number"),
                NumError::Date(d) => format!("a date cell ({d}) instead of a number"),
                NumError::Bool(b) => format!("a TRUE/FALSE cell ({b}) instead of a number"),
                NumError::TooLong(n) => format!("a cell of {n} characters, not a number"),
                NumError::NotFinite => "a value that is not finite".to_string(),
            };
            format!("{} ({}): {why}", dim.key(), field.key())
        }
        Text::LevelUnreadable { dim, shown } => format!(
            "{}: \"{shown}\" is not a level I, II, III, IV or Không xếp hạng; the computed level is used",
            dim.key()
        ),
        Text::NoDistrictForUnit { submitted } => format!(
            "cannot tell which district \"{submitted}\" belongs to: no readable group heading, title, district row or pin"
        ),
        Text::DistrictCodeNotInGazetteer => "unknown district code".into(),
        Text::CommuneCodeNotInGazetteer => "unknown commune code".into(),
        Text::AmbiguousCommune {
            submitted,
            candidates,
        } => format!(
            "\"{submitted}\" matches several units: {candidates}; write the type word (Xã, Phường, Thị trấn)"
        ),
        Text::CommuneOfOtherDistrict {
            submitted,
            code,
            district,
            here,
        } => format!("\"{submitted}\" ({code}) belongs to {district}, not to {here}"),
        Text::UnknownUnitNearest {
            submitted,
            here,
            nearest,
        } => format!("\"{submitted}\" is not a unit of {here}; nearest: {nearest}"),
        Text::UnknownUnitNoNearName { submitted, here } => {
            format!("\"{submitted}\" is not a unit of {here}; no similar name")
        }
        // (end of normalize)

        // ------------------------------------------------------------------- validate
        // Validate's English sentences write numbers with a decimal comma, as they always have.
        Text::NoRuleSetForDimension { year, level, dim } => {
            format!("no rule set for {year} {} {}", level.as_str(), dim.key())
        }
        Text::DimensionMissing { unit, dim } => format!("{unit}: no {} score", dim.key()),
        Text::NotApplicableOutOfRange {
            unit,
            dim,
            points,
            max,
        } => format!(
            "{unit}: {} points not applicable {} outside 0-{}",
            dim.key(),
            super::num_vi(*points),
            super::num_vi(*max)
        ),
        Text::RawPointsOutOfRange {
            unit,
            dim,
            raw,
            applicable,
        } => format!(
            "{unit}: {} raw points {} are outside 0-{} (the applicable maximum)",
            dim.key(),
            super::num_vi(*raw),
            super::num_vi(*applicable)
        ),
        Text::ScoreOutOfRange {
            unit,
            dim,
            score,
            max,
        } => format!(
            "{unit}: {} score {} is outside 0-{}",
            dim.key(),
            super::num_vi(*score),
            super::num_vi(*max)
        ),
        Text::PercentOutOfRange { unit, dim, percent } => format!(
            "{unit}: {} percentage {}% is outside 0-100",
            dim.key(),
            super::num_vi(*percent)
        ),
        Text::ConvertedScoreDiffers {
            unit,
            dim,
            written,
            raw,
            max,
            applicable,
            computed,
        } => format!(
            "{unit}: {} converted score {} but {} × {} / {} = {}; kept as written",
            dim.key(),
            super::num_vi(*written),
            super::num_vi(*raw),
            super::num_vi(*max),
            super::num_vi(*applicable),
            super::num_vi(*computed)
        ),
        Text::MoreRepeatedRows { unit, more } => {
            format!("{unit}: {more} more repeated rows of this unit (not listed one by one)")
        }
        Text::RepeatedSameValues {
            unit,
            count,
            places,
        } => {
            format!("{unit} appears {count} times with equal values ({places}); the first is kept")
        }
        Text::RepeatedDifferentValues {
            unit,
            count,
            places,
        } => format!(
            "{unit} appears {count} times with different values ({places}); all are rejected"
        ),
        Text::DistrictMissing { district, code } => {
            format!("{district} ({code}) is in no accepted submission")
        }
        Text::DistrictAndCommunesMissing {
            district,
            code,
            communes,
            named,
        } => {
            let named = if named.is_empty() {
                String::new()
            } else {
                format!(": {}", named.join(", "))
            };
            let what = if *communes == 1 {
                "commune"
            } else {
                "communes"
            };
            format!(
                "{district} ({code}) and {communes} of its {what} are in no accepted submission{named}"
            )
        }
        Text::CommunesMissing {
            district,
            communes,
            named,
        } => {
            let named = if named.is_empty() {
                String::new()
            } else {
                format!(": {}", named.join(", "))
            };
            let (what, verb) = if *communes == 1 {
                ("commune", "is")
            } else {
                ("communes", "are")
            };
            format!("{communes} {what} of {district} {verb} in no accepted submission{named}")
        }
        // (end of validate)

        // ------------------------------------------------------------------- classify
        Text::AcceptedUnitUnclassified => {
            "internal: an accepted unit could not be classified".into()
        }
        Text::LevelDisagrees {
            unit,
            dim,
            declared,
            rule_set,
            computed,
            score,
        } => format!(
            "{unit}: {} level declared {declared}, rule set {rule_set} gives {computed} (score {})",
            dim.key(),
            num_en(*score)
        ),
        Text::RankedAboveHigherScore {
            above,
            above_score,
            below,
            below_score,
            ranking,
        } => format!(
            "{above} ({}) ranks above {below} ({}) despite a lower achieved score: the ranking is by {ranking}",
            num_en(*above_score),
            num_en(*below_score)
        ),
        Text::TableOrderDiffers { ranking, moved } => {
            // Each row's place is written in both languages, as it always has been.
            let moved: Vec<String> = moved
                .iter()
                .map(|(unit, row, stt, rank)| {
                    format!("{unit} (dòng/row {row}, STT {stt}, hạng/rank {rank})")
                })
                .collect();
            format!(
                "the table orders districts differently from the ranking by {ranking}: {}",
                moved.join("; ")
            )
        }
        // (end of classify)

        // ------------------------------------------------------------------- compare
        Text::PublishedName {
            written,
            official,
            code,
        } => format!(
            "the decision writes \"{written}\"; the official (GSO) name is {official} ({code})"
        ),
        Text::OnlyInPublished { unit, code } => {
            format!("{unit} ({code}) is in the decision but not in the snapshot")
        }
        Text::NotInPublished { unit, code } => {
            format!("{unit} ({code}) is in the snapshot but not in the decision")
        }
        Text::PublishedScoreDiffers {
            unit,
            dim,
            published,
            computed,
        } => format!(
            "{unit}: the decision gives {} score {}, the submission {}",
            dim.key(),
            num_en(*published),
            num_en(*computed)
        ),
        Text::PublishedLevelDiffers {
            unit,
            dim,
            published,
            computed,
        } => format!(
            "{unit}: the decision gives {} level {published}, the rule set {computed}",
            dim.key()
        ),
        Text::PublishedRankDiffers { unit, listed, rank } => {
            format!("{unit}: the decision lists it as {listed}, the computed rank is {rank}")
        }
        Text::PublishedAnnexPositionDiffers {
            unit,
            listed,
            position,
        } => format!(
            "{unit}: the decision lists it as {listed}, the computed annex position is {position}"
        ),
        // (end of compare)

        // ------------------------------------------------------------------- run, report
        // (end of run)

        // ------------------------------------------------------------------- emit
        // (end of emit)

        // ------------------------------------------------------------------- cli
        // (end of cli)
    }
}
