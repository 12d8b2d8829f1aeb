//! The non-proxy sections: userlist, peers, resolvers, mailers, http-errors,
//! ring, cache, program, log-forward, fcgi-app, namespace_list. The ones we
//! run (userlist, resolvers as data, http-errors) are typed; the others are
//! kept as their name and span, their keywords being refused as
//! unsupported after validation.

use crate::dump::Dumper;
use syntax::{SectionKind, Span};

/// A `userlist` user.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct User {
    pub name: String,
    /// The crypt(3) hash (`password`) or the clear text (`insecure-password`).
    pub password: Option<String>,
    pub insecure: bool,
    pub groups: Vec<String>,
}

/// A `userlist` group with the users it lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub users: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Userlist {
    pub name: String,
    pub span: Option<Span>,
    pub users: Vec<User>,
    pub groups: Vec<Group>,
}

/// A `resolvers` section: name servers and the settings as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolvers {
    pub name: String,
    pub span: Option<Span>,
    /// `nameserver <id> <addr:port>`.
    pub nameservers: Vec<(String, String)>,
    pub parse_resolv_conf: bool,
    /// `hold`, `timeout`, `resolve_retries`, `accepted_payload_size` lines.
    pub settings: Vec<(String, String)>,
}

/// An `http-errors` section: status code to error file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpErrors {
    pub name: String,
    pub span: Option<Span>,
    pub errorfiles: Vec<(u16, String)>,
}

/// A section we validate but do not run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtherSection {
    pub kind: SectionKind,
    pub name: String,
    pub span: Option<Span>,
}

#[derive(Clone, Debug, Default)]
pub struct Sections {
    pub userlists: Vec<Userlist>,
    pub resolvers: Vec<Resolvers>,
    pub http_errors: Vec<HttpErrors>,
    pub others: Vec<OtherSection>,
}

impl Sections {
    pub fn dump(&self, d: &mut Dumper) {
        for u in &self.userlists {
            d.nest(format!("userlist {}", u.name), |d| {
                for g in &u.groups {
                    d.line(format!("group {} users={}", g.name, g.users.join(",")));
                }
                for user in &u.users {
                    let kind = if user.insecure { "insecure" } else { "hashed" };
                    d.line(format!(
                        "user {} {kind} groups={}",
                        user.name,
                        user.groups.join(",")
                    ));
                }
            });
        }
        for r in &self.resolvers {
            d.nest(format!("resolvers {}", r.name), |d| {
                for (id, addr) in &r.nameservers {
                    d.line(format!("nameserver {id} {addr}"));
                }
                if r.parse_resolv_conf {
                    d.line("parse-resolv-conf");
                }
                for (k, v) in &r.settings {
                    d.line(format!("{k} {v}"));
                }
            });
        }
        for h in &self.http_errors {
            d.nest(format!("http-errors {}", h.name), |d| {
                for (code, file) in &h.errorfiles {
                    d.line(format!("errorfile {code} {file}"));
                }
            });
        }
        for o in &self.others {
            d.line(format!("{} {}", o.kind.keyword(), o.name));
        }
    }
}
