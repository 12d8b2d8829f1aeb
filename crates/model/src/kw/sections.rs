//! Keywords of the non-proxy sections and their openers: section names are
//! checked like haproxy (missing name, invalid characters, duplicates),
//! userlist, resolvers and http-errors are lowered into the IR, the other
//! sections' keywords are validated then refused as unsupported.

use crate::cx::{Current, Cx};
use crate::ir::sections::{Group, HttpErrors, OtherSection, Resolvers, User, Userlist};
use crate::registry::{Keyword, LowerFn, Sections, Support};
use syntax::{Diagnostic, Line, SectionKind};

use Support::{Supported as S, Unsupported as U};

const fn kw(
    kind: SectionKind,
    name: &'static str,
    support: Support,
    lower: LowerFn,
    summary: &'static str,
) -> Keyword {
    Keyword {
        name,
        sections: Sections::of(kind),
        support,
        lower,
        summary,
    }
}

/// Keywords of sections we do not run: recognised, then refused.
fn lower_validated(_cx: &mut Cx, _line: &Line) {}

use SectionKind::{
    Cache as CA, FcgiApp as FA, HttpErrors as HE, LogForward as LF, Mailers as MA, Peers as PE,
    Program as PR, Resolvers as RE, Ring as RI, Userlist as UL,
};

pub(crate) static KEYWORDS: &[Keyword] = &[
    kw(
        UL,
        "user",
        S,
        lower_user,
        "userlist user with password and groups",
    ),
    kw(UL, "group", S, lower_group, "userlist group with its users"),
    kw(RE, "nameserver", S, lower_nameserver, "DNS server address"),
    kw(
        RE,
        "parse-resolv-conf",
        S,
        lower_resolv_setting,
        "name servers from /etc/resolv.conf",
    ),
    kw(
        RE,
        "hold",
        S,
        lower_resolv_setting,
        "how long to keep a resolution per status",
    ),
    kw(
        RE,
        "resolve_retries",
        S,
        lower_resolv_setting,
        "queries before giving up",
    ),
    kw(
        RE,
        "timeout",
        S,
        lower_resolv_setting,
        "resolve and retry timers",
    ),
    kw(
        RE,
        "accepted_payload_size",
        S,
        lower_resolv_setting,
        "EDNS0 payload size",
    ),
    kw(
        HE,
        "errorfile",
        S,
        lower_errorfile,
        "error page for a status code",
    ),
    kw(PE, "peer", U, lower_validated, "peer address"),
    kw(PE, "bind", U, lower_validated, "local peer listener"),
    kw(PE, "server", U, lower_validated, "remote peer"),
    kw(
        PE,
        "default-server",
        U,
        lower_validated,
        "peer server defaults",
    ),
    kw(
        PE,
        "table",
        U,
        lower_validated,
        "stick table in a peers section",
    ),
    kw(
        PE,
        "disabled",
        U,
        lower_validated,
        "disable the peers section",
    ),
    kw(PE, "enable", U, lower_validated, "enable the peers section"),
    kw(
        PE,
        "enabled",
        U,
        lower_validated,
        "enable the peers section",
    ),
    kw(PE, "log", U, lower_validated, "peers logging"),
    kw(
        MA,
        "mailer",
        U,
        lower_validated,
        "SMTP server for email alerts",
    ),
    kw(MA, "timeout mail", U, lower_validated, "SMTP timeout"),
    kw(RI, "description", U, lower_validated, "ring description"),
    kw(RI, "format", U, lower_validated, "ring log format"),
    kw(RI, "maxlen", U, lower_validated, "ring line length"),
    kw(RI, "size", U, lower_validated, "ring buffer size"),
    kw(
        RI,
        "timeout",
        U,
        lower_validated,
        "ring forwarding timeouts",
    ),
    kw(RI, "server", U, lower_validated, "ring forwarding target"),
    kw(CA, "total-max-size", U, lower_validated, "cache size"),
    kw(
        CA,
        "max-object-size",
        U,
        lower_validated,
        "largest cached object",
    ),
    kw(CA, "max-age", U, lower_validated, "cache entry lifetime"),
    kw(
        CA,
        "process-vary",
        U,
        lower_validated,
        "Vary header support",
    ),
    kw(
        CA,
        "max-secondary-entries",
        U,
        lower_validated,
        "Vary variants per object",
    ),
    kw(PR, "command", U, lower_validated, "program command line"),
    kw(PR, "user", U, lower_validated, "program user"),
    kw(PR, "group", U, lower_validated, "program group"),
    kw(
        PR,
        "option",
        U,
        lower_validated,
        "program options (start-on-reload)",
    ),
    kw(LF, "bind", U, lower_validated, "stream syslog listener"),
    kw(
        LF,
        "dgram-bind",
        U,
        lower_validated,
        "datagram syslog listener",
    ),
    kw(LF, "log", U, lower_validated, "forwarding target"),
    kw(LF, "backlog", U, lower_validated, "listener backlog"),
    kw(LF, "maxconn", U, lower_validated, "connection limit"),
    kw(LF, "timeout client", U, lower_validated, "client timeout"),
    kw(FA, "docroot", U, lower_validated, "FastCGI document root"),
    kw(FA, "index", U, lower_validated, "FastCGI index script"),
    kw(FA, "path-info", U, lower_validated, "PATH_INFO regex"),
    kw(
        FA,
        "log-stderr",
        U,
        lower_validated,
        "FastCGI stderr logging",
    ),
    kw(FA, "option", U, lower_validated, "FastCGI options"),
    kw(
        FA,
        "set-param",
        U,
        lower_validated,
        "FastCGI parameter rule",
    ),
    kw(
        FA,
        "pass-header",
        U,
        lower_validated,
        "FastCGI header forwarding",
    ),
    kw(FA, "acl", U, lower_validated, "FastCGI ACL"),
];

/// The message for a section header without a name.
fn missing_name(kind: SectionKind) -> (&'static str, bool) {
    // The flag tells whether haproxy uses the `parsing [f:l]:` spelling.
    match kind {
        SectionKind::Userlist => ("'userlist' expects <name> as arguments.", true),
        SectionKind::FcgiApp => ("'fcgi-app' expects <name> as argument.", true),
        SectionKind::Cache => ("'cache' expects a <name> argument", false),
        SectionKind::Ring => ("missing ring name.", false),
        SectionKind::Program => ("'program' expects an <id> argument", false),
        SectionKind::LogForward => ("missing name for ip-forward section.", false),
        SectionKind::Peers => ("missing name for peers section.", false),
        SectionKind::Mailers => ("missing name for mailers section.", false),
        SectionKind::Resolvers => ("missing name for resolvers section.", false),
        _ => ("missing name for http-errors section.", false),
    }
}

fn push_msg(cx: &mut Cx, line: &Line, tight: bool, msg: &str) {
    let sep = if tight { ":" } else { " :" };
    let text = format!("parsing [{}]{sep} {msg}", cx.loc(line));
    cx.push(Diagnostic::fatal(Some(line.span), text));
}

/// Opens a non-proxy section (userlist, peers, resolvers, ...).
pub fn open(cx: &mut Cx, kind: SectionKind, line: &Line) {
    let name = line.word(1).into_owned();
    let span = Some(line.span);
    if kind == SectionKind::NamespaceList {
        cx.cur = Current::Other(kind, usize::MAX);
        return;
    }
    if name.is_empty() {
        let (msg, tight) = missing_name(kind);
        push_msg(cx, line, tight, msg);
        cx.cur = Current::Other(kind, usize::MAX);
        return;
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')))
    {
        let msg = format!(
            "character '{c}' is not permitted in '{}' name '{name}'.",
            kind.keyword()
        );
        push_msg(cx, line, kind == SectionKind::Userlist, &msg);
    }
    let s = &mut cx.cfg.sections;
    let index = match kind {
        SectionKind::Userlist => {
            if s.userlists.iter().any(|u| u.name == name) {
                let text = format!(
                    "parsing [{}]: ignoring duplicated userlist '{name}'.",
                    cx.loc(line)
                );
                cx.push(Diagnostic::warning(span, text));
                cx.cur = Current::Other(kind, usize::MAX);
                return;
            }
            s.userlists.push(Userlist {
                name,
                span,
                ..Default::default()
            });
            s.userlists.len() - 1
        }
        SectionKind::Resolvers => {
            if let Some(prev) = s.resolvers.iter().find(|r| r.name == name) {
                let at = prev.span.map(|p| cx.loc_of(p)).unwrap_or_default();
                let text = format!("Parsing [{}]: resolvers '{name}' has same name as another resolvers (declared at {at}).", cx.loc(line));
                cx.push(Diagnostic::fatal(span, text));
            }
            let s = &mut cx.cfg.sections;
            s.resolvers.push(Resolvers {
                name,
                span,
                ..Default::default()
            });
            s.resolvers.len() - 1
        }
        SectionKind::HttpErrors => {
            s.http_errors.push(HttpErrors {
                name,
                span,
                ..Default::default()
            });
            s.http_errors.len() - 1
        }
        _ => {
            s.others.push(OtherSection { kind, name, span });
            s.others.len() - 1
        }
    };
    cx.cur = Current::Other(kind, index);
}

/// Finishes the current non-proxy section: userlist group references are
/// checked once the whole list is known.
pub fn close(cx: &mut Cx) {
    let Current::Other(SectionKind::Userlist, i) = cx.cur else {
        return;
    };
    let Some(ul) = cx.cfg.sections.userlists.get(i) else {
        return;
    };
    let mut errors = Vec::new();
    for u in &ul.users {
        for g in &u.groups {
            if !ul.groups.iter().any(|x| &x.name == g) {
                errors.push(format!(
                    "userlist '{}': no such group '{g}' specified in user '{}'",
                    ul.name, u.name
                ));
            }
        }
    }
    for e in errors {
        cx.push(Diagnostic::fatal(None, e));
    }
}

fn userlist<'c>(cx: &'c mut Cx) -> Option<&'c mut Userlist> {
    match cx.cur {
        Current::Other(SectionKind::Userlist, i) => cx.cfg.sections.userlists.get_mut(i),
        _ => None,
    }
}

fn lower_user(cx: &mut Cx, line: &Line) {
    let name = line.word(1).into_owned();
    if name.is_empty() {
        push_msg(cx, line, true, "'user' expects <name> as arguments.");
        return;
    }
    let mut user = User {
        name,
        ..Default::default()
    };
    let mut i = 2;
    while !line.word(i).is_empty() {
        let v = line.word(i + 1).into_owned();
        match &*line.word(i) {
            "password" => user.password = Some(v),
            "insecure-password" => {
                user.password = Some(v);
                user.insecure = true;
            }
            "groups" => user
                .groups
                .extend(v.split(',').filter(|g| !g.is_empty()).map(str::to_string)),
            _ => {
                push_msg(
                    cx,
                    line,
                    true,
                    "'user' only supports 'password', 'insecure-password' and 'groups' options.",
                );
                return;
            }
        }
        i += 2;
    }
    if let Some(ul) = userlist(cx) {
        ul.users.push(user);
    }
}

fn lower_group(cx: &mut Cx, line: &Line) {
    let name = line.word(1).into_owned();
    if name.is_empty() {
        push_msg(cx, line, true, "'group' expects <name> as arguments.");
        return;
    }
    let mut group = Group {
        name,
        users: Vec::new(),
    };
    if line.word(2) == "users" {
        let list = line.word(3);
        group.users.extend(
            list.split(',')
                .filter(|u| !u.is_empty())
                .map(str::to_string),
        );
    }
    if let Some(ul) = userlist(cx) {
        ul.groups.push(group);
    }
}

fn resolvers<'c>(cx: &'c mut Cx) -> Option<&'c mut Resolvers> {
    match cx.cur {
        Current::Other(SectionKind::Resolvers, i) => cx.cfg.sections.resolvers.get_mut(i),
        _ => None,
    }
}

fn lower_nameserver(cx: &mut Cx, line: &Line) {
    let id = line.word(1).into_owned();
    let addr = line.word(2).into_owned();
    if id.is_empty() || addr.is_empty() {
        cx.parse_fatal(
            line,
            "'nameserver' expects <name> and <addr>[:<port>] as arguments.",
        );
        return;
    }
    let has_port = match addr.rsplit_once(':') {
        Some((_, p)) => !p.is_empty(),
        None => addr.starts_with('/') || addr.contains('@'),
    };
    if !has_port {
        cx.parse_fatal(
            line,
            format!("'nameserver {id}' : missing port specification in '{addr}'"),
        );
        return;
    }
    if let Some(r) = resolvers(cx) {
        r.nameservers.push((id, addr));
    }
}

fn lower_resolv_setting(cx: &mut Cx, line: &Line) {
    let kw = line.word(0).into_owned();
    let rest: Vec<String> = line.args()[1..]
        .iter()
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect();
    if let Some(r) = resolvers(cx) {
        if kw == "parse-resolv-conf" {
            r.parse_resolv_conf = true;
        } else {
            r.settings.push((kw, rest.join(" ")));
        }
    }
}

fn lower_errorfile(cx: &mut Cx, line: &Line) {
    let code = line.word(1).into_owned();
    let file = line.word(2).into_owned();
    if code.is_empty() || file.is_empty() {
        cx.parse_fatal(
            line,
            "errorfile: expects <status_code> and <file> as arguments.",
        );
        return;
    }
    if cx.host.read(&file).is_err() {
        cx.parse_fatal(line, format!("errorfile : error opening file '{file}'."));
        return;
    }
    let status = crate::units::atoi(&code) as u16;
    if let Current::Other(SectionKind::HttpErrors, i) = cx.cur {
        if let Some(h) = cx.cfg.sections.http_errors.get_mut(i) {
            h.errorfiles.push((status, file));
        }
    }
}
