//! What provisioning reports: [`ProvisionSummary`], filled by the entry point and by the bulk
//! import alike.

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
}
