mod util;

// Many pipelines in one run (`run --pipeline DIR`): each writes its own snapshot, exactly as a run
// of it alone would; a broken pipeline is reported with its file and line and harms no other;
// pipelines that would share an output folder are refused before anything is written; the exit
// code is the worst of all; stderr has one line per pipeline and year.

use std::path::Path;

use util::{arg, repo_copy, run_bin, show};

fn json(path: &Path) -> serde_json::Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).expect("json")
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The repository's Khánh Hòa pipeline under another name, in `folder`.
fn khanh_hoa_as(root: &Path, folder: &str, name: &str) {
    let text = std::fs::read_to_string(root.join("pipelines/khanh-hoa.toml")).expect("pipeline");
    let text = text.replacen("name = \"khanh-hoa\"", &format!("name = \"{name}\""), 1);
    std::fs::create_dir_all(root.join(folder)).expect("mkdir");
    std::fs::write(root.join(folder).join(format!("{name}.toml")), text).expect("write");
}

#[test]
fn a_folder_of_pipelines_runs_each_and_a_broken_one_harms_none() {
    let tmp = repo_copy();
    let root = tmp.path();
    khanh_hoa_as(root, "national", "khanh-hoa");
    khanh_hoa_as(root, "national", "khanh-hoa-b");
    // Broken on line 3: a province code that is no string of digits.
    std::fs::write(
        root.join("national/broken.toml"),
        "name = \"broken\"\n# a comment\nprovince = \"Khánh Hòa\"\n\n[[year]]\nyear = 2020\nraw = \"../raw/2020\"\n",
    )
    .expect("write");
    let out = run_bin(
        root,
        &[
            "run",
            "--pipeline",
            "national",
            "--out",
            "all",
            "--lang",
            "en",
        ],
    );
    assert_eq!(
        out.code,
        2,
        "the worst exit code is the broken pipeline's\n{}",
        show(&out)
    );
    assert!(
        out.stderr.contains("national/broken.toml: line 3"),
        "the broken pipeline's file and line\n{}",
        show(&out)
    );
    // One line per pipeline and year, and the total.
    for name in ["khanh-hoa", "khanh-hoa-b"] {
        let lines: Vec<&str> = out
            .stderr
            .lines()
            .filter(|l| {
                l.starts_with(&format!(
                    "{name}: 2020: 8 districts, 136 communes, 0 rows rejected"
                ))
            })
            .collect();
        assert_eq!(lines.len(), 1, "{name}\n{}", show(&out));
    }
    assert!(
        out.stderr
            .contains("3 pipelines, 1 could not be used; exit code 2"),
        "{}",
        show(&out)
    );
    let all = root.join("all");
    assert_eq!(
        names(&all),
        ["khanh-hoa", "khanh-hoa-b", "run.json"],
        "nothing of the broken one"
    );
    // Each snapshot is the one a run of its pipeline alone writes, byte for byte.
    let alone = run_bin(
        root,
        &[
            "run",
            "--pipeline",
            "national/khanh-hoa.toml",
            "--out",
            "alone",
        ],
    );
    assert_eq!(alone.code, 0, "{}", show(&alone));
    for name in ["khanh-hoa", "khanh-hoa-b"] {
        let dir = all.join(name).join("2020");
        let report = json(&dir.join("report.json"));
        assert_eq!(report["totals"]["communes"].as_u64(), Some(136), "{name}");
        if name != "khanh-hoa" {
            continue;
        }
        for file in [
            "commune.parquet",
            "district.parquet",
            "commune.csv",
            "findings.parquet",
        ] {
            let a = std::fs::read(dir.join(file)).expect("written");
            let b = std::fs::read(root.join("alone/2020").join(file)).expect("alone");
            assert!(
                a == b,
                "{name}/{file} differs from a run of the pipeline alone"
            );
        }
        let own = json(&all.join(name).join("run.json"));
        assert_eq!(own["exit_code"], 0, "{name}");
    }
    let record = json(&all.join("run.json"));
    assert_eq!(record["exit_code"], 2);
    let pipelines = record["pipelines"].as_array().expect("pipelines");
    let codes: Vec<(String, i64)> = pipelines
        .iter()
        .map(|p| {
            let name = p["pipeline"].as_str().expect("pipeline").replace('\\', "/");
            (name, p["exit_code"].as_i64().expect("code"))
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("national/broken.toml".to_string(), 2),
            ("national/khanh-hoa-b.toml".to_string(), 0),
            ("national/khanh-hoa.toml".to_string(), 0),
        ]
    );
    // A second run: both up to date, one line each.
    let again = run_bin(
        root,
        &[
            "run",
            "--pipeline",
            "national/khanh-hoa.toml",
            "--pipeline",
            "national/khanh-hoa-b.toml",
            "--out",
            arg(&all).as_str(),
        ],
    );
    assert_eq!(again.code, 0, "{}", show(&again));
    assert_eq!(again.stderr.lines().count(), 3, "{}", show(&again));
}

#[test]
fn pipelines_that_would_share_an_output_folder_are_refused_before_writing() {
    let tmp = repo_copy();
    let root = tmp.path();
    // Both in pipelines/, neither says `output`: both would write output/.
    khanh_hoa_as(root, "pipelines", "khanh-hoa-b");
    let out = run_bin(root, &["run", "--pipeline", "pipelines", "--lang", "en"]);
    assert_eq!(out.code, 2, "{}", show(&out));
    assert!(
        out.stderr.contains("would both write the output folder")
            && out.stderr.contains("set `output` in each pipeline"),
        "{}",
        show(&out)
    );
    assert!(
        !root.join("output").exists(),
        "nothing written: {:?}",
        names(&root.join("output"))
    );
    // With --out each goes under its own name: both run.
    let out = run_bin(
        root,
        &["run", "--pipeline", "pipelines", "--out", "o", "--dry-run"],
    );
    assert_eq!(out.code, 0, "{}", show(&out));
    // The same name twice under --out is the same folder again.
    khanh_hoa_as(root, "twice", "same");
    khanh_hoa_as(root, "again", "same");
    let out = run_bin(
        root,
        &[
            "run",
            "--pipeline",
            "twice",
            "--pipeline",
            "again",
            "--out",
            "o2",
            "--lang",
            "en",
        ],
    );
    assert_eq!(out.code, 2, "{}", show(&out));
    assert!(!root.join("o2/same").exists(), "{}", show(&out));
}

#[test]
fn a_folder_without_pipelines_is_a_usage_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(tmp.path().join("empty")).expect("mkdir");
    let out = run_bin(tmp.path(), &["run", "--pipeline", "empty", "--lang", "en"]);
    assert_eq!(out.code, 2, "{}", show(&out));
    assert!(
        out.stderr.contains("holds no pipeline file"),
        "{}",
        show(&out)
    );
}

#[test]
fn check_takes_a_folder_of_pipelines_and_workbooks() {
    let tmp = repo_copy();
    let root = tmp.path();
    khanh_hoa_as(root, "national", "khanh-hoa-b");
    std::fs::write(
        root.join("national/broken.toml"),
        "name = \"x\"\nprovince = 56\n",
    )
    .expect("write");
    let out = run_bin(root, &["check", "national", "--lang", "en"]);
    assert_eq!(out.code, 2, "{}", show(&out));
    assert!(
        out.stderr.contains("national/broken.toml: line 2"),
        "{}",
        show(&out)
    );
    assert!(
        out.stderr.contains("national/khanh-hoa-b.toml: "),
        "{}",
        show(&out)
    );
    // A raw folder: every workbook of it, read against the pipeline.
    let out = run_bin(root, &["check", "raw/2020", "--lang", "en"]);
    assert_eq!(out.code, 0, "{}", show(&out));
    assert!(out.stderr.contains("8 files"), "{}", show(&out));
}

/// Whatever the number of threads, the same bytes (report.json and run.json carry times). Six
/// pipelines: on one thread, a worker waiting for a snapshot's sync runs the next pipelines inside
/// that wait, several deep.
#[test]
fn snapshots_do_not_depend_on_the_thread_count() {
    let tmp = repo_copy();
    let root = tmp.path();
    let pipelines = ["khanh-hoa", "khanh-hoa-b", "kh-c", "kh-d", "kh-e", "kh-f"];
    for name in pipelines {
        khanh_hoa_as(root, "national", name);
    }
    let run = |threads: Option<&str>, out: &str| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_egov-etl"));
        c.args(["run", "--pipeline", "national", "--out", out])
            .current_dir(root);
        match threads {
            Some(t) => c.env("RAYON_NUM_THREADS", t),
            None => c.env_remove("RAYON_NUM_THREADS"),
        };
        let o = c.output().expect("run");
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    run(Some("1"), "one");
    run(None, "many");
    let mut compared = 0;
    for name in pipelines {
        let dir = root.join("one").join(name).join("2020");
        for f in names(&dir) {
            if f == "report.json" {
                continue;
            }
            let a = std::fs::read(dir.join(&f)).expect("one");
            let b =
                std::fs::read(root.join("many").join(name).join("2020").join(&f)).expect("many");
            assert!(
                a == b,
                "{name}/{f} differs between 1 thread and the default"
            );
            compared += 1;
        }
    }
    assert!(compared >= 6 * 13, "{compared} files compared");
}

/// A broken pipeline beside a good one that writes `output/` leaves that folder's run.json to
/// the good one (it used to write its own there, without the lock, last one winning).
#[test]
fn a_broken_pipeline_writes_no_run_json_into_another_pipelines_folder() {
    let tmp = repo_copy();
    let root = tmp.path();
    std::fs::write(
        root.join("pipelines/broken.toml"),
        "name = \"broken\"\nprovince = 56\n",
    )
    .expect("write");
    let out = run_bin(root, &["run", "--pipeline", "pipelines", "--lang", "en"]);
    assert_eq!(out.code, 2, "{}", show(&out));
    let record = json(&root.join("output/run.json"));
    assert_eq!(record["pipeline"], "pipelines/khanh-hoa.toml", "{record}");
    assert_eq!(record["exit_code"], 0, "{record}");
}

/// A pipeline whose folder another run holds waits for it after the others are done (it does
/// not hold up their work), then runs when let go, or says who holds it (exit 4).
#[test]
fn a_pipeline_whose_folder_is_held_waits_after_the_others() {
    let tmp = repo_copy();
    let root = tmp.path();
    khanh_hoa_as(root, "national", "khanh-hoa");
    khanh_hoa_as(root, "national", "khanh-hoa-b");
    let held_dir = root.join("all/khanh-hoa-b");
    // Held for the whole run, waiting 1 s: the other pipeline is written, this one exits 4.
    let held = egov_etl::lock::acquire(&held_dir, std::time::Duration::ZERO, "pid 1, a clerk")
        .expect("lock");
    let out = run_bin(
        root,
        &[
            "run",
            "--pipeline",
            "national",
            "--out",
            "all",
            "--wait",
            "1",
            "--lang",
            "en",
        ],
    );
    assert_eq!(out.code, 4, "{}", show(&out));
    assert!(out.stderr.contains("pid 1, a clerk"), "{}", show(&out));
    assert!(
        root.join("all/khanh-hoa/2020/manifest.json").is_file(),
        "{}",
        show(&out)
    );
    assert!(!held_dir.join("2020").exists(), "{}", show(&out));
    // Let go while the run waits: it runs then.
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(1500));
        drop(held);
    });
    let out = run_bin(
        root,
        &[
            "run",
            "--pipeline",
            "national",
            "--out",
            "all",
            "--wait",
            "30",
            "--lang",
            "en",
        ],
    );
    release.join().expect("release");
    assert_eq!(out.code, 0, "{}", show(&out));
    assert!(
        held_dir.join("2020/manifest.json").is_file(),
        "{}",
        show(&out)
    );
}
