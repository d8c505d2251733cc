//! `coro-lings completions SHELL`: shell completion scripts, generated from the clap definition
//! by clap_complete and carried as text, so that the learner's build does not compile the
//! generator. The test below regenerates them and fails when they differ from the carried ones
//! (a command or option changed): `UPDATE_SNAPSHOTS=1 cargo test --lib completions::` rewrites
//! them.

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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use clap::{CommandFactory, ValueEnum};

    use super::Shell;

    fn generator(shell: Shell) -> (clap_complete::Shell, &'static str) {
        match shell {
            Shell::Bash => (clap_complete::Shell::Bash, "coro-lings.bash"),
            Shell::Elvish => (clap_complete::Shell::Elvish, "coro-lings.elv"),
            Shell::Fish => (clap_complete::Shell::Fish, "coro-lings.fish"),
            Shell::Powershell => (clap_complete::Shell::PowerShell, "coro-lings.ps1"),
            Shell::Zsh => (clap_complete::Shell::Zsh, "_coro-lings"),
        }
    }

    #[test]
    fn the_carried_scripts_are_what_clap_complete_generates_now() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/completions");
        let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
        let mut stale = Vec::new();
        for &shell in Shell::value_variants() {
            let (generator, file) = generator(shell);
            let mut out = Vec::new();
            clap_complete::generate(
                generator,
                &mut crate::cli::Cli::command(),
                "coro-lings",
                &mut out,
            );
            let fresh = String::from_utf8(out).expect("clap_complete writes UTF-8");
            if update {
                std::fs::write(dir.join(file), &fresh).unwrap();
            } else if fresh != shell.script() {
                stale.push(file);
            }
        }
        assert!(
            stale.is_empty(),
            "src/completions/{stale:?} differ from what clap_complete generates from the \
             command line now (UPDATE_SNAPSHOTS=1 cargo test --lib completions:: rewrites them; \
             then rebuild, since they are embedded)"
        );
    }

    #[test]
    fn every_shell_clap_complete_knows_has_a_script() {
        let ours: Vec<_> = Shell::value_variants()
            .iter()
            .map(|s| generator(*s).0)
            .collect();
        for shell in clap_complete::Shell::value_variants() {
            assert!(ours.contains(shell), "no script for {shell}");
        }
    }
}
