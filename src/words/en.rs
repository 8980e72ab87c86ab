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
        Text::NamedFileMissing { path } => {
            format!("the file {} does not exist", path.display())
        }
        Text::YearMapUnreadable { year, error } => {
            format!("the list of units of year {year} cannot be read: {error}")
        }
        Text::DistrictRuleSetWithoutDistricts { year, map } => format!(
            "year {year} uses the list {map}, which has no districts: remove the district rule set (communes only)"
        ),
        Text::CrosswalkColumnMissing { column } => {
            format!("the crosswalk has no column {column}")
        }
        Text::CrosswalkFieldInvalid { column, value } => {
            format!("crosswalk: {value:?} is not a valid {column}")
        }
        Text::CrosswalkCodeUnknown { code, year, map } => format!(
            "the crosswalk names the code {code}, which is no commune of the list {map} of year {year}"
        ),
        Text::CrosswalkUnreadable { error } => {
            format!("the crosswalk cannot be read: {error}")
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

        Text::OnErrorUnknown { given } => {
            format!("unknown on_error \"{given}\" (keep-previous or replace)")
        }

        // ------------------------------------------------------------------- gazetteer

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


        // ------------------------------------------------------------------- layout
        Text::WhyRowNumber => "a row-number label".into(),
        Text::WhyUnit => "a unit-name label".into(),
        Text::WhyValue {
            field_words,
            dimension,
        } => {
            let field = if field_words.is_empty() {
                "names only the dimension: the score".to_string()
            } else {
                format!("the words \"{}\"", field_words.join("\", \""))
            };
            let dim = match dimension {
                Some((w, from)) => format!("dimension \"{w}\" {}", say(from)),
                None => String::new(),
            };
            format!("{field}; {dim}")
        }
        Text::WhyOnlyPointsColumn => "the only points column of its dimension".into(),
        Text::DimFromOwnCell => "in the cell itself".into(),
        Text::DimFromOtherColumns => "of the table's other columns".into(),
        Text::DimFromLeftColumn { col } => format!("of column {col} just left of it"),
        Text::DimFromGroupCell { cell } => format!("in the group cell {cell}"),
        Text::DimFromCaption { row } => format!("in the caption row {row} above the table"),
        Text::DimFromSheetName => "in the sheet name".into(),
        Text::HeaderInDoubt {
            label,
            first,
            candidates,
            blocks,
        } => {
            let roles: Vec<String> = candidates.iter().map(|c| c.words().en.to_string()).collect();
            let why = match first {
                Some(first) => format!("column {first} is also the {}", roles.join("; ")),
                None => format!("could be: {}", roles.join("; ")),
            };
            let then = if *blocks {
                "the column is not read and the table's rows are rejected (kept in the rejects)"
            } else {
                "the column is not read"
            };
            format!("header \"{label}\" is ambiguous: {why}; {then}. Reword it or add it to [aliases]")
        }
        Text::ValuesDisagree {
            label,
            levels,
            count,
            rows,
            read_as,
        } => {
            let wrong = if *levels { "levels" } else { "scores" };
            let then = match read_as {
                Some(r) => format!("read as the {} column", r.words().en),
                None => "read as its header says".to_string(),
            };
            format!("column \"{label}\" holds {wrong} on {count} of {rows} rows; {then}")
        }

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
            let roles: Vec<String> = candidates.iter().map(|r| r.words().en.to_string()).collect();
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

        // ------------------------------------------------------------------- validate
        // Validate's English sentences write numbers with a decimal comma, as they always have.
        Text::YearDisagrees {
            written,
            year,
            title,
        } => format!(
            "the title says {written} (\"{title}\") but the file is read for the pipeline's year {year}; its data count for {year}"
        ),
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
        Text::CommunesNotInCrosswalk {
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
            format!(
                "{communes} {what} of {district} {verb} not in the crosswalk (no new unit){named}"
            )
        }

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

        // ------------------------------------------------------------------- audit
        Text::AuditLevelUnexplained {
            unit,
            dim,
            level,
            value,
            percent,
            from_decision,
            others,
        } => {
            let source = if *from_decision { "published" } else { "declared" };
            let alt = if others.is_empty() {
                String::new()
            } else {
                format!(" (or set aside instead: {})", others.join(", "))
            };
            format!(
                "{unit}: the {source} {} level {level} at {} fits no cut-off that the other published levels allow; set aside by the audit: check its score and level{alt}",
                dim.key(),
                value_en(*value, *percent)
            )
        }
        Text::AuditFittedBasis {
            year,
            units,
            from_decision,
            kept,
            intervals,
            percent,
            maximum,
        } => {
            let unit = if *percent {
                format!("% of the (applicable) maximum {}", cut_en(*maximum))
            } else {
                format!("points of {}", cut_en(*maximum))
            };
            let list: Vec<String> = ["I", "II", "III", "IV"]
                .iter()
                .zip(intervals)
                .map(|(l, i)| format!("{l} {}", interval_en(i)))
                .collect();
            let aside = if kept < units {
                format!("; {} set aside as unexplained, the other {kept} reproduced", units - kept)
            } else {
                String::new()
            };
            format!(
                "Fitted by egov-etl audit to the {units} levels published for {year} ({from_decision} by the decision, {} declared in submissions{aside}); no legal text cited. Cut-offs that reproduce them, in {unit}: {}",
                units - from_decision,
                list.join("; ")
            )
        }
        Text::AuditYearHeading { year } => {
            format!("Audit of the rule set, {year}: the cut-offs the published levels allow")
        }
        Text::AuditGroupHeading {
            level,
            dim,
            units,
            from_decision,
            from_submissions,
            percent,
            maximum,
        } => {
            let scale = if *percent {
                "on percentages of the applicable maximum".to_string()
            } else {
                format!("on scores (maximum {})", cut_en(*maximum))
            };
            format!(
                "{}s, {}: {units} published levels ({from_decision} from the decision, {from_submissions} declared in submissions), audited {scale}",
                level.as_str(),
                dim.key()
            )
        }
        Text::AuditNoPublishedLevels { level, dim } => format!(
            "{}s, {}: no published level to audit (the decision, if named, and the submissions give none)",
            level.as_str(),
            dim.key()
        ),
        Text::AuditCutoff {
            level,
            points,
            percent,
            maximum,
            units,
        } => {
            let mut s = format!(
                "cut-off of level {level}: {} points, {} % of {}",
                interval_en(points),
                interval_en(percent),
                cut_en(*maximum)
            );
            if points.above.is_none() {
                s.push_str(&format!("; open below: no unit is below level {level}"));
            }
            if points.at_most.is_none() {
                s.push_str(&format!("; open above: no unit is at level {level} or better"));
            }
            match units {
                0 => s.push_str(&format!("; no unit at level {level}")),
                1 => s.push_str(&format!("; 1 unit at level {level}")),
                n => s.push_str(&format!("; {n} units at level {level}")),
            }
            s
        }
        Text::AuditAllFollow { units } => format!(
            "all {units} published levels follow one threshold rule (score ≥ cut-off takes the level)"
        ),
        Text::AuditSomeUnexplained {
            units,
            set_aside,
            unique,
        } => format!(
            "no threshold rule reproduces all {units} published levels: {set_aside} must be set aside ({}), the intervals are those of the other {}",
            if *unique { "the only smallest set" } else { "one of several smallest sets" },
            units - set_aside
        ),
        Text::AuditCouldInstead { units } => {
            format!("an equally small set would set aside instead: {}", units.join(", "))
        }
        Text::AuditRuleSet {
            id,
            status,
            percent,
            cutoffs,
            outside,
            reproduces,
            kept,
        } => {
            let status = match status {
                crate::core::RuleStatus::Official => "official: its basis must cite the legal text and clause",
                crate::core::RuleStatus::Fitted => "fitted: its cut-offs fit published levels, no legal text cited",
            };
            let unit = if *percent { "%" } else { "points" };
            let cuts: Vec<String> = cutoffs.iter().map(|c| cut_en(*c)).collect();
            let place = if outside.is_empty() {
                "inside every interval".to_string()
            } else {
                let l: Vec<String> = outside.iter().map(|l| l.to_string()).collect();
                format!("OUTSIDE the interval of level {}", l.join(", "))
            };
            format!(
                "the pipeline's rule set {id} ({status}): {} {unit}, {place}; it reproduces {reproduces} of the {kept} published levels kept",
                cuts.join(" / ")
            )
        }
        Text::AuditFittedHeading { kept } => format!(
            "a rule set inside every interval, reproducing all {kept} published levels kept, to paste into the pipeline in place of this one:"
        ),
        Text::AuditFittedNone => {
            "no rule set with cut-offs of 0 or more reproduces the levels kept (a level above IV at a score of 0)".into()
        }
        Text::AuditSummary {
            groups,
            follow,
            inside,
            set_aside,
        } => format!(
            "Audit of the rule sets: published levels follow a threshold rule in {follow} of {groups} (unit level, dimension) ({set_aside} units set aside); the rule set lies inside the intervals in {inside} of {groups} (egov-etl audit says where)"
        ),

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

        Text::RunJsonUnwritten { error } => format!("cannot write run.json: {error}"),
        Text::OutputBusy { path, holder } => format!(
            "the output folder {path} is held by another run ({holder}) and was not let go"
        ),
        Text::PipelineUnusable { pipeline } => format!("the pipeline {pipeline} cannot be used"),
        Text::NoPipelineInFolder { dir } => format!("the folder {dir} holds no pipeline file (*.toml)"),
        Text::FolderUnreadable { path, error } => format!("cannot list the folder {path}: {error}"),
        Text::PipelinesShareOutput { first, second, out_dir } => format!(
            "the pipelines {first} and {second} would both write the output folder {out_dir}: neither is run. Fix: set `output` in each pipeline (or run with --out, which puts each pipeline under a folder named by its `name`, and give them different names)"
        ),
        Text::PipelinesTotal { pipelines, unusable, exit } => format!(
            "{pipelines} pipelines, {unusable} could not be used; exit code {exit}"
        ),
        Text::YearIncomplete {
            expected,
            missing,
            rejected_files,
        } => format!(
            "the year is incomplete: {missing} of {expected} expected units missing, {rejected_files} files rejected"
        ),
        Text::CompleteSnapshotKept { dir } => {
            format!("the complete snapshot before it is kept at {dir} (--on-error keep-previous)")
        }
        Text::CompleteSnapshotMoved { dir } => {
            format!("the complete snapshot before it was moved to {dir} (--on-error replace)")
        }

        // ------------------------------------------------------------------- emit

        // ------------------------------------------------------------------- report.html
        Text::PageTitle { province, year } => format!("E-government evaluation {year}: {province}"),
        Text::PageLanguageButton => "Tiếng Việt".into(),
        Text::PageOverview => "Overview".into(),
        Text::PageMeasure => "Measure".into(),
        Text::PageCount => "Count".into(),
        Text::PageDistricts => "Districts".into(),
        Text::PageCommunes => "Communes".into(),
        Text::PageRejectedRows => "Rejected rows".into(),
        Text::PageRejectedFiles => "Files and sheets refused".into(),
        Text::PageSeverity { severity } => match severity { crate::finding::Severity::Error => "Errors", crate::finding::Severity::Warning => "Warnings", crate::finding::Severity::Info => "Notes" }.into(),
        Text::PageCompleteness => "Completeness".into(),
        Text::PageComplete { complete } => if *complete { "Complete: every expected unit accepted" } else { "Incomplete" }.into(),
        Text::PageExpectedUnits => "Units expected".into(),
        Text::PageAcceptedUnits => "Units accepted".into(),
        Text::PageMissingUnits => "Units missing".into(),
        Text::PageLevelsHeading => "Units by level".into(),
        Text::PageUnitsAtLevel { level } => match level { crate::core::UnitLevel::District => "Districts", crate::core::UnitLevel::Commune => "Communes", crate::core::UnitLevel::Province => "Province" }.into(),
        Text::PageDimension { dim } => match dim { crate::core::Dimension::Achieved => "Achieved", crate::core::Dimension::Readiness => "Readiness" }.into(),
        Text::PageLevel { level } => match level { crate::core::Level::NotRanked => "Not ranked".to_string(), l => format!("Level {}", l.as_str()) },
        Text::PageByDistrictHeading => "Communes by level, per district".into(),
        Text::PageChartByDistrict { dim } => format!("Communes at each level of {} by district and in the province (length: share of the district's communes)", match dim { crate::core::Dimension::Achieved => "achievement", crate::core::Dimension::Readiness => "readiness" }),
        Text::PageChartNumbers => "The chart's numbers".into(),
        Text::PageDistrict => "District".into(),
        Text::PageProvince => "Province".into(),
        Text::PageTotal => "Total".into(),
        Text::PageRankingHeading => "District ranking".into(),
        Text::PageRank => "Rank".into(),
        Text::PageScore { dim } => format!("{} score", match dim { crate::core::Dimension::Achieved => "Achieved", crate::core::Dimension::Readiness => "Readiness" }),
        Text::PageLevelOf { dim } => format!("{} level", match dim { crate::core::Dimension::Achieved => "Achieved", crate::core::Dimension::Readiness => "Readiness" }),
        Text::PageScatterHeading => "Achieved against readiness, every commune".into(),
        Text::PageScatterTitle { n } => format!("Achieved score (across) against readiness score (up) of {n} communes, coloured by achieved level"),
        Text::PageScatterSampled { shown, n } => format!("{shown} of the {n} communes are drawn (evenly through the list); the snapshot's commune.csv holds them all"),
        Text::PageMoreRows { n } => format!("… and {n} more rows: see the snapshot's CSV files"),
        Text::PageLegend => "Legend: achieved level".into(),
        Text::PageCommuneScores => "Scores of every commune".into(),
        Text::PageCommune => "Commune".into(),
        Text::PageComparisonHeading => "Against the published decision".into(),
        Text::PageNoDecision => "This year has no published decision to compare with.".into(),
        Text::PagePublishedUnits => "Units in the decision".into(),
        Text::PageMatchedUnits => "Units matched with the snapshot".into(),
        Text::PageLevelsEqual => "Levels equal / levels compared".into(),
        Text::PageScoresEqual => "Scores equal".into(),
        Text::PageOrderEqual => "Positions equal".into(),
        Text::PageDifferences { n } => format!("Differences ({n})"),
        Text::PageNoDifference => "No score, level or position differs.".into(),
        Text::PageCorrectionsHeading => "Misspelt names corrected to the GSO list".into(),
        Text::PageNoCorrection => "No name needed correcting.".into(),
        Text::PageWritten => "Name as written".into(),
        Text::PageGsoName => "GSO name".into(),
        Text::PageWhere => "Where".into(),
        Text::PageWrittenIn { decision } => if *decision { "Published decision" } else { "District submission" }.into(),
        Text::PageSource => "Source".into(),
        Text::PageYearsHeading => "Compared with other years".into(),
        Text::PageAgainstYear { other, year } => format!("{year} against {other}"),
        Text::PageMovedUp => "Moved up".into(),
        Text::PageMovedDown => "Moved down".into(),
        Text::PageUnchanged => "Unchanged".into(),
        Text::PageMovedUnits { n } => format!("Units whose level changed ({n})"),
        Text::PageUnit => "Unit".into(),
        Text::PageLevelIn { year } => format!("Level in {year}"),
        Text::PageFindingsHeading { n } => format!("Findings by file ({n})"),
        Text::PageNoFile => "Not about a file".into(),
        Text::PagePlace => "Place".into(),
        Text::PageCode => "Code".into(),
        Text::PageMessage => "Message".into(),
        Text::PageAction => "What to do".into(),
        Text::PageNoFindings => "No finding.".into(),
        Text::PageRejectsHeading { n } => format!("Rejected rows ({n})"),
        Text::PageNoRejects => "No row was rejected.".into(),
        Text::PageFile => "File".into(),
        Text::PageSheet => "Sheet".into(),
        Text::PageRow => "Row".into(),
        Text::PageCell => "Cell".into(),
        Text::PageRawValues => "Values as written".into(),
        Text::PageFooter => "Made by egov-etl from the year's snapshot (its Parquet files and report.json).".into(),
        // ------------------------------------------------------------------- cli
        Text::GazetteerUnreadable { error } => format!("cannot read the gazetteer: {error}"),
        Text::ProvinceNotInGazetteer { code } => format!("province {code} is not in the gazetteer"),
        Text::PipelineHasNoYear { pipeline, year } => format!("pipeline {pipeline} has no year {year}"),
        Text::OutIsAFile { path } => format!("{path} is a file, not a folder"),
        Text::CannotWriteOutput { error } => format!("cannot write the output: {error}"),
        Text::AnnexPublished { year, path } => {
            format!("{year}: annexes and report rebuilt → {path}")
        }
        Text::NoSnapshotToPublish { year, dir } => {
            format!("{year} has no snapshot in {dir}: run egov-etl run first")
        }
        Text::PipelineValid { years } => {
            format!("valid ({years} year{})", if *years == 1 { "" } else { "s" })
        }
        Text::YearUnreadable { year, error } => format!("cannot read the files of {year}: {error}"),
        Text::PipelineHasNoSuchYear => "the pipeline has no such year".into(),
        Text::CheckTotals { files, rejected } => format!("{files} files, {rejected} rows rejected"),
        Text::NotEvaluatedUnknown { code, year } => format!(
            "year {year}: not_evaluated names \"{code}\", which is no unit of the province"
        ),
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
    }
}

/// A value audited: "45.00 points" or "88.50 %".
fn value_en(v: f64, percent: bool) -> String {
    if percent {
        format!("{} %", num_en(v))
    } else {
        format!("{} points", num_en(v))
    }
}

/// A cut-off as the pipeline writes it: "54", "50.1".
fn cut_en(x: f64) -> String {
    format!("{}", (x * 1e6).round() / 1e6)
}

/// An interval of cut-offs: "(53.00, 54.00]", "above 53.00", "at or below 75.47".
fn interval_en(i: &crate::core::audit::Interval) -> String {
    match (i.above, i.at_most) {
        (Some(a), Some(b)) => format!("({}, {}]", num_en(a), num_en(b)),
        (Some(a), None) => format!("above {}", num_en(a)),
        (None, Some(b)) => format!("at or below {}", num_en(b)),
        (None, None) => "anywhere".into(),
    }
}
