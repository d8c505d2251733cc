//! `dev check`: proves the course sound before anyone learns from it.

#![allow(
    clippy::print_stderr,
    reason = "dev check reports its progress and problems on standard error"
)]

use std::fs;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::Result;
use colored::Colorize;

use crate::course::{Course, Exercise, FailsAs, Mode};
use crate::output::outln;
use crate::runner::{Outcome, Runner, Status, Which, color_wanted};

/// Runs every check and prints what is wrong; exit 2 if anything is.
pub fn run(root: &Path) -> Result<ExitCode> {
    let start = Instant::now();
    let Some(course) = open_for_author(root) else {
        return Ok(ExitCode::from(2));
    };
    note_stale_shipped_copies(root, &course);
    let mut problems = read_problems(root, &course);
    if crate::editor::refresh(&course)? {
        eprintln!("{} updated {}", "note:".cyan(), crate::editor::MANIFEST);
    }
    problems.extend(run_problems(&course)?);
    report(&course, &problems, start.elapsed().as_secs_f64())
}

/// The course, for the author commands (`dev check`, `dev mutants`), with colours chosen for
/// their reports; `None` when it does not load, after printing its problems as they are (a
/// course author reads the list, not an `error:` line).
pub fn open_for_author(root: &Path) -> Option<Course> {
    colored::control::set_override(color_wanted());
    Course::load(root).map_err(|e| eprint!("{e}")).ok()
}

/// An exercise that differs from the copy built into the binary is no problem of the course, but
/// `reset` would restore the old copy until the binary is rebuilt: say so.
fn note_stale_shipped_copies(root: &Path, course: &Course) {
    for e in &course.exercises {
        match crate::shipped::exercise(&e.path) {
            Some(text) if fs::read(root.join(&e.path)).is_ok_and(|b| b != text.as_bytes()) => {
                eprintln!(
                    "{} {} differs from the copy built into coro-lings, which `reset` restores \
                     (rebuild after `touch check/build.rs` to refresh it)",
                    "note:".cyan(),
                    e.path.display()
                );
            }
            _ => {}
        }
    }
}

/// What reading the files finds, without compiling anything: tests that differ between an
/// exercise and its solution, answers given away in comments, notes references.
fn read_problems(root: &Path, course: &Course) -> Vec<String> {
    let mut problems: Vec<String> = course
        .exercises
        .iter()
        .filter_map(|e| tests_differ(root, e))
        .collect();
    problems.extend(crate::giveaway::check(course));
    problems.extend(crate::noterefs::check(course));
    problems
}

/// What checking every exercise and every solution finds: each must end as recorded, and a
/// shipped exercise must not drown its error in warnings.
fn run_problems(course: &Course) -> Result<Vec<String>> {
    let runner = Runner::new(course, false)?;
    let jobs: Vec<(&Exercise, Which)> = course
        .exercises
        .iter()
        .flat_map(|e| [(e, Which::Exercise), (e, Which::Solution)])
        .collect();
    let finished = AtomicUsize::new(0);
    let total = jobs.len();
    let results = runner.check_many(&jobs, &|_, _| {
        let n = finished.fetch_add(1, Ordering::SeqCst) + 1;
        if n.is_multiple_of(10) || n == total {
            eprintln!("  checked {n}/{total}");
        }
    });
    let mut problems = Vec::new();
    for ((e, which), result) in jobs.iter().zip(&results) {
        match result {
            Err(err) => problems.push(format!(
                "{}: cannot be checked: {err:#}",
                path_of(e, *which)
            )),
            Ok(o) => {
                problems.extend(judge(e, *which, o));
                if *which == Which::Exercise {
                    problems.extend(crate::warnings::check(&path_of(e, *which), o));
                }
            }
        }
    }
    Ok(problems)
}

/// The verdict: one line when all is well, else every problem; exit 2 if there is any.
fn report(course: &Course, problems: &[String], secs: f64) -> Result<ExitCode> {
    if problems.is_empty() {
        outln!(
            "{} {} exercises fail as recorded and their {} solutions pass ({secs:.1} s)",
            "dev check:".green().bold(),
            course.exercises.len(),
            course.exercises.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        outln!(
            "{} {} problem(s):",
            "dev check:".red().bold(),
            problems.len()
        );
        for p in problems {
            outln!("  {p}");
        }
        Ok(ExitCode::from(2))
    }
}

fn path_of(e: &Exercise, which: Which) -> String {
    match which {
        Which::Exercise => e.path.display().to_string(),
        Which::Solution => e.solution.display().to_string(),
    }
}

/// What is wrong with one outcome, if anything.
fn judge(e: &Exercise, which: Which, o: &Outcome) -> Option<String> {
    let path = path_of(e, which);
    let first = o.first_error_line().unwrap_or_default();
    match (which, o.status) {
        (_, Status::TimedOut) => Some(format!(
            "{path}: timed out after {} s: a shipped exercise or solution must never hang",
            e.timeout_secs
        )),
        (Which::Solution, Status::Passed) => None,
        (Which::Solution, s) if e.mode != Mode::Test && s == Status::Failed => Some(format!(
            "{path}: the solution must pass, but its main {}: {first}",
            if o.output.contains("panicked at") {
                "panics"
            } else {
                "does not end successfully"
            }
        )),
        (Which::Solution, s) => Some(format!(
            "{path}: the solution must pass, but: {} ({first})",
            s.label()
        )),
        (Which::Exercise, Status::Passed) if e.fails_as == FailsAs::None => None,
        (Which::Exercise, Status::Passed) => Some(format!(
            "{path}: passes as shipped; an exercise must fail until the learner fixes it \
             (or, for an introduction, say fails_as_shipped = \"none\")"
        )),
        (Which::Exercise, Status::CompileError) if e.fails_as == FailsAs::Compile => None,
        (Which::Exercise, Status::Failed) if e.fails_as == FailsAs::Test => None,
        (Which::Exercise, s) => Some(format!(
            "{path}: info.toml records fails_as_shipped = \"{}\", but it {}: {first}",
            e.fails_as,
            match (s, e.mode) {
                (Status::CompileError, _) => "does not compile".to_string(),
                (Status::TestsChanged, _) =>
                    "has tests that differ from its solution's".to_string(),
                (_, Mode::Test) => "compiles and fails its tests".to_string(),
                (_, _) => format!(
                    "compiles, and its main {}",
                    if o.output.contains("panicked at") {
                        "panics"
                    } else {
                        "does not end successfully"
                    }
                ),
            }
        )),
    }
}

/// The `#[cfg(test)]` module of an exercise and its solution must be the same text, so that the
/// solution proves the tests the learner sees.
fn tests_differ(root: &Path, e: &Exercise) -> Option<String> {
    if e.mode != Mode::Test {
        // A run or compile exercise needs no tests; if it has some, they are the learner's.
        return None;
    }
    let read = |p: &Path| fs::read_to_string(root.join(p)).ok();
    let (Some(ex), Some(sol)) = (read(&e.path), read(&e.solution)) else {
        return Some(format!("{}: exercise or solution is not UTF-8 text", e.id));
    };
    let tests = |text: &str| crate::verdict::test_module(text).map(str::to_string);
    match (tests(&ex), tests(&sol)) {
        (None, _) => Some(format!("{}: has no #[cfg(test)] module", e.path.display())),
        (_, None) => Some(format!(
            "{}: has no #[cfg(test)] module",
            e.solution.display()
        )),
        (Some(a), Some(b)) if a != b => {
            let line = a
                .lines()
                .zip(b.lines())
                .position(|(x, y)| x != y)
                .map_or(String::new(), |i| {
                    format!(" (from line {} of the test module)", i + 1)
                });
            Some(format!(
                "{} and {}: the test modules differ{line}; copy the tests so that both carry the same",
                e.path.display(),
                e.solution.display()
            ))
        }
        _ => None,
    }
}
