//! Runs the real binary on small temporary courses.

mod common;

use std::fs;
use std::path::PathBuf;

use common::{Fixture, exercise_text};

fn mixed_course() -> Fixture {
    let mut f = Fixture::new();
    f.add("solved", "42", "test", "")
        .add("wrong_answer", "41", "test", "")
        .add("broken", "\"forty-two\"", "compile", "");
    f
}

#[test]
fn verify_prints_a_line_per_exercise_in_order_and_exits_1_while_any_is_pending() {
    let f = mixed_course();
    let run = f.run(&["verify"]);
    run.expect(1);
    let out = run.stdout();
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("  rank 1  ")).collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].contains("passed") && lines[0].contains("rank1_solved"),
        "{out}"
    );
    assert!(
        lines[1].contains("failed") && lines[1].contains("rank1_wrong_answer"),
        "{out}"
    );
    assert!(
        lines[2].contains("compile error") && lines[2].contains("rank1_broken"),
        "{out}"
    );
    assert!(
        out.contains("1 of 3 exercises pass. Next: rank1_wrong_answer"),
        "{out}"
    );
}

#[test]
fn verify_exits_0_when_every_exercise_passes_and_answers_from_the_cache_the_second_time() {
    let mut f = Fixture::new();
    f.add("one", "42", "test", "")
        .add("two", "40 + 2", "test", "");
    let first = f.run(&["verify"]);
    first.expect(0);
    assert!(
        first.stdout().contains("All 2 exercises pass."),
        "{}",
        first.all()
    );
    let second = f.run(&["verify"]);
    second.expect(0);
    assert_eq!(
        second.stdout().matches("cached").count(),
        2,
        "{}",
        second.all()
    );
    f.write("exercises/rank1/two.rs", &exercise_text("41"));
    let third = f.run(&["verify"]);
    third.expect(1);
    assert_eq!(
        third.stdout().matches("cached").count(),
        1,
        "an edit must invalidate the cache\n{}",
        third.all()
    );
}

#[test]
fn verify_json_has_one_object_per_exercise_with_its_first_error() {
    let f = mixed_course();
    let run = f.run(&["verify", "--format", "json"]);
    run.expect(1);
    let objects: Vec<serde_json::Value> = run
        .stdout()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON object"))
        .collect();
    assert_eq!(objects.len(), 3);
    assert_eq!(objects[0]["id"], "rank1_solved");
    assert_eq!(objects[0]["status"], "passed");
    assert_eq!(objects[1]["status"], "failed");
    assert!(
        objects[1]["first_error"]
            .as_str()
            .unwrap()
            .contains("panicked at"),
        "{}",
        objects[1]
    );
    assert_eq!(objects[2]["status"], "compile_error");
    assert!(
        objects[2]["first_error"]
            .as_str()
            .unwrap()
            .starts_with("error[E0308]"),
        "{}",
        objects[2]
    );
    assert!(objects[0]["duration_ms"].is_u64());
}

#[test]
fn verify_junit_reports_failures_as_testcases() {
    let f = mixed_course();
    let run = f.run(&["verify", "--format", "junit"]);
    run.expect(1);
    let xml = run.stdout();
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(
        xml.contains("<testsuites name=\"coro-lings\" tests=\"3\" failures=\"2\">"),
        "{xml}"
    );
    assert!(xml.contains("name=\"rank1_solved\""), "{xml}");
    assert_eq!(xml.matches("<failure ").count(), 2, "{xml}");
}

#[test]
fn run_shows_the_full_output_and_the_solution_path_on_success() {
    let f = mixed_course();
    let run = f.run(&["run", "solved"]);
    run.expect(0);
    assert!(
        run.stdout().contains("test tests::the_answer_is_42 ... ok"),
        "{}",
        run.all()
    );
    assert!(
        run.stdout().contains("solutions/rank1/solved.rs"),
        "{}",
        run.all()
    );

    let failing = f.run(&["run", "rank1_broken"]);
    failing.expect(1);
    assert!(
        failing.stdout().contains("error[E0308]: mismatched types"),
        "{}",
        failing.all()
    );
    assert!(
        failing.stdout().contains("exercises/rank1/broken.rs:3"),
        "compiler output names the line\n{}",
        failing.all()
    );
}

#[test]
fn run_without_a_name_takes_the_first_pending_exercise() {
    let f = mixed_course();
    f.run(&["run", "solved"]).expect(0);
    let run = f.run(&["run"]);
    run.expect(1);
    assert!(
        run.stdout().contains("Checking rank1_wrong_answer"),
        "{}",
        run.all()
    );
}

#[test]
fn an_exercise_that_loops_forever_is_killed_and_reported_as_timed_out() {
    let mut f = Fixture::new();
    f.add(
        "spin",
        "loop { std::hint::spin_loop(); }",
        "test",
        "timeout_secs = 1\n",
    );
    let started = std::time::Instant::now();
    let run = f.run(&["run", "spin"]);
    run.expect(1);
    assert!(
        run.stdout().contains("timed out: killed after 1 s"),
        "{}",
        run.all()
    );
    // Not a speed check: only that the run did not wait for the loop to end.
    assert!(
        started.elapsed().as_secs() < 120,
        "the timeout did not stop the run"
    );
}

#[test]
fn megabytes_of_output_are_cut_with_a_notice() {
    let mut f = Fixture::new();
    f.add(
        "chatty",
        "for _ in 0..100_000 { println!(\"{}\", \"x\".repeat(60)); } 41",
        "test",
        "",
    );
    let run = f.run(&["run", "chatty"]);
    run.expect(1);
    let out = run.stdout();
    assert!(out.contains("[output cut:"), "the notice is missing");
    assert!(
        out.len() < (1 << 20) + 10_000,
        "output was not cut: {} bytes",
        out.len()
    );
}

#[test]
fn a_file_that_is_not_utf8_is_a_compile_error_not_a_crash() {
    let mut f = Fixture::new();
    f.add("latin1", "42", "test", "");
    fs::write(
        f.root().join("exercises/rank1/latin1.rs"),
        b"fn main() { let caf\xe9 = 1; }\n",
    )
    .unwrap();
    let run = f.run(&["run", "latin1"]);
    run.expect(1);
    assert!(run.stdout().contains("UTF-8"), "{}", run.all());
}

#[test]
fn malformed_toml_names_file_and_line_and_exits_2() {
    let f = Fixture::new();
    f.write(
        "info.toml",
        "format_version = 1\nwelcome_message = \"hi\"\nfinal_message = \n",
    );
    let run = f.run(&["list"]);
    run.expect(2);
    assert!(run.stderr().contains("info.toml:3:"), "{}", run.all());
}

#[test]
fn an_unknown_key_is_refused_with_its_line() {
    let mut f = Fixture::new();
    f.add("one", "42", "test", "difficulty = 3\n");
    let run = f.run(&["verify"]);
    run.expect(2);
    assert!(run.stderr().contains("info.toml:"), "{}", run.all());
    assert!(run.stderr().contains("difficulty"), "{}", run.all());
}

#[test]
fn a_missing_file_and_an_orphan_are_both_reported() {
    let mut f = Fixture::new();
    f.add("one", "42", "test", "");
    fs::remove_file(f.root().join("solutions/rank1/one.rs")).unwrap();
    f.write("exercises/rank1/stray.rs", "fn main() {}\n");
    let run = f.run(&["list"]);
    run.expect(2);
    let err = run.stderr();
    assert!(
        err.contains("solutions/rank1/one.rs of rank1_one does not exist"),
        "{err}"
    );
    assert!(
        err.contains("exercises/rank1/stray.rs: is not listed in info.toml"),
        "{err}"
    );
}

#[test]
fn an_unknown_name_gets_a_suggestion_and_exit_2() {
    let f = mixed_course();
    let run = f.run(&["hint", "rank1_solvd"]);
    run.expect(2);
    assert!(
        run.stderr().contains("did you mean rank1_solved?"),
        "{}",
        run.all()
    );
}

#[test]
fn hints_come_one_level_at_a_time_or_all_at_once() {
    let f = mixed_course();
    let first = f.run(&["hint", "solved"]);
    first.expect(0);
    assert!(
        first.stdout().contains("Hint 1 of 3: first hint"),
        "{}",
        first.all()
    );
    assert!(!first.stdout().contains("second hint"));
    let second = f.run(&["hint", "solved", "--level", "2"]);
    assert!(
        second.stdout().contains("Hint 2 of 3: second hint"),
        "{}",
        second.all()
    );
    let all = f.run(&["hint", "solved", "--all"]);
    assert!(all.stdout().contains("first hint") && all.stdout().contains("third hint"));
    f.run(&["hint", "solved", "--level", "4"]).expect(2);
}

#[test]
fn the_solution_stays_hidden_until_the_exercise_passes() {
    let f = mixed_course();
    let refused = f.run(&["solution", "solved"]);
    refused.expect(1);
    assert!(
        refused.stderr().contains("has not passed yet"),
        "{}",
        refused.all()
    );
    f.run(&["solution", "solved", "--force"]).expect(0);
    f.run(&["run", "solved"]).expect(0);
    let shown = f.run(&["solution", "solved"]);
    shown.expect(0);
    assert!(
        shown.stdout().contains("fn answer() -> u32"),
        "{}",
        shown.all()
    );
}

#[test]
fn list_shows_status_summary_and_progress_per_rank() {
    let f = mixed_course();
    f.run(&["run", "solved"]).expect(0);
    let run = f.run(&["list"]);
    run.expect(0);
    let out = run.stdout();
    assert!(out.contains("Rank 1 Beginner"), "{out}");
    assert!(out.contains("1/3"), "{out}");
    assert!(out.contains("done     rank1_solved"), "{out}");
    assert!(
        out.contains("→ pending  rank1_wrong_answer"),
        "the current exercise is marked\n{out}"
    );
    assert!(out.contains("Return the answer"), "{out}");
}

#[test]
fn a_progress_file_full_of_garbage_is_reported_and_rebuilt() {
    let f = mixed_course();
    fs::write(
        f.root().join(".coro-lings-progress.json"),
        b"\x00\x01garbage{{{",
    )
    .unwrap();
    let run = f.run(&["list"]);
    run.expect(0);
    assert!(run.stderr().contains("is damaged"), "{}", run.all());
    assert!(
        run.stdout().contains("done     rank1_solved"),
        "rebuilt from a fresh check\n{}",
        run.all()
    );
    let saved: serde_json::Value =
        serde_json::from_str(&f.read(".coro-lings-progress.json")).unwrap();
    assert_eq!(saved["done"], serde_json::json!(["rank1_solved"]));
}

#[test]
fn reset_restores_the_shipped_exercise_and_keeps_a_backup() {
    // The binary embeds the bundled course's exercises; borrow one of their paths.
    let shipped = fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("exercises/rank1/hello_coroutine.rs"),
    )
    .expect("the bundled course has rank1/hello_coroutine");
    let mut f = Fixture::new();
    f.add("hello_coroutine", "42", "test", "");
    let mine = f.read("exercises/rank1/hello_coroutine.rs");
    let run = f.run(&["reset", "hello_coroutine"]);
    run.expect(0);
    assert_eq!(f.read("exercises/rank1/hello_coroutine.rs"), shipped);
    let out = run.stdout();
    let backup = out
        .split("saved as ")
        .nth(1)
        .and_then(|s| s.trim().strip_suffix('.'))
        .unwrap_or_else(|| panic!("no backup path in: {out}"));
    assert_eq!(
        f.read(backup),
        mine,
        "the backup holds the learner's version"
    );
    let again = f.run(&["reset", "hello_coroutine"]);
    again.expect(0);
    assert!(
        again.stdout().contains("already as shipped"),
        "{}",
        again.all()
    );
}

#[test]
fn a_deleted_exercise_file_is_named_with_the_fix_and_reset_brings_it_back() {
    let shipped = fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("exercises/rank1/hello_coroutine.rs"),
    )
    .expect("the bundled course has rank1/hello_coroutine");
    let mut f = Fixture::new();
    f.add("hello_coroutine", "42", "test", "");
    fs::remove_file(f.root().join("exercises/rank1/hello_coroutine.rs")).unwrap();
    let list = f.run(&["list"]);
    list.expect(2);
    assert!(
        list.stderr().contains(
            "does not exist: bring it back with \
             `cargo run --release -- reset rank1_hello_coroutine`"
        ),
        "{}",
        list.all()
    );
    f.run(&["reset", "hello_coroutine"]).expect(0);
    assert_eq!(f.read("exercises/rank1/hello_coroutine.rs"), shipped);
    f.run(&["list"]).expect(0);
}

#[test]
fn notes_print_the_rank_notes() {
    let f = mixed_course();
    let run = f.run(&["notes", "1"]);
    run.expect(0);
    assert!(
        run.stdout().contains("Some notes with code."),
        "without color the Markdown is rendered as plain text\n{}",
        run.all()
    );
    f.run(&["notes", "7"]).expect(2);
}

#[test]
fn notes_never_show_doctest_labels() {
    let f = mixed_course();
    f.write(
        "notes/rank1.md",
        "# Notes\n\n```rust,ignore\nlet a = 1;\n```\n\n```compile_fail\nlet b: u8 = -1;\n```\n",
    );
    let run = f.run(&["notes", "1"]);
    run.expect(0);
    let out = run.stdout();
    assert!(
        out.contains("let a = 1;") && out.contains("let b: u8 = -1;"),
        "{out}"
    );
    for label in ["ignore", "compile_fail", "```"] {
        assert!(!out.contains(label), "{label} shown:\n{out}");
    }
}

#[test]
fn messages_name_coro_lings_once_it_is_on_the_path() {
    let mut f = Fixture::new();
    f.add("hello_coroutine", "42", "test", "");
    fs::remove_file(f.root().join("exercises/rank1/hello_coroutine.rs")).unwrap();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_coro-lings"));
    let path =
        std::env::join_paths([bin.parent().unwrap().to_path_buf(), "/usr/bin".into()]).unwrap();
    let out = std::process::Command::new(&bin)
        .arg("list")
        .current_dir(f.root())
        .env("PATH", path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bring it back with `coro-lings reset rank1_hello_coroutine`"),
        "{stderr}"
    );
}

#[test]
fn examples_are_listed_by_rank_and_run_against_the_core() {
    let mut f = Fixture::new();
    f.add("hello_coroutine", "42", "test", "");
    f.write(
        "coro/examples/rank1_hello.rs",
        "//! Prints the core's answer, to show an example runs against it.\n\nfn main() {\n    println!(\"answer {}\", coro::answer());\n}\n",
    );
    f.write(
        "coro/examples/rank1_broken.rs",
        "//! Fails on purpose, to show how a failing example reports.\n\nfn main() {\n    panic!(\"on purpose\");\n}\n",
    );
    let list = f.run(&["examples"]);
    list.expect(0);
    assert!(
        list.stdout().contains("Rank 1 Beginner")
            && list.stdout().contains(
                "rank1_hello   Prints the core's answer, to show an example runs against it"
            ),
        "{}",
        list.all()
    );
    let run = f.run(&["example", "rank1_hello"]);
    run.expect(0);
    assert!(run.stdout().contains("answer 42"), "{}", run.all());
    let broken = f.run(&["example", "rank1_broken"]);
    broken.expect(1);
    assert!(broken.all().contains("on purpose"), "{}", broken.all());
    let wrong = f.run(&["example", "hello"]);
    wrong.expect(2);
    assert!(
        wrong.stderr().contains("did you mean rank1_hello?"),
        "{}",
        wrong.all()
    );
}

#[test]
fn dev_check_accepts_a_sound_course() {
    let mut f = Fixture::new();
    f.add("wrong_answer", "41", "test", "")
        .add("broken", "\"forty-two\"", "compile", "");
    let run = f.run(&["dev", "check"]);
    run.expect(0);
    assert!(
        run.stdout().contains("2 exercises fail as recorded"),
        "{}",
        run.all()
    );
    let manifest = f.read("exercises/Cargo.toml");
    assert!(
        manifest.contains("name = \"rank1_broken_solution\""),
        "{manifest}"
    );
}

#[test]
fn dev_check_reports_an_exercise_that_passes_a_wrong_fail_kind_and_differing_tests() {
    let mut f = Fixture::new();
    f.add("too_easy", "42", "test", "")
        .add("mislabelled", "41", "compile", "")
        .add("drifted", "41", "test", "");
    f.write(
        "solutions/rank1/drifted.rs",
        &exercise_text("42").replace("must be 42", "must be forty-two"),
    );
    let run = f.run(&["dev", "check"]);
    run.expect(2);
    let out = run.stdout();
    assert!(
        out.contains("exercises/rank1/too_easy.rs: passes as shipped"),
        "{out}"
    );
    assert!(
        out.contains("records fails_as_shipped = \"compile\", but it compiles and fails its tests"),
        "{out}"
    );
    assert!(out.contains("the test modules differ"), "{out}");
}

#[test]
fn usage_errors_exit_2() {
    let f = mixed_course();
    f.run(&["frobnicate"]).expect(2);
    f.run(&["verify", "--format", "yaml"]).expect(2);
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly_without_a_panic() {
    let f = mixed_course();
    // Close the reading end before the checker writes, so its first line meets a closed pipe.
    // A child that another test forks at that moment may hold the pipe open for an instant and
    // let the write through (exit 0): try again then, up to a few times.
    for _ in 0..10 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_coro-lings"))
            .arg("list")
            .current_dir(f.root())
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        if out.status.code() != Some(0) {
            assert_eq!(out.status.code(), Some(2), "{stderr}");
            return;
        }
    }
    panic!("list exited 0 ten times with its output closed: a closed pipe went unnoticed");
}

#[test]
fn dev_check_reports_an_answer_in_comments_or_examples_and_a_missing_notes_section() {
    let mut f = Fixture::new();
    f.add("giveaway", "41", "test", "");
    let tests = common::TESTS;
    f.write(
        "exercises/rank1/giveaway.rs",
        &format!(
            "// An exercise. Read notes/rank1.md, section \"Rank one\".\n//\n\
             // Python: 6 * 7        Rust: let product: u32 = 6 * 7;\n\
             fn answer() -> u32 {{\n    todo!()\n}}\n\nfn main() {{}}\n\n{tests}"
        ),
    );
    f.write(
        "solutions/rank1/giveaway.rs",
        &format!(
            "// The solution.\nfn answer() -> u32 {{\n    let product: u32 = 6 * 7;\n    \
             let checked = product.min(1_000);\n    let unchanged = checked * 2 / 2;\n    \
             unchanged\n}}\n\nfn main() {{}}\n\n{tests}"
        ),
    );
    f.write(
        "coro/examples/answer.rs",
        "fn main() {\n    let product: u32 = 6 * 7;\n    let checked = product.min(1_000);\n    \
         let unchanged = checked * 2 / 2;\n    println!(\"{unchanged}\");\n}\n",
    );
    f.write(
        "coro/src/lib.rs",
        &format!(
            "{}/// Shows one line only:\n///\n/// ```\n/// let checked = product.min(1_000);\n/// ```\npub fn shown() {{}}\n",
            common::CORE
        ),
    );
    let info = f.read("info.toml").replace(
        "hints = [\"first hint\", \"second hint\", \"third hint\"]",
        "hints = [\"notes/rank1.md, section \\\"Rank 1\\\"\", \"notes/rank1.md, sections \\\"Rank 1\\\" and \\\"Ranks 1\\\"\", \"notes/rank7.md, section \\\"X\\\"\"]",
    );
    f.write("info.toml", &info);
    let run = f.run(&["dev", "check"]);
    run.expect(2);
    let out = run.stdout();
    assert!(
        out.contains(
            "exercises/rank1/giveaway.rs:3: its comment holds a line of the solution: \
             `let product: u32 = 6 * 7;` (keep the answer in the hints)"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "coro/examples/answer.rs: holds 3 of the 3 lines that solutions/rank1/giveaway.rs adds"
        ),
        "{out}"
    );
    assert!(
        !out.contains("coro/src/lib.rs"),
        "one shared line is not a giveaway\n{out}"
    );
    assert!(
        out.contains(
            "rank1_giveaway: hint 2 names section \"Ranks 1\" of notes/rank1.md, which has no \
             such heading (nearest: \"Rank 1\")"
        ),
        "{out}"
    );
    assert!(
        out.contains("rank1_giveaway: hint 3 names notes/rank7.md, which does not exist"),
        "{out}"
    );
    assert!(
        out.contains(
            "exercises/rank1/giveaway.rs:1: the header names section \"Rank one\" of notes/rank1.md"
        ),
        "{out}"
    );
    assert!(!out.contains("hint 1"), "{out}");
    assert_eq!(
        out.matches("giveaway").count(),
        6,
        "nothing else is reported\n{out}"
    );
}

#[test]
fn dev_mutants_reports_caught_unviable_and_surviving_mutants_with_scores() {
    let mut f = Fixture::new();
    f.add("measured", "41", "test", "");
    // Mutants: `true` -> `false` (caught), `v.clear();` deleted (survives: no test looks at v),
    // and `?` dropped from `ok(v)?;` (does not compile: a Result is not a bool).
    let tests = "#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn it_is_true() {\n        \
                 assert!(answer(&mut Vec::new()).unwrap());\n    }\n}\n";
    let file = |body: &str| {
        format!(
            "// An exercise.\nfn ok(v: &mut Vec<u8>) -> Result<bool, String> {{\n    Ok(v.is_empty())\n}}\n\n\
             fn answer(v: &mut Vec<u8>) -> Result<bool, String> {{\n{body}}}\n\nfn main() {{}}\n\n{tests}"
        )
    };
    f.write("exercises/rank1/measured.rs", &file("    todo!()\n"));
    f.write(
        "solutions/rank1/measured.rs",
        &file("    v.clear();\n    let _checked: bool = ok(v)?;\n    Ok(true)\n"),
    );
    let run = f.run(&["dev", "mutants", "--timeout", "5"]);
    run.expect(0);
    let out = run.stdout();
    assert!(
        out.contains("rank1_measured  3 mutants: 1 unviable, 1 caught, 1 survived: 50.0%"),
        "{}",
        run.all()
    );
    assert!(
        out.contains("    survived solutions/rank1/measured.rs:7: `v.clear();` -> (deleted)"),
        "{out}"
    );
    assert!(
        out.contains("rank 1: 1 exercises, 3 mutants: 1 unviable, 1 caught, 1 survived: 50.0%"),
        "{out}"
    );
    assert!(out.contains("overall: 1 exercises, 3 mutants"), "{out}");
    assert!(
        run.stderr().contains("3 mutants of 1 solutions"),
        "{}",
        run.all()
    );

    f.run(&["dev", "mutants", "--min-score", "90"]).expect(1);
    f.run(&["dev", "mutants", "--rank", "3"]).expect(2);
    f.run(&["dev", "mutants", "no_such_exercise"]).expect(2);
    assert!(
        fs::read_dir(f.root().join("target/coro-lings/outcomes"))
            .unwrap()
            .count()
            == 1,
        "only the solution's own outcome is cached, no mutant's"
    );
}

#[test]
fn dev_check_reports_an_exercise_whose_warnings_bury_its_failure_but_not_unused_code() {
    let mut f = Fixture::new();
    f.add("noisy", "let x = (40);\n    x;\n    (x + 1)", "test", "")
        .add(
            "stub",
            "let unused = 5;\n    let mut m = 1;\n    m",
            "test",
            "",
        );
    let run = f.run(&["dev", "check"]);
    run.expect(2);
    let out = run.stdout();
    assert!(
        out.contains("exercises/rank1/noisy.rs: prints 3 compiler warnings before its failure"),
        "{out}"
    );
    assert!(
        !out.contains("stub"),
        "unused code is allowed in a stub\n{out}"
    );
}

#[test]
fn dev_mutants_counts_a_mutant_that_hangs_as_caught_by_timeout() {
    let mut f = Fixture::new();
    f.add("counter", "41", "test", "");
    f.write(
        "solutions/rank1/counter.rs",
        &exercise_text("let mut n = 0;\n    while n != 42 {\n        n += 2;\n    }\n    n"),
    );
    // 0 -> 1, 42 -> 43, 2 -> 0 and deleting `n += 2;` never reach 42 (timeouts); `!=` -> `==`,
    // 42 -> 0 and `+=` -> `-=` (an overflow) fail; 2 -> 3 still reaches 42 and survives.
    let run = f.run(&["dev", "mutants", "--timeout", "1"]);
    run.expect(0);
    assert!(
        run.stdout().contains(
            "rank1_counter  8 mutants: 0 unviable, 7 caught (4 by timeout), 1 survived: 87.5%"
        ),
        "{}",
        run.all()
    );
    assert!(
        run.stdout()
            .contains("survived solutions/rank1/counter.rs:5: `n += 2;` -> `n += 3;`"),
        "{}",
        run.all()
    );
}

/// Whether `c` may appear in an XML 1.0 document.
fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn mode(f: &Fixture, rel: &str) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(f.root().join(rel))
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

fn set_mode(f: &Fixture, rel: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(f.root().join(rel), fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn standard_output_on_a_full_disk_is_one_line_and_exit_2_not_a_panic() {
    let f = mixed_course();
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_coro-lings"))
        .arg("list")
        .current_dir(f.root())
        .env("NO_COLOR", "1")
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("cannot write the output") && stderr.contains("No space left"),
        "{stderr}"
    );
}

#[test]
fn junit_output_is_valid_xml_whatever_characters_the_test_prints() {
    let mut f = Fixture::new();
    f.add(
        "odd",
        r#"{ println!("odd \u{fffe}\u{ffff}\u{7}\u{1b}]0;title\u{7} end"); 41 }"#,
        "test",
        "",
    );
    let run = f.run(&["verify", "--format", "junit"]);
    run.expect(1);
    let xml = run.stdout();
    assert!(
        xml.contains("odd "),
        "the test's output is in the report\n{xml}"
    );
    let bad: Vec<String> = xml
        .chars()
        .filter(|c| !xml_allowed(*c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    assert!(bad.is_empty(), "characters XML 1.0 forbids: {bad:?}\n{xml}");
}

#[test]
fn an_interrupted_progress_write_leaves_nothing_after_the_next_one() {
    let f = mixed_course();
    // What a write killed between creating its temporary file and renaming it leaves.
    let stale = ".coro-lings-tmp..coro-lings-progress.json.4242.0";
    f.write(stale, "");
    f.run(&["run", "solved"]).expect(0);
    let left: Vec<String> = fs::read_dir(f.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_learners_extra_file_is_a_warning_for_the_learner_and_an_error_for_dev_check() {
    let mut f = Fixture::new();
    f.add("countdown", "41", "test", "");
    f.write("exercises/rank1/countdown_old.rs", &exercise_text("40"));
    let list = f.run(&["list"]);
    list.expect(0);
    assert!(
        list.stderr()
            .contains("warning: exercises/rank1/countdown_old.rs is not an exercise"),
        "{}",
        list.all()
    );
    assert!(list.stdout().contains("rank1_countdown"), "{}", list.all());
    f.run(&["hint", "countdown"]).expect(0);
    let check = f.run(&["dev", "check"]);
    check.expect(2);
    assert!(
        check
            .all()
            .contains("exercises/rank1/countdown_old.rs: is not listed in info.toml"),
        "{}",
        check.all()
    );
}

#[test]
fn an_exercise_that_became_a_folder_is_named_and_reset_moves_it_aside() {
    let shipped = fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("exercises/rank1/hello_coroutine.rs"),
    )
    .expect("the bundled course has rank1/hello_coroutine");
    let mut f = Fixture::new();
    f.add("hello_coroutine", "42", "test", "");
    let path = f.root().join("exercises/rank1/hello_coroutine.rs");
    fs::remove_file(&path).unwrap();
    f.write("exercises/rank1/hello_coroutine.rs/notes.txt", "mine\n");
    let list = f.run(&["list"]);
    list.expect(2);
    assert!(
        list.stderr().contains("is a folder, not a file")
            && list
                .stderr()
                .contains("`cargo run --release -- reset rank1_hello_coroutine`"),
        "{}",
        list.all()
    );
    let reset = f.run(&["reset", "hello_coroutine"]);
    reset.expect(0);
    assert!(!reset.all().contains(".tmp"), "{}", reset.all());
    assert_eq!(f.read("exercises/rank1/hello_coroutine.rs"), shipped);
    let moved = reset
        .stdout()
        .split("is now ")
        .nth(1)
        .and_then(|s| s.trim().strip_suffix('.'))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no backup path in: {}", reset.all()));
    assert!(moved.starts_with(".coro-lings-backups/"), "{moved}");
    assert_eq!(f.read(&format!("{moved}/notes.txt")), "mine\n");
    f.run(&["list"]).expect(0);
}

#[test]
fn a_progress_file_that_became_a_folder_is_one_sentence_with_the_fix() {
    let f = mixed_course();
    fs::create_dir(f.root().join(".coro-lings-progress.json")).unwrap();
    for args in [&["list"][..], &["run", "solved"][..]] {
        let run = f.run(args);
        run.expect(2);
        let err = run.stderr();
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(
            err.contains(".coro-lings-progress.json is a folder")
                && err.contains("rm -r .coro-lings-progress.json"),
            "{err}"
        );
        assert!(!err.contains(".tmp"), "{err}");
    }
}

#[test]
fn reset_and_progress_writes_keep_the_learners_file_modes() {
    let mut f = Fixture::new();
    f.add("hello_coroutine", "42", "test", "");
    // A new progress file: 0644 under a umask of 002, as any other new file would be.
    let script = format!(
        "umask 002; exec '{}' run hello_coroutine",
        env!("CARGO_BIN_EXE_coro-lings")
    );
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(f.root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0), "{status:?}");
    assert_eq!(mode(&f, ".coro-lings-progress.json"), 0o644);

    set_mode(&f, ".coro-lings-progress.json", 0o640);
    f.run(&["run", "hello_coroutine"]).expect(0);
    assert_eq!(mode(&f, ".coro-lings-progress.json"), 0o640);

    set_mode(&f, "exercises/rank1/hello_coroutine.rs", 0o664);
    f.run(&["reset", "hello_coroutine"]).expect(0);
    assert_eq!(mode(&f, "exercises/rank1/hello_coroutine.rs"), 0o664);
}
