//! Rendering of findings: the human line a clerk reads, and the JSON form of `report.json`.

use serde_json::{Value, json};

use super::{Finding, Lang};

/// `'Cap xa'!F17  error[score-out-of-range]  message` (the file is printed by the caller's heading
/// when `with_file` is false).
pub fn human_line(f: &Finding, lang: Lang, with_file: bool) -> String {
    let mut place = f.location.place(lang);
    if with_file && let Some(file) = &f.location.file {
        place = if place.is_empty() {
            file.clone()
        } else {
            format!("{file}: {place}")
        };
    }
    if place.is_empty()
        && let Some(unit) = &f.location.unit
    {
        place = format!("[{unit}]");
    }
    let sev = match (lang, f.severity()) {
        (Lang::Vi, super::Severity::Error) => "lỗi",
        (Lang::Vi, super::Severity::Warning) => "cảnh báo",
        (Lang::Vi, super::Severity::Info) => "ghi nhận",
        (Lang::En, s) => s.as_str(),
    };
    format!(
        "{place}  {sev}[{}]  {}",
        f.code.as_str(),
        f.message.get(lang)
    )
}

/// The JSON object of one finding in `report.json`.
pub fn finding_json(f: &Finding) -> Value {
    json!({
        "code": f.code.as_str(),
        "severity": f.severity().as_str(),
        "file": f.location.file,
        "sheet": f.location.sheet,
        "cell": f.location.cell.map(|c| c.to_string()),
        "line": f.location.line,
        "unit": f.location.unit,
        "district": f.location.district,
        "units": f.units,
        "message_vi": &*f.message.vi,
        "message_en": &*f.message.en,
    })
}
