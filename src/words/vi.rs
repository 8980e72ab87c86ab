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
        // (end of run)

        // ------------------------------------------------------------------- emit
        // (end of emit)

        // ------------------------------------------------------------------- cli
        // (end of cli)
    }
}
