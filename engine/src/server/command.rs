//! [`Command`]: what another thread can ask of one connection, delivered through its shard's
//! control mailbox to `HssConnection::on_command`.

use std::sync::Arc;

use super::stats::{EngineCounters, bump};
use crate::lanes::batch::Batch;
use crate::outbound::{Delivery, NotSent, Outbound, stats::Event};
use crate::peer::DisconnectCause;

/// A message for one connection. One that never reaches its connection (it closed first, or
/// its shard stopped) is counted as lost when it is dropped, and an outbound request in it
/// is reported not sent.
#[derive(Debug)]
pub struct Command {
    kind: Option<CommandKind>,
    /// Counts the command as lost if it is dropped unhandled.
    counters: Arc<EngineCounters>,
}

#[derive(Debug)]
pub(crate) enum CommandKind {
    /// Send this request to the connection's peer.
    Send(Outbound),
    /// Start an orderly disconnect: DPR with this cause.
    Disconnect(DisconnectCause),
    /// Answers another thread encoded for requests of this connection: write them.
    Answers(Batch),
}

impl Command {
    pub(crate) fn new(counters: Arc<EngineCounters>, kind: CommandKind) -> Self {
        Self { kind: Some(kind), counters }
    }

    /// The command, which is no longer counted as lost.
    pub(crate) fn take(mut self) -> Option<CommandKind> {
        self.kind.take()
    }
}

impl Drop for Command {
    fn drop(&mut self) {
        let Some(kind) = self.kind.take() else { return };
        bump(&self.counters.commands_lost);
        if let CommandKind::Send(outbound) = kind {
            self.counters.outbound.count(outbound.kind(), Event::NotSent, 1);
            outbound.tell(Delivery::NotSent(NotSent::ConnectionGone));
        }
    }
}
