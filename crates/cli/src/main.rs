//! The `portcullis` binary: haproxy 2.6's command line. It checks
//! configurations (`-c`), evaluates conditions (`-cc`), prints its version
//! (`-v`, `-vv`) and runs the proxy (`start`, on the `runtime` crate).

mod args;
mod cfgfiles;
mod check;
mod hooks;
mod host;
mod output;
mod start;
mod version;

use args::{ArgError, Mode};
use output::Printer;

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(run(&argv));
}

fn progname() -> String {
    std::env::args()
        .next()
        .and_then(|a| a.rsplit('/').next().map(str::to_string))
        .unwrap_or_else(|| "portcullis".to_string())
}

/// haproxy's `usage()`: the version on stdout, the usage text on stderr.
fn usage() -> i32 {
    print!("{}", version::banner());
    eprint!("{}", args::USAGE.replacen("portcullis", &progname(), 1));
    1
}

fn run(argv: &[String]) -> i32 {
    let args = match args::parse(argv) {
        Ok(a) => a,
        Err(ArgError::Usage) => return usage(),
        Err(ArgError::Alert {
            text,
            usage: with_usage,
        }) => {
            Printer::new(false, false).line(syntax::Level::Alert, &text);
            return if with_usage { usage() } else { 1 };
        }
    };
    let mut out = Printer::new(args.quiet && !args.verbose, args.diag);
    match &args.mode {
        Mode::Version { vv } => {
            let text = if *vv {
                version::build_info()
            } else {
                version::banner()
            };
            print!("{text}");
            0
        }
        Mode::CheckCond(expr) => match hooks::eval_condition(expr, &check::proc_env()) {
            Ok(true) => 0,
            Ok(false) => 1,
            Err(why) => {
                out.config_alert(&format!("Failed to evaluate condition: {why}"));
                2
            }
        },
        _ if args.files.is_empty() => usage(),
        Mode::Check => check::run(&args, &mut out),
        Mode::Run => start::run(&args, &mut out),
    }
}
