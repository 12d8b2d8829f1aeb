//! `show stat`: the rows haproxy 2.6 builds for frontends, servers and backends (which columns are
//! filled for which row type, for TCP and HTTP proxies), the filters, and the CSV, `typed` and
//! `json` renderings.

use crate::fields::{tag_words, Ty, LAST_STATIC, STAT_FIELDS};
use crate::snapshot::{
    BackendSnapshot, FrontendSnapshot, FrontendState, H1Counters, Mode, OpState, ProxySnapshot,
    ServerSnapshot, StatsSnapshot,
};
use std::fmt::Write as _;

/// The number of columns (static ones and module ones; the `-` separator is not a column).
pub const COLUMNS: usize = 127;

/// The output form of `show stat`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatFormat {
    #[default]
    Csv,
    Typed,
    Json,
}

/// What `show stat` selects: `[{iid|proxy} {type} {sid}]`, `up`, `no-maint`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatFilter {
    /// A proxy id or name; `None` (or `-1`) means every proxy.
    pub proxy: Option<ProxyRef>,
    /// The type bitmask: 1 frontends, 2 backends, 4 servers (-1 gives all).
    pub types: u32,
    /// A server id; `None` (or `-1`) means every server.
    pub sid: Option<u32>,
    /// `up`: hide servers that are not UP; backends show `UP (n/m)`.
    pub up: bool,
    /// `no-maint`: hide servers in maintenance; backends show `UP (n/m)`.
    pub no_maint: bool,
}

impl Default for StatFilter {
    fn default() -> Self {
        StatFilter {
            proxy: None,
            types: 7,
            sid: None,
            up: false,
            no_maint: false,
        }
    }
}

/// A proxy named by id or by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProxyRef {
    Id(u32),
    Name(String),
}

/// Options of one rendering that do not come from the command itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct StatOptions {
    /// Print `addr`, `cookie` and `algo` (haproxy's "show legends"): true for operator and admin
    /// sessions, false for user sessions.
    pub legends: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    Empty,
    U(u64),
    S(i64),
    Str(String),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fe,
    Be,
    Sv,
}

struct Row {
    kind: Kind,
    iid: u32,
    sid: u32,
    vals: Vec<Val>,
}

impl Row {
    fn new(kind: Kind, iid: u32, sid: u32) -> Row {
        Row {
            kind,
            iid,
            sid,
            vals: vec![Val::Empty; COLUMNS],
        }
    }
    fn u(&mut self, pos: usize, v: impl Into<u64>) {
        self.vals[pos] = Val::U(v.into());
    }
    fn s(&mut self, pos: usize, v: &str) {
        self.vals[pos] = Val::Str(v.to_owned());
    }
}

/// The CSV header line (with its trailing comma and newline).
pub fn csv_header() -> String {
    let mut out = String::from("# ");
    for (i, f) in STAT_FIELDS.iter().enumerate() {
        out.push_str(f.name);
        out.push(',');
        if i == LAST_STATIC {
            out.push_str("-,");
        }
    }
    out.push('\n');
    out
}

/// Renders `show stat` for a snapshot, without the CLI's final empty line.
/// Returns `Err("No such proxy.\n")` when the filter names an unknown proxy.
pub fn show_stat(
    snap: &StatsSnapshot,
    filter: &StatFilter,
    format: StatFormat,
    opts: StatOptions,
) -> Result<String, &'static str> {
    let proxies: Vec<&ProxySnapshot> = match &filter.proxy {
        None => snap.proxies.iter().collect(),
        Some(r) => {
            let found = snap.proxies.iter().find(|p| match r {
                ProxyRef::Id(id) => p.iid == *id,
                ProxyRef::Name(n) => p.name == *n,
            });
            vec![found.ok_or("No such proxy.\n")?]
        }
    };
    let mut rows = Vec::new();
    for px in proxies {
        if let Some(fe) = px.frontend.as_ref().filter(|_| filter.types & 1 != 0) {
            rows.push(fe_row(px, fe));
        }
        if filter.types & 4 != 0 {
            for sv in &px.servers {
                if filter.sid.is_some_and(|sid| sid != sv.sid) {
                    continue;
                }
                if filter.up && (sv.op == OpState::Stopped || sv.admin.maint()) {
                    continue;
                }
                if filter.no_maint && sv.admin.maint() {
                    continue;
                }
                rows.push(sv_row(px, sv, opts));
            }
        }
        if let Some(be) = px.backend.as_ref().filter(|_| filter.types & 2 != 0) {
            rows.push(be_row(px, be, filter, opts));
        }
    }
    Ok(match format {
        StatFormat::Csv => {
            let mut out = csv_header();
            for r in &rows {
                csv_row(&mut out, r);
            }
            out
        }
        StatFormat::Typed => {
            let mut out = String::new();
            for r in &rows {
                typed_row(&mut out, r);
            }
            out
        }
        StatFormat::Json => {
            let mut out = String::from("[");
            for (i, r) in rows.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_row(&mut out, r);
            }
            out.push_str("]\n");
            out
        }
    })
}

fn common(r: &mut Row, px: &ProxySnapshot, svname: &str, typ: u32) {
    r.s(0, &px.name);
    r.s(1, svname);
    r.u(26, 1u32);
    r.u(27, px.iid);
    r.u(28, r.sid);
    r.u(32, typ);
    r.s(75, px.mode.as_str());
}

fn h1_module(r: &mut Row, h1: &H1Counters) {
    // ssl (3) and h2 (13) counters are zero: portcullis terminates neither TLS nor h2 yet.
    for pos in 103..=120 {
        r.u(pos, 0u32);
    }
    r.u(119, h1.open_connections);
    r.u(120, h1.open_streams);
    r.u(121, h1.total_connections);
    r.u(122, h1.total_streams);
    r.u(123, h1.bytes_in);
    r.u(124, h1.bytes_out);
    r.u(125, 0u32);
    r.u(126, 0u32);
}

fn fe_row(px: &ProxySnapshot, fe: &FrontendSnapshot) -> Row {
    let mut r = Row::new(Kind::Fe, px.iid, 0);
    common(&mut r, px, "FRONTEND", 0);
    r.u(4, fe.scur);
    r.u(5, fe.smax);
    r.u(6, fe.slim);
    r.u(7, fe.stot);
    r.u(8, fe.bin);
    r.u(9, fe.bout);
    r.u(10, fe.dreq);
    r.u(11, fe.dresp);
    r.u(12, fe.ereq);
    r.s(
        17,
        match fe.state {
            FrontendState::Open => "OPEN",
            FrontendState::Paused => "PAUSED",
            FrontendState::Stop => "STOP",
        },
    );
    r.u(33, fe.rate);
    r.u(34, fe.rate_lim);
    r.u(35, fe.rate_max);
    r.u(46, fe.req_rate);
    r.u(47, fe.req_rate_max);
    r.u(48, fe.req_tot);
    for pos in 51..=54 {
        r.u(pos, 0u32);
    }
    r.u(77, fe.conn_rate);
    r.u(78, fe.conn_rate_max);
    r.u(79, fe.conn_tot);
    r.u(81, fe.dcon);
    r.u(82, fe.dses);
    r.u(83, fe.wrew);
    r.u(94, fe.eint);
    if px.mode == Mode::Http {
        // hrsp_* and intercepted, cache_lookups, cache_hits are HTTP-only counters that
        // portcullis does not produce yet: haproxy prints 0 for them in HTTP mode.
        for pos in 39..=44 {
            r.u(pos, 0u32);
        }
        r.u(80, 0u32);
        r.u(86, 0u32);
        r.u(87, 0u32);
    }
    h1_module(&mut r, &fe.h1);
    r
}

fn be_row(px: &ProxySnapshot, be: &BackendSnapshot, f: &StatFilter, o: StatOptions) -> Row {
    let mut r = Row::new(Kind::Be, px.iid, 0);
    common(&mut r, px, "BACKEND", 1);
    r.u(2, be.qcur);
    r.u(3, be.qmax);
    r.u(4, be.scur);
    r.u(5, be.smax);
    r.u(6, be.slim);
    r.u(7, be.stot);
    r.u(8, be.bin);
    r.u(9, be.bout);
    r.u(10, be.dreq);
    r.u(11, be.dresp);
    r.u(13, be.econ);
    r.u(14, be.eresp);
    r.u(15, be.wretr);
    r.u(16, be.wredis);
    let mut status = String::from(if be.up { "UP" } else { "DOWN" });
    if f.up || f.no_maint {
        let up = px
            .servers
            .iter()
            .filter(|s| s.op != OpState::Stopped)
            .count();
        let _ = write!(status, " ({}/{})", up, px.servers.len());
    }
    r.s(17, &status);
    r.u(18, be.weight);
    r.u(19, be.act);
    r.u(20, be.bck);
    r.u(22, be.chkdown);
    r.u(23, be.lastchg);
    if !px.servers.is_empty() {
        r.u(24, be.downtime);
    }
    r.u(30, be.lbtot);
    r.u(33, be.rate);
    r.u(35, be.rate_max);
    r.u(49, be.cli_abrt);
    r.u(50, be.srv_abrt);
    for pos in 51..=54 {
        r.u(pos, 0u32);
    }
    r.vals[55] = Val::S(be.lastsess.into());
    r.u(58, be.qtime);
    r.u(59, be.ctime);
    r.u(60, be.rtime);
    r.u(61, be.ttime);
    if o.legends {
        r.s(76, &be.algo);
    }
    r.u(83, be.wrew);
    r.u(84, be.connect);
    r.u(85, be.reuse);
    r.u(90, be.qtime_max);
    r.u(91, be.ctime_max);
    r.u(92, be.rtime_max);
    r.u(93, be.ttime_max);
    r.u(94, be.eint);
    r.u(99, be.uweight);
    r.u(100, be.agg_server_status);
    r.u(101, be.agg_server_check_status);
    r.u(102, be.agg_check_status);
    if px.mode == Mode::Http {
        for pos in 39..=44 {
            r.u(pos, 0u32);
        }
        r.u(48, 0u32);
        r.u(86, 0u32);
        r.u(87, 0u32);
    }
    h1_module(&mut r, &be.h1);
    r
}

fn sv_row(px: &ProxySnapshot, sv: &ServerSnapshot, o: StatOptions) -> Row {
    let mut r = Row::new(Kind::Sv, px.iid, sv.sid);
    common(&mut r, px, &sv.name, 2);
    r.u(2, sv.qcur);
    r.u(3, sv.qmax);
    r.u(4, sv.scur);
    r.u(5, sv.smax);
    if let Some(l) = sv.slim {
        r.u(6, l);
    }
    r.u(7, sv.stot);
    r.u(8, sv.bin);
    r.u(9, sv.bout);
    r.u(11, sv.dresp);
    r.u(13, sv.econ);
    r.u(14, sv.eresp);
    r.u(15, sv.wretr);
    r.u(16, sv.wredis);
    r.s(17, &sv.status());
    r.u(18, sv.weight);
    r.u(19, u32::from(!sv.backup));
    r.u(20, u32::from(sv.backup));
    if sv.check.as_ref().is_some_and(|c| c.enabled) {
        r.u(21, sv.chkfail);
        r.u(22, sv.chkdown);
        r.u(24, sv.downtime);
    }
    r.u(23, sv.lastchg);
    if let Some(q) = sv.qlimit {
        r.u(25, q);
    }
    if let Some(t) = sv.throttle {
        r.u(29, t);
    }
    r.u(30, sv.lbtot);
    if let Some(t) = &sv.tracked {
        r.s(31, t);
    }
    r.u(33, sv.rate);
    r.u(35, sv.rate_max);
    if let Some(c) = sv.check.as_ref().filter(|c| c.enabled && !c.paused) {
        let status = if c.in_progress {
            format!("* {}", c.status)
        } else {
            c.status.clone()
        };
        r.s(36, &status);
        if let Some(code) = c.code {
            r.u(37, code);
        }
        if let Some(d) = c.duration {
            r.u(38, d);
        }
        r.s(56, &c.last);
        r.s(65, &c.desc);
        r.u(67, c.rise);
        r.u(68, c.fall);
        r.u(69, c.health);
    }
    if let Some(a) = sv.agent.as_ref().filter(|a| a.enabled && !a.paused) {
        r.s(62, &a.status);
        if let Some(code) = a.code {
            r.u(63, code);
        }
        if let Some(d) = a.duration {
            r.u(64, d);
        }
        r.s(57, &a.last);
        r.s(66, &a.desc);
        r.u(70, a.rise);
        r.u(71, a.fall);
        r.u(72, a.health);
    }
    r.u(49, sv.cli_abrt);
    r.u(50, sv.srv_abrt);
    r.vals[55] = Val::S(sv.lastsess.into());
    r.u(58, sv.qtime);
    r.u(59, sv.ctime);
    r.u(60, sv.rtime);
    r.u(61, sv.ttime);
    if o.legends {
        r.s(73, &sv.addr_port());
        if let Some(c) = &sv.cookie {
            r.s(74, c);
        }
    }
    r.u(83, sv.wrew);
    r.u(84, sv.connect);
    r.u(85, sv.reuse);
    r.u(88, sv.srv_icur);
    if let Some(l) = sv.src_ilim {
        r.u(89, l);
    }
    r.u(90, sv.qtime_max);
    r.u(91, sv.ctime_max);
    r.u(92, sv.rtime_max);
    r.u(93, sv.ttime_max);
    r.u(94, sv.eint);
    r.u(95, sv.idle_conn_cur);
    r.u(96, sv.safe_conn_cur);
    r.u(97, sv.used_conn_cur);
    r.u(98, sv.need_conn_est);
    r.u(99, sv.uweight);
    if px.mode == Mode::Http {
        for pos in 39..=44 {
            r.u(pos, 0u32);
        }
        r.u(45, 0u32);
    }
    // Servers carry only the ssl module's counters.
    for pos in 103..=105 {
        r.u(pos, 0u32);
    }
    r
}

fn csv_cell(out: &mut String, v: &Val) {
    match v {
        Val::Empty => {}
        Val::U(n) => {
            let _ = write!(out, "{n}");
        }
        Val::S(n) => {
            let _ = write!(out, "{n}");
        }
        Val::Str(s) if s.contains([',', '"']) => {
            out.push('"');
            out.push_str(&s.replace('"', "\"\""));
            out.push('"');
        }
        Val::Str(s) => out.push_str(s),
    }
}

fn csv_row(out: &mut String, r: &Row) {
    for (i, v) in r.vals.iter().enumerate() {
        csv_cell(out, v);
        out.push(',');
        if i == LAST_STATIC {
            out.push_str("-,");
        }
    }
    out.push('\n');
}

fn tags_of(kind: Kind, pos: usize) -> (&'static str, Ty) {
    let f = &STAT_FIELDS[pos];
    match kind {
        Kind::Fe => f.fe,
        Kind::Be => f.be,
        Kind::Sv => f.sv,
    }
}

fn typed_row(out: &mut String, r: &Row) {
    let letter = match r.kind {
        Kind::Fe => 'F',
        Kind::Be => 'B',
        Kind::Sv => 'S',
    };
    for (pos, v) in r.vals.iter().enumerate() {
        if *v == Val::Empty {
            continue;
        }
        let (tags, ty) = tags_of(r.kind, pos);
        let _ = write!(
            out,
            "{letter}.{}.{}.{pos}.{}.1:{tags}:{}:",
            r.iid,
            r.sid,
            STAT_FIELDS[pos].name,
            ty.as_str()
        );
        csv_cell_raw(out, v);
        out.push('\n');
    }
}

fn csv_cell_raw(out: &mut String, v: &Val) {
    match v {
        Val::Str(s) => out.push_str(s),
        other => csv_cell(out, other),
    }
}

fn json_row(out: &mut String, r: &Row) {
    let obj = match r.kind {
        Kind::Fe => "Frontend",
        Kind::Be => "Backend",
        Kind::Sv => "Server",
    };
    out.push('[');
    let mut first = true;
    for (pos, v) in r.vals.iter().enumerate() {
        if *v == Val::Empty {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        let (tags, ty) = tags_of(r.kind, pos);
        let _ = write!(
            out,
            "{{\"objType\":\"{obj}\",\"proxyId\":{},\"id\":{},\"field\":{{\"pos\":{pos},\"name\":\"{}\"}},\"processNum\":1,",
            r.iid, r.sid, STAT_FIELDS[pos].name
        );
        json_tags_value(out, tags, ty, v);
        out.push('}');
    }
    out.push(']');
}

/// `"tags":{...},"value":{...}` of one json field.
pub(crate) fn json_tags_value(out: &mut String, tags: &str, ty: Ty, v: &Val) {
    let (origin, nature, scope) = tag_words(tags);
    let _ = write!(
        out,
        "\"tags\":{{\"origin\":\"{origin}\",\"nature\":\"{nature}\",\"scope\":\"{scope}\"}},\"value\":{{\"type\":\"{}\",\"value\":",
        ty.as_str()
    );
    match v {
        Val::Str(s) => json_str(out, s),
        other => csv_cell(out, other),
    }
    out.push('}');
}

pub(crate) fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
