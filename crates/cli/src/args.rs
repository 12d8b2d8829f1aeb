//! haproxy's command line, parsed by hand the way `init()` in haproxy.c
//! walks `argv`: options are dispatched on their first letter (and
//! sometimes the second), so `-db`, `-dW`, `-cc`, `-Ws` and `-sf PID...`
//! are single-dash multi-letter options that no general-purpose parser
//! (clap included) reads the same way. Extra letters after a recognised
//! option are ignored, as haproxy ignores them (`-qq`, `-dbx`).

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Start the proxy (not implemented yet).
    Run,
    /// `-c`: check the configuration and exit.
    Check,
    /// `-cc COND`: evaluate a `.if` condition and exit.
    CheckCond(String),
    /// `-v` (`vv == false`) or `-vv`: print the version (and build options).
    Version { vv: bool },
}

/// Every option haproxy 2.6 accepts. Options that only matter when running
/// the proxy are stored as given so later issues can use them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Args {
    pub mode: Mode,
    /// `-f` and `--` operands, in command-line order (directories unexpanded).
    pub files: Vec<String>,
    pub quiet: bool,
    pub verbose: bool,
    /// `-dW`.
    pub zero_warning: bool,
    /// `-dr`.
    pub resolve_none: bool,
    /// `-dD`.
    pub diag: bool,
    /// `-d`: debug (foreground with event traces).
    pub debug: bool,
    /// `-db`.
    pub foreground: bool,
    /// `-D`.
    pub daemon: bool,
    /// `-W`, also set by `-Ws`.
    pub master_worker: bool,
    /// `-Ws`.
    pub systemd: bool,
    /// `-S` master CLI binds.
    pub master_cli: Vec<String>,
    /// `-sf` pids (soft stop after start-up).
    pub soft_stop: Vec<i32>,
    /// `-st` pids (hard stop after start-up).
    pub hard_stop: Vec<i32>,
    /// `-x` socket to fetch listeners from.
    pub sockpair: Option<String>,
    /// `-p`.
    pub pidfile: Option<String>,
    /// `-n`, kept as text: haproxy reads it with `atol`.
    pub maxconn: Option<String>,
    /// `-N`, kept as text for the same reason.
    pub maxpconn: Option<String>,
    /// `-C`.
    pub chdir: Option<String>,
    /// `-L`.
    pub local_peer: Option<String>,
    /// `-m`.
    pub mem_max: Option<String>,
    /// Other `-d*` switches (`-de`, `-dS`, `-dM...`, `-dK...`): accepted and
    /// recorded, they tune the runtime only.
    pub debug_flags: Vec<String>,
}

impl Args {
    /// `-N`: the default proxy maxconn (0 or unparsable: none).
    pub fn maxconn_per_proxy(&self) -> Option<u32> {
        self.maxpconn
            .as_deref()
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|n| *n > 0)
    }
    /// `-n`: overrides the global maxconn.
    pub fn global_maxconn(&self) -> Option<u32> {
        self.maxconn
            .as_deref()
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|n| *n > 0)
    }
}

impl Default for Args {
    fn default() -> Args {
        Args {
            mode: Mode::Run,
            files: Vec::new(),
            quiet: false,
            verbose: false,
            zero_warning: false,
            resolve_none: false,
            diag: false,
            debug: false,
            foreground: false,
            daemon: false,
            master_worker: false,
            systemd: false,
            master_cli: Vec::new(),
            soft_stop: Vec::new(),
            hard_stop: Vec::new(),
            sockpair: None,
            pidfile: None,
            maxconn: None,
            maxpconn: None,
            chdir: None,
            local_peer: None,
            mem_max: None,
            debug_flags: Vec::new(),
        }
    }
}

/// Why the command line was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgError {
    /// Print the version and usage text, exit 1.
    Usage,
    /// Print this alert (without `config : ` context), then exit 1; with
    /// `usage` the usage text follows, as haproxy does for `-x`.
    Alert { text: String, usage: bool },
}

/// Parses `argv` without the program name.
pub fn parse(argv: &[String]) -> Result<Args, ArgError> {
    let mut args = Args::default();
    let mut i = 0;
    while i < argv.len() {
        let arg = argv[i].as_str();
        i += 1;
        let Some(flag) = arg.strip_prefix('-').filter(|f| !f.is_empty()) else {
            return Err(ArgError::Usage);
        };
        if flag == "-" {
            args.files.extend(argv[i..].iter().cloned());
            break;
        }
        let bytes = flag.as_bytes();
        let second = bytes.get(1).copied();
        match bytes[0] {
            b'v' => {
                // haproxy prints the version as soon as it meets `-v`.
                args.mode = Mode::Version {
                    vv: second == Some(b'v'),
                };
                return Ok(args);
            }
            b'd' => debug_flag(&mut args, flag),
            b'c' if second == Some(b'c') => {
                // `-cc` is evaluated as soon as it is met, too.
                let cond = argv.get(i).ok_or(ArgError::Usage)?;
                args.mode = Mode::CheckCond(cond.clone());
                return Ok(args);
            }
            b'c' => args.mode = Mode::Check,
            b'D' => args.daemon = true,
            b'W' => {
                args.master_worker = true;
                args.systemd |= second == Some(b's');
            }
            b'q' => args.quiet = true,
            b'V' => args.verbose = true,
            b'x' => match argv.get(i) {
                Some(sock) if !sock.starts_with('-') => {
                    args.sockpair = Some(sock.clone());
                    i += 1;
                }
                _ => {
                    return Err(ArgError::Alert {
                        text: "Unix socket path expected with the -x flag".to_string(),
                        usage: true,
                    })
                }
            },
            b'S' => {
                args.master_cli
                    .push(argv.get(i).ok_or(ArgError::Usage)?.clone());
                i += 1;
            }
            b's' if matches!(second, Some(b'f') | Some(b't')) => {
                i = pid_list(&mut args, argv, i, second == Some(b'f'))?;
            }
            _ => {
                let value = argv.get(i).ok_or(ArgError::Usage)?.clone();
                i += 1;
                one_arg_option(&mut args, bytes[0], value)?;
            }
        }
    }
    Ok(args)
}

/// `-d` and its variants. Only the ones that change `-c` are kept apart.
fn debug_flag(args: &mut Args, flag: &str) {
    match flag.as_bytes().get(1) {
        None => args.debug = true,
        Some(b'b') => args.foreground = true,
        Some(b'W') => args.zero_warning = true,
        Some(b'r') => args.resolve_none = true,
        Some(b'D') => args.diag = true,
        Some(_) => args.debug_flags.push(format!("-{flag}")),
    }
}

/// The options taking exactly one argument (`C n m N L f p`).
fn one_arg_option(args: &mut Args, letter: u8, value: String) -> Result<(), ArgError> {
    match letter {
        b'f' => args.files.push(value),
        b'p' => args.pidfile = Some(value),
        b'n' => args.maxconn = Some(value),
        b'N' => args.maxpconn = Some(value),
        b'C' => args.chdir = Some(value),
        b'L' => args.local_peer = Some(value),
        b'm' => args.mem_max = Some(value),
        _ => return Err(ArgError::Usage),
    }
    Ok(())
}

/// `-sf`/`-st`: every following argument up to the next one starting with
/// `-` is a pid. Returns the index of the first unconsumed argument.
fn pid_list(args: &mut Args, argv: &[String], mut i: usize, soft: bool) -> Result<usize, ArgError> {
    while let Some(word) = argv.get(i).filter(|w| !w.starts_with('-')) {
        let pid = word.parse::<i32>().map_err(|_| ArgError::Alert {
            text: format!(
                "-{} option: some bytes unconsumed in PID list {{{}}}",
                if soft { "sf" } else { "st" },
                word
            ),
            usage: false,
        })?;
        if soft {
            args.soft_stop.push(pid);
        } else {
            args.hard_stop.push(pid);
        }
        i += 1;
    }
    Ok(i)
}

/// haproxy 2.6's usage text (printed on stderr, after the version).
pub const USAGE: &str = "\
Usage : portcullis [-f <cfgfile|cfgdir>]* [ -vdVD ] [ -n <maxconn> ] [ -N <maxpconn> ]
        [ -p <pidfile> ] [ -m <max megs> ] [ -C <dir> ] [-- <cfgfile>*]
        -v displays version ; -vv shows known build options.
        -d enters debug mode ; -db only disables background mode.
        -dM[<byte>,help,...] debug memory (default: poison with <byte>/0x50)
        -V enters verbose mode (disables quiet mode)
        -D goes daemon ; -C changes to <dir> before loading files.
        -W master-worker mode.
        -Ws master-worker mode with systemd notify support.
        -q quiet mode : don't display messages
        -c check mode : only check config files and exit
        -cc check condition : evaluate a condition and exit
        -n sets the maximum total # of connections (uses ulimit -n)
        -m limits the usable amount of memory (in MB)
        -N sets the default, per-proxy maximum # of connections (0)
        -L set local peer name (default to hostname)
        -p writes pids of all children to this file
        -de disables epoll() usage even when available
        -dp disables poll() usage even when available
        -dS disables splice usage (broken on old kernels)
        -dG disables getaddrinfo() usage
        -dR disables SO_REUSEPORT usage
        -dL dumps loaded object files after config checks
        -dK{class[,...]} dump registered keywords (use 'help' for list)
        -dr ignores server address resolution failures
        -dV disables SSL verify on servers side
        -dW fails if any warning is emitted
        -dD diagnostic mode : warn about suspicious configuration statements
        -sf/-st [pid ]* finishes/terminates old pids.
        -x <unix_socket> get listening sockets from a unix socket
        -S <bind>[,<bind options>...] new master CLI

";

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str) -> Result<Args, ArgError> {
        let argv: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        parse(&argv)
    }

    #[test]
    fn check_mode_with_files_in_order() {
        let a = check("-c -f a.cfg -q -f dir -- b.cfg -c").unwrap();
        assert_eq!(a.mode, Mode::Check);
        assert!(a.quiet);
        assert_eq!(a.files, ["a.cfg", "dir", "b.cfg", "-c"]);
    }

    #[test]
    fn multi_letter_debug_switches() {
        let a = check("-db -dW -dr -dD -dS -dM0x42 -d").unwrap();
        assert!(a.foreground && a.zero_warning && a.resolve_none && a.diag && a.debug);
        assert_eq!(a.debug_flags, ["-dS", "-dM0x42"]);
    }

    #[test]
    fn cc_and_v_stop_parsing_where_they_are() {
        let a = check("-q -cc defined(HOME) -Z").unwrap();
        assert_eq!(a.mode, Mode::CheckCond("defined(HOME)".into()));
        assert!(a.quiet);
        assert_eq!(check("-c -vv -Z").unwrap().mode, Mode::Version { vv: true });
        assert_eq!(check("-vq").unwrap().mode, Mode::Version { vv: false });
        assert_eq!(check("-cc"), Err(ArgError::Usage));
    }

    #[test]
    fn master_worker_and_reload_options() {
        let a = check("-Ws -S /run/m.sock -sf 12 13 -st 14 -x /s.sock -p /p -D").unwrap();
        assert!(a.master_worker && a.systemd && a.daemon);
        assert_eq!(a.master_cli, ["/run/m.sock"]);
        assert_eq!(a.soft_stop, [12, 13]);
        assert_eq!(a.hard_stop, [14]);
        assert_eq!(a.sockpair.as_deref(), Some("/s.sock"));
        assert_eq!(a.pidfile.as_deref(), Some("/p"));
        assert_eq!(a.mode, Mode::Run);
        let w = check("-W -n 100 -N x -C /tmp -L me -m 64").unwrap();
        assert!(w.master_worker && !w.systemd);
        assert_eq!(w.maxconn.as_deref(), Some("100"));
        assert_eq!(w.maxpconn.as_deref(), Some("x"));
    }

    #[test]
    fn empty_pid_list_and_bad_pid() {
        assert!(check("-sf -f a.cfg").unwrap().soft_stop.is_empty());
        assert_eq!(
            check("-sf abc"),
            Err(ArgError::Alert {
                text: "-sf option: some bytes unconsumed in PID list {abc}".into(),
                usage: false
            })
        );
    }

    #[test]
    fn refusals_print_usage() {
        assert_eq!(check("x.cfg"), Err(ArgError::Usage));
        assert_eq!(check("-c -Z -f a.cfg"), Err(ArgError::Usage));
        assert_eq!(check("-c -f"), Err(ArgError::Usage));
        assert_eq!(check("-"), Err(ArgError::Usage));
        assert!(matches!(
            check("-x"),
            Err(ArgError::Alert { usage: true, .. })
        ));
    }
}
