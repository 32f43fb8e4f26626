//! `cocreate`: opens the window, or runs a subcommand (see `cocreate --help`).

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = cocreate::cli::Cli::parse();
    match cocreate::cli::run(cli) {
        cocreate::cli::Outcome::Exit(code) => code,
        cocreate::cli::Outcome::Window(options) => match cocreate::app::run_window(options) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("cocreate: could not open the window: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
