//! The three measurements, each against a proxy listening at `target` in
//! front of `tcpload server`, optionally reading the proxy's CPU time and
//! memory from `/proc/<pid>`.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use testkit::procfs::{cpu_ticks, rss_kib};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinSet;

/// How many connections are opened at once by `idle`.
const CONNECT_BATCH: usize = 200;

fn ticks_per_second() -> f64 {
    // SAFETY: sysconf has no preconditions.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if t > 0 {
        t as f64
    } else {
        100.0
    }
}

/// CPU seconds the process `pid` used between two tick readings.
fn cpu_seconds(before: Option<u64>, after: Option<u64>) -> Option<f64> {
    Some(after?.saturating_sub(before?) as f64 / ticks_per_second())
}

async fn connect(target: SocketAddr, mode: u8) -> Result<TcpStream, String> {
    let mut s = TcpStream::connect(target)
        .await
        .map_err(|e| format!("connect {target}: {e}"))?;
    s.set_nodelay(true).map_err(|e| e.to_string())?;
    s.write_all(&[mode]).await.map_err(|e| e.to_string())?;
    Ok(s)
}

/// `conns` connections each sending `size` bytes and waiting for their
/// echo, over and over, for `duration`.
pub async fn pingpong(
    target: SocketAddr,
    conns: usize,
    size: usize,
    duration: Duration,
    pid: Option<u32>,
) -> Result<(), String> {
    let mut streams = Vec::with_capacity(conns);
    for _ in 0..conns {
        streams.push(connect(target, b'E').await?);
    }
    let count = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = JoinSet::new();
    for mut s in streams {
        let (count, stop) = (Arc::clone(&count), Arc::clone(&stop));
        tasks.spawn(async move {
            let msg = vec![b'x'; size];
            let mut back = vec![0u8; size];
            while !stop.load(Ordering::Relaxed) {
                if s.write_all(&msg).await.is_err() || s.read_exact(&mut back).await.is_err() {
                    return Err("ping-pong connection closed".to_string());
                }
                count.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        });
    }
    // A short warm-up, then the measured window.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (n0, t0, c0) = (
        count.load(Ordering::Relaxed),
        Instant::now(),
        pid.and_then(cpu_ticks),
    );
    tokio::time::sleep(duration).await;
    let (n1, elapsed, c1) = (
        count.load(Ordering::Relaxed),
        t0.elapsed(),
        pid.and_then(cpu_ticks),
    );
    stop.store(true, Ordering::Relaxed);
    while let Some(r) = tasks.join_next().await {
        r.map_err(|e| e.to_string())??;
    }
    let requests = (n1 - n0) as f64;
    println!("pingpong_requests={}", n1 - n0);
    println!("pingpong_rps={:.0}", requests / elapsed.as_secs_f64());
    if let Some(cpu) = cpu_seconds(c0, c1) {
        println!("pingpong_cpu_seconds={cpu:.2}");
        println!(
            "pingpong_requests_per_cpu_second={:.0}",
            requests / cpu.max(0.01)
        );
    }
    Ok(())
}

/// Sends `mib` MiB through one connection to the sink and waits for its
/// count.
pub async fn bulk(target: SocketAddr, mib: u64, pid: Option<u32>) -> Result<(), String> {
    let mut s = connect(target, b'S').await?;
    let chunk = vec![0x5au8; 256 * 1024];
    let total = mib * 1024 * 1024;
    let (t0, c0) = (Instant::now(), pid.and_then(cpu_ticks));
    let mut sent = 0u64;
    while sent < total {
        s.write_all(&chunk)
            .await
            .map_err(|e| format!("bulk send: {e}"))?;
        sent += chunk.len() as u64;
    }
    s.shutdown().await.map_err(|e| e.to_string())?;
    let mut count = [0u8; 8];
    s.read_exact(&mut count)
        .await
        .map_err(|e| format!("bulk count: {e}"))?;
    let (elapsed, c1) = (t0.elapsed(), pid.and_then(cpu_ticks));
    if u64::from_le_bytes(count) != sent {
        return Err(format!(
            "sink counted {} bytes of {sent}",
            u64::from_le_bytes(count)
        ));
    }
    println!("bulk_mib={mib}");
    println!(
        "bulk_mib_per_second={:.0}",
        mib as f64 / elapsed.as_secs_f64()
    );
    if let Some(cpu) = cpu_seconds(c0, c1) {
        println!("bulk_cpu_seconds={cpu:.2}");
        println!("bulk_mib_per_cpu_second={:.0}", mib as f64 / cpu.max(0.01));
    }
    Ok(())
}

/// Opens `conns` connections through the proxy, each confirmed end to end
/// by the server's one-byte answer, and reports the proxy's resident memory
/// before and after.
pub async fn idle(target: SocketAddr, conns: usize, pid: Option<u32>) -> Result<(), String> {
    let before = pid.and_then(rss_kib);
    let mut held = Vec::with_capacity(conns);
    while held.len() < conns {
        let mut batch = JoinSet::new();
        for _ in 0..CONNECT_BATCH.min(conns - held.len()) {
            batch.spawn(async move {
                let mut s = connect(target, b'I').await?;
                let mut k = [0u8; 1];
                s.read_exact(&mut k)
                    .await
                    .map_err(|e| format!("idle answer: {e}"))?;
                Ok::<TcpStream, String>(s)
            });
        }
        while let Some(r) = batch.join_next().await {
            held.push(r.map_err(|e| e.to_string())??);
        }
    }
    // Let the proxy settle (lazy frees, pool trimming) before reading.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = pid.and_then(rss_kib);
    println!("idle_conns={}", held.len());
    if let (Some(b), Some(a)) = (before, after) {
        println!("idle_rss_before_kib={b}");
        println!("idle_rss_after_kib={a}");
        println!(
            "idle_bytes_per_conn={:.0}",
            (a.saturating_sub(b) * 1024) as f64 / conns as f64
        );
    }
    drop(held);
    Ok(())
}
