//! The one-shot commands: verify, run, hint, solution, list, reset, notes.

#![allow(
    clippy::print_stderr,
    reason = "a command's warnings and errors go to standard error"
)]

use std::collections::BTreeSet;
use std::fs;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::{Context, Result, anyhow, bail};
use colored::Colorize;

use crate::course::{Course, Exercise};
use crate::draw::{self, bar};
use crate::invocation;
use crate::output::{WriteError, out, outln};
use crate::progress;
use crate::report::{self, Format};
use crate::runner::{Cache, Cancel, Outcome, Runner, Status, Which, color_wanted};
use crate::session::{check_all, open, reset_exercise, resolve, warn_about};

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
    let runner = Runner::new(course, false)?.with_sandbox(sandbox);
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
    let runner = Runner::new(course, color_wanted())?.with_sandbox(sandbox);
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
            "{} {} passes. The reference solution is {} (`{}`).",
            "✓".green().bold(),
            exercise.id.bold(),
            exercise.solution.display(),
            invocation::command(&format!("solution {}", exercise.name))
        );
        Ok(ExitCode::SUCCESS)
    } else {
        outln!(
            "{} {} {}. Fix {} and run again; `{}` helps.",
            "✗".red().bold(),
            exercise.id.bold(),
            outcome.status.label(),
            exercise.path.display(),
            invocation::command(&format!("hint {}", exercise.name))
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
        for k in 1..=count {
            outln!("{}\n", draw::hint(exercise, k));
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
    outln!("{}", draw::hint(exercise, k));
    if k < count {
        outln!(
            "{}",
            format!(
                "(`{}` for the next)",
                invocation::command(&format!("hint {} --level {}", exercise.name, k + 1))
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
             (`{}`), or pass --force to look anyway",
            exercise.id,
            invocation::command(&format!("run {}", exercise.name))
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
    let rendered = crate::notes::render(&text);
    if std::io::stdout().is_terminal() && page(&rendered).is_ok() {
        return Ok(ExitCode::SUCCESS);
    }
    out!("{rendered}");
    Ok(ExitCode::SUCCESS)
}

/// Shows `text` through the learner's pager (`$PAGER`, or `less -R`, which keeps the colours
/// and quits at once on text that fits the screen). An error means no pager could run: the
/// caller prints the text instead.
fn page(text: &str) -> Result<()> {
    let pager = std::env::var("PAGER")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less -FRX".to_string());
    let mut child = std::process::Command::new("sh")
        .args(["-c", &pager])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start the pager `{pager}`"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // The learner may quit the pager before reading everything: not an error.
        let _ = stdin.write_all(text.as_bytes());
    }
    let status = child.wait()?;
    // `sh` answers 127 when the pager is not installed.
    if status.code() == Some(127) {
        bail!("the pager `{pager}` is not installed");
    }
    Ok(())
}

/// `examples`: the runnable examples by rank, one line each.
pub fn examples(root: &Path) -> Result<ExitCode> {
    let session = open(root)?;
    let examples = crate::examples::find(root)?;
    let width = examples.iter().map(|e| e.name.len()).max().unwrap_or(0);
    for rank in &session.course.ranks {
        outln!("{}", format!("Rank {} {}", rank.number, rank.title).bold());
        for e in examples.iter().filter(|e| e.rank == rank.number) {
            outln!("  {:<width$}  {}", e.name, e.summary);
        }
    }
    outln!(
        "\n`{}` builds one against the prebuilt core and runs it; change its file under {} and \
         run it again.",
        invocation::command("example NAME"),
        crate::examples::DIR
    );
    Ok(ExitCode::SUCCESS)
}

/// `example NAME`: builds the example against the prebuilt core (one `rustc` call) and runs
/// it; exit code 1 when it does not build or fails.
pub fn example(root: &Path, name: &str) -> Result<ExitCode> {
    let session = open(root)?;
    let examples = crate::examples::find(root)?;
    let Some(example) = examples.iter().find(|e| e.name == name) else {
        let names: Vec<&str> = examples.iter().map(|e| e.name.as_str()).collect();
        let hint = match names.iter().find(|n| n.ends_with(&format!("_{name}"))) {
            Some(full) => format!("did you mean {full}?"),
            None => format!("`{}` lists them", invocation::command("examples")),
        };
        bail!("there is no example {name}: {hint}");
    };
    let runner = Runner::new(&session.course, color_wanted())?;
    let outcome = runner.run_example(&example.name, &example.path, &Cancel::new())?;
    out!("{}", outcome.output);
    if outcome.status == Status::Passed {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "{} the example {} {}",
        "✗".red().bold(),
        example.path.display(),
        outcome.status.label()
    );
    Ok(ExitCode::from(1))
}
