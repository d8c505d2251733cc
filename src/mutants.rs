//! `dev mutants`: how many wrong versions of the solutions the tests reject. Each mutant (see
//! [`crate::mutate`]) is one `rustc` call against the prebuilt core and one test run, on a pool of
//! one worker per core; outcomes bypass the cache, so no mutant ever answers for a real file.

#![allow(
    clippy::print_stderr,
    reason = "dev mutants reports its progress and problems on standard error"
)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use colored::Colorize;

use crate::course::{Course, Exercise, Mode};
use crate::mutate::{self, Mutant};
use crate::output::outln;
use crate::runner::{Cancel, Runner, Status, Which};

/// What to measure and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Exercise ids or unique names; none means every exercise (of `rank`, if given).
    pub names: Vec<String>,
    pub rank: Option<u32>,
    /// How long one mutant's tests may run; never longer than the exercise's own timeout.
    pub timeout_secs: u64,
    /// Exit 1 when the overall score is below this percentage.
    pub min_score: Option<f64>,
    /// Parallel workers; the number of cores when not given.
    pub jobs: Option<usize>,
}

/// What happened to one mutant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// It did not compile: not a test's business, left out of the score.
    Unviable,
    /// A test failed.
    Caught,
    /// It ran past the timeout: caught too (a loop that never yields back), and worth counting
    /// apart because each one costs a whole timeout.
    TimedOut,
    /// Every test passed: the tests cannot tell it from the solution.
    Survived,
}

/// Counts for one exercise, one rank or the whole course.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    exercises: usize,
    mutants: usize,
    unviable: usize,
    caught: usize,
    /// Of `caught`, those that timed out.
    timed_out: usize,
    survived: usize,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.exercises += other.exercises;
        self.mutants += other.mutants;
        self.unviable += other.unviable;
        self.caught += other.caught;
        self.timed_out += other.timed_out;
        self.survived += other.survived;
    }

    /// Caught among the viable mutants, in percent.
    fn score(&self) -> Option<f64> {
        let viable = self.caught + self.survived;
        (viable > 0).then(|| 100.0 * self.caught as f64 / viable as f64)
    }

    fn line(&self) -> String {
        let timed_out = if self.timed_out > 0 {
            format!(" ({} by timeout)", self.timed_out)
        } else {
            String::new()
        };
        format!(
            "{} mutants: {} unviable, {} caught{timed_out}, {} survived: {}",
            self.mutants,
            self.unviable,
            self.caught,
            self.survived,
            self.score()
                .map_or("no viable mutant".to_string(), |s| format!("{s:.1}%"))
        )
    }
}

/// One solution and its mutants.
struct Subject {
    /// The exercise, with the mutants' shorter timeout.
    exercise: Exercise,
    source: String,
    mutants: Vec<Mutant>,
}

/// Runs the measurement and prints the report; see [`Options`].
pub fn run(root: &Path, opts: &Options) -> Result<ExitCode> {
    let start = Instant::now();
    let Some(course) = crate::devcheck::open_for_author(root) else {
        return Ok(ExitCode::from(2));
    };
    let chosen = choose(&course, opts)?;
    let runner = Runner::new(&course, false)?;

    // A solution that fails already would make every mutant look caught.
    let baseline: Vec<(&Exercise, Which)> = chosen.iter().map(|e| (*e, Which::Solution)).collect();
    let base = runner.check_many(&baseline, &|_, _| {});
    let mut subjects = Vec::new();
    let mut broken = Vec::new();
    for (e, result) in chosen.iter().zip(base) {
        if e.mode == Mode::Compile {
            // Every mutant that compiles would "survive": there is nothing to measure.
            broken.push(format!(
                "{}: mode \"compile\" has no tests to measure: skipped",
                e.id
            ));
            continue;
        }
        match result {
            Ok(o) if o.status == Status::Passed => {
                let source = fs::read_to_string(root.join(&e.solution))
                    .with_context(|| format!("cannot read {}", e.solution.display()))?;
                let mut exercise = (*e).clone();
                exercise.timeout_secs = exercise.timeout_secs.min(opts.timeout_secs.max(1));
                subjects.push(Subject {
                    exercise,
                    mutants: mutate::mutants(&source),
                    source,
                });
            }
            Ok(o) => broken.push(format!(
                "{}: the solution does not pass ({}), so its mutants say nothing: skipped",
                e.solution.display(),
                o.status.label()
            )),
            Err(err) => broken.push(format!(
                "{}: cannot be checked: {err:#}",
                e.solution.display()
            )),
        }
    }

    let jobs: Vec<(usize, usize)> = subjects
        .iter()
        .enumerate()
        .flat_map(|(s, subject)| (0..subject.mutants.len()).map(move |m| (s, m)))
        .collect();
    let workers = opts
        .jobs
        .unwrap_or_else(|| thread::available_parallelism().map_or(2, |n| n.get()))
        .clamp(1, jobs.len().max(1));
    eprintln!(
        "dev mutants: {} mutants of {} solutions, {workers} workers",
        jobs.len(),
        subjects.len()
    );
    let verdicts = run_all(&runner, &subjects, &jobs, workers)?;

    let mut by_rank: BTreeMap<u32, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    let width = subjects
        .iter()
        .map(|s| s.exercise.id.len())
        .max()
        .unwrap_or(0);
    for (s, subject) in subjects.iter().enumerate() {
        let mut tally = Tally {
            exercises: 1,
            mutants: subject.mutants.len(),
            ..Tally::default()
        };
        let mut survivors = Vec::new();
        for (m, mutant) in subject.mutants.iter().enumerate() {
            match verdicts[&(s, m)] {
                Verdict::Unviable => tally.unviable += 1,
                Verdict::Caught => tally.caught += 1,
                Verdict::TimedOut => {
                    tally.caught += 1;
                    tally.timed_out += 1;
                }
                Verdict::Survived => {
                    tally.survived += 1;
                    survivors.push(format!(
                        "    survived {}:{}: {}",
                        subject.exercise.solution.display(),
                        mutant.line,
                        mutant.describe(&subject.source)
                    ));
                }
            }
        }
        let label = format!("{:width$}", subject.exercise.id);
        let label = if tally.survived == 0 {
            label.green()
        } else {
            label.yellow()
        };
        outln!("{label}  {}", tally.line());
        for line in survivors {
            outln!("{line}");
        }
        by_rank
            .entry(subject.exercise.rank)
            .or_default()
            .add(&tally);
        total.add(&tally);
    }
    outln!();
    for (rank, tally) in &by_rank {
        outln!(
            "rank {rank}: {} exercises, {}",
            tally.exercises,
            tally.line()
        );
    }
    outln!(
        "{} {} exercises, {}",
        "overall:".bold(),
        total.exercises,
        total.line()
    );
    for b in &broken {
        outln!("{} {b}", "warning:".yellow().bold());
    }
    let secs = start.elapsed().as_secs_f64();
    outln!(
        "{} mutants in {secs:.1} s with {workers} workers ({:.2} s per mutant and worker)",
        total.mutants,
        secs * workers as f64 / total.mutants.max(1) as f64
    );
    match (opts.min_score, total.score()) {
        (Some(min), Some(score)) if score < min => {
            outln!(
                "{} the overall score {score:.1}% is below --min-score {min}",
                "dev mutants:".red().bold()
            );
            Ok(ExitCode::from(1))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// The exercises NAME... or --rank select, in course order.
fn choose<'c>(course: &'c Course, opts: &Options) -> Result<Vec<&'c Exercise>> {
    if let Some(rank) = opts.rank
        && course.rank(rank).is_none()
    {
        bail!("the course has no rank {rank}");
    }
    let named: Vec<&Exercise> = opts
        .names
        .iter()
        .map(|n| crate::session::resolve(course, n))
        .collect::<Result<_>>()?;
    Ok(course
        .exercises
        .iter()
        .filter(|e| opts.rank.is_none_or(|r| e.rank == r))
        .filter(|e| named.is_empty() || named.iter().any(|n| n.id == e.id))
        .collect())
}

/// Checks every job on `workers` threads; the mutants' files live in a temporary folder that
/// goes away with it.
fn run_all(
    runner: &Runner,
    subjects: &[Subject],
    jobs: &[(usize, usize)],
    workers: usize,
) -> Result<BTreeMap<(usize, usize), Verdict>> {
    let dir = crate::fsutil::TempDir::new_in(&std::env::temp_dir(), "coro-lings-mutants-")
        .context("cannot create a folder for the mutants")?;
    let done = AtomicUsize::new(0);
    let failure: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let started = Instant::now();
    let last_report = Mutex::new(Instant::now());
    let verdicts = crate::runner::in_parallel(jobs.len(), workers, &|i, cancel| {
        let (s, m) = jobs[i];
        // After one mutant could not be checked, the rest are not tried.
        if failure.lock().expect("no panics hold it").is_some() {
            return None;
        }
        let subject = &subjects[s];
        let folder = dir.path().join(format!("m{i}"));
        let verdict = match check_one(runner, subject, m, &folder, cancel) {
            Ok(v) => v,
            Err(e) => {
                *failure.lock().expect("no panics hold it") = Some(e);
                return None;
            }
        };
        let n = done.fetch_add(1, Ordering::SeqCst) + 1;
        let mut last = last_report.lock().expect("no panics hold it");
        if n == jobs.len() || last.elapsed() >= Duration::from_secs(5) {
            *last = Instant::now();
            eprintln!(
                "  {n}/{} mutants ({:.0} s), now {}",
                jobs.len(),
                started.elapsed().as_secs_f64(),
                subject.exercise.id
            );
        }
        Some(verdict)
    });
    if let Some(e) = failure.into_inner().expect("no panics hold it") {
        return Err(e);
    }
    Ok(jobs
        .iter()
        .zip(verdicts)
        .filter_map(|(&job, v)| Some((job, v?)))
        .collect())
}

/// Writes mutant `m` of `subject` to a file of its own and checks it.
fn check_one(
    runner: &Runner,
    subject: &Subject,
    m: usize,
    folder: &Path,
    cancel: &Cancel,
) -> Result<Verdict> {
    fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
    // The file keeps the solution's name so that compiler messages read naturally.
    let file: PathBuf = folder.join(subject.exercise.solution.file_name().unwrap_or_default());
    fs::write(&file, subject.mutants[m].apply(&subject.source))
        .with_context(|| format!("cannot write {}", file.display()))?;
    let outcome = runner.check_uncached(&subject.exercise, &file, cancel)?;
    let _ = fs::remove_dir_all(folder);
    Ok(match outcome.status {
        Status::CompileError => Verdict::Unviable,
        Status::Passed => Verdict::Survived,
        Status::Failed | Status::TestsChanged => Verdict::Caught,
        Status::TimedOut => Verdict::TimedOut,
        Status::Cancelled => bail!("the check of a mutant was cancelled"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_score_counts_only_viable_mutants() {
        let t = Tally {
            exercises: 1,
            mutants: 10,
            unviable: 2,
            caught: 6,
            timed_out: 1,
            survived: 2,
        };
        assert_eq!(t.score(), Some(75.0));
        assert_eq!(
            t.line(),
            "10 mutants: 2 unviable, 6 caught (1 by timeout), 2 survived: 75.0%"
        );
        assert_eq!(Tally::default().score(), None);
    }
}
