//! The tokio driver of one peer connection: connect (and, with `--tls`, make the TLS
//! handshake), then loop: let the client write what it can (one `write_all` per turn, however
//! many requests the window allows), wait for bytes or the client's next deadline, hand the
//! bytes over. No protocol decision lives here.
//!
//! The loop is generic over the stream, so the plain TCP path is compiled for `TcpStream`
//! alone: TLS adds nothing to it, neither a branch nor a copy.

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Instant;

use bytes::{Buf, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::client::{Client, ConnStats};
use crate::plan::Plan;

/// Read buffer growth step.
const READ_CHUNK: usize = 64 * 1024;

/// Runs peer `conn` of `plan` to the end and returns what it did.
pub(crate) async fn drive(plan: Arc<Plan>, conn: usize) -> ConnStats {
    let mut client = Client::new(Arc::clone(&plan), conn);
    let target = plan.target;
    let Some(stream) = bounded(&plan, &mut client, "connect to", TcpStream::connect(target)).await
    else {
        return client.into_stats();
    };
    // Latency matters more than segment count: requests leave as soon as they are written.
    let _ = stream.set_nodelay(true);
    let local_ip = stream.local_addr().map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |a| a.ip());
    match &plan.tls {
        None => exchange(client, stream, local_ip).await,
        Some(tls) => {
            let handshake = tls.connector.connect(tls.server_name.clone(), stream);
            match bounded(&plan, &mut client, "TLS handshake with", handshake).await {
                Some(stream) => exchange(client, stream, local_ip).await,
                None => client.into_stats(),
            }
        }
    }
}

/// Awaits `step` for at most the plan's timeout; on failure, fails the client with `what`
/// and the target in the message.
async fn bounded<T>(
    plan: &Plan,
    client: &mut Client,
    what: &str,
    step: impl Future<Output = std::io::Result<T>>,
) -> Option<T> {
    let reason = match tokio::time::timeout(plan.timeout, step).await {
        Ok(Ok(value)) => return Some(value),
        Ok(Err(e)) => e.to_string(),
        Err(_) => "timed out".to_owned(),
    };
    client.fail(Instant::now(), format!("{what} {}: {reason}", plan.target));
    None
}

/// The exchange over an open stream, CER to DPA (or failure).
async fn exchange<S>(mut client: Client, mut stream: S, local_ip: IpAddr) -> ConnStats
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut out = BytesMut::with_capacity(READ_CHUNK);
    let mut input = BytesMut::with_capacity(READ_CHUNK);
    client.start(Instant::now(), local_ip, &mut out);
    loop {
        client.poll_transmit(Instant::now(), &mut out);
        if !out.is_empty() {
            // A TLS stream may keep the last records of a write until flushed; flushing a
            // `TcpStream` is a no-op that returns at once.
            let written = match stream.write_all(&out).await {
                Ok(()) => stream.flush().await,
                Err(e) => Err(e),
            };
            if let Err(e) = written {
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
            // Cancel safe: when the timer wins, no bytes were read (a TLS stream keeps the
            // records it took from the socket for the next read).
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
