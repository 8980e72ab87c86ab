mod util;

// The header reader reads a column by what its label MEANS, not by a fixed list of labels. This
// file is the specification of that: a corpus of header wordings as Vietnamese provincial clerks
// really write them (synonyms, word order, abbreviations, case, NFD text, Đ/Ð, "tỷ"/"tỉ", line
// breaks, doubled spaces and words, parentheses and column numbers), each rendered into small
// workbooks of three shapes and asserted column by column; then headers that are really
// ambiguous, which must be said (`header-ambiguous` at the header cell in doubt), never guessed;
// then two runs of the binary end to end.
//
// The corpus tests loop over every wording and collect ALL misreadings into one message, so one
// run shows every miss, each named by the label that was misread.

use std::collections::BTreeMap;
use std::path::Path;

use egov_etl::core::Dimension;
use egov_etl::finding::{CellRef, Code, Finding};
use egov_etl::ingest::{Field, Role, Workbook, read_file};
use egov_etl::pipeline::{Aliases, Limits};
use unicode_normalization::UnicodeNormalization;
use util::{C, Project, Sheet, n, read_csv, row, s, write_xlsx};

use Dimension::{Achieved, Readiness};

// ---------------------------------------------------------------------------------------------
// The corpus

/// What a wording means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// The row-number column.
    RowNumber,
    /// The unit-name column.
    Unit,
    /// A value column of a dimension; the wording itself names no dimension (it gets one from
    /// the label it is put in, a merged group cell above it, or a caption above the table).
    Field(Field),
    /// A dimension named in a merged group cell over its sub-columns.
    Group(Dimension),
    /// A dimension named in a caption row above a one-row header.
    Caption(Dimension),
}

const STT: Expect = Expect::RowNumber;
const UNIT: Expect = Expect::Unit;
const SCORE: Expect = Expect::Field(Field::Score);
const LEVEL: Expect = Expect::Field(Field::Level);
const MAX: Expect = Expect::Field(Field::Maximum);
const NA: Expect = Expect::Field(Field::NotApplicable);
const APP: Expect = Expect::Field(Field::ApplicableMax);
const RAW: Expect = Expect::Field(Field::RawPoints);
const PCT: Expect = Expect::Field(Field::Percent);
const CONV: Expect = Expect::Field(Field::Converted);
const GROUP_A: Expect = Expect::Group(Achieved);
const GROUP_R: Expect = Expect::Group(Readiness);
const CAPTION_A: Expect = Expect::Caption(Achieved);
const CAPTION_R: Expect = Expect::Caption(Readiness);

/// Header wordings and what they mean. A label starting with '~' is written decomposed (Unicode
/// NFD, as some Mac and web tools save text), without the '~'. "\u{d0}" is the Icelandic Ð typed
/// in place of Đ.
const CORPUS: &[(&str, Expect)] = &[
    // Row number.
    ("STT", STT),
    ("Số TT", STT),
    ("TT", STT),
    ("Số thứ tự", STT),
    ("S.T.T", STT),
    ("stt", STT),
    ("Số\nTT", STT),
    ("STT\n(1)", STT),
    ("~Số thứ tự", STT),
    ("Thứ tự", STT),
    ("TT.", STT),
    ("Số  thứ tự", STT),
    // Unit.
    ("Tên đơn vị", UNIT),
    ("Đơn vị", UNIT),
    ("Các xã, phường, thị trấn", UNIT),
    ("Xã, phường, thị trấn", UNIT),
    ("Tên xã, phường, thị trấn", UNIT),
    ("Địa phương", UNIT),
    ("Đơn vị cấp xã", UNIT),
    ("TÊN ĐƠN VỊ", UNIT),
    ("~Đơn vị được đánh giá", UNIT),
    ("Tên cơ quan, đơn vị", UNIT),
    ("Tên\nđơn vị", UNIT),
    ("\u{d0}ơn vị", UNIT),
    ("UBND các xã, phường, thị trấn", UNIT),
    ("Huyện, thị xã, thành phố", UNIT),
    ("Các huyện, thị xã, thành phố", UNIT),
    ("Tên địa phương (2)", UNIT),
    // Score (a total per dimension).
    ("Tổng điểm", SCORE),
    ("Điểm", SCORE),
    ("Số điểm", SCORE),
    ("Tổng số điểm", SCORE),
    ("Số điểm được chấm", SCORE),
    ("Điểm đánh giá", SCORE),
    ("Tổng điểm đánh giá", SCORE),
    ("Điểm số", SCORE),
    ("TỔNG ĐIỂM", SCORE),
    ("Tổng\nđiểm", SCORE),
    ("Tổng  điểm", SCORE),
    ("Tổng điểm (3)", SCORE),
    ("~Tổng điểm", SCORE),
    ("Tổng số số điểm", SCORE),
    ("Điểm tổng hợp", SCORE),
    ("Tổng điểm.", SCORE),
    // Level.
    ("Xếp hạng", LEVEL),
    ("Kết quả xếp hạng", LEVEL),
    ("Mức xếp hạng", LEVEL),
    ("Xếp loại", LEVEL),
    ("Xếp loại mức độ", LEVEL),
    ("Mức", LEVEL),
    ("Mức độ", LEVEL),
    ("Kết quả", LEVEL),
    ("Kết quả xếp hạng hạng", LEVEL),
    ("Mức xếp loại", LEVEL),
    ("XẾP HẠNG (Mức)", LEVEL),
    ("~Kết quả xếp loại", LEVEL),
    ("Mức độ xếp hạng", LEVEL),
    ("Xếp\nhạng", LEVEL),
    ("Xếp hạng (I, II, III, IV)", LEVEL),
    // Maximum.
    ("Điểm tối đa", MAX),
    ("Tối đa", MAX),
    ("Điểm tối đa theo bộ chỉ số", MAX),
    ("Thang điểm", MAX),
    ("Điểm chuẩn", MAX),
    ("Tổng điểm tối đa", MAX),
    ("Số điểm tối đa", MAX),
    ("Điểm tối đa (1)", MAX),
    ("ĐIỂM TỐI ĐA", MAX),
    ("Điểm tối\nđa", MAX),
    ("~Điểm tối đa theo quy định", MAX),
    ("Điểm tối đa của bộ tiêu chí", MAX),
    ("Thang điểm tối đa", MAX),
    // Points not applicable to this unit.
    ("Điểm không áp dụng", NA),
    ("Không áp dụng", NA),
    ("Điểm trừ do không áp dụng", NA),
    ("Điểm loại trừ", NA),
    ("Số điểm không áp dụng", NA),
    ("Điểm tiêu chí không áp dụng", NA),
    ("Điểm không đánh giá", NA),
    ("Điểm các chỉ tiêu không áp dụng", NA),
    ("Điểm được loại trừ (2)", NA),
    ("~Điểm không áp dụng đối với đơn vị", NA),
    ("KHÔNG ÁP DỤNG (điểm)", NA),
    ("Điểm  loại trừ", NA),
    ("Điểm không phải thực hiện", NA),
    // Applicable maximum.
    ("Điểm tối đa áp dụng", APP),
    ("Tối đa áp dụng", APP),
    ("Điểm tối đa cần thực hiện", APP),
    ("Điểm chuẩn cần thực hiện", APP),
    ("Điểm tối đa được áp dụng", APP),
    ("Điểm tối đa sau loại trừ", APP),
    ("Tổng điểm tối đa áp dụng", APP),
    ("Số điểm phải thực hiện", APP),
    ("Điểm tối đa áp dụng (3)", APP),
    ("~Điểm tối đa áp dụng cho đơn vị", APP),
    ("ĐIỂM TỐI ĐA\nÁP DỤNG", APP),
    ("Điểm tối đa thực tế áp dụng", APP),
    // Raw points (in a full-scoring table).
    ("Điểm đạt được", RAW),
    ("Số điểm đạt được", RAW),
    ("Điểm thực hiện", RAW),
    ("Điểm thẩm định", RAW),
    ("Điểm tự chấm", RAW),
    ("Điểm tự đánh giá", RAW),
    ("Điểm đạt", RAW),
    ("Điểm thực tế đạt được", RAW),
    ("Điểm đạt được (4)", RAW),
    ("Điểm sau thẩm định", RAW),
    ("~Điểm thực hiện được", RAW),
    ("ĐIỂM ĐẠT\nĐƯỢC", RAW),
    ("Số điểm thực đạt", RAW),
    // Percentage of the applicable maximum.
    ("Tỷ lệ (%)", PCT),
    ("Tỉ lệ (%)", PCT),
    ("Tỉ lệ đạt (%)", PCT),
    ("Tỷ lệ đạt được", PCT),
    ("%", PCT),
    ("Tỷ lệ %", PCT),
    ("Tỷ lệ điểm đạt (%)", PCT),
    ("Tỷ lệ phần trăm", PCT),
    ("Tỉ lệ\n(%)", PCT),
    ("~Tỷ lệ đạt", PCT),
    ("TỶ LỆ % ĐẠT ĐƯỢC", PCT),
    ("Tỉ lệ (%) (5)", PCT),
    // Converted score (raw × maximum / applicable maximum).
    ("Điểm quy đổi", CONV),
    ("Quy đổi", CONV),
    ("Điểm sau quy đổi", CONV),
    ("Tổng điểm quy đổi", CONV),
    ("Điểm đạt được quy đổi", CONV),
    ("Điểm đã quy đổi", CONV),
    ("Điểm quy đổi (6)", CONV),
    ("ĐIỂM QUY ĐỔI", CONV),
    ("Số điểm quy đổi", CONV),
    ("~Điểm thực hiện quy đổi", CONV),
    ("Điểm quy\nđổi", CONV),
    ("Điểm sau khi quy đổi", CONV),
    // The achieved dimension as a merged group cell.
    ("MỨC ĐỘ ĐẠT ĐƯỢC", GROUP_A),
    ("Mức độ đạt được", GROUP_A),
    ("Kết quả", GROUP_A),
    ("Mức độ kết quả", GROUP_A),
    ("Kết quả đạt được", GROUP_A),
    ("MĐĐĐ", GROUP_A),
    ("Chỉ số mức độ đạt được", GROUP_A),
    ("MỨC ĐỘ ĐẠT ĐƯỢC\n(tối đa 60 điểm)", GROUP_A),
    ("~Về mức độ đạt được", GROUP_A),
    ("Đánh giá mức độ đạt được", GROUP_A),
    ("Mức độ đạt được của CQĐT", GROUP_A),
    ("KẾT QUẢ ĐÁNH GIÁ MỨC ĐỘ ĐẠT ĐƯỢC", GROUP_A),
    ("Mức  độ đạt  được", GROUP_A),
    // The readiness dimension as a merged group cell.
    ("ĐIỀU KIỆN SẴN SÀNG", GROUP_R),
    ("Điều kiện sẵn sàng", GROUP_R),
    ("ĐKSS", GROUP_R),
    ("Điều kiện sẵn sàng (tối đa 30 điểm)", GROUP_R),
    ("Đánh giá điều kiện sẵn sàng", GROUP_R),
    ("Điều kiện sẵn sàng triển khai CQĐT", GROUP_R),
    ("Điều kiện sẵn sàng CĐS", GROUP_R),
    ("~Các điều kiện sẵn sàng", GROUP_R),
    ("ĐIỀU KIỆN\nSẴN SÀNG", GROUP_R),
    ("Điều kiện  sẵn sàng", GROUP_R),
    ("Kết quả điều kiện sẵn sàng", GROUP_R),
    ("\u{d0}IỀU KIỆN SẴN SÀNG", GROUP_R),
    ("Mức độ sẵn sàng", GROUP_R),
    // The achieved dimension named only in a caption above the table.
    (
        "1. Kết quả xếp hạng mức độ đạt được cấp xã năm 2022",
        CAPTION_A,
    ),
    (
        "Biểu 01: Mức độ đạt được của chính quyền điện tử cấp xã",
        CAPTION_A,
    ),
    ("A. MỨC ĐỘ ĐẠT ĐƯỢC", CAPTION_A),
    ("I. Xếp hạng về mức độ đạt được", CAPTION_A),
    (
        "Bảng 1 - Kết quả đánh giá mức độ đạt được (MĐĐĐ)",
        CAPTION_A,
    ),
    (
        "Phần 1. Điểm mức độ đạt được của các xã, phường, thị trấn",
        CAPTION_A,
    ),
    ("~1. Mức độ đạt được", CAPTION_A),
    (
        "KẾT QUẢ XẾP HẠNG MỨC ĐỘ ĐẠT ĐƯỢC CHÍNH QUYỀN SỐ NĂM 2023",
        CAPTION_A,
    ),
    ("Xếp hạng MĐĐĐ cấp xã", CAPTION_A),
    ("a) Mức độ đạt được", CAPTION_A),
    // The readiness dimension named only in a caption above the table.
    ("2. Xếp hạng điều kiện sẵn sàng cấp xã năm 2022", CAPTION_R),
    (
        "Biểu 02: Điều kiện sẵn sàng triển khai chính quyền điện tử",
        CAPTION_R,
    ),
    ("B. ĐIỀU KIỆN SẴN SÀNG", CAPTION_R),
    ("II. Về điều kiện sẵn sàng", CAPTION_R),
    (
        "Bảng 2 - Kết quả đánh giá điều kiện sẵn sàng (ĐKSS)",
        CAPTION_R,
    ),
    (
        "Phần 2. Điểm điều kiện sẵn sàng của các xã, phường, thị trấn",
        CAPTION_R,
    ),
    ("~2. Điều kiện sẵn sàng", CAPTION_R),
    (
        "KẾT QUẢ ĐÁNH GIÁ ĐIỀU KIỆN SẴN SÀNG CHUYỂN ĐỔI SỐ NĂM 2023",
        CAPTION_R,
    ),
    ("Xếp hạng ĐKSS cấp xã", CAPTION_R),
    ("b) Điều kiện sẵn sàng", CAPTION_R),
];

/// A corpus label as written in the cell: '~' means NFD.
fn written(label: &str) -> String {
    match label.strip_prefix('~') {
        Some(t) => t.nfd().collect(),
        None => label.to_string(),
    }
}

/// `t` decomposed (NFD) when `nfd`.
fn decomposed_if(t: String, nfd: bool) -> String {
    if nfd { t.nfd().collect() } else { t }
}

fn expect_text(e: Expect) -> String {
    match e {
        Expect::RowNumber => "row number".into(),
        Expect::Unit => "unit".into(),
        Expect::Field(f) => f.key().into(),
        Expect::Group(d) => format!("{} group", d.key()),
        Expect::Caption(d) => format!("{} caption", d.key()),
    }
}

fn role_text(r: Role) -> String {
    match r {
        Role::RowNumber => "row number".into(),
        Role::Unit => "unit".into(),
        Role::Dim(d, f) => format!("{} {}", d.key(), f.key()),
    }
}

// ---------------------------------------------------------------------------------------------
// Test tables: values

/// The units of a test table and their values per dimension (achieved, readiness).
struct Scale {
    names: [&'static str; 3],
    max: [f64; 2],
    not_applicable: [[f64; 3]; 2],
    raw: [[f64; 3]; 2],
}

const COMMUNES: Scale = Scale {
    names: ["Thị trấn Cam Đức", "Xã Cam Hòa", "Xã Cam Tân"],
    max: [60.0, 30.0],
    not_applicable: [[0.0, 5.0, 0.0], [0.0, 0.0, 3.0]],
    raw: [[54.5, 44.0, 30.25], [27.5, 22.0, 18.5]],
};

const DISTRICTS: Scale = Scale {
    names: ["Thành phố Nha Trang", "Huyện Cam Lâm", "Thị xã Ninh Hòa"],
    max: [100.0, 50.0],
    not_applicable: [[0.0, 4.0, 10.0], [0.0, 0.0, 5.0]],
    raw: [[90.5, 80.0, 66.6], [46.0, 41.5, 33.75]],
};

/// Declared levels per dimension and unit.
const LEVELS: [[&str; 3]; 2] = [["I", "Mức 3", "Không xếp hạng"], ["II", "I", "Mức IV"]];

fn dim_index(d: Dimension) -> usize {
    match d {
        Achieved => 0,
        Readiness => 1,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// "85,36": two decimals with a decimal comma, as clerks type.
fn comma(x: f64) -> String {
    format!("{x:.2}").replace('.', ",")
}

/// The cell of unit `k` (listed at position `pos`) in a column of `role`.
fn value(scale: &Scale, role: Role, pos: usize, k: usize) -> C {
    let (d, f) = match role {
        Role::RowNumber => return n((pos + 1) as f64),
        Role::Unit => return s(scale.names[k]),
        Role::Dim(d, f) => (dim_index(d), f),
    };
    let max = scale.max[d];
    let na = scale.not_applicable[d][k];
    let raw = scale.raw[d][k];
    let app = max - na;
    let converted = round2(raw * max / app);
    let rate = raw / app;
    match f {
        // The score of a table without full scoring: numbers, and text with a decimal comma.
        Field::Score if k == 1 => s(&comma(converted)),
        Field::Score => n(converted),
        Field::Level => s(LEVELS[d][k]),
        Field::Maximum => n(max),
        Field::NotApplicable => n(na),
        Field::ApplicableMax => n(app),
        Field::RawPoints => n(raw),
        Field::Percent if k == 1 => s(&format!("{}%", comma(rate * 100.0))),
        Field::Percent => C::P((rate * 10000.0).round() / 10000.0),
        Field::Converted => n(converted),
    }
}

// ---------------------------------------------------------------------------------------------
// Test tables: layouts

/// How a test table is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One header row; each value label names its dimension ("Điểm tối đa ĐKSS").
    OneRow,
    /// Two header rows: the dimension in a merged group cell over its sub-columns; STT and the
    /// unit merged vertically.
    Grouped,
    /// One table per dimension, each under a caption row naming it, one-row headers.
    Captioned,
}

/// A test table: canonical labels everywhere, except the one under test.
struct Plan {
    shape: Shape,
    /// Full scoring (maximum … converted, level) rather than score and level.
    full: bool,
    readiness_first: bool,
    unit_first: bool,
    level_first: bool,
    stt: String,
    unit: String,
    scale: &'static Scale,
    /// A group cell or caption written in place of the canonical one.
    title: Option<(Dimension, String)>,
    /// A column written in place of the canonical one: its dimension, its field, its label.
    column: Option<(Dimension, Field, String)>,
}

impl Plan {
    fn new(shape: Shape, i: usize, full: bool) -> Plan {
        Plan {
            shape,
            full,
            readiness_first: i % 2 == 1,
            unit_first: i % 3 == 2,
            level_first: (i / 3) % 2 == 1,
            stt: "STT".into(),
            unit: "Tên đơn vị".into(),
            scale: &COMMUNES,
            title: None,
            column: None,
        }
    }
}

/// The canonical label of a field with no dimension in it.
fn canonical(f: Field) -> &'static str {
    match f {
        Field::Score => "Tổng điểm",
        Field::Level => "Xếp hạng",
        Field::Maximum => "Điểm tối đa",
        Field::NotApplicable => "Điểm không áp dụng",
        Field::ApplicableMax => "Điểm tối đa áp dụng",
        Field::RawPoints => "Điểm đạt được",
        Field::Percent => "Tỷ lệ (%)",
        Field::Converted => "Điểm quy đổi",
    }
}

/// The canonical label of a field naming its dimension, for one-row headers.
fn canonical_one_row(d: Dimension, f: Field, full: bool) -> String {
    match (full, f) {
        (false, Field::Score) => format!("Điểm {}", d.name_vi()),
        (false, Field::Level) => format!("Xếp hạng {}", d.name_vi()),
        _ => format!("{} {}", canonical(f), abbreviation(d)),
    }
}

fn abbreviation(d: Dimension) -> &'static str {
    match d {
        Achieved => "MĐĐĐ",
        Readiness => "ĐKSS",
    }
}

fn capitalized(d: Dimension) -> &'static str {
    match d {
        Achieved => "Mức độ đạt được",
        Readiness => "Điều kiện sẵn sàng",
    }
}

fn canonical_group(d: Dimension) -> &'static str {
    match d {
        Achieved => "MỨC ĐỘ ĐẠT ĐƯỢC",
        Readiness => "ĐIỀU KIỆN SẴN SÀNG",
    }
}

/// A field wording with its dimension, for one-row headers, written in one of five ways (`i`):
/// "Tổng điểm MĐĐĐ", "Mức độ đạt được\nTổng điểm", "Tổng điểm (mức độ đạt được)",
/// "MĐĐĐ - Tổng điểm", "Tổng điểm mức độ đạt được" (the abbreviation where the full name would
/// make "Mức mức độ …" or "đạt được … đạt được").
fn compose(w: &str, d: Dimension, i: usize) -> String {
    let abbr = abbreviation(d);
    let name = d.name_vi();
    let lower = w.to_lowercase();
    let awkward = lower.ends_with("mức") || lower.ends_with("mức độ") || lower.contains("đạt");
    match i % 5 {
        0 => format!("{w} {abbr}"),
        1 => format!("{}\n{w}", capitalized(d)),
        2 => format!("{w} ({name})"),
        3 => format!("{abbr} - {w}"),
        _ if awkward => format!("{w} {abbr}"),
        _ => format!("{w} {name}"),
    }
}

/// The test table for a corpus wording in a shape.
fn plan_for(label: &str, expect: Expect, i: usize, shape: Shape) -> Plan {
    let nfd = label.starts_with('~');
    let text = label.trim_start_matches('~');
    let write = |t: &str| decomposed_if(t.to_string(), nfd);
    let dim = match expect {
        Expect::Group(d) | Expect::Caption(d) => d,
        _ if (i / 2).is_multiple_of(2) => Achieved,
        _ => Readiness,
    };
    let full = match expect {
        Expect::Field(Field::Score) => false,
        Expect::Field(Field::Level) => i % 2 == 1,
        Expect::Field(_) => true,
        Expect::RowNumber | Expect::Unit => i % 3 == 1,
        Expect::Group(_) | Expect::Caption(_) => i % 2 == 1,
    };
    let mut plan = Plan::new(shape, i, full);
    match expect {
        Expect::RowNumber => plan.stt = write(text),
        Expect::Unit => {
            plan.unit = write(text);
            if text.to_lowercase().contains("huyện") {
                plan.scale = &DISTRICTS;
            }
        }
        Expect::Field(f) => {
            let label = if shape == Shape::OneRow {
                compose(text, dim, i)
            } else {
                text.to_string()
            };
            plan.column = Some((dim, f, write(&label)));
        }
        Expect::Group(d) => plan.title = Some((d, write(text))),
        Expect::Caption(d) => {
            // Captions are numbered as their wording says: the achieved table first.
            plan.readiness_first = false;
            plan.title = Some((d, write(text)));
        }
    }
    plan
}

/// One dimension's columns in a plan: its title (group cell or caption) and (label, field).
struct DimColumns {
    dim: Dimension,
    title: String,
    columns: Vec<(String, Field)>,
}

fn dim_columns(plan: &Plan) -> Vec<DimColumns> {
    let dims = if plan.readiness_first {
        [Readiness, Achieved]
    } else {
        [Achieved, Readiness]
    };
    dims.iter()
        .enumerate()
        .map(|(pos, &d)| {
            let mut fields: Vec<Field> = if plan.full {
                vec![
                    Field::Maximum,
                    Field::NotApplicable,
                    Field::ApplicableMax,
                    Field::RawPoints,
                    Field::Percent,
                    Field::Converted,
                    Field::Level,
                ]
            } else {
                vec![Field::Score, Field::Level]
            };
            if plan.level_first {
                fields.rotate_right(1);
            }
            let columns = fields
                .into_iter()
                .map(|f| {
                    let label = match &plan.column {
                        Some((cd, cf, label)) if *cd == d && *cf == f => label.clone(),
                        _ if plan.shape == Shape::OneRow => canonical_one_row(d, f, plan.full),
                        _ => canonical(f).to_string(),
                    };
                    (label, f)
                })
                .collect();
            let title = match &plan.title {
                Some((td, t)) if *td == d => t.clone(),
                _ if plan.shape == Shape::Captioned => format!("{}. {}", pos + 1, capitalized(d)),
                _ => canonical_group(d).to_string(),
            };
            DimColumns {
                dim: d,
                title,
                columns,
            }
        })
        .collect()
}

/// What a table must read as.
struct Want {
    header_rows: Vec<u32>,
    /// (1-based column, role, the label written there).
    columns: Vec<(u32, Role, String)>,
    rows: usize,
}

/// The STT and unit columns, in the plan's order: (label, role).
fn lead(plan: &Plan) -> [(String, Role); 2] {
    let stt = (plan.stt.clone(), Role::RowNumber);
    let unit = (plan.unit.clone(), Role::Unit);
    if plan.unit_first {
        [unit, stt]
    } else {
        [stt, unit]
    }
}

/// A data row: unit `k` at position `pos`.
fn data_row(plan: &Plan, roles: &[Role], pos: usize, k: usize) -> Vec<C> {
    roles
        .iter()
        .map(|&r| value(plan.scale, r, pos, k))
        .collect()
}

const TITLE: &str = "BIỂU TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2022";

/// Draws a plan: the sheet and what its tables must read as.
fn build(plan: &Plan) -> (Sheet, Vec<Want>) {
    let dims = dim_columns(plan);
    let lead = lead(plan);
    match plan.shape {
        Shape::OneRow => {
            let mut header: Vec<(String, Role)> = lead.to_vec();
            for d in &dims {
                for (label, f) in &d.columns {
                    header.push((label.clone(), Role::Dim(d.dim, *f)));
                }
            }
            let roles: Vec<Role> = header.iter().map(|(_, r)| *r).collect();
            let mut rows = vec![
                row(&[TITLE]),
                row(&[]),
                header.iter().map(|(l, _)| s(l)).collect(),
            ];
            rows.extend((0..3).map(|k| data_row(plan, &roles, k, k)));
            let want = Want {
                header_rows: vec![3],
                columns: numbered(&header),
                rows: 3,
            };
            (Sheet::new("Tong hop", rows), vec![want])
        }
        Shape::Grouped => {
            let mut top: Vec<C> = lead.iter().map(|(l, _)| s(l)).collect();
            let mut sub: Vec<C> = vec![C::E, C::E];
            let mut header: Vec<(String, Role)> = lead.to_vec();
            let mut merges = vec![(2, 0, 3, 0), (2, 1, 3, 1)];
            for d in &dims {
                let first = top.len() as u16;
                for (j, (label, f)) in d.columns.iter().enumerate() {
                    top.push(if j == 0 { s(&d.title) } else { C::E });
                    sub.push(s(label));
                    header.push((format!("{} / {label}", d.title), Role::Dim(d.dim, *f)));
                }
                let last = top.len() as u16 - 1;
                if last > first {
                    merges.push((2, first, 2, last));
                }
            }
            let roles: Vec<Role> = header.iter().map(|(_, r)| *r).collect();
            let mut rows = vec![row(&[TITLE]), row(&[]), top, sub];
            rows.extend((0..3).map(|k| data_row(plan, &roles, k, k)));
            let mut sheet = Sheet::new("Tong hop", rows);
            for (r1, c1, r2, c2) in merges {
                sheet = sheet.merge(r1, c1, r2, c2);
            }
            let want = Want {
                header_rows: vec![3, 4],
                columns: numbered(&header),
                rows: 3,
            };
            (sheet, vec![want])
        }
        Shape::Captioned => {
            let mut rows = vec![row(&[TITLE])];
            let mut wants = Vec::new();
            for (t, d) in dims.iter().enumerate() {
                if t > 0 {
                    rows.push(row(&[]));
                }
                rows.push(vec![s(&d.title)]);
                let mut header: Vec<(String, Role)> = lead.to_vec();
                for (label, f) in &d.columns {
                    header.push((label.clone(), Role::Dim(d.dim, *f)));
                }
                rows.push(header.iter().map(|(l, _)| s(l)).collect());
                let header_row = rows.len() as u32;
                let roles: Vec<Role> = header.iter().map(|(_, r)| *r).collect();
                // Each table sorted by its own score: the second lists the units the other way.
                for pos in 0..3 {
                    let k = if t == 0 { pos } else { 2 - pos };
                    rows.push(data_row(plan, &roles, pos, k));
                }
                wants.push(Want {
                    header_rows: vec![header_row],
                    columns: numbered(&header),
                    rows: 3,
                });
            }
            (Sheet::new("Tong hop", rows), wants)
        }
    }
}

fn numbered(header: &[(String, Role)]) -> Vec<(u32, Role, String)> {
    header
        .iter()
        .enumerate()
        .map(|(i, (l, r))| (i as u32 + 1, *r, l.clone()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Reading and comparing

fn read_book(path: &Path, sheets: &[Sheet]) -> (Workbook, Vec<Finding>) {
    write_xlsx(path, sheets);
    util::read_workbook(path)
}

fn place(f: &Finding) -> String {
    format!(
        "'{}'!{}",
        f.location.sheet.as_deref().unwrap_or("?"),
        f.location.cell.map_or("?".to_string(), |c| c.to_string())
    )
}

fn letters(col: u32) -> String {
    CellRef::column_letters(col)
}

/// Everything in which the workbook read differs from `want`, and any header finding (a clear
/// table gives none).
fn mismatches(wb: &Workbook, findings: &[Finding], want: &[Want]) -> Vec<String> {
    let mut out = Vec::new();
    if wb.rejected {
        out.push(format!("file rejected: {findings:?}"));
        return out;
    }
    for f in findings
        .iter()
        .filter(|f| matches!(f.code, Code::HeaderAmbiguous | Code::HeaderValuesDisagree))
    {
        out.push(format!(
            "unexpected {} at {}: {}",
            f.code.as_str(),
            place(f),
            f.message.en
        ));
    }
    if wb.tables.len() != want.len() {
        let read: Vec<String> = wb
            .tables
            .iter()
            .map(|t| {
                format!(
                    "header rows {:?}: {}",
                    t.header_rows,
                    t.columns
                        .iter()
                        .map(|c| format!("{}={}", letters(c.col), role_text(c.role)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        out.push(format!(
            "{} table(s) read, {} expected [{}]",
            wb.tables.len(),
            want.len(),
            read.join("; ")
        ));
        return out;
    }
    for (t, w) in wb.tables.iter().zip(want) {
        if t.header_rows != w.header_rows {
            out.push(format!(
                "header rows {:?}, expected {:?}",
                t.header_rows, w.header_rows
            ));
        }
        let at = w.header_rows.last().copied().unwrap_or(0);
        for (col, role, label) in &w.columns {
            let got = t.columns.iter().find(|c| c.col == *col).map(|c| c.role);
            if got != Some(*role) {
                out.push(format!(
                    "{}{at} {label:?} read as {}, expected {}",
                    letters(*col),
                    got.map_or("nothing".to_string(), role_text),
                    role_text(*role)
                ));
            }
        }
        for c in &t.columns {
            if !w.columns.iter().any(|(col, ..)| *col == c.col) {
                out.push(format!(
                    "column {} {:?} read as {}, expected nothing",
                    letters(c.col),
                    c.label,
                    role_text(c.role)
                ));
            }
        }
        if t.rows.len() != w.rows {
            out.push(format!(
                "{} data rows read (rows {:?}), expected {}",
                t.rows.len(),
                t.rows.iter().map(|r| r.row).collect::<Vec<_>>(),
                w.rows
            ));
        }
    }
    out
}

/// Draws every corpus wording that `pick` keeps in `shape`, reads it, and returns how many were
/// tried and the failures, each naming its wording.
fn run_corpus(shape: Shape, pick: impl Fn(Expect) -> bool) -> (usize, Vec<String>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut tried = 0;
    let mut failures = Vec::new();
    for (i, &(label, expect)) in CORPUS.iter().enumerate() {
        if !pick(expect) {
            continue;
        }
        tried += 1;
        let plan = plan_for(label, expect, i, shape);
        let (sheet, want) = build(&plan);
        let (wb, findings) = read_book(&dir.path().join(format!("w{i}.xlsx")), &[sheet]);
        let m = mismatches(&wb, &findings, &want);
        if !m.is_empty() {
            let as_written = plan
                .column
                .as_ref()
                .map(|(.., l)| l.clone())
                .unwrap_or_else(|| written(label));
            failures.push(format!(
                "- {label:?} ({}, written {as_written:?}, {}):\n      {}",
                expect_text(expect),
                if plan.full {
                    "full scoring"
                } else {
                    "score and level"
                },
                m.join("\n      ")
            ));
        }
    }
    (tried, failures)
}

fn assert_corpus(shape: Shape, pick: impl Fn(Expect) -> bool) {
    let (tried, failures) = run_corpus(shape, pick);
    assert!(tried >= 8, "only {tried} wordings tried");
    assert!(
        failures.is_empty(),
        "{shape:?}: {} of {tried} wordings misread:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn is_column(e: Expect) -> bool {
    matches!(e, Expect::RowNumber | Expect::Unit | Expect::Field(_))
}

// ---------------------------------------------------------------------------------------------
// A. The corpus, in three shapes

#[test]
fn corpus_has_at_least_eight_wordings_for_every_role() {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for &(_, e) in CORPUS {
        *count.entry(expect_text(e)).or_default() += 1;
    }
    let roles = [
        STT, UNIT, SCORE, LEVEL, MAX, NA, APP, RAW, PCT, CONV, GROUP_A, GROUP_R, CAPTION_A,
        CAPTION_R,
    ];
    for e in roles {
        let c = count.get(&expect_text(e)).copied().unwrap_or(0);
        assert!(c >= 8, "{}: {c} wordings", expect_text(e));
    }
    assert!(CORPUS.len() >= 90, "{} wordings", CORPUS.len());
    let mut seen = std::collections::BTreeSet::new();
    for &(label, e) in CORPUS {
        assert!(seen.insert((label, expect_text(e))), "{label:?} twice");
    }
}

/// "Điểm tối đa ĐKSS", "Mức độ đạt được\nTỷ lệ (%)", "Quy đổi (điều kiện sẵn sàng)": each label
/// carries its dimension; one header row.
#[test]
fn one_row_headers_with_the_dimension_in_each_label() {
    assert_corpus(Shape::OneRow, is_column);
}

/// The wordings as sub-columns under merged "MỨC ĐỘ ĐẠT ĐƯỢC" / "ĐIỀU KIỆN SẴN SÀNG" groups, and
/// STT / unit wordings merged over both header rows.
#[test]
fn two_row_headers_under_merged_dimension_groups() {
    assert_corpus(Shape::Grouped, is_column);
}

/// The dimension wordings as the merged group cell over "Tổng điểm | Xếp hạng" or over the full
/// scoring columns.
#[test]
fn dimension_wordings_as_merged_group_cells() {
    assert_corpus(Shape::Grouped, |e| matches!(e, Expect::Group(_)));
}

/// One table per dimension on one sheet, the dimension only in the caption row above each
/// one-row header ("1. Mức độ đạt được"), the second table sorted the other way.
#[test]
fn captioned_tables_one_per_dimension() {
    assert_corpus(Shape::Captioned, is_column);
}

/// The dimension wordings as the caption of the table.
#[test]
fn dimension_wordings_as_captions() {
    assert_corpus(Shape::Captioned, |e| matches!(e, Expect::Caption(_)));
}

/// A dimension with no score, no converted score and exactly one raw-points column: that column
/// is its score ("Điểm tự chấm" alone under ĐIỀU KIỆN SẴN SÀNG is the readiness score).
#[test]
fn raw_points_alone_under_a_dimension_are_its_score() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut tried = 0;
    let mut failures = Vec::new();
    for (i, &(label, expect)) in CORPUS.iter().enumerate() {
        if expect != RAW {
            continue;
        }
        for shape in [Shape::OneRow, Shape::Grouped, Shape::Captioned] {
            tried += 1;
            let nfd = label.starts_with('~');
            let text = label.trim_start_matches('~');
            let dim = if i % 2 == 0 { Readiness } else { Achieved };
            let mut plan = Plan::new(shape, i, false);
            let l = if shape == Shape::OneRow {
                compose(text, dim, i)
            } else {
                text.to_string()
            };
            let l = decomposed_if(l, nfd);
            plan.column = Some((dim, Field::Score, l.clone()));
            let (sheet, want) = build(&plan);
            let (wb, findings) =
                read_book(&dir.path().join(format!("raw{i}-{shape:?}.xlsx")), &[sheet]);
            let m = mismatches(&wb, &findings, &want);
            if !m.is_empty() {
                failures.push(format!(
                    "- {label:?} alone under {} ({shape:?}, written {l:?}):\n      {}",
                    dim.key(),
                    m.join("\n      ")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {tried} raw-points-alone tables misread:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A label naming a dimension and a level word is that dimension's level column, never its
/// score, whatever the order and even when "mức độ" or "kết quả" is part of the phrase.
#[test]
fn a_level_word_beside_a_dimension_name_is_that_dimensions_level() {
    let labels = [
        ("Xếp hạng  mức độ điều kiện sẵn sàng", Readiness),
        ("Kết quả xếp loại mức độ đạt được", Achieved),
        ("Mức độ đạt được (xếp hạng)", Achieved),
        ("ĐKSS - Mức", Readiness),
        ("XẾP LOẠI ĐIỀU KIỆN SẴN SÀNG", Readiness),
        ("Mức xếp hạng MĐĐĐ", Achieved),
        ("Xếp hạng mức độ đạt được của CQĐT", Achieved),
        ("Kết quả điều kiện sẵn sàng (mức)", Readiness),
        ("Mức độ đạt được\nKết quả", Achieved),
        ("Xếp hạng hạng ĐKSS", Readiness),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let mut failures = Vec::new();
    for (i, (label, dim)) in labels.iter().enumerate() {
        let mut plan = Plan::new(Shape::OneRow, i, false);
        plan.column = Some((*dim, Field::Level, label.to_string()));
        let (sheet, want) = build(&plan);
        let (wb, findings) = read_book(&dir.path().join(format!("l{i}.xlsx")), &[sheet]);
        let m = mismatches(&wb, &findings, &want);
        if !m.is_empty() {
            failures.push(format!("- {label:?}:\n      {}", m.join("\n      ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} level labels misread:\n{}",
        failures.len(),
        labels.len(),
        failures.join("\n")
    );
}

/// Three header rows: a general group over all value columns, the dimension groups, then the
/// sub-columns. The dimension comes from the nearest group above each sub-column.
#[test]
fn three_row_header_with_a_general_group_on_top() {
    let sheet = Sheet::new(
        "Bieu 01",
        vec![
            row(&[TITLE]),
            row(&[]),
            row(&[
                "Số TT",
                "Tên xã, phường, thị trấn",
                "KẾT QUẢ ĐÁNH GIÁ NĂM 2022",
            ]),
            row(&["", "", "ĐIỀU KIỆN SẴN SÀNG", "", "MỨC ĐỘ ĐẠT ĐƯỢC", ""]),
            row(&["", "", "Xếp loại", "Số điểm", "Xếp loại", "Số điểm"]),
            row(&["1", "Thị trấn Cam Đức", "II", "27,5", "I", "54,5"]),
            row(&["2", "Xã Cam Hòa", "I", "22", "Mức 3", "48"]),
            row(&[
                "3",
                "Xã Cam Tân",
                "Mức IV",
                "20,56",
                "Không xếp hạng",
                "30,25",
            ]),
        ],
    )
    .merge(2, 0, 4, 0)
    .merge(2, 1, 4, 1)
    .merge(2, 2, 2, 5)
    .merge(3, 2, 3, 3)
    .merge(3, 4, 3, 5);
    let dir = tempfile::tempdir().expect("tempdir");
    let (wb, findings) = read_book(&dir.path().join("three.xlsx"), &[sheet]);
    let want = Want {
        header_rows: vec![3, 4, 5],
        columns: vec![
            (1, Role::RowNumber, "Số TT".into()),
            (2, Role::Unit, "Tên xã, phường, thị trấn".into()),
            (3, Role::Dim(Readiness, Field::Level), "Xếp loại".into()),
            (4, Role::Dim(Readiness, Field::Score), "Số điểm".into()),
            (5, Role::Dim(Achieved, Field::Level), "Xếp loại".into()),
            (6, Role::Dim(Achieved, Field::Score), "Số điểm".into()),
        ],
        rows: 3,
    };
    let m = mismatches(&wb, &findings, &[want]);
    assert!(
        m.is_empty(),
        "three-row header under \"KẾT QUẢ ĐÁNH GIÁ NĂM 2022\":\n{}",
        m.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// B. Ambiguous headers: said, never guessed

/// A header that must give `header-ambiguous` at `at` on its sheet (and nowhere but `at` and
/// `also`).
struct Doubt {
    what: &'static str,
    sheet: Sheet,
    at: &'static str,
    also: &'static [&'static str],
}

fn check_doubts(cases: Vec<Doubt>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let total = cases.len();
    let mut failures = Vec::new();
    for (i, case) in cases.into_iter().enumerate() {
        let sheet_name = case.sheet.name.clone();
        let (wb, findings) = read_book(&dir.path().join(format!("d{i}.xlsx")), &[case.sheet]);
        if wb.rejected {
            failures.push(format!("- {}: file rejected {findings:?}", case.what));
            continue;
        }
        let doubts: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.code == Code::HeaderAmbiguous)
            .collect();
        let cell_of = |f: &Finding| f.location.cell.map(|c| c.to_string());
        let found = doubts.iter().any(|f| {
            f.location.sheet.as_deref() == Some(sheet_name.as_str())
                && cell_of(f).as_deref() == Some(case.at)
        });
        let stray: Vec<String> = doubts
            .iter()
            .filter(|f| {
                f.location.sheet.as_deref() != Some(sheet_name.as_str())
                    || !cell_of(f).is_some_and(|c| c == case.at || case.also.contains(&c.as_str()))
            })
            .map(|f| place(f))
            .collect();
        if !found || !stray.is_empty() {
            let read: Vec<String> = wb
                .tables
                .iter()
                .flat_map(|t| {
                    t.columns
                        .iter()
                        .map(|c| format!("{}={}", letters(c.col), role_text(c.role)))
                })
                .collect();
            failures.push(format!(
                "- {}: expected header-ambiguous at '{sheet_name}'!{}; found {:?}{}; columns read: [{}]",
                case.what,
                case.at,
                doubts.iter().map(|f| place(f)).collect::<Vec<_>>(),
                if stray.is_empty() {
                    String::new()
                } else {
                    format!(" (not expected: {stray:?})")
                },
                read.join(", ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} ambiguous headers not said where expected:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Rows 1-2 title and blank, then a two-row header (rows 3-4): STT and unit merged vertically,
/// each group merged over its sub-columns. `groups`: (group text, sub-labels).
fn grouped(name: &str, groups: &[(&str, &[&str])], data: &[&[&str]]) -> Sheet {
    let mut top = row(&["STT", "Tên đơn vị"]);
    let mut sub = vec![C::E, C::E];
    let mut merges = vec![(2u32, 0u16, 3u32, 0u16), (2, 1, 3, 1)];
    for (g, subs) in groups {
        let first = top.len() as u16;
        for (j, l) in subs.iter().enumerate() {
            top.push(if j == 0 { s(g) } else { C::E });
            sub.push(s(l));
        }
        let last = top.len() as u16 - 1;
        if last > first {
            merges.push((2, first, 2, last));
        }
    }
    let mut rows = vec![row(&[TITLE]), row(&[]), top, sub];
    rows.extend(data.iter().map(|d| row(d)));
    let mut sheet = Sheet::new(name, rows);
    for (r1, c1, r2, c2) in merges {
        sheet = sheet.merge(r1, c1, r2, c2);
    }
    sheet
}

/// `above` (title or caption rows), then a one-row header, then the data.
fn one_row(name: &str, above: &[&str], header: &[&str], data: &[&[&str]]) -> Sheet {
    let mut rows: Vec<Vec<C>> = above.iter().map(|t| row(&[*t])).collect();
    rows.push(row(header));
    rows.extend(data.iter().map(|d| row(d)));
    Sheet::new(name, rows)
}

/// "Điểm / Xếp hạng", "Số điểm hoặc mức": one label, two incompatible roles.
#[test]
fn ambiguous_a_label_with_two_roles() {
    check_doubts(vec![
        Doubt {
            what: "\"Điểm / Xếp hạng\" under MỨC ĐỘ ĐẠT ĐƯỢC",
            sheet: grouped(
                "KQ xa",
                &[
                    ("MỨC ĐỘ ĐẠT ĐƯỢC", &["Điểm / Xếp hạng"]),
                    ("ĐIỀU KIỆN SẴN SÀNG", &["Tổng điểm", "Xếp hạng"]),
                ],
                &[
                    &["1", "Thị trấn Cam Đức", "54,5/I", "27,5", "II"],
                    &["2", "Xã Cam Hòa", "48/III", "22", "I"],
                ],
            ),
            at: "C4",
            also: &[],
        },
        Doubt {
            what: "\"Số điểm hoặc mức\" under the caption \"1. Mức độ đạt được\"",
            sheet: one_row(
                "Bieu 1",
                &[TITLE, "1. Mức độ đạt được"],
                &["STT", "Tên đơn vị", "Số điểm hoặc mức", "Tỷ lệ (%)"],
                &[
                    &["1", "Thị trấn Cam Đức", "54.5", "90,83%"],
                    &["2", "Xã Cam Hòa", "48", "80,00%"],
                ],
            ),
            at: "C3",
            also: &[],
        },
        Doubt {
            what: "\"Điểm quy đổi/Tỷ lệ % (ĐKSS)\" in a one-row header",
            sheet: one_row(
                "Tong hop",
                &[TITLE, ""],
                &[
                    "STT",
                    "Tên đơn vị",
                    "Điểm MĐĐĐ",
                    "Xếp hạng MĐĐĐ",
                    "Điểm quy đổi/Tỷ lệ % (ĐKSS)",
                    "Xếp hạng ĐKSS",
                ],
                &[
                    &["1", "Thị trấn Cam Đức", "54.5", "I", "27.5", "II"],
                    &["2", "Xã Cam Hòa", "48", "Mức 3", "22", "I"],
                ],
            ),
            at: "E3",
            also: &[],
        },
        Doubt {
            what: "\"Điểm tối đa/điểm đạt được\" under ĐIỀU KIỆN SẴN SÀNG",
            sheet: grouped(
                "Cap xa",
                &[
                    ("MỨC ĐỘ ĐẠT ĐƯỢC", &["Tổng điểm", "Xếp hạng"]),
                    (
                        "ĐIỀU KIỆN SẴN SÀNG",
                        &["Điểm tối đa/điểm đạt được", "Xếp loại"],
                    ),
                ],
                &[
                    &["1", "Thị trấn Cam Đức", "54.5", "I", "30/27,5", "II"],
                    &["2", "Xã Cam Hòa", "48", "Mức 3", "30/22", "I"],
                ],
            ),
            at: "E4",
            also: &[],
        },
    ]);
}

/// A value column whose dimension is named nowhere: not in its label, not in a group, not in a
/// caption (a generic title, a title naming both dimensions, or "kết quả" alone in a title).
#[test]
fn ambiguous_a_value_column_without_a_dimension() {
    check_doubts(vec![
        Doubt {
            what: "\"Tổng điểm | Xếp hạng\" under a generic title",
            sheet: one_row(
                "Tong hop",
                &[TITLE, ""],
                &["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"],
                &[
                    &["1", "Thị trấn Cam Đức", "54.5", "I"],
                    &["2", "Xã Cam Hòa", "48", "Mức 3"],
                ],
            ),
            at: "C3",
            also: &["D3"],
        },
        Doubt {
            what: "\"Điểm | Mức\" under a caption naming both dimensions",
            sheet: one_row(
                "Sheet1",
                &["Kết quả đánh giá mức độ đạt được và điều kiện sẵn sàng năm 2022"],
                &["TT", "Đơn vị", "Điểm", "Mức"],
                &[
                    &["1", "Thị trấn Cam Đức", "54.5", "I"],
                    &["2", "Xã Cam Hòa", "48", "Mức 3"],
                ],
            ),
            at: "C2",
            also: &["D2"],
        },
        Doubt {
            what: "\"Số điểm | Xếp loại\" under a caption saying only \"kết quả\"",
            sheet: one_row(
                "Ket qua",
                &["BẢNG KẾT QUẢ CHẤM ĐIỂM CÁC XÃ, PHƯỜNG, THỊ TRẤN NĂM 2022"],
                &["Số TT", "Tên xã", "Số điểm", "Xếp loại"],
                &[
                    &["1", "Thị trấn Cam Đức", "27,5", "II"],
                    &["2", "Xã Cam Hòa", "22", "I"],
                ],
            ),
            at: "C2",
            also: &["D2"],
        },
        Doubt {
            what: "\"Tổng điểm | Xếp hạng\" under a group \"Năm 2022\"",
            sheet: grouped(
                "Nam 2022",
                &[("Năm 2022", &["Tổng điểm", "Xếp hạng"])],
                &[
                    &["1", "Thị trấn Cam Đức", "54.5", "I"],
                    &["2", "Xã Cam Hòa", "48", "Mức 3"],
                ],
            ),
            at: "C4",
            also: &["D4"],
        },
    ]);
}

/// A value label naming both dimensions while neither has any other column.
#[test]
fn ambiguous_a_label_naming_both_dimensions() {
    check_doubts(vec![
        Doubt {
            what: "\"Tổng điểm mức độ đạt được và điều kiện sẵn sàng\"",
            sheet: one_row(
                "Tong hop",
                &[TITLE, ""],
                &[
                    "STT",
                    "Tên đơn vị",
                    "Tổng điểm mức độ đạt được và điều kiện sẵn sàng",
                    "Ghi chú",
                ],
                &[
                    &["1", "Thị trấn Cam Đức", "82", ""],
                    &["2", "Xã Cam Hòa", "70", ""],
                ],
            ),
            at: "C3",
            also: &[],
        },
        Doubt {
            what: "\"Xếp hạng (MĐĐĐ, ĐKSS)\"",
            sheet: one_row(
                "Xep hang",
                &[TITLE],
                &["STT", "Tên đơn vị", "Xếp hạng (MĐĐĐ, ĐKSS)"],
                &[
                    &["1", "Thị trấn Cam Đức", "I - II"],
                    &["2", "Xã Cam Hòa", "III - I"],
                ],
            ),
            at: "C2",
            also: &[],
        },
        Doubt {
            what: "\"Điểm\\n(Mức độ đạt được - Điều kiện sẵn sàng)\"",
            sheet: one_row(
                "Diem",
                &[TITLE, ""],
                &[
                    "Số TT",
                    "Đơn vị",
                    "Điểm\n(Mức độ đạt được - Điều kiện sẵn sàng)",
                ],
                &[
                    &["1", "Thị trấn Cam Đức", "54,5 - 27,5"],
                    &["2", "Xã Cam Hòa", "48 - 22"],
                ],
            ),
            at: "C3",
            also: &[],
        },
    ]);
}

/// Two columns claiming one role: the second one from the left is in doubt.
#[test]
fn ambiguous_two_columns_claiming_one_role() {
    check_doubts(vec![
        Doubt {
            what: "\"Tổng điểm\" and \"Số điểm\" under MỨC ĐỘ ĐẠT ĐƯỢC",
            sheet: grouped(
                "Tong hop",
                &[
                    ("MỨC ĐỘ ĐẠT ĐƯỢC", &["Tổng điểm", "Số điểm", "Xếp hạng"]),
                    ("ĐIỀU KIỆN SẴN SÀNG", &["Tổng điểm", "Xếp hạng"]),
                ],
                &[
                    &["1", "Thị trấn Cam Đức", "54.5", "52", "I", "27.5", "II"],
                    &["2", "Xã Cam Hòa", "48", "47,5", "Mức 3", "22", "I"],
                ],
            ),
            at: "D4",
            also: &[],
        },
        Doubt {
            what: "\"Điểm MĐĐĐ\" and \"Tổng điểm mức độ đạt được\"",
            sheet: one_row(
                "Sheet1",
                &[TITLE, ""],
                &[
                    "STT",
                    "Tên đơn vị",
                    "Điểm MĐĐĐ",
                    "Tổng điểm mức độ đạt được",
                    "Điểm ĐKSS",
                ],
                &[
                    &["1", "Thị trấn Cam Đức", "54.5", "54.5", "27.5"],
                    &["2", "Xã Cam Hòa", "48", "47", "22"],
                ],
            ),
            at: "D3",
            also: &[],
        },
        Doubt {
            what: "\"Xếp hạng\" and \"Xếp loại\" under the caption \"Biểu 02. Điều kiện sẵn sàng\"",
            sheet: one_row(
                "Bieu 02",
                &[TITLE, "Biểu 02. Điều kiện sẵn sàng"],
                &["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng", "Xếp loại"],
                &[
                    &["1", "Thị trấn Cam Đức", "27.5", "II", "II"],
                    &["2", "Xã Cam Hòa", "22", "I", "Mức 1"],
                ],
            ),
            at: "E3",
            also: &[],
        },
        Doubt {
            what: "\"Tỷ lệ (%) ĐKSS\" and \"Tỉ lệ đạt ĐKSS\"",
            sheet: one_row(
                "DKSS",
                &[TITLE, ""],
                &[
                    "STT",
                    "Tên đơn vị",
                    "Điểm tối đa ĐKSS",
                    "Điểm đạt được ĐKSS",
                    "Tỷ lệ (%) ĐKSS",
                    "Tỉ lệ đạt ĐKSS",
                    "Điểm quy đổi ĐKSS",
                ],
                &[
                    &[
                        "1",
                        "Thị trấn Cam Đức",
                        "30",
                        "27.5",
                        "91,67%",
                        "91,67%",
                        "27.5",
                    ],
                    &["2", "Xã Cam Hòa", "30", "22", "73,33%", "73,33%", "22"],
                ],
            ),
            at: "F3",
            also: &[],
        },
        Doubt {
            what: "\"Điểm tối đa\" and \"Thang điểm\" under the caption \"A. MỨC ĐỘ ĐẠT ĐƯỢC\"",
            sheet: one_row(
                "MDDD",
                &[TITLE, "A. MỨC ĐỘ ĐẠT ĐƯỢC"],
                &[
                    "STT",
                    "Tên đơn vị",
                    "Điểm tối đa",
                    "Thang điểm",
                    "Điểm đạt được",
                    "Điểm quy đổi",
                ],
                &[
                    &["1", "Thị trấn Cam Đức", "60", "60", "54.5", "54.5"],
                    &["2", "Xã Cam Hòa", "60", "60", "44", "44"],
                ],
            ),
            at: "D3",
            also: &[],
        },
    ]);
}

/// Level spellings in most rows of a column labelled as a score: `header-values-disagree` on
/// that column.
#[test]
fn level_spellings_in_a_score_column_disagree_with_its_header() {
    let sheet = one_row(
        "Tong hop",
        &[TITLE, ""],
        &[
            "STT",
            "Tên đơn vị",
            "Điểm MĐĐĐ",
            "Xếp hạng MĐĐĐ",
            "Điểm ĐKSS",
            "Xếp hạng ĐKSS",
        ],
        &[
            &["1", "Thị trấn Cam Đức", "54.5", "I", "I", "27.5"],
            &["2", "Xã Cam Hòa", "48", "Mức 3", "II", "25"],
            &[
                "3",
                "Xã Cam Tân",
                "30.25",
                "Không xếp hạng",
                "Mức 3",
                "22,5",
            ],
            &["4", "Xã Sơn Tân", "44", "III", "KXH", "15"],
        ],
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let (wb, findings) = read_book(&dir.path().join("values.xlsx"), &[sheet]);
    assert!(!wb.rejected, "{findings:?}");
    let disagree: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.code == Code::HeaderValuesDisagree)
        .collect();
    assert!(
        disagree
            .iter()
            .any(|f| f.location.sheet.as_deref() == Some("Tong hop")
                && f.location.cell.is_some_and(|c| c.col == 5)),
        "\"Điểm ĐKSS\" (column E) holds I, II, Mức 3, KXH: expected header-values-disagree on \
         column E; found {:?}",
        disagree.iter().map(|f| place(f)).collect::<Vec<_>>()
    );
}

/// Levels in most rows of the only column a dimension has, labelled as its score: the column is
/// read as its level, in every row of the table.
#[test]
fn a_score_column_of_levels_is_read_as_the_level_in_every_row() {
    let sheet = one_row(
        "Tong hop",
        &[TITLE, ""],
        &["STT", "Tên đơn vị", "Điểm MĐĐĐ", "Điểm ĐKSS"],
        &[
            &["1", "Thị trấn Cam Đức", "54.5", "I"],
            &["2", "Xã Cam Hòa", "48", "Mức 3"],
            &["3", "Xã Cam Tân", "30.25", "Không xếp hạng"],
            &["4", "Xã Sơn Tân", "44", "II"],
        ],
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let (wb, findings) = read_book(&dir.path().join("levels.xlsx"), &[sheet]);
    assert!(!wb.rejected, "{findings:?}");
    let rows = &wb.tables[0].rows;
    assert_eq!(rows.len(), 4);
    for r in rows {
        let level = r.get(Role::Dim(Readiness, Field::Level));
        assert_eq!(level.map(|c| c.cell.col), Some(4), "row {}", r.row);
        assert!(
            r.get(Role::Dim(Readiness, Field::Score)).is_none(),
            "row {}",
            r.row
        );
        assert_eq!(
            r.get(Role::Dim(Achieved, Field::Score)).map(|c| c.cell.col),
            Some(3)
        );
        // The rows share their table's columns.
        assert!(std::sync::Arc::ptr_eq(&r.cols, &rows[0].cols));
    }
}

// ---------------------------------------------------------------------------------------------
// C. End to end through the binary

const RUN: [&str; 3] = ["run", "--pipeline", "pipelines/test.toml"];

fn findings_with<'a>(report: &'a serde_json::Value, code: &str) -> Vec<&'a serde_json::Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == code)
        .collect()
}

fn file_entry<'a>(report: &'a serde_json::Value, file: &str) -> &'a serde_json::Value {
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["file"] == format!("raw/2020/{file}"))
        .unwrap_or_else(|| panic!("{file} not in {:#}", report["files"]))
}

/// "STT | Tên đơn vị | Tổng điểm | Xếp hạng" under a generic title: the score's dimension cannot
/// be told, so every row is rejected with `header-ambiguous` and the run fails (exit 1).
#[test]
fn end_to_end_a_score_without_a_dimension_rejects_its_rows() {
    let file = "cam-lam-2020.xlsx";
    let p = Project::new("56", "", "");
    write_xlsx(
        &p.raw(file),
        &[Sheet::new(
            "Tong hop",
            vec![
                row(&["ỦY BAN NHÂN DÂN HUYỆN CAM LÂM"]),
                row(&["BIỂU TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020"]),
                row(&[]),
                row(&["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"]),
                row(&["1", "Thị trấn Cam Đức", "45,5", "III"]),
                row(&["2", "Xã Cam Hòa", "50,1", "II"]),
                row(&["3", "Xã Cam Tân", "54,5", "I"]),
            ],
        )],
    );
    let o = p.run(&RUN);
    assert_eq!(o.code, 1, "exit code\n{}", util::show(&o));
    let rejects = read_csv(&p.out("2020", "rejects.csv"));
    let mut got: Vec<(String, String)> = rejects
        .iter()
        .map(|r| (r["source_row"].clone(), r["code"].clone()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        ["5", "6", "7"]
            .iter()
            .map(|r| (r.to_string(), "header-ambiguous".to_string()))
            .collect::<Vec<_>>(),
        "rejects.csv: {rejects:#?}"
    );
    let cam_hoa = rejects
        .iter()
        .find(|r| r["source_row"] == "6")
        .expect("row 6");
    assert_eq!(cam_hoa["source_sheet"], "Tong hop");
    assert!(
        cam_hoa["raw_values"].contains("B6=Xã Cam Hòa") && cam_hoa["raw_values"].contains("50,1"),
        "{cam_hoa:#?}"
    );
    assert!(read_csv(&p.out("2020", "commune.csv")).is_empty());
    let report = p.report();
    let doubts = findings_with(&report, "header-ambiguous");
    assert!(
        doubts
            .iter()
            .any(|f| f["sheet"] == "Tong hop" && f["cell"] == "C4"),
        "header-ambiguous at 'Tong hop'!C4: {doubts:#?}"
    );
    let f = file_entry(&report, file);
    assert_eq!(f["rows_read"], 7, "{f:#}");
    assert_eq!(f["rows_accepted"], 0, "{f:#}");
    assert_eq!(f["rows_rejected"], 3, "{f:#}");
    assert_eq!(f["rows_passed_over"], 4, "{f:#}");
    assert_eq!(f["balanced"], true, "{f:#}");
}

/// The Khánh Hòa district table in full scoring, one table per dimension on one sheet, readiness
/// first, each sorted by its own converted score, the dimension named only in the caption above
/// each table (and in its level column's label).
fn full_scoring_districts() -> Sheet {
    let header = |converted: &str, level: &str| {
        row(&[
            "STT",
            "Tên đơn vị",
            "Điểm tối đa",
            "Điểm không áp dụng",
            "Điểm tối đa áp dụng",
            "Điểm đạt được",
            "Tỷ lệ (%)",
            converted,
            level,
        ])
    };
    Sheet::new(
        "Cap huyen",
        vec![
            row(&["SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH KHÁNH HÒA"]),
            row(&["BIỂU TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ CẤP HUYỆN NĂM 2020"]),
            row(&[]),
            row(&["1. Kết quả xếp hạng điều kiện sẵn sàng cấp huyện năm 2020"]),
            header("Điểm điểm quy đổi", "Xếp hạng  mức độ điều kiện sẵn sàng"),
            // Rates as text with a whole percentage.
            row(&[
                "1",
                "Thành phố Nha Trang",
                "50",
                "0",
                "50",
                "47",
                "94%",
                "47",
                "Mức I",
            ]),
            row(&[
                "2",
                "Huyện Cam Lâm",
                "50",
                "5",
                "45",
                "41.4",
                "92%",
                "46",
                "I",
            ]),
            row(&[
                "3",
                "Thị xã Ninh Hòa",
                "50",
                "0",
                "50",
                "42",
                "84%",
                "42",
                "I",
            ]),
            row(&[
                "4",
                "Huyện Vạn Ninh",
                "50",
                "0",
                "50",
                "38",
                "76%",
                "38",
                "Mức III",
            ]),
            row(&[]),
            row(&["2. Kết quả xếp hạng mức độ đạt được cấp huyện năm 2020"]),
            header("Điểm quy đổi", "Xếp hạng mức độ đạt được"),
            // Rates as text with a decimal comma; converted scores as text or numbers.
            row(&[
                "1",
                "Thành phố Nha Trang",
                "100",
                "4",
                "96",
                "86",
                "89,58%",
                "89,58",
                "II",
            ]),
            row(&[
                "2",
                "Thị xã Ninh Hòa",
                "100",
                "0",
                "100",
                "85.36",
                "85,36%",
                "85,36",
                "Mức II",
            ]),
            row(&[
                "3",
                "Huyện Cam Lâm",
                "100",
                "10",
                "90",
                "70.2",
                "78,00%",
                "78",
                "III",
            ]),
            row(&[]),
            row(&["Ghi chú: Điểm quy đổi = Điểm đạt được × Điểm tối đa / Điểm tối đa áp dụng"]),
        ],
    )
}

#[test]
fn end_to_end_full_scoring_districts_one_table_per_dimension() {
    let file = "Khanh Hoa - cap huyen 2020.xlsx";
    let p = Project::new("56", "", "");
    write_xlsx(&p.raw(file), &[full_scoring_districts()]);
    let o = p.run(&RUN);
    // Vạn Ninh has readiness only: an error, so exit 1.
    assert_eq!(o.code, 1, "exit code\n{}", util::show(&o));
    let report = p.report();
    for code in ["header-ambiguous", "header-values-disagree"] {
        let found = findings_with(&report, code);
        assert!(found.is_empty(), "{code}: {found:#?}");
    }
    let d: BTreeMap<String, BTreeMap<String, String>> = read_csv(&p.out("2020", "district.csv"))
        .into_iter()
        .map(|r| (r["district_code"].clone(), r))
        .collect();
    assert_eq!(
        d.keys().map(String::as_str).collect::<Vec<_>>(),
        ["568", "570", "572"],
        "district.csv: {d:#?}\n{}",
        util::show(&o)
    );
    let keys = [
        "achieved_score",
        "achieved_level",
        "achieved_level_published",
        "achieved_max",
        "achieved_not_applicable",
        "achieved_applicable_max",
        "achieved_raw_points",
        "achieved_percent",
        "achieved_converted",
        "readiness_score",
        "readiness_level",
        "readiness_level_published",
        "readiness_max",
        "readiness_not_applicable",
        "readiness_applicable_max",
        "readiness_raw_points",
        "readiness_percent",
        "readiness_converted",
        "source_sheet",
        "source_row",
    ];
    let expected: [(&str, [&str; 20]); 3] = [
        (
            "568",
            [
                "89.58",
                "II",
                "II",
                "100.0",
                "4.0",
                "96.0",
                "86.0",
                "89.58",
                "89.58",
                "47.0",
                "I",
                "I",
                "50.0",
                "0.0",
                "50.0",
                "47.0",
                "94.0",
                "47.0",
                "Cap huyen",
                "6",
            ],
        ),
        // Cam Lâm: the score is the converted score (46 = 41,4 × 50 / 45), not the raw points.
        (
            "570",
            [
                "78.0",
                "III",
                "III",
                "100.0",
                "10.0",
                "90.0",
                "70.2",
                "78.0",
                "78.0",
                "46.0",
                "I",
                "I",
                "50.0",
                "5.0",
                "45.0",
                "41.4",
                "92.0",
                "46.0",
                "Cap huyen",
                "7",
            ],
        ),
        // Ninh Hòa: readiness published I, computed II from 84 %: both kept.
        (
            "572",
            [
                "85.36",
                "II",
                "II",
                "100.0",
                "0.0",
                "100.0",
                "85.36",
                "85.36",
                "85.36",
                "42.0",
                "II",
                "I",
                "50.0",
                "0.0",
                "50.0",
                "42.0",
                "84.0",
                "42.0",
                "Cap huyen",
                "8",
            ],
        ),
    ];
    let mut wrong = Vec::new();
    for (code, values) in expected {
        let Some(r) = d.get(code) else { continue };
        for (k, v) in keys.iter().zip(values) {
            if r[*k] != v {
                wrong.push(format!("{code} {k}: {:?}, expected {v:?}", r[*k]));
            }
        }
    }
    assert!(wrong.is_empty(), "district.csv:\n{}", wrong.join("\n"));
    // Vạn Ninh is only in the readiness table: rejected with its raw values.
    let rejects = read_csv(&p.out("2020", "rejects.csv"));
    assert_eq!(rejects.len(), 1, "{rejects:#?}");
    let r = &rejects[0];
    assert_eq!(r["code"], "missing-dimension", "{r:#?}");
    assert_eq!(r["source_sheet"], "Cap huyen", "{r:#?}");
    assert_eq!(r["source_row"], "9", "{r:#?}");
    for part in ["B9=Huyện Vạn Ninh", "F9=38", "G9=76%", "I9=Mức III"] {
        assert!(r["raw_values"].contains(part), "{part}: {r:#?}");
    }
    let f = file_entry(&report, file);
    assert_eq!(f["rows_read"], 17, "{f:#}");
    assert_eq!(f["rows_accepted"], 6, "{f:#}");
    assert_eq!(f["rows_rejected"], 1, "{f:#}");
    assert_eq!(f["rows_passed_over"], 10, "{f:#}");
    assert_eq!(f["balanced"], true, "{f:#}");
}

// ---------------------------------------------------------------------------------------------
// Shapes of header beyond the corpus, and aliases

fn roles_of(wb: &Workbook) -> Vec<Vec<(String, Role)>> {
    wb.tables
        .iter()
        .map(|t| t.columns.iter().map(|c| (letters(c.col), c.role)).collect())
        .collect()
}

fn clear(findings: &[Finding]) -> bool {
    !findings
        .iter()
        .any(|f| matches!(f.code, Code::HeaderAmbiguous | Code::HeaderValuesDisagree))
}

fn col(l: &str, r: Role) -> (String, Role) {
    (l.to_string(), r)
}

/// The unit label on the lower row, the dimension groups on the row above it only.
#[test]
fn dimension_groups_on_a_row_above_the_unit_label() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sheet = Sheet::new(
        "Xa",
        vec![
            row(&["", "", "Chỉ số mức độ đạt được", "", "Chỉ số sẵn sàng", ""]),
            row(&["Số thứ tự", "Xã/phường", "Điểm", "Loại", "Điểm", "Loại"]),
            row(&["1", "Xã Cam Hòa", "50,1", "II", "27", "I"]),
            row(&["2", "Xã Cam Tân", "44", "III", "21", "IV"]),
        ],
    )
    .merge(0, 2, 0, 3)
    .merge(0, 4, 0, 5);
    let (wb, findings) = read_book(&dir.path().join("a.xlsx"), &[sheet]);
    assert!(clear(&findings), "{findings:#?}");
    assert_eq!(
        roles_of(&wb),
        vec![vec![
            col("A", Role::RowNumber),
            col("B", Role::Unit),
            col("C", Role::Dim(Achieved, Field::Score)),
            col("D", Role::Dim(Achieved, Field::Level)),
            col("E", Role::Dim(Readiness, Field::Score)),
            col("F", Role::Dim(Readiness, Field::Level)),
        ]]
    );
    assert_eq!(wb.tables[0].rows.len(), 2);
}

/// The field merged over the dimensions: "Tổng điểm" over "MĐĐĐ | ĐKSS", "Phân hạng" over the same.
#[test]
fn fields_merged_over_dimension_sub_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sheet = Sheet::new(
        "Huyen",
        vec![
            row(&[
                "TT",
                "Huyện, thị xã, thành phố",
                "Tổng số điểm",
                "",
                "Phân hạng",
                "",
            ]),
            row(&[
                "",
                "",
                "MĐĐĐ",
                "ĐKSS",
                "Mức độ đạt được",
                "Điều kiện sẵn sàng",
            ]),
            row(&["1", "Huyện Cam Lâm", "88,5", "45", "II", "I"]),
            row(&["2", "Huyện Vạn Ninh", "80", "41", "II", "II"]),
        ],
    )
    .merge(0, 0, 1, 0)
    .merge(0, 1, 1, 1)
    .merge(0, 2, 0, 3)
    .merge(0, 4, 0, 5);
    let (wb, findings) = read_book(&dir.path().join("b.xlsx"), &[sheet]);
    assert!(clear(&findings), "{findings:#?}");
    assert_eq!(
        roles_of(&wb),
        vec![vec![
            col("A", Role::RowNumber),
            col("B", Role::Unit),
            col("C", Role::Dim(Achieved, Field::Score)),
            col("D", Role::Dim(Readiness, Field::Score)),
            col("E", Role::Dim(Achieved, Field::Level)),
            col("F", Role::Dim(Readiness, Field::Level)),
        ]]
    );
}

/// No caption at all: the sheet's name says the dimension ("ĐKSS cấp xã").
#[test]
fn the_sheet_name_names_the_dimension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sheet = Sheet::new(
        "ĐKSS cấp xã",
        vec![
            row(&["Stt", "Tên xã", "Số điểm", "Xếp loại"]),
            row(&["1", "Xã Cam Hòa", "27", "I"]),
            row(&["2", "Xã Cam Tân", "21", "IV"]),
        ],
    );
    let (wb, findings) = read_book(&dir.path().join("c.xlsx"), &[sheet]);
    assert!(clear(&findings), "{findings:#?}");
    assert_eq!(
        roles_of(&wb),
        vec![vec![
            col("A", Role::RowNumber),
            col("B", Role::Unit),
            col("C", Role::Dim(Readiness, Field::Score)),
            col("D", Role::Dim(Readiness, Field::Level)),
        ]]
    );
}

/// A rank column ("Thứ hạng": 1st, 2nd, …) and a notes column are not read as levels.
#[test]
fn rank_and_note_columns_are_not_ours() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sheet = one_row(
        "Huyen",
        &["Bảng 2. Kết quả xếp hạng mức độ đạt được"],
        &["STT", "Đơn vị", "Tổng điểm", "Thứ hạng", "Mức", "Ghi chú"],
        &[
            &["1", "Huyện Cam Lâm", "88,5", "1", "II", "đã thẩm định"],
            &["2", "Huyện Vạn Ninh", "80", "2", "II", ""],
        ],
    );
    let (wb, findings) = read_book(&dir.path().join("d.xlsx"), &[sheet]);
    assert!(clear(&findings), "{findings:#?}");
    assert_eq!(
        roles_of(&wb),
        vec![vec![
            col("A", Role::RowNumber),
            col("B", Role::Unit),
            col("C", Role::Dim(Achieved, Field::Score)),
            col("E", Role::Dim(Achieved, Field::Level)),
        ]]
    );
}

/// Labels no built-in wording covers, fixed by the clerk with `[aliases]`, every role: the
/// caption "Phần A"/"Phần B", "Hệ số hoàn thành" (rate), "Điểm QĐ cuối" (converted), …
#[test]
fn every_role_can_be_aliased() {
    let dir = tempfile::tempdir().expect("tempdir");
    let header = [
        "Ký hiệu",
        "Nơi gửi",
        "Trần điểm",
        "Phần miễn",
        "Trần riêng",
        "Điểm thô",
        "Hệ số hoàn thành",
        "Điểm chốt",
        "Bậc",
    ];
    let data: [&[&str]; 2] = [
        &["1", "Xã Cam Hòa", "30", "0", "30", "27", "0,9", "27", "I"],
        &["2", "Xã Cam Tân", "30", "5", "25", "20", "0,8", "24", "II"],
    ];
    let sheets = [
        one_row("P1", &["Phần A"], &header, &data),
        one_row("P2", &["Phần B"], &header, &data),
    ];
    let path = dir.path().join("e.xlsx");
    write_xlsx(&path, &sheets);
    let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let aliases = Aliases {
        row_number: v(&["Ký hiệu"]),
        unit: v(&["Nơi gửi"]),
        achieved_caption: v(&["Phần A"]),
        readiness_caption: v(&["Phần B"]),
        maximum: v(&["Trần điểm"]),
        not_applicable: v(&["Phần miễn"]),
        applicable_max: v(&["Trần riêng"]),
        raw_points: v(&["Điểm thô"]),
        percent: v(&["Hệ số hoàn thành"]),
        converted: v(&["Điểm chốt"]),
        level: v(&["Bậc"]),
        ..Aliases::default()
    };
    let mut findings = Vec::new();
    let wb = read_file(&path, "e.xlsx", &Limits::default(), &aliases, &mut findings);
    assert!(clear(&findings), "{findings:#?}");
    let full = |d: Dimension| {
        vec![
            col("A", Role::RowNumber),
            col("B", Role::Unit),
            col("C", Role::Dim(d, Field::Maximum)),
            col("D", Role::Dim(d, Field::NotApplicable)),
            col("E", Role::Dim(d, Field::ApplicableMax)),
            col("F", Role::Dim(d, Field::RawPoints)),
            col("G", Role::Dim(d, Field::Percent)),
            col("H", Role::Dim(d, Field::Converted)),
            col("I", Role::Dim(d, Field::Level)),
        ]
    };
    assert_eq!(roles_of(&wb), vec![full(Achieved), full(Readiness)]);
    // Without the aliases, nothing of it is a table.
    let mut findings = Vec::new();
    let plain = read_file(
        &path,
        "e.xlsx",
        &Limits::default(),
        &Aliases::default(),
        &mut findings,
    );
    assert!(plain.tables.is_empty(), "{:?}", roles_of(&plain));
}

/// The `[aliases]` table of a pipeline takes every role (a typo in a key is refused).
#[test]
fn pipeline_aliases_reach_the_reader() {
    let p = Project::new(
        "56",
        "[aliases]\nscore = [\"Điểm chốt\"]\nachieved_caption = [\"Phần A\"]\nreadiness_caption = [\"Phần B\"]\n",
        "",
    );
    let header = ["STT", "Tên đơn vị", "Điểm chốt", "Xếp hạng"];
    write_xlsx(
        &p.raw("cam lam.xlsx"),
        &[
            one_row(
                "A",
                &["ỦY BAN NHÂN DÂN HUYỆN CAM LÂM", "Phần A"],
                &header,
                &[&["1", "Xã Cam Hòa", "50,1", "II"]],
            ),
            one_row(
                "B",
                &["Phần B"],
                &header,
                &[&["1", "Xã Cam Hòa", "27", "I"]],
            ),
        ],
    );
    let o = p.run(&["run", "--pipeline", "pipelines/test.toml"]);
    assert!(
        p.out("2020", "commune.csv").exists(),
        "stdout: {}\nstderr: {}",
        o.stdout,
        o.stderr
    );
    let communes = read_csv(&p.out("2020", "commune.csv"));
    let cam_hoa: Vec<_> = communes
        .iter()
        .filter(|r| r["commune_name"] == "Cam Hòa")
        .collect();
    assert_eq!(
        cam_hoa.len(),
        1,
        "stdout: {}\nstderr: {}",
        o.stdout,
        o.stderr
    );
    assert_eq!(cam_hoa[0]["achieved_score"], "50.1");
    assert_eq!(cam_hoa[0]["readiness_score"], "27.0");
}

// ---------------------------------------------------------------------------------------------
// Readings found by review: each once misread a real layout

fn one_sheet(name: &str, rows: Vec<Vec<C>>) -> (Workbook, Vec<Finding>) {
    let dir = tempfile::tempdir().expect("tempdir");
    read_book(&dir.path().join("r.xlsx"), &[Sheet::new(name, rows)])
}

fn one_sheet_merged(sheet: Sheet) -> (Workbook, Vec<Finding>) {
    let dir = tempfile::tempdir().expect("tempdir");
    read_book(&dir.path().join("r.xlsx"), &[sheet])
}

/// "Kết quả" merged over "Điểm | Xếp hạng" names the achieved dimension only where no caption
/// names one: under "2. Điều kiện sẵn sàng" it is readiness, and the two tables stay two.
#[test]
fn a_caption_wins_over_ket_qua_in_a_group() {
    let header = |r: u32| {
        vec![
            (r, row(&["STT", "Tên đơn vị", "Kết quả", ""])),
            (r + 1, row(&["", "", "Điểm", "Xếp hạng"])),
        ]
    };
    let mut rows = vec![row(&["1. Mức độ đạt được"])];
    rows.extend(header(2).into_iter().map(|(_, r)| r));
    rows.push(row(&["1", "Xã Cam Hòa", "50", "II"]));
    rows.push(row(&[]));
    rows.push(row(&["2. Điều kiện sẵn sàng"]));
    rows.extend(header(8).into_iter().map(|(_, r)| r));
    rows.push(row(&["1", "Xã Cam Hòa", "27", "I"]));
    let sheet = Sheet::new("Hai bang", rows)
        .merge(1, 2, 1, 3)
        .merge(6, 2, 6, 3);
    let (wb, findings) = one_sheet_merged(sheet);
    assert!(clear(&findings), "{findings:#?}");
    assert_eq!(
        roles_of(&wb),
        vec![
            vec![
                col("A", Role::RowNumber),
                col("B", Role::Unit),
                col("C", Role::Dim(Achieved, Field::Score)),
                col("D", Role::Dim(Achieved, Field::Level)),
            ],
            vec![
                col("A", Role::RowNumber),
                col("B", Role::Unit),
                col("C", Role::Dim(Readiness, Field::Score)),
                col("D", Role::Dim(Readiness, Field::Level)),
            ],
        ]
    );
}

/// A caption that shares its row with "Đơn vị tính: điểm" still names the dimension.
#[test]
fn a_caption_beside_the_unit_of_measure() {
    let (wb, findings) = one_sheet(
        "B2",
        vec![
            row(&[
                "Biểu 2: Kết quả điều kiện sẵn sàng",
                "",
                "",
                "Đơn vị tính: điểm",
            ]),
            row(&["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"]),
            row(&["1", "Xã Cam Hòa", "27", "I"]),
        ],
    );
    assert!(clear(&findings), "{findings:#?}");
    assert_eq!(
        roles_of(&wb)[0][2..],
        [
            col("C", Role::Dim(Readiness, Field::Score)),
            col("D", Role::Dim(Readiness, Field::Level)),
        ]
    );
}

/// A table of one dimension: a level column without a dimension takes the table's.
#[test]
fn a_one_dimension_table_lends_its_dimension() {
    let (wb, findings) = one_sheet(
        "KQ",
        vec![
            row(&["STT", "Tên đơn vị", "Điểm MĐĐĐ", "Xếp hạng"]),
            row(&["1", "Xã Cam Hòa", "50", "II"]),
        ],
    );
    assert!(clear(&findings), "{findings:#?}");
    assert_eq!(
        roles_of(&wb)[0][2..],
        [
            col("C", Role::Dim(Achieved, Field::Score)),
            col("D", Role::Dim(Achieved, Field::Level)),
        ]
    );
}

/// The raw total is the score when there is nothing to convert, even beside a maximum; words in
/// parentheses do not override the words outside them; "(%)" makes a rate of a ratio.
#[test]
fn totals_maxima_and_parentheses() {
    let (wb, findings) = one_sheet(
        "MDDD",
        vec![
            row(&["A. Mức độ đạt được"]),
            row(&[
                "STT",
                "Tên đơn vị",
                "Điểm tối đa",
                "Tổng điểm đánh giá đạt được",
                "Điểm đạt được/Điểm tối đa (%)",
                "Xếp hạng",
            ]),
            row(&["1", "Xã Cam Hòa", "60", "50", "83,33", "II"]),
        ],
    );
    assert!(clear(&findings), "{findings:#?}");
    assert_eq!(
        roles_of(&wb)[0][2..],
        [
            col("C", Role::Dim(Achieved, Field::Maximum)),
            col("D", Role::Dim(Achieved, Field::Score)),
            col("E", Role::Dim(Achieved, Field::Percent)),
            col("F", Role::Dim(Achieved, Field::Level)),
        ]
    );
    let (wb, findings) = one_sheet(
        "Huyen",
        vec![
            row(&[
                "STT",
                "Tên đơn vị",
                "Tổng điểm MĐĐĐ (tối đa 100 điểm)",
                "Điểm tối đa ĐKSS (đã trừ điểm không áp dụng)",
                "Tổng điểm ĐKSS",
            ]),
            row(&["1", "Huyện Cam Lâm", "88,5", "48", "45"]),
        ],
    );
    assert!(clear(&findings), "{findings:#?}");
    assert_eq!(
        roles_of(&wb)[0][2..],
        [
            col("C", Role::Dim(Achieved, Field::Score)),
            col("D", Role::Dim(Readiness, Field::ApplicableMax)),
            col("E", Role::Dim(Readiness, Field::Score)),
        ]
    );
}

/// Appraised points win over the unit's own: "Điểm thẩm định" beside "Điểm tự chấm".
#[test]
fn appraised_points_over_self_assessed() {
    let (wb, findings) = one_sheet(
        "DKSS",
        vec![
            row(&["Điều kiện sẵn sàng"]),
            row(&[
                "STT",
                "Tên đơn vị",
                "Điểm tự chấm",
                "Điểm thẩm định",
                "Xếp hạng",
            ]),
            row(&["1", "Xã Cam Hòa", "28", "27", "I"]),
        ],
    );
    assert!(clear(&findings), "{findings:#?}");
    assert_eq!(
        roles_of(&wb)[0][2..],
        [
            col("D", Role::Dim(Readiness, Field::Score)),
            col("E", Role::Dim(Readiness, Field::Level)),
        ]
    );
}

/// A signature block ("HỘI ĐỒNG ĐÁNH GIÁ | THỦ TRƯỞNG ĐƠN VỊ") is no table and no doubt.
#[test]
fn a_signature_block_is_no_header() {
    let (wb, findings) = one_sheet(
        "Ky",
        vec![
            row(&["STT", "Tên đơn vị", "Điểm MĐĐĐ", "Điểm ĐKSS"]),
            row(&["1", "Xã Cam Hòa", "50", "27"]),
            row(&[]),
            row(&["", "HỘI ĐỒNG ĐÁNH GIÁ", "", "THỦ TRƯỞNG ĐƠN VỊ"]),
            row(&["", "Nguyễn Văn An", "", "Trần Thị Bình"]),
        ],
    );
    assert!(clear(&findings), "{findings:#?}");
    assert_eq!(wb.tables.len(), 1);
    assert_eq!(wb.tables[0].rows.len(), 1);
}

/// A caption alias with a number ("Biểu 1") names that caption only, not "Biểu 2".
#[test]
fn caption_aliases_keep_their_numbers_and_field_aliases_their_whole_label() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.xlsx");
    let header = ["STT", "Tên đơn vị", "Tổng điểm", "Tổng điểm quy đổi"];
    write_xlsx(
        &path,
        &[
            one_row(
                "B1",
                &["Biểu 1"],
                &header,
                &[&["1", "Xã Cam Hòa", "50", "51"]],
            ),
            one_row(
                "B2",
                &["Biểu 2: điều kiện sẵn sàng"],
                &header,
                &[&["1", "Xã Cam Hòa", "27", "27"]],
            ),
        ],
    );
    let aliases = Aliases {
        achieved_caption: vec!["Biểu 1".into()],
        score: vec!["Tổng điểm".into()],
        ..Aliases::default()
    };
    let mut findings = Vec::new();
    let wb = read_file(&path, "a.xlsx", &Limits::default(), &aliases, &mut findings);
    assert!(clear(&findings), "{findings:#?}");
    let want = |d: Dimension| {
        vec![
            col("A", Role::RowNumber),
            col("B", Role::Unit),
            col("C", Role::Dim(d, Field::Score)),
            col("D", Role::Dim(d, Field::Converted)),
        ]
    };
    assert_eq!(roles_of(&wb), vec![want(Achieved), want(Readiness)]);
}

/// A province-wide commune table with a district column ("Huyện" beside "Tên xã", merged down
/// over its communes): each commune is resolved in the district of its row.
#[test]
fn a_district_column_gives_each_commune_its_district() {
    let p = Project::new("56", "", "");
    let sheet = Sheet::new(
        "Toan tinh",
        vec![
            row(&["1. Kết quả mức độ đạt được và điều kiện sẵn sàng cấp xã"]),
            row(&["STT", "Huyện", "Tên xã", "Điểm MĐĐĐ", "Điểm ĐKSS"]),
            row(&["1", "Cam Lâm", "Xã Cam Hòa", "50", "27"]),
            row(&["2", "", "Xã Cam Tân", "45", "25"]),
            row(&["3", "Thành phố Cam Ranh", "Xã Cam Thịnh Đông", "40", "24"]),
        ],
    )
    .merge(2, 1, 3, 1);
    write_xlsx(&p.raw("toan tinh.xlsx"), &[sheet]);
    let o = p.run(&["run", "--pipeline", "pipelines/test.toml"]);
    let communes = read_csv(&p.out("2020", "commune.csv"));
    let mut got: Vec<(String, String)> = communes
        .iter()
        .map(|r| (r["district_code"].clone(), r["commune_name"].clone()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("569".to_string(), "Cam Thịnh Đông".to_string()),
            ("570".to_string(), "Cam Hòa".to_string()),
            ("570".to_string(), "Cam Tân".to_string()),
        ],
        "stdout: {}\nstderr: {}",
        o.stdout,
        o.stderr
    );
}

/// A wide header (thousands of columns under one group) is read in one pass per row, not once
/// per column: this finishes, and reads every column.
#[test]
fn a_very_wide_header_is_read() {
    let n = 3000;
    let mut top = vec![s("STT"), s("Tên đơn vị"), s("Điều kiện sẵn sàng")];
    let mut sub = vec![C::E, C::E];
    let mut data = vec![s("1"), s("Xã Cam Hòa")];
    for i in 0..n {
        if i > 0 {
            top.push(C::E);
        }
        sub.push(s(if i == 0 { "Tổng điểm" } else { "Ghi chú" }));
        data.push(n_(i));
    }
    let (wb, _) = one_sheet("Rong", vec![top, sub, data]);
    assert_eq!(
        roles_of(&wb)[0][..3],
        [
            col("A", Role::RowNumber),
            col("B", Role::Unit),
            col("C", Role::Dim(Readiness, Field::Score)),
        ]
    );
}

fn n_(i: usize) -> C {
    n(i as f64)
}

/// "Điểm MĐĐĐ | Xếp hạng | Điểm ĐKSS | Xếp hạng": each level column follows the score just left of
/// it (a clerk reads it so); a score naming no dimension stays in doubt.
#[test]
fn a_level_column_follows_the_dimension_just_left_of_it() {
    let (wb, findings) = one_sheet(
        "KQ",
        vec![
            row(&[
                "TT",
                "Tên đơn vị",
                "Điểm đánh giá MĐĐĐ",
                "Xếp loại",
                "Điểm đánh giá ĐKSS",
                "Xếp loại",
            ]),
            row(&["1", "Xã Cam Hòa", "50", "II", "27", "I"]),
        ],
    );
    assert!(clear(&findings), "{findings:#?}");
    assert_eq!(
        roles_of(&wb)[0][2..],
        [
            col("C", Role::Dim(Achieved, Field::Score)),
            col("D", Role::Dim(Achieved, Field::Level)),
            col("E", Role::Dim(Readiness, Field::Score)),
            col("F", Role::Dim(Readiness, Field::Level)),
        ]
    );
}

/// More provinces' wordings: the topic inside a dimension's name ("mức độ CQĐT đạt được"), the
/// maximum as "Tổng điểm theo bộ tiêu chí", "Thang điểm | Điểm chấm | Xếp mức", and a three-row
/// header whose middle groups say "Chỉ số đạt được" / "Chỉ số sẵn sàng".
#[test]
fn more_provinces_wordings() {
    let (wb, findings) = one_sheet(
        "KQ",
        vec![
            row(&[
                "STT",
                "UBND các huyện, thị xã, thành phố",
                "Điểm đánh giá mức độ CQĐT đạt được",
                "Xếp hạng",
                "Điểm đánh giá điều kiện sẵn sàng",
                "Xếp hạng",
            ]),
            row(&["1", "UBND huyện Cam Lâm", "80,5", "II", "45", "I"]),
        ],
    );
    assert!(clear(&findings), "{findings:#?}");
    assert_eq!(
        roles_of(&wb)[0][2..],
        [
            col("C", Role::Dim(Achieved, Field::Score)),
            col("D", Role::Dim(Achieved, Field::Level)),
            col("E", Role::Dim(Readiness, Field::Score)),
            col("F", Role::Dim(Readiness, Field::Level)),
        ]
    );
    let (wb, findings) = one_sheet(
        "DK",
        vec![
            row(&["2. ĐIỀU KIỆN SẴN SÀNG"]),
            row(&[
                "STT",
                "Tên đơn vị",
                "Tổng điểm theo bộ tiêu chí",
                "Điểm tiêu chí không áp dụng",
                "Điểm tối đa sau khi trừ",
                "Điểm đạt",
                "Tỷ lệ điểm đạt/điểm tối đa áp dụng",
                "Điểm quy đổi (thang 30)",
                "Xếp hạng",
            ]),
            row(&[
                "1",
                "Xã Cam Hòa",
                "30",
                "2",
                "28",
                "25",
                "'89,29%",
                "26.79",
                "II",
            ]),
        ],
    );
    assert!(clear(&findings), "{findings:#?}");
    let d = |f: Field| Role::Dim(Readiness, f);
    assert_eq!(
        roles_of(&wb)[0][2..],
        [
            col("C", d(Field::Maximum)),
            col("D", d(Field::NotApplicable)),
            col("E", d(Field::ApplicableMax)),
            col("F", d(Field::RawPoints)),
            col("G", d(Field::Percent)),
            col("H", d(Field::Converted)),
            col("I", d(Field::Level)),
        ]
    );
    let sheet = Sheet::new(
        "Ba dong",
        vec![
            row(&["STT", "Đơn vị", "KẾT QUẢ ĐÁNH GIÁ NĂM 2020", "", "", ""]),
            row(&["", "", "Chỉ số đạt được", "", "Chỉ số sẵn sàng", ""]),
            row(&["", "", "Thang điểm", "Điểm chấm", "Xếp mức", ""]),
            row(&["1", "Huyện Cam Lâm", "100", "80,5", "II", ""]),
        ],
    )
    .merge(0, 0, 2, 0)
    .merge(0, 1, 2, 1)
    .merge(0, 2, 0, 5)
    .merge(1, 2, 1, 3)
    .merge(1, 4, 1, 5);
    let (wb, _) = one_sheet_merged(sheet);
    assert_eq!(
        roles_of(&wb)[0][2..5],
        [
            col("C", Role::Dim(Achieved, Field::Maximum)),
            col("D", Role::Dim(Achieved, Field::Score)),
            col("E", Role::Dim(Readiness, Field::Level)),
        ]
    );
}

/// A district row right under the header whose name holds header words ("Sông Công": "công" as in
/// "tổng cộng"; "Na Rì": "NA" for "không áp dụng"; "Đất Đỏ": "đạt") is data, not a header
/// sub-row: its scores are text, or it names a unit. Found on the national benchmark corpus,
/// where 7 district files read no table at all.
#[test]
fn a_district_row_with_header_words_in_its_name_is_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases: [(&str, Vec<Vec<util::C>>); 4] = [
        (
            "one row, text scores",
            vec![
                row(&[
                    "Số TT",
                    "Các xã, phường, thị trấn",
                    "Điểm mức độ đạt được",
                    "Điểm điều kiện sẵn sàng",
                ]),
                row(&["", "UBND THÀNH PHỐ SÔNG CÔNG", "'51,44\u{a0}", "' 36,81"]),
                row(&["1", "PHƯỜNG LƯƠNG SƠN", "'56,09\u{a0}", "' 26,41"]),
                row(&["2", "XÃ TÂN QUANG", "'56,08\u{a0}", "' 26,41"]),
            ],
        ),
        (
            "two rows, text scores",
            vec![
                row(&[
                    "STT",
                    "Tên đơn vị",
                    "MỨC ĐỘ ĐẠT ĐƯỢC",
                    "",
                    "ĐIỀU KIỆN SẴN SÀNG",
                    "",
                ]),
                row(&["", "", "Tổng\nđiểm", "Kết quả", "Tổng\nđiểm", "Kết quả"]),
                row(&["", "UBND huyện Na Rì", "'48,97", "", "'37,52", ""]),
                row(&["1", "Xã Văn Vũ", "'58,55", "", "'18,48", ""]),
            ],
        ),
        (
            "one row, the district's scores not given",
            vec![
                row(&[
                    "TT",
                    "Đơn vị",
                    "Điểm mức độ đạt được",
                    "Điểm điều kiện sẵn sàng",
                ]),
                row(&["", "UBND huyện Đất Đỏ", "", ""]),
                row(&["1", "Xã Phước Hội", "50,5", "27"]),
            ],
        ),
        (
            "one row, numbers, a commune first",
            vec![
                row(&[
                    "TT",
                    "Đơn vị",
                    "Điểm mức độ đạt được",
                    "Điểm điều kiện sẵn sàng",
                ]),
                row(&["", "Thị trấn Đất Đỏ", "'50,1", ""]),
                row(&["1", "Xã Phước Hội", "50,5", "27"]),
            ],
        ),
    ];
    for (i, (case, rows)) in cases.into_iter().enumerate() {
        let width = rows[0].len();
        let two_rows = width == 6;
        let mut sheet = Sheet::new("KQ", rows);
        if two_rows {
            sheet = sheet.merge(0, 2, 0, 3).merge(0, 4, 0, 5);
        }
        let (wb, findings) = read_book(&dir.path().join(format!("{i}.xlsx")), &[sheet]);
        assert!(clear(&findings), "{case}: {findings:#?}");
        assert_eq!(wb.tables.len(), 1, "{case}");
        let roles: Vec<Role> = wb.tables[0].columns.iter().map(|c| c.role).collect();
        assert!(roles.contains(&Role::Unit), "{case}: {roles:?}");
        assert!(
            roles.contains(&Role::Dim(Achieved, Field::Score)),
            "{case}: {roles:?}"
        );
        assert!(
            roles.contains(&Role::Dim(Readiness, Field::Score)),
            "{case}: {roles:?}"
        );
        // Every row with a score is a row of the table; the district's row without any is a
        // heading over the communes.
        let want = [3, 2, 1, 2][i];
        assert_eq!(wb.tables[0].rows.len(), want, "{case}");
    }
}
