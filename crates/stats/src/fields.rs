//! The field tables of `show stat` and `show info`: names, positions, and the tags and types their
//! `typed` and `json` forms print.

/// The value type of a field, as `typed` prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    Str,
    U32,
    U64,
    S32,
}

impl Ty {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Ty::Str => "str",
            Ty::U32 => "u32",
            Ty::U64 => "u64",
            Ty::S32 => "s32",
        }
    }
}

/// One `show stat` column: its name and, per row type, its three tag letters and its type.
pub(crate) struct StatField {
    pub(crate) name: &'static str,
    pub(crate) fe: (&'static str, Ty),
    pub(crate) be: (&'static str, Ty),
    pub(crate) sv: (&'static str, Ty),
}

/// One `show info` line.
pub(crate) struct InfoField {
    pub(crate) name: &'static str,
    pub(crate) tags: &'static str,
    pub(crate) ty: Ty,
}

/// The position of the last static column (`agg_check_status`); the CSV prints `-` after it.
pub(crate) const LAST_STATIC: usize = 102;

/// The words `json` prints for the three tag letters (origin, nature, scope).
pub(crate) fn tag_words(tags: &str) -> (&'static str, &'static str, &'static str) {
    let b = tags.as_bytes();
    let origin = match b.first() {
        Some(b'K') => "Key",
        Some(b'C') => "Config",
        Some(b'P') => "Product",
        Some(b'S') => "Status",
        _ => "Metric",
    };
    let nature = match b.get(1) {
        Some(b'N') => "Name",
        Some(b'G') => "Gauge",
        Some(b'L') => "Limit",
        Some(b'M') => "Max",
        Some(b'R') => "Rate",
        Some(b'C') => "Counter",
        Some(b'D') => "Duration",
        Some(b'A') => "Age",
        Some(b'T') => "Time",
        Some(b'O') => "Output",
        Some(b'a') => "Avg",
        _ => "Gauge",
    };
    let scope = match b.get(2) {
        Some(b'S') => "Service",
        Some(b's') => "System",
        Some(b'C') => "Cluster",
        _ => "Process",
    };
    (origin, nature, scope)
}

// Generated from tests/data/recorded/show_stat_typed (haproxy 2.6.12); fields never filled in that
// recording take the tags haproxy 2.6's src/stats.c gives them.
pub(crate) const STAT_FIELDS: [StatField; 127] = [
    StatField {
        name: "pxname",
        fe: ("KNS", Ty::Str),
        be: ("KNS", Ty::Str),
        sv: ("KNS", Ty::Str),
    },
    StatField {
        name: "svname",
        fe: ("KNS", Ty::Str),
        be: ("KNS", Ty::Str),
        sv: ("KNS", Ty::Str),
    },
    StatField {
        name: "qcur",
        fe: ("MGP", Ty::U32),
        be: ("MGP", Ty::U32),
        sv: ("MGP", Ty::U32),
    },
    StatField {
        name: "qmax",
        fe: ("MMP", Ty::U32),
        be: ("MMP", Ty::U32),
        sv: ("MMP", Ty::U32),
    },
    StatField {
        name: "scur",
        fe: ("MGP", Ty::U32),
        be: ("MGP", Ty::U32),
        sv: ("MGP", Ty::U32),
    },
    StatField {
        name: "smax",
        fe: ("MMP", Ty::U32),
        be: ("MMP", Ty::U32),
        sv: ("MMP", Ty::U32),
    },
    StatField {
        name: "slim",
        fe: ("CLP", Ty::U32),
        be: ("CLP", Ty::U32),
        sv: ("CLP", Ty::U32),
    },
    StatField {
        name: "stot",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "bin",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "bout",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "dreq",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "dresp",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "ereq",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "econ",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "eresp",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "wretr",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "wredis",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "status",
        fe: ("SGP", Ty::Str),
        be: ("SGP", Ty::Str),
        sv: ("SGP", Ty::Str),
    },
    StatField {
        name: "weight",
        fe: ("MaP", Ty::U32),
        be: ("MaP", Ty::U32),
        sv: ("MaP", Ty::U32),
    },
    StatField {
        name: "act",
        fe: ("SGP", Ty::U32),
        be: ("MGP", Ty::U32),
        sv: ("SGP", Ty::U32),
    },
    StatField {
        name: "bck",
        fe: ("SGP", Ty::U32),
        be: ("MGP", Ty::U32),
        sv: ("SGP", Ty::U32),
    },
    StatField {
        name: "chkfail",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "chkdown",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "lastchg",
        fe: ("MAP", Ty::U32),
        be: ("MAP", Ty::U32),
        sv: ("MAP", Ty::U32),
    },
    StatField {
        name: "downtime",
        fe: ("MCP", Ty::U32),
        be: ("MCP", Ty::U32),
        sv: ("MCP", Ty::U32),
    },
    StatField {
        name: "qlimit",
        fe: ("CLP", Ty::U32),
        be: ("CLP", Ty::U32),
        sv: ("CLP", Ty::U32),
    },
    StatField {
        name: "pid",
        fe: ("KGP", Ty::U32),
        be: ("KGP", Ty::U32),
        sv: ("KGP", Ty::U32),
    },
    StatField {
        name: "iid",
        fe: ("KGS", Ty::U32),
        be: ("KGS", Ty::U32),
        sv: ("KGS", Ty::U32),
    },
    StatField {
        name: "sid",
        fe: ("KGS", Ty::U32),
        be: ("KGS", Ty::U32),
        sv: ("KGS", Ty::U32),
    },
    StatField {
        name: "throttle",
        fe: ("MaP", Ty::U32),
        be: ("MaP", Ty::U32),
        sv: ("MaP", Ty::U32),
    },
    StatField {
        name: "lbtot",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "tracked",
        fe: ("CNS", Ty::Str),
        be: ("CNS", Ty::Str),
        sv: ("CNS", Ty::Str),
    },
    StatField {
        name: "type",
        fe: ("CGS", Ty::U32),
        be: ("CGS", Ty::U32),
        sv: ("CGS", Ty::U32),
    },
    StatField {
        name: "rate",
        fe: ("MRP", Ty::U32),
        be: ("MGP", Ty::U32),
        sv: ("MRP", Ty::U32),
    },
    StatField {
        name: "rate_lim",
        fe: ("CLP", Ty::U32),
        be: ("CLP", Ty::U32),
        sv: ("CLP", Ty::U32),
    },
    StatField {
        name: "rate_max",
        fe: ("MMP", Ty::U32),
        be: ("MGP", Ty::U32),
        sv: ("MMP", Ty::U32),
    },
    StatField {
        name: "check_status",
        fe: ("MOP", Ty::Str),
        be: ("MOP", Ty::Str),
        sv: ("MOP", Ty::Str),
    },
    StatField {
        name: "check_code",
        fe: ("MOP", Ty::U32),
        be: ("MOP", Ty::U32),
        sv: ("MOP", Ty::U32),
    },
    StatField {
        name: "check_duration",
        fe: ("MDP", Ty::U64),
        be: ("MDP", Ty::U64),
        sv: ("MDP", Ty::U64),
    },
    StatField {
        name: "hrsp_1xx",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "hrsp_2xx",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "hrsp_3xx",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "hrsp_4xx",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "hrsp_5xx",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "hrsp_other",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "hanafail",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "req_rate",
        fe: ("MRP", Ty::U32),
        be: ("MRP", Ty::U32),
        sv: ("MRP", Ty::U32),
    },
    StatField {
        name: "req_rate_max",
        fe: ("MMP", Ty::U32),
        be: ("MMP", Ty::U32),
        sv: ("MMP", Ty::U32),
    },
    StatField {
        name: "req_tot",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "cli_abrt",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "srv_abrt",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "comp_in",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "comp_out",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "comp_byp",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "comp_rsp",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "lastsess",
        fe: ("MAP", Ty::S32),
        be: ("MAP", Ty::S32),
        sv: ("MAP", Ty::S32),
    },
    StatField {
        name: "last_chk",
        fe: ("MOP", Ty::Str),
        be: ("MOP", Ty::Str),
        sv: ("MOP", Ty::Str),
    },
    StatField {
        name: "last_agt",
        fe: ("MOP", Ty::Str),
        be: ("MOP", Ty::Str),
        sv: ("MOP", Ty::Str),
    },
    StatField {
        name: "qtime",
        fe: ("MaP", Ty::U32),
        be: ("MaP", Ty::U32),
        sv: ("MaP", Ty::U32),
    },
    StatField {
        name: "ctime",
        fe: ("MaP", Ty::U32),
        be: ("MaP", Ty::U32),
        sv: ("MaP", Ty::U32),
    },
    StatField {
        name: "rtime",
        fe: ("MaP", Ty::U32),
        be: ("MaP", Ty::U32),
        sv: ("MaP", Ty::U32),
    },
    StatField {
        name: "ttime",
        fe: ("MaP", Ty::U32),
        be: ("MaP", Ty::U32),
        sv: ("MaP", Ty::U32),
    },
    StatField {
        name: "agent_status",
        fe: ("MOP", Ty::Str),
        be: ("MOP", Ty::Str),
        sv: ("MOP", Ty::Str),
    },
    StatField {
        name: "agent_code",
        fe: ("MOP", Ty::U32),
        be: ("MOP", Ty::U32),
        sv: ("MOP", Ty::U32),
    },
    StatField {
        name: "agent_duration",
        fe: ("MDP", Ty::U64),
        be: ("MDP", Ty::U64),
        sv: ("MDP", Ty::U64),
    },
    StatField {
        name: "check_desc",
        fe: ("MOP", Ty::Str),
        be: ("MOP", Ty::Str),
        sv: ("MOP", Ty::Str),
    },
    StatField {
        name: "agent_desc",
        fe: ("MOP", Ty::Str),
        be: ("MOP", Ty::Str),
        sv: ("MOP", Ty::Str),
    },
    StatField {
        name: "check_rise",
        fe: ("CGS", Ty::U32),
        be: ("CGS", Ty::U32),
        sv: ("CGS", Ty::U32),
    },
    StatField {
        name: "check_fall",
        fe: ("CGS", Ty::U32),
        be: ("CGS", Ty::U32),
        sv: ("CGS", Ty::U32),
    },
    StatField {
        name: "check_health",
        fe: ("CGS", Ty::U32),
        be: ("CGS", Ty::U32),
        sv: ("CGS", Ty::U32),
    },
    StatField {
        name: "agent_rise",
        fe: ("CGS", Ty::U32),
        be: ("CGS", Ty::U32),
        sv: ("CGS", Ty::U32),
    },
    StatField {
        name: "agent_fall",
        fe: ("CGS", Ty::U32),
        be: ("CGS", Ty::U32),
        sv: ("CGS", Ty::U32),
    },
    StatField {
        name: "agent_health",
        fe: ("CGS", Ty::U32),
        be: ("CGS", Ty::U32),
        sv: ("CGS", Ty::U32),
    },
    StatField {
        name: "addr",
        fe: ("CGS", Ty::Str),
        be: ("CGS", Ty::Str),
        sv: ("CGS", Ty::Str),
    },
    StatField {
        name: "cookie",
        fe: ("CNS", Ty::Str),
        be: ("CNS", Ty::Str),
        sv: ("CNS", Ty::Str),
    },
    StatField {
        name: "mode",
        fe: ("CGS", Ty::Str),
        be: ("CGS", Ty::Str),
        sv: ("CGS", Ty::Str),
    },
    StatField {
        name: "algo",
        fe: ("CGS", Ty::Str),
        be: ("CGS", Ty::Str),
        sv: ("CGS", Ty::Str),
    },
    StatField {
        name: "conn_rate",
        fe: ("MRP", Ty::U32),
        be: ("MRP", Ty::U32),
        sv: ("MRP", Ty::U32),
    },
    StatField {
        name: "conn_rate_max",
        fe: ("MMP", Ty::U32),
        be: ("MMP", Ty::U32),
        sv: ("MMP", Ty::U32),
    },
    StatField {
        name: "conn_tot",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "intercepted",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "dcon",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "dses",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "wrew",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "connect",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "reuse",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "cache_lookups",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "cache_hits",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "srv_icur",
        fe: ("MGP", Ty::U32),
        be: ("MGP", Ty::U32),
        sv: ("MGP", Ty::U32),
    },
    StatField {
        name: "src_ilim",
        fe: ("CLP", Ty::U32),
        be: ("CLP", Ty::U32),
        sv: ("CLP", Ty::U32),
    },
    StatField {
        name: "qtime_max",
        fe: ("MMP", Ty::U32),
        be: ("MMP", Ty::U32),
        sv: ("MMP", Ty::U32),
    },
    StatField {
        name: "ctime_max",
        fe: ("MMP", Ty::U32),
        be: ("MMP", Ty::U32),
        sv: ("MMP", Ty::U32),
    },
    StatField {
        name: "rtime_max",
        fe: ("MMP", Ty::U32),
        be: ("MMP", Ty::U32),
        sv: ("MMP", Ty::U32),
    },
    StatField {
        name: "ttime_max",
        fe: ("MMP", Ty::U32),
        be: ("MMP", Ty::U32),
        sv: ("MMP", Ty::U32),
    },
    StatField {
        name: "eint",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "idle_conn_cur",
        fe: ("MGP", Ty::U32),
        be: ("MGP", Ty::U32),
        sv: ("MGP", Ty::U32),
    },
    StatField {
        name: "safe_conn_cur",
        fe: ("MGP", Ty::U32),
        be: ("MGP", Ty::U32),
        sv: ("MGP", Ty::U32),
    },
    StatField {
        name: "used_conn_cur",
        fe: ("MGP", Ty::U32),
        be: ("MGP", Ty::U32),
        sv: ("MGP", Ty::U32),
    },
    StatField {
        name: "need_conn_est",
        fe: ("MGP", Ty::U32),
        be: ("MGP", Ty::U32),
        sv: ("MGP", Ty::U32),
    },
    StatField {
        name: "uweight",
        fe: ("MaP", Ty::U32),
        be: ("MaP", Ty::U32),
        sv: ("MaP", Ty::U32),
    },
    StatField {
        name: "agg_server_status",
        fe: ("MGP", Ty::U32),
        be: ("MGP", Ty::U32),
        sv: ("MGP", Ty::U32),
    },
    StatField {
        name: "agg_server_check_status",
        fe: ("MGP", Ty::U32),
        be: ("MGP", Ty::U32),
        sv: ("MGP", Ty::U32),
    },
    StatField {
        name: "agg_check_status",
        fe: ("MGP", Ty::U32),
        be: ("MGP", Ty::U32),
        sv: ("MGP", Ty::U32),
    },
    StatField {
        name: "ssl_sess",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "ssl_reused_sess",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "ssl_failed_handshake",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h2_headers_rcvd",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h2_data_rcvd",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h2_settings_rcvd",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h2_rst_stream_rcvd",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h2_goaway_rcvd",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h2_detected_conn_protocol_errors",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h2_detected_strm_protocol_errors",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h2_rst_stream_resp",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h2_goaway_resp",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h2_open_connections",
        fe: ("MGP", Ty::U64),
        be: ("MGP", Ty::U64),
        sv: ("MGP", Ty::U64),
    },
    StatField {
        name: "h2_backend_open_streams",
        fe: ("MGP", Ty::U64),
        be: ("MGP", Ty::U64),
        sv: ("MGP", Ty::U64),
    },
    StatField {
        name: "h2_total_connections",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h2_backend_total_streams",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h1_open_connections",
        fe: ("MGP", Ty::U64),
        be: ("MGP", Ty::U64),
        sv: ("MGP", Ty::U64),
    },
    StatField {
        name: "h1_open_streams",
        fe: ("MGP", Ty::U64),
        be: ("MGP", Ty::U64),
        sv: ("MGP", Ty::U64),
    },
    StatField {
        name: "h1_total_connections",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h1_total_streams",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h1_bytes_in",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h1_bytes_out",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h1_spliced_bytes_in",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
    StatField {
        name: "h1_spliced_bytes_out",
        fe: ("MCP", Ty::U64),
        be: ("MCP", Ty::U64),
        sv: ("MCP", Ty::U64),
    },
];
pub(crate) const INFO_FIELDS: [InfoField; 72] = [
    InfoField {
        name: "Name",
        tags: "POS",
        ty: Ty::Str,
    },
    InfoField {
        name: "Version",
        tags: "POS",
        ty: Ty::Str,
    },
    InfoField {
        name: "Release_date",
        tags: "POS",
        ty: Ty::Str,
    },
    InfoField {
        name: "Nbthread",
        tags: "CGS",
        ty: Ty::U32,
    },
    InfoField {
        name: "Nbproc",
        tags: "CGS",
        ty: Ty::U32,
    },
    InfoField {
        name: "Process_num",
        tags: "KGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "Pid",
        tags: "SGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "Uptime",
        tags: "MDP",
        ty: Ty::Str,
    },
    InfoField {
        name: "Uptime_sec",
        tags: "MDP",
        ty: Ty::U32,
    },
    InfoField {
        name: "Memmax_MB",
        tags: "CLP",
        ty: Ty::U32,
    },
    InfoField {
        name: "PoolAlloc_MB",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "PoolUsed_MB",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "PoolFailed",
        tags: "MCP",
        ty: Ty::U32,
    },
    InfoField {
        name: "Ulimit-n",
        tags: "CLP",
        ty: Ty::U32,
    },
    InfoField {
        name: "Maxsock",
        tags: "CLP",
        ty: Ty::U32,
    },
    InfoField {
        name: "Maxconn",
        tags: "CLP",
        ty: Ty::U32,
    },
    InfoField {
        name: "Hard_maxconn",
        tags: "CLP",
        ty: Ty::U32,
    },
    InfoField {
        name: "CurrConns",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "CumConns",
        tags: "MCP",
        ty: Ty::U32,
    },
    InfoField {
        name: "CumReq",
        tags: "MCP",
        ty: Ty::U32,
    },
    InfoField {
        name: "MaxSslConns",
        tags: "MMP",
        ty: Ty::U32,
    },
    InfoField {
        name: "CurrSslConns",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "CumSslConns",
        tags: "MCP",
        ty: Ty::U32,
    },
    InfoField {
        name: "Maxpipes",
        tags: "CLP",
        ty: Ty::U32,
    },
    InfoField {
        name: "PipesUsed",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "PipesFree",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "ConnRate",
        tags: "MRP",
        ty: Ty::U32,
    },
    InfoField {
        name: "ConnRateLimit",
        tags: "CLP",
        ty: Ty::U32,
    },
    InfoField {
        name: "MaxConnRate",
        tags: "MMP",
        ty: Ty::U32,
    },
    InfoField {
        name: "SessRate",
        tags: "MRP",
        ty: Ty::U32,
    },
    InfoField {
        name: "SessRateLimit",
        tags: "CLP",
        ty: Ty::U32,
    },
    InfoField {
        name: "MaxSessRate",
        tags: "MRP",
        ty: Ty::U32,
    },
    InfoField {
        name: "SslRate",
        tags: "MRP",
        ty: Ty::U32,
    },
    InfoField {
        name: "SslRateLimit",
        tags: "CLP",
        ty: Ty::U32,
    },
    InfoField {
        name: "MaxSslRate",
        tags: "MMP",
        ty: Ty::U32,
    },
    InfoField {
        name: "SslFrontendKeyRate",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "SslFrontendMaxKeyRate",
        tags: "MMP",
        ty: Ty::U32,
    },
    InfoField {
        name: "SslFrontendSessionReuse_pct",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "SslBackendKeyRate",
        tags: "MRP",
        ty: Ty::U32,
    },
    InfoField {
        name: "SslBackendMaxKeyRate",
        tags: "MMP",
        ty: Ty::U32,
    },
    InfoField {
        name: "SslCacheLookups",
        tags: "MCP",
        ty: Ty::U32,
    },
    InfoField {
        name: "SslCacheMisses",
        tags: "MCP",
        ty: Ty::U32,
    },
    InfoField {
        name: "CompressBpsIn",
        tags: "MRP",
        ty: Ty::U32,
    },
    InfoField {
        name: "CompressBpsOut",
        tags: "MRP",
        ty: Ty::U32,
    },
    InfoField {
        name: "CompressBpsRateLim",
        tags: "CLP",
        ty: Ty::U32,
    },
    InfoField {
        name: "ZlibMemUsage",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "MaxZlibMemUsage",
        tags: "CLP",
        ty: Ty::U32,
    },
    InfoField {
        name: "Tasks",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "Run_queue",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "Idle_pct",
        tags: "MaP",
        ty: Ty::U32,
    },
    InfoField {
        name: "node",
        tags: "COS",
        ty: Ty::Str,
    },
    InfoField {
        name: "description",
        tags: "COS",
        ty: Ty::Str,
    },
    InfoField {
        name: "Stopping",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "Jobs",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "Unstoppable Jobs",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "Listeners",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "ActivePeers",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "ConnectedPeers",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "DroppedLogs",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "BusyPolling",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "FailedResolutions",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "TotalBytesOut",
        tags: "MGP",
        ty: Ty::U64,
    },
    InfoField {
        name: "TotalSplicdedBytesOut",
        tags: "MGP",
        ty: Ty::U64,
    },
    InfoField {
        name: "BytesOutRate",
        tags: "MRP",
        ty: Ty::U64,
    },
    InfoField {
        name: "DebugCommandsIssued",
        tags: "MGP",
        ty: Ty::U32,
    },
    InfoField {
        name: "CumRecvLogs",
        tags: "MCP",
        ty: Ty::U32,
    },
    InfoField {
        name: "Build info",
        tags: "POS",
        ty: Ty::Str,
    },
    InfoField {
        name: "Memmax_bytes",
        tags: "CLP",
        ty: Ty::U32,
    },
    InfoField {
        name: "PoolAlloc_bytes",
        tags: "MGP",
        ty: Ty::U64,
    },
    InfoField {
        name: "PoolUsed_bytes",
        tags: "MGP",
        ty: Ty::U64,
    },
    InfoField {
        name: "Start_time_sec",
        tags: "MDP",
        ty: Ty::U32,
    },
    InfoField {
        name: "Tainted",
        tags: "SGP",
        ty: Ty::Str,
    },
];
