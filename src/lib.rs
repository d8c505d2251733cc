//! coro-lings: the checker of a rustlings-style course on coroutines.
//!
//! Data flows one way: [`course`] parses `info.toml`, [`runner`] checks exercises, [`progress`]
//! records what is done, [`session`] puts these together for the commands and watch mode, and
//! the commands ([`cli`], [`commands`], [`watch`]) draw the result with the shared helpers of
//! [`draw`], [`report`] and [`output`]. No module imports one above it.

// Output belongs to the output code (output.rs's out!/outln!, the commands' messages); anywhere
// else a print is a stray debugging line, and print! panics on a closed pipe where out! returns
// the error. Each module that prints says so with an allow.
#![warn(clippy::print_stdout, clippy::print_stderr)]

// The checker stops each check's processes by process group (see `procs`), which only Unix has.
// Elsewhere the modules are left out, so that this is the one error a build reports.
#[cfg(not(unix))]
compile_error!(
    "coro-lings runs on Linux and other Unix systems only (it stops each check's processes by \
     process group); on Windows, build and run it under WSL"
);

/// Declares each module for Unix targets only (see the `compile_error!` above).
macro_rules! unix_modules {
    ($($name:ident)*) => { $( #[cfg(unix)] pub mod $name; )* };
}

unix_modules! {
    cli
    commands
    completions
    devcheck
    draw
    examples
    editor
    giveaway
    init
    mutants
    mutate
    noterefs
    notes
    output
    report
    session
    warnings
    watch
}

// The checking half, a crate of its own (see its docs); its modules keep their paths here.
#[cfg(unix)]
pub use coro_lings_check::{
    childenv, course, fsutil, invocation, lexer, limits, pidcap, procs, program_check, progress,
    runner, sandbox, shim, shipped, stamp, toolchain, trace, verdict,
};
