//! Starting the proxy (no `-c`): the same loading and checks as `-c`, then
//! the runtime plan with the system resolver, then `runtime::run`.

use crate::args::Args;
use crate::check;
use crate::output::Printer;
use syntax::Level;

/// The runtime's messages, printed as haproxy prints them.
struct Out<'a>(&'a mut Printer);

impl runtime::Report for Out<'_> {
    fn alert(&mut self, text: &str) {
        self.0.line(Level::Alert, text);
    }
    fn warning(&mut self, text: &str) {
        self.0.line(Level::Warning, text);
    }
    fn started(&mut self) {
        // haproxy prints its two NOTICE lines only during start-up
        self.0.skip_notices();
    }
}

/// Runs the proxy until it stops; returns the exit code.
pub fn run(args: &Args, out: &mut Printer) -> i32 {
    let loaded = match check::load(args, out) {
        Ok(l) => l,
        Err(code) => return code,
    };
    if loaded.code.is_fatal() {
        out.config_alert("Fatal errors found in configuration.");
        return 1;
    }
    let cfg = &loaded.cfg;
    let resolve = |name: &str, family| {
        if args.resolve_none {
            None
        } else {
            runtime::plan::system_resolver(name, family)
        }
    };
    let mut plan = match runtime::plan::build(cfg, &resolve, args.maxconn_per_proxy()) {
        Ok(p) => p,
        Err(diags) => {
            for d in &diags.list {
                out.diagnostic(d);
            }
            out.config_alert("Fatal errors found in configuration.");
            return 1;
        }
    };
    if plan.frontends.iter().all(|f| f.listeners.is_empty()) {
        out.line(
            Level::Alert,
            &format!(
                "[{}.main()] No enabled listener found (check for 'bind' directives) ! Exiting.",
                argv0()
            ),
        );
        return 1;
    }
    if let Some(n) = args.global_maxconn() {
        plan.maxconn = Some(n);
    }
    // -db wins over -D and global `daemon`; -d implies the foreground
    let daemon = (args.daemon || plan.daemon) && !args.foreground && !args.debug;
    let opts = runtime::RunOpts {
        daemon,
        pidfile: args.pidfile.clone().or_else(|| plan.pidfile.clone()),
        soft_stop: args.soft_stop.clone(),
        hard_stop: args.hard_stop.clone(),
        progname: argv0(),
        quiet: args.quiet && !args.verbose,
    };
    runtime::run(plan, opts, &mut Out(out))
}

/// `argv[0]` as the process was started (haproxy prints it in
/// `[%s.main()]` messages).
fn argv0() -> String {
    std::env::args()
        .next()
        .unwrap_or_else(|| "haproxy".to_string())
}
