//! Header understanding: a header label is read as words, and each column role is recognised by
//! the ideas its words express (maximum, not applicable, raw points, rate, converted, total,
//! level, the two dimensions, the unit, the row number), whatever the wording.
//!
//! The vocabulary below is of *ideas*, each with the ways Vietnamese clerks name it (full words,
//! abbreviations, i/y spellings, word order). A label is cleaned like a unit name (NFC, case,
//! accents, Đ/Ð, spaces, line breaks, punctuation, doubled words), abbreviations are expanded,
//! and the longest phrases are matched first, so "mức độ đạt được" (the achieved dimension) is
//! not read as "mức" (a level) and "đạt được" (raw points).

use std::collections::HashMap;

use crate::core::Dimension;
use crate::core::text::{accent_key, clean, within_one_edit};
use crate::pipeline::Aliases;

use super::Field;

/// An idea a phrase of a header label expresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Idea {
    /// "STT", "Số thứ tự".
    RowNo,
    /// A unit type word ("xã", "huyện").
    Unit,
    /// A word that names the unit column ("tên", "đơn vị", "địa phương").
    UnitMarker,
    /// A dimension named plainly ("mức độ đạt được", "điều kiện sẵn sàng", "ĐKSS").
    Dim(Dimension),
    /// A dimension only in a group cell over sub-columns ("Kết quả", "Đạt được").
    DimWeak(Dimension),
    /// "mức độ điều kiện sẵn sàng": the dimension, and in a column's own label a level unless
    /// a score word says otherwise ("Mức độ ĐKSS" is a level, "Điểm mức độ ĐKSS" a score).
    DimLevel(Dimension),
    Maximum,
    NotApplicable,
    /// "áp dụng", "được tính": with a maximum, the applicable maximum.
    Applicable,
    /// "cần thực hiện", "tối đa áp dụng": the applicable maximum by itself.
    ApplicableMax,
    /// "sau khi trừ", "còn lại": with a maximum, what remains applicable.
    After,
    Raw,
    /// Raw points the unit gave itself ("tự chấm", "tự đánh giá"): below appraised points.
    RawSelf,
    Percent,
    Converted,
    Score,
    /// "xếp hạng", "mức", "xếp loại".
    Level,
    /// "kết quả" under a dimension: a level unless a score word says otherwise.
    LevelWeak,
    /// A pipeline alias: the label is this field.
    Alias(Field),
    /// "theo", "so với": the words after it qualify the label, they do not name it.
    Modifier,
    /// A column that is none of ours ("Thứ hạng", "Ghi chú", "Mã đơn vị").
    Ignore,
    /// Words that say nothing about the role ("cấp", "năm", "tiêu chí").
    Filler,
}

/// Abbreviations expanded before matching.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("dkss", "dieu kien san sang"),
    ("dk", "dieu kien"),
    ("ss", "san sang"),
    ("mddd", "muc do dat duoc"),
    ("mdkq", "muc do ket qua"),
    ("md", "muc do"),
    ("kq", "ket qua"),
    ("cqdt", "chinh quyen dien tu"),
    ("cds", "chuyen doi so"),
    ("dvhc", "don vi hanh chinh"),
    ("dv", "don vi"),
    ("xh", "xep hang"),
    ("tl", "ti le"),
    ("tp", "thanh pho"),
    ("tx", "thi xa"),
    ("na", "khong ap dung"),
    ("max", "toi da"),
];

/// The vocabulary: a phrase, what it means in a column's own label, and what it means in a group
/// cell or a caption (`None`: the same).
const VOCABULARY: &[(&str, Idea, Option<Idea>)] = &[
    // Row number.
    ("stt", Idea::RowNo, None),
    ("tt", Idea::RowNo, None),
    ("so tt", Idea::RowNo, None),
    ("so thu tu", Idea::RowNo, None),
    ("thu tu", Idea::RowNo, None),
    ("so", Idea::RowNo, None),
    ("no", Idea::RowNo, None),
    // Unit.
    ("ten", Idea::UnitMarker, None),
    ("don vi", Idea::UnitMarker, None),
    ("don vi hanh chinh", Idea::UnitMarker, None),
    ("dia phuong", Idea::UnitMarker, None),
    ("dia ban", Idea::UnitMarker, None),
    ("co quan", Idea::UnitMarker, None),
    ("cac", Idea::UnitMarker, None),
    ("ubnd", Idea::UnitMarker, None),
    ("uy ban nhan dan", Idea::UnitMarker, None),
    ("xa", Idea::Unit, None),
    ("phuong", Idea::Unit, None),
    ("thi tran", Idea::Unit, None),
    ("huyen", Idea::Unit, None),
    ("quan", Idea::Unit, None),
    ("thi xa", Idea::Unit, None),
    ("thanh pho", Idea::Unit, None),
    ("tinh", Idea::Unit, None),
    // The achieved dimension.
    ("muc do dat duoc", Idea::Dim(Dimension::Achieved), None),
    ("muc dat duoc", Idea::Dim(Dimension::Achieved), None),
    ("muc do ket qua", Idea::Dim(Dimension::Achieved), None),
    ("ket qua dat duoc", Idea::Dim(Dimension::Achieved), None),
    ("muc do hoan thanh", Idea::Dim(Dimension::Achieved), None),
    ("muc do dat", Idea::Dim(Dimension::Achieved), None),
    // The readiness dimension.
    ("dieu kien san sang", Idea::Dim(Dimension::Readiness), None),
    (
        "muc do dieu kien san sang",
        Idea::DimLevel(Dimension::Readiness),
        Some(Idea::Dim(Dimension::Readiness)),
    ),
    ("dieu kien", Idea::Dim(Dimension::Readiness), None),
    (
        "muc do dieu kien",
        Idea::DimLevel(Dimension::Readiness),
        Some(Idea::Dim(Dimension::Readiness)),
    ),
    ("san sang", Idea::Dim(Dimension::Readiness), None),
    (
        "muc do san sang",
        Idea::DimLevel(Dimension::Readiness),
        Some(Idea::Dim(Dimension::Readiness)),
    ),
    // Words whose meaning depends on where they stand.
    (
        "ket qua",
        Idea::LevelWeak,
        Some(Idea::DimWeak(Dimension::Achieved)),
    ),
    (
        "dat duoc",
        Idea::Raw,
        Some(Idea::DimWeak(Dimension::Achieved)),
    ),
    ("ket qua danh gia", Idea::LevelWeak, Some(Idea::Filler)),
    ("ket qua xep hang", Idea::Level, Some(Idea::Filler)),
    // Maximum.
    ("toi da", Idea::Maximum, None),
    ("thang diem", Idea::Maximum, None),
    ("diem chuan", Idea::Maximum, None),
    ("khung diem", Idea::Maximum, None),
    ("muc toi da", Idea::Maximum, None),
    ("diem toi da", Idea::Maximum, None),
    ("diem quy dinh", Idea::Maximum, None),
    // "Tổng điểm theo bộ tiêu chí": the points the criteria set gives, the maximum.
    ("theo bo tieu chi", Idea::Maximum, None),
    ("theo bo chi so", Idea::Maximum, None),
    ("theo quy dinh", Idea::Maximum, None),
    // Points not applicable to this unit.
    ("khong ap dung", Idea::NotApplicable, None),
    ("khong dua vao", Idea::NotApplicable, None),
    ("loai tru", Idea::NotApplicable, None),
    ("loai bo", Idea::NotApplicable, None),
    ("khong danh gia", Idea::NotApplicable, None),
    ("khong tinh", Idea::NotApplicable, None),
    ("khong xet", Idea::NotApplicable, None),
    ("khong cham", Idea::NotApplicable, None),
    ("khong phai thuc hien", Idea::NotApplicable, None),
    ("khong thuc hien", Idea::NotApplicable, None),
    ("khong thuoc doi tuong", Idea::NotApplicable, None),
    ("giam tru", Idea::NotApplicable, None),
    ("mien tru", Idea::NotApplicable, None),
    ("diem tru", Idea::NotApplicable, None),
    // Applicable.
    ("ap dung", Idea::Applicable, None),
    ("duoc ap dung", Idea::Applicable, None),
    ("duoc tinh", Idea::Applicable, None),
    ("duoc danh gia", Idea::Applicable, None),
    ("xet", Idea::Applicable, None),
    ("can thuc hien", Idea::ApplicableMax, None),
    ("phai thuc hien", Idea::ApplicableMax, None),
    ("can dat", Idea::ApplicableMax, None),
    ("phai dat", Idea::ApplicableMax, None),
    ("toi da ap dung", Idea::ApplicableMax, None),
    ("toi da duoc ap dung", Idea::ApplicableMax, None),
    ("toi da con lai", Idea::ApplicableMax, None),
    ("sau", Idea::After, None),
    ("con lai", Idea::After, None),
    ("sau khi tru", Idea::After, None),
    ("sau khi loai tru", Idea::After, None),
    ("sau loai tru", Idea::After, None),
    ("sau khi loai bo", Idea::After, None),
    ("da tru", Idea::After, None),
    ("tru di", Idea::After, None),
    ("sau tru", Idea::After, None),
    // Raw points.
    ("thuc hien", Idea::Raw, None),
    ("tham dinh", Idea::Raw, None),
    ("thuc te", Idea::Raw, None),
    ("tu danh gia", Idea::RawSelf, None),
    ("tu cham", Idea::RawSelf, None),
    ("tu cham diem", Idea::RawSelf, None),
    ("cham", Idea::Raw, None),
    ("danh gia", Idea::Raw, None),
    ("thuc dat", Idea::Raw, None),
    ("dat", Idea::Raw, None),
    ("duoc cham", Idea::Raw, None),
    ("dat duoc thuc te", Idea::Raw, None),
    // Rate.
    ("ti le", Idea::Percent, None),
    ("%", Idea::Percent, None),
    ("phan tram", Idea::Percent, None),
    ("ti le phan tram", Idea::Percent, None),
    ("ti so", Idea::Percent, None),
    // Converted score.
    ("quy doi", Idea::Converted, None),
    ("chuyen doi", Idea::Converted, None),
    ("quy ra", Idea::Converted, None),
    ("da quy doi", Idea::Converted, None),
    // Total score.
    ("diem", Idea::Score, None),
    ("tong diem", Idea::Score, None),
    ("so diem", Idea::Score, None),
    ("tong", Idea::Score, None),
    ("tong so", Idea::Score, None),
    ("tong cong", Idea::Score, None),
    ("cong", Idea::Score, None),
    ("diem so", Idea::Score, None),
    // Level.
    ("xep hang", Idea::Level, None),
    ("xep loai", Idea::Level, None),
    ("loai", Idea::Level, None),
    ("loai hinh", Idea::Ignore, None),
    ("loai don vi", Idea::Ignore, None),
    ("loai don vi hanh chinh", Idea::Ignore, None),
    ("phan loai", Idea::Level, None),
    ("phan hang", Idea::Level, None),
    ("muc", Idea::Level, None),
    ("hang", Idea::Level, None),
    ("cap do", Idea::Level, None),
    ("xep muc", Idea::Level, None),
    ("muc do", Idea::Level, None),
    ("muc xep hang", Idea::Level, None),
    ("danh hieu", Idea::Level, None),
    // Qualifiers.
    ("theo", Idea::Modifier, None),
    ("so voi", Idea::Modifier, None),
    ("tren", Idea::Modifier, None),
    ("can cu", Idea::Modifier, None),
    ("tinh theo", Idea::Modifier, None),
    ("tinh tren", Idea::Modifier, None),
    // Columns that are not ours.
    ("thu hang", Idea::Ignore, None),
    ("vi tri", Idea::Ignore, None),
    ("ghi chu", Idea::Ignore, None),
    ("nhan xet", Idea::Ignore, None),
    ("ly do", Idea::Ignore, None),
    ("ma", Idea::Ignore, None),
    ("ma so", Idea::Ignore, None),
    ("ma don vi", Idea::Ignore, None),
    ("ma hanh chinh", Idea::Ignore, None),
    // Words that do not name a role.
    ("cap", Idea::Filler, None),
    ("nam", Idea::Filler, None),
    ("cua", Idea::Filler, None),
    ("cho", Idea::Filler, None),
    ("va", Idea::Filler, None),
    ("hoac", Idea::Filler, None),
    ("tieu chi", Idea::Filler, None),
    ("chi so", Idea::Filler, None),
    ("chi tieu", Idea::Filler, None),
    ("bo", Idea::Filler, None),
    ("nhom", Idea::Filler, None),
    ("chinh quyen dien tu", Idea::Filler, None),
    ("chuyen doi so", Idea::Filler, None),
    ("dien tu", Idea::Filler, None),
    ("duoc", Idea::Filler, None),
    ("khi", Idea::Filler, None),
    ("trong", Idea::Filler, None),
    ("do", Idea::Filler, None),
    ("la", Idea::Filler, None),
    ("dvt", Idea::Filler, None),
    ("thanh phan", Idea::Filler, None),
    ("noi dung", Idea::Filler, None),
    ("tong hop", Idea::Filler, None),
    ("bieu", Idea::Filler, None),
    ("bang", Idea::Filler, None),
    ("phu luc", Idea::Filler, None),
    ("so lieu", Idea::Filler, None),
    ("tu", Idea::Filler, None),
    ("voi", Idea::Filler, None),
    ("ve", Idea::Filler, None),
    ("tai", Idea::Filler, None),
    ("nay", Idea::Filler, None),
    ("cu the", Idea::Filler, None),
    ("tuong ung", Idea::Filler, None),
    ("chung", Idea::Filler, None),
    ("trung binh", Idea::Filler, None),
    ("trien khai", Idea::Filler, None),
    ("xay dung", Idea::Filler, None),
    ("phat trien", Idea::Filler, None),
];

/// The cleaned words of a label: accent-free, lower case, punctuation gone ('%' kept as a
/// word), runs of single letters joined ("Đ.K.S.S" → "dkss"), numbers dropped, final "y" after a
/// consonant spelt "i" ("tỷ" = "tỉ"), doubled words said once, abbreviations expanded.
pub fn words(text: &str) -> Vec<String> {
    words_of(text, false)
}

/// `words`, keeping numbers and roman numerals ("Biểu 1", "Phần II"): for caption aliases.
fn words_with_numbers(text: &str) -> Vec<String> {
    words_of(text, true)
}

fn words_of(text: &str, numbers: bool) -> Vec<String> {
    let key = accent_key(text);
    let mut raw: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in key.chars() {
        if c.is_alphanumeric() {
            cur.push(c);
        } else {
            if !cur.is_empty() {
                raw.push(std::mem::take(&mut cur));
            }
            if c == '%' {
                raw.push("%".into());
            }
        }
    }
    if !cur.is_empty() {
        raw.push(cur);
    }
    let mut joined = join_single_letters(raw);
    // Numbers and level spellings ("(3)", "(I, II, III, IV)") say nothing of the role.
    joined.retain(|w| {
        numbers
            || (!w.chars().all(|c| c.is_ascii_digit())
                && !matches!(w.as_str(), "i" | "ii" | "iii" | "iv"))
    });
    // A doubled word ("hạng hạng") is a typo; an abbreviation that repeats the word before it
    // ("Mức MĐĐĐ") is not, so words are said once before abbreviations are expanded.
    let mut once: Vec<String> = Vec::with_capacity(joined.len());
    for w in joined {
        let w = canonical_word(&w);
        if once.last() != Some(&w) {
            once.push(w);
        }
    }
    let mut out: Vec<String> = Vec::with_capacity(once.len());
    for w in once {
        match ABBREVIATIONS.iter().find(|(a, _)| *a == w) {
            Some((_, e)) => out.extend(e.split(' ').map(str::to_string)),
            None => out.push(w),
        }
    }
    drop_topic(out)
}

/// The topic of the whole evaluation ("chính quyền điện tử", "chuyển đổi số") names no role, and
/// may stand inside a dimension's name ("mức độ CQĐT đạt được"): it is left out.
fn drop_topic(words: Vec<String>) -> Vec<String> {
    const TOPICS: [&[&str]; 2] = [&["chinh", "quyen", "dien", "tu"], &["chuyen", "doi", "so"]];
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let topic = TOPICS
            .iter()
            .find(|t| words.len() - i >= t.len() && t.iter().zip(&words[i..]).all(|(a, b)| a == b));
        match topic {
            Some(t) => i += t.len(),
            None => {
                out.push(words[i].clone());
                i += 1;
            }
        }
    }
    out
}

/// "d", "k", "s", "s" → "dkss" (an abbreviation written with dots or spaces).
fn join_single_letters(raw: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    let mut run = String::new();
    let single = |w: &str| w.chars().count() == 1 && w.chars().all(|c| c.is_alphabetic());
    for w in raw {
        if single(&w) {
            run.push_str(&w);
            continue;
        }
        if !run.is_empty() {
            out.push(std::mem::take(&mut run));
        }
        out.push(w);
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// One spelling per word: a final "y" after a consonant is "i" ("ty" = "ti"), "qui" is "quy".
fn canonical_word(w: &str) -> String {
    if w == "qui" {
        return "quy".into();
    }
    let chars: Vec<char> = w.chars().collect();
    if chars.len() >= 2
        && chars[chars.len() - 1] == 'y'
        && !"aeiouy".contains(chars[chars.len() - 2])
    {
        let mut s: String = chars[..chars.len() - 1].iter().collect();
        s.push('i');
        return s;
    }
    w.to_string()
}

/// Where a label stands: a column's own cell, or a group cell / caption above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Own,
    Group,
}

/// What a label says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meaning {
    /// Dimensions named, each with the words that named it.
    pub dims: Vec<(Dimension, String)>,
    /// The field the words name; two when the label names two that exclude each other.
    pub fields: Vec<Field>,
    /// The words that decided the field.
    pub field_words: Vec<String>,
    pub row_number: bool,
    pub unit: bool,
    /// A column that is none of ours ("Thứ hạng", "Ghi chú").
    pub ignore: bool,
    /// The dimension comes only from a word that names it in a group cell ("Kết quả").
    pub weak_dim: bool,
    /// The field is a level only because of "kết quả" (a score word in parentheses wins).
    pub weak_level: bool,
    /// Raw points the unit gave itself (an appraised column wins over it).
    pub self_assessed: bool,
    /// Words that the vocabulary does not know.
    pub unknown: usize,
    /// Words that it knows.
    pub known: usize,
}

impl Meaning {
    /// Names a dimension or a field: a label of a value column or of a group over some.
    pub fn is_value(&self) -> bool {
        !self.ignore && (!self.dims.is_empty() || !self.fields.is_empty())
    }

    /// The one dimension named, if exactly one is.
    pub fn dim(&self) -> Option<Dimension> {
        let first = self.dims.first()?.0;
        self.dims.iter().all(|(d, _)| *d == first).then_some(first)
    }

    /// Names both dimensions.
    pub fn both_dims(&self) -> bool {
        self.dims.iter().any(|(d, _)| *d != self.dims[0].0)
    }
}

/// A phrase of the vocabulary, as words.
struct Phrase {
    words: Vec<String>,
    own: Idea,
    group: Idea,
}

/// The vocabulary with the pipeline's aliases, ready to match.
pub struct Vocabulary {
    /// By first word, longest first.
    by_first: HashMap<String, Vec<Phrase>>,
    /// First words of five letters or more, for a one-letter typo.
    long_firsts: Vec<String>,
    /// Captions that name a dimension (pipeline aliases), as words.
    captions: Vec<(Dimension, Vec<String>)>,
}

impl Vocabulary {
    pub fn new(a: &Aliases) -> Vocabulary {
        let mut v = Vocabulary {
            by_first: HashMap::new(),
            long_firsts: Vec::new(),
            captions: Vec::new(),
        };
        for (text, own, group) in VOCABULARY {
            v.add(text, *own, group.unwrap_or(*own));
        }
        let aliases: [(&[String], Idea); 12] = [
            (&a.row_number, Idea::RowNo),
            (&a.unit, Idea::UnitMarker),
            (&a.achieved, Idea::Dim(Dimension::Achieved)),
            (&a.readiness, Idea::Dim(Dimension::Readiness)),
            (&a.score, Idea::Alias(Field::Score)),
            (&a.level, Idea::Alias(Field::Level)),
            (&a.maximum, Idea::Alias(Field::Maximum)),
            (&a.not_applicable, Idea::Alias(Field::NotApplicable)),
            (&a.applicable_max, Idea::Alias(Field::ApplicableMax)),
            (&a.raw_points, Idea::Alias(Field::RawPoints)),
            (&a.percent, Idea::Alias(Field::Percent)),
            (&a.converted, Idea::Alias(Field::Converted)),
        ];
        for (list, idea) in aliases {
            for text in list {
                v.add(text, idea, idea);
            }
        }
        for (list, dim) in [
            (&a.achieved_caption, Dimension::Achieved),
            (&a.readiness_caption, Dimension::Readiness),
        ] {
            for text in list {
                let w = words_with_numbers(text);
                if !w.is_empty() {
                    v.captions.push((dim, w));
                }
            }
        }
        for list in v.by_first.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
        v.long_firsts = v
            .by_first
            .keys()
            .filter(|k| k.chars().count() >= 6)
            .cloned()
            .collect();
        v.long_firsts.sort();
        v
    }

    fn add(&mut self, text: &str, own: Idea, group: Idea) {
        let w = words(text);
        let Some(first) = w.first().cloned() else {
            return;
        };
        let list = self.by_first.entry(first).or_default();
        // An alias replaces a built-in phrase of the same words.
        list.retain(|p| p.words != w);
        list.push(Phrase {
            words: w,
            own,
            group,
        });
    }

    /// The phrases at `i`, longest first; a word of five letters or more may carry one typo.
    fn phrases_at(&self, ws: &[String], i: usize) -> Option<(&Phrase, usize)> {
        let exact = self.by_first.get(&ws[i]);
        let fuzzy = || {
            if ws[i].chars().count() < 6 {
                return None;
            }
            self.long_firsts
                .iter()
                .find(|k| within_one_edit(k, &ws[i]))
                .and_then(|k| self.by_first.get(k))
        };
        let list = exact.or_else(fuzzy)?;
        list.iter().find_map(|p| {
            let n = p.words.len();
            // The first word matched already (exactly or with a typo).
            let fits = i + n <= ws.len()
                && p.words[1..]
                    .iter()
                    .zip(&ws[i + 1..i + n])
                    .all(|(a, b)| a == b || (a.chars().count() >= 6 && within_one_edit(a, b)));
            fits.then_some((p, n))
        })
    }

    /// The ideas of a label, in order, with the words that expressed each; unknown words as None.
    fn ideas(&self, ws: &[String], place: Place) -> Vec<(Option<Idea>, String)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            match self.phrases_at(ws, i) {
                Some((p, n)) => {
                    let idea = if place == Place::Own { p.own } else { p.group };
                    out.push((Some(idea), ws[i..i + n].join(" ")));
                    i += n;
                }
                None => {
                    out.push((None, ws[i].clone()));
                    i += 1;
                }
            }
        }
        out
    }

    /// What a label says, standing at `place`. A column's own label written as alternatives
    /// ("Điểm quy đổi/Tỷ lệ %", "Số điểm hoặc mức") that name different fields names them all:
    /// the column is in doubt.
    pub fn meaning(&self, label: &str, place: Place) -> Meaning {
        // A cell of a paragraph is no label.
        if label.chars().count() > 200 {
            return Meaning::default();
        }
        let mut m = self.meaning_of_words(label, place, 40);
        if place != Place::Own {
            return m;
        }
        let (outside, inside) = split_parentheses(label);
        if !inside.is_empty() {
            let i = self.meaning_of_words(&inside, place, 40);
            if i.fields == [Field::Percent] && i.dims.is_empty() && i.unknown == 0 {
                // "(%)": the unit of the column, a rate however its ratio is written.
                m.fields = vec![Field::Percent];
                m.field_words = i.field_words;
                return m;
            }
            // Words in parentheses qualify; they decide only where the words outside name no
            // field, or only "kết quả" ("Kết quả (điểm)").
            let o = self.meaning_of_words(&outside, place, 40);
            // "Điểm tối đa (đã trừ điểm không áp dụng)": the parentheses say which maximum.
            let narrows = o.fields == [Field::Maximum] && m.fields == [Field::ApplicableMax];
            if !o.fields.is_empty() && !o.weak_level && !narrows {
                m.fields = o.fields;
                m.field_words = o.field_words;
                m.weak_level = false;
                m.self_assessed = o.self_assessed;
            }
        }
        let mut fields: Vec<Field> = Vec::new();
        for (i, part) in alternatives(&outside).iter().enumerate() {
            let part_fields = self.meaning_of_words(part, place, 40).fields;
            // "Tỷ lệ điểm đạt được/điểm tối đa áp dụng": a rate defined by its ratio.
            if i == 0 && part_fields == [Field::Percent] {
                break;
            }
            for f in part_fields {
                if !fields.contains(&f) {
                    fields.push(f);
                }
            }
        }
        if fields.len() > m.fields.len() {
            m.fields = fields;
        }
        m
    }

    fn meaning_of_words(&self, label: &str, place: Place, max_words: usize) -> Meaning {
        let ws = words(label);
        let mut m = Meaning::default();
        if ws.is_empty() || ws.len() > max_words {
            return m;
        }
        let ideas = self.ideas(&ws, place);
        let mut qualified = false;
        let mut field_ideas: Vec<(Idea, String)> = Vec::new();
        let mut weak_dims = Vec::new();
        for (idea, text) in ideas {
            let Some(idea) = idea else {
                m.unknown += 1;
                continue;
            };
            m.known += 1;
            match idea {
                Idea::Dim(d) => m.dims.push((d, text)),
                Idea::DimLevel(d) => {
                    m.dims.push((d, text.clone()));
                    field_ideas.push((Idea::LevelWeak, text));
                }
                Idea::DimWeak(d) => weak_dims.push((d, text)),
                Idea::RowNo => m.row_number = true,
                Idea::Unit | Idea::UnitMarker => {
                    m.unit = true;
                    if idea == Idea::UnitMarker {
                        field_ideas.push((idea, text));
                    }
                }
                Idea::Ignore => m.ignore = true,
                Idea::Modifier => qualified = true,
                Idea::Filler => {}
                _ if qualified => {}
                other => field_ideas.push((other, text)),
            }
        }
        // "Kết quả" names the achieved dimension only where nothing names one plainly
        // ("Kết quả điều kiện sẵn sàng" is readiness).
        if m.dims.is_empty() && place == Place::Group {
            m.weak_dim = !weak_dims.is_empty();
            m.dims = weak_dims;
        }
        // Prose ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") is no label, whatever words it shares.
        if m.unknown > m.known + 1 || (m.unknown > m.known && m.unknown >= 2) {
            return Meaning {
                unknown: m.unknown,
                known: m.known,
                ..Meaning::default()
            };
        }
        let marker = field_ideas.iter().any(|(i, t)| {
            *i == Idea::UnitMarker && !matches!(t.as_str(), "ubnd" | "uy ban nhan dan")
        });
        field_ideas.retain(|(i, _)| *i != Idea::UnitMarker);
        if place == Place::Own {
            decide_field(&field_ideas, &mut m);
        }
        // A unit label is only words of units, or says "tên"/"đơn vị" before a few others
        // ("Tên xã thuộc huyện Cam Lâm"); a unit's name ("Xã Cam Hòa") is not a label.
        m.unit = m.unit && m.fields.is_empty() && m.dims.is_empty() && {
            let allowed = if marker { 3 } else { 0 };
            m.unknown <= allowed
        };
        m.row_number =
            m.row_number && !m.unit && m.fields.is_empty() && m.dims.is_empty() && m.unknown == 0;
        m
    }

    /// The dimension a caption or title names: exactly one, from a strong phrase or a caption
    /// alias; a title naming both, or none, gives none.
    pub fn caption_dim(&self, text: &str) -> Option<(Dimension, String)> {
        let ws = words_with_numbers(text);
        for (dim, alias) in &self.captions {
            if ws.windows(alias.len()).any(|w| w == alias.as_slice()) {
                return Some((*dim, alias.join(" ")));
            }
        }
        let m = self.meaning_of_words(text, Place::Own, 400);
        if m.both_dims() {
            return None;
        }
        m.dims.first().cloned()
    }
}

/// The text outside parentheses (cut at any "="), and the text inside them.
fn split_parentheses(label: &str) -> (String, String) {
    let mut outside = String::new();
    let mut inside = String::new();
    let mut depth = 0u32;
    let mut formula = false;
    for c in label.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                inside.push(' ');
            }
            ')' | ']' => depth = depth.saturating_sub(1),
            '=' if depth == 0 => formula = true,
            c if depth == 0 && !formula => outside.push(c),
            c if depth > 0 => inside.push(c),
            _ => {}
        }
    }
    (outside, inside)
}

/// The parts of a label (outside its parentheses) written as alternatives: split at "/", "\\",
/// "|", ";" and the word "hoặc". One part (the usual case) gives nothing.
fn alternatives(outside: &str) -> Vec<String> {
    let parts: Vec<String> = outside
        .split(['/', '\\', '|', ';'])
        .flat_map(|p| {
            let lower = clean(p).to_lowercase();
            let mut out = Vec::new();
            let mut rest = lower.as_str();
            while let Some(i) = rest.find(" hoặc ") {
                out.push(rest[..i].to_string());
                rest = &rest[i + " hoặc ".len()..];
            }
            out.push(rest.to_string());
            out
        })
        .filter(|p| p.chars().any(char::is_alphabetic))
        .collect();
    if parts.len() < 2 { Vec::new() } else { parts }
}

/// The field from the ideas of a column's own label, by which idea wins over which:
/// an alias; rate; converted; applicable maximum; not applicable; maximum; level; raw; score.
fn decide_field(ideas: &[(Idea, String)], m: &mut Meaning) {
    // An alias names the label's field when it is the only idea of a field there ("Điểm chốt",
    // "Điểm chốt MĐĐĐ"), not inside a longer label ("Tổng điểm quy đổi" with the alias
    // "Tổng điểm").
    if let [(Idea::Alias(f), t)] = ideas {
        m.fields = vec![*f];
        m.field_words = vec![t.clone()];
        return;
    }
    let aliased: Vec<(Idea, String)> = ideas
        .iter()
        .filter(|(i, _)| !matches!(i, Idea::Alias(_)))
        .cloned()
        .collect();
    let ideas = aliased.as_slice();
    let has = |x: Idea| ideas.iter().any(|(i, _)| *i == x);
    let words_of = |pick: &[Idea]| -> Vec<String> {
        ideas
            .iter()
            .filter(|(i, _)| pick.contains(i))
            .map(|(_, t)| t.clone())
            .collect()
    };
    let mut set = |fields: Vec<Field>, pick: &[Idea]| {
        m.fields = fields;
        m.field_words = words_of(pick);
    };
    let (max, na, after) = (
        has(Idea::Maximum),
        has(Idea::NotApplicable),
        has(Idea::After),
    );
    let level = has(Idea::Level);
    let score = has(Idea::Score);
    if has(Idea::Percent) {
        set(vec![Field::Percent], &[Idea::Percent]);
    } else if has(Idea::Converted) {
        set(vec![Field::Converted], &[Idea::Converted]);
    } else if has(Idea::ApplicableMax) || ((max || na) && after) || (max && has(Idea::Applicable)) {
        set(
            vec![Field::ApplicableMax],
            &[
                Idea::ApplicableMax,
                Idea::Maximum,
                Idea::Applicable,
                Idea::After,
            ],
        );
    } else if na {
        set(vec![Field::NotApplicable], &[Idea::NotApplicable]);
    } else if max {
        set(vec![Field::Maximum], &[Idea::Maximum]);
    } else if level && score {
        // "Điểm / Xếp hạng": one column cannot be both.
        set(
            vec![Field::Score, Field::Level],
            &[Idea::Score, Idea::Level],
        );
    } else if level {
        set(vec![Field::Level], &[Idea::Level]);
    } else if has(Idea::Raw) || has(Idea::RawSelf) {
        set(vec![Field::RawPoints], &[Idea::Raw, Idea::RawSelf]);
        m.self_assessed = !has(Idea::Raw);
    } else if has(Idea::LevelWeak) && score {
        // "Kết quả (điểm)": the score.
        set(vec![Field::Score], &[Idea::Score, Idea::LevelWeak]);
    } else if has(Idea::LevelWeak) {
        set(vec![Field::Level], &[Idea::LevelWeak]);
        m.weak_level = true;
    } else if score {
        set(vec![Field::Score], &[Idea::Score]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v() -> Vocabulary {
        Vocabulary::new(&Aliases::default())
    }

    fn field(label: &str) -> Vec<Field> {
        v().meaning(label, Place::Own).fields
    }

    #[test]
    fn words_are_cleaned() {
        assert_eq!(words("Tỷ lệ (%)"), vec!["ti", "le", "%"]);
        assert_eq!(words("Tỉ  lệ"), vec!["ti", "le"]);
        assert_eq!(words("Xếp hạng hạng"), vec!["xep", "hang"]);
        assert_eq!(words("Đ.K.S.S"), vec!["dieu", "kien", "san", "sang"]);
        assert_eq!(words("ĐKSS"), words("Điều kiện sẵn sàng"));
        assert_eq!(words("Tổng\nđiểm (3)"), vec!["tong", "diem"]);
        assert_eq!(words("QUY ĐỔI"), words("qui đổi"));
        assert_eq!(words("Mức độ CQĐT đạt được"), words("mức độ đạt được"));
        assert_eq!(words("Điểm chuyển đổi"), vec!["diem", "chuyen", "doi"]);
    }

    #[test]
    fn fields_by_meaning() {
        assert_eq!(field("Tổng điểm"), vec![Field::Score]);
        assert_eq!(field("Điểm tối đa"), vec![Field::Maximum]);
        assert_eq!(field("Tổng điểm theo bộ tiêu chí"), vec![Field::Maximum]);
        assert_eq!(field("Điểm tối đa áp dụng"), vec![Field::ApplicableMax]);
        assert_eq!(field("Điểm cần thực hiện"), vec![Field::ApplicableMax]);
        assert_eq!(
            field("Điểm tối đa sau khi loại trừ"),
            vec![Field::ApplicableMax]
        );
        assert_eq!(
            field("Điểm không đưa vào đánh giá"),
            vec![Field::NotApplicable]
        );
        assert_eq!(field("Điểm đạt được"), vec![Field::RawPoints]);
        assert_eq!(field("Tỷ lệ điểm đạt được (%)"), vec![Field::Percent]);
        assert_eq!(field("Điểm đạt được sau quy đổi"), vec![Field::Converted]);
        assert_eq!(field("Xếp hạng"), vec![Field::Level]);
        assert_eq!(field("Kết quả"), vec![Field::Level]);
        assert_eq!(field("Xếp hạng theo tỷ lệ"), vec![Field::Level]);
        assert_eq!(field("Điểm / Xếp hạng"), vec![Field::Score, Field::Level]);
        assert!(field("Thứ hạng").is_empty() || v().meaning("Thứ hạng", Place::Own).ignore);
    }

    #[test]
    fn dimensions_and_levels() {
        let m = v().meaning("Xếp hạng mức độ Điều kiện sẵn sàng", Place::Own);
        assert_eq!(m.dim(), Some(Dimension::Readiness));
        assert_eq!(m.fields, vec![Field::Level]);
        let m = v().meaning("Điểm MĐĐĐ", Place::Own);
        assert_eq!(m.dim(), Some(Dimension::Achieved));
        assert_eq!(m.fields, vec![Field::Score]);
        let m = v().meaning("MỨC ĐỘ ĐẠT ĐƯỢC", Place::Own);
        assert_eq!(m.dim(), Some(Dimension::Achieved));
        assert!(m.fields.is_empty());
        // "Kết quả" over sub-columns is the achieved dimension; as a column, a level.
        assert_eq!(
            v().meaning("KẾT QUẢ", Place::Group).dim(),
            Some(Dimension::Achieved)
        );
        assert_eq!(v().meaning("KẾT QUẢ", Place::Own).dim(), None);
    }

    #[test]
    fn units_and_row_numbers() {
        let u = |s: &str| v().meaning(s, Place::Own).unit;
        assert!(u("Tên đơn vị"));
        assert!(u("CÁC XÃ, PHƯỜNG, THỊ TRẤN"));
        assert!(u("Huyện, thị xã, thành phố"));
        assert!(u("Địa phương"));
        assert!(!u("Xã Cam Hòa"));
        assert!(!u("Huyện Cam Lâm"));
        assert!(v().meaning("STT", Place::Own).row_number);
        assert!(v().meaning("Số TT", Place::Own).row_number);
        assert!(!v().meaning("STT", Place::Own).unit);
    }

    #[test]
    fn captions() {
        let c = |s: &str| v().caption_dim(s).map(|(d, _)| d);
        assert_eq!(
            c("1. Xếp hạng mức độ đạt được cấp huyện"),
            Some(Dimension::Achieved)
        );
        assert_eq!(
            c("Biểu 2: Kết quả đánh giá điều kiện sẵn sàng"),
            Some(Dimension::Readiness)
        );
        assert_eq!(c("BIỂU TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ"), None);
        assert_eq!(c("Kết quả mức độ đạt được và điều kiện sẵn sàng"), None);
    }
}
