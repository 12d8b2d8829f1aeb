//! Opening the listening sockets of a plan, with haproxy's bind failure
//! message. Sockets are opened once, in the main thread, before any worker
//! starts (and before a daemon forks); each worker then polls its own
//! duplicate of every socket.

use crate::plan::{ListenAddr, ListenerSpec};
use socket2::{Domain, SockAddr, Socket, Type};
use std::io;
use std::os::fd::{FromRawFd, OwnedFd};

/// An open listening socket and what it belongs to.
#[derive(Debug)]
pub struct Listener {
    pub socket: Socket,
    pub frontend: usize,
    pub spec: ListenerSpec,
    pub unix: bool,
}

/// haproxy's `strerror()` text of an I/O error, without Rust's suffix.
pub fn strerror(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Opens one listener; the error is haproxy's message without its
/// `[ALERT]` prefix.
pub fn open(
    spec: &ListenerSpec,
    frontend: usize,
    fe_name: &str,
    reuseport: bool,
) -> Result<Listener, String> {
    let fail = |what: &str, e: &io::Error| {
        format!(
            "Binding [{}] for frontend {fe_name}: {what} ({}) for [{}]",
            spec.loc,
            strerror(e),
            spec.addr
        )
    };
    let (socket, unix) = match &spec.addr {
        ListenAddr::Inet(a) => {
            let s = Socket::new(Domain::for_address(*a), Type::STREAM, None)
                .map_err(|e| fail("cannot create listening socket", &e))?;
            s.set_reuse_address(true)
                .map_err(|e| fail("cannot do so_reuseaddr", &e))?;
            if reuseport {
                // lets `-sf` start a new process beside the old one
                let _ = s.set_reuse_port(true);
            }
            if a.is_ipv6() {
                if let Some(v6only) = spec.v6only {
                    let _ = s.set_only_v6(v6only);
                }
            }
            s.bind(&SockAddr::from(*a))
                .map_err(|e| fail("cannot bind socket", &e))?;
            if spec.defer_accept {
                defer_accept(&s);
            }
            (s, false)
        }
        ListenAddr::Unix(path) => {
            let s = Socket::new(Domain::UNIX, Type::STREAM, None)
                .map_err(|e| fail("cannot create listening socket", &e))?;
            // haproxy replaces a stale socket file
            if std::fs::symlink_metadata(path).is_ok() {
                let _ = std::fs::remove_file(path);
            }
            let addr = SockAddr::unix(path).map_err(|e| fail("cannot bind UNIX socket", &e))?;
            s.bind(&addr)
                .map_err(|e| fail("cannot bind UNIX socket", &e))?;
            unix_perms(path, spec).map_err(|e| fail("cannot change UNIX socket ownership", &e))?;
            (s, true)
        }
        ListenAddr::Abstract(name) => {
            let s = Socket::new(Domain::UNIX, Type::STREAM, None)
                .map_err(|e| fail("cannot create listening socket", &e))?;
            let mut raw = vec![0u8];
            raw.extend_from_slice(name.as_bytes());
            let addr = abstract_addr(&raw).map_err(|e| fail("cannot bind UNIX socket", &e))?;
            s.bind(&addr)
                .map_err(|e| fail("cannot bind UNIX socket", &e))?;
            (s, true)
        }
        ListenAddr::Fd(fd) => {
            let dup = dup_inherited(*fd).map_err(|e| fail("cannot use file descriptor", &e))?;
            let s = Socket::from(dup);
            let unix = s.local_addr().map(|a| a.is_unix()).unwrap_or(false);
            (s, unix)
        }
    };
    s_listen(&socket, spec.backlog).map_err(|e| fail("cannot listen to socket", &e))?;
    socket
        .set_nonblocking(true)
        .map_err(|e| fail("cannot make socket non-blocking", &e))?;
    Ok(Listener {
        socket,
        frontend,
        spec: spec.clone(),
        unix,
    })
}

fn s_listen(s: &Socket, backlog: i32) -> io::Result<()> {
    s.listen(backlog.max(1))
}

/// An abstract-namespace address: the name after a leading NUL byte.
fn abstract_addr(raw: &[u8]) -> io::Result<SockAddr> {
    use std::os::unix::ffi::OsStrExt;
    SockAddr::unix(std::ffi::OsStr::from_bytes(raw))
}

/// TCP_DEFER_ACCEPT (`defer-accept` on a bind line).
fn defer_accept(s: &Socket) {
    use std::os::fd::AsRawFd;
    let one: libc::c_int = 1;
    // SAFETY: setsockopt reads `len` bytes from a live c_int.
    unsafe {
        libc::setsockopt(
            s.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_DEFER_ACCEPT,
            (&one as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
    }
}

fn unix_perms(path: &str, spec: &ListenerSpec) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if let Some(mode) = spec.unix_mode {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    if spec.unix_uid.is_some() || spec.unix_gid.is_some() {
        std::os::unix::fs::chown(path, spec.unix_uid, spec.unix_gid)?;
    }
    Ok(())
}

/// Takes a private duplicate of an inherited descriptor (`fd@N`), so the
/// original number stays valid for the parent's bookkeeping.
fn dup_inherited(fd: i32) -> io::Result<OwnedFd> {
    // SAFETY: fcntl(F_DUPFD_CLOEXEC) only reads `fd`; on success the new
    // descriptor is ours alone and is owned by the returned OwnedFd.
    let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3) };
    if new < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `new` was just created by fcntl and is not owned elsewhere.
    let owned = unsafe { OwnedFd::from_raw_fd(new) };
    // haproxy: "Socket operation on non-socket" for a non-socket fd
    let mut ty: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: getsockopt writes at most `len` bytes into `ty`.
    let r = unsafe {
        libc::getsockopt(
            new,
            libc::SOL_SOCKET,
            libc::SO_TYPE,
            (&mut ty as *mut libc::c_int).cast(),
            &mut len,
        )
    };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(owned)
}
