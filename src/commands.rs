//! The one-shot commands: verify, run, hint, solution, list, reset, notes.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, anyhow, bail};
use colored::Colorize;

use crate::cli::Format;
use crate::course::{Course, Exercise, Problem};
use crate::output::{WriteError, out, outln};
use crate::progress::{self, Loaded, PROGRESS_FILE, Progress};
use crate::report;
use crate::runner::{Cache, Cancel, Outcome, Runner, Status, Which, color_wanted};

/// Where `reset` keeps the learner's versions, under the course root (git-ignored).
pub const BACKUP_DIR: &str = ".coro-lings-backups";

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
fn warn_about(warnings: &[Problem]) {
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

fn check_all(
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

fn passed_ids(course: &Course, results: &[Result<Outcome>]) -> BTreeSet<String> {
    course
        .exercises
        .iter()
        .zip(results)
        .filter(|(_, r)| matches!(r, Ok(o) if o.status == Status::Passed))
        .map(|(e, _)| e.id.clone())
        .collect()
}

/// The width of the longest exercise id, for aligned columns.
fn id_width(course: &Course) -> usize {
    course
        .exercises
        .iter()
        .map(|e| e.id.len())
        .max()
        .unwrap_or(0)
}

/// `verify`: every exercise, one line each in course order, then a summary.
pub fn verify(root: &Path, format: Format, sandbox: bool) -> Result<ExitCode> {
    let session = open(root)?;
    let course = &session.course;
    let runner = Runner::new(course, false)?.with_sandbox(sandbox || course.sandbox);
    let width = id_width(course);

    // Lines are printed in course order as soon as every earlier one is known. A failed write
    // is kept and returned once the checks are done (the callback cannot return it), so that
    // the progress of the checks made is still saved.
    let pending: Mutex<(usize, Vec<Option<String>>, Option<std::io::Error>)> =
        Mutex::new((0, vec![None; course.exercises.len()], None));
    let results = check_all(&runner, course, &|i, result| {
        if format != Format::Text {
            return;
        }
        let line = text_line(&course.exercises[i], result, width);
        let mut guard = pending.lock().unwrap_or_else(|e| e.into_inner());
        let (next, lines, failed) = &mut *guard;
        lines[i] = Some(line);
        let mut out = std::io::stdout().lock();
        while let Some(Some(line)) = lines.get(*next) {
            if failed.is_none()
                && let Err(e) = writeln!(out, "{line}")
            {
                *failed = Some(e);
            }
            *next += 1;
        }
    });
    let write_failed = pending.into_inner().unwrap_or_else(|e| e.into_inner()).2;

    let done = passed_ids(course, &results);
    progress::update(root, |p| p.record_all(root, &course.exercises, &results))?;
    if let Some(e) = write_failed {
        return Err(WriteError(e).into());
    }

    match format {
        Format::Text => {
            let total = course.exercises.len();
            let passed = done.len();
            outln!();
            if passed == total {
                outln!("{}", format!("All {total} exercises pass.").green().bold());
            } else {
                let next = course.exercises.iter().find(|e| !done.contains(&e.id));
                out!("{passed} of {total} exercises pass.");
                if let Some(next) = next {
                    out!(" Next: {} ({})", next.id.bold(), next.path.display());
                }
                outln!();
            }
        }
        Format::Json => out!("{}", report::json_lines(course, &results)),
        Format::Junit => out!("{}", report::junit(course, &results)),
    }
    for (e, r) in course.exercises.iter().zip(&results) {
        if let Err(err) = r {
            eprintln!("{} {}: {err:#}", "error:".red().bold(), e.id);
        }
    }
    sandbox_note(&runner);
    Ok(if done.len() == course.exercises.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Says on standard error what the sandbox guaranteed, once tests ran in it: a teacher must
/// see when the kernel could not put it in force.
fn sandbox_note(runner: &Runner) {
    if let Some(note) = runner.sandbox_notice() {
        eprintln!("{} {note}", "note:".bold());
    }
}

fn text_line(exercise: &Exercise, result: &Result<Outcome>, width: usize) -> String {
    let (label, time) = match result {
        Ok(o) => {
            let label = match o.status {
                Status::Passed => o.status.label().green(),
                Status::TimedOut | Status::Cancelled => o.status.label().yellow(),
                Status::CompileError | Status::Failed | Status::TestsChanged => {
                    o.status.label().red()
                }
            };
            let time = if o.cached {
                "cached".dimmed().to_string()
            } else {
                format!("{:.2} s", o.duration.as_secs_f64())
            };
            (label, time)
        }
        Err(_) => ("error".red(), String::new()),
    };
    format!(
        "{label:>13}  {:<width$}  rank {}  {time}",
        exercise.id, exercise.rank
    )
}

/// `run [NAME]`: check one exercise and show everything the compiler and tests said.
pub fn run(root: &Path, name: Option<&str>, sandbox: bool) -> Result<ExitCode> {
    let session = open(root)?;
    let course = &session.course;
    let exercise = match name {
        Some(name) => resolve(course, name)?,
        None => match session.progress.first_pending(course) {
            Some(e) => e,
            None => {
                outln!("{}", course.final_message);
                return Ok(ExitCode::SUCCESS);
            }
        },
    };
    let runner = Runner::new(course, color_wanted())?.with_sandbox(sandbox || course.sandbox);
    outln!(
        "{} {} ({})",
        "Checking".bold(),
        exercise.id.bold(),
        exercise.path.display()
    );
    // Asked for by name or by the learner: check afresh rather than trust the cache.
    let outcome = runner.check_with(exercise, Which::Exercise, &Cancel::new(), Cache::Refresh)?;
    out!("{}", outcome.output);
    if !outcome.output.ends_with('\n') && !outcome.output.is_empty() {
        outln!();
    }
    sandbox_note(&runner);
    let passed = outcome.status == Status::Passed;
    progress::update(root, |p| {
        p.record(root, exercise, &outcome);
    })?;
    if passed {
        outln!(
            "{} {} passes. The reference solution is {} (coro-lings solution {}).",
            "✓".green().bold(),
            exercise.id.bold(),
            exercise.solution.display(),
            exercise.name
        );
        Ok(ExitCode::SUCCESS)
    } else {
        outln!(
            "{} {} {}. Fix {} and run again; `coro-lings hint {}` helps.",
            "✗".red().bold(),
            exercise.id.bold(),
            outcome.status.label(),
            exercise.path.display(),
            exercise.name
        );
        Ok(ExitCode::from(1))
    }
}

/// `hint [NAME] [--level K | --all]`.
pub fn hint(root: &Path, name: Option<&str>, level: Option<usize>, all: bool) -> Result<ExitCode> {
    let session = open(root)?;
    let course = &session.course;
    let exercise = match name {
        Some(name) => resolve(course, name)?,
        None => session
            .progress
            .current(course)
            .ok_or_else(|| anyhow!("every exercise passes: there is nothing left to hint at"))?,
    };
    let count = exercise.hints.len();
    if all {
        for (i, h) in exercise.hints.iter().enumerate() {
            outln!("{} {}\n", format!("Hint {} of {count}:", i + 1).bold(), h);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let k = level.unwrap_or(1);
    if k == 0 || k > count {
        bail!(
            "{} has {count} hint{}: use --level 1 to {count}",
            exercise.id,
            if count == 1 { "" } else { "s" }
        );
    }
    outln!(
        "{} {}",
        format!("Hint {k} of {count}:").bold(),
        exercise.hints[k - 1]
    );
    if k < count {
        outln!(
            "{}",
            format!(
                "(coro-lings hint {} --level {} for the next)",
                exercise.name,
                k + 1
            )
            .dimmed()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `solution NAME [--force]`.
pub fn solution(root: &Path, name: &str, force: bool) -> Result<ExitCode> {
    let session = open(root)?;
    let exercise = resolve(&session.course, name)?;
    if !force && !session.progress.done.contains(&exercise.id) {
        eprintln!(
            "{} has not passed yet, so its solution stays hidden: finish it first \
             (coro-lings run {}), or pass --force to look anyway",
            exercise.id, exercise.name
        );
        return Ok(ExitCode::from(1));
    }
    let path = root.join(&exercise.solution);
    let text =
        fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    outln!("{}", format!("// {}", exercise.solution.display()).dimmed());
    out!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// `list`: every exercise, its status and summary, and progress per rank.
pub fn list(root: &Path) -> Result<ExitCode> {
    let session = open(root)?;
    let (course, progress) = (&session.course, &session.progress);
    let current = progress.current(course).map(|e| e.id.as_str());
    let width = id_width(course);
    for rank in &course.ranks {
        let ids: Vec<&str> = course
            .exercises
            .iter()
            .filter(|e| e.rank == rank.number)
            .map(|e| e.id.as_str())
            .collect();
        let done = progress.count_done(ids.iter().copied());
        outln!(
            "\n{}  {}",
            format!("Rank {} {}", rank.number, rank.title).bold(),
            bar(done, ids.len(), 20)
        );
        for e in course.exercises.iter().filter(|e| e.rank == rank.number) {
            let status = if progress.done.contains(&e.id) {
                "done   ".green()
            } else {
                "pending".yellow()
            };
            let marker = if Some(e.id.as_str()) == current {
                "→"
            } else {
                " "
            };
            outln!("{marker} {status}  {:<width$}  {}", e.id, e.summary);
        }
    }
    let all: Vec<&str> = course.exercises.iter().map(|e| e.id.as_str()).collect();
    outln!(
        "\n{}  {}",
        "Overall".bold(),
        bar(progress.count_done(all.iter().copied()), all.len(), 40)
    );
    Ok(ExitCode::SUCCESS)
}

/// A text progress bar: `[#####-----] 5/10`.
pub fn bar(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width).checked_div(total).unwrap_or(0);
    format!(
        "[{}{}] {done}/{total}",
        "#".repeat(filled).green(),
        "-".repeat(width - filled)
    )
}

/// `reset NAME`: the shipped exercise back, the learner's version kept as a backup.
pub fn reset(root: &Path, name: &str) -> Result<ExitCode> {
    colored::control::set_override(color_wanted());
    // A deleted exercise file is what reset is for, so it must not stop the course loading.
    let (course, warnings) = Course::load_for_learner(root, true)?;
    warn_about(&warnings);
    let exercise = resolve(&course, name)?;
    match reset_exercise(root, exercise)? {
        None => outln!(
            "{} is already as shipped: nothing to reset.",
            exercise.path.display()
        ),
        Some(backup) if root.join(&backup).is_dir() => outln!(
            "Reset {}: a folder stood in its place, and is now {}.",
            exercise.path.display(),
            backup.display()
        ),
        Some(backup) if root.join(&backup).is_file() => outln!(
            "Reset {}. Your version is saved as {}.",
            exercise.path.display(),
            backup.display()
        ),
        Some(_) => outln!(
            "Restored {}: it was missing, so there was nothing to back up.",
            exercise.path.display()
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// Restores `exercise` as shipped. Returns the backup's path, or `None` if the file was
/// already as shipped.
pub fn reset_exercise(root: &Path, exercise: &Exercise) -> Result<Option<PathBuf>> {
    let shipped = crate::shipped::exercise(&exercise.path).ok_or_else(|| {
        anyhow!(
            "no shipped copy of {} is built into this coro-lings (the exercise is newer than the \
             binary): rebuild it with `touch build.rs && cargo build --release`",
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
                "cannot move the folder {} to {}: move or remove it yourself, then run                  `coro-lings reset {}` again",
                exercise.path.display(),
                backup.display(),
                exercise.id
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

/// `notes [RANK]`.
pub fn notes(root: &Path, rank: Option<u32>) -> Result<ExitCode> {
    let session = open(root)?;
    let course = &session.course;
    let number = rank
        .or_else(|| session.progress.current(course).map(|e| e.rank))
        .unwrap_or(1);
    let rank = course.rank(number).ok_or_else(|| {
        let known: Vec<String> = course.ranks.iter().map(|r| r.number.to_string()).collect();
        anyhow!(
            "there is no rank {number}: the ranks are {}",
            known.join(", ")
        )
    })?;
    let path = root.join(&rank.notes);
    let text =
        fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    if color_wanted() {
        out!("{}", crate::notes::render(&text));
    } else {
        out!("{text}");
    }
    Ok(ExitCode::SUCCESS)
}
