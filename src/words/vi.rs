//! The catalogue in Vietnamese: every [`Text`] said once, in the sections of `mod.rs`.

#[allow(unused_imports)]
use super::{Text, num_vi};

pub(super) fn say(t: &Text) -> String {
    match t {
        // ------------------------------------------------------------------- pipeline
        // (end of pipeline)

        // ------------------------------------------------------------------- gazetteer
        // (end of gazetteer)

        // ------------------------------------------------------------------- ingest
        Text::SheetHidden => "Trang tính ẩn; đã được đọc".into(),
        Text::NoTable => {
            "Trang tính có nội dung nhưng không có bảng nào có cột tên đơn vị và cột điểm".into()
        }
        // (end of ingest)

        // ------------------------------------------------------------------- layout
        // (end of layout)

        // ------------------------------------------------------------------- normalize
        Text::AmbiguousDistrict { text, candidates } => {
            format!("\"{text}\" ứng với nhiều huyện: {candidates}")
        }
        Text::UnknownDistrictNearest {
            text,
            province,
            nearest,
        } => format!("\"{text}\" không phải là huyện nào của tỉnh {province}; gần nhất: {nearest}"),
        Text::UnknownDistrictNoNearName { text, province } => format!(
            "\"{text}\" không phải là huyện nào của tỉnh {province}; không có tên nào gần giống"
        ),
        Text::PinnedDistrictNotInProvince {
            district_code,
            province,
        } => format!("Cấu hình gán tệp cho huyện {district_code} không thuộc tỉnh {province}"),
        Text::UnitNameReadAs {
            submitted,
            official,
            code,
        } => format!("\"{submitted}\" được đọc là {official} ({code})"),
        Text::CommunesDistrictFrom {
            district,
            code,
            source,
        } => {
            use crate::normalize::DistrictSource;
            let from = match source {
                DistrictSource::Heading => "dòng tiêu đề nhóm",
                DistrictSource::Title => "tiêu đề văn bản",
                DistrictSource::DistrictRow => "dòng của huyện trong tệp",
                DistrictSource::Pin => "cấu hình pipeline",
            };
            format!("Các xã thuộc {district} ({code}): lấy theo {from}")
        }
        Text::HeaderBlocksRow {
            cell,
            label,
            candidates,
        } => {
            let roles: Vec<String> = candidates.iter().map(|r| r.words().vi).collect();
            format!(
                "Không đọc được dòng: tiêu đề cột {cell} \"{label}\" không rõ là {}",
                roles.join(" hay ")
            )
        }
        Text::NoUnitName => "Dòng có điểm nhưng không có tên đơn vị".into(),
        Text::NumberUnreadable { dim, field, error } => {
            use crate::normalize::number::NumError;
            let why = match error {
                NumError::NotANumber(t) => format!("\"{t}\" không phải là số"),
                NumError::TwoSeparators(t) => {
                    format!("\"{t}\" có cả dấu phẩy và dấu chấm, không rõ phần thập phân")
                }
                NumError::ErrorCell(e) => format!("ô báo lỗi {e} thay vì một số"),
                NumError::Date(d) => format!("ô kiểu ngày tháng ({d}) thay vì một số"),
                NumError::Bool(b) => format!(
                    "ô kiểu đúng/sai ({}) thay vì một số",
                    if *b { "ĐÚNG" } else { "SAI" }
                ),
                NumError::TooLong(n) => format!("ô có {n} ký tự, không phải là số"),
                NumError::NotFinite => "giá trị không hữu hạn".to_string(),
            };
            format!("{} ({}): {why}", dim.name_vi(), field.key())
        }
        Text::LevelUnreadable { dim, shown } => format!(
            "{}: \"{shown}\" không phải là mức I, II, III, IV hay Không xếp hạng; dùng mức tính theo bộ quy tắc",
            dim.name_vi()
        ),
        Text::NoDistrictForUnit { submitted } => format!(
            "Không xác định được \"{submitted}\" thuộc huyện nào: không có (hoặc không đọc được) dòng tiêu đề nhóm, tiêu đề văn bản, dòng của huyện hay cấu hình"
        ),
        Text::DistrictCodeNotInGazetteer => "mã huyện lạ".into(),
        Text::CommuneCodeNotInGazetteer => "mã xã lạ".into(),
        Text::AmbiguousCommune {
            submitted,
            candidates,
        } => format!(
            "\"{submitted}\" ứng với nhiều đơn vị: {candidates}; hãy ghi rõ loại (Xã, Phường, Thị trấn)"
        ),
        Text::CommuneOfOtherDistrict {
            submitted,
            code,
            district,
            here,
        } => format!("\"{submitted}\" ({code}) thuộc {district}, không thuộc {here}"),
        Text::UnknownUnitNearest {
            submitted,
            here,
            nearest,
        } => format!("\"{submitted}\" không có trong danh mục của {here}; gần nhất: {nearest}"),
        Text::UnknownUnitNoNearName { submitted, here } => format!(
            "\"{submitted}\" không có trong danh mục của {here}; không có tên nào gần giống"
        ),
        // (end of normalize)

        // ------------------------------------------------------------------- validate
        Text::NoRuleSetForDimension { year, level, dim } => format!(
            "Không có bộ quy tắc năm {year} cho cấp {} ({})",
            level.as_str(),
            dim.name_vi()
        ),
        Text::DimensionMissing { unit, dim } => format!("{unit}: thiếu điểm {}", dim.name_vi()),
        Text::NotApplicableOutOfRange {
            unit,
            dim,
            points,
            max,
        } => format!(
            "{unit}: điểm không áp dụng {} ({}) nằm ngoài 0 – {}",
            num_vi(*points),
            dim.name_vi(),
            num_vi(*max)
        ),
        Text::RawPointsOutOfRange {
            unit,
            dim,
            raw,
            applicable,
        } => format!(
            "{unit}: điểm đạt được {} {} nằm ngoài 0 – {} (điểm tối đa áp dụng)",
            dim.name_vi(),
            num_vi(*raw),
            num_vi(*applicable)
        ),
        Text::ScoreOutOfRange {
            unit,
            dim,
            score,
            max,
        } => format!(
            "{unit}: điểm {} {} nằm ngoài 0 – {}",
            dim.name_vi(),
            num_vi(*score),
            num_vi(*max)
        ),
        Text::PercentOutOfRange { unit, dim, percent } => format!(
            "{unit}: tỷ lệ {} {}% nằm ngoài 0 – 100",
            dim.name_vi(),
            num_vi(*percent)
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
            "{unit}: điểm quy đổi {} ghi {} nhưng {} × {} / {} = {}; giữ nguyên số đã ghi",
            dim.name_vi(),
            num_vi(*written),
            num_vi(*raw),
            num_vi(*max),
            num_vi(*applicable),
            num_vi(*computed)
        ),
        Text::MoreRepeatedRows { unit, more } => {
            format!("{unit}: còn {more} dòng lặp lại khác của đơn vị này (không liệt kê từng dòng)")
        }
        Text::RepeatedSameValues {
            unit,
            count,
            places,
        } => format!("{unit} xuất hiện {count} lần với cùng số liệu ({places}); giữ dòng đầu"),
        Text::RepeatedDifferentValues {
            unit,
            count,
            places,
        } => format!(
            "{unit} xuất hiện {count} lần với số liệu khác nhau ({places}); tất cả các dòng bị loại"
        ),
        Text::DistrictMissing { district, code } => {
            format!("{district} ({code}) không có trong hồ sơ nào được chấp nhận")
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
            format!(
                "{district} ({code}) và {communes} xã của huyện không có trong hồ sơ nào được chấp nhận{named}"
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
            format!("{communes} xã của {district} không có trong hồ sơ nào được chấp nhận{named}")
        }
        // (end of validate)

        // ------------------------------------------------------------------- classify
        Text::AcceptedUnitUnclassified => {
            "Lỗi nội bộ: đơn vị được chấp nhận nhưng không phân loại được".into()
        }
        Text::LevelDisagrees {
            unit,
            dim,
            declared,
            rule_set,
            computed,
            score,
        } => format!(
            "{unit}: mức {} ghi là {declared}, theo bộ quy tắc {rule_set} là {computed} (điểm {})",
            dim.name_vi(),
            num_vi(*score)
        ),
        Text::RankedAboveHigherScore {
            above,
            above_score,
            below,
            below_score,
            ranking,
        } => format!(
            "{above} ({}) xếp trên {below} ({}) dù điểm mức độ đạt được thấp hơn: thứ hạng theo {ranking}",
            num_vi(*above_score),
            num_vi(*below_score)
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
                "Thứ tự các huyện trong bảng khác thứ hạng theo {ranking}: {}",
                moved.join("; ")
            )
        }
        // (end of classify)

        // ------------------------------------------------------------------- compare
        Text::PublishedName {
            written,
            official,
            code,
        } => format!("Quyết định ghi \"{written}\"; tên chính thức (GSO) là {official} ({code})"),
        Text::OnlyInPublished { unit, code } => {
            format!("{unit} ({code}) có trong quyết định nhưng không có trong kết quả tổng hợp")
        }
        Text::NotInPublished { unit, code } => {
            format!("{unit} ({code}) có trong kết quả tổng hợp nhưng không có trong quyết định")
        }
        Text::PublishedScoreDiffers {
            unit,
            dim,
            published,
            computed,
        } => format!(
            "{unit}: quyết định ghi điểm {} {}, hồ sơ là {}",
            dim.name_vi(),
            num_vi(*published),
            num_vi(*computed)
        ),
        Text::PublishedLevelDiffers {
            unit,
            dim,
            published,
            computed,
        } => format!(
            "{unit}: quyết định ghi mức {} {published}, tính theo bộ quy tắc là {computed}",
            dim.name_vi()
        ),
        Text::PublishedRankDiffers { unit, listed, rank } => {
            format!("{unit}: quyết định xếp ở số {listed}, thứ hạng tính được là {rank}")
        }
        Text::PublishedAnnexPositionDiffers {
            unit,
            listed,
            position,
        } => format!(
            "{unit}: quyết định xếp ở số {listed}, thứ tự trong phụ lục tính được là {position}"
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
