//! The tokio driver of one peer connection: connect, then loop: let the client write what it
//! can (one `write_all` per turn, however many requests the window allows), wait for bytes or
//! the client's next deadline, hand the bytes over. No protocol decision lives here.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Instant;

use bytes::{Buf, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::client::{Client, ConnStats};
use crate::plan::Plan;

/// Read buffer growth step.
const READ_CHUNK: usize = 64 * 1024;

/// Runs peer `conn` of `plan` to the end and returns what it did.
pub(crate) async fn drive(plan: Arc<Plan>, conn: usize) -> ConnStats {
    let mut client = Client::new(Arc::clone(&plan), conn);
    let mut stream = match tokio::time::timeout(plan.timeout, TcpStream::connect(plan.target)).await
    {
        Ok(Ok(stream)) => stream,
        Ok(Err(e)) => {
            client.fail(Instant::now(), format!("connect to {}: {e}", plan.target));
            return client.into_stats();
        }
        Err(_) => {
            client.fail(Instant::now(), format!("connect to {}: timed out", plan.target));
            return client.into_stats();
        }
    };
    // Latency matters more than segment count: requests leave as soon as they are written.
    let _ = stream.set_nodelay(true);
    let local_ip = stream.local_addr().map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |a| a.ip());
    let mut out = BytesMut::with_capacity(READ_CHUNK);
    let mut input = BytesMut::with_capacity(READ_CHUNK);
    client.start(Instant::now(), local_ip, &mut out);
    loop {
        client.poll_transmit(Instant::now(), &mut out);
        if !out.is_empty() {
            if let Err(e) = stream.write_all(&out).await {
                client.fail(Instant::now(), format!("write: {e}"));
                break;
            }
            out.clear();
        }
        client.report_progress();
        if client.is_closed() {
            break;
        }
        let deadline = client.poll_timeout();
        let wake = async {
            match deadline {
                Some(d) => tokio::time::sleep_until(d.into()).await,
                None => std::future::pending().await,
            }
        };
        if input.capacity() - input.len() < READ_CHUNK / 4 {
            input.reserve(READ_CHUNK);
        }
        tokio::select! {
            // Cancel safe: when the timer wins, no bytes were read.
            read = stream.read_buf(&mut input) => {
                let now = Instant::now();
                match read {
                    Ok(0) => client.handle_close(now),
                    Ok(_) => {
                        let used = client.handle_bytes(now, &input, &mut out);
                        input.advance(used);
                    }
                    Err(e) => client.fail(now, format!("read: {e}")),
                }
            }
            () = wake => client.handle_timeout(Instant::now()),
        }
    }
    let _ = stream.shutdown().await;
    client.into_stats()
}
