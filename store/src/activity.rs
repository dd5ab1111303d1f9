//! What the network last did for a subscriber, kept in memory in its cache entry: the time
//! of the last S6a AIR, ULR, Cx MAR and SWx MAR, and the visited PLMN the last AIR or ULR
//! named. Written by the Diameter handlers with relaxed stores (no lock, no allocation, the
//! batch's clock reading), read by the REST API. It lives as long as the cache entry: a
//! provisioning write of the subscriber or a restart starts it again (the MME's registration
//! time and the last equipment are also kept in the store).

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A network request the activity record notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// S6a Authentication-Information.
    Air,
    /// S6a Update-Location.
    Ulr,
    /// Cx Multimedia-Auth.
    CxMar,
    /// SWx Multimedia-Auth.
    SwxMar,
}

impl Activity {
    const COUNT: usize = 4;

    const fn slot(self) -> usize {
        match self {
            Activity::Air => 0,
            Activity::Ulr => 1,
            Activity::CxMar => 2,
            Activity::SwxMar => 3,
        }
    }
}

/// The record (one per cache entry).
#[derive(Debug, Default)]
pub(crate) struct ActivityRecord {
    /// Unix milliseconds per [`Activity`]; 0: not seen.
    at: [AtomicU64; Activity::COUNT],
    /// The visited PLMN of the last AIR or ULR (3 octets, top byte 1 when set).
    visited: AtomicU32,
}

/// A snapshot of the record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LastSeen {
    /// The last S6a AIR (Unix milliseconds).
    pub air: Option<u64>,
    /// The last S6a ULR.
    pub ulr: Option<u64>,
    /// The last Cx MAR.
    pub cx_mar: Option<u64>,
    /// The last SWx MAR.
    pub swx_mar: Option<u64>,
    /// The Visited-PLMN-Id (TBCD octets) of the last AIR or ULR.
    pub visited_plmn: Option<[u8; 3]>,
}

impl ActivityRecord {
    /// Notes `what` at `at`, in the visited network `visited` when the request named one.
    pub(crate) fn note(&self, what: Activity, at: SystemTime, visited: Option<&[u8]>) {
        let millis = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64);
        self.at[what.slot()].store(millis.max(1), Ordering::Relaxed);
        if let Some(&[a, b, c]) = visited {
            self.visited.store(u32::from_be_bytes([1, a, b, c]), Ordering::Relaxed);
        }
    }

    pub(crate) fn snapshot(&self) -> LastSeen {
        let at = |a: Activity| Some(self.at[a.slot()].load(Ordering::Relaxed)).filter(|t| *t != 0);
        let visited = self.visited.load(Ordering::Relaxed).to_be_bytes();
        LastSeen {
            air: at(Activity::Air),
            ulr: at(Activity::Ulr),
            cx_mar: at(Activity::CxMar),
            swx_mar: at(Activity::SwxMar),
            visited_plmn: (visited[0] == 1).then(|| [visited[1], visited[2], visited[3]]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn notes_come_back_in_the_snapshot() {
        let r = ActivityRecord::default();
        assert_eq!(r.snapshot(), LastSeen::default());
        let t = UNIX_EPOCH + Duration::from_millis(1_700_000_000_123);
        r.note(Activity::Air, t, Some(&[0x00, 0xf1, 0x10]));
        r.note(Activity::CxMar, t + Duration::from_secs(1), None);
        r.note(Activity::Ulr, t, Some(&[1, 2])); // not a PLMN: ignored
        let s = r.snapshot();
        assert_eq!(s.air, Some(1_700_000_000_123));
        assert_eq!(s.cx_mar, Some(1_700_000_001_123));
        assert_eq!(s.ulr, Some(1_700_000_000_123));
        assert_eq!((s.swx_mar, s.visited_plmn), (None, Some([0x00, 0xf1, 0x10])));
    }
}
