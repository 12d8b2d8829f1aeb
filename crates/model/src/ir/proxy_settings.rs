//! The inheritable part of a proxy: everything a `defaults` section can set
//! and a proxy copies when it is created (haproxy's `init_new_proxy` +
//! `proxy_preset_defaults` + the copy in `cfg_parse_listen`). Keeping it in
//! one struct makes inheritance a plain `clone()`.

use syntax::Span;

/// `mode tcp|http` (`tcp` when never set).
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

/// A value together with the line that set it, for post-parse messages that
/// point at the original line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At<T> {
    pub value: T,
    pub span: Span,
}

/// `balance` algorithms (haproxy `backend_parse_balance`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Balance {
    RoundRobin,
    StaticRr,
    LeastConn,
    First,
    Random {
        draws: u32,
    },
    Source,
    Uri {
        whole: bool,
        path_only: bool,
        len: u32,
        depth: u32,
    },
    UrlParam {
        name: String,
        check_post: bool,
    },
    Hdr {
        name: String,
        use_domain_only: bool,
    },
    RdpCookie {
        name: String,
    },
    Hash {
        expr: String,
    },
}

impl Balance {
    /// Whether the algorithm needs HTTP (falls back to round robin in tcp).
    pub fn is_layer7(&self) -> bool {
        matches!(
            self,
            Balance::Uri { .. } | Balance::UrlParam { .. } | Balance::Hdr { .. }
        )
    }
}

/// `hash-type <method> [<function> [avalanche]]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HashType {
    pub consistent: bool,
    /// `sdbm` when not given.
    pub function: String,
    pub avalanche: bool,
}

/// `timeout <name> <time>` values in milliseconds; `None` when unset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeouts {
    pub client: Option<u32>,
    pub server: Option<u32>,
    pub connect: Option<u32>,
    pub check: Option<u32>,
    pub queue: Option<u32>,
    pub http_keep_alive: Option<u32>,
    pub http_request: Option<u32>,
    pub tunnel: Option<u32>,
    pub tarpit: Option<u32>,
    pub client_fin: Option<u32>,
    pub server_fin: Option<u32>,
}

/// Which log format `option httplog|httpslog|tcplog` or `log-format`
/// selected, with the line that selected it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Tcp,
    Http {
        clf: bool,
    },
    Https,
    /// A `log-format` string.
    Custom(String),
}

/// The protocol check an `option` selected (`option httpchk`, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckKind {
    Http {
        method: String,
        uri: String,
        version: String,
    },
    SslHello,
    Smtp {
        hello: String,
        domain: String,
    },
    Mysql {
        user: Option<String>,
        post41: bool,
    },
    Pgsql {
        user: String,
    },
    Redis,
    Ldap,
    Spop,
    TcpCheck,
    External,
}

/// `option forwardfor` / `option originalto` arguments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderOption {
    pub except: Option<String>,
    pub header: Option<String>,
    pub if_none: bool,
}

/// `errorfile`, `errorloc*`, `errorfiles`, `http-error`: kept as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorMsg {
    File { status: u16, path: String },
    Loc { status: u16, code: u16, url: String },
    Files { section: String, codes: Vec<String> },
    HttpError { words: Vec<String> },
}

/// Everything a proxy inherits from its defaults section.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    pub mode: Mode,
    pub maxconn: Option<i64>,
    pub backlog: Option<i64>,
    pub fullconn: Option<i64>,
    pub balance: Option<Balance>,
    pub hash_type: HashType,
    pub hash_balance_factor: Option<i64>,
    pub default_backend: Option<At<String>>,
    pub retries: Option<i64>,
    pub retry_on: Vec<String>,
    /// `cookie` words after the keyword.
    pub cookie: Option<Vec<String>>,
    pub errors: Vec<ErrorMsg>,
    pub http_reuse: Option<String>,
    pub http_send_name_header: Option<String>,
    pub load_server_state_from_file: Option<String>,
    pub server_state_file_name: Option<String>,
    pub max_keep_alive_queue: Option<i64>,
    pub rate_limit_sessions: Option<i64>,
    pub monitor_uri: Option<String>,
    pub unique_id_format: Option<At<String>>,
    pub unique_id_header: Option<String>,
    pub log_tag: Option<String>,
    pub source: Option<Vec<String>>,
    /// `clitcpka-cnt/-idle/-intvl` then `srvtcpka-*` (idle/intvl in ms).
    pub clitcpka: [Option<i64>; 3],
    pub srvtcpka: [Option<i64>; 3],
    pub persist_rdp_cookie: Option<String>,
    pub disabled: bool,
    pub timeouts: Timeouts,
    /// Boolean `option`s set on (`true`) or negated with `no` (`false`).
    pub options: Vec<(&'static str, bool)>,
    pub log_format: Option<At<LogFormat>>,
    /// `log-format-sd`: the structured-data part of RFC5424 logs.
    pub log_format_sd: Option<At<String>>,
    /// `error-log-format`: the format of connection-error logs.
    pub error_log_format: Option<At<String>>,
    pub check: Option<At<CheckKind>>,
    /// `external-check command` / `external-check path`.
    pub external_check_command: Option<String>,
    pub external_check_path: Option<String>,
    pub forwardfor: Option<HeaderOption>,
    pub originalto: Option<HeaderOption>,
    /// `option redispatch [<interval>]`: `Some(interval)` when enabled.
    pub redispatch: Option<i64>,
    pub restrict_req_hdr_names: Option<String>,
    /// `email-alert` settings as (key, value).
    pub email_alert: Vec<(String, String)>,
    pub compression: Vec<Vec<String>>,
    /// `use-fcgi-app <name>` (backends only, never inherited).
    pub fcgi_app: Option<String>,
}

impl Settings {
    /// The state of a boolean option (`None` when never mentioned).
    pub fn option(&self, name: &str) -> Option<bool> {
        self.options
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, on)| *on)
    }
    /// Sets or clears a boolean option, replacing an inherited state.
    pub fn set_option(&mut self, name: &'static str, on: bool) {
        self.options.retain(|(n, _)| *n != name);
        self.options.push((name, on));
    }
}
