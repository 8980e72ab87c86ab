//! Generates realistic raw e-government evaluation submissions for 2020
//! (Khánh Hòa) from the transcribed decision fixture.
//!
//! Run from the crate root:
//!
//! ```text
//! cargo run --example make_raw_2020
//! ```
//!
//! Reads  `tests/fixtures/decision-2020.csv` (transcription of Decision
//! 644/QĐ-UBND of 15/3/2021) and writes
//!
//! * `raw/2020/*.xlsx` — one messy submission workbook per district (8 files),
//!   each with its own layout quirks (see `tests/fixtures/README.md`);
//! * `raw/published/2020-qd644-phu-luc.xlsx` — the decision's two annexes as
//!   printed, used by the pipeline as the reference to compare against.
//!
//! Output is deterministic: every workbook gets a fixed creation datetime and
//! rust_xlsxwriter writes fixed zip timestamps, so reruns produce identical
//! bytes.
//!
//! This example deliberately uses only `std` and `rust_xlsxwriter` (not the
//! `egov_etl` crate), so the fixture generator is independent of the reader it
//! is meant to exercise.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};
use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

type Res<T> = Result<T, Box<dyn Error>>;

// ---------------------------------------------------------------------------
// Fixture loading
// ---------------------------------------------------------------------------

/// One row of `decision-2020.csv`.
#[derive(Clone, Debug)]
struct Unit {
    annex: String,
    district_code: String,
    order: u32,
    unit_type: String,
    /// Name as printed in the decision (without type word).
    name: String,
    /// Achieved score as printed, with a decimal point ("87.10").
    a: String,
    a_num: f64,
    /// Achieved level as printed (I..IV, "Không xếp hạng").
    al: String,
    r: String,
    r_num: f64,
    rl: String,
}

impl Unit {
    /// "Xã Cam An Bắc", "Thị trấn Cam Đức" — type word + published name.
    fn full(&self) -> String {
        format!("{} {}", self.unit_type, self.name)
    }
    /// "UBND huyện Cam Lâm", as in annex I.
    fn ubnd(&self) -> String {
        format!("UBND {} {}", self.unit_type.to_lowercase(), self.name)
    }
}

/// Minimal RFC 4180 CSV parser (quoted fields, doubled quotes, CRLF).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => in_quotes = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

struct Data {
    units: Vec<Unit>,
}

impl Data {
    fn load(path: &Path) -> Res<Data> {
        let text =
            fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let rows = parse_csv(&text);
        let header = rows.first().ok_or("empty fixture")?;
        let expected = "annex,district_code,order,unit_type,name_published,official_name,code,\
                        achieved_score,achieved_level,readiness_score,readiness_level";
        if header.join(",") != expected {
            return Err(format!("unexpected header: {}", header.join(",")).into());
        }
        let mut units = Vec::new();
        for (i, f) in rows.iter().enumerate().skip(1) {
            if f.len() == 1 && f[0].is_empty() {
                continue;
            }
            if f.len() != 11 {
                return Err(format!("line {}: {} fields", i + 1, f.len()).into());
            }
            let bad = |what: &str| format!("line {}: bad {what}", i + 1);
            units.push(Unit {
                annex: f[0].clone(),
                district_code: f[1].clone(),
                order: f[2].parse().map_err(|_| bad("order"))?,
                unit_type: f[3].clone(),
                name: f[4].clone(),
                a: f[7].clone(),
                a_num: f[7].parse().map_err(|_| bad("achieved_score"))?,
                al: f[8].clone(),
                r: f[9].clone(),
                r_num: f[9].parse().map_err(|_| bad("readiness_score"))?,
                rl: f[10].clone(),
            });
        }
        let n1 = units.iter().filter(|u| u.annex == "I").count();
        let n2 = units.iter().filter(|u| u.annex == "II").count();
        if n1 != 8 || n2 != 136 {
            return Err(format!("expected 8 + 136 rows, got {n1} + {n2}").into());
        }
        Ok(Data { units })
    }

    /// Annex I rows in published order.
    fn districts(&self) -> Vec<&Unit> {
        self.units.iter().filter(|u| u.annex == "I").collect()
    }

    fn district(&self, name: &str) -> Res<&Unit> {
        self.units
            .iter()
            .find(|u| u.annex == "I" && u.name == name)
            .ok_or_else(|| format!("district {name} not in fixture").into())
    }

    /// Annex II rows of one district, in published order.
    fn communes(&self, district: &Unit) -> Vec<&Unit> {
        self.units
            .iter()
            .filter(|u| u.annex == "II" && u.district_code == district.district_code)
            .collect()
    }

    /// District codes in the order their groups appear in annex II.
    fn group_order(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for u in self.units.iter().filter(|u| u.annex == "II") {
            if !out.contains(&u.district_code) {
                out.push(u.district_code.clone());
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Value styles
// ---------------------------------------------------------------------------

/// "22.20" -> "22,20" (printed digits kept, decimal comma).
fn comma(s: &str) -> String {
    s.replace('.', ",")
}

/// Numeric rank of a printed level; `None` for "Không xếp hạng".
fn rank(level: &str) -> Option<u8> {
    match level {
        "I" => Some(1),
        "II" => Some(2),
        "III" => Some(3),
        "IV" => Some(4),
        _ => None,
    }
}

const ROMAN: [&str; 9] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII"];

#[derive(Clone, Copy)]
enum Lv {
    /// As printed: "I", "Không xếp hạng".
    Printed,
    /// "Mức II"; unranked -> "KXH".
    MucRoman,
    /// "Mức 3"; unranked -> "KXH".
    MucArabic,
    /// "mức độ 4"; unranked -> "KXH".
    MucDo,
    /// "1".."4"; unranked -> "KXH".
    Arabic,
}

fn level(printed: &str, style: Lv) -> String {
    match (rank(printed), style) {
        (_, Lv::Printed) => printed.to_string(),
        (None, _) => "KXH".to_string(),
        (Some(n), Lv::MucRoman) => format!("Mức {}", ROMAN[n as usize]),
        (Some(n), Lv::MucArabic) => format!("Mức {n}"),
        (Some(n), Lv::MucDo) => format!("mức độ {n}"),
        (Some(n), Lv::Arabic) => n.to_string(),
    }
}

/// Canonical decomposition (NFD) for the precomposed Vietnamese letters.
///
/// Rust's std has no Unicode normalisation, and this example must not depend
/// on anything but rust_xlsxwriter, so the decomposition is built from the
/// vowel families below: each family lists a vowel (with its quality mark)
/// followed by its five tone forms in the order grave, acute, hook above,
/// tilde, dot below. Combining marks are emitted in canonical order
/// (horn U+031B ccc 216 < dot below U+0323 ccc 220 < the others ccc 230),
/// which is exactly what Unicode NFD produces for these letters.
/// "đ"/"Đ" have no decomposition and pass through unchanged.
fn nfd(s: &str) -> String {
    const FAMILIES: [(&str, &str); 12] = [
        ("aàáảãạ", ""),
        ("ăằắẳẵặ", "\u{306}"),
        ("âầấẩẫậ", "\u{302}"),
        ("eèéẻẽẹ", ""),
        ("êềếểễệ", "\u{302}"),
        ("iìíỉĩị", ""),
        ("oòóỏõọ", ""),
        ("ôồốổỗộ", "\u{302}"),
        ("ơờớởỡợ", "\u{31b}"),
        ("uùúủũụ", ""),
        ("ưừứửữự", "\u{31b}"),
        ("yỳýỷỹỵ", ""),
    ];
    const TONES: [&str; 6] = ["", "\u{300}", "\u{301}", "\u{309}", "\u{303}", "\u{323}"];
    fn ccc(c: char) -> u8 {
        match c {
            '\u{31b}' => 216,
            '\u{323}' => 220,
            _ => 230,
        }
    }
    let mut out = String::new();
    'chars: for ch in s.chars() {
        for (family, quality) in FAMILIES {
            let upper = family.to_uppercase();
            for fam in [family, upper.as_str()] {
                if let Some(idx) = fam.chars().position(|c| c == ch) {
                    let base = fam.chars().next().unwrap_or(ch);
                    // The family's first letter is itself precomposed for
                    // ă/â/ê/ô/ơ/ư; its ASCII base is the plain vowel.
                    let plain = match base.to_lowercase().next().unwrap_or(base) {
                        'ă' | 'â' => 'a',
                        'ê' => 'e',
                        'ô' | 'ơ' => 'o',
                        'ư' => 'u',
                        other => other,
                    };
                    let plain = if base.is_uppercase() {
                        plain.to_ascii_uppercase()
                    } else {
                        plain
                    };
                    if idx == 0 && quality.is_empty() {
                        out.push(ch);
                        continue 'chars;
                    }
                    let mut marks: Vec<char> = quality.chars().chain(TONES[idx].chars()).collect();
                    marks.sort_by_key(|&m| ccc(m)); // stable
                    out.push(plain);
                    out.extend(marks);
                    continue 'chars;
                }
            }
        }
        out.push(ch);
    }
    out
}

/// The next representable f64 above `v`: 27.93 -> 27.930000000000003.
/// Mimics binary float noise left behind by spreadsheet arithmetic.
fn noisy(v: f64) -> f64 {
    f64::from_bits(v.to_bits() + 1)
}

// ---------------------------------------------------------------------------
// Workbook helpers
// ---------------------------------------------------------------------------

struct Fmts {
    /// Bold centred title line.
    title: Format,
    /// Italic centred sub-title / date line.
    italic: Format,
    /// Plain bold left-aligned text.
    bold: Format,
    /// Table header cell.
    head: Format,
    /// Bordered text cell.
    cell: Format,
    /// Bordered bold text cell (district row, group headings).
    cell_bold: Format,
    /// Bordered centred text cell (STT, levels, text scores).
    cell_c: Format,
    /// Bordered numeric cell, shown with two decimals.
    num2: Format,
    /// Bordered numeric cell, general format.
    num: Format,
    /// Bordered percentage cell.
    pct: Format,
    /// No formatting.
    plain: Format,
}

impl Fmts {
    fn new() -> Fmts {
        let base = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(12);
        let cell = base.clone().set_border(FormatBorder::Thin);
        Fmts {
            title: base.clone().set_bold().set_align(FormatAlign::Center),
            italic: base.clone().set_italic().set_align(FormatAlign::Center),
            bold: base.clone().set_bold(),
            head: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            cell_bold: cell.clone().set_bold(),
            cell_c: cell.clone().set_align(FormatAlign::Center),
            num2: cell.clone().set_num_format("0.00"),
            num: cell.clone(),
            pct: cell.clone().set_num_format("0.00%"),
            cell,
            plain: base,
        }
    }
}

fn new_book(y: u16, mo: u8, d: u8, h: u16, mi: u8) -> Res<Workbook> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(y, mo, d)?.and_hms(h, mi, 0)?;
    let props = DocProperties::new()
        .set_creation_datetime(&created)
        .set_author("Phòng Văn hóa và Thông tin");
    wb.set_properties(&props);
    Ok(wb)
}

fn sheet(name: &str) -> Res<Worksheet> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    Ok(ws)
}

fn put(ws: &mut Worksheet, r: u32, c: u16, s: &str, f: &Format) -> Res<()> {
    ws.write_string_with_format(r, c, s, f)?;
    Ok(())
}

fn putn(ws: &mut Worksheet, r: u32, c: u16, v: f64, f: &Format) -> Res<()> {
    ws.write_number_with_format(r, c, v, f)?;
    Ok(())
}

fn merge(ws: &mut Worksheet, r1: u32, c1: u16, r2: u32, c2: u16, s: &str, f: &Format) -> Res<()> {
    ws.merge_range(r1, c1, r2, c2, s, f)?;
    Ok(())
}

/// Blank bordered cells so an empty STT still looks like part of the table.
fn blanks(ws: &mut Worksheet, r: u32, cols: std::ops::Range<u16>, f: &Format) -> Res<()> {
    for c in cols {
        ws.write_blank(r, c, f)?;
    }
    Ok(())
}

fn widths(ws: &mut Worksheet, w: &[f64]) -> Res<()> {
    for (i, &x) in w.iter().enumerate() {
        ws.set_column_width(i as u16, x)?;
    }
    Ok(())
}

/// Writes a one-row header; returns the next row.
fn header_row(ws: &mut Worksheet, r: u32, labels: &[&str], f: &Fmts) -> Res<u32> {
    for (c, l) in labels.iter().enumerate() {
        put(ws, r, c as u16, l, &f.head)?;
    }
    Ok(r + 1)
}

/// Writes lines in column A starting at `r`; returns the next row.
fn lines(ws: &mut Worksheet, r: u32, texts: &[&str], f: &Format) -> Res<u32> {
    for (i, t) in texts.iter().enumerate() {
        put(ws, r + i as u32, 0, t, f)?;
    }
    Ok(r + texts.len() as u32)
}

/// Signature block typical of a district report: preparer on the left,
/// signer on the right. Returns the next row.
#[allow(clippy::too_many_arguments)]
fn signatures(
    ws: &mut Worksheet,
    r: u32,
    left_col: u16,
    right_col: u16,
    preparer: &str,
    signer_title: &[&str],
    signer: &str,
    f: &Fmts,
) -> Res<u32> {
    put(ws, r, left_col, "Người lập biểu", &f.title)?;
    for (i, t) in signer_title.iter().enumerate() {
        put(ws, r + i as u32, right_col, t, &f.title)?;
    }
    let r = r + signer_title.len().max(1) as u32 + 3;
    put(ws, r, left_col, preparer, &f.title)?;
    put(ws, r, right_col, signer, &f.title)?;
    Ok(r + 1)
}

// ---------------------------------------------------------------------------
// a. Cam Lâm
// ---------------------------------------------------------------------------

/// Title rows (side-by-side national motto), two-row merged header, district
/// row on top of the commune table without STT + sub-heading row, scores as
/// text with decimal commas, levels as printed, notes and signatures below.
fn cam_lam(d: &Data, f: &Fmts, dir: &Path) -> Res<()> {
    let dist = d.district("Cam Lâm")?;
    let mut wb = new_book(2021, 1, 18, 9, 15)?;
    let mut ws = sheet("Tong hop")?;
    widths(&mut ws, &[6.0, 30.0, 11.0, 16.0, 11.0, 16.0])?;
    merge(
        &mut ws,
        0,
        0,
        0,
        1,
        "ỦY BAN NHÂN DÂN HUYỆN CAM LÂM",
        &f.title,
    )?;
    merge(
        &mut ws,
        0,
        2,
        0,
        5,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        &f.title,
    )?;
    merge(&mut ws, 1, 2, 1, 5, "Độc lập - Tự do - Hạnh phúc", &f.title)?;
    merge(
        &mut ws,
        3,
        2,
        3,
        5,
        "Cam Lâm, ngày 18 tháng 01 năm 2021",
        &f.italic,
    )?;
    let title = "BIỂU TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ MỨC ĐỘ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020";
    merge(&mut ws, 5, 0, 5, 5, title, &f.title)?;
    merge(
        &mut ws,
        6,
        0,
        6,
        5,
        "(Kèm theo Báo cáo số      /BC-UBND ngày    /01/2021 của UBND huyện Cam Lâm)",
        &f.italic,
    )?;
    // Two-row header, row 8-9.
    merge(&mut ws, 8, 0, 9, 0, "STT", &f.head)?;
    merge(&mut ws, 8, 1, 9, 1, "Tên đơn vị", &f.head)?;
    merge(&mut ws, 8, 2, 8, 3, "MỨC ĐỘ ĐẠT ĐƯỢC", &f.head)?;
    merge(&mut ws, 8, 4, 8, 5, "ĐIỀU KIỆN SẴN SÀNG", &f.head)?;
    for (c, l) in ["Tổng\nđiểm", "Kết quả", "Tổng\nđiểm", "Kết quả"]
        .iter()
        .enumerate()
    {
        put(&mut ws, 9, 2 + c as u16, l, &f.head)?;
    }
    let mut r = 10;
    let row = |ws: &mut Worksheet,
               r: u32,
               stt: Option<u32>,
               name: &str,
               u: &Unit,
               nf: &Format|
     -> Res<()> {
        match stt {
            Some(n) => putn(ws, r, 0, n as f64, &f.cell_c)?,
            None => blanks(ws, r, 0..1, &f.cell)?,
        }
        put(ws, r, 1, name, nf)?;
        put(ws, r, 2, &comma(&u.a), &f.cell_c)?;
        put(ws, r, 3, &level(&u.al, Lv::Printed), &f.cell_c)?;
        put(ws, r, 4, &comma(&u.r), &f.cell_c)?;
        put(ws, r, 5, &level(&u.rl, Lv::Printed), &f.cell_c)?;
        Ok(())
    };
    row(&mut ws, r, None, &dist.ubnd(), dist, &f.cell_bold)?;
    r += 1;
    blanks(&mut ws, r, 0..6, &f.cell)?;
    put(&mut ws, r, 1, "Các xã, thị trấn", &f.cell_bold)?;
    r += 1;
    for (i, u) in d.communes(dist).into_iter().enumerate() {
        row(&mut ws, r, Some(i as u32 + 1), &u.full(), u, &f.cell)?;
        r += 1;
    }
    r += 1;
    r = lines(
        &mut ws,
        r,
        &[
            "Ghi chú: - Điểm tối đa mức độ đạt được: cấp huyện 100 điểm, cấp xã 60 điểm; \
             điều kiện sẵn sàng: cấp huyện 50 điểm, cấp xã 30 điểm.",
            "              - Đơn vị chưa đủ điều kiện xếp hạng ghi \"Không xếp hạng\".",
        ],
        &f.plain,
    )?;
    r += 1;
    r = signatures(
        &mut ws,
        r,
        1,
        4,
        "Phạm Thị Thu Hà",
        &["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        "Nguyễn Văn Tuấn",
        f,
    )?;
    r += 1;
    lines(
        &mut ws,
        r,
        &[
            "Nơi nhận:",
            "- Sở Thông tin và Truyền thông;",
            "- Lưu: VT, VHTT.",
        ],
        &f.plain,
    )?;
    wb.push_worksheet(ws);
    wb.save(dir.join("Cam Lam - CQDT 2020 (ban chinh thuc).xlsx"))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// b. Diên Khánh
// ---------------------------------------------------------------------------

/// One-row upper-case header with READINESS before ACHIEVED, numeric cells,
/// no level columns, district row on top without STT. Keeps "Diên Đông".
fn dien_khanh(d: &Data, f: &Fmts, dir: &Path) -> Res<()> {
    let dist = d.district("Diên Khánh")?;
    let mut wb = new_book(2021, 1, 21, 14, 2)?;
    let mut ws = sheet("Sheet1")?;
    widths(&mut ws, &[6.0, 28.0, 18.0, 18.0])?;
    put(
        &mut ws,
        0,
        0,
        "KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020 - HUYỆN DIÊN KHÁNH",
        &f.bold,
    )?;
    let mut r = header_row(
        &mut ws,
        2,
        &[
            "TT",
            "ĐƠN VỊ",
            "ĐIỂM ĐIỀU KIỆN SẴN SÀNG",
            "ĐIỂM MỨC ĐỘ ĐẠT ĐƯỢC",
        ],
        f,
    )?;
    blanks(&mut ws, r, 0..1, &f.cell)?;
    put(&mut ws, r, 1, &dist.full(), &f.cell_bold)?;
    putn(&mut ws, r, 2, dist.r_num, &f.num2)?;
    putn(&mut ws, r, 3, dist.a_num, &f.num2)?;
    r += 1;
    for (i, u) in d.communes(dist).into_iter().enumerate() {
        putn(&mut ws, r, 0, i as f64 + 1.0, &f.cell_c)?;
        put(&mut ws, r, 1, &u.full(), &f.cell)?;
        putn(&mut ws, r, 2, u.r_num, &f.num2)?;
        putn(&mut ws, r, 3, u.a_num, &f.num2)?;
        r += 1;
    }
    wb.push_worksheet(ws);
    wb.save(dir.join("DienKhanh_ket qua danh gia CQDT.xlsx"))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// c. Khánh Sơn
// ---------------------------------------------------------------------------

/// One table per dimension on sheet "Ket qua", stacked, each under its own
/// numbered title, each sorted by its own score (descending, ties in
/// published order) with its own STT. The district row ("Huyện Khánh Sơn",
/// no STT) heads each table, so both of its scores are present. All names in
/// Unicode NFD. Numeric cells; levels "Mức II" / "KXH".
fn khanh_son(d: &Data, f: &Fmts, dir: &Path) -> Res<()> {
    let dist = d.district("Khánh Sơn")?;
    let mut wb = new_book(2021, 1, 22, 10, 40)?;
    let mut ws = sheet("Ket qua")?;
    widths(&mut ws, &[6.0, 28.0, 12.0, 16.0])?;
    put(&mut ws, 0, 0, "UBND HUYỆN KHÁNH SƠN", &f.bold)?;
    merge(
        &mut ws,
        1,
        0,
        1,
        3,
        "KẾT QUẢ TỰ ĐÁNH GIÁ MỨC ĐỘ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020",
        &f.title,
    )?;
    let mut r = 3;
    type Pick = fn(&Unit) -> (f64, &str);
    let dims: [(&str, Pick); 2] = [
        ("1. Mức độ đạt được", |u| {
            (u.a_num, u.al.as_str())
        }),
        ("2. Điều kiện sẵn sàng", |u| {
            (u.r_num, u.rl.as_str())
        }),
    ];
    for (k, (title, pick)) in dims.iter().enumerate() {
        if k > 0 {
            r += 2; // two blank rows between the tables
        }
        put(&mut ws, r, 0, title, &f.bold)?;
        r = header_row(
            &mut ws,
            r + 1,
            &["STT", "Tên đơn vị", "Điểm", "Xếp hạng"],
            f,
        )?;
        let (score, lv) = pick(dist);
        blanks(&mut ws, r, 0..1, &f.cell)?;
        put(&mut ws, r, 1, &nfd(&dist.full()), &f.cell_bold)?;
        putn(&mut ws, r, 2, score, &f.num2)?;
        put(&mut ws, r, 3, &level(lv, Lv::MucRoman), &f.cell_c)?;
        r += 1;
        let mut communes = d.communes(dist);
        // Stable sort: equal scores keep published order.
        communes.sort_by(|x, y| pick(y).0.total_cmp(&pick(x).0));
        for (i, u) in communes.into_iter().enumerate() {
            let (score, lv) = pick(u);
            putn(&mut ws, r, 0, i as f64 + 1.0, &f.cell_c)?;
            put(&mut ws, r, 1, &nfd(&u.full()), &f.cell)?;
            putn(&mut ws, r, 2, score, &f.num2)?;
            put(&mut ws, r, 3, &level(lv, Lv::MucRoman), &f.cell_c)?;
            r += 1;
        }
    }
    wb.push_worksheet(ws);
    wb.save(dir.join("KHANH SON - Bieu diem CQDT nam 2020.xlsx"))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// d. Khánh Vĩnh
// ---------------------------------------------------------------------------

/// Several sheets: "Cap huyen" (district table alone), "Cap xa" (communes),
/// an empty "Sheet3" and a hidden "Tieu chi". Scores as text with decimal
/// commas, a few padded with NBSP or spaces. No level columns.
fn khanh_vinh(d: &Data, f: &Fmts, dir: &Path) -> Res<()> {
    let dist = d.district("Khánh Vĩnh")?;
    let mut wb = new_book(2021, 1, 25, 16, 30)?;
    let labels = |unit: &'static str| {
        [
            "Số TT",
            unit,
            "Số điểm mức độ đạt được",
            "Số điểm điều kiện sẵn sàng",
        ]
    };

    let mut ws = sheet("Cap huyen")?;
    widths(&mut ws, &[7.0, 28.0, 16.0, 16.0])?;
    put(
        &mut ws,
        0,
        0,
        "KẾT QUẢ ĐÁNH GIÁ CQĐT CẤP HUYỆN NĂM 2020",
        &f.bold,
    )?;
    let r = header_row(&mut ws, 2, &labels("Đơn vị"), f)?;
    putn(&mut ws, r, 0, 1.0, &f.cell_c)?;
    put(&mut ws, r, 1, &dist.ubnd(), &f.cell)?;
    put(&mut ws, r, 2, &comma(&dist.a), &f.cell_c)?;
    put(&mut ws, r, 3, &comma(&dist.r), &f.cell_c)?;
    wb.push_worksheet(ws);

    let mut ws = sheet("Cap xa")?;
    widths(&mut ws, &[7.0, 28.0, 16.0, 16.0])?;
    put(
        &mut ws,
        0,
        0,
        "KẾT QUẢ ĐÁNH GIÁ CQĐT CẤP XÃ NĂM 2020",
        &f.bold,
    )?;
    let r0 = header_row(&mut ws, 2, &labels("Các xã, thị trấn"), f)?;
    for (i, u) in d.communes(dist).into_iter().enumerate() {
        let r = r0 + i as u32;
        // A few cells padded the way copy-paste from Word leaves them.
        let (a, rd) = match u.order {
            2 => (format!("\u{a0}{}", comma(&u.a)), comma(&u.r)),
            4 => (format!("{}\u{a0}", comma(&u.a)), comma(&u.r)),
            6 => (comma(&u.a), format!("{} ", comma(&u.r))),
            12 => (
                format!("{}  ", comma(&u.a)),
                format!("{}\u{a0}", comma(&u.r)),
            ),
            _ => (comma(&u.a), comma(&u.r)),
        };
        putn(&mut ws, r, 0, u.order as f64, &f.cell_c)?;
        put(&mut ws, r, 1, &u.full(), &f.cell)?;
        put(&mut ws, r, 2, &a, &f.cell_c)?;
        put(&mut ws, r, 3, &rd, &f.cell_c)?;
    }
    wb.push_worksheet(ws);

    wb.push_worksheet(sheet("Sheet3")?);

    let mut ws = sheet("Tieu chi")?;
    widths(&mut ws, &[5.0, 60.0, 12.0])?;
    put(
        &mut ws,
        0,
        0,
        "NHÓM TIÊU CHÍ ĐÁNH GIÁ (Quyết định số 2392/QĐ-BTTTT ngày 25/12/2017)",
        &f.bold,
    )?;
    let r = header_row(
        &mut ws,
        1,
        &["TT", "Nhóm tiêu chí", "Điểm tối đa cấp xã"],
        f,
    )?;
    let criteria = [
        ("Hạ tầng kỹ thuật", 10.0),
        ("Ứng dụng công nghệ thông tin trong hoạt động nội bộ", 20.0),
        ("Cung cấp dịch vụ công trực tuyến", 20.0),
        ("Nhân lực công nghệ thông tin", 5.0),
        ("Môi trường chính sách", 5.0),
    ];
    for (i, (t, p)) in criteria.iter().enumerate() {
        putn(&mut ws, r + i as u32, 0, i as f64 + 1.0, &f.cell_c)?;
        put(&mut ws, r + i as u32, 1, t, &f.cell)?;
        putn(&mut ws, r + i as u32, 2, *p, &f.num)?;
    }
    ws.set_hidden(true);
    wb.push_worksheet(ws);

    wb.save(dir.join("Khanh Vinh_CQDT_2020_final.xlsx"))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// e. Vạn Ninh
// ---------------------------------------------------------------------------

/// Full scoring per dimension (7 columns under a merged group header),
/// numeric cells, percentage cells formatted "0.00%", levels "Mức I".
/// District row on top of the table without STT.
fn van_ninh(d: &Data, f: &Fmts, dir: &Path) -> Res<()> {
    let dist = d.district("Vạn Ninh")?;
    let mut wb = new_book(2021, 1, 19, 8, 5)?;
    let mut ws = sheet("Bieu 01")?;
    let mut w = vec![7.0, 26.0];
    w.extend([9.0; 14]);
    widths(&mut ws, &w)?;
    merge(
        &mut ws,
        0,
        0,
        0,
        4,
        "ỦY BAN NHÂN DÂN HUYỆN VẠN NINH",
        &f.title,
    )?;
    merge(
        &mut ws,
        0,
        9,
        0,
        15,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        &f.title,
    )?;
    merge(
        &mut ws,
        1,
        9,
        1,
        15,
        "Độc lập - Tự do - Hạnh phúc",
        &f.title,
    )?;
    merge(
        &mut ws,
        3,
        0,
        3,
        15,
        "BẢNG ĐIỂM CHI TIẾT ĐÁNH GIÁ MỨC ĐỘ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020",
        &f.title,
    )?;
    merge(
        &mut ws,
        4,
        0,
        4,
        15,
        "(Số liệu tính đến ngày 31/12/2020)",
        &f.italic,
    )?;
    let (h1, h2) = (6, 7);
    merge(&mut ws, h1, 0, h2, 0, "Số TT", &f.head)?;
    merge(&mut ws, h1, 1, h2, 1, "Tên đơn vị", &f.head)?;
    let sub = [
        "Điểm tối đa",
        "Điểm không áp dụng",
        "Điểm tối đa áp dụng",
        "Điểm đạt được",
        "Tỷ lệ (%)",
        "Điểm quy đổi",
        "Mức",
    ];
    for (k, group) in ["MỨC ĐỘ ĐẠT ĐƯỢC", "ĐIỀU KIỆN SẴN SÀNG"].iter().enumerate()
    {
        let c0 = 2 + 7 * k as u16;
        merge(&mut ws, h1, c0, h1, c0 + 6, group, &f.head)?;
        for (j, l) in sub.iter().enumerate() {
            put(&mut ws, h2, c0 + j as u16, l, &f.head)?;
        }
    }
    let row = |ws: &mut Worksheet,
               r: u32,
               stt: Option<u32>,
               name: &str,
               u: &Unit,
               maxima: (f64, f64)|
     -> Res<()> {
        match stt {
            Some(n) => putn(ws, r, 0, n as f64, &f.cell_c)?,
            None => blanks(ws, r, 0..1, &f.cell)?,
        }
        put(
            ws,
            r,
            1,
            name,
            if stt.is_none() { &f.cell_bold } else { &f.cell },
        )?;
        let dims = [
            (u.a_num, u.al.as_str(), maxima.0),
            (u.r_num, u.rl.as_str(), maxima.1),
        ];
        for (k, (score, lv, max)) in dims.into_iter().enumerate() {
            let c0 = 2 + 7 * k as u16;
            let pct = (score / max * 10000.0).round() / 10000.0;
            putn(ws, r, c0, max, &f.num)?;
            putn(ws, r, c0 + 1, 0.0, &f.num)?;
            putn(ws, r, c0 + 2, max, &f.num)?;
            putn(ws, r, c0 + 3, score, &f.num)?;
            putn(ws, r, c0 + 4, pct, &f.pct)?;
            putn(ws, r, c0 + 5, score, &f.num)?;
            put(ws, r, c0 + 6, &level(lv, Lv::MucRoman), &f.cell_c)?;
        }
        Ok(())
    };
    let mut r = h2 + 1;
    row(&mut ws, r, None, &dist.ubnd(), dist, (100.0, 50.0))?;
    r += 1;
    for (i, u) in d.communes(dist).into_iter().enumerate() {
        row(&mut ws, r, Some(i as u32 + 1), &u.full(), u, (60.0, 30.0))?;
        r += 1;
    }
    r += 1;
    lines(
        &mut ws,
        r,
        &[
            "Ghi chú: Điểm quy đổi = Điểm đạt được x Điểm tối đa / Điểm tối đa áp dụng \
             (năm 2020 không có tiêu chí không áp dụng).",
        ],
        &f.plain,
    )?;
    wb.push_worksheet(ws);
    wb.save(dir.join("VanNinh-CQDT2020-chi tiet.xlsx"))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// f. Cam Ranh
// ---------------------------------------------------------------------------

/// District in sheet "Huyen", communes in sheet "Xa". Names with
/// abbreviations ("TP.", "P.", "X."), some in upper case, and U+00D0 (Latin
/// capital eth) instead of "Đ". Numeric cells; levels "mức độ 2".
fn cam_ranh(d: &Data, f: &Fmts, dir: &Path) -> Res<()> {
    let dist = d.district("Cam Ranh")?;
    let mut wb = new_book(2021, 1, 20, 15, 45)?;
    let labels = [
        "TT",
        "Đơn vị",
        "Điểm mức độ đạt được",
        "Xếp hạng mức độ đạt được",
        "Điểm điều kiện sẵn sàng",
        "Xếp hạng điều kiện sẵn sàng",
    ];
    let row = |ws: &mut Worksheet, r: u32, stt: u32, name: &str, u: &Unit| -> Res<()> {
        putn(ws, r, 0, stt as f64, &f.cell_c)?;
        put(ws, r, 1, name, &f.cell)?;
        putn(ws, r, 2, u.a_num, &f.num)?;
        put(ws, r, 3, &level(&u.al, Lv::MucDo), &f.cell_c)?;
        putn(ws, r, 4, u.r_num, &f.num)?;
        put(ws, r, 5, &level(&u.rl, Lv::MucDo), &f.cell_c)?;
        Ok(())
    };

    let mut ws = sheet("Huyen")?;
    widths(&mut ws, &[5.0, 26.0, 14.0, 14.0, 14.0, 14.0])?;
    put(
        &mut ws,
        0,
        0,
        "KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ CẤP HUYỆN NĂM 2020",
        &f.bold,
    )?;
    let r = header_row(&mut ws, 2, &labels, f)?;
    row(&mut ws, r, 1, &format!("TP. {}", dist.name), dist)?;
    wb.push_worksheet(ws);

    let mut ws = sheet("Xa")?;
    widths(&mut ws, &[5.0, 26.0, 14.0, 14.0, 14.0, 14.0])?;
    put(
        &mut ws,
        0,
        0,
        "KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ CẤP XÃ NĂM 2020",
        &f.bold,
    )?;
    let r0 = header_row(&mut ws, 2, &labels, f)?;
    for (i, u) in d.communes(dist).into_iter().enumerate() {
        let r = r0 + i as u32;
        let abbrev = match u.unit_type.as_str() {
            "Phường" => "P.",
            "Xã" => "X.",
            _ => "TT.",
        };
        let name = match u.order {
            4 | 8 | 13 => u.full().to_uppercase(),
            2 | 6 | 10 | 12 => u.full(),
            _ => format!("{abbrev} {}", u.name),
        };
        // Legacy-font conversions leave Latin capital eth for "Đ".
        let name = name.replace('Đ', "\u{d0}");
        row(&mut ws, r, u.order, &name, u)?;
    }
    wb.push_worksheet(ws);
    wb.save(dir.join("TP Cam Ranh - tong hop CQDT 2020.xlsx"))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// g. Nha Trang
// ---------------------------------------------------------------------------

/// One-row header with line breaks, district row on top without STT, numeric
/// cells (a few carrying binary float noise), a blank row and a repeated
/// header row (page break) inside the commune table, levels "1".."4"/"KXH",
/// old tone placement "Hoà" in two names. Keeps "Phước Đông".
fn nha_trang(d: &Data, f: &Fmts, dir: &Path) -> Res<()> {
    let dist = d.district("Nha Trang")?;
    let mut wb = new_book(2021, 1, 26, 11, 20)?;
    let mut ws = sheet("KQ 2020")?;
    widths(&mut ws, &[5.0, 28.0, 14.0, 14.0, 14.0, 14.0])?;
    merge(&mut ws, 0, 0, 0, 5, "UBND THÀNH PHỐ NHA TRANG", &f.title)?;
    merge(
        &mut ws,
        1,
        0,
        1,
        5,
        "TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020",
        &f.title,
    )?;
    let labels = [
        "TT",
        "Tên đơn vị",
        "Tổng điểm\nmức độ đạt được",
        "Kết quả\nmức độ đạt được",
        "Tổng điểm\nđiều kiện sẵn sàng",
        "Kết quả\nđiều kiện sẵn sàng",
    ];
    let mut r = header_row(&mut ws, 3, &labels, f)?;
    let row = |ws: &mut Worksheet,
               r: u32,
               stt: Option<u32>,
               name: &str,
               a: f64,
               u: &Unit,
               rd: f64|
     -> Res<()> {
        match stt {
            Some(n) => putn(ws, r, 0, n as f64, &f.cell_c)?,
            None => blanks(ws, r, 0..1, &f.cell)?,
        }
        put(ws, r, 1, name, &f.cell)?;
        putn(ws, r, 2, a, &f.num)?;
        put(ws, r, 3, &level(&u.al, Lv::Arabic), &f.cell_c)?;
        putn(ws, r, 4, rd, &f.num)?;
        put(ws, r, 5, &level(&u.rl, Lv::Arabic), &f.cell_c)?;
        Ok(())
    };
    row(&mut ws, r, None, &dist.ubnd(), dist.a_num, dist, dist.r_num)?;
    r += 1;
    for u in d.communes(dist) {
        if u.order == 15 {
            // Page break artefact: an empty row, then the header again.
            r += 1;
            r = header_row(&mut ws, r, &labels, f)?;
        }
        let (a, rd) = match u.order {
            5 => (u.a_num, noisy(u.r_num)),
            13 => (noisy(u.a_num), u.r_num),
            22 => (u.a_num, noisy(u.r_num)),
            _ => (u.a_num, u.r_num),
        };
        let name = u.full().replace("Hòa", "Hoà");
        row(&mut ws, r, Some(u.order), &name, a, u, rd)?;
        r += 1;
    }
    wb.push_worksheet(ws);
    wb.save(dir.join("NHA TRANG_Ket qua CQDT 2020.xlsx"))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// h. Ninh Hòa
// ---------------------------------------------------------------------------

/// Stacked title rows, district table ("Thị xã Ninh Hòa") above the commune
/// table on the same sheet, one-row headers (commune table's unit label
/// "Các xã, phường, thị trấn"), scores as text with decimal commas, achieved
/// levels "Mức 3" style, readiness levels as printed.
fn ninh_hoa(d: &Data, f: &Fmts, dir: &Path) -> Res<()> {
    let dist = d.district("Ninh Hòa")?;
    let mut wb = new_book(2021, 1, 27, 9, 50)?;
    let mut ws = sheet("TH")?;
    widths(&mut ws, &[6.0, 30.0, 14.0, 14.0, 14.0, 14.0])?;
    let mut r = 0;
    for (t, fm) in [
        ("ỦY BAN NHÂN DÂN THỊ XÃ NINH HÒA", &f.title),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &f.title),
        ("Độc lập - Tự do - Hạnh phúc", &f.title),
        ("", &f.plain),
        (
            "BIỂU TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ MỨC ĐỘ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020",
            &f.title,
        ),
        ("Ninh Hòa, ngày 27 tháng 01 năm 2021", &f.italic),
    ] {
        if !t.is_empty() {
            merge(&mut ws, r, 0, r, 5, t, fm)?;
        }
        r += 1;
    }
    r += 1;
    let labels = |unit: &'static str| {
        [
            "STT",
            unit,
            "Điểm mức độ đạt được",
            "Kết quả mức độ đạt được",
            "Điểm điều kiện sẵn sàng",
            "Kết quả điều kiện sẵn sàng",
        ]
    };
    let row = |ws: &mut Worksheet, r: u32, stt: Option<u32>, name: &str, u: &Unit| -> Res<()> {
        match stt {
            Some(n) => putn(ws, r, 0, n as f64, &f.cell_c)?,
            None => blanks(ws, r, 0..1, &f.cell)?,
        }
        put(ws, r, 1, name, &f.cell)?;
        put(ws, r, 2, &comma(&u.a), &f.cell_c)?;
        put(ws, r, 3, &level(&u.al, Lv::MucArabic), &f.cell_c)?;
        put(ws, r, 4, &comma(&u.r), &f.cell_c)?;
        put(ws, r, 5, &level(&u.rl, Lv::Printed), &f.cell_c)?;
        Ok(())
    };
    put(&mut ws, r, 0, "I. CẤP THỊ XÃ", &f.bold)?;
    r = header_row(&mut ws, r + 1, &labels("Đơn vị"), f)?;
    row(&mut ws, r, None, &dist.full(), dist)?;
    r += 2;
    put(&mut ws, r, 0, "II. CẤP XÃ", &f.bold)?;
    r = header_row(&mut ws, r + 1, &labels("Các xã, phường, thị trấn"), f)?;
    for u in d.communes(dist) {
        row(&mut ws, r, Some(u.order), &u.full(), u)?;
        r += 1;
    }
    r += 1;
    r = lines(
        &mut ws,
        r,
        &["Ghi chú: Số liệu tự đánh giá, đã được Phòng Văn hóa và Thông tin thẩm định."],
        &f.plain,
    )?;
    r += 1;
    r = signatures(
        &mut ws,
        r,
        1,
        4,
        "Võ Thị Kim Oanh",
        &["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        "Trần Minh Đức",
        f,
    )?;
    r += 1;
    lines(
        &mut ws,
        r,
        &["Nơi nhận:", "- Sở TTTT (b/c);", "- Lưu: VT."],
        &f.plain,
    )?;
    wb.push_worksheet(ws);
    wb.save(dir.join("Ninh Hoa - KQ danh gia CQDT nam 2020 (gui So TTTT).xlsx"))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Published annexes
// ---------------------------------------------------------------------------

/// The decision's annexes as printed: text scores with decimal commas,
/// levels as printed, published order; annex II grouped by district with
/// group heading rows and STT restarting per group.
fn published(d: &Data, f: &Fmts, dir: &Path) -> Res<()> {
    let mut wb = new_book(2021, 3, 15, 8, 0)?;
    let group_header = |ws: &mut Worksheet, r: u32| -> Res<()> {
        merge(ws, r, 2, r, 3, "MỨC ĐỘ ĐẠT ĐƯỢC", &f.head)?;
        merge(ws, r, 4, r, 5, "ĐIỀU KIỆN SẴN SÀNG", &f.head)?;
        for (c, l) in ["Tổng điểm", "Kết quả", "Tổng điểm", "Kết quả"]
            .iter()
            .enumerate()
        {
            put(ws, r + 1, 2 + c as u16, l, &f.head)?;
        }
        Ok(())
    };
    let values = |ws: &mut Worksheet, r: u32, u: &Unit| -> Res<()> {
        put(ws, r, 2, &comma(&u.a), &f.cell_c)?;
        put(ws, r, 3, &u.al, &f.cell_c)?;
        put(ws, r, 4, &comma(&u.r), &f.cell_c)?;
        put(ws, r, 5, &u.rl, &f.cell_c)?;
        Ok(())
    };

    let mut ws = sheet("Phu luc I")?;
    widths(&mut ws, &[6.0, 34.0, 11.0, 16.0, 11.0, 16.0])?;
    merge(&mut ws, 0, 0, 0, 5, "Phụ lục I", &f.title)?;
    merge(
        &mut ws,
        1,
        0,
        1,
        5,
        "XẾP HẠNG CHÍNH QUYỀN ĐIỆN TỬ CẤP HUYỆN",
        &f.title,
    )?;
    merge(
        &mut ws,
        2,
        0,
        2,
        5,
        "(Ban hành kèm theo Quyết định số /QĐ-UBND ngày .../3/2021\n\
         của Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa)",
        &f.italic.clone().set_text_wrap(),
    )?;
    ws.set_row_height(2, 32)?;
    merge(&mut ws, 4, 0, 5, 0, "STT", &f.head)?;
    merge(&mut ws, 4, 1, 5, 1, "CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ", &f.head)?;
    group_header(&mut ws, 4)?;
    for (i, u) in d.districts().into_iter().enumerate() {
        let r = 6 + i as u32;
        putn(&mut ws, r, 0, u.order as f64, &f.cell_c)?;
        put(&mut ws, r, 1, &u.ubnd(), &f.cell)?;
        values(&mut ws, r, u)?;
    }
    wb.push_worksheet(ws);

    let mut ws = sheet("Phu luc II")?;
    widths(&mut ws, &[6.0, 34.0, 11.0, 16.0, 11.0, 16.0])?;
    merge(&mut ws, 0, 0, 0, 5, "Phụ lục II", &f.title)?;
    merge(
        &mut ws,
        1,
        0,
        1,
        5,
        "XẾP HẠNG CHÍNH QUYỀN ĐIỆN TỬ CẤP XÃ",
        &f.title,
    )?;
    merge(
        &mut ws,
        2,
        0,
        2,
        5,
        "(Ban hành kèm theo Quyết định số 644/QĐ-UBND ngày 15/3/2021\n\
         của Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa)",
        &f.italic.clone().set_text_wrap(),
    )?;
    ws.set_row_height(2, 32)?;
    merge(&mut ws, 4, 0, 5, 1, "CÁC XÃ, PHƯỜNG, THỊ TRẤN", &f.head)?;
    group_header(&mut ws, 4)?;
    let mut r = 6;
    let districts = d.districts();
    for (g, code) in d.group_order().iter().enumerate() {
        let dist = districts
            .iter()
            .find(|u| &u.district_code == code)
            .ok_or_else(|| format!("no annex I row for district {code}"))?;
        let heading = format!(
            "{}. {} {}",
            ROMAN[g + 1],
            dist.unit_type.to_uppercase(),
            dist.name.to_uppercase()
        );
        put(&mut ws, r, 0, &heading, &f.cell_bold)?;
        blanks(&mut ws, r, 1..6, &f.cell)?;
        r += 1;
        for u in d.communes(dist) {
            putn(&mut ws, r, 0, u.order as f64, &f.cell_c)?;
            put(&mut ws, r, 1, &u.full(), &f.cell)?;
            values(&mut ws, r, u)?;
            r += 1;
        }
    }
    wb.push_worksheet(ws);
    wb.save(dir.join("2020-qd644-phu-luc.xlsx"))?;
    Ok(())
}

// ---------------------------------------------------------------------------

fn main() -> Res<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = Data::load(&root.join("tests/fixtures/decision-2020.csv"))?;
    let raw = root.join("raw/2020");
    let publ = root.join("raw/published");
    fs::create_dir_all(&raw)?;
    fs::create_dir_all(&publ)?;
    let f = Fmts::new();
    cam_lam(&data, &f, &raw)?;
    dien_khanh(&data, &f, &raw)?;
    khanh_son(&data, &f, &raw)?;
    khanh_vinh(&data, &f, &raw)?;
    van_ninh(&data, &f, &raw)?;
    cam_ranh(&data, &f, &raw)?;
    nha_trang(&data, &f, &raw)?;
    ninh_hoa(&data, &f, &raw)?;
    published(&data, &f, &publ)?;
    println!(
        "wrote 8 submissions to {} and the annexes to {}",
        raw.display(),
        publ.display()
    );
    Ok(())
}
