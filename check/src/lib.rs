//! The checking half of coro-lings: [`course`] parses `info.toml`, [`runner`] checks
//! exercises, [`progress`] records what is done. The commands, watch mode and the authoring
//! tools that draw the results are the `coro-lings` crate, which re-exports these modules.
//!
//! A crate of its own so that it compiles beside the commands and is optimised where they are
//! not: every check runs this code, while the commands run once per command or key press.

// Output belongs to the commands (coro-lings' output.rs); anywhere here a print is a stray
// debugging line, and print! panics on a closed pipe. Each module that prints says so with an
// allow.
#![warn(clippy::print_stdout, clippy::print_stderr)]

// The checker stops each check's processes by process group (see `procs`), which only Unix has.
// Elsewhere the modules are left out, so that this is the one error a build reports.
#[cfg(not(unix))]
compile_error!(
    "coro-lings runs on Linux and other Unix systems only (it stops each check's processes by \
     process group); on Windows, build and run it under WSL"
);

// Each module is for Unix targets only (see the `compile_error!` above).
#[cfg(unix)]
pub mod childenv;
#[cfg(unix)]
pub mod course;
#[cfg(unix)]
pub mod fsutil;
#[cfg(unix)]
pub mod invocation;
#[cfg(unix)]
pub mod lexer;
#[cfg(unix)]
pub mod limits;
#[cfg(unix)]
pub mod pidcap;
#[cfg(unix)]
pub mod procs;
#[cfg(unix)]
pub mod program_check;
#[cfg(unix)]
pub mod progress;
#[cfg(unix)]
pub mod runner;
#[cfg(unix)]
pub mod sandbox;
#[cfg(unix)]
pub mod shim;
#[cfg(unix)]
pub mod shipped;
#[cfg(unix)]
pub mod stamp;
#[cfg(unix)]
pub mod toolchain;
#[cfg(unix)]
pub mod trace;
#[cfg(unix)]
pub mod verdict;
