//! haproxy's "a '<rule>' rule placed after a '<other>' rule will still be
//! processed before." warnings (`warnif_misplaced_*` in cfgparse-listen.c):
//! request rules run in a fixed order of stages whatever the order they
//! are written in, and a rule written after one of a later stage gets the
//! warning naming the first later stage the proxy already has.

use crate::ir::proxy::Proxy;

/// The request-processing stages, in the order haproxy runs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    TcpConnection,
    TcpSession,
    TcpContent,
    MonitorFail,
    HttpRequest,
    Redirect,
    UseBackend,
    UseServer,
}

impl Stage {
    const ALL: [Stage; 8] = [
        Stage::TcpConnection,
        Stage::TcpSession,
        Stage::TcpContent,
        Stage::MonitorFail,
        Stage::HttpRequest,
        Stage::Redirect,
        Stage::UseBackend,
        Stage::UseServer,
    ];

    /// The stage's rule as haproxy names it, with its article.
    fn named(self) -> &'static str {
        match self {
            Stage::TcpConnection => "a 'tcp-request connection'",
            Stage::TcpSession => "a 'tcp-request session'",
            Stage::TcpContent => "a 'tcp-request content'",
            Stage::MonitorFail => "a 'monitor fail'",
            Stage::HttpRequest => "an 'http-request'",
            Stage::Redirect => "a 'redirect'",
            Stage::UseBackend => "a 'use_backend'",
            Stage::UseServer => "a 'use-server'",
        }
    }

    /// Whether proxy `px` already has a rule of this stage.
    fn present(self, px: &Proxy) -> bool {
        let family = |f: &str| px.rules.rules.iter().any(|r| r.family == f);
        match self {
            Stage::TcpConnection => family("tcp-request connection"),
            Stage::TcpSession => family("tcp-request session"),
            Stage::TcpContent => family("tcp-request content"),
            Stage::MonitorFail => !px.monitor_fail.is_empty(),
            Stage::HttpRequest => family("http-request"),
            Stage::Redirect => !px.redirects.is_empty(),
            Stage::UseBackend => !px.use_backends.is_empty(),
            Stage::UseServer => !px.use_servers.is_empty(),
        }
    }
}

/// The warning for a rule of stage `stage` written as `what` (haproxy
/// prints `tcp-request`, `monitor fail`, `http-request` or `redirect`),
/// about to be added to `px`: `None` when no later stage has a rule yet.
pub fn misplaced(px: &Proxy, stage: Stage, what: &str) -> Option<String> {
    let later = Stage::ALL
        .into_iter()
        .filter(|s| *s > stage)
        .find(|s| s.present(px))?;
    Some(format!(
        "a '{what}' rule placed after {} rule will still be processed before.",
        later.named()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::rules::Rule;
    use syntax::{FileId, SectionKind, Span};

    fn rule(family: &str) -> Rule {
        Rule {
            span: Span {
                file: FileId(0),
                line: 1,
            },
            family: family.to_string(),
            action: "accept".to_string(),
            args: Vec::new(),
            cond: None,
        }
    }

    #[test]
    fn the_first_later_stage_is_named() {
        let mut px = Proxy::new(SectionKind::Listen, "l".into(), None);
        assert_eq!(misplaced(&px, Stage::TcpConnection, "tcp-request"), None);
        px.rules.rules.push(rule("http-request"));
        px.rules.rules.push(rule("tcp-request content"));
        assert_eq!(
            misplaced(&px, Stage::TcpSession, "tcp-request").as_deref(),
            Some("a 'tcp-request' rule placed after a 'tcp-request content' rule will still be processed before.")
        );
        assert_eq!(
            misplaced(&px, Stage::MonitorFail, "monitor fail").as_deref(),
            Some("a 'monitor fail' rule placed after an 'http-request' rule will still be processed before.")
        );
        assert_eq!(misplaced(&px, Stage::HttpRequest, "http-request"), None);
    }
}
