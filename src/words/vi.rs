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
        // (end of run)

        // ------------------------------------------------------------------- emit
        // (end of emit)

        // ------------------------------------------------------------------- cli
        // (end of cli)
    }
}
