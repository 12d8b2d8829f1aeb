//! The impure facts the model needs, behind a trait: name resolution, file
//! checks and user/group lookups. `-c` must resolve server names and check
//! certificate files exactly like haproxy, but the model stays testable.

use std::net::IpAddr;

/// Why a referenced file could not be used; the text is `strerror(errno)`.
pub type IoErrorText = String;

pub trait Host {
    /// Resolves a host name with the system resolver (`/etc/hosts`, DNS),
    /// returning every address in resolver order.
    fn resolve(&self, name: &str) -> Vec<IpAddr>;
    /// `stat()` on a path: `Ok(is_dir)` or the `strerror` text.
    fn stat(&self, path: &str) -> Result<bool, IoErrorText>;
    /// Reads a whole file (certificates, CA files, error files, maps).
    fn read(&self, path: &str) -> Result<Vec<u8>, IoErrorText>;
    /// `getpwnam`: the uid of a user name.
    fn user_id(&self, name: &str) -> Option<u32>;
    /// `getgrnam`: the gid of a group name.
    fn group_id(&self, name: &str) -> Option<u32>;
    /// Whether `fd` is an open socket (for `bind fd@N`): `Ok(())` or the
    /// `strerror` text (`Socket operation on non-socket`, `Bad file descriptor`).
    fn fd_is_socket(&self, fd: i32) -> Result<(), IoErrorText>;
}

/// A host made of fixed tables, for tests: names map to addresses, paths to
/// contents; everything else is missing.
#[derive(Clone, Debug, Default)]
pub struct SystemLikeHost {
    pub hosts: Vec<(String, IpAddr)>,
    pub files: Vec<(String, Vec<u8>)>,
    pub dirs: Vec<String>,
    pub users: Vec<(String, u32)>,
    pub groups: Vec<(String, u32)>,
}

const ENOENT: &str = "No such file or directory";

impl Host for SystemLikeHost {
    fn resolve(&self, name: &str) -> Vec<IpAddr> {
        if let Ok(ip) = name.parse::<IpAddr>() {
            return vec![ip];
        }
        self.hosts
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, a)| *a)
            .collect()
    }
    fn stat(&self, path: &str) -> Result<bool, IoErrorText> {
        if self.dirs.iter().any(|d| d == path) {
            return Ok(true);
        }
        if self.files.iter().any(|(p, _)| p == path) {
            return Ok(false);
        }
        Err(ENOENT.to_string())
    }
    fn read(&self, path: &str) -> Result<Vec<u8>, IoErrorText> {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, c)| c.clone())
            .ok_or_else(|| ENOENT.to_string())
    }
    fn user_id(&self, name: &str) -> Option<u32> {
        self.users
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
    }
    fn group_id(&self, name: &str) -> Option<u32> {
        self.groups
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
    }
    fn fd_is_socket(&self, _fd: i32) -> Result<(), IoErrorText> {
        Err("Bad file descriptor".to_string())
    }
}
