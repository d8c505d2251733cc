//! The command line: what each command takes, and the exit codes.

#![allow(
    clippy::print_stderr,
    reason = "the last word on a failed command goes to standard error"
)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::report::Format;
use crate::{commands, output};

const EXIT_CODES: &str = "\
Exit codes:
  0  success (for verify: every exercise passes)
  1  an exercise is pending or failed, or a solution was asked for too early, or the
     dev mutants score is below --min-score
  2  usage error, or a problem with the course (info.toml, missing files, dev check),
     or the output could not be written (a closed pipe: `coro-lings list | head`)";

/// Learn coroutines in Rust by fixing small exercises.
///
/// Run it in the course folder (the one with info.toml); `coro-lings init` makes one. Without
/// a command it starts watch mode: edit the current exercise, save, and see the result.
#[derive(Debug, Parser)]
#[command(name = "coro-lings", version = crate::shipped::VERSION, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the current exercise on every save, with hints and solutions on keys (the default)
    Watch {
        /// Check only when you press r: for file systems where change notifications do not work
        #[arg(long)]
        manual_run: bool,
    },
    /// Check every exercise, print one line each and a summary; exit 0 only if all pass
    Verify {
        /// Output format: text for people, json (one object per line) or junit for CI systems
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Run tests in the sandbox (Linux, Landlock): they may write only to their own
        /// folder and have no TCP. `sandbox = true` in info.toml makes it the default
        #[arg(long)]
        sandbox: bool,
    },
    /// Check one exercise (default: the first pending one) and show the full output
    Run {
        /// Exercise id (rank3_running_average) or a unique name (running_average)
        name: Option<String>,
        /// Run the test in the sandbox, as `verify --sandbox` does
        #[arg(long)]
        sandbox: bool,
    },
    /// Show a hint for an exercise (default: the current one)
    Hint {
        /// Exercise id or unique name
        name: Option<String>,
        /// Which hint, from 1 (a nudge) to the last (the shape of the answer)
        #[arg(long, value_name = "K", conflicts_with = "all")]
        level: Option<usize>,
        /// Show every hint
        #[arg(long)]
        all: bool,
    },
    /// Print the reference solution of an exercise you have passed
    Solution {
        /// Exercise id or unique name
        name: String,
        /// Show it even though the exercise has not passed yet
        #[arg(long)]
        force: bool,
    },
    /// List every exercise with its status, and the progress per rank
    List,
    /// Restore an exercise as shipped, keeping a backup of your version
    Reset {
        /// Exercise id or unique name
        name: String,
    },
    /// Read the concept notes of a rank (default: the current exercise's rank)
    Notes {
        /// Rank number, 1 to 5
        rank: Option<u32>,
    },
    /// List the runnable examples of the core, by rank
    Examples,
    /// Build an example against the prebuilt core and run it (change it, run it again)
    Example {
        /// Example name, as `examples` lists it (rank2_running_average)
        name: String,
    },
    /// Write a fresh course into DIR (default ./coro-lings), which must be new or empty
    Init {
        /// Where to make the course
        dir: Option<PathBuf>,
    },
    /// Print a shell completion script: e.g. `coro-lings completions bash >
    /// ~/.local/share/bash-completion/completions/coro-lings`
    Completions {
        /// The shell to complete for
        shell: crate::completions::Shell,
    },
    /// Tools for course authors
    Dev {
        #[command(subcommand)]
        command: DevCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Prove the course sound: every exercise fails as recorded, every solution passes, tests
    /// match, nothing is orphaned; refreshes the editor manifest exercises/Cargo.toml
    Check,
    /// Measure the tests: mutate each solution (operators, literals, deleted statements,
    /// ignored errors) and count the mutants its tests catch; prints survivors and scores
    Mutants {
        /// Exercise ids or unique names (default: every exercise, or those of --rank)
        names: Vec<String>,
        /// Only the exercises of this rank
        #[arg(long, value_name = "N")]
        rank: Option<u32>,
        /// Seconds one mutant's tests may run before it counts as caught (timed out)
        #[arg(long, value_name = "SECS", default_value_t = 5)]
        timeout: u64,
        /// Exit 1 when the overall score (percent caught of compiling mutants) is below this
        #[arg(long, value_name = "PERCENT")]
        min_score: Option<f64>,
        /// Parallel workers (default: one per core)
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
    },
}

/// Parses the arguments, runs the command, and turns errors into exit code 2.
pub fn main() -> ExitCode {
    // The exec shim of a test process first: it must not start threads or install handlers
    // before it becomes the test.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if crate::shim::wanted(&args) {
        return crate::shim::main(&args[2..]);
    }
    crate::procs::install_handlers();
    let cli = Cli::parse();
    let root = PathBuf::from(".");
    let needs_course = !matches!(
        cli.command,
        Some(Command::Init { .. } | Command::Completions { .. })
    );
    let result = if needs_course && !root.join(crate::course::INFO_FILE).exists() {
        let cwd = std::env::current_dir().unwrap_or_else(|_| root.clone());
        Err(crate::init::no_course_here(&cwd))
    } else {
        dispatch(cli.command, &root)
    };
    finish(result)
}

fn dispatch(command: Option<Command>, root: &Path) -> anyhow::Result<ExitCode> {
    let root = root.to_path_buf();
    match command {
        None => crate::watch::run(&root, false),
        Some(Command::Watch { manual_run }) => crate::watch::run(&root, manual_run),
        Some(Command::Verify { format, sandbox }) => commands::verify(&root, format, sandbox),
        Some(Command::Run { name, sandbox }) => commands::run(&root, name.as_deref(), sandbox),
        Some(Command::Hint { name, level, all }) => {
            commands::hint(&root, name.as_deref(), level, all)
        }
        Some(Command::Solution { name, force }) => commands::solution(&root, &name, force),
        Some(Command::List) => commands::list(&root),
        Some(Command::Reset { name }) => commands::reset(&root, &name),
        Some(Command::Notes { rank }) => commands::notes(&root, rank),
        Some(Command::Examples) => commands::examples(&root),
        Some(Command::Example { name }) => commands::example(&root, &name),
        Some(Command::Init { dir }) => {
            crate::init::init(&dir.unwrap_or_else(|| PathBuf::from(crate::init::DEFAULT_DIR)))
        }
        Some(Command::Completions { shell }) => {
            crate::output::out!("{}", shell.script());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Dev {
            command: DevCommand::Check,
        }) => crate::devcheck::run(&root),
        Some(Command::Dev {
            command:
                DevCommand::Mutants {
                    names,
                    rank,
                    timeout,
                    min_score,
                    jobs,
                },
        }) => crate::mutants::run(
            &root,
            &crate::mutants::Options {
                names,
                rank,
                timeout_secs: timeout,
                min_score,
                jobs,
            },
        ),
    }
}

/// Ends the command: kills what it started, flushes, and turns errors into exit code 2.
fn finish(result: anyhow::Result<ExitCode>) -> ExitCode {
    crate::procs::wait_if_signalled();
    // Nothing a check started outlives the command.
    crate::procs::kill_all();
    // A last line without a newline is still buffered: its failure counts too.
    let result = result.and_then(|code| output::flush().map(|()| code).map_err(Into::into));
    match result {
        Ok(code) => code,
        // A reader that went away (`coro-lings list | head`) is no fault of the learner's, and
        // nobody is reading: end quietly.
        Err(e) if output::write_error(&e).is_some_and(output::WriteError::is_broken_pipe) => {
            ExitCode::from(2)
        }
        Err(e) => {
            // A failed write to standard output (a full disk) is said in one line, without the
            // context of whatever was being printed.
            let message = match output::write_error(&e) {
                Some(w) => w.to_string(),
                None => format!("{e:#}"),
            };
            eprintln!(
                "{} {message}",
                colored::Colorize::bold(colored::Colorize::red("error:"))
            );
            ExitCode::from(2)
        }
    }
}

/// The completion scripts `completions` carries (see [`crate::completions`]), checked here
/// because the test needs the command line, and `completions` must not import `cli`.
#[cfg(test)]
mod completions_tests {
    use std::path::Path;

    use clap::{CommandFactory, ValueEnum};

    use crate::completions::Shell;

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
             command line now (UPDATE_SNAPSHOTS=1 cargo test --lib completions rewrites them; \
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
