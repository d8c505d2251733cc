//! Builds and runs exercises: the core once per core source, compiler and flags; each
//! exercise as one `rustc` call against that build (two for a test exercise whose tests cannot
//! prove that it compiles as the program it is: see [`crate::program_check`]); outcomes cached
//! by everything that decides them; every child in its own process group, killed on timeout,
//! cancellation or exit.

use std::collections::VecDeque;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher13};

use crate::course::{Course, EDITION, Exercise, Mode};
use crate::fsutil::{TempDir, write_atomic};
use crate::procs;
use crate::program_check;
use crate::stamp::{self, Stamp};
use crate::toolchain;
use crate::trace::{self, TestTrace};
use crate::verdict;
use crate::{childenv, limits, pidcap, sandbox, shim};

/// Output past this many bytes is cut in the middle: the first and the last half are kept, since
/// the panic that explains a failure is often at the end.
pub const OUTPUT_LIMIT: usize = 1 << 20;
/// How long a compile may take before it is treated as stuck.
const COMPILE_TIMEOUT: Duration = Duration::from_secs(300);
/// How long an example may run: they all end in well under a second.
const EXAMPLE_TIMEOUT_SECS: u64 = 10;
/// How long a question to the compiler (`rustc -vV`) may take: a toolchain proxy that installs
/// or hangs must not hang us.
const VERSION_TIMEOUT: Duration = Duration::from_secs(60);
/// After a check's process ends and its group is killed, how long to wait for the rest of its
/// output before giving up on whatever still holds the pipe.
const DRAIN_GRACE: Duration = Duration::from_secs(1);
/// Bump to invalidate every cached outcome when the way outcomes are made changes.
const CACHE_VERSION: &str = "coro-lings outcome v4";
/// Flags every exercise is compiled with: no debug info, none linked in from the test
/// harness's libraries either (`strip`: the link is a quarter of a check, and their debug info
/// most of what it writes), and two codegen units keep a one-file compile as short as it can
/// be (two take 10% less time than one on two cores for the same CPU time; more cost CPU
/// that `verify`'s parallel checks need); unsafe code is forbidden, which also rules out the
/// attributes (`no_mangle`, `link_section`) that could run code outside the tests. The unused-code lints
/// are off: a shipped exercise is a stub whose parameters, helpers and imports wait for the
/// learner's code, and their warnings pushed the real failure off the screen.
/// `unused_must_use` stays on: an un-awaited `co.yield_(v)` is rank 1's lesson.
const EXERCISE_FLAGS: &[&str] = &[
    "--edition",
    EDITION,
    "-C",
    "debuginfo=0",
    "-C",
    "strip=debuginfo",
    "-C",
    "codegen-units=2",
    "-F",
    "unsafe_code",
    "-A",
    "dead_code",
    "-A",
    "unused_imports",
    "-A",
    "unused_variables",
    "-A",
    "unused_mut",
];
/// The core is built with its turn recorder on, so that a failing test shows its coroutines'
/// turns; being a flag, it is part of the core's build key. Unoptimised, like the exercises:
/// the core is generic, so its code is compiled into each exercise, and opt-level 1 only made
/// the first check of a course wait twice as long (0.9 s against 0.4 s) for the recorder's
/// few non-generic functions.
const CORE_FLAGS: &[&str] = &[
    "--edition",
    EDITION,
    "-C",
    "debuginfo=0",
    "--cfg",
    "feature=\"trace\"",
];

/// Where the checker keeps its builds and cache: `$CARGO_TARGET_DIR/coro-lings` when that is
/// set (as cargo does), else `target/coro-lings` under the course root.
pub fn work_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir).join("coro-lings"),
        None => root.join("target").join("coro-lings"),
    }
}

/// Which of an exercise's two files to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Which {
    /// The learner's file under `exercises/`.
    Exercise,
    /// The reference solution under `solutions/`.
    Solution,
}

/// How a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// It compiled, and every shipped test (or `main`) ran and succeeded.
    Passed,
    /// It did not compile (or, with `clippy = true`, Clippy refused it).
    CompileError,
    /// It compiled, and a test or `main` failed, or the process ended before its tests did.
    Failed,
    /// It ran past its timeout and was killed.
    TimedOut,
    /// A newer request cancelled it.
    Cancelled,
    /// Its tests are not the shipped ones, so no verdict can be given.
    TestsChanged,
}

impl Status {
    /// A few words for tables and summaries: the serialized name, spaced (`compile error`).
    pub fn label(self) -> String {
        crate::course::variant_name(&self).replace('_', " ")
    }
}

/// The result of checking one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Outcome {
    pub status: Status,
    /// Compiler output, then the program's output (stdout and stderr interleaved).
    pub output: String,
    /// How long the check took when it was made (not when it was read from the cache).
    pub duration: Duration,
    /// Why this is not a pass, when the output alone does not say it (a signal, tests that did
    /// not all run, changed tests).
    #[serde(default)]
    pub reason: Option<String>,
    /// The SHA-256 of the file as it was checked: a result is recorded only for that content.
    #[serde(default)]
    pub source_hash: String,
    /// The turns of the coroutines of each failing test, when the check failed or timed out.
    #[serde(default)]
    pub trace: Vec<TestTrace>,
    #[serde(skip)]
    pub cached: bool,
}

impl Outcome {
    /// The first line of the output that says what went wrong, for one-line reports.
    pub fn first_error_line(&self) -> Option<String> {
        let plain = strip_ansi(&self.output);
        let pick = |pred: &dyn Fn(&str) -> bool| {
            plain
                .lines()
                .find(|l| pred(l.trim_start()))
                .map(|l| l.trim().to_string())
        };
        match self.status {
            Status::Passed | Status::Cancelled => None,
            Status::TestsChanged => self.reason.clone(),
            Status::CompileError => pick(&|l| l.starts_with("error")),
            Status::TimedOut => pick(&|l| l.starts_with("timed out")),
            Status::Failed => pick(&|l| l.contains("panicked at"))
                .or_else(|| pick(&|l| l.contains("has overflowed its stack")))
                .or_else(|| self.reason.clone())
                .or_else(|| pick(&|l| l.starts_with("error") || l.starts_with("test result")))
                .or_else(|| {
                    plain
                        .lines()
                        .rev()
                        .find(|l| !l.trim().is_empty())
                        .map(str::to_string)
                }),
        }
    }
}

/// Lets another thread stop a check in flight: the check kills its process group and reports
/// [`Status::Cancelled`].
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Whether compiler and test output should carry colors, as anstream (clap's own) reads the
/// conventions: a non-empty NO_COLOR says no, CLICOLOR_FORCE (not "0") says yes, then CLICOLOR=0
/// or a standard output that is not a color terminal (a pipe, TERM=dumb) says no.
pub fn color_wanted() -> bool {
    anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never
}

/// Whether a check may answer from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cache {
    /// Answer from the cache when nothing that decides the outcome changed.
    Use,
    /// Check afresh (the learner asked for it), and remember the new outcome.
    Refresh,
}

/// The inputs of a build besides the file itself, from the compiler's dep-info.
#[derive(Default, Serialize, Deserialize)]
struct Deps {
    /// Every other file the compiler read (`include!`, `#[path]` modules), with its hash.
    files: Vec<(PathBuf, String)>,
    /// Every environment variable the compiler read (`env!`), with its value then.
    env: Vec<(String, Option<String>)>,
}

/// A remembered outcome and the other inputs it depended on.
#[derive(Serialize, Deserialize)]
struct Entry {
    outcome: Outcome,
    deps: Deps,
}

/// What a build or run found, before it becomes an [`Outcome`].
struct Made {
    outcome: Outcome,
    /// False when the machine, not the code, may have decided it.
    cacheable: bool,
    deps: Deps,
}

/// Checks exercises of one course against one build of the core.
#[derive(Debug)]
pub struct Runner {
    root: PathBuf,
    work: PathBuf,
    core_dir: PathBuf,
    /// Hash of the core's sources, the compiler and all flags: part of every cache key.
    base_key: String,
    color: bool,
    /// The compiler to run (see [`toolchain::Toolchain::compiler`]).
    compiler: PathBuf,
    /// Where the toolchain's shared standard library is, when it ships one: test binaries are
    /// linked against it (see [`Runner::shared_std_dir`]).
    shared_std: Option<PathBuf>,
    counter: AtomicUsize,
    /// Serialises rebuilding a damaged core between worker threads.
    core_lock: Mutex<()>,
    /// Whether test processes run in the sandbox.
    sandbox: bool,
    /// What the sandbox's first check found in force, for [`Runner::sandbox_notice`].
    sandbox_seen: Mutex<Option<sandbox::Status>>,
    /// Marks the core's trace lines in a program's output (see [`crate::trace`]).
    trace_token: String,
}

impl Runner {
    /// Prepares a runner for `course`: finds the compiler and builds the core if this core
    /// source, compiler and flag set has not been built before.
    pub fn new(course: &Course, color: bool) -> Result<Runner> {
        let root = course.root.clone();
        let work = work_dir(&root);
        fs::create_dir_all(work.join("tmp"))
            .with_context(|| format!("cannot create {}", work.join("tmp").display()))?;

        let toolchain = toolchain::find(&root, &work, &ask_rustc)?;
        let sources = core_sources_hash(&root, &work)?;
        let mut hasher = KeyHasher::default();
        hasher.update(CACHE_VERSION);
        hasher.update(&sources);
        hasher.update(toolchain.version.as_bytes());
        hasher.update(CORE_FLAGS.join(" "));
        let core_key = hasher.hex();
        let core_dir = work.join(format!("core-{core_key}"));
        if !core_dir.join("libcoro.rlib").is_file() {
            build_core_telling(&toolchain.compiler, &root, &work, &core_dir)?;
        }
        let shared_std = toolchain.shared_std_dir().map(Path::to_path_buf);
        let mut base = KeyHasher::default();
        base.update(&core_key);
        base.update(EXERCISE_FLAGS.join(" "));
        base.update([u8::from(color)]);
        // The verdict and output of a dynamic build are those of a static one (a test says so),
        // but an outcome records how it was made.
        base.update([u8::from(shared_std.is_some())]);
        Ok(Runner {
            root,
            work,
            core_dir,
            base_key: base.hex(),
            color,
            shared_std,
            compiler: toolchain.compiler,
            counter: AtomicUsize::new(0),
            core_lock: Mutex::new(()),
            sandbox: course.sandbox,
            sandbox_seen: Mutex::new(None),
            trace_token: trace::token(),
        })
    }

    /// Runs test processes in the sandbox when `on` (`--sandbox`), as well as when the course
    /// makes it the default (`sandbox = true`, read by [`Runner::new`]).
    pub fn with_sandbox(mut self, on: bool) -> Runner {
        self.sandbox |= on;
        self
    }

    /// Once a sandboxed check has run: what the sandbox guarantees on this system, or that it
    /// is not in force. `None` without `--sandbox` or before any test ran.
    pub fn sandbox_notice(&self) -> Option<String> {
        let seen = *self.sandbox_seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.map(sandbox::guarantees)
    }

    /// The variables the runner sets for every program it runs: the checker's own, not the
    /// learner's environment (see [`childenv::RunnerVars`]). No library path: a test linked
    /// against the shared `libstd` names its folder itself (an rpath).
    fn runner_vars(&self, timeout: Duration) -> Vec<(&'static str, std::ffi::OsString)> {
        vec![
            ("RUST_BACKTRACE", "0".into()),
            (trace::TOKEN_VAR, self.trace_token.clone().into()),
            (
                trace::AFTER_VAR,
                trace::watchdog_after_ms(timeout.as_millis() as u64)
                    .to_string()
                    .into(),
            ),
        ]
    }

    /// Folders a sandboxed program may read besides the system's: the toolchain's library
    /// folder, from which a test linked against the shared `libstd` loads it.
    fn read_dirs(&self) -> Vec<PathBuf> {
        self.shared_std.iter().cloned().collect()
    }

    /// Checks one file of `exercise`, from the cache when nothing that decides the outcome
    /// has changed. Never prints.
    pub fn check(&self, exercise: &Exercise, which: Which, cancel: &Cancel) -> Result<Outcome> {
        self.check_with(exercise, which, cancel, Cache::Use)
    }

    /// Like [`Runner::check`], choosing whether the cache may answer.
    pub fn check_with(
        &self,
        exercise: &Exercise,
        which: Which,
        cancel: &Cancel,
        cache: Cache,
    ) -> Result<Outcome> {
        let rel = match which {
            Which::Exercise => &exercise.path,
            Which::Solution => &exercise.solution,
        };
        let path = self.root.join(rel);
        let source = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let source_hash = content_hash(&source);

        let shipped_tests = self.shipped_tests(exercise, which, &source)?;
        if let Some(shipped) = &shipped_tests
            && let Some(changed) = tests_changed(exercise, rel, &source, shipped)
        {
            return Ok(Outcome {
                source_hash,
                ..changed
            });
        }

        let key = {
            let mut h = KeyHasher::default();
            h.update(&self.base_key);
            // The path is part of the key: the output names it, so a learner's file that
            // equals the solution must not answer with the solution's messages.
            h.update(format!(
                "{:?} {} {} {} {} {:?} {}",
                exercise.mode,
                exercise.timeout_secs,
                exercise.id,
                rel.display(),
                exercise.clippy,
                exercise.limits,
                self.sandbox
            ));
            h.update(&source);
            h.update(shipped_tests.as_deref().unwrap_or(""));
            h.hex()
        };
        let cache_file = self.work.join("outcomes").join(format!("{key}.json"));
        if cache == Cache::Use
            && let Some(mut outcome) = self.cached(&cache_file)
        {
            outcome.cached = true;
            return Ok(outcome);
        }

        let expected = shipped_tests.as_deref().map(verdict::count_tests);
        let program_check = program_check_needed(exercise, &source);
        let made = self.build_and_run(exercise, rel, expected, program_check, cancel)?;
        let mut outcome = made.outcome;
        outcome.source_hash = source_hash;
        if made.cacheable
            && matches!(
                outcome.status,
                Status::Passed | Status::CompileError | Status::Failed
            )
        {
            // A timeout may be the machine's fault, and a cancel says nothing: only verdicts
            // the code decided are worth remembering.
            let entry = Entry {
                outcome: outcome.clone(),
                deps: made.deps,
            };
            // A cache that cannot be written costs speed, never a verdict.
            let _ = write_atomic(&cache_file, &serde_json::to_vec(&entry)?);
        }
        Ok(outcome)
    }

    /// The test module as shipped, for a test exercise: the solution's, which `dev check` keeps
    /// identical to the exercise's as shipped.
    fn shipped_tests(
        &self,
        exercise: &Exercise,
        which: Which,
        source: &[u8],
    ) -> Result<Option<String>> {
        if exercise.mode != Mode::Test {
            return Ok(None);
        }
        let text = match which {
            Which::Solution => String::from_utf8_lossy(source).into_owned(),
            Which::Exercise => {
                let path = self.root.join(&exercise.solution);
                fs::read_to_string(&path).with_context(|| {
                    format!(
                        "cannot read {}, whose tests are the shipped ones",
                        path.display()
                    )
                })?
            }
        };
        match verdict::test_module(&text) {
            Some(module) => Ok(Some(module.to_string())),
            None => bail!(
                "{} has no #[cfg(test)] module: a test exercise needs its tests there",
                exercise.solution.display()
            ),
        }
    }

    /// The remembered outcome at `file`, if every other input it depended on is unchanged.
    fn cached(&self, file: &Path) -> Option<Outcome> {
        let entry: Entry = serde_json::from_slice(&fs::read(file).ok()?).ok()?;
        let files_same = entry
            .deps
            .files
            .iter()
            .all(|(path, hash)| file_hash(&self.root.join(path)).is_some_and(|h| h == *hash));
        let env_same = entry
            .deps
            .env
            .iter()
            .all(|(name, value)| childenv::compiler_var(name) == *value);
        (files_same && env_same).then_some(entry.outcome)
    }

    /// Builds and runs `source`, a file outside the course (such as a mutant of a solution),
    /// as if it were `exercise`'s file, without reading or writing the outcome cache: a mutant's
    /// outcome must never answer for a file a learner could have.
    pub fn check_uncached(
        &self,
        exercise: &Exercise,
        source: &Path,
        cancel: &Cancel,
    ) -> Result<Outcome> {
        let text = fs::read(source).with_context(|| format!("cannot read {}", source.display()))?;
        let expected = (exercise.mode == Mode::Test)
            .then(|| {
                verdict::test_module(&String::from_utf8_lossy(&text)).map(verdict::count_tests)
            })
            .flatten();
        let mut outcome = self
            .build_and_run(
                exercise,
                source,
                expected,
                program_check_needed(exercise, &text),
                cancel,
            )?
            .outcome;
        outcome.source_hash = content_hash(&text);
        Ok(outcome)
    }

    /// Checks many files in parallel, one worker per core, calling `done` as each finishes
    /// (from worker threads, in completion order). Results come back in `jobs` order.
    pub fn check_many(
        &self,
        jobs: &[(&Exercise, Which)],
        done: &(dyn Fn(usize, &Result<Outcome>) + Sync),
    ) -> Vec<Result<Outcome>> {
        let workers = thread::available_parallelism()
            .map_or(2, |n| n.get())
            .min(jobs.len().max(1));
        in_parallel(jobs.len(), workers, &|i, cancel| {
            let (exercise, which) = jobs[i];
            let result = self.check(exercise, which, cancel);
            done(i, &result);
            result
        })
    }

    /// Builds the runnable example at `rel` against the prebuilt core (one `rustc` call, the
    /// path an exercise of mode `run` takes) and runs it. Never cached: whoever asks wants to
    /// see it run.
    pub fn run_example(&self, name: &str, rel: &Path, cancel: &Cancel) -> Result<Outcome> {
        let example = Exercise {
            id: format!("example_{name}"),
            rank: 0,
            name: name.to_string(),
            mode: Mode::Run,
            fails_as: crate::course::FailsAs::None,
            summary: String::new(),
            hints: vec![],
            timeout_secs: EXAMPLE_TIMEOUT_SECS,
            clippy: false,
            limits: Default::default(),
            path: rel.to_path_buf(),
            solution: rel.to_path_buf(),
        };
        Ok(self
            .build_and_run(&example, rel, None, false, cancel)?
            .outcome)
    }

    /// A `rustc` (or, with `clippy`, `clippy-driver`) command for `rel` against the core.
    fn compiler(&self, exercise: &Exercise, rel: &Path, clippy: bool) -> Command {
        let mut cmd = if clippy {
            let mut c = Command::new(clippy_path());
            // Clippy's lints are the lesson; outside `cfg(test)` the functions that only the
            // tests call look unused, which is no lesson at all.
            c.args(["-D", "warnings", "-A", "unused"]);
            c
        } else {
            Command::new(&self.compiler)
        };
        childenv::for_compiler(&mut cmd);
        cmd.args(EXERCISE_FLAGS)
            .arg("--crate-name")
            .arg(&exercise.id)
            .arg("--extern")
            .arg(format!(
                "coro={}",
                self.core_dir.join("libcoro.rlib").display()
            ))
            .arg("-L")
            .arg(format!("dependency={}", self.core_dir.display()))
            .arg("--color")
            .arg(if self.color { "always" } else { "never" })
            .arg(rel)
            .current_dir(&self.root);
        cmd
    }

    /// The folder of the toolchain's shared standard library that test binaries load when they
    /// run, if they are linked dynamically. The binaries name it themselves (their run path), so
    /// no variable in the test process's environment is needed; a sandbox around that process
    /// must let it read this folder.
    pub fn shared_std_dir(&self) -> Option<&Path> {
        self.shared_std.as_deref()
    }

    /// Links a test binary against the toolchain's shared standard library, when there is one:
    /// linking the static one is a third of a small exercise's build. Only test builds: a run
    /// exercise's `exit` wrap works only on a static std, and the verdict must not depend on
    /// how std was linked.
    fn link_shared_std(&self, cmd: &mut Command) {
        let Some(dir) = &self.shared_std else { return };
        // `-Xlinker` hands the folder to the linker whole, even with a comma in it.
        let mut dir_arg = std::ffi::OsString::from("link-arg=");
        dir_arg.push(dir);
        cmd.args(["-C", "prefer-dynamic"])
            .args(["-C", "link-arg=-Xlinker", "-C", "link-arg=-rpath"])
            .args(["-C", "link-arg=-Xlinker", "-C"])
            .arg(dir_arg);
    }

    /// Compiles `rel`: the build that is run (a test harness in test mode) and, beside it when
    /// `program_check`, a check of the file as the program it is, since `--test` alone compiles
    /// nothing under `#[cfg(not(test))]`. A core that fails to load is rebuilt once.
    fn compile(
        &self,
        exercise: &Exercise,
        rel: &Path,
        bin: &Path,
        program_check: bool,
        cancel: &Cancel,
    ) -> Result<(End, String)> {
        for attempt in 0.. {
            let mut main = self.compiler(
                exercise,
                rel,
                exercise.clippy && exercise.mode != Mode::Test,
            );
            let mut dep_file = bin.as_os_str().to_owned();
            dep_file.push(".d");
            let mut emit = std::ffi::OsString::from(match exercise.mode {
                Mode::Compile => "--emit=metadata=",
                _ => "--emit=link=",
            });
            emit.push(bin);
            emit.push(",dep-info=");
            emit.push(&dep_file);
            // Intermediate objects go to the out-dir, named after the crate: without a folder
            // of its own per build they land in the course root and collide.
            main.arg(emit)
                .arg("--out-dir")
                .arg(bin.parent().unwrap_or(bin));
            if exercise.mode == Mode::Test {
                main.arg("--test");
                self.link_shared_std(&mut main);
            }
            let wrap = self.core_dir.join(EXIT_WRAP);
            if exercise.mode == Mode::Run && wrap.is_file() {
                main.arg("-C")
                    .arg(format!("link-arg={}", wrap.display()))
                    .args(["-C", "link-arg=-Wl,--wrap=exit"]);
            }
            let program = program_check.then(|| {
                let mut c = self.compiler(exercise, rel, exercise.clippy);
                // A folder of its own, for the same reason as the check's own folder.
                let meta = bin.with_extension("program").join("program.rmeta");
                let _ = fs::create_dir_all(meta.parent().unwrap_or(bin));
                let mut emit = std::ffi::OsString::from("--emit=metadata=");
                emit.push(&meta);
                c.arg(emit)
                    .arg("--out-dir")
                    .arg(meta.parent().unwrap_or(bin));
                c
            });
            let (built, program) = thread::scope(|s| {
                let program =
                    program.map(|c| s.spawn(move || run_captured(c, COMPILE_TIMEOUT, cancel)));
                let built = run_captured(main, COMPILE_TIMEOUT, cancel);
                (built, program.map(|h| h.join()))
            });
            let built = built.with_context(|| {
                format!(
                    "cannot run the compiler on {}",
                    self.root.join(rel).display()
                )
            })?;
            let mut end = built.end;
            let mut output = built.output;
            let program = match program {
                Some(Ok(result)) => Some(result.context("cannot run the compiler")?),
                Some(Err(_)) => bail!("the thread compiling the program panicked"),
                None => None,
            };
            if let End::Exited(s) = &end
                && s.success()
                && let Some(program) = program
            {
                match program.end {
                    End::Exited(p) if p.success() => {}
                    End::Exited(p) => {
                        output = format!(
                            "{}\n{}",
                            if exercise.clippy {
                                "Clippy's lints refuse this file (the exercise is checked with \
                                 clippy = true):"
                            } else {
                                "The tests compile, but the file does not compile as the program \
                                 it is (outside the test module, or under #[cfg(not(test))]):"
                            },
                            program.output
                        );
                        end = End::Exited(p);
                    }
                    other => end = other,
                }
            }
            if matches!(&end, End::Exited(s) if !s.success())
                && let Some(fault) = machine_fault(&output)
            {
                if fault == Fault::Core && attempt == 0 {
                    self.rebuild_core()?;
                    continue;
                }
                bail!(
                    "could not check {}: the machine, not your code, stopped the compiler ({}). \
                     Free memory or disk space, or fix the folder's permissions, and check \
                     again.\n{}",
                    rel.display(),
                    fault_line(&output),
                    output.trim_end()
                );
            }
            return Ok((end, output));
        }
        unreachable!("the loop returns")
    }

    /// Replaces a core build that the compiler cannot load (a corrupt or truncated rlib).
    fn rebuild_core(&self) -> Result<()> {
        let _guard = self.core_lock.lock().unwrap_or_else(|e| e.into_inner());
        let stale = self.work.join(format!(
            "stale-{}-{}",
            std::process::id(),
            self.counter.fetch_add(1, Ordering::SeqCst)
        ));
        if fs::rename(&self.core_dir, &stale).is_ok() {
            let _ = fs::remove_dir_all(&stale);
        }
        if !self.core_dir.join("libcoro.rlib").is_file() {
            build_core(&self.compiler, &self.root, &self.work, &self.core_dir)?;
        }
        Ok(())
    }

    /// Compiles `rel` as `exercise`'s file (also as the program it is when `program_check`)
    /// and, when it compiled and has something to run, runs it and judges how it ended.
    fn build_and_run(
        &self,
        exercise: &Exercise,
        rel: &Path,
        expected_tests: Option<usize>,
        program_check: bool,
        cancel: &Cancel,
    ) -> Result<Made> {
        let start = Instant::now();
        let dir = self.build_dir(exercise)?;
        let bin = dir.path().join(&exercise.id);
        // The program's process is started now, to wait beside the compiler (see `Armed`),
        // from a thread of its own so that the compiler does not wait for it either.
        let (armed, compiled) = thread::scope(|s| {
            let armed = (exercise.mode != Mode::Compile)
                .then(|| s.spawn(|| self.arm(exercise, dir.path(), &bin)));
            let compiled = self.compile(exercise, rel, &bin, program_check, cancel);
            (armed.map(|h| h.join()), compiled)
        });
        let mut armed = match armed {
            None => None,
            Some(Ok(armed)) => Some(armed?),
            Some(Err(_)) => bail!("the thread starting the test process panicked"),
        };
        let (compiled, mut output) = compiled?;
        let deps = read_dep_info(&self.root, &bin, rel);
        let mut traces = Vec::new();
        let verdict = match compiled {
            End::Cancelled => Judged::of(Status::Cancelled),
            End::TimedOut => Judged {
                note: Some("timed out: the compiler did not finish\n".into()),
                ..Judged::of(Status::TimedOut)
            },
            End::Exited(s) if !s.success() => Judged::of(Status::CompileError),
            End::Exited(_) if exercise.mode == Mode::Compile => Judged::of(Status::Passed),
            End::Exited(_) => {
                let armed = armed
                    .take()
                    .context("the program's process was not started")?;
                let (mut ran, applied) = self.run_program(exercise, rel, armed, cancel)?;
                // The verdict reads only what the program printed itself.
                (ran.output, traces) = trace::extract(&ran.output, &self.trace_token);
                output.push_str(&ran.output);
                judge_run(&ran, expected_tests, exercise.timeout_secs, &applied)
            }
        };
        if let Some(note) = &verdict.note {
            output.push_str(note);
        }
        if matches!(verdict.status, Status::Failed | Status::TimedOut) && !traces.is_empty() {
            output.push_str(&trace::render(&traces, &self.root));
        } else {
            traces.clear();
        }
        Ok(Made {
            outcome: Outcome {
                status: verdict.status,
                output,
                duration: start.elapsed(),
                reason: verdict.reason,
                source_hash: String::new(),
                trace: traces,
                cached: false,
            },
            cacheable: verdict.cacheable,
            deps,
        })
    }

    /// A folder per check: rustc names its object files after the crate, so two checks of one
    /// exercise (its file and its solution) in one folder would overwrite each other's.
    fn build_dir(&self, exercise: &Exercise) -> Result<TempDir> {
        let tmp = self.work.join("tmp");
        TempDir::new_in(&tmp, &format!("{}-", exercise.id))
            .with_context(|| format!("cannot create a build folder under {}", tmp.display()))
    }

    /// Starts the exec shim for the program that `bin` will be, with its guard
    /// ([`Runner::guarded`]), to wait until the program is built.
    fn arm(&self, exercise: &Exercise, dir: &Path, bin: &Path) -> Result<Armed> {
        let (mut program, marker, cgroup) = self.guarded(exercise, dir, bin)?;
        if exercise.mode == Mode::Test {
            program
                .arg("--color")
                .arg(if self.color { "always" } else { "never" });
        }
        let started = Started::spawn(program, true)
            .context("cannot start coro-lings' own executable to run the test through")?;
        Ok(Armed {
            started: Some(started),
            marker,
            _cgroup: cgroup,
        })
    }

    /// Runs the program that `armed` waits to become, within the exercise's timeout (counted
    /// from now), and says which limits were in force. An error when the shim could not
    /// start the program: then there is no verdict at all.
    fn run_program(
        &self,
        exercise: &Exercise,
        rel: &Path,
        mut armed: Armed,
        cancel: &Cancel,
    ) -> Result<(Captured, limits::Applied)> {
        let timeout = Duration::from_secs(exercise.timeout_secs);
        let mut started = armed
            .started
            .take()
            .context("the program's process was already used")?;
        // A shim that failed before it waited has said why on its output and exited: the
        // word then finds no reader, and its output below tells the learner.
        let _ = started.go();
        let ran = started
            .finish(timeout, cancel)
            .with_context(|| format!("cannot run the program built from {}", rel.display()))?;
        let marker = fs::read_to_string(&armed.marker).ok();
        // Whatever is left in the check's cgroup is killed with it.
        drop(armed);
        if let Some(text) = &marker
            && let Some(status) = sandbox::Status::parse(text)
        {
            self.sandbox_seen
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert(status);
        }
        let exec_failed = matches!(ran.end, End::Exited(s) if s.code() == Some(127))
            && ran.output.contains(&format!("{} cannot run", shim::PREFIX));
        let Some(marker) = marker.filter(|_| !exec_failed) else {
            bail!(
                "could not start the program built from {}: {}",
                rel.display(),
                ran.output.trim_end()
            );
        };
        Ok((ran, limits::Applied::parse(&marker)))
    }
}

/// The exec shim of one check, started beside the compiler with the program's guard in place
/// (limits, cgroup, sandbox), waiting for the word to become the program once it is built.
/// Starting it early hides what the guard costs: starting coro-lings once more, and above all
/// joining a cgroup, which waits for an RCU grace period of the kernel (10 to 25 ms here).
/// Dropped unused (the build failed, the check was cancelled), it is stopped.
struct Armed {
    started: Option<Started>,
    /// Where the shim says what it set.
    marker: PathBuf,
    /// Removed, with whatever is left in it, after the process is stopped.
    _cgroup: Option<pidcap::PidsGroup>,
}

impl Drop for Armed {
    fn drop(&mut self) {
        if let Some(started) = self.started.take() {
            started.abandon();
        }
    }
}

/// A status, with what the output does not say by itself.
struct Judged {
    status: Status,
    /// Why this is not a pass, for [`Outcome::reason`].
    reason: Option<String>,
    /// What to add at the end of the output.
    note: Option<String>,
    /// False when the machine, not the code, may have decided it.
    cacheable: bool,
}

impl Judged {
    fn of(status: Status) -> Judged {
        Judged {
            status,
            reason: None,
            note: None,
            cacheable: true,
        }
    }
}

/// The verdict on a program that ran: a pass needs a normal exit, `main` returning (not
/// `std::process::exit`), and, for tests, every shipped test run and passed.
fn judge_run(
    ran: &Captured,
    expected_tests: Option<usize>,
    timeout_secs: u64,
    applied: &limits::Applied,
) -> Judged {
    let not_a_pass = |status: Status, why: &str, reason: String| Judged {
        status,
        note: Some(format!("\nnot a pass: {why}\n")),
        reason: Some(reason),
        cacheable: true,
    };
    match ran.end {
        End::Cancelled => Judged::of(Status::Cancelled),
        End::TimedOut => Judged {
            note: Some(format!(
                "\ntimed out: killed after {timeout_secs} s. Something never finished: a loop \
                 that never yields back, or a coroutine driven forever.\n"
            )),
            ..Judged::of(Status::TimedOut)
        },
        End::Exited(_) if ran.output.contains(EXIT_NOTE) => {
            let why = "main did not return: the program ended itself with std::process::exit, \
                       so what main does after that point never ran";
            not_a_pass(Status::Failed, why, why.into())
        }
        End::Exited(s) if s.success() => {
            let doubt =
                expected_tests.and_then(|n| verdict::harness_doubt(&strip_ansi(&ran.output), n));
            match doubt {
                None => Judged::of(Status::Passed),
                // The reason says "not a pass" here too, as it always has for these.
                Some(doubt) => not_a_pass(
                    if doubt.ended_early {
                        Status::Failed
                    } else {
                        Status::TestsChanged
                    },
                    &doubt.message,
                    format!("not a pass: {}", doubt.message),
                ),
            }
        }
        End::Exited(s) if let Some(hit) = limits::hit(s, &strip_ansi(&ran.output), applied) => {
            Judged {
                note: Some(format!("\nnot a pass: {hit}\n")),
                reason: Some(hit.message),
                cacheable: hit.cacheable,
                status: Status::Failed,
            }
        }
        End::Exited(s) => match verdict::signal_message(s) {
            Some(message) => Judged {
                note: Some(format!("\n{message}\n")),
                reason: Some(message),
                cacheable: !verdict::ended_by_outside_signal(s),
                status: Status::Failed,
            },
            None => Judged::of(Status::Failed),
        },
    }
}

impl Runner {
    /// The command that runs `bin` as `exercise`'s program: through the exec shim, with the
    /// exercise's limits, a clean environment whose `HOME` is a folder of the check's own (also
    /// the working directory), and the sandbox when it is on. Returns the command and the
    /// marker file where the shim says what it set.
    fn guarded(
        &self,
        exercise: &Exercise,
        dir: &Path,
        bin: &Path,
    ) -> Result<(Command, PathBuf, Option<pidcap::PidsGroup>)> {
        let home = dir.join("home");
        fs::create_dir_all(&home).with_context(|| format!("cannot create {}", home.display()))?;
        let marker = dir.join("limits-in-force");
        let tasks = tasks_now();
        // Root is not held by RLIMIT_NPROC: a cgroup caps its processes where one can be made.
        let cgroup = if tasks.is_none() && rustix::process::getuid().is_root() {
            pidcap::PidsGroup::create(exercise.limits.processes)
        } else {
            None
        };
        let spec = shim::Spec {
            limits: exercise.limits.values(exercise.timeout_secs, tasks),
            sandbox: self.sandbox.then(|| dir.to_path_buf()),
            read: self.read_dirs(),
            marker: marker.clone(),
            cgroup: cgroup.as_ref().map(|c| c.dir().to_path_buf()),
            wait: true,
        };
        let mut cmd = shim::command(bin, &spec)
            .context("cannot find coro-lings' own executable to start the test through")?;
        let timeout = Duration::from_secs(exercise.timeout_secs);
        childenv::for_program(&mut cmd, &home, &self.runner_vars(timeout));
        cmd.current_dir(&home);
        Ok((cmd, marker, cgroup))
    }
}

/// How many tasks (processes and threads) run on the machine now: an upper bound of the
/// user's own, which `RLIMIT_NPROC` counts, from `/proc/loadavg`. `None` for root, to whom the
/// kernel does not apply that limit, and where the file is missing.
fn tasks_now() -> Option<u64> {
    if rustix::process::getuid().is_root() {
        return None;
    }
    let text = fs::read_to_string("/proc/loadavg").ok()?;
    let field = text.split_whitespace().nth(3)?;
    field.split_once('/')?.1.parse().ok()
}

/// Whether a test exercise's file, `source` (the bytes its outcome is cached under), must also
/// be compiled as the program it is: always for clippy, whose lints differ between the two
/// builds; otherwise where [`program_check::needed`] says the test build may not prove it
/// (and when the file is not UTF-8, which the compiler will report).
fn program_check_needed(exercise: &Exercise, source: &[u8]) -> bool {
    exercise.mode == Mode::Test
        && (exercise.clippy
            || std::str::from_utf8(source).map_or(true, |text| {
                program_check::needed(&text[..verdict::code_end(text)]).is_some()
            }))
}

/// The outcome for a test exercise whose test module is not the shipped one, if it is not.
fn tests_changed(exercise: &Exercise, rel: &Path, source: &[u8], shipped: &str) -> Option<Outcome> {
    // A file that is not UTF-8 goes to the compiler, which says so with a line number.
    let text = std::str::from_utf8(source).ok()?;
    let where_ = match verdict::test_module(text) {
        Some(own) if own == shipped => return None,
        Some(own) => format!(
            "its test module differs from the shipped one from line {} of the module",
            verdict::first_difference(shipped, own)
        ),
        None => "its #[cfg(test)] module is gone".to_string(),
    };
    let reason = format!(
        "the tests of {} are not the shipped ones: {where_}",
        rel.display()
    );
    Some(Outcome {
        status: Status::TestsChanged,
        output: format!(
            "{reason}.\nA verdict counts only the tests as shipped: put them back (your editor's \
             undo, or `git checkout -- {}` if you have not changed the rest), or run \
             `{}` to start the exercise again (your version is kept as a backup).\n",
            rel.display(),
            crate::invocation::command(&format!("reset {}", exercise.name))
        ),
        duration: Duration::ZERO,
        reason: Some(reason),
        source_hash: String::new(),
        trace: Vec::new(),
        cached: false,
    })
}

/// What in the compiler's output says the machine, not the code, stopped it.
#[derive(Debug, PartialEq, Eq)]
enum Fault {
    /// The prebuilt core cannot be loaded: rebuild it.
    Core,
    /// Memory, disk or permissions.
    Machine,
}

fn machine_fault(output: &str) -> Option<Fault> {
    let plain = strip_ansi(output);
    const CORE: &[&str] = &[
        "can't find crate for `coro`",
        "error[E0786]",
        "error[E0460]",
        "error[E0514]",
        "found invalid metadata",
        "failed to read metadata",
    ];
    const MACHINE: &[&str] = &[
        // The standard library cannot go missing: under a memory limit rustc fails to load it.
        "can't find crate for `std`",
        "can't find crate for `core`",
        "can't find crate for `test`",
        "No space left on device",
        "Cannot allocate memory",
        "memory allocation of",
        "Disk quota exceeded",
        "Read-only file system",
        "Permission denied",
        "couldn't create a temp dir",
        "failed to write",
        "could not write output",
        "could not exec the linker",
        "Too many open files",
    ];
    if CORE.iter().any(|p| plain.contains(p)) {
        Some(Fault::Core)
    } else if MACHINE.iter().any(|p| plain.contains(p)) {
        Some(Fault::Machine)
    } else {
        None
    }
}

fn fault_line(output: &str) -> String {
    strip_ansi(output)
        .lines()
        .find(|l| l.starts_with("error"))
        .unwrap_or("see below")
        .trim()
        .to_string()
}

/// The other files and environment variables the compiler read for `rel`, from the dep-info
/// it wrote beside `bin`: each file with its hash now, each variable with its value now.
fn read_dep_info(root: &Path, bin: &Path, rel: &Path) -> Deps {
    let mut dep_file = bin.as_os_str().to_owned();
    dep_file.push(".d");
    let Ok(text) = fs::read_to_string(&dep_file) else {
        return Deps::default();
    };
    let _ = fs::remove_file(&dep_file);
    let mut files = Vec::new();
    let mut env = Vec::new();
    for line in text.lines() {
        if let Some(var) = line.strip_prefix("# env-dep:") {
            let name = var.split_once('=').map_or(var, |(n, _)| n);
            env.push((name.to_string(), childenv::compiler_var(name)));
        } else if let Some(dep) = line.strip_suffix(':') {
            // Each file read appears once as a rule of its own, `path:`; spaces are escaped.
            let path = PathBuf::from(dep.replace("\\ ", " "));
            if path == rel || path.as_os_str().is_empty() {
                continue;
            }
            let hash = file_hash(&root.join(&path)).unwrap_or_else(|| String::from("unreadable"));
            files.push((path, hash));
        }
    }
    Deps { files, env }
}

/// Runs `work(i, cancel)` for every job `i` in `0..jobs` on `workers` threads, each with a
/// [`Cancel`] of its own, handing out the jobs in order. Results come back in job order.
pub fn in_parallel<T: Send>(
    jobs: usize,
    workers: usize,
    work: &(dyn Fn(usize, &Cancel) -> T + Sync),
) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..jobs).map(|_| None).collect());
    thread::scope(|s| {
        for _ in 0..workers.max(1) {
            s.spawn(|| {
                let cancel = Cancel::new();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= jobs {
                        break;
                    }
                    let result = work(i, &cancel);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every job was taken by a worker that finished it"))
        .collect()
}

/// Runs the compiler with `args` in `root`, bounded in time, and returns what it printed.
fn ask_rustc(root: &Path, args: &[&str]) -> Result<String> {
    let rustc = toolchain::rustc_path();
    let shown = format!("{} {}", rustc.to_string_lossy(), args.join(" "));
    let mut cmd = Command::new(&rustc);
    childenv::for_compiler(&mut cmd);
    cmd.args(args).current_dir(root);
    let out = run_captured(cmd, VERSION_TIMEOUT, &Cancel::new()).with_context(|| {
        format!("cannot run `{shown}`: is Rust installed and on PATH? (https://rustup.rs)")
    })?;
    match out.end {
        End::Exited(s) if s.success() => Ok(out.output),
        End::Exited(s) => {
            let said = out.output.trim();
            bail!(
                "`{shown}` failed ({s}) and {}: {}",
                if said.is_empty() {
                    "printed nothing".to_string()
                } else {
                    format!("said:\n{said}\n")
                },
                "RUSTC, if set, must name a Rust compiler; otherwise check the toolchain with \
                 `rustup show`"
            )
        }
        _ => bail!(
            "`{shown}` did not answer within {} s: the toolchain (or rustup installing it) is \
             stuck; try `{shown}` yourself",
            VERSION_TIMEOUT.as_secs()
        ),
    }
}

/// [`build_core`], saying so on a terminal: the first check waits for it.
#[allow(
    clippy::print_stderr,
    reason = "a line on standard error while the learner waits for the first check"
)]
fn build_core_telling(compiler: &Path, root: &Path, work: &Path, core_dir: &Path) -> Result<()> {
    let shown = io::IsTerminal::is_terminal(&io::stderr());
    let start = Instant::now();
    if shown {
        eprintln!("coro-lings: building the coroutine core, once for this compiler…");
    }
    build_core(compiler, root, work, core_dir)?;
    if shown {
        eprintln!(
            "coro-lings: the core is built ({:.1} s)",
            start.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

fn clippy_path() -> std::ffi::OsString {
    std::env::var_os("CLIPPY_DRIVER").unwrap_or_else(|| "clippy-driver".into())
}

fn build_core(compiler: &Path, root: &Path, work: &Path, core_dir: &Path) -> Result<()> {
    let lib = root.join("coro").join("src").join("lib.rs");
    if !lib.is_file() {
        bail!(
            "{} does not exist: the course needs its coroutine core there",
            lib.display()
        );
    }
    // Build beside the final place and rename, so that a second checker never sees half a
    // build.
    let staging = TempDir::new_in(work, "core-build-")
        .context("cannot create a build folder under target/coro-lings")?;
    let mut rustc = Command::new(compiler);
    childenv::for_compiler(&mut rustc);
    rustc
        .args(CORE_FLAGS)
        .args(["--crate-type", "rlib", "--crate-name", "coro", "--out-dir"])
        .arg(staging.path())
        .arg(&lib);
    // The exit wrap needs nothing of the core, so the first check does not wait for the two
    // compiles one after the other.
    let built = thread::scope(|scope| {
        scope.spawn(|| build_exit_wrap(compiler, staging.path()));
        run_captured(rustc, COMPILE_TIMEOUT, &Cancel::new())
    })
    .context("cannot run rustc to build the coroutine core")?;
    match built.end {
        End::Exited(s) if s.success() => {}
        _ => bail!(
            "the coroutine core ({}) does not compile:\n{}",
            lib.display(),
            built.output
        ),
    }
    match fs::rename(staging.path(), core_dir) {
        Ok(()) => Ok(()),
        Err(_) if core_dir.join("libcoro.rlib").is_file() => Ok(()),
        Err(e) => {
            Err(e).with_context(|| format!("cannot move the core build to {}", core_dir.display()))
        }
    }
}

/// The file name of the object that wraps `exit` for run exercises, beside the core.
const EXIT_WRAP: &str = "exit-wrap.o";
/// What the wrapped `exit` prints, so that the runner can say what happened.
const EXIT_NOTE: &str = "[coro-lings] main did not return: the program called std::process::exit";

/// A run exercise passes only if `main` returns. `std::process::exit(0)` ends the process with
/// the same status, so on Linux the program is linked with `--wrap=exit`: std's calls of `exit`
/// go through this object, which says so on standard error and turns a 0 into 121. A normal
/// return from `main` reaches libc's `exit` from inside libc, which the wrap does not touch.
/// Where it cannot be built the check goes on without it.
fn build_exit_wrap(compiler: &Path, dir: &Path) {
    if !cfg!(target_os = "linux") {
        return;
    }
    let source = dir.join("exit-wrap.rs");
    let text = format!(
        "#![no_std]\n\
         unsafe extern \"C\" {{\n\
             fn __real_exit(code: i32) -> !;\n\
             fn write(fd: i32, buf: *const u8, n: usize) -> isize;\n\
         }}\n\
         const NOTE: &[u8] = b\"\\n{EXIT_NOTE}\\n\";\n\
         #[unsafe(no_mangle)]\n\
         pub extern \"C\" fn __wrap_exit(code: i32) -> ! {{\n\
             unsafe {{\n\
                 write(2, NOTE.as_ptr(), NOTE.len());\n\
                 __real_exit(if code == 0 {{ 121 }} else {{ code }})\n\
             }}\n\
         }}\n"
    );
    if fs::write(&source, text).is_err() {
        return;
    }
    let mut rustc = Command::new(compiler);
    childenv::for_compiler(&mut rustc);
    rustc
        .args(["--edition", EDITION, "--crate-type", "lib", "--emit=obj"])
        .args(["-C", "panic=abort", "-C", "opt-level=1", "-o"])
        .arg(dir.join(EXIT_WRAP))
        .arg(&source);
    let _ = run_captured(rustc, COMPILE_TIMEOUT, &Cancel::new());
}

/// The hash of the core's sources (`coro/src`), read and hashed again only when a file's size
/// or times changed since the last run (or a file came or went).
fn core_sources_hash(root: &Path, work: &Path) -> Result<String> {
    let dir = root.join("coro").join("src");
    let stamp = Stamp::of_tree(&dir).with_context(|| format!("cannot read {}", dir.display()))?;
    stamp::remembered(&work.join("core-sources.json"), stamp, || {
        let mut hasher = KeyHasher::default();
        hash_tree(&mut hasher, root, &dir)?;
        Ok(hasher.hex())
    })
}

fn hash_tree(hasher: &mut KeyHasher, root: &Path, dir: &Path) -> Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            hash_tree(hasher, root, &path)?;
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            hasher.update(rel.to_string_lossy().as_bytes());
            hasher.update(
                fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?,
            );
        }
    }
    Ok(())
}

/// The hash of a file's content as [`Outcome::source_hash`] records it.
pub fn file_hash(path: &Path) -> Option<String> {
    fs::read(path).ok().map(|b| content_hash(&b))
}

/// The hash of `bytes`, as [`Outcome::source_hash`] and the cache's file list record it.
fn content_hash(bytes: &[u8]) -> String {
    let mut h = KeyHasher::default();
    h.update(bytes);
    h.hex()
}

/// The hash behind every cache key and content hash: SipHash-1-3 with a 128-bit output and
/// fixed keys. Nothing here is a secret or faces an attacker (a learner who wants to forge a
/// pass can edit `solutions/`), so what a key needs is to be the same in every run and
/// release, which a specified algorithm with fixed keys is (std's `DefaultHasher` promises
/// neither), and to tell apart the few thousand files a course ever sees, which 128 bits of a
/// pseudo-random function do with a chance of a collision far below 2^-100.
#[derive(Default)]
struct KeyHasher(SipHasher13);

impl KeyHasher {
    fn update(&mut self, bytes: impl AsRef<[u8]>) {
        std::hash::Hasher::write(&mut self.0, bytes.as_ref());
    }

    fn hex(&self) -> String {
        format!("{:032x}", self.0.finish128().as_u128())
    }
}

enum End {
    Exited(ExitStatus),
    TimedOut,
    Cancelled,
}

struct Captured {
    end: End,
    output: String,
}

/// The output of a process as it arrives: the first half of the limit, and a window of the last
/// half, with a count of what fell in between.
#[derive(Default)]
struct Kept {
    head: Vec<u8>,
    tail: VecDeque<u8>,
    cut: usize,
}

impl Kept {
    fn push(&mut self, bytes: &[u8]) {
        let half = OUTPUT_LIMIT / 2;
        let room = half.saturating_sub(self.head.len());
        let (to_head, rest) = bytes.split_at(bytes.len().min(room));
        self.head.extend_from_slice(to_head);
        self.tail.extend(rest);
        if self.tail.len() > half {
            let drop = self.tail.len() - half;
            self.tail.drain(..drop);
            self.cut += drop;
        }
    }

    fn text(&self) -> String {
        let mut out = String::from_utf8_lossy(&self.head).into_owned();
        if self.cut > 0 {
            out.push_str(&format!(
                "\n[output cut: {} bytes in the middle were dropped; the first and the last {} KiB \
                 are kept]\n",
                self.cut,
                OUTPUT_LIMIT / 2 / 1024
            ));
        }
        let (a, b) = self.tail.as_slices();
        out.push_str(&String::from_utf8_lossy(&[a, b].concat()));
        out
    }
}

/// Runs `cmd` in a process group of its own with stdout and stderr captured together, and
/// kills the whole group when it runs past `timeout` or `cancel` fires. Returns within the
/// timeout and a second whatever the program does: a descendant that escaped the group and
/// keeps the pipe open is killed, or left behind by the reader.
fn run_captured(cmd: Command, timeout: Duration, cancel: &Cancel) -> io::Result<Captured> {
    Started::spawn(cmd, false)?.finish(timeout, cancel)
}

/// A process started by [`Started::spawn`], its output being read; [`Started::finish`] waits
/// for it within a timeout.
struct Started {
    pid: u32,
    /// The write end of its standard input, when it was started to wait for a word there.
    go: Option<std::process::ChildStdin>,
    exited: mpsc::Receiver<io::Result<ExitStatus>>,
    drained: mpsc::Receiver<()>,
    kept: Arc<Mutex<Kept>>,
}

impl Started {
    /// Starts `cmd` with stdout and stderr into one pipe, and standard input empty, or a pipe
    /// kept for [`Started::go`] when `piped`.
    fn spawn(mut cmd: Command, piped: bool) -> io::Result<Started> {
        let (mut reader, writer) = io::pipe()?;
        cmd.stdin(if piped { Stdio::piped() } else { Stdio::null() })
            .stdout(writer.try_clone()?)
            .stderr(writer);
        let mut child = procs::spawn(&mut cmd)?;
        // The command holds the pipe's write ends; drop them so EOF comes when the group exits.
        drop(cmd);
        let pid = child.id();
        let go = child.stdin.take();

        let kept = Arc::new(Mutex::new(Kept::default()));
        let (drained_tx, drained) = mpsc::channel::<()>();
        {
            let kept = Arc::clone(&kept);
            thread::spawn(move || {
                let mut buf = [0u8; 64 * 1024];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => kept
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(&buf[..n]),
                    }
                }
                let _ = drained_tx.send(());
            });
        }
        let (tx, exited) = mpsc::channel();
        thread::spawn(move || {
            let _ = tx.send(child.wait());
        });
        Ok(Started {
            pid,
            go,
            exited,
            drained,
            kept,
        })
    }

    /// Gives the word to a process started to wait for it (the exec shim with `--wait`).
    fn go(&mut self) -> io::Result<()> {
        use std::io::Write;
        match self.go.take() {
            Some(mut pipe) => pipe.write_all(b"g"),
            None => Ok(()),
        }
    }

    /// Stops a process that was started to wait and is not needed: the end of its input
    /// makes it exit, and its group is killed in case it did not.
    fn abandon(mut self) {
        self.go = None;
        procs::kill_group(self.pid);
        let _ = self.finish(Duration::ZERO, &Cancel::new());
    }

    /// Waits for the process within `timeout`, counted from now, and collects its output.
    fn finish(self, timeout: Duration, cancel: &Cancel) -> io::Result<Captured> {
        let Started {
            pid,
            go,
            exited,
            drained,
            kept,
        } = self;
        drop(go);
        let start = Instant::now();
        let end = loop {
            match exited.recv_timeout(Duration::from_millis(20)) {
                Ok(status) => break status.map(End::Exited),
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    break Err(io::Error::other("lost the child process"));
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if cancel.is_cancelled() {
                        procs::kill_group(pid);
                        break Ok(End::Cancelled);
                    }
                    if start.elapsed() >= timeout {
                        procs::kill_group(pid);
                        break Ok(End::TimedOut);
                    }
                }
            }
        };
        // Whatever the program started is stopped too, so that nothing keeps the pipe open.
        procs::kill_group(pid);
        if !matches!(end, Ok(End::Exited(_))) {
            // Reap the killed child, so that what it forked is handed to us and can be found.
            let _ = exited.recv_timeout(DRAIN_GRACE);
        }
        procs::forget(pid);
        procs::reap_orphans();
        let _ = drained.recv_timeout(DRAIN_GRACE);
        let output = kept.lock().unwrap_or_else(|e| e.into_inner()).text();
        Ok(Captured { end: end?, output })
    }
}

/// Removes ANSI escape sequences, for matching and for plain reports.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_label_is_its_serialized_name_spaced() {
        assert_eq!(Status::CompileError.label(), "compile error");
        assert_eq!(Status::TimedOut.label(), "timed out");
        assert_eq!(Status::Passed.label(), "passed");
    }

    fn sh(script: &str) -> Command {
        let mut c = Command::new("sh");
        c.arg("-c").arg(script);
        c
    }

    #[test]
    fn output_of_both_streams_is_captured_in_order() {
        let got = run_captured(
            sh("echo one; echo two >&2; echo three"),
            Duration::from_secs(30),
            &Cancel::new(),
        )
        .unwrap();
        assert_eq!(got.output, "one\ntwo\nthree\n");
        assert!(matches!(got.end, End::Exited(s) if s.success()));
    }

    #[test]
    fn a_program_past_its_timeout_is_killed_with_its_children() {
        let got = run_captured(
            sh("sleep 100 & sleep 100; echo never"),
            Duration::from_millis(300),
            &Cancel::new(),
        )
        .unwrap();
        assert!(matches!(got.end, End::TimedOut));
        assert!(!got.output.contains("never"));
    }

    #[test]
    fn a_cancelled_run_stops_and_says_so() {
        let cancel = Cancel::new();
        cancel.cancel();
        let got = run_captured(sh("sleep 100"), Duration::from_secs(100), &cancel).unwrap();
        assert!(matches!(got.end, End::Cancelled));
    }

    #[test]
    fn output_past_the_limit_is_cut_with_a_notice() {
        let got = run_captured(
            sh("head -c 3000000 /dev/zero | tr '\\0' x"),
            Duration::from_secs(60),
            &Cancel::new(),
        )
        .unwrap();
        assert!(got.output.starts_with("xxxx"));
        assert!(
            got.output
                .contains("[output cut: 1951424 bytes in the middle"),
            "{}",
            &got.output[got.output.len() - 200..]
        );
    }

    #[test]
    fn the_end_of_long_output_is_kept_with_its_start() {
        let got = run_captured(
            sh("echo START; head -c 3000000 /dev/zero | tr '\\0' x; echo; echo THE-PANIC-AT-THE-END"),
            Duration::from_secs(60),
            &Cancel::new(),
        )
        .unwrap();
        assert!(got.output.starts_with("START"), "the head is kept");
        assert!(
            got.output.trim_end().ends_with("THE-PANIC-AT-THE-END"),
            "the tail is kept: {}",
            &got.output[got.output.len() - 200..]
        );
        assert!(got.output.len() <= OUTPUT_LIMIT + 200);
    }

    #[test]
    fn a_descendant_that_escapes_the_group_and_holds_the_pipe_does_not_hold_the_check() {
        procs::become_subreaper();
        // The grandchild leaves the process group and keeps the output pipe open for 100 s.
        let got = run_captured(
            sh("setsid sleep 127 & echo started"),
            Duration::from_secs(30),
            &Cancel::new(),
        )
        .unwrap();
        assert!(matches!(got.end, End::Exited(s) if s.success()));
        assert!(got.output.contains("started"));
        let left = std::process::Command::new("pgrep")
            .args(["-f", "^sleep 127$"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        assert!(left.is_empty(), "the escaped sleep still runs: {left}");
    }

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// A course of test exercises whose `answer` is the given body, and whose solutions pass.
    fn course_of(root: &Path, cases: &[(&str, &str)]) -> Course {
        write(root, "coro/src/lib.rs", "//! A stand-in core.\n");
        write(root, "notes/rank1.md", "# Rank 1\n");
        let tests = "#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn \
                     the_answer_is_42() {\n        assert_eq!(answer(), 42);\n    }\n}\n";
        let file = |body: &str| {
            format!("fn answer() -> u32 {{\n    {body}\n}}\n\nfn main() {{}}\n\n{tests}")
        };
        let mut info = String::from(
            "format_version = 1\nwelcome_message = \"w\"\nfinal_message = \"f\"\n\n[[ranks]]\n\
             number = 1\ntitle = \"Beginner\"\nsummary = \"s\"\nnotes = \"notes/rank1.md\"\n",
        );
        for (name, body) in cases {
            write(root, &format!("exercises/rank1/{name}.rs"), &file(body));
            write(root, &format!("solutions/rank1/{name}.rs"), &file("42"));
            info.push_str(&format!(
                "\n[[exercises]]\nname = \"{name}\"\nrank = 1\nmode = \"test\"\n\
                 fails_as_shipped = \"test\"\nsummary = \"s\"\nhints = [\"h\"]\n"
            ));
        }
        write(root, "info.toml", &info);
        Course::load(root).unwrap()
    }

    /// `output` without what differs between any two runs: the panicking thread's id and the
    /// harness's time.
    fn steady(output: &str) -> String {
        let line = |l: &str| {
            let mut l = l.to_string();
            if let Some(i) = l.find("' (")
                && let Some(j) = l[i + 3..].find(')')
                && l[i + 3..i + 3 + j].bytes().all(|b| b.is_ascii_digit())
            {
                l.replace_range(i + 1..i + 3 + j + 1, "");
            }
            if let Some(i) = l.find("; finished in ") {
                l.truncate(i);
            }
            l
        };
        output.lines().map(line).collect::<Vec<_>>().join("\n")
    }

    /// Whether the binary at `bin` names `library` (a shared library it loads).
    fn names(bin: &Path, library: &str) -> bool {
        let bytes = fs::read(bin).unwrap();
        bytes
            .windows(library.len())
            .any(|w| w == library.as_bytes())
    }

    #[test]
    fn a_test_linked_against_shared_std_gives_the_verdict_and_output_of_a_static_build() {
        let dir = tempfile::tempdir().unwrap();
        let course = course_of(
            dir.path(),
            &[
                ("passes", "42"),
                ("fails", "41"),
                ("panics", "None::<u32>.expect(\"no answer yet\")"),
                // std's exit lives in the shared library: the harness must still see it.
                ("exits", "std::process::exit(0)"),
            ],
        );
        let mut runner = Runner::new(&course, false).unwrap();
        let libdir = runner
            .shared_std_dir()
            .expect("this toolchain ships a shared libstd, so test builds link against it")
            .to_path_buf();
        let libstd = fs::read_dir(&libdir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.starts_with("libstd-") && n.ends_with(".so"))
            .unwrap();
        // Each exercise built and judged as a check does, run directly: the exec shim in
        // between (which a unit test's binary cannot be) is the same for both links.
        let check_all = |runner: &Runner| {
            course
                .exercises
                .iter()
                .map(|e| {
                    let bin = dir.path().join(format!("{}-bin", e.id));
                    let source = fs::read(runner.root.join(&e.path)).unwrap();
                    let program_check = program_check_needed(e, &source);
                    let (end, mut output) = runner
                        .compile(e, &e.path, &bin, program_check, &Cancel::new())
                        .unwrap();
                    assert!(matches!(end, End::Exited(s) if s.success()), "{output}");
                    let mut program = Command::new(&bin);
                    program
                        .args(["--color", "never"])
                        .env("RUST_BACKTRACE", "0");
                    let ran =
                        run_captured(program, Duration::from_secs(20), &Cancel::new()).unwrap();
                    output.push_str(&ran.output);
                    let judged = judge_run(&ran, Some(1), 20, &limits::Applied::default());
                    if let Some(note) = &judged.note {
                        output.push_str(note);
                    }
                    (judged.status, output, judged.reason)
                })
                .collect::<Vec<_>>()
        };
        let build = |runner: &Runner, name: &str| {
            let bin = dir.path().join(name);
            let e = &course.exercises[0];
            // Only the binary is wanted here: `check_all` compiled the file as a check does.
            let (end, output) = runner
                .compile(e, &e.path, &bin, false, &Cancel::new())
                .unwrap();
            assert!(matches!(end, End::Exited(s) if s.success()), "{output}");
            bin
        };

        let dynamic = check_all(&runner);
        assert!(names(&build(&runner, "dynamic"), &libstd));
        runner.shared_std = None;
        let fixed = check_all(&runner);
        assert!(!names(&build(&runner, "static"), &libstd));

        let statuses: Vec<_> = dynamic.iter().map(|o| o.0).collect();
        assert_eq!(
            statuses,
            [
                Status::Passed,
                Status::Failed,
                Status::Failed,
                Status::Failed
            ]
        );
        assert!(dynamic[2].1.contains("no answer yet"), "{}", dynamic[2].1);
        assert_eq!(
            steady(
                "thread 't' (7315) panicked at x.rs:1:2:\ntest result: ok. 1 passed; finished in 0.01s"
            ),
            "thread 't' panicked at x.rs:1:2:\ntest result: ok. 1 passed"
        );
        for ((e, d), s) in course.exercises.iter().zip(&dynamic).zip(&fixed) {
            assert_eq!(
                (d.0, steady(&d.1), &d.2),
                (s.0, steady(&s.1), &s.2),
                "{}: dynamic and static builds disagree",
                e.id
            );
        }
    }

    #[test]
    fn machine_faults_are_told_from_the_learner_s_mistakes() {
        assert_eq!(
            machine_fault("error[E0463]: can't find crate for `std`"),
            Some(Fault::Machine)
        );
        assert_eq!(
            machine_fault("error[E0463]: can't find crate for `coro`"),
            Some(Fault::Core)
        );
        assert_eq!(
            machine_fault("error: No space left on device (os error 28)"),
            Some(Fault::Machine)
        );
        // A crate the learner named that does not exist is the learner's to fix.
        assert_eq!(
            machine_fault("error[E0463]: can't find crate for `rand`"),
            None
        );
        assert_eq!(machine_fault("error[E0308]: mismatched types"), None);
    }

    #[test]
    fn ansi_codes_are_stripped() {
        assert_eq!(
            strip_ansi("\u{1b}[1m\u{1b}[31merror\u{1b}[0m: x"),
            "error: x"
        );
    }

    #[test]
    fn the_first_error_line_of_a_failed_test_is_the_panic() {
        let o = Outcome {
            status: Status::Failed,
            output:
                "running 1 test\nthread 't' panicked at src/x.rs:3:5:\nboom\ntest result: FAILED\n"
                    .into(),
            duration: Duration::ZERO,
            reason: None,
            source_hash: String::new(),
            trace: Vec::new(),
            cached: false,
        };
        assert_eq!(
            o.first_error_line().unwrap(),
            "thread 't' panicked at src/x.rs:3:5:"
        );
    }
}
