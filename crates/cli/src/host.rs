//! The real [`model::Host`]: the system resolver, the file system,
//! `/etc/passwd` and `/etc/group`, and `/proc/self/fd` for `fd@N` binds.
//! Written on std alone (no libc): `ToSocketAddrs` goes through the libc
//! resolver (getaddrinfo) exactly like haproxy's `-c`, and the account
//! files are what `getpwnam`/`getgrnam` read on a system without NSS
//! modules.

use std::io;
use std::net::{IpAddr, ToSocketAddrs};

/// The host portcullis runs on.
#[derive(Debug, Default)]
pub struct RealHost;

impl model::Host for RealHost {
    fn resolve(&self, name: &str) -> Vec<IpAddr> {
        if let Ok(ip) = name.parse::<IpAddr>() {
            return vec![ip];
        }
        let mut out: Vec<IpAddr> = Vec::new();
        if let Ok(addrs) = (name, 0u16).to_socket_addrs() {
            for a in addrs {
                // getaddrinfo returns one entry per socket type; keep each
                // address once, in resolver order.
                if !out.contains(&a.ip()) {
                    out.push(a.ip());
                }
            }
        }
        out
    }

    fn stat(&self, path: &str) -> Result<bool, String> {
        std::fs::metadata(path)
            .map(|m| m.is_dir())
            .map_err(|e| strerror(&e))
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        std::fs::read(path).map_err(|e| strerror(&e))
    }

    fn user_id(&self, name: &str) -> Option<u32> {
        account_id("/etc/passwd", name)
    }

    fn group_id(&self, name: &str) -> Option<u32> {
        account_id("/etc/group", name)
    }

    fn fd_is_socket(&self, fd: i32) -> Result<(), String> {
        // fstat() seen through procfs: an open socket's link reads
        // `socket:[inode]`; a missing entry means the fd is not open.
        match std::fs::read_link(format!("/proc/self/fd/{fd}")) {
            Ok(target) if target.to_string_lossy().starts_with("socket:") => Ok(()),
            Ok(_) => Err(errno_text(88).to_string()),
            Err(_) => Err(errno_text(9).to_string()),
        }
    }
}

/// The numeric id (third field) of `name` in a passwd/group style file.
fn account_id(file: &str, name: &str) -> Option<u32> {
    let text = std::fs::read_to_string(file).ok()?;
    account_id_in(&text, name)
}

fn account_id_in(text: &str, name: &str) -> Option<u32> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|line| {
            let mut fields = line.split(':');
            if fields.next()? != name {
                return None;
            }
            fields.nth(1)?.trim().parse().ok()
        })
}

/// `strerror(errno)` for an I/O error, as haproxy prints it.
pub fn strerror(e: &io::Error) -> String {
    match e.raw_os_error() {
        Some(code) => match errno_text(code) {
            "" => strip_os_error(&e.to_string()),
            text => text.to_string(),
        },
        None => strip_os_error(&e.to_string()),
    }
}

/// glibc's texts for the errors a configuration check meets; `""` for
/// the others, which fall back to the standard library's rendering.
pub fn errno_text(code: i32) -> &'static str {
    match code {
        1 => "Operation not permitted",
        2 => "No such file or directory",
        5 => "Input/output error",
        9 => "Bad file descriptor",
        12 => "Cannot allocate memory",
        13 => "Permission denied",
        20 => "Not a directory",
        21 => "Is a directory",
        22 => "Invalid argument",
        23 => "Too many open files in system",
        24 => "Too many open files",
        36 => "File name too long",
        40 => "Too many levels of symbolic links",
        88 => "Socket operation on non-socket",
        _ => "",
    }
}

/// The standard library appends ` (os error N)` to strerror's text.
fn strip_os_error(s: &str) -> String {
    match s.find(" (os error ") {
        Some(pos) => s[..pos].to_string(),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::Host;

    #[test]
    fn account_ids_from_passwd_text() {
        let text = "root:x:0:0:root:/root:/bin/bash\n# c\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\nbad\n";
        assert_eq!(account_id_in(text, "root"), Some(0));
        assert_eq!(account_id_in(text, "www-data"), Some(33));
        assert_eq!(account_id_in(text, "bad"), None);
        assert_eq!(account_id_in(text, "nobody-here"), None);
    }

    #[test]
    fn io_errors_read_like_strerror() {
        let missing = RealHost.stat("/nonexistent/portcullis/x.pem");
        assert_eq!(missing, Err("No such file or directory".to_string()));
        assert_eq!(RealHost.stat("/"), Ok(true));
        let e = io::Error::from_raw_os_error(13);
        assert_eq!(strerror(&e), "Permission denied");
        let other = io::Error::from_raw_os_error(71);
        assert!(!strerror(&other).contains("os error"));
    }

    #[test]
    fn literal_addresses_and_localhost_resolve() {
        assert_eq!(
            RealHost.resolve("127.0.0.9"),
            vec!["127.0.0.9".parse::<IpAddr>().unwrap()]
        );
        assert!(!RealHost.resolve("localhost").is_empty());
        assert!(RealHost.resolve("nonexistent.invalid").is_empty());
    }

    #[test]
    fn fd_checks() {
        assert_eq!(
            RealHost.fd_is_socket(987_654),
            Err("Bad file descriptor".to_string())
        );
    }
}
