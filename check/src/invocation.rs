//! Commands named the way the learner can type them. A learner who followed the README runs
//! the checker with `cargo run --release`, and has no `coro-lings` on the PATH until they
//! install it; a message that says `coro-lings run X` would send them to "command not found".

use std::env;
use std::path::Path;
use std::sync::OnceLock;

/// How to run the checker with `args` (`"run countdown"`), as this learner can type it.
pub fn command(args: &str) -> String {
    static PREFIX: OnceLock<&'static str> = OnceLock::new();
    let prefix = PREFIX.get_or_init(|| {
        if on_path(env::var_os("PATH").as_deref()) {
            "coro-lings"
        } else {
            "cargo run --release --"
        }
    });
    format!("{prefix} {args}")
}

/// Whether a `coro-lings` program is on `path` (a `PATH` value).
fn on_path(path: Option<&std::ffi::OsStr>) -> bool {
    let Some(path) = path else { return false };
    env::split_paths(path).any(|dir| is_program(&dir.join("coro-lings")))
}

fn is_program(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_coro_lings_on_the_path_is_found_and_a_plain_file_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let program = dir.path().join("coro-lings");
        std::fs::write(&program, "#!/bin/sh\n").unwrap();
        let path = env::join_paths(["/nonexistent".as_ref(), dir.path()]).unwrap();
        assert!(!on_path(Some(&path)), "not executable yet");
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(on_path(Some(&path)));
        assert!(!on_path(None));
    }
}
