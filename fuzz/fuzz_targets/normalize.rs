//! Any text through the normalizers: text keys, unit names, levels, numbers and gazetteer matching
//! must never panic, and the text keys are idempotent.
#![no_main]

use std::sync::OnceLock;

use egov_etl::core::Level;
use egov_etl::core::text::{accent_key, clean, exact_key};
use egov_etl::gazetteer::{Gazetteer, parse_unit_name};
use egov_etl::ingest::RawValue;
use egov_etl::normalize::number::{parse_number, parse_percent};
use libfuzzer_sys::fuzz_target;

fn gazetteer() -> Option<&'static Gazetteer> {
    static G: OnceLock<Option<Gazetteer>> = OnceLock::new();
    G.get_or_init(|| Gazetteer::embedded().ok()).as_ref()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let c = clean(text);
    assert_eq!(clean(&c), c);
    let e = exact_key(text);
    assert_eq!(exact_key(&e), e);
    let a = accent_key(text);
    assert_eq!(accent_key(&a), a);
    let _ = Level::parse(text);
    let v = RawValue::Text(text.into());
    if let Ok(Some(x)) = parse_number(&v) {
        assert!(x.is_finite());
    }
    let _ = parse_percent(&v);
    let p = parse_unit_name(text);
    if let Some(g) = gazetteer() {
        let _ = g.match_commune("568", &p.name, p.unit_type);
        let _ = g.match_district("56", &p.name, p.unit_type);
        let _ = g.search(text);
    }
});
