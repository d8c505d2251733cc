//! Watch mode: the learner's screen.

use std::path::Path;
use std::process::ExitCode;

/// Runs watch mode on the course at `root`.
pub fn run(_root: &Path, _manual_run: bool) -> anyhow::Result<ExitCode> {
    eprintln!("watch mode is not built yet");
    Ok(ExitCode::from(2))
}
