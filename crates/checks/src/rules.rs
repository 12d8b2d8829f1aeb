//! Compiling a proxy's own `tcp-check` and `http-check` rules (kept as
//! words in the IR, already validated by the model) into program steps.
//! Log-format strings are accepted when they are literal text; sample
//! expressions and variables are refused with an unsupported text.

use crate::http::{HdrMatch, Pat, Request};
use crate::program::{Connect, Expect, Match, Rule, Send, Step, Text};
use crate::protocols::regex;
use crate::status::Status;
use model::ir::checks::{CheckAction, CheckRule};
use std::net::{IpAddr, SocketAddr};

/// The check's destination overrides (`port`, `addr` on the server line).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Dest {
    pub port: Option<u16>,
    pub addr: Option<IpAddr>,
}

fn word(args: &[String], i: usize) -> &str {
    args.get(i).map(String::as_str).unwrap_or("")
}

/// A log-format string that is only text (`%%` is a literal `%`).
pub(crate) fn lf_literal(s: &str, what: &str) -> Result<Vec<u8>, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if b.get(i + 1) != Some(&b'%') {
                return Err(format!("{what} with log-format tags"));
            }
            i += 1;
        }
        out.push(b[i]);
        i += 1;
    }
    Ok(out)
}

fn hex(s: &str) -> Result<Vec<u8>, String> {
    let b = s.as_bytes();
    if !b.len().is_multiple_of(2) {
        return Err(format!("invalid binary string '{s}'"));
    }
    b.chunks(2)
        .map(|p| {
            let d = |c: u8| (c as char).to_digit(16);
            match (d(p[0]), d(p[1])) {
                (Some(h), Some(l)) => Ok((h * 16 + l) as u8),
                _ => Err(format!("invalid binary string '{s}'")),
            }
        })
        .collect()
}

/// Rules of one family, with comment rules folded into the next rule.
struct Compiler<'a> {
    family: &'static str,
    dest: Dest,
    out: Vec<Rule>,
    pending_comment: Option<String>,
    http_base: Option<&'a Request>,
    sends: usize,
}

impl Compiler<'_> {
    fn push(&mut self, r: &CheckRule, comment: Option<String>, step: Step) {
        let comment = comment.or_else(|| self.pending_comment.take());
        self.pending_comment = None;
        self.out.push(Rule {
            index: r.index,
            comment,
            step,
        });
    }

    fn rule(&mut self, r: &CheckRule) -> Result<(), String> {
        let fam = self.family;
        let kw = r.keyword.as_str();
        match r.action {
            CheckAction::Comment => {
                self.pending_comment = Some(r.args.join(" "));
                Ok(())
            }
            CheckAction::Var => Err(format!("{fam} {}", kw.split('(').next().unwrap_or(kw))),
            CheckAction::Connect => {
                let (c, comment) = self.connect(&r.args)?;
                self.push(r, comment, Step::Connect(c));
                Ok(())
            }
            CheckAction::Send if self.http_base.is_some() => {
                let (req, comment) = self.http_send(r)?;
                self.push(r, comment, Step::Send(Send::Http(req)));
                Ok(())
            }
            CheckAction::Send => {
                let data = word(&r.args, 0);
                let bytes = match kw {
                    "send" => data.as_bytes().to_vec(),
                    "send-lf" => lf_literal(data, "tcp-check send-lf")?,
                    "send-binary" => hex(data)?,
                    _ => hex(&String::from_utf8_lossy(&lf_literal(
                        data,
                        "tcp-check send-binary-lf",
                    )?))?,
                };
                let comment = (word(&r.args, 1) == "comment").then(|| word(&r.args, 2).to_string());
                self.push(r, comment, Step::Send(Send::Bytes(bytes)));
                Ok(())
            }
            CheckAction::Expect => {
                let (e, comment) = self.expect(&r.args)?;
                self.push(r, comment, Step::Expect(e));
                Ok(())
            }
        }
    }

    fn connect(&self, args: &[String]) -> Result<(Connect, Option<String>), String> {
        let fam = self.family;
        let mut c = Connect {
            port: self.dest.port,
            addr: self.dest.addr,
            explicit_port: false,
            implicit: false,
        };
        let mut comment = None;
        let mut i = 0;
        while i < args.len() {
            let (w, v) = (word(args, i), word(args, i + 1));
            match w {
                "default" | "linger" => {}
                "port" => {
                    let p = v
                        .parse::<u16>()
                        .map_err(|_| format!("{fam} connect port with a sample expression"))?;
                    c.port = Some(p);
                    c.explicit_port = true;
                }
                "addr" => {
                    if let Ok(a) = v.parse::<IpAddr>() {
                        c.addr = Some(a);
                    } else if let Ok(sa) = v.parse::<SocketAddr>() {
                        c.addr = Some(sa.ip());
                        if !c.explicit_port {
                            c.port = Some(sa.port());
                        }
                    } else {
                        return Err(format!("{fam} connect addr '{v}'"));
                    }
                }
                "comment" => comment = Some(v.to_string()),
                other => return Err(format!("{fam} connect {other}")),
            }
            i += if matches!(w, "port" | "addr" | "comment" | "sni" | "alpn" | "proto") {
                2
            } else {
                1
            };
        }
        Ok((c, comment))
    }

    /// `http-check send`: the first one completes `option httpchk`'s
    /// request, later ones start from haproxy's defaults.
    fn http_send(&mut self, r: &CheckRule) -> Result<(Request, Option<String>), String> {
        let base = self.http_base.cloned().unwrap_or_default();
        let mut req = if self.sends == 0 {
            base.clone()
        } else {
            Request {
                send_state: base.send_state,
                ..Request::default()
            }
        };
        self.sends += 1;
        if r.implicit {
            return Ok((req, None));
        }
        let args = &r.args;
        let mut hdrs = Vec::new();
        let mut comment = None;
        let mut i = 0;
        while i < args.len() {
            let (w, v) = (word(args, i), word(args, i + 1));
            match w {
                "meth" => req.meth = v.to_string(),
                "uri" => req.uri = v.to_string(),
                "uri-lf" => {
                    req.uri = String::from_utf8_lossy(&lf_literal(v, "http-check send uri-lf")?)
                        .into_owned()
                }
                "ver" => req.ver = v.to_string(),
                "body" => req.body = v.as_bytes().to_vec(),
                "body-lf" => req.body = lf_literal(v, "http-check send body-lf")?,
                "comment" => comment = Some(v.to_string()),
                "hdr" => {
                    let value = lf_literal(word(args, i + 2), "http-check send hdr")?;
                    hdrs.push((v.to_string(), value));
                    i += 1;
                }
                other => return Err(format!("http-check send {other}")),
            }
            i += 2;
        }
        if !hdrs.is_empty() {
            req.hdrs = hdrs;
        }
        Ok((req, comment))
    }

    fn expect(&self, args: &[String]) -> Result<(Expect, Option<String>), String> {
        let fam = self.family;
        let mut e = Expect::new(Match::Binary(Vec::new()));
        let mut comment = None;
        let mut i = 0;
        while i < args.len() {
            let w = word(args, i);
            let v = word(args, i + 1);
            let status =
                |what: &str| Status::from_name(v).ok_or_else(|| format!("{fam} expect {what} {v}"));
            match w {
                "min-recv" => {
                    e.min_recv = v
                        .parse()
                        .map_err(|_| format!("{fam} expect min-recv {v}"))?
                }
                "comment" => comment = Some(v.to_string()),
                "ok-status" => e.ok = Some(status(w)?),
                "error-status" => e.err = Some(status(w)?),
                "tout-status" => e.tout = Some(status(w)?),
                "on-success" => {
                    e.on_success = Some(Text::Lit(lf_literal(v, "check expect on-success")?))
                }
                "on-error" => e.on_error = Some(Text::Lit(lf_literal(v, "check expect on-error")?)),
                "status-code" => return Err(format!("{fam} expect status-code")),
                "!" => {
                    e.inverse = true;
                    i += 1;
                    continue;
                }
                _ => {
                    let (inv, kw) = match w.strip_prefix('!') {
                        Some(k) => (true, k),
                        None => (false, w),
                    };
                    e.inverse |= inv;
                    let used;
                    (e.m, used) = self.pattern(kw, &args[i + 1..])?;
                    i += 1 + used;
                    continue;
                }
            }
            i += 2;
        }
        Ok((e, comment))
    }

    /// A pattern and the number of words it used after its keyword.
    fn pattern(&self, kw: &str, rest: &[String]) -> Result<(Match, usize), String> {
        let fam = self.family;
        let v = word(rest, 0);
        let http = self.http_base.is_some();
        let m = match kw {
            "string" if http => Match::HttpBody(v.as_bytes().to_vec()),
            "string" => Match::String(v.as_bytes().to_vec()),
            "string-lf" if http => Match::HttpBody(lf_literal(v, "http-check expect string-lf")?),
            "string-lf" => Match::String(lf_literal(v, "tcp-check expect string-lf")?),
            "rstring" if http => Match::HttpRBody(regex(v)?),
            "rstring" => Match::Regex(regex(v)?),
            "binary" => Match::Binary(hex(v)?),
            "binary-lf" => Match::Binary(hex(&String::from_utf8_lossy(&lf_literal(
                v,
                "tcp-check expect binary-lf",
            )?))?),
            "rbinary" => Match::RBinary(regex(v)?),
            "status" => Match::HttpStatus(codes(v)?),
            "rstatus" => Match::HttpRStatus(regex(v)?),
            "hdr" | "fhdr" => return header(kw == "fhdr", rest),
            other => return Err(format!("{fam} expect {other}")),
        };
        Ok((m, 1))
    }
}

/// `200,302-399`.
fn codes(v: &str) -> Result<Vec<(u32, u32)>, String> {
    v.split(',')
        .map(|part| {
            let (lo, hi) = part.split_once('-').unwrap_or((part, part));
            match (lo.trim().parse(), hi.trim().parse()) {
                (Ok(l), Ok(h)) => Ok((l, h)),
                _ => Err(format!("http-check expect status '{v}'")),
            }
        })
        .collect()
}

/// `hdr|fhdr name[-lf] <n> [-m meth] [value[-lf] <v> [-m meth]]`.
fn header(full: bool, rest: &[String]) -> Result<(Match, usize), String> {
    let pat = |kind: &str, s: &str| -> Result<Pat, String> {
        let b = s.as_bytes().to_vec();
        Ok(match kind {
            "str" => Pat::Str(b),
            "beg" => Pat::Beg(b),
            "end" => Pat::End(b),
            "sub" => Pat::Sub(b),
            "reg" => Pat::Reg(regex(s)?),
            other => return Err(format!("http-check expect hdr -m {other}")),
        })
    };
    let text = |kw: &str, s: &str| -> Result<String, String> {
        if kw.ends_with("-lf") {
            Ok(
                String::from_utf8_lossy(&lf_literal(s, "http-check expect hdr name-lf/value-lf")?)
                    .into_owned(),
            )
        } else {
            Ok(s.to_string())
        }
    };
    let name_text = text(word(rest, 0), word(rest, 1))?;
    let mut n = 2;
    let mut name_kind = "str";
    if word(rest, n) == "-m" {
        name_kind = word(rest, n + 1);
        n += 2;
    }
    let name = pat(name_kind, &name_text)?;
    let mut value = None;
    if matches!(word(rest, n), "value" | "value-lf") {
        let v = text(word(rest, n), word(rest, n + 1))?;
        n += 2;
        let mut kind = "str";
        if word(rest, n) == "-m" {
            kind = word(rest, n + 1);
            n += 2;
        }
        value = Some(pat(kind, &v)?);
    }
    Ok((Match::HttpHeader(HdrMatch { name, value, full }), n))
}

/// The proxy's `tcp-check` rules.
pub(crate) fn tcp(rules: &[CheckRule], dest: Dest) -> Result<Vec<Rule>, String> {
    let mut c = Compiler {
        family: "tcp-check",
        dest,
        out: Vec::new(),
        pending_comment: None,
        http_base: None,
        sends: 0,
    };
    for r in rules {
        c.rule(r)?;
    }
    Ok(c.out)
}

/// The proxy's `http-check` rules, given `option httpchk`'s request. An
/// implicit `expect status 200-399` ends a ruleset whose last step is not
/// an expect; a ruleset without a send starts with the option's request.
pub(crate) fn http(rules: &[CheckRule], base: &Request, dest: Dest) -> Result<Vec<Rule>, String> {
    let mut c = Compiler {
        family: "http-check",
        dest,
        out: Vec::new(),
        pending_comment: None,
        http_base: Some(base),
        sends: 0,
    };
    for r in rules {
        c.rule(r)?;
    }
    let mut out = c.out;
    if !out.iter().any(|r| matches!(r.step, Step::Send(_))) {
        let at = usize::from(matches!(
            out.first().map(|r| &r.step),
            Some(Step::Connect(_))
        ));
        let index = out.get(at).map_or(0, |r| r.index);
        out.insert(
            at,
            Rule {
                index,
                comment: None,
                step: Step::Send(Send::Http(base.clone())),
            },
        );
    }
    if !matches!(out.last().map(|r| &r.step), Some(Step::Expect(_))) {
        let index = out.last().map_or(0, |r| r.index + 1);
        out.push(Rule {
            index,
            comment: None,
            step: Step::Expect(Expect::new(Match::HttpStatus(vec![(200, 399)]))),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_format_literals() {
        assert_eq!(lf_literal("hello%%world", "x").unwrap(), b"hello%world");
        assert_eq!(
            lf_literal("a%[src]", "tcp-check send-lf").unwrap_err(),
            "tcp-check send-lf with log-format tags"
        );
        assert!(lf_literal("50%", "x").is_err());
    }

    #[test]
    fn hex_and_codes() {
        assert_eq!(hex("0001ff").unwrap(), vec![0, 1, 255]);
        assert!(hex("0g").is_err());
        assert_eq!(codes("200,302-399").unwrap(), vec![(200, 200), (302, 399)]);
    }
}
