//! Where RAND comes from. Vectors need a fresh, unpredictable RAND each (TS 33.102 §6.3.2);
//! the store takes the source as a parameter so that tests can be deterministic and each shard
//! can own its source without sharing a lock.

use crate::error::StoreError;

/// A source of 128-bit RAND values.
pub trait RandSource {
    /// The next RAND.
    fn next_rand(&mut self) -> Result<[u8; 16], StoreError>;
}

/// Any closure returning a RAND is a source (tests, benchmarks).
impl<F: FnMut() -> [u8; 16]> RandSource for F {
    fn next_rand(&mut self) -> Result<[u8; 16], StoreError> {
        Ok(self())
    }
}

/// RANDs in one `getrandom(2)` call.
const OS_BATCH: usize = 32;

/// The operating system's CSPRNG through the `getrandom` crate (the `getrandom(2)` system call
/// on Linux: no file descriptor, blocks only before the kernel pool is first seeded at boot).
/// Fetches 32 RANDs per call; create one per shard (it is not shared, so no lock).
pub struct OsRand {
    buf: [[u8; 16]; OS_BATCH],
    used: usize,
}

impl OsRand {
    /// An empty source; the first RAND triggers the first fetch.
    pub fn new() -> Self {
        Self { buf: [[0; 16]; OS_BATCH], used: OS_BATCH }
    }
}

impl Default for OsRand {
    fn default() -> Self {
        Self::new()
    }
}

/// Never shows buffered RANDs.
impl core::fmt::Debug for OsRand {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("OsRand").finish_non_exhaustive()
    }
}

impl RandSource for OsRand {
    fn next_rand(&mut self) -> Result<[u8; 16], StoreError> {
        if self.used == OS_BATCH {
            getrandom::fill(self.buf.as_flattened_mut()).map_err(|_| StoreError::Random)?;
            self.used = 0;
        }
        let rand = self.buf[self.used];
        // Do not keep a RAND that has been handed out.
        self.buf[self.used] = [0; 16];
        self.used += 1;
        Ok(rand)
    }
}

/// A deterministic source for tests and simulations (SplitMix64 from a seed). Never use it
/// for real subscribers: its RANDs are predictable.
#[derive(Debug, Clone)]
pub struct SeededRand {
    state: u64,
}

impl SeededRand {
    /// A source whose sequence depends only on `seed`.
    pub const fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

impl RandSource for SeededRand {
    fn next_rand(&mut self) -> Result<[u8; 16], StoreError> {
        let mut rand = [0u8; 16];
        rand[..8].copy_from_slice(&self.next_u64().to_be_bytes());
        rand[8..].copy_from_slice(&self.next_u64().to_be_bytes());
        Ok(rand)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_rand_differs_across_batches() {
        let mut r = OsRand::new();
        let all: Vec<[u8; 16]> =
            (0..3 * OS_BATCH).map(|_| r.next_rand().expect("os rng")).collect();
        let mut dedup = all.clone();
        dedup.sort_unstable();
        dedup.dedup();
        assert_eq!(dedup.len(), all.len());
    }

    #[test]
    fn seeded_rand_is_reproducible() {
        let a: Vec<_> = {
            let mut r = SeededRand::new(7);
            (0..4).map(|_| r.next_rand().expect("infallible")).collect()
        };
        let mut r = SeededRand::new(7);
        assert!(a.iter().all(|x| r.next_rand().ok() == Some(*x)));
        assert_ne!(a[0], a[1]);
        let mut f = || [9u8; 16];
        assert_eq!(f.next_rand().ok(), Some([9; 16]));
    }
}
