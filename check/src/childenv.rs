//! The environment of every process a check starts: cleared, then filled from an allow-list,
//! so that a test cannot print the CI secrets coro-lings was started with. The README lists
//! the same names ("What a test can see"); keep the two in step.
//!
//! Two lists, because the two kinds of process need different things: the compiler (run
//! through rustup's proxy, which finds its toolchain through `HOME`, `RUSTUP_*` and
//! `CARGO_HOME`) and the program it built, which gets a `HOME` of its own. The compiler's list
//! matters as much as the program's: `env!("GITHUB_TOKEN")` reads the compiler's environment
//! and bakes the value into the test binary.

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::Command;

/// Variables the program (a test binary or a run exercise's `main`) sees as they are in
/// coro-lings' environment. Besides these: every `LC_*`, and `HOME` and `TMPDIR`, which point
/// at the check's own folder.
pub const PROGRAM_VARS: &[&str] = &[
    "PATH",
    "LANG",
    "LANGUAGE",
    "TERM",
    // The test harness reads these two: how many tests run at once, and a thread's stack.
    "RUST_TEST_THREADS",
    "RUST_MIN_STACK",
];

/// Variables the compiler sees as they are, besides every `LC_*` and `RUSTUP_*`.
pub const COMPILER_VARS: &[&str] = &[
    "PATH",
    "HOME",
    "TMPDIR",
    "LANG",
    "LANGUAGE",
    "TERM",
    "CARGO_HOME",
    // The toolchain's own libraries, where a rustup or distro install sets it.
    "LD_LIBRARY_PATH",
];

/// Prefixes of the variable families both lists take whole.
const PROGRAM_PREFIXES: &[&str] = &["LC_"];
const COMPILER_PREFIXES: &[&str] = &["LC_", "RUSTUP_"];

/// Variables the runner itself sets for the program, on top of the allow-list: not the
/// learner's environment but the checker's own (such as `RUST_BACKTRACE=0`, or the library
/// path of a toolchain's shared `libstd` that the test binary is linked against).
pub type RunnerVars<'a> = &'a [(&'a str, OsString)];

fn allowed(name: &OsStr, names: &[&str], prefixes: &[&str]) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    names.contains(&name) || prefixes.iter().any(|p| name.starts_with(p))
}

fn from_env(names: &[&str], prefixes: &[&str]) -> Vec<(OsString, OsString)> {
    std::env::vars_os()
        .filter(|(name, _)| allowed(name, names, prefixes))
        .collect()
}

/// Clears `cmd`'s environment and gives it what a compiler may see.
pub fn for_compiler(cmd: &mut Command) {
    cmd.env_clear()
        .envs(from_env(COMPILER_VARS, COMPILER_PREFIXES));
}

/// The value the compiler saw for `name`, for the cache's record of the variables a build read
/// (`env!`): `None` for every name outside the list, whatever coro-lings' environment holds.
pub fn compiler_var(name: &str) -> Option<String> {
    if !allowed(OsStr::new(name), COMPILER_VARS, COMPILER_PREFIXES) {
        return None;
    }
    std::env::var(name).ok()
}

/// Clears `cmd`'s environment and gives it what a program may see: the allow-list, `HOME`
/// and `TMPDIR` set to `home` (a folder of the check's own), then `runner`'s variables.
pub fn for_program(cmd: &mut Command, home: &Path, runner: RunnerVars) {
    cmd.env_clear()
        .envs(from_env(PROGRAM_VARS, PROGRAM_PREFIXES))
        .env("HOME", home)
        .env("TMPDIR", home)
        .envs(runner.iter().map(|(k, v)| (k, v)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(cmd: &Command) -> Vec<(String, Option<String>)> {
        cmd.get_envs()
            .map(|(k, v)| {
                (
                    k.to_string_lossy().into_owned(),
                    v.map(|v| v.to_string_lossy().into_owned()),
                )
            })
            .collect()
    }

    #[test]
    fn the_lists_take_what_they_name_and_nothing_else() {
        assert!(allowed(OsStr::new("PATH"), PROGRAM_VARS, PROGRAM_PREFIXES));
        assert!(allowed(
            OsStr::new("LC_ALL"),
            PROGRAM_VARS,
            PROGRAM_PREFIXES
        ));
        assert!(!allowed(OsStr::new("HOME"), PROGRAM_VARS, PROGRAM_PREFIXES));
        assert!(!allowed(
            OsStr::new("GITHUB_TOKEN"),
            PROGRAM_VARS,
            PROGRAM_PREFIXES
        ));
        assert!(!allowed(
            OsStr::new("RUSTUP_HOME"),
            PROGRAM_VARS,
            PROGRAM_PREFIXES
        ));
        assert!(allowed(
            OsStr::new("RUSTUP_HOME"),
            COMPILER_VARS,
            COMPILER_PREFIXES
        ));
        assert!(!allowed(
            OsStr::new("AWS_SECRET_ACCESS_KEY"),
            COMPILER_VARS,
            COMPILER_PREFIXES
        ));
        assert_eq!(compiler_var("AWS_SECRET_ACCESS_KEY"), None);
    }

    #[test]
    fn a_program_gets_its_own_home_and_the_runner_s_variables() {
        let mut cmd = Command::new("true");
        for_program(
            &mut cmd,
            Path::new("/check/home"),
            &[("RUST_BACKTRACE", "0".into())],
        );
        let env = env_of(&cmd);
        let get = |name: &str| {
            env.iter()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| v.clone())
        };
        assert_eq!(get("HOME").as_deref(), Some("/check/home"));
        assert_eq!(get("TMPDIR").as_deref(), Some("/check/home"));
        assert_eq!(get("RUST_BACKTRACE").as_deref(), Some("0"));
        for (name, _) in &env {
            assert!(
                ["HOME", "TMPDIR", "RUST_BACKTRACE"].contains(&name.as_str())
                    || allowed(OsStr::new(name), PROGRAM_VARS, PROGRAM_PREFIXES),
                "{name} is not on the list"
            );
        }
    }
}
