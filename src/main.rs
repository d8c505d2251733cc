use std::process::ExitCode;

fn main() -> ExitCode {
    coro_lings::cli::main()
}
