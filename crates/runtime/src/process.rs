//! The process around the workers: file-descriptor limits, binding,
//! `daemon`, the pidfile, `-sf`/`-st`, and haproxy's signals (§8.2 of the
//! behaviour reference): SIGUSR1 soft stop, SIGTERM/SIGINT hard stop (the
//! default action, as in an haproxy worker), SIGTTOU/SIGTTIN pause and
//! resume.

use crate::listen::{self, Listener};
use crate::plan::Plan;
use crate::shared::{Mailbox, Msg, Shared};
use crate::worker::{Worker, WAKER};
use signal_hook::consts::{SIGINT, SIGTERM, SIGTTIN, SIGTTOU, SIGUSR1};
use signal_hook::iterator::Signals;
use std::sync::atomic::Ordering;
use std::sync::{mpsc, Arc};
use std::time::Duration;

/// Where the runtime's messages go (the cli prints haproxy's
/// `[ALERT]    (pid) : ...` lines).
pub trait Report {
    fn alert(&mut self, text: &str);
    fn warning(&mut self, text: &str);
    /// Start-up is over: the workers run.
    fn started(&mut self);
}

/// Command-line settings of a start.
#[derive(Clone, Debug, Default)]
pub struct RunOpts {
    /// `-D` or global `daemon` (without `-db`).
    pub daemon: bool,
    /// `-p`, else global `pidfile`.
    pub pidfile: Option<String>,
    /// `-sf` pids: sent SIGUSR1 once we listen.
    pub soft_stop: Vec<i32>,
    /// `-st` pids: sent SIGTERM once we listen.
    pub hard_stop: Vec<i32>,
    /// `argv[0]` as given: haproxy names itself so in `[%s.main()]`.
    pub progname: String,
    /// `-q`: no messages on stderr once running.
    pub quiet: bool,
}

/// fds kept aside for listeners, logs, pipes (haproxy's margin).
const FD_MARGIN: u64 = 64;

/// Raises the fd limit as haproxy does and returns the global maxconn.
fn limits(plan: &Plan) -> u32 {
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes the struct it is given.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) } == 0;
    if !ok {
        return plan.maxconn.unwrap_or(1024);
    }
    let wanted = match (plan.ulimit_n, plan.maxconn) {
        (Some(n), _) => n,
        (None, Some(m)) => u64::from(m) * 2 + FD_MARGIN,
        (None, None) => rl.rlim_max,
    };
    let new = libc::rlimit {
        rlim_cur: wanted.min(rl.rlim_max).max(rl.rlim_cur),
        rlim_max: rl.rlim_max,
    };
    // SAFETY: setrlimit reads the struct it is given.
    if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &new) } == 0 {
        rl = new;
    }
    plan.maxconn.unwrap_or_else(|| {
        let derived = rl.rlim_cur.saturating_sub(FD_MARGIN) / 2;
        u32::try_from(derived.max(100)).unwrap_or(u32::MAX)
    })
}

fn write_pidfile(path: &str, pid: u32) -> std::io::Result<()> {
    std::fs::write(path, format!("{pid}\n"))
}

/// Forks into the background: the parent writes the pidfile and exits 0;
/// the child starts a new session with stdio on /dev/null.
fn daemonize(pidfile: Option<&str>, prog: &str) -> Result<(), String> {
    // SAFETY: called before any thread is started; the child only
    // continues with this single thread.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(format!("[{prog}.main()] Cannot fork."));
    }
    if pid > 0 {
        if let Some(p) = pidfile {
            let _ = write_pidfile(p, pid as u32);
        }
        std::process::exit(0);
    }
    // SAFETY: setsid has no memory effects; dup2/open on valid arguments.
    unsafe {
        libc::setsid();
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_RDWR);
        if null >= 0 {
            libc::dup2(null, 0);
            libc::dup2(null, 1);
            libc::dup2(null, 2);
            if null > 2 {
                libc::close(null);
            }
        }
    }
    Ok(())
}

/// Starts the proxy and returns the exit code once it has stopped. Only
/// returns early (with 1) when a listener cannot be opened.
pub fn run(plan: Plan, opts: RunOpts, out: &mut dyn Report) -> i32 {
    let maxconn = limits(&plan);
    crate::report::set_quiet(opts.quiet);
    let mut listeners: Vec<Listener> = Vec::new();
    let mut failed = false;
    for (i, f) in plan.frontends.iter().enumerate() {
        for spec in &f.listeners {
            match listen::open(spec, i, &f.name, plan.reuseport) {
                Ok(l) => listeners.push(l),
                Err(text) => {
                    out.alert(&text);
                    failed = true;
                }
            }
        }
    }
    if failed {
        out.alert(&format!(
            "[{}.main()] Some protocols failed to start their listeners! Exiting.",
            opts.progname
        ));
        return 1;
    }
    if opts.daemon {
        if let Err(e) = daemonize(opts.pidfile.as_deref(), &opts.progname) {
            out.alert(&e);
            return 1;
        }
    } else if let Some(p) = &opts.pidfile {
        if let Err(e) = write_pidfile(p, std::process::id()) {
            out.alert(&format!(
                "[{}.main()] Cannot create pidfile {p} ({})",
                opts.progname,
                listen::strerror(&e)
            ));
            return 1;
        }
    }
    // The handlers only write to the iterator's self-pipe, whichever
    // thread a signal lands on; this thread reads it.
    let mut signals = match Signals::new([SIGUSR1, SIGTERM, SIGINT, SIGTTOU, SIGTTIN]) {
        Ok(s) => s,
        Err(e) => {
            out.alert(&format!("cannot install signal handlers: {e}"));
            return 1;
        }
    };
    let nbthread = plan
        .nbthread
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let hard_stop_after = plan.hard_stop_after;
    let grace = plan.grace;
    let (check_sets, check_owner) = crate::health::distribute(&plan, nbthread);
    let mut shared = Shared::new(plan, maxconn, listeners.len());
    shared.check_owner = check_owner;
    let shared = Arc::new(shared);
    let mut handles = Vec::new();
    for (id, my_checks) in check_sets.into_iter().enumerate() {
        let started = (|| -> std::io::Result<()> {
            let poll = mio::Poll::new()?;
            let waker = Arc::new(mio::Waker::new(poll.registry(), WAKER)?);
            let (tx, rx) = mpsc::channel();
            let w = Worker::new(id, shared.clone(), &listeners, poll, rx, my_checks)?;
            shared
                .mailboxes
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(Mailbox { tx, waker });
            let h = std::thread::Builder::new()
                .name(format!("worker-{id}"))
                .spawn(move || w.run())?;
            handles.push(h);
            Ok(())
        })();
        if let Err(e) = started {
            out.alert(&format!(
                "[{}.main()] Cannot create worker thread: {e}",
                opts.progname
            ));
            return 1;
        }
    }
    out.started();
    for pid in &opts.soft_stop {
        // SAFETY: kill has no memory effects.
        unsafe { libc::kill(*pid, libc::SIGUSR1) };
    }
    for pid in &opts.hard_stop {
        // SAFETY: as above.
        unsafe { libc::kill(*pid, libc::SIGTERM) };
    }
    // The workers end on a soft stop once drained; closing the signal
    // iterator then ends the loop below.
    let handle = signals.handle();
    let reaper = std::thread::spawn(move || {
        for h in handles {
            let _ = h.join();
        }
        handle.close();
    });
    let mut stopping = false;
    for sig in signals.forever() {
        match sig {
            SIGUSR1 if !stopping => {
                stopping = true;
                if let Some(g) = grace {
                    std::thread::sleep(g);
                }
                stopped_lines(&shared, out);
                shared.broadcast(|| Msg::SoftStop);
                drop(std::mem::take(&mut listeners));
                if let Some(after) = hard_stop_after {
                    hard_stop_timer(shared.clone(), after);
                }
            }
            SIGTTOU => shared.broadcast(|| Msg::Pause),
            SIGTTIN => shared.broadcast(|| Msg::Resume),
            SIGTERM | SIGINT => {
                // an haproxy worker dies of these signals (exit 143 / 130)
                let _ = signal_hook::low_level::emulate_default_handler(sig);
                std::process::exit(128 + sig);
            }
            _ => {}
        }
    }
    let _ = reaper.join();
    0
}

/// haproxy's soft-stop report: one line per proxy, then its internal
/// HTTP client proxy.
fn stopped_lines(shared: &Shared, out: &mut dyn Report) {
    for p in &shared.plan.proxies {
        let fe = p
            .frontend
            .and_then(|i| shared.frontends.get(i))
            .map_or(0, |f| f.cum_conns.load(Ordering::Relaxed));
        let be = p
            .backend
            .and_then(|i| shared.backends.get(i))
            .map_or(0, |b| b.cum_conns.load(Ordering::Relaxed));
        out.warning(&format!(
            "Proxy {} stopped (cumulated conns: FE: {fe}, BE: {be}).",
            p.name
        ));
    }
    out.warning("Proxy <HTTPCLIENT> stopped (cumulated conns: FE: 0, BE: 0).");
}

/// `hard-stop-after`: the sessions still open after the delay are closed
/// and the process exits.
fn hard_stop_timer(shared: Arc<Shared>, after: Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(after);
        shared.broadcast(|| Msg::HardStop);
        std::thread::sleep(Duration::from_millis(100));
        std::process::exit(0);
    });
}
