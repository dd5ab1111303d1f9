//! The settings of the I/O layer ([`IoConfig`]), every limit among them with its default, and
//! the part of them each connection driver keeps ([`Limits`]).

use std::net::SocketAddr;
use std::time::Duration;

use super::tls::TlsListen;

/// Settings of the I/O layer.
///
/// Every buffer and queue of the layer is bounded by one of these; what happens at each limit
/// is said with it.
#[derive(Debug, Clone)]
pub struct IoConfig {
    /// Number of shards; 0 means one per core.
    pub shards: usize,
    /// Address to listen on; port 0 picks a free port ([`ShardSet::local_addr`] tells which).
    ///
    /// [`ShardSet::local_addr`]: super::ShardSet::local_addr
    pub listen: SocketAddr,
    /// Length of each listener's accept queue. Default 1024.
    pub backlog: i32,
    /// Initial receive buffer per connection; grows for a larger message, up to `max_message`,
    /// and returns to this size once empty if it grew past twice it. Default 64 KiB.
    pub read_buffer: usize,
    /// Initial capacity of each of a connection's two output buffers; one that grew past twice
    /// this returns to it once written. Reads stop while more than four times this waits behind
    /// a write in flight (the high-water mark). Default 64 KiB.
    pub write_buffer: usize,
    /// Largest message accepted; a header announcing a longer one closes the connection
    /// ([`ConnectionEnd::Frame`](super::ConnectionEnd::Frame)). Default: the codec's 1 MiB.
    pub max_message: u32,
    /// Largest message accepted before the handler says the connection is
    /// [opened](super::ConnectionHandler::opened) (for Diameter: before the CER is accepted);
    /// a header announcing a longer one closes the connection like `max_message` does, so a
    /// peer that has not said who it is cannot make its read buffer grow. Default 64 KiB
    /// (a CER is well under 4 KiB); never more than `max_message`.
    pub max_unopened_message: u32,
    /// Open connections across all shards; a connection accepted beyond it is closed at once
    /// (counted in [`IoStats::refused_total`](super::IoStats::refused_total)). Lowered at
    /// start so that it stays below the process's descriptor limit less `fd_reserve`.
    /// Default 4096.
    pub max_connections: usize,
    /// Open connections from one IP address; one accepted beyond it is closed at once
    /// ([`IoStats::refused_per_address`](super::IoStats::refused_per_address)). Default 64.
    pub max_connections_per_address: usize,
    /// Connections accepted whose handler is not yet opened (no capabilities exchange yet),
    /// across all shards; one accepted beyond it is closed at once
    /// ([`IoStats::refused_unopened`](super::IoStats::refused_unopened)). Such connections
    /// are also closed by the handler's own timer (for Diameter the CER timeout). Default 256.
    pub max_unopened: usize,
    /// Descriptors kept free for everything but connections: the store's files (RocksDB keeps
    /// every table file open), its threads' and the REST API's sockets, logs. At start
    /// `max_connections` is lowered to the soft `RLIMIT_NOFILE` less this (the reserve is cut
    /// to half the limit when the limit is smaller than twice it, with a warning), so that
    /// connections cannot take the descriptors the store needs to flush. Default 1024.
    pub fd_reserve: usize,
    /// Hard cap on a connection's output not yet written (what waits behind the write in flight
    /// plus what that write still holds). Answers from other threads and requests this node
    /// sends are still appended while reads are stopped at the high-water mark; a connection
    /// that passes this cap is closed, its output dropped
    /// ([`Stall::OutputFull`](super::Stall::OutputFull)). Never less than twice the
    /// high-water mark. Default 4 MiB.
    pub max_output: usize,
    /// Requests of one connection being served on other threads and not yet answered (deferred
    /// to the slow lane, handed to other shards: [`ConnectionHandler::outstanding`]). When they
    /// reach this, the connection stops reading (TCP back-pressure on that peer alone) until
    /// answers bring them down to half of it, so a peer flooding cold requests cannot pile up
    /// work without bound. A read already in flight still completes: the count can pass the
    /// limit by the requests of that one read. Each pause is counted
    /// ([`IoStats::outstanding_paused`](super::IoStats::outstanding_paused)). Default 4096.
    ///
    /// [`ConnectionHandler::outstanding`]: super::ConnectionHandler::outstanding
    pub max_outstanding_per_connection: usize,
    /// A write that makes no progress (the peer's receive window stays closed) for this long
    /// closes the connection ([`Stall::NoProgress`](super::Stall::NoProgress)). Default 30 s.
    pub write_stall: Duration,
    /// A connection that is to close once its output is written (the handler asked for it, the
    /// peer closed its side, or the framing failed) is closed anyway, its output dropped, when
    /// that takes longer than this ([`Stall::CloseTimeout`](super::Stall::CloseTimeout)).
    /// Default 5 s.
    pub close_timeout: Duration,
    /// TCP keepalive on accepted sockets: the idle time before the first probe, then probes
    /// every third of it, three of them; `None` disables keepalive. Default 30 s.
    pub keepalive: Option<Duration>,
    /// `TCP_USER_TIMEOUT` on accepted sockets: data the peer does not acknowledge for this long
    /// (and, with keepalive, probes it does not answer) makes the kernel drop the connection;
    /// `None` leaves the system default (about 15 minutes of retransmissions). Default 30 s.
    pub user_timeout: Option<Duration>,
    /// Pin shard `i` to core `i` (modulo the core count); failures to pin are ignored.
    pub pin_threads: bool,
    /// Submission queue entries of each shard's ring. Default 256.
    pub ring_entries: u32,
    /// A second listener for Diameter over TLS/TCP (RFC 6733 §13), served by the same shards
    /// with the same limits and handlers; its connections are counted in the same caps.
    /// Default `None`: plain TCP only.
    pub tls: Option<TlsListen>,
}

impl IoConfig {
    /// Defaults: one shard per core, backlog 1024, 64 KiB buffers, the codec's 1 MiB limit, and
    /// the limits as documented on each field.
    pub fn new(listen: SocketAddr) -> Self {
        Self {
            shards: 0,
            listen,
            backlog: 1024,
            read_buffer: 64 * 1024,
            write_buffer: 64 * 1024,
            max_message: codec::framing::DEFAULT_MAX_MESSAGE,
            max_unopened_message: 64 * 1024,
            max_connections: 4096,
            max_connections_per_address: 64,
            max_unopened: 256,
            fd_reserve: 1024,
            max_output: 4 * 1024 * 1024,
            max_outstanding_per_connection: 4096,
            write_stall: Duration::from_secs(30),
            close_timeout: Duration::from_secs(5),
            keepalive: Some(Duration::from_secs(30)),
            user_timeout: Some(Duration::from_secs(30)),
            pin_threads: true,
            ring_entries: 256,
            tls: None,
        }
    }

    /// What each connection driver needs of these settings.
    pub(crate) fn limits(&self) -> Limits {
        let high_water = 4 * self.write_buffer;
        Limits {
            read_buffer: self.read_buffer,
            write_buffer: self.write_buffer,
            max_message: self.max_message,
            max_unopened_message: self.max_unopened_message.min(self.max_message),
            high_water,
            max_output: self.max_output.max(2 * high_water),
            max_outstanding: self.max_outstanding_per_connection.max(1),
            write_stall: self.write_stall,
            close_timeout: self.close_timeout,
        }
    }
}

/// Buffer sizes, the framing limits and the output limits of one connection, from
/// [`IoConfig`] (see there for each).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) read_buffer: usize,
    pub(crate) write_buffer: usize,
    pub(crate) max_message: u32,
    pub(crate) max_unopened_message: u32,
    /// Output waiting behind a write in flight beyond which no more is read from the peer, so
    /// a peer that does not read its answers cannot make us buffer without bound.
    pub(crate) high_water: usize,
    pub(crate) max_output: usize,
    /// Requests served elsewhere and not yet answered at which reads stop; they resume at
    /// half of it ([`Self::resume_outstanding`]). Never 0.
    pub(crate) max_outstanding: usize,
    pub(crate) write_stall: Duration,
    pub(crate) close_timeout: Duration,
}

impl Limits {
    /// The low-water mark of outstanding requests at which a paused connection reads again:
    /// half the limit, so that it does not stop and start on every answer.
    pub(crate) fn resume_outstanding(&self) -> usize {
        self.max_outstanding / 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_keep_their_order() {
        let mut config = IoConfig::new("127.0.0.1:0".parse().unwrap());
        config.max_message = 4096;
        config.max_output = 1;
        let limits = config.limits();
        assert_eq!(limits.max_unopened_message, 4096, "never above max_message");
        assert_eq!(limits.high_water, 256 * 1024);
        assert_eq!(limits.max_output, 512 * 1024, "at least twice the high-water mark");
        assert_eq!((limits.max_outstanding, limits.resume_outstanding()), (4096, 2048));
        config.max_outstanding_per_connection = 0;
        assert_eq!(config.limits().max_outstanding, 1, "never 0: a connection must read");
    }
}
