//! `show info` in its three forms (plain, `typed`, `json`), every 2.6 field in order.

use crate::fields::INFO_FIELDS;
use crate::snapshot::InfoSnapshot;
use crate::stat::{json_str, json_tags_value, Val};
use std::fmt::Write as _;

/// The output form of `show info`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InfoFormat {
    #[default]
    Plain,
    Typed,
    Json,
}

fn values(i: &InfoSnapshot) -> Vec<Val> {
    let u = |v: u32| Val::U(v.into());
    let s = |v: &str| Val::Str(v.to_owned());
    let up = i.uptime_sec;
    let uptime = format!(
        "{}d {}h{:02}m{:02}s",
        up / 86400,
        (up / 3600) % 24,
        (up / 60) % 60,
        up % 60
    );
    let mb = |b: u64| Val::U(b / 1_048_576);
    vec![
        s("HAProxy"),
        s(&i.version),
        s(&i.release_date),
        u(i.nbthread),
        u(1),
        u(1),
        u(i.pid),
        s(&uptime),
        u(up),
        u(i.memmax_mb),
        mb(i.pool_alloc_bytes),
        mb(i.pool_used_bytes),
        u(i.pool_failed),
        u(i.ulimit_n),
        u(i.maxsock),
        u(i.maxconn),
        u(i.hard_maxconn),
        u(i.curr_conns),
        u(i.cum_conns),
        u(i.cum_req),
        u(0),
        u(0),
        u(0),
        u(i.maxpipes),
        u(i.pipes_used),
        u(i.pipes_free),
        u(i.conn_rate),
        u(i.conn_rate_limit),
        u(i.max_conn_rate),
        u(i.sess_rate),
        u(i.sess_rate_limit),
        u(i.max_sess_rate),
        u(0),
        u(0),
        u(0),
        u(0),
        u(0),
        u(0),
        u(0),
        u(0),
        u(0),
        u(0),
        u(0),
        u(0),
        u(0),
        // ZlibMemUsage and MaxZlibMemUsage exist only in zlib builds (Debian's uses libslz).
        Val::Empty,
        Val::Empty,
        u(i.tasks),
        u(i.run_queue),
        u(i.idle_pct),
        s(&i.node),
        i.description.as_deref().map_or(Val::Empty, s),
        u(i.stopping),
        u(i.jobs),
        u(i.unstoppable_jobs),
        u(i.listeners),
        u(0),
        u(0),
        u(i.dropped_logs),
        u(i.busy_polling),
        u(i.failed_resolutions),
        Val::U(i.total_bytes_out),
        Val::U(i.total_spliced_bytes_out),
        Val::U(i.bytes_out_rate),
        u(0),
        u(0),
        s(&i.version),
        Val::U(u64::from(i.memmax_mb) * 1_048_576),
        Val::U(i.pool_alloc_bytes),
        Val::U(i.pool_used_bytes),
        u(i.start_time_sec),
        s("0"),
    ]
}

/// Renders `show info`, without the CLI's final empty line.
pub fn show_info(info: &InfoSnapshot, format: InfoFormat) -> String {
    let vals = values(info);
    let mut out = String::new();
    if format == InfoFormat::Json {
        out.push('[');
    }
    let mut first = true;
    for (pos, (f, v)) in INFO_FIELDS.iter().zip(&vals).enumerate() {
        if *v == Val::Empty {
            continue;
        }
        let text = match v {
            Val::Str(s) => s.clone(),
            Val::U(n) => n.to_string(),
            Val::S(n) => n.to_string(),
            Val::Empty => String::new(),
        };
        match format {
            InfoFormat::Plain => {
                let _ = writeln!(out, "{}: {text}", f.name);
            }
            InfoFormat::Typed => {
                let _ = writeln!(
                    out,
                    "{pos}.{}.1:{}:{}:{text}",
                    f.name,
                    f.tags,
                    f.ty.as_str()
                );
            }
            InfoFormat::Json => {
                if !first {
                    out.push(',');
                }
                let _ = write!(out, "{{\"field\":{{\"pos\":{pos},\"name\":");
                json_str(&mut out, f.name);
                out.push_str("},\"processNum\":1,");
                json_tags_value(&mut out, f.tags, f.ty, v);
                out.push('}');
            }
        }
        first = false;
    }
    if format == InfoFormat::Json {
        out.push_str("]\n");
    }
    out
}
