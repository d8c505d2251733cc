//! Standard output for the commands. A write that fails is an error like any other: it travels
//! up with `?` to [`crate::cli::main`], which ends quietly when the reader went away
//! (`coro-lings list | head`) and says what happened otherwise (`> /dev/full`). `println!`
//! would panic instead.

use std::fmt;
use std::io::{self, Write};

/// Standard output could not be written.
#[derive(Debug)]
pub struct WriteError(pub io::Error);

impl WriteError {
    /// The reader closed its end: nobody is left to tell, so nothing more is said.
    pub fn is_broken_pipe(&self) -> bool {
        self.0.kind() == io::ErrorKind::BrokenPipe
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write the output: {}", self.0)
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Writes `args` to standard output.
pub fn write_fmt(args: fmt::Arguments<'_>) -> Result<(), WriteError> {
    io::stdout().lock().write_fmt(args).map_err(WriteError)
}

/// Flushes standard output, so that a last line without a newline fails here and not silently
/// at exit.
pub fn flush() -> Result<(), WriteError> {
    io::stdout().lock().flush().map_err(WriteError)
}

/// The [`WriteError`] somewhere in `error`'s chain, if writing the output is what failed.
pub fn write_error(error: &anyhow::Error) -> Option<&WriteError> {
    error.chain().find_map(|e| e.downcast_ref::<WriteError>())
}

/// `print!` whose error returns from the enclosing function with `?`.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::write_fmt(format_args!($($arg)*))?
    };
}

/// `println!` whose error returns from the enclosing function with `?`.
macro_rules! outln {
    () => {
        $crate::output::write_fmt(format_args!("\n"))?
    };
    ($($arg:tt)*) => {
        $crate::output::write_fmt(format_args!("{}\n", format_args!($($arg)*)))?
    };
}

pub(crate) use {out, outln};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_error_is_found_under_context() {
        let e = anyhow::Error::new(WriteError(io::Error::from(io::ErrorKind::BrokenPipe)))
            .context("listing");
        assert!(write_error(&e).is_some_and(WriteError::is_broken_pipe));
        let other = anyhow::anyhow!("something else");
        assert!(write_error(&other).is_none());
    }
}
