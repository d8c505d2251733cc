//! A pass must mean that the shipped tests ran and passed on the file as it is now; anything a
//! learner (or the machine) does to get around that is reported for what it is. Each test runs
//! the real binary on a temporary course.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use common::{Fixture, Run, TESTS};

/// An exercise file with `code` before the shipped test module.
fn with_tests(code: &str) -> String {
    format!("// An exercise.\n{code}\n\nfn main() {{}}\n\n{TESTS}")
}

fn one_exercise(body: &str) -> Fixture {
    let mut f = Fixture::new();
    f.add("answer", body, "test", "");
    f
}

fn run_env(f: &Fixture, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_coro-lings"));
    cmd.args(args)
        .current_dir(f.root())
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CARGO_TARGET_DIR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run(cmd.output().unwrap())
}

#[track_caller]
fn verify_status(f: &Fixture) -> (String, Run) {
    let run = f.run(&["verify", "--format", "json"]);
    let line = run.stdout().lines().next().unwrap_or_default().to_string();
    let v: serde_json::Value = serde_json::from_str(&line)
        .unwrap_or_else(|_| panic!("verify printed no JSON line\n{}", run.all()));
    (v["status"].as_str().unwrap_or_default().to_string(), run)
}

#[test]
fn a_deleted_test_module_is_not_a_pass() {
    let f = one_exercise("42");
    f.write(
        "exercises/rank1/answer.rs",
        "fn answer() -> u32 { 41 }\nfn main() {}\n",
    );
    let (status, run) = verify_status(&f);
    assert_eq!(status, "tests_changed", "{}", run.all());
    run.expect(1);
    let out = f.run(&["run", "answer"]);
    out.expect(1);
    assert!(
        out.stdout().contains("are not the shipped ones")
            && out
                .stdout()
                .contains("`cargo run --release -- reset answer`"),
        "the message says what happened and what to do\n{}",
        out.all()
    );
}

#[test]
fn ignored_tests_are_not_a_pass() {
    let f = one_exercise("42");
    let shipped = f.read("exercises/rank1/answer.rs");
    f.write(
        "exercises/rank1/answer.rs",
        &shipped
            .replace(
                "fn answer() -> u32 {\n    42",
                "fn answer() -> u32 {\n    41",
            )
            .replace("#[test]", "#[test]\n    #[ignore]"),
    );
    let (status, run) = verify_status(&f);
    assert_eq!(status, "tests_changed", "{}", run.all());
}

#[test]
fn an_edited_assertion_is_not_a_pass() {
    let f = one_exercise("41");
    let shipped = f.read("exercises/rank1/answer.rs");
    f.write(
        "exercises/rank1/answer.rs",
        &shipped.replace("assert_eq!(answer(), 42", "assert_eq!(answer(), 41"),
    );
    let (status, run) = verify_status(&f);
    assert_eq!(status, "tests_changed", "{}", run.all());
}

#[test]
fn a_test_added_outside_the_test_module_is_not_a_pass() {
    let f = one_exercise("42");
    f.write(
        "exercises/rank1/answer.rs",
        &with_tests("fn answer() -> u32 { 42 }\n#[test]\nfn mine() {}"),
    );
    let (status, run) = verify_status(&f);
    assert_eq!(status, "tests_changed", "{}", run.all());
    let out = f.run(&["run", "answer"]);
    assert!(
        out.stdout().contains("reported 2 passed") && out.stdout().contains("ships 1 test"),
        "{}",
        out.all()
    );
}

#[test]
fn exiting_the_process_early_with_success_is_not_a_pass() {
    let mut f = Fixture::new();
    // Two tests: one ends the process with status 0, the other would fail.
    let tests = "#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn first() {\n        \
                 assert_eq!(answer(1), 42);\n    }\n    #[test]\n    fn second() {\n        \
                 assert_eq!(answer(2), 42);\n    }\n}\n";
    f.add("answer", "42", "test", "");
    f.write(
        "exercises/rank1/answer.rs",
        &format!(
            "fn answer(n: u32) -> u32 {{\n    if n == 1 {{ std::process::exit(0) }}\n    \
             41\n}}\nfn main() {{}}\n\n{tests}"
        ),
    );
    f.write(
        "solutions/rank1/answer.rs",
        &format!("fn answer(_: u32) -> u32 {{\n    42\n}}\nfn main() {{}}\n\n{tests}"),
    );
    let (status, run) = verify_status(&f);
    assert_eq!(status, "failed", "{}", run.all());
    let out = f.run(&["run", "answer"]);
    assert!(
        out.stdout()
            .contains("ended before the test harness reported"),
        "{}",
        out.all()
    );
}

#[test]
fn a_type_error_outside_the_tests_is_a_compile_error() {
    let f = one_exercise("42");
    f.write(
        "exercises/rank1/answer.rs",
        &format!(
            "fn answer() -> u32 {{ 42 }}\n#[cfg(not(test))]\nfn broken() -> u32 {{ \"no\" }}\n\
             fn main() {{}}\n\n{TESTS}"
        ),
    );
    let (status, run) = verify_status(&f);
    assert_eq!(status, "compile_error", "{}", run.all());
    let out = f.run(&["run", "answer"]);
    assert!(
        out.stdout()
            .contains("does not compile as the program it is"),
        "{}",
        out.all()
    );
}

/// The second compile (the file as the program) is skipped where the test build proves it;
/// these files pass their tests and still do not compile as themselves.
#[test]
fn what_only_the_program_build_refuses_is_a_compile_error() {
    for code in [
        // `main` cfg'd away: the test build brings its own.
        "fn answer() -> u32 { 42 }\n#[cfg(any())]\nfn main() {}\n",
        // The learner's code leans on the test module, which only the tests have.
        "fn answer() -> u32 { tests::the_answer_is_42(); 42 }\nfn main() {}\n",
        // No `main` at all.
        "fn answer() -> u32 { 42 }\n",
    ] {
        let f = one_exercise("42");
        f.write("exercises/rank1/answer.rs", &format!("{code}\n{TESTS}"));
        let (status, run) = verify_status(&f);
        assert_eq!(status, "compile_error", "{code}\n{}", run.all());
    }
}

#[test]
fn an_included_file_is_part_of_the_cache_key() {
    let f = one_exercise("42");
    f.write("exercises/rank1/answer_value.txt", "42");
    f.write(
        "exercises/rank1/answer.rs",
        &with_tests("fn answer() -> u32 { include!(\"answer_value.txt\") }"),
    );
    let (status, _) = verify_status(&f);
    assert_eq!(status, "passed");
    f.write("exercises/rank1/answer_value.txt", "41");
    let (status, run) = verify_status(&f);
    assert_eq!(
        status,
        "failed",
        "a changed included file must be checked again\n{}",
        run.all()
    );
}

#[test]
fn an_environment_variable_read_at_compile_time_is_part_of_the_cache_key() {
    // The compiler sees only the allow-list (LC_* is on it), so the variable is an LC_ one.
    let f = one_exercise("42");
    f.write(
        "exercises/rank1/answer.rs",
        &with_tests(
            "fn answer() -> u32 { option_env!(\"LC_CORO_LINGS_TEST_ANSWER\").map_or(0, |v| v.parse().unwrap()) }",
        ),
    );
    let run = run_env(&f, &["verify"], &[("LC_CORO_LINGS_TEST_ANSWER", "42")]);
    run.expect(0);
    let run = run_env(&f, &["verify"], &[("LC_CORO_LINGS_TEST_ANSWER", "41")]);
    run.expect(1);
}

#[test]
fn a_variable_outside_the_allow_list_never_reaches_the_compiler() {
    let f = one_exercise("42");
    f.write(
        "exercises/rank1/answer.rs",
        &with_tests(
            "fn answer() -> u32 { option_env!(\"CORO_LINGS_TEST_ANSWER\").map_or(0, |v| v.parse().unwrap()) }",
        ),
    );
    run_env(&f, &["verify"], &[("CORO_LINGS_TEST_ANSWER", "42")]).expect(1);
}

#[test]
fn a_corrupt_core_build_is_rebuilt_not_blamed_on_every_exercise() {
    let f = one_exercise("42");
    f.run(&["verify"]).expect(0);
    let work = f.root().join("target/coro-lings");
    let core = fs::read_dir(&work)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("core-")
        })
        .expect("a core build");
    fs::write(core.join("libcoro.rlib"), b"not an rlib at all").unwrap();
    let run = f.run(&["run", "answer"]);
    run.expect(0);
    assert!(run.stdout().contains("passes"), "{}", run.all());
}

#[test]
fn a_test_killed_by_a_signal_says_which_and_why() {
    let f = one_exercise("std::process::abort()");
    let (status, run) = verify_status(&f);
    assert_eq!(status, "failed", "{}", run.all());
    let v: serde_json::Value = serde_json::from_str(run.stdout().lines().next().unwrap()).unwrap();
    let first = v["first_error"].as_str().unwrap_or_default();
    assert!(first.contains("SIGABRT"), "first_error: {first}");
}

#[test]
fn a_descendant_that_escapes_with_setsid_does_not_keep_run_waiting() {
    let f = one_exercise(
        "{ let _ = std::process::Command::new(\"setsid\").args([\"sleep\", \"131\"]).spawn(); 42 }",
    );
    let start = Instant::now();
    let run = f.run(&["run", "answer"]);
    run.expect(0);
    // Not a speed check: the escaped sleep would hold the pipe for 131 s.
    assert!(
        start.elapsed() < Duration::from_secs(100),
        "run waited for the sleep"
    );
    assert!(
        processes_running("sleep 131").is_empty(),
        "the escaped process survived"
    );
}

/// Makes the course's only exercise `hello`, a run exercise.
fn run_exercise_entry(f: &Fixture) {
    f.write(
        "info.toml",
        "format_version = 1\nwelcome_message = \"W\"\nfinal_message = \"F\"\n\n[[ranks]]\nnumber = 1\n\
         title = \"B\"\nsummary = \"S\"\nnotes = \"notes/rank1.md\"\n\n[[exercises]]\nname = \"hello\"\n\
         rank = 1\nmode = \"run\"\nfails_as_shipped = \"test\"\nsummary = \"Say hello\"\nhints = [\"a\"]\n",
    );
}

fn processes_running(pattern: &str) -> String {
    Command::new("pgrep")
        .args(["-f", &format!("^{pattern}$")])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// Starts `coro-lings ARGS` on an exercise that spins forever, waits until the test binary
/// runs, sends `signal`, and returns the exit code; afterwards no spinning process may be left.
fn interrupt(args: &[&str], signal: &str) -> i32 {
    let mut f = Fixture::new();
    let marker = format!("spin_{}", signal.to_lowercase());
    f.add(
        &marker,
        "loop { std::hint::spin_loop(); }",
        "test",
        "timeout_secs = 300\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_coro-lings"))
        .args(args)
        .current_dir(f.root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    // The test binary itself, not the compiler building it.
    let binary = format!("[^ ]*/rank1_{marker}-[^/ ]*/rank1_{marker} .*");
    while processes_running(&binary).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the test binary never started"
        );
        thread::sleep(Duration::from_millis(50));
    }
    Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    // The kill is synchronous: nothing of the check may outlive coro-lings.
    thread::sleep(Duration::from_millis(200));
    assert!(
        processes_running(&binary).is_empty(),
        "the test binary still runs after {signal}"
    );
    status.code().unwrap_or(-1)
}

#[test]
fn ctrl_c_during_run_kills_the_test_and_exits_130() {
    assert_eq!(interrupt(&["run"], "INT"), 130);
}

#[test]
fn sigterm_during_verify_kills_the_test_and_exits_143() {
    assert_eq!(interrupt(&["verify"], "TERM"), 143);
}

#[test]
fn sighup_during_plain_watch_kills_the_test_and_exits_129() {
    assert_eq!(interrupt(&["watch"], "HUP"), 129);
}

fn fake_rustc(f: &Fixture, script: &str) -> String {
    let path = f.root().join("fake-rustc");
    fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

#[test]
fn an_old_rust_is_named_with_the_version_needed_and_the_fix() {
    let f = one_exercise("42");
    let rustc = fake_rustc(&f, "echo 'rustc 1.80.0'; echo 'release: 1.80.0'");
    let run = run_env(&f, &["verify"], &[("RUSTC", &rustc)]);
    run.expect(2);
    let err = run.stderr();
    assert!(
        err.contains("needs Rust 1.89 or newer")
            && err.contains("1.80.0")
            && err.contains("rustup update"),
        "{}",
        run.all()
    );
}

#[test]
fn a_compiler_that_fails_silently_is_reported_in_words() {
    let f = one_exercise("42");
    let run = run_env(&f, &["verify"], &[("RUSTC", "/bin/false")]);
    run.expect(2);
    assert!(
        run.stderr().contains("printed nothing") && run.stderr().contains("RUSTC"),
        "{}",
        run.all()
    );
}

#[test]
fn clippy_true_makes_clippy_lints_part_of_the_check() {
    if Command::new("clippy-driver").arg("-V").output().is_err() {
        eprintln!("skipped: clippy-driver is not installed (rustup component add clippy)");
        return;
    }
    let mut f = Fixture::new();
    f.add("lint", "42", "compile", "clippy = true\n");
    // Correct, but Clippy's default lints refuse it.
    f.write(
        "exercises/rank1/lint.rs",
        &with_tests(
            "fn answer() -> u32 { let v = vec![42]; v.iter().next().map(|x| *x).unwrap() }",
        ),
    );
    let run = f.run(&["run", "lint"]);
    run.expect(1);
    assert!(
        run.stdout().contains("Clippy's lints refuse") && run.stdout().contains("clippy::"),
        "{}",
        run.all()
    );
    f.run(&["dev", "check"]).expect(0);
}

#[test]
fn an_introduction_that_passes_as_shipped_and_a_test_free_run_exercise_are_sound() {
    let mut f = Fixture::new();
    f.add("intro", "42", "none", "");
    f.write(
        "exercises/rank1/hello.rs",
        "fn main() {\n    let greeting: &str = todo!();\n    println!(\"{greeting}\");\n}\n",
    );
    f.write(
        "solutions/rank1/hello.rs",
        "fn main() {\n    let greeting = \"hello\";\n    println!(\"{greeting}\");\n}\n",
    );
    let info = f.read("info.toml");
    f.write(
        "info.toml",
        &format!(
            "{info}\n[[exercises]]\nname = \"hello\"\nrank = 1\nmode = \"run\"\nfails_as_shipped = \"test\"\n\
             summary = \"Say hello\"\nhints = [\"a\"]\n"
        ),
    );
    let run = f.run(&["dev", "check"]);
    run.expect(0);
}

#[test]
fn dev_check_says_that_a_run_exercise_main_panicked() {
    let f = Fixture::new();
    f.write("exercises/rank1/hello.rs", "fn main() {}\n");
    f.write(
        "solutions/rank1/hello.rs",
        "fn main() { panic!(\"oops\") }\n",
    );
    run_exercise_entry(&f);
    let run = f.run(&["dev", "check"]);
    run.expect(2);
    assert!(run.stdout().contains("its main panics"), "{}", run.all());
}

#[test]
fn a_course_of_one_rank_runs_on_the_real_core() {
    let f = one_exercise("42");
    let core = Path::new(env!("CARGO_MANIFEST_DIR")).join("coro/src");
    for entry in fs::read_dir(&core).unwrap().flatten() {
        let text = fs::read_to_string(entry.path()).unwrap();
        f.write(
            &format!("coro/src/{}", entry.file_name().to_string_lossy()),
            &text,
        );
    }
    f.run(&["verify"]).expect(0);
}

#[test]
fn cargo_target_dir_is_where_the_builds_go() {
    let f = one_exercise("42");
    let target = tempfile::tempdir().unwrap();
    let run = run_env(
        &f,
        &["verify"],
        &[("CARGO_TARGET_DIR", &target.path().display().to_string())],
    );
    run.expect(0);
    assert!(target.path().join("coro-lings").is_dir(), "{}", run.all());
    assert!(
        !f.root().join("target/coro-lings").exists(),
        "nothing is written under the course's own target/"
    );
}

#[test]
fn a_run_exercise_passes_only_when_main_returns() {
    let f = Fixture::new();
    f.write(
        "exercises/rank1/hello.rs",
        "fn main() {\n    println!(\"hello\");\n    std::process::exit(0);\n}\n",
    );
    f.write(
        "solutions/rank1/hello.rs",
        "fn main() {\n    println!(\"hello\");\n}\n",
    );
    run_exercise_entry(&f);
    let run = f.run(&["run", "hello"]);
    run.expect(1);
    assert!(
        run.stdout().contains("main did not return"),
        "{}",
        run.all()
    );
    f.write(
        "exercises/rank1/hello.rs",
        "fn main() {\n    println!(\"hello\");\n}\n",
    );
    f.run(&["run", "hello"]).expect(0);
    f.run(&["dev", "check"]).expect(2);
}

#[test]
fn a_compiler_that_never_answers_is_given_up_on() {
    let f = one_exercise("42");
    // A marker of this run alone: another run of this test on the same machine (a second
    // checkout, a parallel CI job) has its own sleeping compiler, which is not ours to find.
    let marker = format!("sleep 137.{}", std::process::id());
    let rustc = fake_rustc(&f, &format!("exec {marker}"));
    let run = run_env(&f, &["verify"], &[("RUSTC", &rustc)]);
    run.expect(2);
    assert!(
        run.stderr().contains("did not answer within"),
        "{}",
        run.all()
    );
    // It was sent SIGKILL; on a loaded machine dying takes a moment (it would live 137 s).
    let start = Instant::now();
    while !processes_running(&marker).is_empty() && start.elapsed() < Duration::from_secs(5) {
        thread::sleep(Duration::from_millis(50));
    }
    assert!(
        processes_running(&marker).is_empty(),
        "the stuck compiler was left running"
    );
}

/// The test process is started before its binary is built, to wait for the runner's word on
/// its standard input; the test itself must find that input empty, and never coro-lings' own
/// (a terminal in watch mode).
#[test]
fn a_test_reads_an_empty_standard_input() {
    let f = one_exercise(
        "let mut seen = String::new();\n    std::io::Read::read_to_string(&mut std::io::stdin(), &mut seen).unwrap();\n    if seen.is_empty() { 42 } else { seen.len() as u32 }",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_coro-lings"))
        .args(["run", "answer"])
        .current_dir(f.root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // coro-lings' own input stays open and holds text for the whole check.
    let mut input = child.stdin.take().unwrap();
    std::io::Write::write_all(&mut input, b"not for the test\n").unwrap();
    let out = child.wait_with_output().unwrap();
    drop(input);
    let run = Run(out);
    run.expect(0);
    assert!(run.stdout().contains("passes"), "{}", run.all());
}
