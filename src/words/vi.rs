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
        // (end of normalize)

        // ------------------------------------------------------------------- validate
        // (end of validate)

        // ------------------------------------------------------------------- classify
        // (end of classify)

        // ------------------------------------------------------------------- compare
        // (end of compare)

        // ------------------------------------------------------------------- run, report
        Text::FileNotWorkbook => "Không phải bảng tính (theo phần mở rộng: tệp khác, thư mục con) hoặc là tệp khóa của Excel; không đọc".into(),
        Text::FolderNamedLikeWorkbook => "Đây là một thư mục mang tên bảng tính, không phải tệp".into(),
        Text::InternalTally { read, accepted, rejected, passed_over } => format!(
            "Lỗi nội bộ: {read} dòng đọc ≠ {accepted} chấp nhận + {rejected} loại + {passed_over} bỏ qua"
        ),
        Text::YearUpToDate { year, out_dir } => format!(
            "Năm {year}: dữ liệu vào và cấu hình không đổi, giữ nguyên {out_dir} (dùng --force để chạy lại)"
        ),
        Text::FileSkippedTally => "bỏ qua (không phải bảng tính)".into(),
        Text::FileRejectedTally => "TỆP BỊ LOẠI".into(),
        Text::FileTally { read, accepted, rejected, passed_over, warnings } => format!(
            "{read} dòng đọc, {accepted} chấp nhận, {rejected} bị loại, {passed_over} bỏ qua, {warnings} cảnh báo"
        ),
        Text::MoreProblemsInReport { n } => format!("và {n} vấn đề khác trong report.json"),
        Text::MoreItemsInReport { n } => format!("và {n} mục khác trong report.json"),
        Text::ProvinceWideHeading => "Đối chiếu và toàn tỉnh:".into(),
        Text::PublishedComparison { published, matched, levels_equal, levels_compared, scores_equal, order_equal } => format!(
            "Đối chiếu quyết định: {published} đơn vị, {matched} khớp; mức {levels_equal}/{levels_compared} trùng; điểm {scores_equal} trùng; thứ tự {order_equal} trùng"
        ),
        Text::NotWrittenDryRun => "(không ghi: --dry-run)".into(),
        Text::YearTotals { year, districts, communes, rejected, errors, warnings, dest } => format!(
            "Năm {year}: {districts} huyện, {communes} xã, {rejected} dòng bị loại, {errors} lỗi, {warnings} cảnh báo → {dest}"
        ),
        Text::InternalRunError { error } => format!("Lỗi nội bộ: {error}"),
        // (end of run)

        // ------------------------------------------------------------------- emit
        // (end of emit)

        // ------------------------------------------------------------------- cli
        Text::GazetteerUnreadable { error } => format!("không đọc được danh mục đơn vị: {error}"),
        Text::ProvinceNotInGazetteer { code } => format!("mã tỉnh {code} không có trong danh mục"),
        Text::PipelineHasNoYear { pipeline, year } => format!("Pipeline {pipeline} không có năm {year}"),
        Text::OutIsAFile { path } => format!("{path} là một tệp, không phải thư mục"),
        Text::CannotWriteOutput { error } => format!("Không ghi được kết quả: {error}"),
        Text::PipelineValid { years } => format!("hợp lệ ({years} năm)"),
        Text::PipelineHasNoSuchYear => "Pipeline không có năm này".into(),
        Text::CheckTotals { files, rejected } => format!("{files} tệp, {rejected} dòng bị loại"),
        Text::InspectTitleDistrict { text, place } => {
            format!("tiêu đề ghi tên huyện: \"{text}\" ({place})")
        }
        Text::InspectSheet { name, hidden, rows, passed } => {
            let hidden = if *hidden { " (ẩn)" } else { "" };
            let passed = if passed.is_empty() { "không có".to_string() } else { passed.join(", ") };
            format!("trang '{name}'{hidden}: {rows} dòng; bỏ qua: {passed}")
        }
        Text::InspectTable { header_rows, rows } => {
            format!("bảng: dòng tiêu đề {header_rows}, {rows} dòng số liệu")
        }
        Text::InspectInDoubt => "không rõ, không đọc".into(),
        Text::InspectGroupHeadings { list } => format!("dòng tiêu đề nhóm: {list}"),
        Text::UnitsNotFound { query } => format!("Không tìm thấy \"{query}\""),
        Text::UnitsMore { n } => format!("… và {n} kết quả khác (--limit)"),
        // (end of cli)
    }
}
