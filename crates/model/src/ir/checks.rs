//! A proxy's statistics page (`stats ...`, haproxy's `uri_auth`) and its
//! health-check rulesets (`http-check ...` and `tcp-check ...`, haproxy's
//! tcpcheck rules). Both are inherited from the defaults section as a whole
//! and replaced, not extended, by the proxy's own lines.

use crate::dump::Dumper;
use crate::ir::Condition;
use syntax::Span;

/// A `stats admin` or `stats http-request` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatsRule {
    pub span: Span,
    /// `admin` for `stats admin`, else the `http-request` action.
    pub action: String,
    /// The action's words, before the condition.
    pub args: Vec<String>,
    pub cond: Option<Condition>,
}

/// The statistics page of a proxy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatsPage {
    /// Where the page was first configured (`None`: no `stats` at all).
    pub span: Option<Span>,
    /// Copied from the defaults section: the first own `stats` line starts
    /// over from an empty page, as haproxy detaches it.
    pub inherited: bool,
    pub enabled: bool,
    pub uri: Option<String>,
    pub realm: Option<String>,
    /// `user:password` accounts.
    pub auths: Vec<String>,
    pub refresh_s: Option<u32>,
    pub scopes: Vec<String>,
    pub hide_version: bool,
    pub show_legends: bool,
    pub show_modules: bool,
    /// `stats show-node [name]`: `Some("")` for the global node name.
    pub show_node: Option<String>,
    /// `stats show-desc [desc]`: `Some("")` for the global description.
    pub show_desc: Option<String>,
    pub admin: Vec<StatsRule>,
    pub http_request: Vec<StatsRule>,
}

impl StatsPage {
    pub fn is_set(&self) -> bool {
        self.span.is_some()
    }
}

/// What a check rule does (haproxy's `TCPCHK_ACT_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckAction {
    Comment,
    Connect,
    Send,
    Expect,
    /// `set-var(...)`, `set-var-fmt(...)`, `unset-var(...)`.
    Var,
}

impl CheckAction {
    /// Comments and variable actions are skipped when haproxy looks at the
    /// first or last "real" rule of a ruleset.
    pub fn is_step(self) -> bool {
        !matches!(self, CheckAction::Comment | CheckAction::Var)
    }
}

/// One `http-check` or `tcp-check` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckRule {
    pub span: Span,
    pub action: CheckAction,
    /// The rule keyword as written (`expect`, `send-binary`, `set-var(check.x)`).
    pub keyword: String,
    /// The words after the rule keyword.
    pub args: Vec<String>,
    /// haproxy's rule index, printed as "step N" in messages.
    pub index: u32,
    /// The implicit send rule of `option httpchk`, not yet merged with an
    /// explicit `http-check send`.
    pub implicit: bool,
}

/// The check rules of a proxy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckRules {
    pub http: Vec<CheckRule>,
    pub tcp: Vec<CheckRule>,
    /// Whether the proxy declared its own http-check / tcp-check rules:
    /// only those are warned about when the matching option is missing, and
    /// the first one replaces the ruleset inherited from defaults.
    pub own_http: bool,
    pub own_tcp: bool,
    /// Whether http-check / tcp-check rules were declared while the
    /// proxy's check was not of their kind, and no check option came
    /// after them (any check option clears these, as in haproxy).
    pub unused_http: bool,
    pub unused_tcp: bool,
    pub disable_on_404: bool,
    pub send_state: bool,
}

impl CheckRules {
    /// The rules as a proxy inherits them from its defaults section.
    pub fn inherited(&self) -> CheckRules {
        CheckRules {
            own_http: false,
            own_tcp: false,
            unused_http: false,
            unused_tcp: false,
            ..self.clone()
        }
    }
}

impl StatsPage {
    pub fn dump(&self, d: &mut Dumper) {
        if !self.is_set() {
            return;
        }
        let mut line = String::from("stats");
        let flags = [
            ("enable", self.enabled),
            ("hide-version", self.hide_version),
            ("show-legends", self.show_legends),
            ("show-modules", self.show_modules),
        ];
        for (name, on) in flags {
            if on {
                line.push_str(&format!(" {name}"));
            }
        }
        let opts = [
            ("uri", &self.uri),
            ("realm", &self.realm),
            ("show-node", &self.show_node),
            ("show-desc", &self.show_desc),
        ];
        for (name, v) in opts {
            if let Some(v) = v {
                line.push_str(&format!(" {name}={v:?}"));
            }
        }
        if let Some(r) = self.refresh_s {
            line.push_str(&format!(" refresh={r}s"));
        }
        for a in &self.auths {
            line.push_str(&format!(" auth={a:?}"));
        }
        for s in &self.scopes {
            line.push_str(&format!(" scope={s:?}"));
        }
        d.line(line);
        for r in self.admin.iter().chain(&self.http_request) {
            let mut words = vec![r.action.clone()];
            words.extend(r.args.iter().map(|a| escaped(a)));
            words.extend(r.cond.as_ref().map(crate::acl_cond::dump));
            d.line(format!("stats {}", words.join(" ")));
        }
    }
}

impl CheckRules {
    pub fn dump(&self, d: &mut Dumper) {
        if self.disable_on_404 {
            d.line("http-check disable-on-404");
        }
        if self.send_state {
            d.line("http-check send-state");
        }
        for (family, rules) in [("http-check", &self.http), ("tcp-check", &self.tcp)] {
            for r in rules {
                let mut words = vec![format!("{family} #{}", r.index), r.keyword.clone()];
                words.extend(r.args.iter().map(|a| escaped(a)));
                d.line(words.join(" "));
            }
        }
    }
}

/// A word with control characters escaped, so a dump stays one line each.
fn escaped(word: &str) -> String {
    word.chars().flat_map(char::escape_default).collect()
}
