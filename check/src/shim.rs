//! The exec shim: how a test process gets its limits and sandbox without `unsafe` in the
//! checker. Instead of a `pre_exec` hook, the runner starts coro-lings itself as
//!
//! ```text
//! coro-lings __exec --marker FILE [--limit KIND=VALUE]... [--sandbox DIR [--read DIR]...] \
//!     [--wait] -- PROGRAM ARGS...
//! ```
//!
//! which sets the limits on itself (`setrlimit`), writes what it set to the marker file, puts
//! the Landlock rules on itself, and then becomes `PROGRAM` (`exec`): same process, same
//! process group, same pid, so the runner's timeout and kill work as before. The environment
//! was already cleaned by the runner ([`crate::childenv`]) and passes through unchanged.
//!
//! With `--wait` the shim does all of that and then waits for one byte on its standard input
//! before it becomes the program (whose standard input is then empty); the end of its input
//! instead makes it exit without running anything. The runner starts it that way beside the
//! compiler, so that what the guard costs (starting this binary, and above all joining a
//! cgroup, which waits for the kernel's RCU grace period: 10 to 25 ms here) is paid while the
//! compiler works, not after it.

#![allow(
    clippy::print_stderr,
    reason = "the shim's few words go to the test's standard error, into the check's output"
)]

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::limits::{Applied, Kind, Source};
use crate::sandbox;

/// The hidden first argument that makes coro-lings the shim.
pub const SUBCOMMAND: &str = "__exec";
/// The exit code when the shim itself fails (as a shell's "command not found").
const FAILED: u8 = 127;
/// What the shim's own messages start with, so that they are told from the test's.
pub const PREFIX: &str = "[coro-lings]";

/// What the shim is to do before it becomes the program.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Spec {
    /// The limits, each in the kernel's unit.
    pub limits: Vec<(Kind, u64)>,
    /// The folder the sandboxed program may write to, when it is sandboxed.
    pub sandbox: Option<PathBuf>,
    /// Further folders it may read (and execute from) under the sandbox.
    pub read: Vec<PathBuf>,
    /// Where the shim says what it set.
    pub marker: PathBuf,
    /// A `pids` cgroup to join ([`crate::pidcap`]): the process cap where `RLIMIT_NPROC` does
    /// not apply.
    pub cgroup: Option<PathBuf>,
    /// Wait for the runner's word on standard input before becoming the program.
    pub wait: bool,
}

/// A command that runs `program` under the shim with `spec`; its arguments are added after.
pub fn command(program: &Path, spec: &Spec) -> std::io::Result<Command> {
    let mut cmd = Command::new(std::env::current_exe()?);
    cmd.arg(SUBCOMMAND).arg("--marker").arg(&spec.marker);
    for (kind, value) in &spec.limits {
        cmd.arg("--limit").arg(format!("{}={value}", kind.key()));
    }
    if let Some(dir) = &spec.cgroup {
        cmd.arg("--cgroup").arg(dir);
    }
    if let Some(dir) = &spec.sandbox {
        cmd.arg("--sandbox").arg(dir);
        for dir in &spec.read {
            cmd.arg("--read").arg(dir);
        }
    }
    if spec.wait {
        cmd.arg("--wait");
    }
    cmd.arg("--").arg(program);
    Ok(cmd)
}

/// Reads the shim's arguments (those after [`SUBCOMMAND`]): the spec, the program and its
/// arguments.
fn parse(args: &[OsString]) -> Result<(Spec, OsString, Vec<OsString>), String> {
    let mut spec = Spec::default();
    let mut it = args.iter();
    let value = |it: &mut std::slice::Iter<OsString>, flag: &str| {
        it.next()
            .cloned()
            .ok_or_else(|| format!("{flag} needs a value"))
    };
    loop {
        let Some(arg) = it.next() else {
            return Err("no program after --".to_string());
        };
        match arg.to_str() {
            Some("--") => break,
            Some("--marker") => spec.marker = value(&mut it, "--marker")?.into(),
            Some("--sandbox") => spec.sandbox = Some(value(&mut it, "--sandbox")?.into()),
            Some("--read") => spec.read.push(value(&mut it, "--read")?.into()),
            Some("--cgroup") => spec.cgroup = Some(value(&mut it, "--cgroup")?.into()),
            Some("--wait") => spec.wait = true,
            Some("--limit") => {
                let v = value(&mut it, "--limit")?;
                let parsed = v.to_str().and_then(|v| {
                    let (k, n) = v.split_once('=')?;
                    Some((Kind::from_key(k)?, n.parse().ok()?))
                });
                spec.limits
                    .push(parsed.ok_or_else(|| format!("bad --limit {}", v.to_string_lossy()))?);
            }
            _ => return Err(format!("unknown argument {}", arg.to_string_lossy())),
        }
    }
    let program = it.next().cloned().ok_or("no program after --")?;
    Ok((spec, program, it.cloned().collect()))
}

fn resource(kind: Kind) -> rustix::process::Resource {
    use rustix::process::Resource;
    match kind {
        Kind::Memory => Resource::Data,
        Kind::Cpu => Resource::Cpu,
        Kind::FileSize => Resource::Fsize,
        Kind::OpenFiles => Resource::Nofile,
        Kind::Processes => Resource::Nproc,
    }
}

/// Sets each limit on this process, never above the hard limit it inherited (only root could
/// raise that): where the machine's is lower, the machine's holds, and the marker says so.
fn set_limits(limits: &[(Kind, u64)]) -> Applied {
    use rustix::process::{Rlimit, getrlimit, setrlimit};
    let mut applied = Applied::default();
    for &(kind, want) in limits {
        let res = resource(kind);
        let hard = getrlimit(res).maximum;
        let (value, source) = match hard {
            Some(h) if h < want => (h, Source::Machine),
            _ => (want, Source::Ours),
        };
        // CPU: SIGXCPU at the soft limit, and SIGKILL a second later if the program ignores
        // it. The others are hard limits too, so the program cannot lift them.
        let max = match kind {
            Kind::Cpu => hard.map_or(value + 1, |h| h.min(value + 1)),
            _ => value,
        };
        let new = Rlimit {
            current: Some(value),
            maximum: Some(max),
        };
        match setrlimit(res, new) {
            Ok(()) => applied.limits.push((kind, value, source)),
            Err(e) => eprintln!("{PREFIX} could not set the {} limit: {e}", kind.key()),
        }
    }
    applied
}

/// The shim's whole life: called by `main` when the first argument is [`SUBCOMMAND`]. Returns
/// only when something failed; otherwise this process has become the program.
pub fn main(args: &[OsString]) -> ExitCode {
    use std::os::unix::process::CommandExt;
    let (spec, program, program_args) = match parse(args) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("{PREFIX} {SUBCOMMAND}: {e} (this subcommand is coro-lings' own, for tests)");
            return ExitCode::from(FAILED);
        }
    };
    let mut applied = set_limits(&spec.limits);
    if let Some(dir) = &spec.cgroup {
        let max = std::fs::read_to_string(dir.join("pids.max"))
            .ok()
            .and_then(|m| m.trim().parse().ok());
        match (crate::pidcap::join(dir), max) {
            (Ok(()), Some(max)) => applied.limits.push((Kind::Processes, max, Source::Ours)),
            (Err(e), _) => eprintln!(
                "{PREFIX} no process cap: cannot join {}: {e}",
                dir.display()
            ),
            (Ok(()), None) => {}
        }
    }
    let mut marker = applied.to_text();
    if let Some(own) = &spec.sandbox {
        match sandbox::restrict(own, &spec.read) {
            Ok(status) => marker.push_str(&status.to_line()),
            Err(e) => {
                // A sandbox that was asked for and failed must not run the test unguarded.
                eprintln!("{PREFIX} the sandbox could not be set up: {e}");
                return ExitCode::from(FAILED);
            }
        }
    }
    // Written last, so the marker also tells the runner that the shim got this far. It goes
    // into the check's own folder, which the sandbox leaves writable.
    if let Err(e) = std::fs::write(&spec.marker, marker) {
        eprintln!("{PREFIX} cannot write {}: {e}", spec.marker.display());
        return ExitCode::from(FAILED);
    }
    let mut program_cmd = Command::new(&program);
    program_cmd.args(&program_args);
    if spec.wait {
        let mut go = [0u8; 1];
        match std::io::Read::read(&mut std::io::stdin(), &mut go) {
            Ok(1) => {}
            // The runner closed the pipe: the build failed or the check was cancelled.
            _ => return ExitCode::SUCCESS,
        }
        program_cmd.stdin(std::process::Stdio::null());
    }
    let e = program_cmd.exec();
    eprintln!("{PREFIX} cannot run {}: {e}", Path::new(&program).display());
    ExitCode::from(FAILED)
}

/// Whether the process arguments ask for the shim: `coro-lings __exec ...`.
pub fn wanted(args: &[OsString]) -> bool {
    args.get(1).map(OsString::as_os_str) == Some(OsStr::new(SUBCOMMAND))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_reads_back_as_it_was_made() {
        let spec = Spec {
            limits: vec![(Kind::Memory, 1 << 30), (Kind::Cpu, 12)],
            sandbox: Some("/work/check".into()),
            read: vec!["/toolchain/lib".into()],
            marker: "/work/check/marker".into(),
            cgroup: Some("/sys/fs/cgroup/pids/x".into()),
            wait: true,
        };
        let mut cmd = command(Path::new("/work/check/test-bin"), &spec).unwrap();
        cmd.arg("--color").arg("never");
        let args: Vec<OsString> = cmd.get_args().map(OsStr::to_owned).collect();
        assert_eq!(args[0], SUBCOMMAND);
        let (back, program, rest) = parse(&args[1..]).unwrap();
        assert_eq!(back, spec);
        assert_eq!(program, "/work/check/test-bin");
        assert_eq!(rest, ["--color", "never"]);
    }

    #[test]
    fn bad_arguments_are_refused_with_a_reason() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert!(parse(&args(&["--limit", "memory=lots", "--", "x"])).is_err());
        assert!(parse(&args(&["--limit", "swap=1", "--", "x"])).is_err());
        assert_eq!(
            parse(&args(&["--marker", "m", "--"])).unwrap_err(),
            "no program after --"
        );
        assert!(parse(&args(&["--bogus"])).is_err());
    }
}
