//! The backend server behind the proxy. The first byte a client sends
//! chooses what the connection does:
//! - `E`: echo everything that follows (request/response ping-pong);
//! - `S`: sink: count everything until end of stream, then answer the count
//!   as 8 little-endian bytes (bulk transfer);
//! - `I`: idle: answer one byte `k` (so the client knows the proxy has
//!   connected through), then wait for end of stream.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

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
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve(stream));
            }
            // Out of file descriptors and the like: keep serving the others.
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
        }
    }
}

async fn serve(mut s: TcpStream) {
    let mut mode = [0u8; 1];
    if s.read_exact(&mut mode).await.is_err() {
        return;
    }
    let mut buf = vec![0u8; if mode[0] == b'I' { 16 } else { 64 * 1024 }];
    match mode[0] {
        b'E' => loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    if s.write_all(&buf[..n]).await.is_err() {
                        return;
                    }
                }
            }
        },
        b'S' => {
            let mut total: u64 = 0;
            loop {
                match s.read(&mut buf).await {
                    Ok(0) => break,
                    Ok(n) => total += n as u64,
                    Err(_) => return,
                }
            }
            let _ = s.write_all(&total.to_le_bytes()).await;
        }
        b'I' if s.write_all(b"k").await.is_ok() => {
            while let Ok(n) = s.read(&mut buf).await {
                if n == 0 {
                    break;
                }
            }
        }
        _ => {}
    }
}
