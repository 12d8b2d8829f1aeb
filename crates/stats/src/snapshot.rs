//! The plain snapshot structs the runtime fills for every answer: the process (`show info`), the
//! proxies with their frontend and backend halves, and the servers. Counters are the sums over the
//! workers at the moment of the snapshot; times are seconds already computed by the caller.

/// A proxy's `mode`, as the CSV prints it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Tcp,
    Http,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Tcp => "tcp",
            Mode::Http => "http",
        }
    }
}

/// Everything the stats outputs and the command checks need to know about the running proxies,
/// in configuration order (haproxy's `iid` order).
#[derive(Clone, Debug, Default)]
pub struct StatsSnapshot {
    pub proxies: Vec<ProxySnapshot>,
}

/// One proxy section: a `frontend` has only `frontend`, a `backend` only `backend`, a `listen`
/// both. The internal CLI proxy is not included.
#[derive(Clone, Debug, Default)]
pub struct ProxySnapshot {
    pub name: String,
    /// The proxy id (`iid`).
    pub iid: u32,
    pub mode: Mode,
    pub frontend: Option<FrontendSnapshot>,
    pub backend: Option<BackendSnapshot>,
    /// The servers, in configuration order.
    pub servers: Vec<ServerSnapshot>,
}

/// A frontend's state as `show stat` shows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FrontendState {
    #[default]
    Open,
    /// `disable frontend`: the listeners are paused.
    Paused,
    /// Stopped (shutdown or stopping).
    Stop,
}

#[derive(Clone, Debug, Default)]
pub struct FrontendSnapshot {
    pub state: FrontendState,
    pub scur: u32,
    pub smax: u32,
    /// `maxconn` of the frontend.
    pub slim: u32,
    pub stot: u64,
    pub bin: u64,
    pub bout: u64,
    pub dreq: u64,
    pub dresp: u64,
    pub ereq: u64,
    pub rate: u32,
    pub rate_lim: u32,
    pub rate_max: u32,
    pub req_rate: u32,
    pub req_rate_max: u32,
    pub req_tot: u64,
    pub conn_rate: u32,
    pub conn_rate_max: u32,
    pub conn_tot: u64,
    pub dcon: u64,
    pub dses: u64,
    pub wrew: u64,
    pub eint: u64,
    /// Bytes received and sent by the frontend's connections through the h1 mux (HTTP mode).
    pub h1: H1Counters,
}

/// The counters of the `h1` stats module (zero for TCP proxies).
#[derive(Clone, Debug, Default)]
pub struct H1Counters {
    pub open_connections: u64,
    pub open_streams: u64,
    pub total_connections: u64,
    pub total_streams: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
}

#[derive(Clone, Debug, Default)]
pub struct BackendSnapshot {
    /// `UP` when the usable weight is positive or the backend has no server, else `DOWN`.
    pub up: bool,
    pub qcur: u32,
    pub qmax: u32,
    pub scur: u32,
    pub smax: u32,
    /// `fullconn` (computed by haproxy when not set).
    pub slim: u32,
    pub stot: u64,
    pub bin: u64,
    pub bout: u64,
    pub dreq: u64,
    pub dresp: u64,
    pub econ: u64,
    pub eresp: u64,
    pub wretr: u64,
    pub wredis: u64,
    /// Sum of the effective weights of the usable servers of the group in use.
    pub weight: u32,
    /// Usable active and backup servers.
    pub act: u32,
    pub bck: u32,
    pub chkdown: u64,
    /// Seconds since the last state change.
    pub lastchg: u32,
    /// Seconds spent DOWN.
    pub downtime: u32,
    pub lbtot: u64,
    pub rate: u32,
    pub rate_max: u32,
    pub cli_abrt: u64,
    pub srv_abrt: u64,
    /// Seconds since the last session, -1 if never.
    pub lastsess: i32,
    pub qtime: u32,
    pub ctime: u32,
    pub rtime: u32,
    pub ttime: u32,
    /// `balance` algorithm name as haproxy prints it (`roundrobin`, `source`, ...).
    pub algo: String,
    /// False for algorithms with static weights (`static-rr`, map-based hashing): they accept
    /// only the weights 0% and 100% at run time.
    pub dynamic_weights: bool,
    pub wrew: u64,
    pub connect: u64,
    pub reuse: u64,
    pub qtime_max: u32,
    pub ctime_max: u32,
    pub rtime_max: u32,
    pub ttime_max: u32,
    pub eint: u64,
    /// Sum of the user weights of the usable servers.
    pub uweight: u32,
    pub agg_server_status: u32,
    pub agg_server_check_status: u32,
    pub agg_check_status: u32,
    pub h1: H1Counters,
}

/// A server's operational state (haproxy's `srv_op_state`, numbered as in `show servers state`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OpState {
    Stopped = 0,
    Starting = 1,
    #[default]
    Running = 2,
    Stopping = 3,
}

/// A server's administrative state (haproxy's `srv_admin_state` bits).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AdminState {
    /// Forced maintenance (`disable server`, `set server ... state maint`).
    pub forced_maint: bool,
    /// Maintenance inherited from a tracked server.
    pub inherited_maint: bool,
    /// Maintenance from the configuration (`disabled`).
    pub config_maint: bool,
    /// Forced drain (`set server ... state drain`, agent `drain`).
    pub forced_drain: bool,
    /// Drain inherited from a tracked server.
    pub inherited_drain: bool,
}

impl AdminState {
    /// The `srv_admin_state` bitmask of `show servers state`.
    pub fn bits(&self) -> u32 {
        u32::from(self.forced_maint)
            | u32::from(self.inherited_maint) << 1
            | u32::from(self.config_maint) << 2
            | u32::from(self.forced_drain) << 3
            | u32::from(self.inherited_drain) << 4
    }

    pub fn maint(&self) -> bool {
        self.forced_maint || self.inherited_maint || self.config_maint
    }

    pub fn drain(&self) -> bool {
        self.forced_drain || self.inherited_drain
    }
}

/// A server's health check, when it has one (`check`).
#[derive(Clone, Debug, Default)]
pub struct CheckSnapshot {
    /// False after `disable health`: the CSV then shows the server as unchecked.
    pub enabled: bool,
    /// True while the server is in maintenance (haproxy pauses its check): the check columns are
    /// left empty but the failure counters stay.
    pub paused: bool,
    /// A check is running right now: `check_status` gets a `* ` prefix.
    pub in_progress: bool,
    /// The last result's short name (`L4OK`, `L4CON`, `L7STS`, `INI`, ...).
    pub status: String,
    /// haproxy's `HCHK_STATUS_*` number of the last result (`show servers state`'s
    /// `srv_check_status`).
    pub status_code: u32,
    /// `srv_check_result` of `show servers state` (0 unknown, 1 neutral, 2 failed, 3 passed,
    /// 4 conditionally passed).
    pub result: u32,
    /// `srv_check_state` of `show servers state` (the check's state bits).
    pub state_bits: u32,
    /// The layer-7 response code, shown for L7 results.
    pub code: Option<u32>,
    /// Milliseconds of the last check, shown once a check completed.
    pub duration: Option<u64>,
    /// `check_desc` (`Layer4 check passed`, ...).
    pub desc: String,
    /// `last_chk`: the last check's detail (`Connection refused`, or empty).
    pub last: String,
    pub rise: u32,
    pub fall: u32,
    pub health: u32,
}

/// A server's agent check, when it has one (`agent-check`).
#[derive(Clone, Debug, Default)]
pub struct AgentSnapshot {
    pub enabled: bool,
    pub paused: bool,
    pub status: String,
    pub code: Option<u32>,
    pub duration: Option<u64>,
    pub desc: String,
    pub last: String,
    pub rise: u32,
    pub fall: u32,
    pub health: u32,
    /// `srv_agent_state` of `show servers state`.
    pub state_bits: u32,
    pub addr: Option<String>,
    pub port: u16,
}

#[derive(Clone, Debug, Default)]
pub struct ServerSnapshot {
    pub name: String,
    /// The server id (`sid`).
    pub sid: u32,
    pub op: OpState,
    pub admin: AdminState,
    pub backup: bool,
    /// The name of the tracked server (`px/srv`) with `track`.
    pub tracked: Option<String>,
    /// The server `via` which maintenance is inherited (`px/srv`), for `MAINT (via px/srv)`.
    pub maint_via: Option<String>,
    pub check: Option<CheckSnapshot>,
    pub agent: Option<AgentSnapshot>,
    pub qcur: u32,
    pub qmax: u32,
    pub scur: u32,
    pub smax: u32,
    /// `maxconn` when set.
    pub slim: Option<u32>,
    pub stot: u64,
    pub bin: u64,
    pub bout: u64,
    pub dresp: u64,
    pub econ: u64,
    pub eresp: u64,
    pub wretr: u64,
    pub wredis: u64,
    /// The effective weight the CSV shows (`weight`).
    pub weight: u32,
    /// The user weight (`uweight`, what `set weight` changes).
    pub uweight: u32,
    /// The initial weight from the configuration.
    pub iweight: u32,
    pub chkfail: u64,
    pub chkdown: u64,
    /// Seconds since the last state change.
    pub lastchg: u32,
    /// Seconds spent DOWN.
    pub downtime: u32,
    /// `maxqueue` when set.
    pub qlimit: Option<u32>,
    /// Slow-start throttle percentage while it applies.
    pub throttle: Option<u32>,
    pub lbtot: u64,
    pub rate: u32,
    pub rate_max: u32,
    pub cli_abrt: u64,
    pub srv_abrt: u64,
    /// Seconds since the last session, -1 if never.
    pub lastsess: i32,
    pub qtime: u32,
    pub ctime: u32,
    pub rtime: u32,
    pub ttime: u32,
    /// The address without the port (`127.0.0.1`, or an IPv6 address without brackets).
    pub addr: String,
    pub port: u16,
    pub cookie: Option<String>,
    pub wrew: u64,
    pub connect: u64,
    pub reuse: u64,
    pub srv_icur: u32,
    /// `pool-max-conn` when set.
    pub src_ilim: Option<u32>,
    pub qtime_max: u32,
    pub ctime_max: u32,
    pub rtime_max: u32,
    pub ttime_max: u32,
    pub eint: u64,
    pub idle_conn_cur: u32,
    pub safe_conn_cur: u32,
    pub used_conn_cur: u32,
    pub need_conn_est: u32,
    /// Explicit `id` on the server line (`srv_f_forced_id`).
    pub forced_id: bool,
}

impl ServerSnapshot {
    /// `addr:port` as the CSV prints it (IPv6 in brackets).
    pub fn addr_port(&self) -> String {
        if self.addr.contains(':') {
            format!("[{}]:{}", self.addr, self.port)
        } else {
            format!("{}:{}", self.addr, self.port)
        }
    }

    fn check_on(&self) -> Option<&CheckSnapshot> {
        self.check.as_ref().filter(|c| c.enabled)
    }

    /// The `status` column, haproxy's `stats_fill_sv_stats_computestate` order.
    pub fn status(&self) -> String {
        if self.admin.inherited_maint {
            if let Some(via) = &self.maint_via {
                return format!("MAINT (via {via})");
            }
        }
        if self.admin.maint() {
            return "MAINT".into();
        }
        let check = self.check_on();
        let agent_on = self.agent.as_ref().is_some_and(|a| a.enabled);
        match self.op {
            OpState::Running | OpState::Starting => {
                let going_down = check.filter(|c| c.health < c.rise + c.fall - 1);
                if self.admin.drain() {
                    if agent_on {
                        "DRAIN (agent)".into()
                    } else if let Some(c) = going_down {
                        format!("DRAIN {}/{}", c.health + 1 - c.rise, c.fall)
                    } else {
                        "DRAIN".into()
                    }
                } else if let Some(c) = going_down {
                    format!("UP {}/{}", c.health + 1 - c.rise, c.fall)
                } else if check.is_none() && !agent_on {
                    "no check".into()
                } else {
                    "UP".into()
                }
            }
            OpState::Stopping => match check.filter(|c| c.health < c.rise + c.fall - 1) {
                Some(c) => format!("NOLB {}/{}", c.health + 1 - c.rise, c.fall),
                None => "NOLB".into(),
            },
            OpState::Stopped => {
                if let Some(a) = self.agent.as_ref().filter(|a| a.enabled && a.health == 0) {
                    let _ = a;
                    "DOWN (agent)".into()
                } else if let Some(c) = check.filter(|c| c.health != 0) {
                    format!("DOWN {}/{}", c.health, c.rise)
                } else {
                    "DOWN".into()
                }
            }
        }
    }
}

/// The process-wide values of `show info` that are not constants of the build.
#[derive(Clone, Debug, Default)]
pub struct InfoSnapshot {
    /// `2.6.12-1+deb12u4` for the Debian build portcullis mimics.
    pub version: String,
    pub release_date: String,
    pub nbthread: u32,
    pub pid: u32,
    pub uptime_sec: u32,
    pub memmax_mb: u32,
    pub pool_alloc_bytes: u64,
    pub pool_used_bytes: u64,
    pub pool_failed: u32,
    pub ulimit_n: u32,
    pub maxsock: u32,
    pub maxconn: u32,
    pub hard_maxconn: u32,
    pub curr_conns: u32,
    pub cum_conns: u32,
    pub cum_req: u32,
    pub maxpipes: u32,
    pub pipes_used: u32,
    pub pipes_free: u32,
    pub conn_rate: u32,
    pub conn_rate_limit: u32,
    pub max_conn_rate: u32,
    pub sess_rate: u32,
    pub sess_rate_limit: u32,
    pub max_sess_rate: u32,
    pub tasks: u32,
    pub run_queue: u32,
    pub idle_pct: u32,
    pub node: String,
    /// The global `description`, when set (printed as `description:`).
    pub description: Option<String>,
    pub stopping: u32,
    pub jobs: u32,
    pub unstoppable_jobs: u32,
    pub listeners: u32,
    pub dropped_logs: u32,
    pub busy_polling: u32,
    pub failed_resolutions: u32,
    pub total_bytes_out: u64,
    pub total_spliced_bytes_out: u64,
    pub bytes_out_rate: u64,
    pub start_time_sec: u32,
}
