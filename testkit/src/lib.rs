//! Test support in one place: what the tests of `store`, `engine` and `benches` used to copy.
//!
//! - [`keys`]: the subscriber keys of TS 35.208 test set 1 and the AuC prepared with them.
//! - [`plmn`]: the home and visited networks of the tests.
//! - [`vectors`]: the SQN an AUTN conceals, E-UTRAN vectors recomputed with the AuC, SQN order.
//! - [`provision`]: subscribers, APN profiles and keys as the tests create them; temporary
//!   stores (RocksDB or memory).
//! - [`header`]: the header fields of raw message bytes.
//! - [`mme`]: the peer side: the messages an MME sends ([`mme::MmeBuilder`]), a blocking TCP
//!   client ([`mme::Mme`]), whole-message reads from any `TcpStream`.
//! - [`answers`]: readers of what the HSS answers (results, AVPs, Failed-AVP, AIA vectors).
//! - [`malformed`]: malformed requests of every kind the HSS's checks tell apart, each with the
//!   Result-Code it draws, and the error answer the HSS builds for it.
//! - [`tshark`]: the Wireshark referee: whole messages written to a pcap and decoded by
//!   `tshark`, which must decode each as expected and complain about nothing;
//!   [`tshark::Transcript`] records what a test's peers exchange with the HSS for it.
//!
//! `use testkit::prelude::*;` brings every item in but the referee's and the malformed requests'
//! (use `testkit::tshark` and `testkit::malformed`).
//! The crate depends on `codec` and `store` only, never on `engine` or `api`, so the engine's
//! unit tests can use it too.

#![warn(missing_docs)]

pub mod answers;
pub mod header;
pub mod keys;
pub mod malformed;
pub mod mme;
pub mod plmn;
pub mod provision;
pub mod tshark;
pub mod vectors;

/// Every item of every module, for a glob import.
pub mod prelude {
    pub use crate::answers::*;
    pub use crate::header::*;
    pub use crate::keys::*;
    pub use crate::mme::*;
    pub use crate::plmn::*;
    pub use crate::provision::*;
    pub use crate::vectors::*;
}
