//! The house rules, checked (in the manner of rust-analyzer's tidy test): every source file says
//! its job in a `//!` comment; calamine only in ingest's workbook reader, polars only in emit,
//! printing only in cli; no function longer than the limit outside tests (the two word
//! catalogues excepted: one arm per sentence); sentences only in the word catalogue;
//! ARCHITECTURE.md names every module. Each rule is a function with unit tests on a small bad
//! tree, so a rule that cannot fail is seen to fail.

use std::path::{Path, PathBuf};

/// The longest a function may be, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 80;

/// Files whose long functions are catalogues, not logic.
const CATALOGUES: [&str; 2] = ["src/words/vi.rs", "src/words/en.rs"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `src/`, as (path relative to the repo with '/', text).
fn sources(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![root.join("src")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p
                    .strip_prefix(root)
                    .map(|r| r.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                out.push((rel, text));
            }
        }
    }
    out.sort();
    out
}

/// The part of a file before its `#[cfg(test)] mod` (tests may print, be long, …); a
/// `#[cfg(test)]` on a single function does not end the file's code.
fn before_tests(text: &str) -> &str {
    let mut at = 0;
    while let Some(i) = text[at..].find("#[cfg(test)]") {
        let start = at + i;
        let rest = text[start + "#[cfg(test)]".len()..].trim_start();
        if rest.starts_with("mod ") {
            return &text[..start];
        }
        at = start + 1;
    }
    text
}

/// Code lines, without `//` comments (so that a comment naming polars is no use of it).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    before_tests(text).lines().enumerate().filter_map(|(i, l)| {
        let code = l.split("//").next().unwrap_or("");
        (!code.trim().is_empty()).then_some((i + 1, code))
    })
}

// ---------------------------------------------------------------------------------------------
// The rules: each returns its violations as "path:line: what".

fn rule_doc_comment(path: &str, text: &str) -> Vec<String> {
    if text.trim_start().starts_with("//!") {
        Vec::new()
    } else {
        vec![format!(
            "{path}:1: the file does not open with a `//!` comment saying its job"
        )]
    }
}

/// `needle` (a crate or a macro) used only in the files allowed.
fn rule_only_in(
    path: &str,
    text: &str,
    needles: &[&str],
    allowed: &[&str],
    what: &str,
) -> Vec<String> {
    if allowed
        .iter()
        .any(|a| path == *a || (a.ends_with('/') && path.starts_with(a)))
    {
        return Vec::new();
    }
    code_lines(text)
        .filter(|(_, l)| needles.iter().any(|n| l.contains(n)))
        .map(|(i, _)| format!("{path}:{i}: {what}"))
        .collect()
}

fn rule_calamine(path: &str, text: &str) -> Vec<String> {
    rule_only_in(
        path,
        text,
        &["calamine::"],
        &["src/ingest/workbook.rs"],
        "calamine outside ingest/workbook.rs",
    )
}

fn rule_polars(path: &str, text: &str) -> Vec<String> {
    rule_only_in(
        path,
        text,
        &["polars::", "polars_parquet::"],
        &["src/emit.rs"],
        "polars outside emit.rs",
    )
}

fn rule_printing(path: &str, text: &str) -> Vec<String> {
    rule_only_in(
        path,
        text,
        &["println!", "print!(", "eprint!(", "eprintln!", "dbg!"],
        &["src/cli.rs"],
        "printing outside cli.rs",
    )
}

/// A sentence for people is written in the catalogue (`Text`), not as a `Message` elsewhere.
fn rule_sentences(path: &str, text: &str) -> Vec<String> {
    rule_only_in(
        path,
        text,
        &["Message::new("],
        &["src/words/", "src/finding/"],
        "a sentence written outside the word catalogue (src/words)",
    )
}

/// Functions longer than the limit: from a line declaring `fn` to the line where its braces
/// close (a declaration ending in `;` has no body).
fn rule_function_length(path: &str, text: &str) -> Vec<String> {
    if CATALOGUES.contains(&path) {
        return Vec::new();
    }
    let lines: Vec<&str> = before_tests(text).lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(name) = fn_name(lines[i]) else {
            i += 1;
            continue;
        };
        let (mut depth, mut opened, mut j) = (0i64, false, i);
        while j < lines.len() {
            let code = lines[j].split("//").next().unwrap_or("");
            for ch in code.chars() {
                match ch {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if (opened && depth <= 0) || (!opened && code.trim_end().ends_with(';')) {
                break;
            }
            j += 1;
        }
        let n = j - i + 1;
        if opened && n > MAX_FN_LINES {
            out.push(format!(
                "{path}:{}: fn {name} is {n} lines (limit {MAX_FN_LINES})",
                i + 1
            ));
        }
        i = j + 1;
    }
    out
}

/// The name of the function a line declares, if it declares one.
fn fn_name(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let t = t
        .strip_prefix("pub(crate) ")
        .or_else(|| t.strip_prefix("pub(super) "))
        .or_else(|| t.strip_prefix("pub "))
        .unwrap_or(t);
    let t = t.strip_prefix("const ").unwrap_or(t);
    let rest = t.strip_prefix("fn ")?;
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    Some(&rest[..end])
}

/// The modules of `src/` by name: files (`run.rs` → "run") and folders (`ingest/` → "ingest").
fn module_names(paths: &[String]) -> Vec<String> {
    let mut names: Vec<String> = paths
        .iter()
        .filter_map(|p| p.strip_prefix("src/"))
        .filter_map(|p| {
            let first = p.split('/').next()?;
            let name = first.strip_suffix(".rs").unwrap_or(first);
            (!matches!(name, "lib" | "main" | "mod")).then(|| name.to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

fn rule_architecture_names_modules(paths: &[String], architecture: &str) -> Vec<String> {
    module_names(paths)
        .into_iter()
        .filter(|m| !architecture.contains(&format!("`{m}")))
        .map(|m| format!("ARCHITECTURE.md: the module `{m}` is not named"))
        .collect()
}

fn all_rules(path: &str, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for rule in [
        rule_doc_comment,
        rule_calamine,
        rule_polars,
        rule_printing,
        rule_sentences,
        rule_function_length,
    ] {
        out.extend(rule(path, text));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The house

#[test]
fn the_house_keeps_its_rules() {
    let root = repo();
    let files = sources(&root);
    assert!(files.len() > 20, "src/ not found under {}", root.display());
    let mut problems: Vec<String> = files.iter().flat_map(|(p, t)| all_rules(p, t)).collect();
    let architecture = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap_or_default();
    let paths: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
    problems.extend(rule_architecture_names_modules(&paths, &architecture));
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Each rule fails on a small bad tree

#[test]
fn a_file_without_its_job_is_found() {
    assert_eq!(rule_doc_comment("src/x.rs", "use std::fs;\n").len(), 1);
    assert!(rule_doc_comment("src/x.rs", "//! Reads x.\nuse std::fs;\n").is_empty());
}

#[test]
fn calamine_polars_and_printing_outside_their_module_are_found() {
    let bad = "//! x\nfn f() {\n    let r = calamine::open_workbook_auto(p);\n    let d = polars::prelude::df!();\n    println!(\"hi\");\n}\n";
    assert_eq!(
        rule_calamine("src/normalize/mod.rs", bad),
        vec!["src/normalize/mod.rs:3: calamine outside ingest/workbook.rs"]
    );
    assert!(rule_calamine("src/ingest/workbook.rs", bad).is_empty());
    assert_eq!(rule_polars("src/run.rs", bad).len(), 1);
    assert!(rule_polars("src/emit.rs", bad).is_empty());
    assert_eq!(rule_printing("src/run.rs", bad).len(), 1);
    assert!(rule_printing("src/cli.rs", bad).is_empty());
    // A test-only function is still code; the tests module is not.
    let gated = "//! x\n#[cfg(test)]\nfn helper() {\n    println!(\"x\");\n}\n";
    assert_eq!(rule_printing("src/run.rs", gated).len(), 1);
    // A comment is no use; the tests module may print.
    let fine = "//! x\n// polars:: is not used here\n#[cfg(test)]\nmod tests { fn t() { println!(\"x\"); } }\n";
    assert!(rule_polars("src/run.rs", fine).is_empty());
    assert!(rule_printing("src/run.rs", fine).is_empty());
}

#[test]
fn a_sentence_outside_the_catalogue_is_found() {
    let bad = "//! x\nfn f() -> Message {\n    Message::new(\"xin chào\", \"hello\")\n}\n";
    assert_eq!(rule_sentences("src/validate.rs", bad).len(), 1);
    assert!(rule_sentences("src/words/vi.rs", bad).is_empty());
}

#[test]
fn a_long_function_is_found_and_a_short_one_is_not() {
    let long = format!(
        "//! x\npub fn long() {{\n{}}}\n",
        "    let x = 1;\n".repeat(MAX_FN_LINES)
    );
    assert_eq!(
        rule_function_length("src/x.rs", &long),
        vec![format!(
            "src/x.rs:2: fn long is {} lines (limit {MAX_FN_LINES})",
            MAX_FN_LINES + 2
        )]
    );
    let short = format!(
        "//! x\nfn short() {{\n{}}}\nfn decl();\n",
        "    let x = 1;\n".repeat(MAX_FN_LINES - 2)
    );
    assert!(rule_function_length("src/x.rs", &short).is_empty());
    // Braces in comments do not count; the catalogues are exempt.
    let commented = "//! x\nfn f() { // {\n}\nfn g() {\n}\n";
    assert!(rule_function_length("src/x.rs", commented).is_empty());
    assert!(rule_function_length("src/words/vi.rs", &long).is_empty());
}

#[test]
fn a_module_missing_from_architecture_is_found() {
    let paths = vec![
        "src/lib.rs".to_string(),
        "src/run.rs".to_string(),
        "src/ingest/mod.rs".to_string(),
        "src/ingest/layout.rs".to_string(),
    ];
    assert_eq!(module_names(&paths), vec!["ingest", "run"]);
    let problems = rule_architecture_names_modules(&paths, "| `ingest/` | reads |");
    assert_eq!(
        problems,
        vec!["ARCHITECTURE.md: the module `run` is not named"]
    );
}
