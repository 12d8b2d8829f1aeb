//! Keywords: `stick-table` (haproxy's `parse_stick_table`: key type, size,
//! expire, peers, srvkey and the stored data types with their arguments)
//! and `stick match|on|store-request|store-response` rules, whose table
//! reference is resolved after parsing (rules_check.rs).

use crate::acl_cond::parse_condition;
use crate::acl_conflicts::{self, Style};
use crate::cx::Cx;
use crate::ir::proxy::{StickKind, StickRule};
use crate::ir::rules::StickTable;
use crate::kw::acl::cur_proxy;
use crate::kw::proxy::{cur_proxy_ref, warn_if_not_cap, Need};
use crate::registry::{Keyword, Sections, Support};
use crate::sample_expr::{self, Source};
use crate::sample_types::Use;
use crate::units::{self, TimeError, TimeUnit};
use syntax::{Line, SectionKind};

pub(crate) static KEYWORDS: &[Keyword] = &[
    Keyword {
        name: "stick-table",
        sections: Sections::PROXY,
        support: Support::Supported,
        lower: lower_stick_table,
        summary: "the proxy's stick table",
    },
    Keyword {
        name: "stick",
        sections: Sections::PROXY,
        support: Support::Supported,
        lower: lower_stick,
        summary: "stickiness rules on a stick table",
    },
];

fn in_defaults(cx: &Cx) -> bool {
    cur_proxy_ref(cx).is_some_and(|p| p.kind == SectionKind::Defaults)
}

/// Where a table with this name was already declared: haproxy names
/// tables after their proxy, so two proxies of the same name clash.
fn conflict(cx: &Cx, name: &str) -> Option<String> {
    cx.cfg.proxies.iter().find_map(|p| {
        let t = p.rules.stick_table.as_ref()?;
        if p.name != name {
            return None;
        }
        let kind = match p.kind {
            SectionKind::Frontend => "frontend",
            SectionKind::Backend => "backend",
            _ => "listen",
        };
        Some(format!(
            "stick-table name '{name}' conflicts with table declared in {kind} '{}' at {}.",
            p.name,
            cx.loc_of(t.span)
        ))
    })
}

fn lower_stick_table(cx: &mut Cx, line: &Line) {
    if in_defaults(cx) {
        cx.parse_fatal(
            line,
            "'stick-table' is not supported in 'defaults' section.",
        );
        return;
    }
    let name = cur_proxy_ref(cx)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    if let Some(msg) = conflict(cx, &name) {
        cx.parse_fatal(line, msg);
        return;
    }
    if let Some(t) = parse_table(cx, line) {
        if let Some(px) = cur_proxy(cx) {
            px.rules.stick_table = Some(t);
        }
    }
}

/// The parsed pieces of a `stick-table` line before the final checks.
fn new_table(line: &Line) -> StickTable {
    StickTable {
        span: line.span,
        key_type: String::new(),
        key_len: None,
        size: 0,
        expire_ms: None,
        nopurge: false,
        peers: None,
        store: Vec::new(),
    }
}

/// `expire <time>` with haproxy's three failure messages.
fn expire(cx: &mut Cx, line: &Line, value: &str) -> Option<u64> {
    match units::parse_time(value, TimeUnit::Ms) {
        Ok(t) => Some(u64::from(t.value)),
        Err(TimeError::Overflow) => {
            let text = format!("parsing [{}]: stick-table: timer overflow in argument <{value}> to <expire>, maximum value is 2147483647 ms (~24.8 days).", cx.loc(line));
            cx.push(syntax::Diagnostic::fatal(Some(line.span), text));
            None
        }
        Err(TimeError::Underflow) => {
            let text = format!("parsing [{}]: stick-table: timer underflow in argument <{value}> to <expire>, minimum non-null value is 1 ms.", cx.loc(line));
            cx.push(syntax::Diagnostic::fatal(Some(line.span), text));
            None
        }
        Err(TimeError::Char(c, _)) => {
            let c = c.map(String::from).unwrap_or_default();
            let msg = format!("stick-table: unexpected character '{c}' in argument of 'expire'.");
            cx.parse_fatal(line, msg);
            None
        }
    }
}

/// `stick match|on|store-request|store-response <pattern> [table <t>]
/// [{if|unless} <cond>]` (haproxy's `cfg_parse_listen`).
fn lower_stick(cx: &mut Cx, line: &Line) {
    if in_defaults(cx) {
        cx.parse_fatal(line, "'stick' not allowed in 'defaults' section.");
        return;
    }
    // A frontend gets the warning and the rest of the line is not read.
    if warn_if_not_cap(cx, line, Need::Backend, "stick", "") {
        return;
    }
    let kind = match &*line.word(1) {
        "store" | "store-request" => StickKind::StoreRequest,
        "store-response" => StickKind::StoreResponse,
        "match" => StickKind::Match,
        "on" => StickKind::On,
        _ => {
            cx.parse_fatal(line, "'stick' expects 'on', 'match', or 'store'.");
            return;
        }
    };
    if line.word(2).is_empty() {
        cx.parse_fatal(line, "'stick' expects a fetch method.");
        return;
    }
    match stick_rule(cx, line, kind) {
        Ok(rule) => {
            let place = if kind == StickKind::StoreResponse {
                Use::BeStickStore
            } else {
                Use::BeUseServer
            };
            acl_conflicts::warn(cx, line, rule.cond.as_ref(), &[place], Style::Proxy);
            if let Some(px) = cur_proxy(cx) {
                px.stick_rules.push(rule);
            }
        }
        Err(msg) => cx.parse_fatal(line, format!("'stick': {msg}")),
    }
}

fn stick_rule(cx: &mut Cx, line: &Line, kind: StickKind) -> Result<StickRule, String> {
    let words: Vec<String> = line
        .args()
        .iter()
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect();
    let mut idx = 2;
    let src = Source {
        words: &words,
        idx: &mut idx,
        endptr: false,
    };
    let parsed = sample_expr::parse(cx.host, src)?;
    let (ctx, when) = match kind {
        StickKind::StoreResponse => (Use::BeStickStore, "for 'store-response'"),
        _ => (Use::BeUseServer, "during request"),
    };
    if parsed.fetch.val & ctx.bit() == 0 {
        return Err(format!(
            "fetch method '{}' extracts information from '{}', none of which is available {when}.",
            parsed.fetch.name,
            parsed.fetch.source_name()
        ));
    }
    let mut next = idx + 1;
    let mut table = None;
    if words.get(next).is_some_and(|w| w == "table") {
        table = Some(words.get(next + 1).cloned().unwrap_or_default());
        next += 2;
    }
    let cond = match words.get(next).map(String::as_str) {
        Some("if" | "unless") => parse_condition(cx, line, next)
            .map_err(|e| format!("error detected while parsing sticking condition : {e}."))?,
        Some(other) => return Err(format!("unknown keyword '{other}'.")),
        None => None,
    };
    Ok(StickRule {
        span: line.span,
        kind,
        expr: parsed.expr,
        out: parsed.out,
        table,
        cond,
    })
}

/// The key types (`stktable_types`) with their default key size and
/// whether `len` may change it.
const KEY_TYPES: &[(&str, u64, bool)] = &[
    ("ip", 4, false),
    ("ipv6", 16, false),
    ("integer", 4, false),
    ("string", 32, true),
    ("binary", 32, true),
];

/// haproxy's `parse_stick_table` for a proxy (no `peers` section).
fn parse_table(cx: &mut Cx, line: &Line) -> Option<StickTable> {
    let mut t = new_table(line);
    let mut idx = 1;
    loop {
        let word = line.word(idx).into_owned();
        match word.as_str() {
            "" => break,
            "size" | "peers" | "expire" => {
                let value = line.word(idx + 1).into_owned();
                if value.is_empty() {
                    let msg = format!("stick-table: missing argument after '{word}'.");
                    cx.parse_fatal(line, msg);
                    return None;
                }
                match word.as_str() {
                    "size" => t.size = u64::from(table_size(cx, line, &value)?),
                    "expire" => t.expire_ms = Some(expire(cx, line, &value)?),
                    _ => t.peers = Some(value),
                }
                idx += 2;
            }
            "nopurge" => {
                t.nopurge = true;
                idx += 1;
            }
            "type" => idx = key_type(cx, line, idx + 1, &mut t)?,
            "store" => {
                store(cx, line, &line.word(idx + 1), &mut t)?;
                idx += 2;
            }
            "srvkey" => {
                let v = line.word(idx + 1).into_owned();
                if v != "name" && v != "addr" {
                    let msg = format!("stick-table : unknown server key type '{v}'.");
                    cx.parse_fatal(line, msg);
                    return None;
                }
                idx += 2;
            }
            other => {
                let msg = format!("stick-table: unknown argument '{other}'.");
                cx.parse_fatal(line, msg);
                return None;
            }
        }
    }
    if t.size == 0 {
        cx.parse_fatal(line, "stick-table: missing size.");
        return None;
    }
    if t.key_type.is_empty() {
        cx.parse_fatal(line, "stick-table: missing type.");
        return None;
    }
    Some(t)
}

fn table_size(cx: &mut Cx, line: &Line, value: &str) -> Option<u32> {
    match units::parse_size(value) {
        Ok(v) => Some(v),
        Err((c, _)) => {
            let c = c.map(String::from).unwrap_or_default();
            let msg = format!("stick-table: unexpected character '{c}' in argument of 'size'.");
            cx.parse_fatal(line, msg);
            None
        }
    }
}

/// `type <t> [len <n>]` (`stktable_parse_type`); returns the index of the
/// next word. On failure haproxy names the word it stopped at.
fn key_type(cx: &mut Cx, line: &Line, mut idx: usize, t: &mut StickTable) -> Option<usize> {
    let name = line.word(idx).into_owned();
    let found = KEY_TYPES.iter().find(|(n, _, _)| *n == name);
    let mut ok = found.is_some();
    if let Some((n, size, custom)) = found {
        t.key_type = (*n).to_string();
        t.key_len = Some(*size);
        idx += 1;
        if *custom && line.word(idx) == "len" {
            idx += 1;
            let len = units::atoi_like(&line.word(idx));
            ok = len != 0;
            // A string key keeps room for its terminating NUL.
            let extra = i64::from(*n == "string");
            t.key_len = Some(u64::try_from(len.wrapping_add(extra)).unwrap_or(0));
            if ok {
                idx += 1;
            }
        }
    }
    if !ok {
        let msg = format!("stick-table: unknown type '{}'.", line.word(idx));
        cx.parse_fatal(line, msg);
        return None;
    }
    Some(idx)
}

/// How a stored data type takes its argument (`stktable_data_types`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum DataArg {
    None,
    Delay,
}

/// The data types a table can store: name, whether it is an array (its
/// first argument is the element count), and its own argument.
const DATA_TYPES: &[(&str, bool, DataArg)] = &[
    ("server_id", false, DataArg::None),
    ("gpt0", false, DataArg::None),
    ("gpc0", false, DataArg::None),
    ("gpc0_rate", false, DataArg::Delay),
    ("conn_cnt", false, DataArg::None),
    ("conn_rate", false, DataArg::Delay),
    ("conn_cur", false, DataArg::None),
    ("sess_cnt", false, DataArg::None),
    ("sess_rate", false, DataArg::Delay),
    ("http_req_cnt", false, DataArg::None),
    ("http_req_rate", false, DataArg::Delay),
    ("http_err_cnt", false, DataArg::None),
    ("http_err_rate", false, DataArg::Delay),
    ("bytes_in_cnt", false, DataArg::None),
    ("bytes_in_rate", false, DataArg::Delay),
    ("bytes_out_cnt", false, DataArg::None),
    ("bytes_out_rate", false, DataArg::Delay),
    ("gpc1", false, DataArg::None),
    ("gpc1_rate", false, DataArg::Delay),
    ("server_key", false, DataArg::None),
    ("http_fail_cnt", false, DataArg::None),
    ("http_fail_rate", false, DataArg::Delay),
    ("gpt", true, DataArg::None),
    ("gpc", true, DataArg::None),
    ("gpc_rate", true, DataArg::Delay),
];

/// haproxy's `STKTABLE_MAX_DT_ARRAY_SIZE`.
const MAX_ARRAY: i32 = 100;

/// One element of a `store` list: the name, and the arguments between
/// parentheses split at the first and last comma like haproxy does.
struct StoreItem<'a> {
    text: &'a str,
    name: &'a str,
    arg: Option<&'a str>,
    arg2: Option<&'a str>,
}

/// Splits a `store` list; `Err(name)` when a parenthesis is not closed.
fn split_store(list: &str) -> Result<Vec<StoreItem<'_>>, &str> {
    let b = list.as_bytes();
    let mut items = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let mut item = StoreItem {
            text: "",
            name: "",
            arg: None,
            arg2: None,
        };
        let mut name_end = None;
        while i < b.len() && b[i] != b',' {
            if b[i] == b'(' {
                let name_at = *name_end.get_or_insert(i);
                let open = i + 1;
                let mut commas = Vec::new();
                i = open;
                loop {
                    match b.get(i) {
                        None => return Err(&list[start..name_at]),
                        Some(b')') => break,
                        Some(b',') => commas.push(i),
                        Some(_) => {}
                    }
                    i += 1;
                }
                let first = commas.first().copied().unwrap_or(i);
                item.arg = list.get(open..first);
                item.arg2 = commas.last().and_then(|c| list.get(c + 1..i));
            }
            i += 1;
        }
        let end = i.min(b.len());
        item.text = list.get(start..end).unwrap_or("");
        item.name = list.get(start..name_end.unwrap_or(end)).unwrap_or("");
        items.push(item);
        i += 1;
    }
    Ok(items)
}

/// Why `stktable_alloc_data_type` refused an element.
enum StoreError {
    Missing,
    NotUsed,
    OutOfRange,
    Invalid,
}

fn check_item(item: &StoreItem, array: bool, arg: DataArg) -> Result<(), StoreError> {
    let mut sa = item.arg;
    if array {
        let n = units::atoi(sa.ok_or(StoreError::Missing)?);
        if n == 0 || n > MAX_ARRAY {
            return Err(StoreError::OutOfRange);
        }
        sa = item.arg2;
    }
    match (arg, sa) {
        (DataArg::None, Some(_)) => Err(StoreError::NotUsed),
        (DataArg::None, None) => Ok(()),
        (DataArg::Delay, None) => Err(StoreError::Missing),
        (DataArg::Delay, Some(v)) => match units::parse_time(v, TimeUnit::Ms) {
            Ok(_) => Ok(()),
            Err(_) => Err(StoreError::Invalid),
        },
    }
}

fn has(t: &StickTable, name: &str) -> bool {
    t.store.iter().any(|s| s.split('(').next() == Some(name))
}

/// `store <data>[,<data>...]`, then haproxy's checks of data types that
/// override one another.
fn store(cx: &mut Cx, line: &Line, list: &str, t: &mut StickTable) -> Option<()> {
    let items = match split_store(list) {
        Ok(items) => items,
        Err(name) => {
            let msg =
                format!("stick-table: missing closing parenthesis after store option '{name}'.");
            cx.parse_fatal(line, msg);
            return None;
        }
    };
    for item in items {
        let name = item.name;
        let Some((_, array, arg)) = DATA_TYPES.iter().find(|(n, _, _)| *n == name) else {
            cx.parse_fatal(line, format!("stick-table: unknown store option '{name}'."));
            return None;
        };
        if has(t, name) {
            let text = format!(
                "parsing [{}]: stick-table: store option '{name}' already enabled, ignored.",
                cx.loc(line)
            );
            cx.push(syntax::Diagnostic::warning(Some(line.span), text));
            continue;
        }
        let msg = match check_item(&item, *array, *arg) {
            Ok(()) => {
                t.store.push(item.text.to_string());
                continue;
            }
            Err(StoreError::Missing) => format!("missing argument to store option '{name}'."),
            Err(StoreError::NotUsed) => format!("unexpected argument to store option '{name}'."),
            Err(StoreError::OutOfRange) => format!(
                "array size is out of allowed range (1-{MAX_ARRAY}) for store option '{name}'."
            ),
            Err(StoreError::Invalid) => format!("error when processing store option '{name}'."),
        };
        cx.parse_fatal(line, format!("stick-table: {msg}"));
        return None;
    }
    let overrides = [
        ("gpt", &["gpt0"][..], "gpt0"),
        ("gpc", &["gpc0", "gpc1"][..], "gpc[0/1]"),
        ("gpc_rate", &["gpc0_rate", "gpc1_rate"][..], "gpc[0/1]_rate"),
    ];
    for (new, old, shown) in overrides {
        if has(t, new) && old.iter().any(|o| has(t, o)) {
            let msg = format!("stick-table: simultaneous usage of '{new}' and '{shown}' in a same table is not permitted as '{new}' overrides '{shown}'.");
            cx.parse_fatal(line, msg);
            return None;
        }
    }
    Some(())
}
