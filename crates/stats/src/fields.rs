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

use Ty::{Str, S32, U32, U64};

/// One `show stat` column in one line of the table below.
const fn sf(
    name: &'static str,
    fe: (&'static str, Ty),
    be: (&'static str, Ty),
    sv: (&'static str, Ty),
) -> StatField {
    StatField { name, fe, be, sv }
}

/// One `show info` line in one line of the table below.
const fn inf(name: &'static str, tags: &'static str, ty: Ty) -> InfoField {
    InfoField { name, tags, ty }
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
#[rustfmt::skip]
pub(crate) const STAT_FIELDS: [StatField; 127] = [
    sf("pxname", ("KNS", Str), ("KNS", Str), ("KNS", Str)),
    sf("svname", ("KNS", Str), ("KNS", Str), ("KNS", Str)),
    sf("qcur", ("MGP", U32), ("MGP", U32), ("MGP", U32)),
    sf("qmax", ("MMP", U32), ("MMP", U32), ("MMP", U32)),
    sf("scur", ("MGP", U32), ("MGP", U32), ("MGP", U32)),
    sf("smax", ("MMP", U32), ("MMP", U32), ("MMP", U32)),
    sf("slim", ("CLP", U32), ("CLP", U32), ("CLP", U32)),
    sf("stot", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("bin", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("bout", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("dreq", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("dresp", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("ereq", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("econ", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("eresp", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("wretr", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("wredis", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("status", ("SGP", Str), ("SGP", Str), ("SGP", Str)),
    sf("weight", ("MaP", U32), ("MaP", U32), ("MaP", U32)),
    sf("act", ("SGP", U32), ("MGP", U32), ("SGP", U32)),
    sf("bck", ("SGP", U32), ("MGP", U32), ("SGP", U32)),
    sf("chkfail", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("chkdown", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("lastchg", ("MAP", U32), ("MAP", U32), ("MAP", U32)),
    sf("downtime", ("MCP", U32), ("MCP", U32), ("MCP", U32)),
    sf("qlimit", ("CLP", U32), ("CLP", U32), ("CLP", U32)),
    sf("pid", ("KGP", U32), ("KGP", U32), ("KGP", U32)),
    sf("iid", ("KGS", U32), ("KGS", U32), ("KGS", U32)),
    sf("sid", ("KGS", U32), ("KGS", U32), ("KGS", U32)),
    sf("throttle", ("MaP", U32), ("MaP", U32), ("MaP", U32)),
    sf("lbtot", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("tracked", ("CNS", Str), ("CNS", Str), ("CNS", Str)),
    sf("type", ("CGS", U32), ("CGS", U32), ("CGS", U32)),
    sf("rate", ("MRP", U32), ("MGP", U32), ("MRP", U32)),
    sf("rate_lim", ("CLP", U32), ("CLP", U32), ("CLP", U32)),
    sf("rate_max", ("MMP", U32), ("MGP", U32), ("MMP", U32)),
    sf("check_status", ("MOP", Str), ("MOP", Str), ("MOP", Str)),
    sf("check_code", ("MOP", U32), ("MOP", U32), ("MOP", U32)),
    sf("check_duration", ("MDP", U64), ("MDP", U64), ("MDP", U64)),
    sf("hrsp_1xx", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("hrsp_2xx", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("hrsp_3xx", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("hrsp_4xx", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("hrsp_5xx", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("hrsp_other", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("hanafail", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("req_rate", ("MRP", U32), ("MRP", U32), ("MRP", U32)),
    sf("req_rate_max", ("MMP", U32), ("MMP", U32), ("MMP", U32)),
    sf("req_tot", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("cli_abrt", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("srv_abrt", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("comp_in", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("comp_out", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("comp_byp", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("comp_rsp", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("lastsess", ("MAP", S32), ("MAP", S32), ("MAP", S32)),
    sf("last_chk", ("MOP", Str), ("MOP", Str), ("MOP", Str)),
    sf("last_agt", ("MOP", Str), ("MOP", Str), ("MOP", Str)),
    sf("qtime", ("MaP", U32), ("MaP", U32), ("MaP", U32)),
    sf("ctime", ("MaP", U32), ("MaP", U32), ("MaP", U32)),
    sf("rtime", ("MaP", U32), ("MaP", U32), ("MaP", U32)),
    sf("ttime", ("MaP", U32), ("MaP", U32), ("MaP", U32)),
    sf("agent_status", ("MOP", Str), ("MOP", Str), ("MOP", Str)),
    sf("agent_code", ("MOP", U32), ("MOP", U32), ("MOP", U32)),
    sf("agent_duration", ("MDP", U64), ("MDP", U64), ("MDP", U64)),
    sf("check_desc", ("MOP", Str), ("MOP", Str), ("MOP", Str)),
    sf("agent_desc", ("MOP", Str), ("MOP", Str), ("MOP", Str)),
    sf("check_rise", ("CGS", U32), ("CGS", U32), ("CGS", U32)),
    sf("check_fall", ("CGS", U32), ("CGS", U32), ("CGS", U32)),
    sf("check_health", ("CGS", U32), ("CGS", U32), ("CGS", U32)),
    sf("agent_rise", ("CGS", U32), ("CGS", U32), ("CGS", U32)),
    sf("agent_fall", ("CGS", U32), ("CGS", U32), ("CGS", U32)),
    sf("agent_health", ("CGS", U32), ("CGS", U32), ("CGS", U32)),
    sf("addr", ("CGS", Str), ("CGS", Str), ("CGS", Str)),
    sf("cookie", ("CNS", Str), ("CNS", Str), ("CNS", Str)),
    sf("mode", ("CGS", Str), ("CGS", Str), ("CGS", Str)),
    sf("algo", ("CGS", Str), ("CGS", Str), ("CGS", Str)),
    sf("conn_rate", ("MRP", U32), ("MRP", U32), ("MRP", U32)),
    sf("conn_rate_max", ("MMP", U32), ("MMP", U32), ("MMP", U32)),
    sf("conn_tot", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("intercepted", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("dcon", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("dses", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("wrew", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("connect", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("reuse", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("cache_lookups", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("cache_hits", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("srv_icur", ("MGP", U32), ("MGP", U32), ("MGP", U32)),
    sf("src_ilim", ("CLP", U32), ("CLP", U32), ("CLP", U32)),
    sf("qtime_max", ("MMP", U32), ("MMP", U32), ("MMP", U32)),
    sf("ctime_max", ("MMP", U32), ("MMP", U32), ("MMP", U32)),
    sf("rtime_max", ("MMP", U32), ("MMP", U32), ("MMP", U32)),
    sf("ttime_max", ("MMP", U32), ("MMP", U32), ("MMP", U32)),
    sf("eint", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("idle_conn_cur", ("MGP", U32), ("MGP", U32), ("MGP", U32)),
    sf("safe_conn_cur", ("MGP", U32), ("MGP", U32), ("MGP", U32)),
    sf("used_conn_cur", ("MGP", U32), ("MGP", U32), ("MGP", U32)),
    sf("need_conn_est", ("MGP", U32), ("MGP", U32), ("MGP", U32)),
    sf("uweight", ("MaP", U32), ("MaP", U32), ("MaP", U32)),
    sf("agg_server_status", ("MGP", U32), ("MGP", U32), ("MGP", U32)),
    sf("agg_server_check_status", ("MGP", U32), ("MGP", U32), ("MGP", U32)),
    sf("agg_check_status", ("MGP", U32), ("MGP", U32), ("MGP", U32)),
    sf("ssl_sess", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("ssl_reused_sess", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("ssl_failed_handshake", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h2_headers_rcvd", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h2_data_rcvd", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h2_settings_rcvd", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h2_rst_stream_rcvd", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h2_goaway_rcvd", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h2_detected_conn_protocol_errors", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h2_detected_strm_protocol_errors", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h2_rst_stream_resp", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h2_goaway_resp", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h2_open_connections", ("MGP", U64), ("MGP", U64), ("MGP", U64)),
    sf("h2_backend_open_streams", ("MGP", U64), ("MGP", U64), ("MGP", U64)),
    sf("h2_total_connections", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h2_backend_total_streams", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h1_open_connections", ("MGP", U64), ("MGP", U64), ("MGP", U64)),
    sf("h1_open_streams", ("MGP", U64), ("MGP", U64), ("MGP", U64)),
    sf("h1_total_connections", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h1_total_streams", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h1_bytes_in", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h1_bytes_out", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h1_spliced_bytes_in", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
    sf("h1_spliced_bytes_out", ("MCP", U64), ("MCP", U64), ("MCP", U64)),
];
#[rustfmt::skip]
pub(crate) const INFO_FIELDS: [InfoField; 72] = [
    inf("Name", "POS", Str),
    inf("Version", "POS", Str),
    inf("Release_date", "POS", Str),
    inf("Nbthread", "CGS", U32),
    inf("Nbproc", "CGS", U32),
    inf("Process_num", "KGP", U32),
    inf("Pid", "SGP", U32),
    inf("Uptime", "MDP", Str),
    inf("Uptime_sec", "MDP", U32),
    inf("Memmax_MB", "CLP", U32),
    inf("PoolAlloc_MB", "MGP", U32),
    inf("PoolUsed_MB", "MGP", U32),
    inf("PoolFailed", "MCP", U32),
    inf("Ulimit-n", "CLP", U32),
    inf("Maxsock", "CLP", U32),
    inf("Maxconn", "CLP", U32),
    inf("Hard_maxconn", "CLP", U32),
    inf("CurrConns", "MGP", U32),
    inf("CumConns", "MCP", U32),
    inf("CumReq", "MCP", U32),
    inf("MaxSslConns", "MMP", U32),
    inf("CurrSslConns", "MGP", U32),
    inf("CumSslConns", "MCP", U32),
    inf("Maxpipes", "CLP", U32),
    inf("PipesUsed", "MGP", U32),
    inf("PipesFree", "MGP", U32),
    inf("ConnRate", "MRP", U32),
    inf("ConnRateLimit", "CLP", U32),
    inf("MaxConnRate", "MMP", U32),
    inf("SessRate", "MRP", U32),
    inf("SessRateLimit", "CLP", U32),
    inf("MaxSessRate", "MRP", U32),
    inf("SslRate", "MRP", U32),
    inf("SslRateLimit", "CLP", U32),
    inf("MaxSslRate", "MMP", U32),
    inf("SslFrontendKeyRate", "MGP", U32),
    inf("SslFrontendMaxKeyRate", "MMP", U32),
    inf("SslFrontendSessionReuse_pct", "MGP", U32),
    inf("SslBackendKeyRate", "MRP", U32),
    inf("SslBackendMaxKeyRate", "MMP", U32),
    inf("SslCacheLookups", "MCP", U32),
    inf("SslCacheMisses", "MCP", U32),
    inf("CompressBpsIn", "MRP", U32),
    inf("CompressBpsOut", "MRP", U32),
    inf("CompressBpsRateLim", "CLP", U32),
    inf("ZlibMemUsage", "MGP", U32),
    inf("MaxZlibMemUsage", "CLP", U32),
    inf("Tasks", "MGP", U32),
    inf("Run_queue", "MGP", U32),
    inf("Idle_pct", "MaP", U32),
    inf("node", "COS", Str),
    inf("description", "COS", Str),
    inf("Stopping", "MGP", U32),
    inf("Jobs", "MGP", U32),
    inf("Unstoppable Jobs", "MGP", U32),
    inf("Listeners", "MGP", U32),
    inf("ActivePeers", "MGP", U32),
    inf("ConnectedPeers", "MGP", U32),
    inf("DroppedLogs", "MGP", U32),
    inf("BusyPolling", "MGP", U32),
    inf("FailedResolutions", "MGP", U32),
    inf("TotalBytesOut", "MGP", U64),
    inf("TotalSplicdedBytesOut", "MGP", U64),
    inf("BytesOutRate", "MRP", U64),
    inf("DebugCommandsIssued", "MGP", U32),
    inf("CumRecvLogs", "MCP", U32),
    inf("Build info", "POS", Str),
    inf("Memmax_bytes", "CLP", U32),
    inf("PoolAlloc_bytes", "MGP", U64),
    inf("PoolUsed_bytes", "MGP", U64),
    inf("Start_time_sec", "MDP", U32),
    inf("Tainted", "SGP", Str),
];
