//! The peer side of the HSS: the messages an MME sends, built with the codec's peer-side
//! builders ([`MmeBuilder`]); a blocking TCP client that sends them and sorts what comes back
//! into answers and requests from the HSS ([`Mme`]); and whole-message reads from any
//! `TcpStream`.

mod builder;
mod client;

pub use builder::{MME_REALM, MmeBuilder};
pub use client::{Mme, READ_TIMEOUT, closed_by_server, connect, read_message};
