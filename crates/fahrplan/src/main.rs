//! The `fahrplan` binary: parses the command line, loads the configuration, sets up logging and
//! hands over to the command. It holds no logic of its own.

mod accounts_config;
mod admin;
mod audit_config;
mod cli;
mod commands;
mod config;
mod data_dir;
mod documents;
mod keys;
mod listen;
mod operator_config;
mod serve;

use clap::Parser;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: indexing passes large, short-lived buffers through
/// several threads, and glibc's per-thread arenas kept much of that memory (peak RSS on the law
/// corpus 880 MB with glibc, 618 MB with mimalloc, same build otherwise; BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("FAHRPLAN_LOG_FORMAT").is_ok_and(|v| v == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// mimalloc hands freed memory back to the system only after a delay (10 ms by default); with no
/// delay the server's peak RSS while indexing the law corpus fell from 511 to 393 MB at the same
/// speed (BENCHMARKS.md). mimalloc reads its options from the environment as the process starts,
/// before `main`, so without the option set the program replaces itself once (same process id)
/// with the option in its environment; if that fails it carries on with the defaults.
#[cfg(unix)]
fn exec_with_allocator_options() {
    use std::os::unix::process::CommandExt as _;
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    // `exec` returns only when it failed.
    let _failed = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env("MIMALLOC_PURGE_DELAY", "0")
        .exec();
}

fn main() -> ExitCode {
    #[cfg(unix)]
    exec_with_allocator_options();
    let cli = cli::Cli::parse();
    init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}
