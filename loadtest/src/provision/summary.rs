//! What provisioning reports: [`ProvisionSummary`], filled by the entry point, the bulk
//! import, the IMS subscriptions and the Sh data alike.

use std::time::Duration;

/// What provisioning created and what it found already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProvisionSummary {
    /// The APN profile the subscribers use.
    pub apn_profile_id: u32,
    /// True when the profile was created, false when it existed.
    pub apn_profile_created: bool,
    /// Subscribers created (201, or imported).
    pub subscribers_created: u64,
    /// Subscribers already there (409, or an import line refused as a duplicate).
    pub subscribers_existing: u64,
    /// Authentication data created (201, or imported with its subscriber).
    pub auth_data_created: u64,
    /// Authentication data already there (409; with the bulk import, that of the subscribers
    /// already there, which the import leaves alone).
    pub auth_data_existing: u64,
    /// True when the bulk import was used, false after falling back to one request per
    /// object.
    pub bulk: bool,
    /// Import requests sent, including those re-checking failures the server did not list.
    pub import_requests: u64,
    /// Import lines imported.
    pub imported: u64,
    /// Import lines refused, every one as `subscriber.duplicate` (already provisioned): any
    /// other failure stops provisioning with an error.
    pub failed: u64,
    /// IMS subscriptions imported, for a run with Cx or Sh requests.
    pub ims_subscriptions_created: u64,
    /// IMS subscriptions already there (import lines refused as duplicates).
    pub ims_subscriptions_existing: u64,
    /// How long the IMS subscriptions took, all of them (zero without Cx or Sh requests).
    pub ims_elapsed: Duration,
    /// AS permission entries created (201), for a run with Sh requests: the peers' realm's.
    pub as_permissions_created: u64,
    /// AS permission entries replaced (200): the realm had one, now the generator's.
    pub as_permissions_replaced: u64,
    /// Pieces of repository data created (one per IMPU, Service-Indication `MMTEL-Services`),
    /// for a run with Sh requests.
    pub repository_data_created: u64,
    /// Pieces of repository data already there (409 `repository_data.sequence_out_of_sync`),
    /// left as they were.
    pub repository_data_existing: u64,
    /// How long the Sh data took, permission entry and repository data (zero without Sh
    /// requests).
    pub sh_elapsed: Duration,
}

impl ProvisionSummary {
    /// IMS subscriptions provisioned, new or existing: one per IMSI of a run with Cx requests,
    /// none otherwise.
    pub fn ims_subscriptions(&self) -> u64 {
        self.ims_subscriptions_created + self.ims_subscriptions_existing
    }

    /// Pieces of repository data provisioned, new or existing: one per IMSI's IMPU for a run
    /// with Sh requests, none otherwise.
    pub fn repository_data(&self) -> u64 {
        self.repository_data_created + self.repository_data_existing
    }
}
