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

/// Declares each module for Unix targets only (see the `compile_error!` above).
macro_rules! unix_modules {
    ($($name:ident)*) => { $( #[cfg(unix)] pub mod $name; )* };
}

unix_modules! {
    childenv
    course
    fsutil
    invocation
    lexer
    limits
    pidcap
    procs
    program_check
    progress
    runner
    sandbox
    shim
    shipped
    stamp
    toolchain
    trace
    verdict
}
