//! Writes coro-lings' man page, generated from its command-line definition, for packagers:
//! `cargo run --example man > coro-lings.1`. An example rather than a command, so that the
//! learner's build does not compile the man page writer.

fn main() -> std::io::Result<()> {
    use clap::CommandFactory;
    let command = coro_lings::cli::Cli::command();
    clap_mangen::Man::new(command).render(&mut std::io::stdout().lock())
}
