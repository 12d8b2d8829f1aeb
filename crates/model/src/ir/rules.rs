//! ACLs, conditions and rules (`tcp-request`, `http-request`, checks...):
//! sample expressions as parsed (fetch, arguments, converters), ACL
//! expressions with their matching method and patterns, `if`/`unless`
//! conditions as an OR of ANDs of ACL terms, and rules kept generically as
//! family, action, argument words and condition.

use syntax::Span;

/// One converter applied to a sample: `,lower`, `,map(file,def)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conv {
    pub name: String,
    pub args: Vec<String>,
}

/// A sample expression: `fetch(args),conv(args),...`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleExpr {
    pub fetch: String,
    pub args: Vec<String>,
    pub convs: Vec<Conv>,
}

/// An ACL expression: a sample, how it is matched and the patterns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AclExpr {
    /// The criterion as written (`path_beg`, `hdr(host)`, `src`).
    pub criterion: String,
    pub sample: SampleExpr,
    /// The matching method name (`str`, `beg`, `ip`, `int`, `found`...).
    pub method: String,
    /// `-i`, `-n`, `-M` and `-u <id>` as written, `-f <file>` separately.
    pub flags: Vec<String>,
    pub files: Vec<String>,
    /// The patterns after the flags, integer operators included.
    pub patterns: Vec<String>,
}

/// A named ACL line (`acl <name> <criterion> ...`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acl {
    pub name: String,
    pub span: Span,
    pub expr: AclExpr,
}

/// What a condition term refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AclRef {
    /// A named ACL of the proxy, or a predefined one (`TRUE`, `HTTP`...).
    Named(String),
    /// An anonymous ACL between braces.
    Anonymous(Box<AclExpr>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub negated: bool,
    pub acl: AclRef,
}

/// `if|unless <cond>`: `terms` is an OR of AND-ed suites.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Condition {
    pub unless: bool,
    pub terms: Vec<Vec<Term>>,
}

/// One rule line, whatever its family.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub span: Span,
    /// `http-request`, `tcp-request content`, `http-check`, `stick on`...
    pub family: String,
    /// The action keyword (`deny`, `set-header`, `track-sc0`, `expect`).
    pub action: String,
    /// The words after the action, before the condition.
    pub args: Vec<String>,
    pub cond: Option<Condition>,
}

/// A `stick-table` declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StickTable {
    pub span: Span,
    /// `ip`, `ipv6`, `integer`, `string`, `binary`.
    pub key_type: String,
    pub key_len: Option<u64>,
    pub size: u64,
    pub expire_ms: Option<u64>,
    pub nopurge: bool,
    pub peers: Option<String>,
    pub store: Vec<String>,
}

/// A capture slot (`capture request header`, `declare capture`, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capture {
    pub span: Span,
    /// `cookie`, `request header`, `response header`, `declare request`,
    /// `declare response`.
    pub kind: String,
    pub name: String,
    pub len: u64,
}

/// Everything this module adds to a proxy.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ProxyRules {
    /// Every rule of every family, in declaration order.
    pub rules: Vec<Rule>,
    pub tcp_inspect_delay_ms: Option<u64>,
    pub tcp_res_inspect_delay_ms: Option<u64>,
    pub stick_table: Option<StickTable>,
    pub captures: Vec<Capture>,
}
