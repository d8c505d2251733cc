//! The resource limits a test process runs under, and how a limit that was hit is told from a
//! crash: "the test used more than 1 GiB of memory", not "killed by SIGABRT".
//!
//! The limits are set by the exec shim ([`crate::shim`]) on itself just before it becomes the
//! test binary, so they hold for the test and everything it starts, and never for coro-lings.
//! The shim records what it could set in a small file (the [`Applied`] marker): where the
//! machine's own hard limit is lower than the course's, the machine's is in force, and a
//! verdict it decided is not the code's and is not cached.

use std::fmt;
use std::process::ExitStatus;

/// The limits of one exercise's test process, from `info.toml` (`[limits]` for the course,
/// `limits = { ... }` per exercise) or the defaults. CPU time is not here: it follows the
/// exercise's timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Memory the process may map for data (heap, thread stacks): `RLIMIT_DATA`.
    pub memory_mib: u64,
    /// The largest file it may write: `RLIMIT_FSIZE`.
    pub file_size_mib: u64,
    /// Files it may hold open at once: `RLIMIT_NOFILE`.
    pub open_files: u64,
    /// Processes and threads it may start beyond those running when the check starts:
    /// `RLIMIT_NPROC`, which the kernel counts per user (and does not apply to root).
    pub processes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_mib: 1024,
            file_size_mib: 64,
            open_files: 1024,
            processes: 512,
        }
    }
}

/// One kind of limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Memory,
    Cpu,
    FileSize,
    OpenFiles,
    Processes,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Memory,
        Kind::Cpu,
        Kind::FileSize,
        Kind::OpenFiles,
        Kind::Processes,
    ];

    /// The word the shim's arguments and marker use.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Memory => "memory",
            Kind::Cpu => "cpu",
            Kind::FileSize => "fsize",
            Kind::OpenFiles => "nofile",
            Kind::Processes => "nproc",
        }
    }

    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// The CPU seconds a test may use: a little over its timeout, so that the wall-clock timeout
/// normally ends a stuck test first and the CPU limit catches threads that spin in parallel.
pub fn cpu_secs(timeout_secs: u64) -> u64 {
    timeout_secs + 2
}

impl Limits {
    /// Each limit with its value in the kernel's unit (bytes, seconds, a count), for the shim.
    /// `processes` is absolute here: `tasks_now` (the tasks running on the machine, an upper
    /// bound of the user's) plus the exercise's allowance; `None` leaves it out.
    pub fn values(self, timeout_secs: u64, tasks_now: Option<u64>) -> Vec<(Kind, u64)> {
        let mut v = vec![
            (Kind::Memory, self.memory_mib << 20),
            (Kind::Cpu, cpu_secs(timeout_secs)),
            (Kind::FileSize, self.file_size_mib << 20),
            (Kind::OpenFiles, self.open_files),
        ];
        if let Some(now) = tasks_now {
            v.push((Kind::Processes, now + self.processes));
        }
        v
    }
}

/// Whose limit was in force for one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The course's (or the default): a hit is the code's doing.
    Ours,
    /// The machine's hard limit was lower than the course's, so the machine's held.
    Machine,
}

/// What the shim could set, read back from its marker file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    pub limits: Vec<(Kind, u64, Source)>,
}

impl Applied {
    /// The marker's lines: `memory 1073741824 ours`.
    pub fn to_text(&self) -> String {
        self.limits
            .iter()
            .map(|(k, v, s)| {
                format!(
                    "{} {v} {}\n",
                    k.key(),
                    match s {
                        Source::Ours => "ours",
                        Source::Machine => "machine",
                    }
                )
            })
            .collect()
    }

    /// Reads a marker; lines it does not know are skipped (they belong to the sandbox).
    pub fn parse(text: &str) -> Applied {
        let limits = text
            .lines()
            .filter_map(|line| {
                let mut w = line.split_whitespace();
                let kind = Kind::from_key(w.next()?)?;
                let value = w.next()?.parse().ok()?;
                let source = match w.next()? {
                    "ours" => Source::Ours,
                    "machine" => Source::Machine,
                    _ => return None,
                };
                Some((kind, value, source))
            })
            .collect();
        Applied { limits }
    }

    fn get(&self, kind: Kind) -> Option<(u64, Source)> {
        self.limits
            .iter()
            .find(|(k, _, _)| *k == kind)
            .map(|&(_, v, s)| (v, s))
    }
}

/// A limit the test ran into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub kind: Kind,
    /// "the test used more than 1 GiB of memory", and what to look for.
    pub message: String,
    /// Whether the code alone decided it: the limit was the course's and the outcome does not
    /// depend on the machine's speed or on other processes.
    pub cacheable: bool,
}

impl fmt::Display for Hit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 30 && bytes.is_multiple_of(1 << 30) {
        format!("{} GiB", bytes >> 30)
    } else {
        format!("{} MiB", bytes >> 20)
    }
}

/// Which limit, if any, ended or broke the test run that ended with `status` and printed
/// `plain` (output without colour codes), given the limits that were in force.
pub fn hit(status: ExitStatus, plain: &str, applied: &Applied) -> Option<Hit> {
    use std::os::unix::process::ExitStatusExt;
    let signal = status.signal();
    let found = |kind: Kind, text: &dyn Fn(u64) -> String, code_decides: bool| {
        let (value, source) = applied.get(kind)?;
        let mut message = text(value);
        if source == Source::Machine {
            message.push_str(
                " (this is the machine's own limit, lower than the course's: not your code's \
                 fault, and not remembered)",
            );
        }
        Some(Hit {
            kind,
            message,
            cacheable: code_decides && source == Source::Ours,
        })
    };
    // SIGXCPU at the soft limit, SIGKILL at the hard one a second later.
    if signal == Some(24) {
        return found(
            Kind::Cpu,
            &|s| {
                format!(
                    "the test used more than {s} s of CPU time: a loop that never ends, perhaps \
                     on several threads at once"
                )
            },
            false,
        );
    }
    if signal == Some(25) {
        return found(
            Kind::FileSize,
            &|b| format!("the test wrote a file larger than {}", size(b)),
            true,
        );
    }
    // Rust's allocation failure handler prints this, then aborts.
    if signal == Some(6) && plain.contains("memory allocation of") {
        return found(
            Kind::Memory,
            &|b| format!("the test used more than {} of memory", size(b)),
            true,
        );
    }
    if status.success() {
        return None;
    }
    // The other two limits make a call fail rather than kill: the test reports the error
    // (a panic on an `unwrap`) and the run fails with it.
    if plain.contains("Too many open files") {
        return found(
            Kind::OpenFiles,
            &|n| format!("the test opened more than {n} files at once"),
            true,
        );
    }
    if plain.contains("Resource temporarily unavailable") {
        // Other processes of the same user count against this limit too.
        return found(
            Kind::Processes,
            &|n| {
                format!(
                    "the test started too many processes or threads (the limit is {n} for the \
                     user, counted with those already running)"
                )
            },
            false,
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    fn applied(source: Source) -> Applied {
        Applied {
            limits: Limits::default()
                .values(10, Some(100))
                .into_iter()
                .map(|(k, v)| (k, v, source))
                .collect(),
        }
    }

    #[test]
    fn the_marker_reads_back_what_was_written_and_skips_other_lines() {
        let a = applied(Source::Ours);
        let text = format!("{}sandbox full\n", a.to_text());
        assert_eq!(Applied::parse(&text), a);
    }

    #[test]
    fn an_allocation_that_fails_under_the_limit_is_named_as_memory() {
        let abort = ExitStatus::from_raw(6);
        let out = "memory allocation of 10737418240 bytes failed\n";
        let hit = hit(abort, out, &applied(Source::Ours)).unwrap();
        assert_eq!(hit.kind, Kind::Memory);
        assert_eq!(hit.message, "the test used more than 1 GiB of memory");
        assert!(hit.cacheable);
        // An abort that is not about memory is not a limit.
        assert_eq!(
            super::hit(abort, "stack overflow", &applied(Source::Ours)),
            None
        );
    }

    #[test]
    fn the_machine_s_limit_is_said_and_never_cached() {
        let hit = hit(ExitStatus::from_raw(25), "", &applied(Source::Machine)).unwrap();
        assert_eq!(hit.kind, Kind::FileSize);
        assert!(
            hit.message
                .starts_with("the test wrote a file larger than 64 MiB")
        );
        assert!(hit.message.contains("machine's own limit"));
        assert!(!hit.cacheable);
    }

    #[test]
    fn cpu_and_process_limits_depend_on_the_machine_and_are_not_cached() {
        let cpu = hit(ExitStatus::from_raw(24), "", &applied(Source::Ours)).unwrap();
        assert_eq!(cpu.kind, Kind::Cpu);
        assert!(cpu.message.contains("12 s of CPU"), "{}", cpu.message);
        assert!(!cpu.cacheable);
        let failed = ExitStatus::from_raw(101 << 8);
        let out = "panicked at src/x.rs:1:1:\nfailed to spawn thread: Os { code: 11, kind: \
                   WouldBlock, message: \"Resource temporarily unavailable\" }";
        let nproc = hit(failed, out, &applied(Source::Ours)).unwrap();
        assert_eq!(nproc.kind, Kind::Processes);
        assert!(!nproc.cacheable);
    }

    #[test]
    fn a_limit_that_was_not_set_is_never_reported() {
        let none = Applied::default();
        assert_eq!(hit(ExitStatus::from_raw(25), "", &none), None);
        assert_eq!(
            hit(ExitStatus::from_raw(101 << 8), "Too many open files", &none),
            None
        );
        assert_eq!(
            hit(ExitStatus::from_raw(0), "memory allocation of", &none),
            None
        );
    }
}
