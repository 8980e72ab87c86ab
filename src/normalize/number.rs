//! Numbers as people type them: numeric cells, text with a decimal comma or point, stray spaces,
//! percentages. Anything doubtful is an error, never a guess.

use crate::core::text::clean;
use crate::ingest::RawValue;

/// Why a cell is not a number (said by `Text::NumberUnreadable` in the words catalogue).
#[derive(Debug, Clone, PartialEq)]
pub enum NumError {
    /// Text that is not a number ("abc", "90,56,1").
    NotANumber(String),
    /// Both a comma and a point ("1.234,5"): thousands or decimals cannot be told apart.
    TwoSeparators(String),
    ErrorCell(String),
    Date(String),
    Bool(bool),
    TooLong(u64),
    NotFinite,
}

/// Rounds to 2 decimals, undoing binary float noise (7.0000000000000009 → 7).
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn is_missing(t: &str) -> bool {
    matches!(t, "" | "-" | "—" | "–" | "x" | "X" | "--")
}

fn parse_text(t: &str, allow_percent: bool) -> Result<Option<(f64, bool)>, NumError> {
    let cleaned = clean(t);
    if is_missing(&cleaned) {
        return Ok(None);
    }
    let mut s: String = cleaned.chars().filter(|c| !c.is_whitespace()).collect();
    let mut percent = false;
    if allow_percent && s.ends_with('%') {
        s.pop();
        percent = true;
    }
    let commas = s.matches(',').count();
    let points = s.matches('.').count();
    if commas > 0 && points > 0 {
        return Err(NumError::TwoSeparators(cleaned));
    }
    if commas + points > 1 {
        return Err(NumError::NotANumber(cleaned));
    }
    let body = s.strip_prefix('-').unwrap_or(&s);
    let ok = !body.is_empty()
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        && body.chars().next().is_some_and(|c| c.is_ascii_digit())
        && body.chars().last().is_some_and(|c| c.is_ascii_digit());
    if !ok {
        return Err(NumError::NotANumber(cleaned));
    }
    let v: f64 = s
        .replace(',', ".")
        .parse()
        .map_err(|_| NumError::NotANumber(cleaned.clone()))?;
    Ok(Some((v, percent)))
}

fn other(v: &RawValue) -> NumError {
    match v {
        RawValue::Error(e) => NumError::ErrorCell(e.to_string()),
        RawValue::Date(d) => NumError::Date(d.to_string()),
        RawValue::Bool(b) => NumError::Bool(*b),
        RawValue::TooLong(n) => NumError::TooLong(*n),
        _ => NumError::NotFinite,
    }
}

/// A number (score, points): `Ok(None)` when the cell means "no value".
pub fn parse_number(v: &RawValue) -> Result<Option<f64>, NumError> {
    match v {
        RawValue::Empty => Ok(None),
        RawValue::Number(n) if n.is_finite() => Ok(Some(round2(*n))),
        RawValue::Number(_) => Err(NumError::NotFinite),
        RawValue::Text(t) => Ok(parse_text(t, false)?.map(|(x, _)| round2(x))),
        other_value => Err(other(other_value)),
    }
}

/// A percentage in 0..100: "85,36%", "89%", "85.36", or a percent-formatted numeric cell holding a
/// fraction (0.8536). A numeric cell of at most 1 is read as a fraction: no unit of this evaluation
/// scores 1 % or less of its maximum, and Excel stores "85,36%" as 0.8536.
pub fn parse_percent(v: &RawValue) -> Result<Option<f64>, NumError> {
    match v {
        RawValue::Empty => Ok(None),
        RawValue::Number(n) if n.is_finite() => {
            Ok(Some(round2(if n.abs() <= 1.0 { n * 100.0 } else { *n })))
        }
        RawValue::Number(_) => Err(NumError::NotFinite),
        RawValue::Text(t) => Ok(parse_text(t, true)?.map(|(x, _)| round2(x))),
        other_value => Err(other(other_value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> RawValue {
        RawValue::Text(s.into())
    }

    #[test]
    fn numbers_as_people_type_them() {
        assert_eq!(
            parse_number(&RawValue::Number(7.000_000_000_000_001)),
            Ok(Some(7.0))
        );
        assert_eq!(
            parse_number(&RawValue::Number(27.930000000000003)),
            Ok(Some(27.93))
        );
        assert_eq!(parse_number(&t("90,56")), Ok(Some(90.56)));
        assert_eq!(parse_number(&t(" 27,7\u{a0}")), Ok(Some(27.7)));
        assert_eq!(parse_number(&t("50,00")), Ok(Some(50.0)));
        assert_eq!(parse_number(&t("87.10")), Ok(Some(87.1)));
        assert_eq!(parse_number(&t("30")), Ok(Some(30.0)));
        assert_eq!(parse_number(&t("-3")), Ok(Some(-3.0)));
        for missing in ["", "-", "—", "x", "  "] {
            assert_eq!(parse_number(&t(missing)), Ok(None), "{missing:?}");
        }
        assert!(matches!(
            parse_number(&t("1.234,5")),
            Err(NumError::TwoSeparators(_))
        ));
        assert!(matches!(
            parse_number(&t("90,56,1")),
            Err(NumError::NotANumber(_))
        ));
        assert!(matches!(
            parse_number(&t("tốt")),
            Err(NumError::NotANumber(_))
        ));
        assert!(matches!(
            parse_number(&t("85%")),
            Err(NumError::NotANumber(_))
        ));
        assert!(matches!(
            parse_number(&RawValue::Error("#REF!".into())),
            Err(NumError::ErrorCell(_))
        ));
        assert!(matches!(
            parse_number(&RawValue::Date("44000".into())),
            Err(NumError::Date(_))
        ));
        assert!(matches!(
            parse_number(&RawValue::Bool(true)),
            Err(NumError::Bool(true))
        ));
    }

    #[test]
    fn percentages() {
        assert_eq!(parse_percent(&t("85,36%")), Ok(Some(85.36)));
        assert_eq!(parse_percent(&t("89%")), Ok(Some(89.0)));
        assert_eq!(parse_percent(&RawValue::Number(0.8536)), Ok(Some(85.36)));
        assert_eq!(parse_percent(&RawValue::Number(85.36)), Ok(Some(85.36)));
    }
}
