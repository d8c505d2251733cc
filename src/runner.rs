//! Builds and runs exercises: the core once per core source, compiler and flags; each
//! exercise as one `rustc` call against that build; outcomes cached by everything that decides
//! them; every child in its own process group, killed on timeout or cancellation.

use std::fs;
use std::io::{self, IsTerminal, Read};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::course::{Course, Exercise, Mode};
use crate::fsutil::write_atomic;

/// Output past this many bytes is cut, with a notice.
pub const OUTPUT_LIMIT: usize = 1 << 20;
/// How long a compile may take before it is treated as stuck.
const COMPILE_TIMEOUT: Duration = Duration::from_secs(300);
/// Bump to invalidate every cached outcome when the way outcomes are made changes.
const CACHE_VERSION: &str = "coro-lings outcome v1";
/// Flags every exercise is compiled with: no debug info and one codegen unit keep a one-file
/// compile as short as it can be.
const EXERCISE_FLAGS: &[&str] = &[
    "--edition",
    "2024",
    "-C",
    "debuginfo=0",
    "-C",
    "codegen-units=1",
];
const CORE_FLAGS: &[&str] = &[
    "--edition",
    "2024",
    "-C",
    "debuginfo=0",
    "-C",
    "opt-level=1",
];

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
    /// It compiled and its tests (or `main`) succeeded.
    Passed,
    /// It did not compile.
    CompileError,
    /// It compiled, and a test or `main` failed.
    Failed,
    /// It ran past its timeout and was killed.
    TimedOut,
    /// A newer request cancelled it.
    Cancelled,
}

impl Status {
    /// A short word for tables and summaries.
    pub fn label(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::CompileError => "compile error",
            Status::Failed => "failed",
            Status::TimedOut => "timed out",
            Status::Cancelled => "cancelled",
        }
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
            Status::CompileError => pick(&|l| l.starts_with("error")),
            Status::TimedOut => pick(&|l| l.starts_with("timed out")),
            Status::Failed => pick(&|l| l.contains("panicked at"))
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

/// Whether compiler and test output should carry colors.
pub fn color_wanted() -> bool {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
        return true;
    }
    io::stdout().is_terminal()
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
    counter: AtomicUsize,
}

impl Runner {
    /// Prepares a runner for `course`: finds the compiler and builds the core if this core
    /// source, compiler and flag set has not been built before.
    pub fn new(course: &Course, color: bool) -> Result<Runner> {
        let root = course.root.clone();
        let work = root.join("target").join("coro-lings");
        fs::create_dir_all(work.join("tmp"))
            .with_context(|| format!("cannot create {}", work.join("tmp").display()))?;

        let rustc_version = thread::spawn(rustc_version);
        let mut hasher = Sha256::new();
        hasher.update(CACHE_VERSION);
        hash_tree(&mut hasher, &root, &root.join("coro").join("src"))?;
        let notes = root.join("notes");
        if notes.is_dir() {
            hash_tree(&mut hasher, &root, &notes)?;
        }
        let core_key = {
            let mut h = hasher.clone();
            h.update(rustc_version.join().expect("rustc -vV thread")?.as_bytes());
            h.update(CORE_FLAGS.join(" "));
            hex(&h.finalize())
        };
        let core_dir = work.join(format!("core-{core_key}"));
        if !core_dir.join("libcoro.rlib").is_file() {
            build_core(&root, &work, &core_dir)?;
        }
        let mut base = Sha256::new();
        base.update(&core_key);
        base.update(EXERCISE_FLAGS.join(" "));
        base.update([u8::from(color)]);
        Ok(Runner {
            root,
            work,
            core_dir,
            base_key: hex(&base.finalize()),
            color,
            counter: AtomicUsize::new(0),
        })
    }

    /// Checks one file of `exercise`, from the cache when nothing that decides the outcome
    /// has changed. Never prints.
    pub fn check(&self, exercise: &Exercise, which: Which, cancel: &Cancel) -> Result<Outcome> {
        let rel = match which {
            Which::Exercise => &exercise.path,
            Which::Solution => &exercise.solution,
        };
        let path = self.root.join(rel);
        let source = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let key = {
            let mut h = Sha256::new();
            h.update(&self.base_key);
            // The path is part of the key: the output names it, so a learner's file that
            // equals the solution must not answer with the solution's messages.
            h.update(format!(
                "{:?} {} {} {}",
                exercise.mode,
                exercise.timeout_secs,
                exercise.id,
                rel.display()
            ));
            h.update(&source);
            hex(&h.finalize())
        };
        let cache_file = self.work.join("outcomes").join(format!("{key}.json"));
        if let Some(mut outcome) = fs::read(&cache_file)
            .ok()
            .and_then(|b| serde_json::from_slice::<Outcome>(&b).ok())
        {
            outcome.cached = true;
            return Ok(outcome);
        }

        let outcome = self.build_and_run(exercise, &path, rel, cancel)?;
        if matches!(
            outcome.status,
            Status::Passed | Status::CompileError | Status::Failed
        ) {
            // A timeout may be the machine's fault, and a cancel says nothing: only these are
            // worth remembering.
            write_atomic(&cache_file, &serde_json::to_vec(&outcome)?)?;
        }
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
        let next = AtomicUsize::new(0);
        let (tx, rx) = mpsc::channel();
        thread::scope(|s| {
            for _ in 0..workers {
                let tx = tx.clone();
                let next = &next;
                s.spawn(move || {
                    let cancel = Cancel::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        let Some((exercise, which)) = jobs.get(i) else {
                            break;
                        };
                        let result = self.check(exercise, *which, &cancel);
                        done(i, &result);
                        if tx.send((i, result)).is_err() {
                            break;
                        }
                    }
                });
            }
        });
        drop(tx);
        let mut results: Vec<Option<Result<Outcome>>> = (0..jobs.len()).map(|_| None).collect();
        for (i, r) in rx {
            results[i] = Some(r);
        }
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err(anyhow::anyhow!("a worker thread stopped early"))))
            .collect()
    }

    fn build_and_run(
        &self,
        exercise: &Exercise,
        path: &Path,
        rel: &Path,
        cancel: &Cancel,
    ) -> Result<Outcome> {
        let start = Instant::now();
        let n = self.counter.fetch_add(1, Ordering::SeqCst);
        let bin = self
            .work
            .join("tmp")
            .join(format!("{}-{}-{n}", exercise.id, std::process::id()));
        let _cleanup = RemoveOnDrop(bin.clone());

        let mut rustc = Command::new(rustc_path());
        rustc
            .args(EXERCISE_FLAGS)
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
            .arg("-o")
            .arg(&bin)
            .arg(rel)
            .current_dir(&self.root);
        if exercise.mode == Mode::Test {
            rustc.arg("--test");
        }
        let compiled = run_captured(rustc, COMPILE_TIMEOUT, cancel)
            .with_context(|| format!("cannot run rustc on {}", path.display()))?;
        let mut output = compiled.output;
        let status = match compiled.end {
            End::Cancelled => Status::Cancelled,
            End::TimedOut => {
                output.push_str("timed out: the compiler did not finish\n");
                Status::TimedOut
            }
            End::Exited(s) if !s.success() => Status::CompileError,
            End::Exited(_) if exercise.mode == Mode::Compile => Status::Passed,
            End::Exited(_) => {
                let mut program = Command::new(&bin);
                program.current_dir(&self.root).env("RUST_BACKTRACE", "0");
                if exercise.mode == Mode::Test {
                    program
                        .arg("--color")
                        .arg(if self.color { "always" } else { "never" });
                }
                let timeout = Duration::from_secs(exercise.timeout_secs);
                let ran = run_captured(program, timeout, cancel).with_context(|| {
                    format!("cannot run the program built from {}", rel.display())
                })?;
                output.push_str(&ran.output);
                match ran.end {
                    End::Cancelled => Status::Cancelled,
                    End::TimedOut => {
                        output.push_str(&format!(
                            "\ntimed out: killed after {} s. Something never finished: a loop that \
                             never yields back, or a coroutine driven forever.\n",
                            exercise.timeout_secs
                        ));
                        Status::TimedOut
                    }
                    End::Exited(s) if s.success() => Status::Passed,
                    End::Exited(_) => Status::Failed,
                }
            }
        };
        Ok(Outcome {
            status,
            output,
            duration: start.elapsed(),
            cached: false,
        })
    }
}

struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

fn rustc_path() -> std::ffi::OsString {
    std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into())
}

fn rustc_version() -> Result<String> {
    let out = Command::new(rustc_path())
        .arg("-vV")
        .output()
        .context("cannot run `rustc -vV`: is Rust installed and on PATH? (https://rustup.rs)")?;
    if !out.status.success() {
        bail!(
            "`rustc -vV` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn build_core(root: &Path, work: &Path, core_dir: &Path) -> Result<()> {
    let lib = root.join("coro").join("src").join("lib.rs");
    if !lib.is_file() {
        bail!(
            "{} does not exist: the course needs its coroutine core there",
            lib.display()
        );
    }
    // Build beside the final place and rename, so that a second checker never sees half a
    // build.
    let staging = tempfile::Builder::new()
        .prefix("core-build-")
        .tempdir_in(work)
        .context("cannot create a build folder under target/coro-lings")?;
    let mut rustc = Command::new(rustc_path());
    rustc
        .args(CORE_FLAGS)
        .args(["--crate-type", "rlib", "--crate-name", "coro", "--out-dir"])
        .arg(staging.path())
        .arg(&lib);
    let built = run_captured(rustc, COMPILE_TIMEOUT, &Cancel::new())
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

fn hash_tree(hasher: &mut Sha256, root: &Path, dir: &Path) -> Result<()> {
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

fn hex(bytes: &[u8]) -> String {
    bytes[..16].iter().map(|b| format!("{b:02x}")).collect()
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

/// Runs `cmd` in a process group of its own with stdout and stderr captured together, and
/// kills the whole group when it runs past `timeout` or `cancel` fires.
fn run_captured(mut cmd: Command, timeout: Duration, cancel: &Cancel) -> io::Result<Captured> {
    let (mut reader, writer) = io::pipe()?;
    cmd.stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer)
        .process_group(0);
    let mut child = cmd.spawn()?;
    // The command holds the pipe's write ends; drop them so EOF comes when the group exits.
    drop(cmd);
    let pid = child.id();

    let collector = thread::spawn(move || {
        let mut kept = Vec::new();
        let mut cut = 0usize;
        let mut buf = [0u8; 64 * 1024];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let room = OUTPUT_LIMIT.saturating_sub(kept.len());
                    kept.extend_from_slice(&buf[..n.min(room)]);
                    cut += n.saturating_sub(room);
                }
            }
        }
        (kept, cut)
    });

    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    let start = Instant::now();
    let end = loop {
        match rx.recv_timeout(Duration::from_millis(20)) {
            Ok(status) => break End::Exited(status?),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("lost the child process"));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if cancel.is_cancelled() {
                    kill_group(pid);
                    break End::Cancelled;
                }
                if start.elapsed() >= timeout {
                    kill_group(pid);
                    break End::TimedOut;
                }
            }
        }
    };
    // Whatever the program started is stopped too, so that nothing keeps the pipe open.
    kill_group(pid);
    let (kept, cut) = collector.join().unwrap_or_default();
    let mut output = String::from_utf8_lossy(&kept).into_owned();
    if cut > 0 {
        output.push_str(&format!(
            "\n[output cut: {cut} more bytes after the first {} MiB were dropped]\n",
            OUTPUT_LIMIT >> 20
        ));
    }
    Ok(Captured { end, output })
}

fn kill_group(pid: u32) {
    use nix::sys::signal::{Signal, killpg};
    use nix::unistd::Pid;
    if let Ok(pid) = i32::try_from(pid) {
        let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
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
            got.output.contains("[output cut: 1951424 more bytes"),
            "{}",
            &got.output[got.output.len() - 200..]
        );
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
            cached: false,
        };
        assert_eq!(
            o.first_error_line().unwrap(),
            "thread 't' panicked at src/x.rs:3:5:"
        );
    }
}
