//! `coro-lings completions SHELL`: shell completion scripts, generated from the clap definition
//! by clap_complete and carried as text, so that the learner's build does not compile the
//! generator. A test in `cli` (which this module must not import: the module graph has no
//! cycles) regenerates them and fails when they differ from the carried ones (a command or
//! option changed): `UPDATE_SNAPSHOTS=1 cargo test --lib completions` rewrites them.

/// A shell `completions` writes a script for (the same names clap_complete's `Shell` takes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Elvish,
    Fish,
    Powershell,
    Zsh,
}

impl Shell {
    /// The completion script for this shell.
    pub fn script(self) -> &'static str {
        match self {
            Shell::Bash => include_str!("completions/coro-lings.bash"),
            Shell::Elvish => include_str!("completions/coro-lings.elv"),
            Shell::Fish => include_str!("completions/coro-lings.fish"),
            Shell::Powershell => include_str!("completions/coro-lings.ps1"),
            Shell::Zsh => include_str!("completions/_coro-lings"),
        }
    }
}
