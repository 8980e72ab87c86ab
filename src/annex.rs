//! The decision's annexes as a workbook (`phu-luc.xlsx`), laid out as the province issues them:
//! "Phụ lục I" (districts in ranking order, "UBND huyện Cam Lâm") and "Phụ lục II" (communes under
//! one Roman-numeral heading per district, "I. HUYỆN CAM LÂM", STT restarting at 1), each with its
//! title lines and the two-row merged header; scores as numbers ("0.00": Excel shows the locale's
//! decimal comma), levels as text, A4 landscape, header rows repeated, fit to the page's width.
//!
//! Made from the snapshot's `district` and `commune` tables (the same [`OutTable`]s `emit`
//! writes, or read back from their Parquet by `publish`), so a run and a later `publish` give the
//! same bytes. No clock: the document's creation time is fixed (1 January after the year), and
//! the writer's zip entries carry no time, so an unchanged snapshot gives a byte-identical file.
//!
//! The words here are the legal form's, in Vietnamese only (the decision's fixed wording, like
//! the header vocabulary of `ingest`), not messages to the user: they are not in `words/`.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::core::Level;
use crate::emit::OutTable;
use crate::pipeline::Publish;

/// The annexes' file name inside a year's snapshot.
pub const ANNEX_FILE: &str = "phu-luc.xlsx";

/// The sheets' names, as the decision calls its annexes.
pub const SHEETS: [&str; 2] = ["Phụ lục I", "Phụ lục II"];

/// The column labels: first header row (STT and the unit span both rows), second header row.
pub const HEADER_TOP: [&str; 4] = [
    "STT",
    "Cơ quan, đơn vị",
    "MỨC ĐỘ ĐẠT ĐƯỢC",
    "ĐIỀU KIỆN SẴN SÀNG",
];
pub const HEADER_SUB: [&str; 2] = ["Tổng điểm", "Kết quả"];

const TITLES: [&str; 2] = [
    "XẾP HẠNG CHÍNH QUYỀN ĐIỆN TỬ CẤP HUYỆN",
    "XẾP HẠNG CHÍNH QUYỀN ĐIỆN TỬ CẤP XÃ",
];
const ROMAN: [&str; 20] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII", "XVIII", "XIX", "XX",
];
const WIDTHS: [f64; 6] = [6.0, 40.0, 11.0, 16.0, 11.0, 16.0];
/// The first row of the header (0-based): three title lines and a blank row above it.
const HEADER_ROW: u32 = 4;
/// A4 in Excel's paper sizes.
const PAPER_A4: u8 = 9;

/// One row of an annex: its STT, the unit as the decision writes it, both dimensions.
struct Row {
    stt: Option<u32>,
    name: String,
    achieved: (Option<f64>, Option<Level>),
    readiness: (Option<f64>, Option<Level>),
}

/// The formats of the annexes.
struct Formats {
    title: Format,
    subtitle: Format,
    head: Format,
    heading: Format,
    text: Format,
    center: Format,
    score: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(12);
        let cell = base.clone().set_border(FormatBorder::Thin);
        Formats {
            title: base.clone().set_bold().set_align(FormatAlign::Center),
            subtitle: base
                .clone()
                .set_italic()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            head: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            heading: cell.clone().set_bold(),
            text: cell.clone(),
            center: cell.clone().set_align(FormatAlign::Center),
            score: cell.set_align(FormatAlign::Center).set_num_format("0.00"),
        }
    }
}

/// The text at row `i` of a column, empty when null or absent.
fn text_at(t: &OutTable, name: &str, i: usize) -> String {
    t.text(name, i).unwrap_or_default()
}

/// Row `i` of a district or commune table, named by `name`.
fn row_of(t: &OutTable, i: usize, position: &str, name: String) -> Row {
    Row {
        stt: t.unsigned(position, i),
        name,
        achieved: (t.float("achieved_score", i), t.level("achieved_level", i)),
        readiness: (t.float("readiness_score", i), t.level("readiness_level", i)),
    }
}

/// "UBND huyện Cam Lâm": the district as Phụ lục I writes it.
fn district_label(kind: &str, name: &str) -> String {
    format!("UBND {} {}", kind.to_lowercase(), name)
}

/// Phụ lục I: the districts in ranking order (the table's order), STT their rank.
fn districts(t: &OutTable) -> Vec<Row> {
    (0..t.rows())
        .map(|i| {
            let label = district_label(
                &text_at(t, "district_type", i),
                &text_at(t, "district_name", i),
            );
            row_of(t, i, "rank", label)
        })
        .collect()
}

/// Phụ lục II: one group per district in the table's order (the annexes' grouping), headed
/// "I. HUYỆN CAM LÂM", its communes in annex order with their GSO names.
fn communes(t: &OutTable) -> Vec<(String, Vec<Row>)> {
    let mut groups: Vec<(String, String, Vec<Row>)> = Vec::new();
    for i in 0..t.rows() {
        let code = text_at(t, "district_code", i);
        if groups.last().is_none_or(|g| g.0 != code) {
            let n = groups.len();
            // A map without districts: one group, the province's.
            let (kind, name) = if code.is_empty() {
                ("Tỉnh".to_string(), text_at(t, "province_name", i))
            } else {
                (
                    text_at(t, "district_type", i),
                    text_at(t, "district_name", i),
                )
            };
            let heading = format!(
                "{}. {} {}",
                ROMAN
                    .get(n)
                    .map_or_else(|| (n + 1).to_string(), |r| r.to_string()),
                kind.to_uppercase(),
                name.to_uppercase()
            );
            groups.push((code, heading, Vec::new()));
        }
        let name = format!(
            "{} {}",
            text_at(t, "commune_type", i),
            text_at(t, "commune_name", i)
        );
        let row = row_of(t, i, "annex_order", name);
        if let Some(g) = groups.last_mut() {
            g.2.push(row);
        }
    }
    groups.into_iter().map(|(_, h, rows)| (h, rows)).collect()
}

/// The line under the title: the decision's number and date and who issues it, blank
/// placeholders for what the pipeline does not give.
fn issued_by(publish: &Publish, province: &str) -> String {
    let decision = publish.decision.as_deref().unwrap_or("      /QĐ-UBND");
    let date = publish.date.as_deref().unwrap_or("…");
    let authority = publish
        .authority
        .clone()
        .unwrap_or_else(|| format!("Chủ tịch Ủy ban nhân dân tỉnh {province}"));
    format!("(Ban hành kèm theo Quyết định số {decision} ngày {date}\ncủa {authority})")
}

/// Title lines, the two-row merged header, widths and the page setup of one annex sheet.
fn sheet_frame(ws: &mut Worksheet, n: usize, issued: &str, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(SHEETS[n])?;
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.merge_range(0, 0, 0, 5, SHEETS[n], &f.title)?;
    ws.merge_range(1, 0, 1, 5, TITLES[n], &f.title)?;
    ws.merge_range(2, 0, 2, 5, issued, &f.subtitle)?;
    ws.set_row_height(2, 33)?;
    let (r1, r2) = (HEADER_ROW, HEADER_ROW + 1);
    ws.merge_range(r1, 0, r2, 0, HEADER_TOP[0], &f.head)?;
    ws.merge_range(r1, 1, r2, 1, HEADER_TOP[1], &f.head)?;
    ws.merge_range(r1, 2, r1, 3, HEADER_TOP[2], &f.head)?;
    ws.merge_range(r1, 4, r1, 5, HEADER_TOP[3], &f.head)?;
    for c in 0..4u16 {
        ws.write_string_with_format(r2, 2 + c, HEADER_SUB[c as usize % 2], &f.head)?;
    }
    ws.set_paper_size(PAPER_A4);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_repeat_rows(r1, r2)?;
    Ok(())
}

/// One unit's row.
fn write_row(ws: &mut Worksheet, r: u32, row: &Row, f: &Formats) -> Result<(), XlsxError> {
    match row.stt {
        Some(n) => ws.write_number_with_format(r, 0, n, &f.center)?,
        None => ws.write_blank(r, 0, &f.center)?,
    };
    ws.write_string_with_format(r, 1, &row.name, &f.text)?;
    for (c, (score, level)) in [(2u16, row.achieved), (4, row.readiness)] {
        match score {
            Some(s) => ws.write_number_with_format(r, c, s, &f.score)?,
            None => ws.write_blank(r, c, &f.score)?,
        };
        match level {
            Some(l) => ws.write_string_with_format(r, c + 1, l.as_str(), &f.center)?,
            None => ws.write_blank(r, c + 1, &f.center)?,
        };
    }
    Ok(())
}

/// `phu-luc.xlsx` of a year from its district and commune tables, with the title lines of
/// `publish`.
pub fn workbook(
    district: &OutTable,
    commune: &OutTable,
    publish: &Publish,
    year: i32,
) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let province = [district, commune]
        .iter()
        .map(|t| text_at(t, "province_name", 0))
        .find(|p| !p.is_empty())
        .unwrap_or_default();
    let issued = issued_by(publish, &province);
    let mut wb = Workbook::new();
    // Deflate level 4 rather than zlib's 6: on a 300,000-commune year the file is 3.6 % larger
    // and its compression, the last thing a snapshot waits for, ~40 % shorter.
    wb.set_zip_compression_level(4);
    let created = ExcelDateTime::from_ymd(u16::try_from(year + 1).unwrap_or(2000), 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));

    // Constant-memory sheets: each row goes to a temporary file once the next begins (rows are
    // written in order), so a year of 300,000 communes does not hold every cell, then all of the
    // sheet's XML, in memory (~330 MB).
    let ws = wb.add_worksheet_with_constant_memory()?;
    sheet_frame(ws, 0, &issued, &f)?;
    for (i, row) in districts(district).iter().enumerate() {
        write_row(ws, HEADER_ROW + 2 + i as u32, row, &f)?;
    }

    let ws = wb.add_worksheet_with_constant_memory()?;
    sheet_frame(ws, 1, &issued, &f)?;
    let mut r = HEADER_ROW + 2;
    for (heading, rows) in communes(commune) {
        ws.merge_range(r, 0, r, 5, &heading, &f.heading)?;
        r += 1;
        for row in &rows {
            write_row(ws, r, row, &f)?;
            r += 1;
        }
    }
    wb.save_to_buffer()
}
