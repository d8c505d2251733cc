//! `coro-lings init`: a fresh course from the one the binary carries, and what to say where
//! there is no course.

#![allow(
    clippy::print_stderr,
    reason = "a refused init says why on standard error, and exits 2 without an error chain"
)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use colored::Colorize;

use crate::course::{Course, INFO_FILE};
use crate::fsutil::TEMP_PREFIX;
use crate::output::outln;
use crate::{editor, shipped};

/// Where `init` makes the course when no folder is given.
pub const DEFAULT_DIR: &str = "coro-lings";

/// The core as its own package, for rust-analyzer and `cargo run --example` in a made course.
/// In the repository `coro/Cargo.toml` takes these from the workspace; a made course has no
/// workspace around it, and its own `[workspace]` keeps one it is put inside from claiming it.
const CORE_MANIFEST: &str = "\
[package]
name = \"coro\"
version = \"0.1.0\"
description = \"Python-style coroutines (send, throw, close, yield from) on stable Rust\"
edition = \"2024\"
publish = false

[workspace]

[features]
# The checker builds the core with it, to draw a failing test's turns.
trace = []
";

const VSCODE_SETTINGS: &str =
    "{\n    \"rust-analyzer.linkedProjects\": [\"exercises/Cargo.toml\"]\n}\n";

const GITIGNORE: &str = "\
/target
/.coro-lings-progress.json
/.coro-lings-backups
.coro-lings-tmp.*
/exercises/Cargo.lock
/exercises/target
/coro/Cargo.lock
/coro/target
";

const README: &str = "\
# coro-lings

Coroutines in Rust, one small exercise at a time. Run `coro-lings` in this folder: it watches
the current exercise under `exercises/`, and checks it each time you save.

| key | what it does |
| --- | --- |
| `n` | next exercise (once the current one passes) |
| `h` | a hint; again for the next, more explicit one |
| `o` | the notes of the current rank |
| `e` | run the current rank's examples, one per press |
| `s` | the reference solution (once the current one passes) |
| `l` | the list of exercises: move, filter, jump, reset |
| `c` | check every exercise |
| `x` | reset the current exercise to how it was shipped (keeps a backup) |
| `r` | check again |
| arrows, `j`/`k`, PgUp/PgDn | scroll |
| `Esc` | back from the notes, an example or the solution |
| `q` | quit |

Other commands: `coro-lings list`, `coro-lings hint NAME`, `coro-lings run NAME`,
`coro-lings notes RANK`, `coro-lings verify`; `coro-lings help` lists them all.

- `notes/` has the concept notes of each rank (`coro-lings notes 1`).
- `coro/` is the coroutine core the exercises use; `coro/examples/` are runnable examples:
  `coro-lings examples` lists them and `coro-lings example NAME` runs one.
- `solutions/` holds the reference solutions: the checker reads their tests, and
  `coro-lings solution NAME` shows one once you pass its exercise.

Your progress is in `.coro-lings-progress.json`. Keep this folder in git if you like; the
`.gitignore` leaves out builds and progress.
";

/// `init [DIR]`: writes a fresh course into `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<ExitCode> {
    if dir.join(INFO_FILE).exists() {
        eprintln!(
            "{} {} already holds a course ({INFO_FILE}), and init never writes over one. \
             To go on with it: cd {} && coro-lings. For a fresh course, name another folder: \
             coro-lings init OTHER_FOLDER",
            "error:".red().bold(),
            shown(dir),
            shown(dir)
        );
        return Ok(ExitCode::from(2));
    }
    if dir.exists() && !is_empty_dir(dir) {
        eprintln!(
            "{} {} is not an empty folder, and init writes a course only into a new or empty \
             one: name another folder, e.g. coro-lings init {}",
            "error:".red().bold(),
            shown(dir),
            dir.join(DEFAULT_DIR).display()
        );
        return Ok(ExitCode::from(2));
    }
    write_course(dir)?;
    outln!(
        "{} a coro-lings course in {}. Next:\n\n    cd {}\n    coro-lings\n\n\
         Watch mode shows the first exercise; open it in your editor, fix it and save.",
        "Made".green().bold(),
        shown(dir),
        shown(dir)
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes the course so that an interrupted init leaves no half course behind: into a staging
/// folder beside `dir` that is renamed into place, or, for an empty folder that already exists
/// (`init .`), straight into it, emptied again on failure.
fn write_course(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        let written = fill(dir);
        if written.is_err() {
            for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
                let _ = fs::remove_dir_all(entry.path()).or_else(|_| fs::remove_file(entry.path()));
            }
        }
        return written;
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let name = dir
        .file_name()
        .map_or_else(|| DEFAULT_DIR.into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!("{TEMP_PREFIX}init-{name}.{}", std::process::id()));
    let moved = fill(&staging).and_then(|()| {
        fs::rename(&staging, dir).with_context(|| {
            format!(
                "cannot move the new course into {}: check that you may write there",
                dir.display()
            )
        })
    });
    if moved.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    moved
}

fn fill(root: &Path) -> Result<()> {
    let mut files: Vec<(PathBuf, &str)> = shipped::COURSE
        .iter()
        .map(|(rel, text)| (PathBuf::from(rel), *text))
        .collect();
    files.extend([
        (PathBuf::from("coro/Cargo.toml"), CORE_MANIFEST),
        (PathBuf::from(".vscode/settings.json"), VSCODE_SETTINGS),
        (PathBuf::from(".gitignore"), GITIGNORE),
        (PathBuf::from("README.md"), README),
    ]);
    for (rel, text) in files {
        let path = root.join(&rel);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder)
                .with_context(|| format!("cannot create {}", folder.display()))?;
        }
        fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    // The course this binary carries must load; and the editor manifest comes from it. A file
    // no entry lists was embedded from a build tree with a copy in it (`countdown_old.rs`): it
    // is no part of the course, and this init just wrote it.
    let (course, unlisted) = Course::load_for_learner(root, false)
        .map_err(|e| anyhow::anyhow!("the course built into this coro-lings does not load: {e}"))?;
    for problem in unlisted {
        let _ = fs::remove_file(root.join(problem.file));
    }
    editor::refresh(&course)?;
    Ok(())
}

fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// A folder as the learner would type it in `cd`.
fn shown(dir: &Path) -> String {
    let text = dir.display().to_string();
    if text.contains(char::is_whitespace) {
        format!("'{text}'")
    } else {
        text
    }
}

/// The error for a command run where there is no course: where one is, or how to make one.
pub fn no_course_here(cwd: &Path) -> anyhow::Error {
    let made = cwd.join(DEFAULT_DIR);
    if made.join(INFO_FILE).is_file() {
        return anyhow::anyhow!(
            "there is no course in this folder ({INFO_FILE} is missing), but {DEFAULT_DIR}/ \
             holds one: cd {DEFAULT_DIR} && coro-lings"
        );
    }
    if let Some(up) = cwd
        .ancestors()
        .skip(1)
        .find(|d| d.join(INFO_FILE).is_file())
    {
        return anyhow::anyhow!(
            "there is no course in this folder ({INFO_FILE} is missing); the course is in {}: \
             run coro-lings there (cd {})",
            up.display(),
            shown(up)
        );
    }
    anyhow::anyhow!(
        "there is no course in this folder ({INFO_FILE} is missing). Make one with \
         `coro-lings init` (it writes ./{DEFAULT_DIR}), then cd {DEFAULT_DIR} && coro-lings"
    )
}

/// What to tell the learner when a course's `course_version` (`theirs`) is not the one this
/// binary carries, if it is not. A course without the key (a course of one's own) is not
/// compared.
pub fn version_mismatch(theirs: Option<u32>) -> Option<String> {
    let theirs = theirs?;
    let ours = shipped::course_version()?;
    (theirs != ours).then(|| {
        format!(
            "this course is version {theirs}, and this coro-lings carries version {ours}. \
             Your exercises and progress work as they are, but `reset` cannot bring back an \
             exercise of version {theirs}. For the course this coro-lings carries, run \
             `coro-lings init NEW_FOLDER` and copy your solved exercises over; in the course's \
             own repository, rebuild instead: touch check/build.rs && cargo build --release"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_made_course_loads_and_its_exercises_are_the_shipped_ones() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("course");
        write_course(&dir).unwrap();
        let course = Course::load(&dir).unwrap();
        assert_eq!(course.course_version, shipped::course_version());
        for e in &course.exercises {
            let text = fs::read_to_string(dir.join(&e.path)).unwrap();
            assert_eq!(Some(text.as_str()), shipped::exercise(&e.path), "{}", e.id);
            assert!(dir.join(&e.solution).is_file(), "{}", e.id);
        }
        for file in [
            "coro/src/lib.rs",
            "coro/Cargo.toml",
            "exercises/Cargo.toml",
            ".vscode/settings.json",
            ".gitignore",
            "README.md",
            "notes/rank5.md",
        ] {
            assert!(dir.join(file).is_file(), "{file} is missing");
        }
        let leftovers: Vec<_> = fs::read_dir(parent.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .filter(|n| n != "course")
            .collect();
        assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    }

    #[test]
    fn outside_a_course_the_error_points_to_the_nearest_one() {
        let top = tempfile::tempdir().unwrap();
        let nothing = no_course_here(top.path()).to_string();
        assert!(nothing.contains("coro-lings init"), "{nothing}");

        fs::create_dir_all(top.path().join(DEFAULT_DIR)).unwrap();
        fs::write(top.path().join(DEFAULT_DIR).join(INFO_FILE), "").unwrap();
        let below = no_course_here(top.path()).to_string();
        assert!(below.contains("cd coro-lings"), "{below}");

        let deep = top.path().join(DEFAULT_DIR).join("exercises/rank1");
        fs::create_dir_all(&deep).unwrap();
        let above = no_course_here(&deep).to_string();
        let course = top.path().join(DEFAULT_DIR);
        assert!(above.contains(&course.display().to_string()), "{above}");
    }

    #[test]
    fn a_different_course_version_is_told_and_a_missing_one_is_not() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("c");
        write_course(&dir).unwrap();
        let mut course = Course::load(&dir).unwrap();
        assert_eq!(version_mismatch(course.course_version), None);
        course.course_version = course.course_version.map(|v| v + 1);
        let told = version_mismatch(course.course_version).expect("a newer course is told");
        assert!(told.contains("coro-lings init"), "{told}");
        course.course_version = None;
        assert_eq!(version_mismatch(course.course_version), None);
    }
}
