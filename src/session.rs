//! What the one-shot commands and watch mode share: opening a course with the learner's
//! progress, checking every exercise, and restoring an exercise as shipped. It sits below both,
//! so that neither imports the other.

#![allow(
    clippy::print_stderr,
    reason = "warnings about the course and the progress file go to standard error"
)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, anyhow};
use colored::Colorize;

use crate::course::{BACKUP_DIR, Course, Exercise, Problem};
use crate::progress::{self, Loaded, PROGRESS_FILE, Progress};
use crate::runner::{Outcome, Runner, Which, color_wanted};

/// The course and the learner's progress, loaded once per command.
pub struct Session {
    pub course: Course,
    pub progress: Progress,
    /// What the load overlooked (files no entry lists), already printed on standard error.
    pub warnings: Vec<Problem>,
}

/// Loads the course under `root` and the progress file. A damaged progress file is reported in
/// one line and rebuilt from a fresh check of every exercise.
pub fn open(root: &Path) -> Result<Session> {
    colored::control::set_override(color_wanted());
    let (course, warnings) = Course::load_for_learner(root, false)?;
    warn_about(&warnings);
    if let Some(told) = crate::init::version_mismatch(course.course_version) {
        eprintln!("{} {told}", "warning:".yellow().bold());
    }
    let progress = match progress::load(root) {
        Loaded::Found(p) => p,
        Loaded::Missing => Progress::default(),
        // Before any check: rebuilding the progress would cost a check of every exercise and
        // then fail to save it.
        Loaded::Folder => return Err(progress::folder_error()),
        Loaded::Damaged(why) => {
            eprintln!(
                "{} {PROGRESS_FILE} {why}; rebuilding it from a fresh check of every exercise",
                "warning:".yellow().bold()
            );
            let runner = Runner::new(&course, false)?;
            let results = check_all(&runner, &course, &|_, _| {});
            progress::update(root, |p| {
                *p = Progress::default();
                p.record_all(root, &course.exercises, &results);
            })?
        }
    };
    Ok(Session {
        course,
        progress,
        warnings,
    })
}

/// One line per file that the course does not list. The learner's commands carry on: a copy
/// such as `countdown_old.rs` is the learner's business (`dev check` still refuses it).
pub fn warn_about(warnings: &[Problem]) {
    for w in warnings {
        eprintln!("{} {}", "warning:".yellow().bold(), learner_warning(w));
    }
}

/// How a file the course does not list is described to the learner.
pub fn learner_warning(w: &Problem) -> String {
    format!(
        "{} is not an exercise of this course (info.toml does not list it), so coro-lings \
         ignores it; move it out of that folder to silence this warning",
        w.file.display()
    )
}

/// Finds the exercise NAME names, or says what the learner may have meant.
pub fn resolve<'c>(course: &'c Course, name: &str) -> Result<&'c Exercise> {
    course.find(name).map_err(|e| anyhow!(e))
}

/// Checks every exercise of `course` (the learner's files), calling `done` as each ends.
pub fn check_all(
    runner: &Runner,
    course: &Course,
    done: &(dyn Fn(usize, &Result<Outcome>) + Sync),
) -> Vec<Result<Outcome>> {
    let jobs: Vec<(&Exercise, Which)> = course
        .exercises
        .iter()
        .map(|e| (e, Which::Exercise))
        .collect();
    runner.check_many(&jobs, done)
}

/// Restores `exercise` as shipped. Returns the backup's path, or `None` if the file was
/// already as shipped.
pub fn reset_exercise(root: &Path, exercise: &Exercise) -> Result<Option<PathBuf>> {
    // An exercise of another course version would come back with tests that its solution
    // (and so the check) does not expect.
    let info = fs::read_to_string(root.join(crate::course::INFO_FILE)).unwrap_or_default();
    if let Some(told) = crate::init::version_mismatch(crate::shipped::course_version_of(&info)) {
        anyhow::bail!(
            "cannot reset {}: the copy this coro-lings carries may not match your course. {told}",
            exercise.path.display()
        );
    }
    let shipped = crate::shipped::exercise(&exercise.path).ok_or_else(|| {
        anyhow!(
            "no shipped copy of {} is built into this coro-lings (the exercise is newer than the \
             binary): rebuild it with `touch check/build.rs && cargo build --release`",
            exercise.path.display()
        )
    })?;
    let path = root.join(&exercise.path);
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // A folder where the exercise file belongs (a mistaken `mkdir`, an unpacked archive) is
    // moved aside whole, like a file is backed up: the learner may want what is in it.
    if path.is_dir() {
        let backup = backup_path(root, exercise, stamp, "dir")?;
        fs::rename(&path, root.join(&backup)).with_context(|| {
            format!(
                "cannot move the folder {} to {}: move or remove it yourself, then run \
                 `{}` again",
                exercise.path.display(),
                backup.display(),
                crate::invocation::command(&format!("reset {}", exercise.id))
            )
        })?;
        crate::fsutil::write_atomic(&path, shipped.as_bytes())?;
        progress::update(root, |p| {
            p.done.remove(&exercise.id);
        })?;
        return Ok(Some(backup));
    }
    let current = fs::read(&path).ok();
    if current.as_deref() == Some(shipped.as_bytes()) {
        return Ok(None);
    }
    let backup = match current {
        Some(bytes) => {
            let backup = backup_path(root, exercise, stamp, "rs")?;
            fs::write(root.join(&backup), bytes)
                .with_context(|| format!("cannot write the backup {}", backup.display()))?;
            backup
        }
        None => PathBuf::from("(there was no file to back up)"),
    };
    crate::fsutil::write_atomic(&path, shipped.as_bytes())?;
    progress::update(root, |p| {
        p.done.remove(&exercise.id);
    })?;
    Ok(Some(backup))
}

/// A fresh path under the backups folder for `exercise`'s current version, relative to `root`.
fn backup_path(root: &Path, exercise: &Exercise, stamp: u64, ext: &str) -> Result<PathBuf> {
    let dir = root.join(BACKUP_DIR);
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut backup = PathBuf::from(BACKUP_DIR).join(format!("{}.{stamp}.{ext}", exercise.id));
    let mut n = 1;
    while root.join(&backup).exists() {
        backup = PathBuf::from(BACKUP_DIR).join(format!("{}.{stamp}-{n}.{ext}", exercise.id));
        n += 1;
    }
    Ok(backup)
}
