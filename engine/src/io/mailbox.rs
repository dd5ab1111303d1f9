//! A crossbeam channel whose receiver can be awaited on a shard.
//!
//! Senders live on any thread; the receiver is polled by the shard's accept task. After each
//! send the sender wakes the waker the receiver left, so the shard does not poll the channel.

use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};

use crossbeam::channel::{self, Receiver, Sender, TryRecvError};

/// Creates an unbounded mailbox.
pub(crate) fn mailbox<T>() -> (MailSender<T>, Mailbox<T>) {
    let (tx, rx) = channel::unbounded();
    let waker = Arc::new(WakerSlot::default());
    (MailSender { tx, waker: waker.clone() }, Mailbox { rx, waker })
}

#[derive(Debug, Default)]
struct WakerSlot(Mutex<Option<Waker>>);

impl WakerSlot {
    fn wake(&self) {
        let waker = self.0.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(w) = waker {
            w.wake();
        }
    }

    fn register(&self, cx: &Context<'_>) {
        let mut slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match &*slot {
            Some(w) if w.will_wake(cx.waker()) => {}
            _ => *slot = Some(cx.waker().clone()),
        }
    }
}

/// The sending side; cheap to clone, usable from any thread.
#[derive(Debug)]
pub(crate) struct MailSender<T> {
    tx: Sender<T>,
    waker: Arc<WakerSlot>,
}

impl<T> Clone for MailSender<T> {
    fn clone(&self) -> Self {
        Self { tx: self.tx.clone(), waker: self.waker.clone() }
    }
}

impl<T> MailSender<T> {
    /// Queues `msg` and wakes the receiver; gives `msg` back if the receiver is gone.
    pub(crate) fn send(&self, msg: T) -> Result<(), T> {
        self.tx.send(msg).map_err(|e| e.into_inner())?;
        self.waker.wake();
        Ok(())
    }
}

/// The receiving side, owned by one shard.
#[derive(Debug)]
pub(crate) struct Mailbox<T> {
    rx: Receiver<T>,
    waker: Arc<WakerSlot>,
}

impl<T> Mailbox<T> {
    /// The next message, if one is waiting (tests that drain a mailbox by hand).
    #[cfg(test)]
    pub(crate) fn try_recv(&self) -> Option<T> {
        self.rx.try_recv().ok()
    }

    /// The next message, or `None` once every sender has been dropped.
    pub(crate) fn poll_recv(&self, cx: &Context<'_>) -> Poll<Option<T>> {
        match self.rx.try_recv() {
            Ok(msg) => return Poll::Ready(Some(msg)),
            Err(TryRecvError::Disconnected) => return Poll::Ready(None),
            Err(TryRecvError::Empty) => {}
        }
        self.waker.register(cx);
        // A message sent between the first check and the registration would find no waker:
        // look again now that the waker is in place.
        match self.rx.try_recv() {
            Ok(msg) => Poll::Ready(Some(msg)),
            Err(TryRecvError::Disconnected) => Poll::Ready(None),
            Err(TryRecvError::Empty) => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::Wake;

    #[derive(Default)]
    struct Count(AtomicUsize);
    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn wakes_the_receiver_and_reports_disconnection() {
        let count = Arc::new(Count::default());
        let waker = Waker::from(count.clone());
        let cx = Context::from_waker(&waker);
        let (tx, rx) = mailbox::<u32>();
        assert_eq!(rx.poll_recv(&cx), Poll::Pending);
        let tx2 = tx.clone();
        std::thread::spawn(move || tx2.send(7)).join().unwrap().unwrap();
        assert_eq!(count.0.load(Ordering::SeqCst), 1);
        assert_eq!(rx.poll_recv(&cx), Poll::Ready(Some(7)));
        drop(tx);
        assert_eq!(rx.poll_recv(&cx), Poll::Ready(None));
    }
}
