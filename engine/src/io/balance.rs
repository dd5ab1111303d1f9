//! Connections spread evenly over the shards.
//!
//! `SO_REUSEPORT` picks a listener by hashing each connection's addresses, so two connections
//! of one peer land on the same shard half the time on two shards. That shard then reads and
//! writes both sockets while the other idles (the hand-off moves requests, not socket I/O).
//! Real peers open few connections, so the spread matters: the shard that accepts a connection
//! keeps it unless another shard has fewer open connections, in which case it hands the socket
//! to the least-loaded shard before reading anything from it (no CER yet, no state to move).
//! From then on the connection belongs to that shard for its whole life, as before.
//!
//! ```text
//!  shard 0 accepts ─ open: [1, 0] ─ shard 1 has fewer ─▶ Control::Adopt ─▶ shard 1 serves it
//! ```

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio_uring::net::TcpStream;

use super::ShardId;
use super::control::ShardHandle;

/// Open connections per shard, and the shards' handles to send sockets with.
pub(crate) struct Balance<C> {
    open: Box<[AtomicUsize]>,
    handles: OnceLock<Vec<ShardHandle<C>>>,
}

impl<C> Balance<C> {
    /// `shards` shards with no connection; no moves until [`Self::set_handles`].
    pub(crate) fn new(shards: usize) -> Self {
        Self { open: (0..shards).map(|_| AtomicUsize::new(0)).collect(), handles: OnceLock::new() }
    }

    /// The handles of every shard, indexed by [`ShardId`], once all exist.
    pub(crate) fn set_handles(&self, handles: Vec<ShardHandle<C>>) {
        let _ = self.handles.set(handles);
    }

    /// Where a connection just accepted by `shard` should be served: another shard, with its
    /// handle, when that one has fewer open connections (counted for it from now on), or
    /// `None` to keep it.
    pub(crate) fn place(&self, shard: ShardId) -> Option<(ShardId, &ShardHandle<C>)> {
        let handles = self.handles.get()?;
        let open: Vec<usize> = self.open.iter().map(|n| n.load(Ordering::Relaxed)).collect();
        let target = least_loaded(&open, shard)?;
        self.open[target].fetch_add(1, Ordering::Relaxed);
        Some((target, handles.get(target)?))
    }

    /// A connection starts on `shard` (not one [`Self::place`] already counted there).
    pub(crate) fn opened(&self, shard: ShardId) {
        self.open[shard].fetch_add(1, Ordering::Relaxed);
    }

    /// A connection of `shard` ended, or a placement on it was not carried out.
    pub(crate) fn closed(&self, shard: ShardId) {
        self.open[shard].fetch_sub(1, Ordering::Relaxed);
    }
}

/// The shard with the fewest open connections when it has fewer than `shard` (the lowest
/// index among equals), else `None`.
fn least_loaded(open: &[usize], shard: ShardId) -> Option<ShardId> {
    let mine = *open.get(shard)?;
    let (target, &fewest) = open.iter().enumerate().min_by_key(|&(i, n)| (*n, i))?;
    (fewest < mine && target != shard).then_some(target)
}

/// A second descriptor of `stream`'s socket as a std stream, for another shard's runtime; the
/// caller then drops `stream`, and the socket lives on in the copy.
pub(crate) fn detach(stream: &TcpStream) -> io::Result<std::net::TcpStream> {
    // SAFETY: the descriptor belongs to `stream`, which is borrowed for the whole call, so it
    // stays open while it is duplicated; the duplicate is a new descriptor owned by the result.
    #[allow(unsafe_code)]
    let fd = unsafe { BorrowedFd::borrow_raw(stream.as_raw_fd()) };
    Ok(std::net::TcpStream::from(fd.try_clone_to_owned()?))
}

#[cfg(test)]
mod tests {
    use super::least_loaded;

    #[test]
    fn a_connection_moves_only_to_a_shard_with_fewer() {
        assert_eq!(least_loaded(&[0, 0], 0), None, "equal: stay");
        assert_eq!(least_loaded(&[1, 0], 0), Some(1));
        assert_eq!(least_loaded(&[1, 1], 1), None);
        assert_eq!(least_loaded(&[2, 1], 1), None, "already the least loaded");
        assert_eq!(least_loaded(&[3, 1, 1, 2], 0), Some(1), "the lowest of equals");
        assert_eq!(least_loaded(&[3, 2, 2, 2], 3), None, "one fewer is not fewer than 2");
        assert_eq!(least_loaded(&[1], 0), None, "one shard");
        assert_eq!(least_loaded(&[1, 0], 5), None, "no such shard");
    }
}
