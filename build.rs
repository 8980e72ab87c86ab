//! Build script: computes the matching keys of the embedded GSO list once, at build time, so that
//! a process does not spend its start-up on them (issue 15: ~0.14 s of NFC/NFD passes for 11,000
//! units before; now a province's rows are split and indexed when first asked for).
//!
//! The keys come from the crate's own `src/core/text.rs` (compiled into this script as a module),
//! so there is one definition of a key; `gazetteer::tests` checks that the keys read back equal
//! those computed at run time from the same list.
//!
//! Output: `$OUT_DIR/gso-units-keys.tsv`, one line per data row of the CSV, eight tab-separated
//! keys: province (exact, accent), district (exact, accent, typed accent), commune (exact, accent,
//! typed accent; empty for a district without communes). It also checks that every field of the
//! list is clean text, which lets the gazetteer take the embedded list as it is.
//!
//! Also `$OUT_DIR/gso-units-slots.rs`: where each province's rows are, in the list and in the
//! keys (`PROVINCE_ROWS`, in list order), and every district and commune code with the province
//! that holds it (its order in the list), sorted by code (`DISTRICT_SLOTS`, `COMMUNE_SLOTS`), so
//! that the gazetteer reads a province's rows only when they are asked for, and a lookup by code
//! only that province's.

#[allow(dead_code)]
#[path = "src/core/text.rs"]
mod text;

use std::fmt::Write as _;

const LIST: &str = "reference/gso-units-2020-11-01.csv";

fn keys(out: &mut String, name: &str, unit_type: Option<&str>) {
    let name = text::clean(name);
    let accent = text::accent_key(&name);
    let _ = write!(out, "{}\t{}", text::exact_key(&name), accent);
    if let Some(t) = unit_type {
        let typed = text::accent_key(&format!("{} {}", text::clean(t), name));
        let _ = write!(out, "\t{typed}");
    }
}

fn main() {
    println!("cargo::rerun-if-changed={LIST}");
    println!("cargo::rerun-if-changed=src/core/text.rs");
    println!("cargo::rerun-if-changed=build.rs");
    let csv = match std::fs::read_to_string(LIST) {
        Ok(csv) => csv,
        Err(e) => panic!("{LIST}: {e}"),
    };
    let mut out = String::with_capacity(csv.len() * 3);
    // Which province (by its order in the list) holds each district and commune code, and where
    // each province's rows and key lines are: (start, end) in the list, then in the keys.
    let (mut districts, mut communes) = (Vec::new(), Vec::new());
    let mut provinces: Vec<(&str, [usize; 4])> = Vec::new();
    // As the gazetteer reads it: the first line is the header.
    let mut at = 0;
    for chunk in csv.split_inclusive('\n') {
        let start = at;
        at += chunk.len();
        let line = chunk.trim_end_matches(['\n', '\r']);
        if start == 0 {
            continue;
        }
        if line.trim().is_empty() {
            panic!("{LIST}: a blank line at byte {start}");
        }
        // The embedded list has no quoted fields (checked by the gazetteer's tests through the
        // equality of keys).
        let f: Vec<&str> = line.split(',').collect();
        if f.len() != 8 {
            panic!("{LIST}: expected 8 fields in {line:?}");
        }
        // The gazetteer trusts the embedded list to be clean (it does not clean it again).
        if let Some(bad) = f.iter().find(|x| !x.is_empty() && !text::is_clean(x)) {
            panic!("{LIST}: {bad:?} is not clean text (see core::text::clean)");
        }
        if provinces.last().map(|(code, _)| *code) != Some(f[0]) {
            if provinces.iter().any(|(code, _)| *code == f[0]) {
                panic!("{LIST}: the rows of province {} are not together", f[0]);
            }
            provinces.push((f[0], [start, start, out.len(), out.len()]));
        }
        if f[2].is_empty() {
            // The gazetteer takes the embedded list as a map with districts on every row.
            panic!("{LIST}: a row without a district: {line:?}");
        }
        let slot = provinces.len() - 1;
        districts.push((f[2], slot));
        if !f[5].is_empty() {
            communes.push((f[5], slot));
        }
        keys(&mut out, f[1], None);
        out.push('\t');
        keys(&mut out, f[3], Some(f[4]));
        out.push('\t');
        if f[6].trim().is_empty() {
            out.push_str("\t\t");
        } else {
            keys(&mut out, f[6], Some(f[7]));
        }
        out.push('\n');
        if let Some((_, ranges)) = provinces.last_mut() {
            (ranges[1], ranges[3]) = (at, out.len());
        }
    }
    let dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".to_string());
    let path = std::path::Path::new(&dir).join("gso-units-keys.tsv");
    if let Err(e) = std::fs::write(&path, out) {
        panic!("{}: {e}", path.display());
    }
    let mut slots = String::from("const PROVINCE_ROWS: &[[usize; 4]] = &[\n");
    for (_, ranges) in &provinces {
        let _ = writeln!(slots, "    {ranges:?},");
    }
    slots.push_str("];\n");
    for (name, mut list) in [("DISTRICT_SLOTS", districts), ("COMMUNE_SLOTS", communes)] {
        // A district has a row per commune: one entry per (code, province), and one province
        // per code.
        list.sort();
        list.dedup();
        if list.windows(2).any(|w| w[0].0 == w[1].0) {
            panic!("{LIST}: a {name} code is given to two provinces, or twice");
        }
        let _ = writeln!(slots, "const {name}: &[(&str, u8)] = &[");
        for (code, slot) in list {
            let _ = writeln!(slots, "    ({code:?}, {slot}),");
        }
        slots.push_str("];\n");
    }
    let path = std::path::Path::new(&dir).join("gso-units-slots.rs");
    if let Err(e) = std::fs::write(&path, slots) {
        panic!("{}: {e}", path.display());
    }
}
