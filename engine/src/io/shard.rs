//! Shards: one OS thread per shard, pinned to a core where possible, each running its own
//! tokio-uring runtime (current-thread, no work stealing) with its own `SO_REUSEPORT` listener.
//!
//! A shard's accept task waits on its listener and on its control mailbox at once; the accept
//! stays in flight across control messages. A connection runs as a task of the shard that
//! accepted it, or of the shard it was handed to at once because that one had fewer open
//! connections (`balance.rs`), for its whole life.
//!
//! Every accepted socket is first counted against the connection caps (`admit.rs`); one over a
//! cap is closed at once, before anything is read from it or it is handed over.
//!
//! With a TLS listener configured (RFC 6733 §13), each shard has a second `SO_REUSEPORT`
//! listener on its address, accepted from in the same task and the same way; its connections
//! carry the TLS configuration to their driver.

use std::fmt;
use std::future::{Future, poll_fn};
use std::io;
use std::net::SocketAddr;
use std::pin::pin;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::task::Poll;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam::channel;
use rustls::ServerConfig;
use tokio_uring::net::{TcpListener, TcpStream};

use super::admit::{Admission, Caps, Refusal, Ticket};
use super::balance::{self, Balance};
use super::conn::{self, Serve};
use super::control::{Adoption, Control, ShardHandle};
use super::fds;
use super::limits::{IoConfig, Limits};
use super::listener::{self, TcpOptions};
use super::mailbox::{Mailbox, mailbox};
use super::slots::ShardConns;
use super::stats::{IoStats, IoStatsReader, ShardStats, add};
use super::timer::Sleep;
use super::{ConnId, ConnInfo, ConnectionHandler};

/// Index of a shard in its [`ShardSet`], from 0.
pub type ShardId = usize;

/// Some shard threads panicked; the others were joined.
#[derive(Debug, thiserror::Error)]
#[error("shard threads panicked: {shards:?}")]
pub struct ShutdownError {
    /// The shards whose thread panicked.
    pub shards: Vec<ShardId>,
}

/// The running shards. Dropping it shuts them down like [`ShardSet::shutdown`].
pub struct ShardSet<C> {
    local_addr: SocketAddr,
    tls_local_addr: Option<SocketAddr>,
    handles: Vec<ShardHandle<C>>,
    stats: Vec<Arc<ShardStats>>,
    threads: Vec<JoinHandle<()>>,
}

impl<C> fmt::Debug for ShardSet<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ShardSet")
            .field("local_addr", &self.local_addr)
            .field("tls_local_addr", &self.tls_local_addr)
            .field("shards", &self.handles.len())
            .finish_non_exhaustive()
    }
}

impl<C> ShardSet<C> {
    /// The address every shard listens on (with the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The address every shard listens on for TLS (RFC 6733 §13), when
    /// [`IoConfig::tls`] is set (with the real port when 0 was asked for).
    pub fn tls_local_addr(&self) -> Option<SocketAddr> {
        self.tls_local_addr
    }

    /// One handle per shard, indexed by [`ShardId`].
    pub fn handles(&self) -> &[ShardHandle<C>] {
        &self.handles
    }

    /// Number of shards.
    pub fn len(&self) -> usize {
        self.handles.len()
    }

    /// Always false: a set has at least one shard.
    pub fn is_empty(&self) -> bool {
        self.handles.is_empty()
    }

    /// Sends `command` to connection `conn` on its shard; gives it back if that shard has
    /// stopped. A connection that has closed drops the command (see
    /// [`ConnectionHandler::Command`]).
    pub fn send_to(&self, conn: ConnId, command: C) -> Result<(), C> {
        let Some(handle) = self.handles.get(conn.shard) else {
            return Err(command);
        };
        match handle.send(Control::Connection { conn, command }) {
            Err(Control::Connection { command, .. }) => Err(command),
            // `send` gives back the very message it was given, so only `Ok` remains.
            _ => Ok(()),
        }
    }

    /// Counters of every shard, indexed by [`ShardId`].
    pub fn stats(&self) -> Vec<IoStats> {
        self.stats.iter().map(|s| s.snapshot()).collect()
    }

    /// A reader of every shard's counters that outlives this borrow (for another thread).
    pub fn stats_reader(&self) -> IoStatsReader {
        IoStatsReader(self.stats.clone())
    }

    /// Stops accepting, closes every connection and joins every shard thread. The listening
    /// port is released when this returns.
    pub fn shutdown(mut self) -> Result<(), ShutdownError> {
        self.stop()
    }

    fn stop(&mut self) -> Result<(), ShutdownError> {
        for handle in &self.handles {
            // A shard that already stopped has dropped its mailbox; nothing to tell it.
            let _ = handle.send(Control::Shutdown);
        }
        let shards: Vec<ShardId> = (self.threads.drain(..).enumerate())
            .filter_map(|(id, thread)| thread.join().is_err().then_some(id))
            .collect();
        if shards.is_empty() { Ok(()) } else { Err(ShutdownError { shards }) }
    }
}

impl<C> Drop for ShardSet<C> {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

/// Starts `n` shards (0 = one per core) listening on `listen`; `factory` makes the handler of
/// each accepted connection, on the shard's thread.
pub fn start_shards<F, H>(
    n: usize,
    listen: SocketAddr,
    factory: F,
) -> io::Result<ShardSet<H::Command>>
where
    F: Fn(&ConnInfo) -> H + Send + Sync + 'static,
    H: ConnectionHandler,
{
    start_shards_with(&IoConfig { shards: n, ..IoConfig::new(listen) }, factory)
}

/// Like [`start_shards`], with every setting. Returns once every shard is accepting, or the
/// first error (binding, thread or ring creation), having stopped the shards already started.
pub fn start_shards_with<F, H>(config: &IoConfig, factory: F) -> io::Result<ShardSet<H::Command>>
where
    F: Fn(&ConnInfo) -> H + Send + Sync + 'static,
    H: ConnectionHandler,
{
    let cores = core_affinity::get_core_ids().unwrap_or_default();
    let n = match config.shards {
        0 => std::thread::available_parallelism().map_or(cores.len(), |n| n.get()).max(1),
        n => n,
    };
    let options = TcpOptions { keepalive: config.keepalive, user_timeout: config.user_timeout };
    let (sockets, local_addr) = listener::bind_all(n, config.listen, config.backlog, options)?;
    let (mut tls_sockets, tls_local_addr) = match &config.tls {
        Some(tls) => {
            let (sockets, addr) = listener::bind_all(n, tls.listen, config.backlog, options)?;
            (sockets.into_iter().map(Some).collect(), Some(addr))
        }
        None => ((0..n).map(|_| None).collect::<Vec<_>>(), None),
    };
    let admission = Admission::new(caps(config));
    let factory = Arc::new(factory);
    let balance = Arc::new(Balance::new(n));
    let (ready_tx, ready_rx) = channel::bounded(n);
    let mut set = ShardSet {
        local_addr,
        tls_local_addr,
        handles: Vec::new(),
        stats: Vec::new(),
        threads: Vec::new(),
    };
    for (id, socket) in sockets.into_iter().enumerate() {
        let (tx, mailbox) = mailbox();
        let stats = Arc::new(ShardStats::default());
        let core = if config.pin_threads && !cores.is_empty() {
            Some(cores[id % cores.len()])
        } else {
            None
        };
        let listener: std::net::TcpListener = socket.into();
        let tls_listener: Option<std::net::TcpListener> =
            tls_sockets.get_mut(id).and_then(Option::take).map(Into::into);
        let shard = Shard {
            id,
            local_addr,
            tls: config
                .tls
                .as_ref()
                .zip(tls_local_addr)
                .map(|(tls, addr)| Tls { local_addr: addr, config: tls.server_config.clone() }),
            mailbox,
            factory: factory.clone(),
            stats: stats.clone(),
            balance: balance.clone(),
            admission: admission.clone(),
            limits: config.limits(),
        };
        let ready = ready_tx.clone();
        let entries = config.ring_entries;
        let thread = std::thread::Builder::new().name(format!("shard-{id}")).spawn(move || {
            shard_main(shard, [Some(listener), tls_listener], core, entries, ready)
        })?;
        set.handles.push(ShardHandle { id, tx });
        set.stats.push(stats);
        set.threads.push(thread);
    }
    drop(ready_tx);
    balance.set_handles(set.handles.clone());
    for _ in 0..n {
        match ready_rx.recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(e),
            Err(_) => return Err(io::Error::other("a shard thread ended while starting")),
        }
    }
    Ok(set)
}

struct Shard<F, C> {
    id: ShardId,
    local_addr: SocketAddr,
    tls: Option<Tls>,
    mailbox: Mailbox<Control<C>>,
    factory: Arc<F>,
    stats: Arc<ShardStats>,
    balance: Arc<Balance<C>>,
    admission: Arc<Admission>,
    limits: Limits,
}

/// A shard's TLS listener: its address and the configuration its connections use.
struct Tls {
    local_addr: SocketAddr,
    config: Arc<ServerConfig>,
}

/// The connection caps of `config`, the total held below the descriptor limit less the
/// reserve (`fds.rs`); logged, with a warning when the descriptor limit lowers them.
fn caps(config: &IoConfig) -> Caps {
    let soft = fds::soft_nofile_limit();
    let (total, reserve) = fds::connection_cap(config.max_connections, soft, config.fd_reserve);
    if total < config.max_connections || reserve < config.fd_reserve {
        tracing::warn!(
            descriptor_limit = soft,
            configured = config.max_connections,
            max_connections = total,
            fd_reserve = reserve,
            "the open-files limit lowers the connection cap; raise it (LimitNOFILE, ulimit -n)"
        );
    } else {
        tracing::info!(
            descriptor_limit = soft,
            max_connections = total,
            per_address = config.max_connections_per_address,
            unopened = config.max_unopened,
            fd_reserve = reserve,
            "connection caps"
        );
    }
    Caps { total, per_address: config.max_connections_per_address, unopened: config.max_unopened }
}

fn shard_main<F, H>(
    shard: Shard<F, H::Command>,
    listeners: [Option<std::net::TcpListener>; 2],
    core: Option<core_affinity::CoreId>,
    entries: u32,
    ready: channel::Sender<io::Result<()>>,
) where
    F: Fn(&ConnInfo) -> H + Send + Sync + 'static,
    H: ConnectionHandler,
{
    if let Some(core) = core {
        // Best effort: an unpinned shard still works, only with less cache locality.
        let _ = core_affinity::set_for_current(core);
    }
    let mut builder = tokio_uring::builder();
    builder.entries(entries);
    match tokio_uring::Runtime::new(&builder) {
        Ok(runtime) => runtime.block_on(run_shard(shard, listeners, ready)),
        Err(e) => {
            let _ = ready.send(Err(e));
        }
    }
}

enum ShardEvent<A, C> {
    Control(Option<Control<C>>),
    /// An accept completed on listener 0 (plain) or 1 (TLS).
    Accepted(usize, A),
    Retry,
}

/// Pause after an accept error other than an aborted connection (e.g. out of descriptors).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(10);

async fn run_shard<F, H>(
    shard: Shard<F, H::Command>,
    listeners: [Option<std::net::TcpListener>; 2],
    ready: channel::Sender<io::Result<()>>,
) where
    F: Fn(&ConnInfo) -> H + Send + Sync + 'static,
    H: ConnectionHandler,
{
    // Listener 0 is the plain one (always there), 1 the TLS one.
    let listeners = listeners.map(|l| l.map(TcpListener::from_std));
    let conns = Rc::new(ShardConns::new());
    let _ = ready.send(Ok(()));
    drop(ready);
    let mut plain = pin!(listeners[0].as_ref().map(TcpListener::accept));
    let mut secure = pin!(listeners[1].as_ref().map(TcpListener::accept));
    let mut accepts = [plain.as_mut(), secure.as_mut()];
    let mut backoff = Sleep::default();
    // Which listener is polled first, alternated so that a busy one cannot starve the other.
    let mut first = 0;
    loop {
        let event = poll_fn(|cx| {
            if let Poll::Ready(msg) = shard.mailbox.poll_recv(cx) {
                return Poll::Ready(ShardEvent::Control(msg));
            }
            for i in [first, 1 - first] {
                if let Some(op) = accepts[i].as_mut().as_pin_mut()
                    && let Poll::Ready(result) = op.poll(cx)
                {
                    return Poll::Ready(ShardEvent::Accepted(i, result));
                }
            }
            if backoff.poll_expired(cx).is_ready() {
                return Poll::Ready(ShardEvent::Retry);
            }
            Poll::Pending
        })
        .await;
        match event {
            ShardEvent::Control(None | Some(Control::Shutdown)) => break,
            ShardEvent::Control(Some(Control::Connection { conn, command })) => {
                // A command for a connection that has gone, or that another shard owns (sent
                // through the wrong handle), is dropped (see `Control`).
                if conn.shard == shard.id {
                    let _ = conns.deliver(conn.seq, command);
                }
            }
            // A panic in work another thread sent costs that work only, not the shard.
            ShardEvent::Control(Some(Control::Call(f))) => {
                let id = shard.id;
                crate::panics::contain(crate::panics::Place::Call, move || f(id));
            }
            ShardEvent::Control(Some(Control::Adopt(Adoption { stream, peer, ticket, tls }))) => {
                // Counted here by the shard that placed it.
                serve(&shard, &conns, TcpStream::from_std(stream), peer, ticket, tls);
            }
            ShardEvent::Accepted(i, result) => {
                first = 1 - i;
                accepts[i].set(None);
                let tls = i == 1;
                match result {
                    Ok((stream, peer)) => {
                        match shard.admission.admit(peer.ip()) {
                            // Dropping the socket closes it: the peer reads its end at once.
                            Err(refusal) => add(refused(&shard.stats, refusal), 1),
                            Ok(ticket) => match hand_over(&shard, &stream, peer, ticket, tls) {
                                Ok(()) => add(&shard.stats.moved_out, 1),
                                Err(ticket) => {
                                    shard.balance.opened(shard.id);
                                    serve(&shard, &conns, stream, peer, ticket, tls);
                                }
                            },
                        }
                        accepts[i].set(listeners[i].as_ref().map(TcpListener::accept));
                    }
                    Err(e) if e.kind() == io::ErrorKind::ConnectionAborted => {
                        accepts[i].set(listeners[i].as_ref().map(TcpListener::accept));
                    }
                    Err(_) => backoff.set(Some(Instant::now() + ACCEPT_BACKOFF)),
                }
            }
            ShardEvent::Retry => {
                backoff.set(None);
                for (accept, listener) in accepts.iter_mut().zip(&listeners) {
                    if accept.is_none() {
                        accept.set(listener.as_ref().map(TcpListener::accept));
                    }
                }
            }
        }
    }
    // The abandoned accepts are cancelled when the runtime is dropped, which closes the
    // listeners. Sockets still queued for adoption are closed with the mailbox.
    for accept in &mut accepts {
        accept.set(None);
    }
    conns.close_all();
    poll_fn(|cx| conns.poll_drained(cx)).await;
}

/// The counter of refusals for `refusal`.
fn refused(stats: &ShardStats, refusal: Refusal) -> &AtomicU64 {
    match refusal {
        Refusal::Total => &stats.refused_total,
        Refusal::PerAddress => &stats.refused_per_address,
        Refusal::Unopened => &stats.refused_unopened,
    }
}

/// Hands a connection just accepted by `shard` to a shard with fewer open connections, if
/// there is one; gives the ticket back when `shard` keeps it (no such shard, or the hand-over
/// failed).
fn hand_over<F, C>(
    shard: &Shard<F, C>,
    stream: &TcpStream,
    peer: SocketAddr,
    ticket: Ticket,
    tls: bool,
) -> Result<(), Ticket> {
    let Some((target, handle)) = shard.balance.place(shard.id) else { return Err(ticket) };
    let result = match balance::detach(stream) {
        Ok(copy) => match handle.send(Control::Adopt(Adoption { stream: copy, peer, ticket, tls }))
        {
            Err(Control::Adopt(Adoption { ticket, .. })) => Err(ticket),
            // `send` gives back the very message it was given, so only `Ok` remains.
            _ => Ok(()),
        },
        Err(_) => Err(ticket),
    };
    if result.is_err() {
        shard.balance.closed(target);
    }
    // When sent, dropping `stream` closes this shard's descriptor; the copy keeps the socket.
    result
}

/// Serves `stream` as a task of `shard`, counted in its open connections until it ends; `tls`:
/// it came in on the TLS listener.
fn serve<F, H>(
    shard: &Shard<F, H::Command>,
    conns: &Rc<ShardConns<H::Command>>,
    stream: TcpStream,
    peer: SocketAddr,
    ticket: Ticket,
    tls: bool,
) where
    F: Fn(&ConnInfo) -> H + Send + Sync + 'static,
    H: ConnectionHandler,
{
    add(&shard.stats.accepted, 1);
    let (seq, slot) = conns.open();
    let tls = if tls { shard.tls.as_ref() } else { None };
    let local = tls.map_or(shard.local_addr, |tls| tls.local_addr);
    let info = ConnInfo { id: ConnId { shard: shard.id, seq }, peer, local };
    let driver = conn::serve(
        stream,
        Serve {
            info,
            factory: shard.factory.clone(),
            slot,
            conns: conns.clone(),
            ticket,
            limits: shard.limits,
            stats: shard.stats.clone(),
            tls: tls.map(|tls| tls.config.clone()),
        },
    );
    let (balance, id) = (shard.balance.clone(), shard.id);
    tokio_uring::spawn(async move {
        driver.await;
        balance.closed(id);
    });
}
