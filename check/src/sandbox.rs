//! `--sandbox`: on Linux, Landlock rules the exec shim puts on itself before it becomes the test
//! binary. What they guarantee depends on the kernel's Landlock ABI, and [`guarantees`] says it
//! in words; the README's "The sandbox" section says the same.
//!
//! The rules, once in force, hold for the test and everything it starts, and cannot be lifted:
//! - it may write (create, delete, truncate) only in its own check folder, which holds the
//!   test binary and its `HOME`;
//! - it may read and execute only the system's libraries and programs (`/usr`, `/lib*`, `/bin`,
//!   `/sbin`), its own `/proc/PID` and `/sys`, a few devices (`/dev/null`, `/dev/zero`, `/dev/urandom`),
//!   `/etc/ld.so.cache`, and the folders the runner names (a toolchain's library folder): not
//!   the home folders, not the course's repository (a CI checkout keeps its token in
//!   `.git/config`), not `/tmp`;
//! - from ABI 4 it may neither connect nor bind a TCP port; from ABI 6 it may not signal a
//!   process outside the sandbox nor reach an abstract UNIX socket; UDP is covered from ABI 10.
//!
//! Not covered: UDP on kernels before ABI 10, UNIX sockets by path, CPU and memory (those are
//! [`crate::limits`]), and the compiler, which runs outside the sandbox with a clean
//! environment only (so `include_str!` of a file the user can read still compiles).

use std::path::{Path, PathBuf};

/// How much of the sandbox the kernel put in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every rule this checker asks for.
    Full(u32),
    /// Some of them: the kernel's Landlock ABI is older than the newest rules.
    Partial(u32),
    /// None: no Landlock on this system.
    None,
}

impl Status {
    /// The marker line the shim writes: `sandbox 7 partial`.
    pub fn to_line(self) -> String {
        match self {
            Status::Full(abi) => format!("sandbox {abi} full\n"),
            Status::Partial(abi) => format!("sandbox {abi} partial\n"),
            Status::None => "sandbox 0 none\n".to_string(),
        }
    }

    /// Reads the marker line back, if the marker has one.
    pub fn parse(marker: &str) -> Option<Status> {
        let line = marker.lines().find(|l| l.starts_with("sandbox "))?;
        let mut w = line.split_whitespace().skip(1);
        let abi = w.next()?.parse().ok()?;
        Some(match w.next()? {
            "full" => Status::Full(abi),
            "partial" => Status::Partial(abi),
            _ => Status::None,
        })
    }
}

/// What the sandbox in force guarantees, and what it does not, in words for a notice.
pub fn guarantees(status: Status) -> String {
    let abi = match status {
        Status::None => {
            return "the sandbox is NOT in force: this kernel has no Landlock (it needs Linux \
                    5.13 or newer with `landlock` in its LSM list). Tests ran with resource \
                    limits and a clean environment only, and can write wherever this user can."
                .to_string();
        }
        Status::Full(abi) | Status::Partial(abi) => abi,
    };
    let mut holds = vec![
        "writes only to the check's own folder",
        "reads only system folders",
    ];
    let mut lacks = Vec::new();
    if abi >= 4 {
        holds.push("no TCP connect or bind");
    } else {
        lacks.push("TCP (needs Landlock ABI 4, Linux 6.7)");
    }
    if abi >= 6 {
        holds.push("no signals to processes outside the sandbox");
    } else {
        lacks.push("signals to other processes (needs ABI 6, Linux 6.12)");
    }
    if abi < 10 {
        lacks.push("UDP (needs Landlock ABI 10)");
    }
    lacks.push("UNIX sockets by path");
    format!(
        "sandbox in force (Landlock ABI {abi}): {}; not covered here: {}",
        holds.join(", "),
        lacks.join(", ")
    )
}

/// The folders every test may read and execute: the system's programs and libraries.
const SYSTEM_READ: &[&str] = &[
    "/usr",
    "/lib",
    "/lib64",
    "/lib32",
    "/bin",
    "/sbin",
    "/etc/ld.so.cache",
    // Its own /proc entry only: the shim opens this before it execs, and the test keeps its
    // pid. The rest of /proc holds the environment of every process of the user
    // (`/proc/PID/environ`), coro-lings' own and the CI runner's included.
    "/proc/self",
    "/sys",
];
/// Devices a test may read and write.
const DEVICES: &[&str] = &["/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"];

/// Restricts this process (the shim, single-threaded, about to exec the test) to `own` for
/// writing and the system's folders plus `read` for reading. Best effort: on a kernel with
/// less Landlock the rules it lacks are left out, and the status says so.
#[cfg(target_os = "linux")]
pub fn restrict(own: &Path, read: &[PathBuf]) -> Result<Status, String> {
    use landlock::{
        ABI, Access, AccessFs, AccessNet, LandlockStatus, Ruleset, RulesetAttr, RulesetCreatedAttr,
        RulesetStatus, Scope, path_beneath_rules,
    };
    let newest = ABI::V10;
    let read_exec = AccessFs::from_read(newest);
    let device = AccessFs::ReadFile | AccessFs::WriteFile;
    let status = Ruleset::default()
        .handle_access(AccessFs::from_all(newest))
        .and_then(|r| r.handle_access(AccessNet::from_all(newest)))
        .and_then(|r| r.scope(Scope::from_all(newest)))
        .and_then(|r| r.create())
        .and_then(|r| r.add_rules(path_beneath_rules(SYSTEM_READ, read_exec)))
        .and_then(|r| r.add_rules(path_beneath_rules(read, read_exec)))
        .and_then(|r| r.add_rules(path_beneath_rules(DEVICES, device)))
        .and_then(|r| r.add_rules(path_beneath_rules([own], AccessFs::from_all(newest))))
        .and_then(|r| r.restrict_self())
        .map_err(|e| e.to_string())?;
    let abi = match status.landlock {
        LandlockStatus::Available { effective_abi, .. } => effective_abi as u32,
        _ => 0,
    };
    Ok(match status.ruleset {
        RulesetStatus::FullyEnforced => Status::Full(abi),
        RulesetStatus::PartiallyEnforced => Status::Partial(abi),
        _ => Status::None,
    })
}

/// Elsewhere there is no Landlock: the sandbox is never in force.
#[cfg(not(target_os = "linux"))]
pub fn restrict(_own: &Path, _read: &[PathBuf]) -> Result<Status, String> {
    Ok(Status::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_line_reads_back() {
        for s in [Status::Full(10), Status::Partial(7), Status::None] {
            assert_eq!(
                Status::parse(&format!("memory 1 ours\n{}", s.to_line())),
                Some(s)
            );
        }
        assert_eq!(Status::parse("memory 1 ours\n"), None);
    }

    #[test]
    fn the_guarantees_follow_the_abi() {
        let old = guarantees(Status::Partial(3));
        assert!(old.contains("not covered here: TCP"), "{old}");
        let new = guarantees(Status::Partial(7));
        assert!(new.contains("no TCP connect or bind"), "{new}");
        assert!(new.contains("UDP"), "{new}");
        assert!(guarantees(Status::None).contains("NOT in force"));
    }
}
