//! `cocreate`: opens the window, or runs a subcommand (see `cocreate --help`).

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = match cocreate::cli::Cli::try_parse() {
        Ok(cli) => cli,
        // Help, version or a usage error: printed without panicking on a closed or full
        // standard output.
        Err(e) => return cocreate::cli::parse_error(&e),
    };
    match cocreate::cli::run(cli) {
        cocreate::cli::Outcome::Exit(code) => code,
        cocreate::cli::Outcome::Window {
            file,
            room,
            present,
            language,
        } => match cocreate::shell::run_window(cocreate::app::WindowOptions {
            file,
            present,
            language,
            room,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                cocreate::cli::complain(&format!("could not open the window: {e}"));
                ExitCode::FAILURE
            }
        },
    }
}
