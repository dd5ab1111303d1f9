//! The authentication centre (AuC): MILENAGE, the 3GPP key derivations, authentication vectors
//! for every access, re-synchronisation and SQN management.
//!
//! A Diameter handler prepares a [`Milenage`] from the subscriber's K and OPc, takes the next
//! SQN from [`sqn`], supplies a fresh RAND, and asks for the vector its interface carries:
//!
//! | Interface / request     | Function                  | Result                |
//! |-------------------------|---------------------------|-----------------------|
//! | S6a AIR, E-UTRAN        | [`eutran_vector`]         | [`EutranVector`]      |
//! | S6a/S6d AIR, UTRAN      | [`utran_vector`]          | [`UtranVector`]       |
//! | S6a/S6d AIR, GERAN      | [`geran_triplet`]         | [`GeranTriplet`]      |
//! | SWx MAR, EAP-AKA'       | [`eap_aka_prime_vector`]  | [`EapAkaPrimeVector`] |
//! | Cx MAR, Digest-AKAv1    | [`ims_aka_vector`]        | [`ImsAkaVector`]      |
//! | Re-synchronisation      | [`recover_sqn_ms`], then [`sqn::after_resync`] | SQN  |
//!
//! Re-synchronisation (TS 33.102 §6.3.5) first reads SQN_MS without MAC-S
//! ([`claimed_sqn_ms`]) to check whether the next SQN would be accepted anyway
//! ([`sqn::usim_accepts`]); only if not is MAC-S verified and SQN moved.
//!
//! Everything is deterministic (RAND is an input), works on fixed-size arrays, allocates
//! nothing on the vector path and cannot panic on any input. `Debug` output never shows keys or
//! responses.

mod bytes;
mod gsm;
pub(crate) mod kdf;
mod milenage;
mod plmn;
mod prf;
mod resync;
pub mod sqn;
mod vectors;

pub use gsm::{c2, c3};
pub use kdf::{CkIkPrime, KdfError, ck_ik_prime, kasme};
pub use milenage::{AkaOutput, F2345, Milenage, compute_opc};
pub use plmn::{MncDigits, PlmnError, PlmnId};
pub use prf::{EapAkaPrimeKeys, eap_aka_prime_keys};
pub use resync::{
    AUTS_LEN, RESYNC_AMF, RESYNC_INFO_LEN, ResyncError, claimed_sqn_ms, make_auts, recover_sqn_ms,
    recover_sqn_ms_from_info,
};
pub use sqn::{SqnConfig, SqnError};
pub use vectors::{
    AMF_SEPARATION_BIT, EapAkaPrimeVector, EutranVector, GeranTriplet, ImsAkaVector, UtranVector,
    autn, eap_aka_prime_vector, eutran_vector, geran_triplet, ims_aka_vector, utran_vector,
    with_separation_bit,
};

#[cfg(test)]
mod kdf_vectors_tests;
#[cfg(test)]
mod milenage_ts35208_tests;
#[cfg(test)]
mod test_vectors;
