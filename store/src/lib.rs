//! Subscriber data and the authentication centre of the HSS.
//!
//! Synchronous, no async runtime. Secret keys (Ki, OPc) never leave this crate: callers ask
//! for authentication vectors, not for keys. This issue provides only [`auc`]; the RocksDB
//! store arrives later.

pub mod auc;
