//! The catalogue in Vietnamese: every [`Text`] said once, in the sections of `mod.rs`.

#[allow(unused_imports)]
use super::{Text, num_vi};

pub(super) fn say(t: &Text) -> String {
    match t {
        // ------------------------------------------------------------------- pipeline
        Text::ConfigAtLine { line, problem } => {
            format!("Tệp cấu hình sai, dòng {line}: {}", say(problem))
        }
        Text::PipelineUnreadable { error } => format!("Không đọc được tệp cấu hình: {error}"),
        Text::PipelineSyntax { message } => message.clone(),
        Text::ProvinceCodeInvalid { given } => {
            format!("mã tỉnh phải là mã GSO 2 chữ số, không phải {given:?}")
        }
        Text::RankingKeysEmpty => "ranking.districts rỗng: cần ít nhất một khóa".into(),
        Text::RankingKeyUnknown { key } => format!("khóa xếp hạng không hợp lệ {key:?}"),
        Text::PipelineWithoutYear => "cấu hình không có [[year]] nào".into(),
        Text::YearNotEvaluationYear { year } => {
            format!("năm {year} không phải năm đánh giá (2000-2100)")
        }
        Text::YearListedTwice { year } => format!("năm {year} bị khai hai lần"),
        Text::RawFolderMissing { path } => {
            format!("thư mục dữ liệu {} không tồn tại", path.display())
        }
        Text::PublishedFileMissing { path } => {
            format!("tệp quyết định đã công bố {} không tồn tại", path.display())
        }
        Text::ScopeEmpty => "scope rỗng: cần \"district\", \"commune\" hoặc cả hai".into(),
        Text::ScopeLevelUnknown { given } => {
            format!("phạm vi không hợp lệ {given:?} (district, commune)")
        }
        Text::RuleSetLevelUnknown { given } => format!("cấp đơn vị không hợp lệ {given:?}"),
        Text::RuleSetDimensionUnknown { given } => format!("tiêu chí không hợp lệ {given:?}"),
        Text::CutoffUnitUnknown { given } => format!("đơn vị ngưỡng không hợp lệ {given:?}"),
        Text::RuleStatusUnknown { given } => format!("trạng thái không hợp lệ {given:?}"),
        Text::CutoffLevelUnknown { given } => {
            format!("mức không hợp lệ {given:?} trong ngưỡng (I, II, III, IV)")
        }
        Text::CutoffsIncomplete => "ngưỡng phải có đủ I, II, III và IV".into(),
        Text::RuleSetTwice { .. } => "trùng bộ quy tắc".into(),
        Text::RuleSetRefused { error } => format!("bộ quy tắc không hợp lệ: {error}"),
        Text::YearWithoutRuleSet { year } => format!("năm {year} không có bộ quy tắc"),
        // (end of pipeline)

        // ------------------------------------------------------------------- gazetteer
        // (end of gazetteer)

        // ------------------------------------------------------------------- ingest
        Text::SheetHidden => "Trang tính ẩn; đã được đọc".into(),
        Text::NoTable => {
            "Trang tính có nội dung nhưng không có bảng nào có cột tên đơn vị và cột điểm".into()
        }
        Text::RoleWords { role } => {
            use crate::ingest::{Field, Role};
            match role {
                Role::RowNumber => "số thứ tự".into(),
                Role::Unit => "tên đơn vị".into(),
                Role::Dim(d, f) => {
                    let words = match f {
                        Field::Score => "điểm",
                        Field::Level => "mức xếp hạng",
                        Field::Maximum => "điểm tối đa",
                        Field::NotApplicable => "điểm không áp dụng",
                        Field::ApplicableMax => "điểm tối đa áp dụng",
                        Field::RawPoints => "điểm đạt được (chưa quy đổi)",
                        Field::Percent => "tỷ lệ (%)",
                        Field::Converted => "điểm quy đổi",
                    };
                    format!("{words} {}", d.name_vi().to_lowercase())
                }
            }
        }
        Text::FileCannotOpen { error } => format!("Không mở được tệp: {error}"),
        Text::FileCannotRead { error } => format!("Không đọc được tệp: {error}"),
        Text::FileTooLarge { bytes, limit } => {
            format!("Tệp có {bytes} byte, vượt giới hạn {limit} byte")
        }
        Text::FileEmpty => "Tệp rỗng (0 byte)".into(),
        Text::FileEncrypted => {
            "Tệp được bảo vệ bằng mật khẩu; hãy gửi bản không đặt mật khẩu".into()
        }
        Text::ReaderFailed => "Tệp bảng tính bị hỏng: bộ đọc không đọc được tệp này".into(),
        Text::XlsMalformed => "Tệp .xls bị hỏng: cấu trúc tệp OLE không hợp lệ".into(),
        Text::XlsSheetTooLarge { extent, limit } => format!(
            "Một trang tính của tệp .xls trải trên {extent}, vượt giới hạn {limit} ô; tệp không được đọc"
        ),
        Text::UnpackedTooLarge { bytes, limit } => {
            format!("Nội dung giải nén của tệp là {bytes} byte, vượt giới hạn {limit} byte")
        }
        Text::ZipWithoutWorkbook => "Tệp nén zip nhưng không chứa bảng tính Excel/ODS".into(),
        Text::NotAWorkbook => "Không phải tệp bảng tính Excel (.xlsx, .xls) hay OpenDocument (.ods): có thể là tệp văn bản, PDF hoặc tệp bị hỏng".into(),
        Text::WorkbookDamaged { error } => {
            format!("Tệp bảng tính bị hỏng, không đọc được: {error}")
        }
        Text::SheetUnreadable { error } => format!("Không đọc được trang tính: {error}"),
        Text::SheetTooLarge { extent, limit } => {
            format!("Trang tính quá lớn ({extent}), vượt giới hạn {limit} ô; không đọc")
        }
        Text::CellTooLong { chars, limit } => {
            format!("Ô có {chars} ký tự, vượt giới hạn {limit} ký tự")
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
