//! One `SO_REUSEPORT` listening socket per shard, all on the same address.
//!
//! The kernel hashes each incoming connection to one of the sockets, so the shards share the
//! accept load without a shared queue. Port 0 works: the first socket is bound, its port read
//! back, and the others bind to that port.
//!
//! TCP keepalive and `TCP_USER_TIMEOUT` are set on the listening sockets: Linux copies both to
//! every socket it accepts, so no accepted connection costs a system call for them.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use socket2::{Domain, Protocol, SockAddr, Socket, TcpKeepalive, Type};

/// Socket options every accepted connection gets (see [`super::IoConfig`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TcpOptions {
    /// Idle time before the first keepalive probe; probes then every third of it, three of them.
    pub(crate) keepalive: Option<Duration>,
    pub(crate) user_timeout: Option<Duration>,
}

/// Keepalive probes sent before the connection is dropped.
const KEEPALIVE_PROBES: u32 = 3;

/// Listening sockets for `n` shards on `addr`, and the address they are actually bound to.
pub(crate) fn bind_all(
    n: usize,
    addr: SocketAddr,
    backlog: i32,
    options: TcpOptions,
) -> io::Result<(Vec<Socket>, SocketAddr)> {
    let first = bind_one(addr, backlog, options)?;
    let bound = first.local_addr()?.as_socket().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "listener bound to a non-IP address")
    })?;
    let mut sockets = Vec::with_capacity(n);
    sockets.push(first);
    for _ in 1..n {
        sockets.push(bind_one(bound, backlog, options)?);
    }
    Ok((sockets, bound))
}

fn bind_one(addr: SocketAddr, backlog: i32, options: TcpOptions) -> io::Result<Socket> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_port(true)?;
    socket.set_reuse_address(true)?;
    if let Some(idle) = options.keepalive {
        let interval = (idle / 3).max(Duration::from_secs(1));
        let params = TcpKeepalive::new()
            .with_time(idle)
            .with_interval(interval)
            .with_retries(KEEPALIVE_PROBES);
        socket.set_tcp_keepalive(&params)?;
    }
    if let Some(timeout) = options.user_timeout {
        socket.set_tcp_user_timeout(Some(timeout))?;
    }
    socket.bind(&SockAddr::from(addr))?;
    socket.listen(backlog)?;
    Ok(socket)
}

#[cfg(test)]
mod tests {
    use super::*;
    use socket2::SockRef;

    const OPTIONS: TcpOptions = TcpOptions {
        keepalive: Some(Duration::from_secs(30)),
        user_timeout: Some(Duration::from_secs(20)),
    };

    #[test]
    fn port_zero_binds_every_socket_to_one_port() {
        let (sockets, bound) = bind_all(3, "127.0.0.1:0".parse().unwrap(), 16, OPTIONS).unwrap();
        assert_ne!(bound.port(), 0);
        for s in &sockets {
            assert_eq!(s.local_addr().unwrap().as_socket(), Some(bound));
        }
    }

    #[test]
    fn accepted_sockets_inherit_keepalive_and_user_timeout() {
        let (sockets, bound) = bind_all(1, "127.0.0.1:0".parse().unwrap(), 16, OPTIONS).unwrap();
        let listener: std::net::TcpListener = sockets.into_iter().next().unwrap().into();
        let _client = std::net::TcpStream::connect(bound).unwrap();
        let (accepted, _) = listener.accept().unwrap();
        let s = SockRef::from(&accepted);
        assert!(s.keepalive().unwrap());
        assert_eq!(s.tcp_keepalive_time().unwrap(), Duration::from_secs(30));
        assert_eq!(s.tcp_keepalive_interval().unwrap(), Duration::from_secs(10));
        assert_eq!(s.tcp_keepalive_retries().unwrap(), KEEPALIVE_PROBES);
        assert_eq!(s.tcp_user_timeout().unwrap(), Some(Duration::from_secs(20)));
    }

    #[test]
    fn options_left_unset_stay_at_the_system_default() {
        let none = TcpOptions { keepalive: None, user_timeout: None };
        let (sockets, bound) = bind_all(1, "127.0.0.1:0".parse().unwrap(), 16, none).unwrap();
        let listener: std::net::TcpListener = sockets.into_iter().next().unwrap().into();
        let _client = std::net::TcpStream::connect(bound).unwrap();
        let (accepted, _) = listener.accept().unwrap();
        let s = SockRef::from(&accepted);
        assert!(!s.keepalive().unwrap());
        assert_eq!(s.tcp_user_timeout().unwrap(), None);
    }
}
