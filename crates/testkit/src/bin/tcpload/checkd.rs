//! The servers behind the checks of `compat-tests/bench/check-cost.sh`:
//! every connection that sends an HTTP request head gets `200 OK` and is
//! closed; a layer-4 check, which sends nothing and closes, is just let go.

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const OK: &[u8] = b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n";

/// How long a connection may wait for its request.
const IDLE: Duration = Duration::from_secs(10);

pub async fn run(listen: std::net::SocketAddr, addr_file: Option<String>) -> Result<(), String> {
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|e| format!("bind {listen}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    if let Some(f) = addr_file {
        std::fs::write(&f, format!("{addr}\n")).map_err(|e| format!("{f}: {e}"))?;
    }
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(serve(stream));
            }
            // Out of file descriptors and the like: keep serving the others.
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

async fn serve(mut s: TcpStream) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(IDLE, s.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => head.extend_from_slice(&buf[..n]),
            _ => return,
        }
        if head.windows(4).any(|w| w == b"\r\n\r\n") {
            let _ = s.write_all(OK).await;
            return;
        }
        if head.len() > 16 * 1024 {
            return;
        }
    }
}
