//! coro-lings: the checker of a rustlings-style course on coroutines.
//!
//! Data flows one way: [`course`] parses `info.toml`, [`runner`] checks exercises, [`progress`]
//! records what is done, [`session`] puts these together for the commands and watch mode, and
//! the commands ([`cli`], [`commands`], [`watch`]) draw the result with the shared helpers of
//! [`draw`], [`report`] and [`output`]. No module imports one above it. The first three, and
//! the rest of what every check runs, are the checking half, `coro-lings-check`, re-exported
//! here under their own names.

// Output belongs to the output code (output.rs's out!/outln!, the commands' messages); anywhere
// else a print is a stray debugging line, and print! panics on a closed pipe where out! returns
// the error. Each module that prints says so with an allow.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
pub mod commands;
pub mod completions;
pub mod devcheck;
pub mod draw;
pub mod editor;
pub mod examples;
pub mod giveaway;
pub mod init;
pub mod mutants;
pub mod mutate;
pub mod noterefs;
pub mod notes;
pub mod output;
pub mod report;
pub mod session;
pub mod warnings;
pub mod watch;

// The checking half, a crate of its own (see its docs); its modules keep their paths here.
// On a platform other than Unix it stops the build with one error before this crate compiles.
pub use coro_lings_check::{
    childenv, course, fsutil, invocation, lexer, limits, pidcap, procs, program_check, progress,
    runner, sandbox, shim, shipped, stamp, toolchain, trace, verdict,
};
