//! Vietnamese alphabetical order, as used in the annexes that publish lists of units.
//!
//! The order is the traditional dictionary one:
//! - letters: a ă â b c ch d đ e ê (f) g gh gi h i (j) k kh l m n ng ngh nh o ô ơ p ph q qu r s
//!   t th tr u ư v (w) x y (z); the consonant clusters are single letters that sort after every
//!   other use of their first letter (so "Toàn" < "Thạnh" < "Trung"); case is ignored;
//! - a word separator (space or hyphen) sorts before every letter and digit, so a prefix comes
//!   first ("Cam Phú" < "Cam Phúc Bắc");
//! - digit runs sort before letters and compare numerically ("Phường 2" < "Phường 10");
//! - other punctuation is ignored at this level.
//!
//! When the letters are equal, tone marks break the tie, letter by letter, in the order
//! ngang (none), huyền, hỏi, ngã, sắc, nặng. When those are equal too, the raw strings are
//! compared so that the order is total and consistent with `==`.

use std::cmp::Ordering;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::core::text::clean;

/// The Vietnamese letters in order, with the Latin-only letters f, j, w, z in their Latin places.
const ALPHABET: [&str; 44] = [
    "a", "ă", "â", "b", "c", "ch", "d", "đ", "e", "ê", "f", "g", "gh", "gi", "h", "i", "j", "k",
    "kh", "l", "m", "n", "ng", "ngh", "nh", "o", "ô", "ơ", "p", "ph", "q", "qu", "r", "s", "t",
    "th", "tr", "u", "ư", "v", "w", "x", "y", "z",
];

/// Key element written between the primary, secondary and raw parts of a sort key.
const LEVEL_SEPARATOR: u32 = 0;
/// Key element for a word separator.
const WORD_SEPARATOR: u32 = 1;
/// Key element that starts a number: followed by the digit count and the digits.
const NUMBER: u32 = 2;
/// Key element of the first letter of [`ALPHABET`].
const LETTER_BASE: u32 = 100;
/// Key elements of letters outside the Vietnamese alphabet start here (plus the code point).
const FOREIGN_BASE: u32 = 1_000;

/// One letter as written: the base letter with its vowel modifier resolved ("ơ", "â", ...) and
/// its tone rank (0 = ngang, 1 = huyền, 2 = hỏi, 3 = ngã, 4 = sắc, 5 = nặng).
struct Glyph {
    letter: char,
    tone: u32,
}

fn tone_rank(mark: char) -> Option<u32> {
    match mark {
        '\u{0300}' => Some(1),
        '\u{0309}' => Some(2),
        '\u{0303}' => Some(3),
        '\u{0301}' => Some(4),
        '\u{0323}' => Some(5),
        _ => None,
    }
}

/// Applies a non-tone combining mark (circumflex, breve, horn) to a lowercase base letter.
fn apply_modifier(base: char, mark: char) -> char {
    match (base, mark) {
        ('a', '\u{0306}') => 'ă',
        ('a', '\u{0302}') => 'â',
        ('e', '\u{0302}') => 'ê',
        ('o', '\u{0302}') => 'ô',
        ('o', '\u{031B}') => 'ơ',
        ('u', '\u{031B}') => 'ư',
        (base, _) => base,
    }
}

/// Lowercase glyphs of a string, in NFD order, with marks attached to their base letters.
fn glyphs(s: &str) -> Vec<Glyph> {
    let lower = clean(s).to_lowercase();
    let mut out: Vec<Glyph> = Vec::with_capacity(lower.len());
    for c in lower.nfd() {
        if is_combining_mark(c) {
            if let Some(last) = out.last_mut() {
                match tone_rank(c) {
                    Some(rank) => last.tone = last.tone.max(rank),
                    None => last.letter = apply_modifier(last.letter, c),
                }
            }
        } else {
            out.push(Glyph { letter: c, tone: 0 });
        }
    }
    out
}

fn alphabet_index(letter: &str) -> Option<u32> {
    ALPHABET
        .iter()
        .position(|&l| l == letter)
        .and_then(|i| u32::try_from(i).ok())
}

/// Builds the primary (letters) and secondary (tones) parts of the key.
fn primary_and_secondary(s: &str) -> (Vec<u32>, Vec<u32>) {
    let gl = glyphs(s);
    let mut primary: Vec<u32> = Vec::with_capacity(gl.len() + 4);
    let mut secondary: Vec<u32> = Vec::with_capacity(gl.len());
    let mut i = 0;
    while i < gl.len() {
        let c = gl[i].letter;
        if c.is_ascii_digit() {
            let start = i;
            while i < gl.len() && gl[i].letter.is_ascii_digit() {
                i += 1;
            }
            let digits: Vec<u32> = gl[start..i]
                .iter()
                .filter_map(|g| g.letter.to_digit(10))
                .skip_while(|&d| d == 0)
                .collect();
            let digits = if digits.is_empty() { vec![0] } else { digits };
            primary.push(NUMBER);
            primary.push(u32::try_from(digits.len()).unwrap_or(u32::MAX));
            primary.extend(digits);
            continue;
        }
        if c == ' ' || c == '-' || matches!(c, '\u{2010}'..='\u{2015}') {
            if !primary.is_empty() && primary.last() != Some(&WORD_SEPARATOR) {
                primary.push(WORD_SEPARATOR);
            }
            i += 1;
            continue;
        }
        if !c.is_alphabetic() {
            // Punctuation and symbols are ignored at the primary level.
            i += 1;
            continue;
        }
        // Longest cluster first: "ngh", then two-letter clusters, then the single letter.
        let mut matched = None;
        for len in [3usize, 2] {
            if i + len > gl.len() {
                continue;
            }
            let candidate: String = gl[i..i + len].iter().map(|g| g.letter).collect();
            if let Some(index) = alphabet_index(&candidate) {
                matched = Some((index, len));
                break;
            }
        }
        let (code, len) = match matched {
            Some((index, len)) => (LETTER_BASE + index, len),
            None => {
                let single = c.to_string();
                match alphabet_index(&single) {
                    Some(index) => (LETTER_BASE + index, 1),
                    None => (FOREIGN_BASE.saturating_add(u32::from(c)), 1),
                }
            }
        };
        primary.push(code);
        secondary.push(gl[i..i + len].iter().map(|g| g.tone).max().unwrap_or(0));
        i += len;
    }
    (primary, secondary)
}

/// A key whose lexicographic order is [`cmp_vi`]: letters, then tones, then the raw string.
pub fn sort_key(s: &str) -> Vec<u32> {
    let (mut key, secondary) = primary_and_secondary(s);
    key.push(LEVEL_SEPARATOR);
    key.extend(secondary);
    key.push(LEVEL_SEPARATOR);
    key.extend(s.chars().map(u32::from));
    key
}

/// Compares two strings in Vietnamese alphabetical order (see the module documentation).
pub fn cmp_vi(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    sort_key(a).cmp(&sort_key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_increasing(list: &[&str]) {
        for pair in list.windows(2) {
            assert_eq!(
                cmp_vi(pair[0], pair[1]),
                Ordering::Less,
                "{:?} should sort before {:?}",
                pair[0],
                pair[1]
            );
            assert_eq!(cmp_vi(pair[1], pair[0]), Ordering::Greater);
        }
        // Sorting any permutation gives the list back.
        let mut shuffled: Vec<&str> = list.iter().rev().copied().collect();
        shuffled.rotate_left(list.len() / 3);
        shuffled.sort_by(|a, b| cmp_vi(a, b));
        assert_eq!(shuffled, list);
    }

    fn prefixed(prefix: &str, names: &[&str]) -> Vec<String> {
        names.iter().map(|n| format!("{prefix} {n}")).collect()
    }

    fn assert_increasing_with_prefix(prefix: &str, names: &[&str]) {
        assert_increasing(names);
        let full = prefixed(prefix, names);
        let refs: Vec<&str> = full.iter().map(String::as_str).collect();
        assert_increasing(&refs);
    }

    #[test]
    fn dien_khanh_communes() {
        assert_increasing_with_prefix(
            "Xã",
            &[
                "Diên An",
                "Diên Điền",
                "Diên Đồng",
                "Diên Hòa",
                "Diên Lạc",
                "Diên Lâm",
                "Diên Phú",
                "Diên Phước",
                "Diên Sơn",
                "Diên Tân",
                "Diên Toàn",
                "Diên Thạnh",
                "Diên Thọ",
                "Diên Xuân",
            ],
        );
    }

    #[test]
    fn nha_trang_wards_and_communes() {
        assert_increasing_with_prefix(
            "Phường",
            &[
                "Lộc Thọ",
                "Ngọc Hiệp",
                "Phước Hải",
                "Phước Hòa",
                "Phước Long",
                "Phước Tân",
                "Phước Tiến",
                "Phương Sài",
                "Phương Sơn",
                "Tân Lập",
                "Vạn Thạnh",
                "Vạn Thắng",
                "Vĩnh Hải",
                "Vĩnh Hòa",
                "Vĩnh Nguyên",
                "Vĩnh Phước",
                "Vĩnh Thọ",
                "Vĩnh Trường",
                "Xương Huân",
            ],
        );
        assert_increasing_with_prefix(
            "Xã",
            &[
                "Phước Đồng",
                "Vĩnh Hiệp",
                "Vĩnh Lương",
                "Vĩnh Ngọc",
                "Vĩnh Phương",
                "Vĩnh Thái",
                "Vĩnh Thạnh",
                "Vĩnh Trung",
            ],
        );
    }

    #[test]
    fn cam_ranh_wards_and_communes() {
        assert_increasing_with_prefix(
            "Phường",
            &[
                "Ba Ngòi",
                "Cam Linh",
                "Cam Lộc",
                "Cam Lợi",
                "Cam Nghĩa",
                "Cam Phú",
                "Cam Phúc Bắc",
                "Cam Phúc Nam",
                "Cam Thuận",
            ],
        );
        assert_increasing_with_prefix(
            "Xã",
            &[
                "Cam Bình",
                "Cam Lập",
                "Cam Phước Đông",
                "Cam Thành Nam",
                "Cam Thịnh Đông",
                "Cam Thịnh Tây",
            ],
        );
    }

    #[test]
    fn ninh_hoa_communes_and_wards() {
        assert_increasing_with_prefix(
            "Xã",
            &[
                "Ninh An",
                "Ninh Bình",
                "Ninh Đông",
                "Ninh Hưng",
                "Ninh Ích",
                "Ninh Lộc",
                "Ninh Phú",
                "Ninh Phụng",
                "Ninh Phước",
                "Ninh Quang",
                "Ninh Sim",
                "Ninh Sơn",
                "Ninh Tân",
                "Ninh Tây",
                "Ninh Thân",
                "Ninh Thọ",
                "Ninh Thượng",
                "Ninh Trung",
                "Ninh Vân",
                "Ninh Xuân",
            ],
        );
        assert_increasing_with_prefix(
            "Phường",
            &[
                "Ninh Diêm",
                "Ninh Đa",
                "Ninh Giang",
                "Ninh Hà",
                "Ninh Hải",
                "Ninh Hiệp",
                "Ninh Thủy",
            ],
        );
    }

    #[test]
    fn khanh_vinh_communes() {
        assert_increasing_with_prefix(
            "Xã",
            &[
                "Cầu Bà",
                "Giang Ly",
                "Khánh Bình",
                "Khánh Đông",
                "Khánh Hiệp",
                "Khánh Nam",
                "Khánh Phú",
                "Khánh Thành",
                "Khánh Thượng",
                "Khánh Trung",
                "Liên Sang",
                "Sông Cầu",
                "Sơn Thái",
            ],
        );
    }

    #[test]
    fn van_ninh_communes() {
        assert_increasing_with_prefix(
            "Xã",
            &[
                "Đại Lãnh",
                "Vạn Bình",
                "Vạn Hưng",
                "Vạn Khánh",
                "Vạn Long",
                "Vạn Lương",
                "Vạn Phú",
                "Vạn Phước",
                "Vạn Thạnh",
                "Vạn Thắng",
                "Vạn Thọ",
                "Xuân Sơn",
            ],
        );
    }

    #[test]
    fn cam_lam_communes() {
        assert_increasing_with_prefix(
            "Xã",
            &[
                "Cam An Bắc",
                "Cam An Nam",
                "Cam Hải Đông",
                "Cam Hải Tây",
                "Cam Hiệp Bắc",
                "Cam Hiệp Nam",
                "Cam Hòa",
                "Cam Phước Tây",
                "Cam Tân",
                "Cam Thành Bắc",
                "Sơn Tân",
                "Suối Cát",
                "Suối Tân",
            ],
        );
    }

    #[test]
    fn consonant_clusters_sort_after_their_first_letter() {
        assert_increasing(&["Cu", "Chi"]);
        assert_increasing(&["Gò", "Ghềnh", "Gia"]);
        assert_increasing(&["Kỳ", "Khánh"]);
        assert_increasing(&["Nữ", "Nga", "Nghĩa", "Nhơn"]);
        assert_increasing(&["Pơ", "Phú"]);
        assert_increasing(&["Tuy", "Thái", "Trà"]);
        assert_increasing(&["Ta", "Tân", "Toàn", "Thạnh", "Thọ", "Trung"]);
    }

    #[test]
    fn modified_vowels_are_distinct_letters() {
        assert_increasing(&["Cam An", "Cam Ăn", "Cam Ân", "Cam Bà"]);
        assert_increasing(&["De", "Dê", "Đa"]);
        assert_increasing(&["Lo", "Lô", "Lơ", "Lu", "Lư"]);
    }

    #[test]
    fn space_and_prefix_sort_first() {
        assert_increasing(&["Cam", "Cam An", "Cama"]);
        assert_increasing(&["Cam Phú", "Cam Phúc Bắc"]);
        assert_increasing(&["Ninh Hà", "Ninh Hải"]);
    }

    #[test]
    fn numbers_sort_numerically_and_before_letters() {
        assert_increasing(&["Phường 1", "Phường 2", "Phường 9", "Phường 10", "Phường 11"]);
        assert_increasing(&["Phường 2", "Phường 10", "Phường An Hòa"]);
        assert_eq!(cmp_vi("Phường 01", "Phường 2"), Ordering::Less);
        // Equal numbers: the raw string decides, consistently.
        assert_ne!(cmp_vi("Phường 01", "Phường 1"), Ordering::Equal);
        assert_eq!(
            cmp_vi("Phường 01", "Phường 1"),
            cmp_vi("Phường 1", "Phường 01").reverse()
        );
        assert_increasing(&[
            "Phường 99999999999999999999",
            "Phường 100000000000000000000",
        ]);
    }

    #[test]
    fn tones_break_ties_in_dictionary_order() {
        assert_increasing(&["ma", "mà", "mả", "mã", "má", "mạ"]);
        assert_increasing(&["Hoa", "Hòa", "Hỏa", "Hóa"]);
        // Letters decide before tones.
        assert_increasing(&["Mạ", "Man"]);
    }

    #[test]
    fn case_spaces_and_forms_only_break_ties() {
        assert_eq!(cmp_vi("Cam Hòa", "Cam Hòa"), Ordering::Equal);
        let nfd: String = "Cam Hòa".nfd().collect();
        assert_ne!(cmp_vi("Cam Hòa", &nfd), Ordering::Equal);
        // Letters and tones are equal, so it sorts right next to the NFC form.
        assert_eq!(cmp_vi(&nfd, "Cam Hỏa"), Ordering::Less);
        assert_eq!(cmp_vi(&nfd, "Cam Hoa"), Ordering::Greater);
        assert_eq!(cmp_vi("cam hòa", "Cam Lâm"), Ordering::Less);
        assert_eq!(cmp_vi("CAM LÂM", "cam hòa"), Ordering::Greater);
        assert_eq!(cmp_vi("Cam  Hòa", "Cam Hỏa"), Ordering::Less);
        assert_ne!(cmp_vi("Cam  Hòa", "Cam Hòa"), Ordering::Equal);
    }

    #[test]
    fn sort_key_agrees_with_cmp_vi() {
        let names = [
            "Diên Toàn",
            "Diên Thạnh",
            "Phường 10",
            "Phường 2",
            "",
            "Ea H'Leo",
            "Bà Rịa - Vũng Tàu",
            "Bà Rịa-Vũng Tàu",
            "Zürich",
        ];
        for a in names {
            for b in names {
                assert_eq!(sort_key(a).cmp(&sort_key(b)), cmp_vi(a, b), "{a} / {b}");
            }
        }
        assert_eq!(cmp_vi("", "a"), Ordering::Less);
        assert_eq!(
            cmp_vi("Ea HLeo", "Ea H'Leo").reverse(),
            cmp_vi("Ea H'Leo", "Ea HLeo")
        );
    }

    #[test]
    fn hyphens_are_word_separators() {
        assert_increasing(&["Bà Rịa-Vũng Tàu", "Bà Rịaz"]);
        assert_eq!(
            primary_and_secondary("Bà Rịa - Vũng Tàu"),
            primary_and_secondary("Bà Rịa-Vũng Tàu")
        );
    }
}
