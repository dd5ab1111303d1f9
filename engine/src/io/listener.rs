//! One `SO_REUSEPORT` listening socket per shard, all on the same address.
//!
//! The kernel hashes each incoming connection to one of the sockets, so the shards share the
//! accept load without a shared queue. Port 0 works: the first socket is bound, its port read
//! back, and the others bind to that port.

use std::io;
use std::net::SocketAddr;

use socket2::{Domain, Protocol, SockAddr, Socket, Type};

/// Listening sockets for `n` shards on `addr`, and the address they are actually bound to.
pub(crate) fn bind_all(
    n: usize,
    addr: SocketAddr,
    backlog: i32,
) -> io::Result<(Vec<Socket>, SocketAddr)> {
    let first = bind_one(addr, backlog)?;
    let bound = first.local_addr()?.as_socket().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "listener bound to a non-IP address")
    })?;
    let mut sockets = Vec::with_capacity(n);
    sockets.push(first);
    for _ in 1..n {
        sockets.push(bind_one(bound, backlog)?);
    }
    Ok((sockets, bound))
}

fn bind_one(addr: SocketAddr, backlog: i32) -> io::Result<Socket> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_port(true)?;
    socket.set_reuse_address(true)?;
    socket.bind(&SockAddr::from(addr))?;
    socket.listen(backlog)?;
    Ok(socket)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_zero_binds_every_socket_to_one_port() {
        let (sockets, bound) = bind_all(3, "127.0.0.1:0".parse().unwrap(), 16).unwrap();
        assert_ne!(bound.port(), 0);
        for s in &sockets {
            assert_eq!(s.local_addr().unwrap().as_socket(), Some(bound));
        }
    }
}
