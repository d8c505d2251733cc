//! coro-lings: the checker of a rustlings-style course on coroutines.
//!
//! Data flows one way: [`course`] parses `info.toml`, [`runner`] checks exercises, [`progress`]
//! records what is done, and the commands ([`cli`], [`watch`]) draw the result.

pub mod cli;
pub mod commands;
pub mod course;
pub mod devcheck;
pub mod editor;
pub mod fsutil;
pub mod giveaway;
pub mod lexer;
pub mod mutants;
pub mod mutate;
pub mod noterefs;
pub mod notes;
pub mod output;
pub mod procs;
pub mod progress;
pub mod report;
pub mod runner;
pub mod shipped;
pub mod stamp;
pub mod toolchain;
pub mod verdict;
pub mod warnings;
pub mod watch;
