//! The vocabulary of samples: argument types, sample types with haproxy's
//! cast matrix (`sample_casts`), the fetch and converter descriptors, and
//! the rule contexts a fetch can be used in (the columns of `-dKsmp`).

/// A fetch or converter argument type (haproxy's `ARGT_*`), named as in
/// haproxy's messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgType {
    Int,
    Str,
    Table,
    Backend,
    Frontend,
    Server,
    User,
    Ipv4,
    Ipv6,
    Msk4,
    Msk6,
    Regex,
    PbufFnum,
}

impl ArgType {
    /// The name haproxy prints in argument errors.
    pub fn name(self) -> &'static str {
        match self {
            ArgType::Int => "integer",
            ArgType::Str => "string",
            ArgType::Table => "table",
            ArgType::Backend => "backend",
            ArgType::Frontend => "frontend",
            ArgType::Server => "server",
            ArgType::User => "user list",
            ArgType::Ipv4 => "IPv4 address",
            ArgType::Ipv6 => "IPv6 address",
            ArgType::Msk4 => "IPv4 mask",
            ArgType::Msk6 => "IPv6 mask",
            ArgType::Regex => "regex",
            ArgType::PbufFnum => "Protocol buffers field number",
        }
    }
}

/// A sample type (haproxy's `SMP_T_*`), in haproxy's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmpType {
    Any,
    Bool,
    Sint,
    Addr,
    Ipv4,
    Ipv6,
    Str,
    Bin,
    Meth,
}

impl SmpType {
    /// Whether a sample of type `self` can be cast to `to` (`sample_casts`).
    pub fn casts_to(self, to: SmpType) -> bool {
        use SmpType::*;
        matches!(
            (self, to),
            (Any, _)
                | (_, Any)
                | (Bool, Bool | Sint | Str)
                | (Sint, Bool | Sint | Addr | Ipv4 | Ipv6 | Str | Bin)
                | (Ipv4, Sint | Addr | Ipv4 | Ipv6 | Str | Bin)
                | (Ipv6, Addr | Ipv4 | Ipv6 | Str | Bin)
                | (Str, _)
                | (Bin, Str | Bin | Meth)
                | (Meth, Str | Bin | Meth)
        )
    }
}

/// A sample fetch descriptor.
#[derive(Debug)]
pub struct Fetch {
    pub name: &'static str,
    /// Mandatory arguments (haproxy's `ARGM`).
    pub min_args: u8,
    pub args: &'static [ArgType],
    pub out: SmpType,
    /// Bit set of [`Use`] contexts where the fetch is valid.
    pub val: u32,
}

/// A converter descriptor.
#[derive(Debug)]
pub struct Conv {
    pub name: &'static str,
    pub min_args: u8,
    pub args: &'static [ArgType],
    pub input: SmpType,
    pub out: SmpType,
}

/// The places a sample can be evaluated, as the columns of `-dKsmp`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    FeTcpConnection = 0,
    FeTcpSession = 1,
    FeTcpContent = 2,
    FeHttpRequest = 3,
    FeHttpRequestBody = 4,
    FeUseBackend = 5,
    BeTcpContent = 6,
    BeHttpRequest = 7,
    BeHttpRequestBody = 8,
    BeUseServer = 9,
    ServerSource = 10,
    BeTcpResponse = 11,
    BeHttpResponse = 12,
    BeHttpResponseBody = 13,
    BeStickStore = 14,
    FeTcpResponse = 15,
    FeHttpResponse = 16,
    FeHttpResponseBody = 17,
    Log = 18,
    TcpCheck = 19,
    Config = 20,
    Cli = 21,
}

impl Use {
    pub fn bit(self) -> u32 {
        1 << self as u32
    }
    /// haproxy's description of the context, used in "will never match" warnings.
    pub fn describe(self) -> &'static str {
        match self {
            Use::FeTcpConnection => "frontend tcp-request connection rule",
            Use::FeTcpSession => "frontend tcp-request session rule",
            Use::FeTcpContent => "frontend tcp-request content rule",
            Use::FeHttpRequest => "frontend http-request header rule",
            Use::FeHttpRequestBody => "frontend http-request body rule",
            Use::FeUseBackend => "frontend use-backend rule",
            Use::BeTcpContent => "backend tcp-request content rule",
            Use::BeHttpRequest => "backend http-request header rule",
            Use::BeHttpRequestBody => "backend http-request body rule",
            Use::BeUseServer => "backend use-server, balance or stick-match rule",
            Use::ServerSource => "server source selection",
            Use::BeTcpResponse => "backend tcp-response content rule",
            Use::BeHttpResponse => "backend http-response header rule",
            Use::BeHttpResponseBody => "backend http-response body rule",
            Use::BeStickStore => "backend stick-store rule",
            Use::FeTcpResponse => "frontend tcp-response content rule",
            Use::FeHttpResponse => "frontend http-response header rule",
            Use::FeHttpResponseBody => "frontend http-response body rule",
            Use::Log => "logs",
            Use::TcpCheck => "backend tcp-check rule",
            Use::Config => "configuration parser",
            Use::Cli => "CLI parser",
        }
    }
}

impl Fetch {
    /// Whether the fetch reads the request or response buffer (haproxy's
    /// `SMP_USE_L6REQ` / `SMP_USE_L6RES`), which an HTTP proxy ignores.
    pub fn is_l6(&self) -> bool {
        matches!(self.source_name(), "request buffer" | "response buffer")
    }

    /// Whether the fetch reads the request's contents (buffer, headers or
    /// body: haproxy's `SMP_USE_L6REQ|HRQHV|HRQHP|HRQBO`).
    pub fn reads_request(&self) -> bool {
        matches!(
            self.source_name(),
            "request buffer" | "HTTP request headers" | "HTTP request body"
        )
    }

    /// The data source haproxy names when the fetch is used where it is
    /// not available (`smp_src_names`): derived from where it is valid.
    pub fn source_name(&self) -> &'static str {
        let n = self.name;
        let l6 = [
            "payload",
            "req.payload",
            "req.len",
            "req_len",
            "req.ssl",
            "req_ssl",
            "rdp",
            "req.rdp",
            "distcc_",
        ];
        let res_l6 = ["res.payload", "res.len", "res.ssl", "rep_ssl"];
        let req_side = self.val & Use::FeTcpContent.bit() != 0;
        if self.val & Use::FeTcpConnection.bit() != 0 {
            "client address"
        } else if self.val & Use::FeTcpSession.bit() != 0 {
            "client-side connection"
        } else if req_side && l6.iter().any(|p| n.starts_with(p)) {
            "request buffer"
        } else if req_side && n.starts_with("req.body") {
            "HTTP request body"
        } else if req_side {
            "HTTP request headers"
        } else if res_l6.iter().any(|p| n.starts_with(p)) {
            "response buffer"
        } else if n.starts_with("res.body") {
            "HTTP response body"
        } else {
            "HTTP response headers"
        }
    }
}
