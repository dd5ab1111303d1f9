//! The connections one shard owns, and the slot through which the shard reaches each driver.
//!
//! Shard-local (`Rc`, `Cell`): the accept task and the drivers run on the same thread. The accept
//! task delivers commands and the shutdown signal into a [`ConnSlot`] and wakes its driver; a
//! driver removes itself when it ends, and the last one out wakes a shutdown that waits for them.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// What the shard can tell one connection driver.
pub(crate) struct ConnSlot<C> {
    /// Commands not yet handled. Not bounded by count: the driver takes them all on its next
    /// turn, and what they append to the connection's output is bounded by
    /// [`IoConfig::max_output`](super::IoConfig::max_output) (over it the connection closes and
    /// the commands left are dropped, which tells their senders).
    commands: RefCell<VecDeque<C>>,
    closing: Cell<bool>,
    waker: Cell<Option<Waker>>,
}

impl<C> ConnSlot<C> {
    fn new() -> Self {
        Self {
            commands: RefCell::new(VecDeque::new()),
            closing: Cell::new(false),
            waker: Cell::new(None),
        }
    }

    /// Ready when there is a command or the shard asked the connection to close.
    pub(crate) fn poll_work(&self, cx: &Context<'_>) -> Poll<()> {
        if self.closing.get() || !self.commands.borrow().is_empty() {
            return Poll::Ready(());
        }
        let waker = match self.waker.take() {
            Some(w) if w.will_wake(cx.waker()) => w,
            _ => cx.waker().clone(),
        };
        self.waker.set(Some(waker));
        Poll::Pending
    }

    /// True once the shard asked the connection to close.
    pub(crate) fn closing(&self) -> bool {
        self.closing.get()
    }

    /// The oldest command not yet handled.
    pub(crate) fn pop_command(&self) -> Option<C> {
        self.commands.borrow_mut().pop_front()
    }

    fn push_command(&self, command: C) {
        self.commands.borrow_mut().push_back(command);
        self.wake();
    }

    fn close(&self) {
        self.closing.set(true);
        self.wake();
    }

    fn wake(&self) {
        if let Some(w) = self.waker.take() {
            w.wake();
        }
    }
}

/// The live connections of one shard, by sequence number.
pub(crate) struct ShardConns<C> {
    conns: RefCell<HashMap<u64, Rc<ConnSlot<C>>>>,
    next_seq: Cell<u64>,
    /// Woken when the last connection leaves.
    drained: Cell<Option<Waker>>,
}

impl<C> ShardConns<C> {
    pub(crate) fn new() -> Self {
        Self {
            conns: RefCell::new(HashMap::new()),
            next_seq: Cell::new(0),
            drained: Cell::new(None),
        }
    }

    /// Registers a new connection: its sequence number and its slot.
    pub(crate) fn open(&self) -> (u64, Rc<ConnSlot<C>>) {
        let seq = self.next_seq.get() + 1;
        self.next_seq.set(seq);
        let slot = Rc::new(ConnSlot::new());
        self.conns.borrow_mut().insert(seq, slot.clone());
        (seq, slot)
    }

    /// Removes a connection whose driver has ended.
    pub(crate) fn remove(&self, seq: u64) {
        let mut conns = self.conns.borrow_mut();
        conns.remove(&seq);
        if conns.is_empty()
            && let Some(w) = self.drained.take()
        {
            w.wake();
        }
    }

    /// Hands `command` to connection `seq`; gives it back if there is no such connection.
    pub(crate) fn deliver(&self, seq: u64, command: C) -> Result<(), C> {
        match self.conns.borrow().get(&seq) {
            Some(slot) if !slot.closing() => {
                slot.push_command(command);
                Ok(())
            }
            _ => Err(command),
        }
    }

    /// Asks every connection to close.
    pub(crate) fn close_all(&self) {
        for slot in self.conns.borrow().values() {
            slot.close();
        }
    }

    /// Ready once no connection is left.
    pub(crate) fn poll_drained(&self, cx: &Context<'_>) -> Poll<()> {
        if self.conns.borrow().is_empty() {
            return Poll::Ready(());
        }
        self.drained.set(Some(cx.waker().clone()));
        Poll::Pending
    }
}
