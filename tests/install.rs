//! The installed binary carries the course: copied into an empty folder, with no repository
//! around it and `HOME` pointed elsewhere, it makes a course with `init` and checks it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the copied binary in `dir`, with a `HOME` of its own. The toolchain is still found:
/// rustup's proxies look for it under `HOME` unless told where it is.
fn run(bin: &Path, dir: &Path, home: &Path, args: &[&str]) -> Output {
    let real_home = PathBuf::from(std::env::var_os("HOME").unwrap_or_default());
    let rustup_home =
        std::env::var_os("RUSTUP_HOME").map_or_else(|| real_home.join(".rustup"), PathBuf::from);
    let cargo_home =
        std::env::var_os("CARGO_HOME").map_or_else(|| real_home.join(".cargo"), PathBuf::from);
    Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env("HOME", home)
        .env("RUSTUP_HOME", rustup_home)
        .env("CARGO_HOME", cargo_home)
        .env("NO_COLOR", "1")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "--- stdout\n{}--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn a_copied_binary_makes_a_course_that_starts_pending_and_passes_with_a_solution() {
    let tmp = tempfile::tempdir().unwrap();
    let (bin_dir, home, work) = (
        tmp.path().join("bin"),
        tmp.path().join("home"),
        tmp.path().join("work"),
    );
    for d in [&bin_dir, &home, &work] {
        fs::create_dir(d).unwrap();
    }
    let bin = bin_dir.join("coro-lings");
    fs::copy(env!("CARGO_BIN_EXE_coro-lings"), &bin).unwrap();

    // Outside a course, a command says how to make one.
    let outside = run(&bin, &work, &home, &["list"]);
    assert_eq!(outside.status.code(), Some(2), "{}", text(&outside));
    assert!(
        String::from_utf8_lossy(&outside.stderr).contains("coro-lings init"),
        "{}",
        text(&outside)
    );

    let init = run(&bin, &work, &home, &["init"]);
    assert_eq!(init.status.code(), Some(0), "{}", text(&init));
    assert!(
        String::from_utf8_lossy(&init.stdout).contains("cd coro-lings"),
        "init names the next command\n{}",
        text(&init)
    );
    let course = work.join("coro-lings");
    for file in [
        "info.toml",
        "exercises/Cargo.toml",
        "coro/src/lib.rs",
        "coro/Cargo.toml",
        "notes/rank1.md",
        ".vscode/settings.json",
        ".gitignore",
        "README.md",
    ] {
        assert!(course.join(file).is_file(), "init did not write {file}");
    }

    let verify = run(&bin, &course, &home, &["verify", "--format", "json"]);
    assert_eq!(verify.status.code(), Some(1), "{}", text(&verify));
    let lines: Vec<String> = String::from_utf8_lossy(&verify.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    let listed = fs::read_to_string(course.join("info.toml"))
        .unwrap()
        .matches("[[exercises]]")
        .count();
    assert_eq!(
        lines.len(),
        listed,
        "one line per exercise\n{}",
        text(&verify)
    );
    for line in &lines {
        assert!(
            !line.contains("\"status\":\"passed\""),
            "every exercise is pending as shipped: {line}"
        );
    }

    let exercise = course.join("exercises/rank1/hello_coroutine.rs");
    fs::copy(course.join("solutions/rank1/hello_coroutine.rs"), &exercise).unwrap();
    let passed = run(&bin, &course, &home, &["run", "hello_coroutine"]);
    assert_eq!(passed.status.code(), Some(0), "{}", text(&passed));
    assert!(
        String::from_utf8_lossy(&passed.stdout).contains("rank1_hello_coroutine passes"),
        "{}",
        text(&passed)
    );

    // A second init into the course refuses, and leaves the learner's work alone.
    let again = run(&bin, &work, &home, &["init", "coro-lings"]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already holds a course"),
        "{}",
        text(&again)
    );
    assert_eq!(
        fs::read(&exercise).unwrap(),
        fs::read(course.join("solutions/rank1/hello_coroutine.rs")).unwrap()
    );
    // Nothing was written where the binary is, or under HOME.
    assert_eq!(fs::read_dir(&bin_dir).unwrap().count(), 1);
    assert_eq!(fs::read_dir(&home).unwrap().count(), 0);
}

#[test]
fn completions_name_the_commands_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = Command::new(env!("CARGO_BIN_EXE_coro-lings"))
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}: {}", text(&out));
        let script = String::from_utf8_lossy(&out.stdout);
        for command in ["init", "verify", "hint", "completions"] {
            assert!(script.contains(command), "{shell} completes no {command}");
        }
    }
}

#[test]
fn the_version_names_the_course_version() {
    let out = Command::new(env!("CARGO_BIN_EXE_coro-lings"))
        .arg("--version")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    let info = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("info.toml")).unwrap();
    let version = info
        .lines()
        .find_map(|l| l.strip_prefix("course_version = "))
        .expect("info.toml has a course_version");
    assert_eq!(
        said.trim(),
        format!(
            "coro-lings {} (course version {version})",
            env!("CARGO_PKG_VERSION")
        )
    );
}
