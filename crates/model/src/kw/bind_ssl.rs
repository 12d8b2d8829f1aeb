//! Certificate and CA file checks shared by `bind` and `server` lines:
//! haproxy loads them while parsing (even under `-c`), so a missing or
//! non-PEM file fails the check with the loader's own message.

use crate::cx::Cx;

/// A path after `crt-base` / `ca-base`: relative paths are joined to the
/// base directory when one is configured.
pub(crate) fn with_base(base: Option<&str>, path: &str) -> String {
    match base {
        Some(b) if !path.starts_with('/') && !b.is_empty() => format!("{b}/{path}"),
        _ => path.to_string(),
    }
}

fn has_block(text: &[u8], labels: &[&str]) -> bool {
    let s = String::from_utf8_lossy(text);
    labels
        .iter()
        .any(|l| s.contains(&format!("-----BEGIN {l}-----")))
}

const CERT_LABELS: &[&str] = &["CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE"];
const KEY_LABELS: &[&str] = &[
    "PRIVATE KEY",
    "RSA PRIVATE KEY",
    "EC PRIVATE KEY",
    "DSA PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
];

/// Loads a `crt` argument the way `ssl_sock_load_cert` does: a directory
/// is accepted (its files are not listed through the host), a file must
/// hold a PEM certificate and a private key, either inline or in
/// `<path>.key`. The error is the message tail.
pub(crate) fn check_crt(cx: &Cx, path: &str) -> Result<(), String> {
    match cx.host.stat(path) {
        Err(e) => {
            return Err(format!(
                "unable to stat SSL certificate from file '{path}' : {e}."
            ))
        }
        Ok(true) => return Ok(()),
        Ok(false) => {}
    }
    let text = cx.host.read(path).unwrap_or_default();
    if !has_block(&text, CERT_LABELS) {
        return Err(format!("unable to load certificate from file '{path}'."));
    }
    if has_block(&text, KEY_LABELS) {
        return Ok(());
    }
    let key = format!("{path}.key");
    match cx.host.read(&key) {
        Ok(k) if has_block(&k, KEY_LABELS) => Ok(()),
        _ => Err(format!("No Private Key found in '{key}'.")),
    }
}

/// Loads a CA or CRL file (`ssl_set_verify_locations_file`). On failure,
/// returns the context-free alert haproxy prints first.
pub(crate) fn check_ca(cx: &Cx, path: &str) -> Result<(), String> {
    let why = match cx.host.read(path) {
        Err(e) => e,
        Ok(t) if has_block(&t, CERT_LABELS) || has_block(&t, &["X509 CRL"]) => return Ok(()),
        Ok(_) => "no certificate or crl found".to_string(),
    };
    Err(format!("Couldn't open the ca-file '{path}' ({why})."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::Options;
    use crate::cx::ProcEnv;
    use crate::host::SystemLikeHost;

    const CERT: &str = "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n";
    const KEY: &str = "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n";

    fn check(files: &[(&str, &str)], path: &str, expected: Result<(), &str>) {
        let host = SystemLikeHost {
            files: files
                .iter()
                .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
                .collect(),
            ..SystemLikeHost::default()
        };
        let cx = Cx::new(&host, Options::default(), ProcEnv::default());
        assert_eq!(
            check_crt(&cx, path),
            expected.map_err(str::to_string),
            "{path}"
        );
    }

    #[test]
    fn certificates_need_a_key() {
        let both = format!("{CERT}{KEY}");
        check(&[("/c.pem", &both)], "/c.pem", Ok(()));
        check(&[("/c.pem", CERT), ("/c.pem.key", KEY)], "/c.pem", Ok(()));
        check(
            &[("/c.pem", CERT)],
            "/c.pem",
            Err("No Private Key found in '/c.pem.key'."),
        );
        check(
            &[("/k.pem", KEY)],
            "/k.pem",
            Err("unable to load certificate from file '/k.pem'."),
        );
        check(
            &[],
            "/none.pem",
            Err(
                "unable to stat SSL certificate from file '/none.pem' : No such file or directory.",
            ),
        );
        assert_eq!(with_base(Some("/etc/ssl"), "a.pem"), "/etc/ssl/a.pem");
        assert_eq!(with_base(Some("/etc/ssl"), "/a.pem"), "/a.pem");
    }
}
