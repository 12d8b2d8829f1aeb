//! `-v` / `-vv`: the version banner and build information, in haproxy's
//! shape so that scripts grepping haproxy's output keep working.
//!
//! The first line keeps haproxy's words (`HAProxy version <version> ...`)
//! because scripts commonly take the third word or match
//! `version [0-9.]+`; the version itself says what we are:
//! `2.6.12-portcullis-<crate version>`, so a numeric comparison sees 2.6.12
//! (the configuration language we implement) and a human sees portcullis.

/// The version string printed by `-v`, the NOTICE line and `-vv`.
pub fn version() -> String {
    format!(
        "{}-portcullis-{}",
        syntax::HAPROXY_VERSION,
        env!("CARGO_PKG_VERSION")
    )
}

/// The build features as `-vv`'s `Feature list` prints them. `.if
/// feature(X)` sees the `+` ones. We claim the features of Debian's
/// haproxy 2.6 build that the configuration language depends on, so a
/// `.if feature(OPENSSL)` block takes the same branch as with haproxy; the
/// keywords such a block then uses are validated and, where we do not run
/// them yet, refused with the explicit "not supported by portcullis yet"
/// alert rather than silently skipped.
pub const FEATURES: &[(&str, bool)] = &[
    ("51DEGREES", false),
    ("ACCEPT4", true),
    ("BACKTRACE", false),
    ("CLOSEFROM", false),
    ("CPU_AFFINITY", true),
    ("CRYPT_H", true),
    ("DEVICEATLAS", false),
    ("DL", true),
    ("ENGINE", false),
    ("EPOLL", true),
    ("EVPORTS", false),
    ("GETADDRINFO", true),
    ("KQUEUE", false),
    ("LIBCRYPT", true),
    ("LINUX_SPLICE", true),
    ("LINUX_TPROXY", true),
    ("LUA", true),
    ("MEMORY_PROFILING", false),
    ("NETFILTER", true),
    ("NS", true),
    ("OBSOLETE_LINKER", false),
    ("OPENSSL", true),
    ("OT", true),
    ("PCRE", false),
    ("PCRE2", true),
    ("PCRE2_JIT", true),
    ("PCRE_JIT", false),
    ("POLL", true),
    ("PRCTL", true),
    ("PROCCTL", false),
    ("PROMEX", true),
    ("QUIC", false),
    ("RT", true),
    ("SLZ", true),
    ("STATIC_PCRE", false),
    ("STATIC_PCRE2", false),
    ("SYSTEMD", true),
    ("TFO", true),
    ("THREAD", true),
    ("THREAD_DUMP", true),
    ("TPROXY", true),
    ("WURFL", false),
    ("ZLIB", false),
];

/// The names `.if feature()` answers true for.
pub fn enabled_features() -> Vec<String> {
    FEATURES
        .iter()
        .filter(|(_, on)| *on)
        .map(|(n, _)| n.to_string())
        .collect()
}

/// `Linux <release> <version> <machine>`, as `uname` gives it.
fn running_on() -> String {
    let read = |f: &str| {
        std::fs::read_to_string(format!("/proc/sys/kernel/{f}"))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let os = match read("ostype") {
        s if s.is_empty() => std::env::consts::OS.to_string(),
        s => s,
    };
    format!(
        "{} {} {} {}",
        os,
        read("osrelease"),
        read("version"),
        std::env::consts::ARCH
    )
}

/// `-v`: four lines on stdout.
pub fn banner() -> String {
    format!(
        "HAProxy version {} - portcullis, a haproxy 2.6 compatible proxy\n\
         Status: portcullis {}: validates haproxy 2.6 configurations; running the proxy is not implemented yet.\n\
         Known bugs: see docs/compat.md\n\
         Running on: {}\n",
        version(),
        env!("CARGO_PKG_VERSION"),
        running_on()
    )
}

/// `-vv`: the banner plus build information in haproxy's layout.
pub fn build_info() -> String {
    let mut out = banner();
    out.push_str("Build options :\n  TARGET  = portcullis\n  OPTIONS = \n\n");
    out.push_str("Feature list : ");
    let list: Vec<String> = FEATURES
        .iter()
        .map(|(n, on)| format!("{}{}", if *on { '+' } else { '-' }, n))
        .collect();
    out.push_str(&list.join(" "));
    out.push_str(
        "\n\nDefault settings :\n  bufsize = 16384, maxrewrite = 1024, maxpollevents = 200\n\n",
    );
    out.push_str("Built with multi-threading support (MAX_THREADS=64, default=2).\n");
    out.push_str(
        "Built with OpenSSL version : none (TLS is validated, not run, by portcullis yet)\n",
    );
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_line_keeps_haproxys_words() {
        let b = banner();
        let first = b.lines().next().unwrap_or("");
        let words: Vec<&str> = first.split(' ').collect();
        assert_eq!(words[..2], ["HAProxy", "version"]);
        assert!(words[2].starts_with("2.6.12-portcullis-"));
        assert_eq!(b.lines().count(), 4);
    }

    #[test]
    fn feature_list_is_greppable() {
        let vv = build_info();
        let line = vv
            .lines()
            .find(|l| l.starts_with("Feature list : "))
            .unwrap_or("");
        assert!(line.contains(" +OPENSSL "));
        assert!(line.contains(" -QUIC "));
        assert!(enabled_features().iter().any(|f| f == "LUA"));
    }
}
