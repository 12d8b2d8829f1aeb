//! The `-c` flow of haproxy 2.6's `init()`: expand the `-f` operands, parse
//! each file in order (reporting `Error(s) found in configuration file` per
//! failing file and stopping at an abort), skip the post-parse checks when
//! parsing already failed, then run them, then the zero-warning test, then
//! the verdict on stdout and the exit code (0 valid, 1 invalid, 2 valid but
//! no listener).
//!
//! Messages are gathered first and printed at the end, because global
//! `quiet` silences the messages that follow it and we only know where it
//! is once the IR is built.

use crate::args::Args;
use crate::output::Printer;
use crate::{cfgfiles, hooks, host};
use model::cx::ProcEnv;
use syntax::{Diagnostic, ErrCode, FileId, Level, Span};

/// One gathered message and where it belongs (for global `quiet`).
struct Msg {
    diag: Diagnostic,
    /// `None` for post-parse messages.
    at: Option<Span>,
}

/// Messages of a run, in print order.
#[derive(Default)]
struct Gathered {
    msgs: Vec<Msg>,
    warned: bool,
}

impl Gathered {
    fn add(&mut self, d: &Diagnostic, post_parse: bool) {
        self.warned |= d.level == Level::Warning;
        let at = if post_parse { None } else { d.span };
        self.msgs.push(Msg {
            diag: d.clone(),
            at,
        });
    }
    fn alert(&mut self, text: String, at: Option<Span>) {
        self.msgs.push(Msg {
            diag: Diagnostic::alert(None, text),
            at,
        });
    }
    /// Prints everything, leaving out what follows global `quiet`.
    fn flush(&self, out: &mut Printer, quiet_at: Option<Span>) {
        for m in &self.msgs {
            let silenced = match (quiet_at, m.at) {
                (Some(q), Some(at)) => at > q,
                (Some(_), None) => true,
                (None, _) => false,
            };
            if !silenced {
                out.diagnostic(&m.diag);
            }
        }
    }
}

/// The environment `.if` and `$VAR` see: the real one, as bytes.
pub fn proc_env() -> ProcEnv {
    use std::os::unix::ffi::OsStrExt;
    ProcEnv {
        vars: std::env::vars_os()
            .map(|(k, v)| (k.as_bytes().to_vec(), v.as_bytes().to_vec()))
            .collect(),
        features: crate::version::enabled_features(),
    }
}

/// A configuration that parsed and passed the post-parse checks.
pub struct Loaded {
    pub cfg: model::Config,
    /// Some warning was printed.
    pub warned: bool,
    pub code: ErrCode,
}

/// Runs `-c`; returns the exit code.
pub fn run(args: &Args, out: &mut Printer) -> i32 {
    let mut l = match load(args, out) {
        Ok(l) => l,
        Err(code) => return code,
    };
    // What the runtime cannot run is refused here too, so that `-c` and a
    // start-up give the same answer.
    let maxpconn = args.maxconn_per_proxy();
    if let Err(diags) = runtime::plan::build(&l.cfg, &runtime::plan::no_resolver, maxpconn) {
        for d in &diags.list {
            out.diagnostic(d);
        }
        l.code |= diags.code;
        for d in &diags.list {
            l.code |= d.code;
        }
    }
    verdict(args, out, l.warned, &l.cfg, l.code)
}

/// Reads, lowers and checks the configuration files as haproxy's `init()`
/// does, printing the messages; `Err(exit code)` when it cannot go on.
pub fn load(args: &Args, out: &mut Printer) -> Result<Loaded, i32> {
    let files = match cfgfiles::expand(&args.files) {
        Ok(f) => f,
        Err(text) => {
            out.config_alert(&text);
            return Err(1);
        }
    };
    let host = host::RealHost;
    let opts = model::Options {
        resolve_none: args.resolve_none,
        diag: args.diag,
    };
    let mut builder = model::Builder::new(&host, opts, proc_env());
    let mut msgs = Gathered::default();
    let mut seen = 0;
    let mut code = ErrCode::NONE;
    for (i, name) in files.iter().enumerate() {
        let text = match std::fs::read(name) {
            Ok(t) => t,
            Err(e) => {
                let why = host::strerror(&e);
                msgs.alert(
                    format!("Could not open configuration file {name} : {why}"),
                    None,
                );
                msgs.flush(out, None);
                return Err(1);
            }
        };
        let file_code = builder.add_file(name, &text);
        let list = &builder.diagnostics().list;
        for d in list.get(seen..).unwrap_or_default() {
            msgs.add(d, false);
        }
        seen = list.len();
        code |= file_code;
        if file_code.is_fatal() {
            // Placed after the file's last line for global `quiet`.
            let end = Span {
                file: FileId(i as u32),
                line: u32::MAX,
            };
            msgs.alert(
                format!("Error(s) found in configuration file : {name}"),
                Some(end),
            );
        }
        if file_code.intersects(ErrCode::ABORT) {
            break;
        }
    }
    // The IR is needed even after a parse error, to know about global
    // `quiet`; the post-parse messages are then dropped, as haproxy does not
    // run its post-parse checks after a parse error.
    let model::Finished { cfg, diags, failed } = builder.finish_stages();
    let quiet_at = hooks::global_quiet(&cfg).filter(|_| !args.verbose);
    if code.is_fatal() {
        if !code.intersects(ErrCode::ABORT) {
            msgs.alert("Fatal errors found in configuration.".to_string(), None);
        }
        msgs.flush(out, quiet_at);
        return Err(1);
    }
    for d in diags.list.get(seen..).unwrap_or_default() {
        msgs.add(d, true);
    }
    msgs.flush(out, quiet_at);
    if quiet_at.is_some() {
        // Global `quiet` silences the verdict lines as well as later messages.
        out.quiet = true;
    }
    // A failed address resolution (srv_init_addr) exits right after its own
    // "Failed to initialize server(s) addr." alert, without the final line.
    if failed == Some(model::Stage::InitAddr) {
        return Err(1);
    }
    Ok(Loaded {
        cfg,
        warned: msgs.warned,
        code: code | diags.code,
    })
}

/// The end of `-c`: fatal errors, zero-warning, then the stdout verdict.
fn verdict(
    args: &Args,
    out: &mut Printer,
    warned: bool,
    cfg: &model::Config,
    code: ErrCode,
) -> i32 {
    let mut late = Gathered::default();
    let zero_warning = args.zero_warning || hooks::global_zero_warning(cfg);
    let status = if code.is_fatal() {
        late.alert("Fatal errors found in configuration.".to_string(), None);
        1
    } else if zero_warning && code.intersects(ErrCode::WARN) {
        late.alert(
            "Some warnings were found and 'zero-warning' is set. Aborting.".to_string(),
            None,
        );
        1
    } else {
        if warned {
            out.stdout("Warnings were found.");
        }
        if hooks::has_listener(cfg) {
            out.stdout("Configuration file is valid");
            0
        } else {
            out.stdout(
                "Configuration file has no error but will not start (no listener) => exit(2).",
            );
            2
        }
    };
    late.flush(out, None);
    status
}
