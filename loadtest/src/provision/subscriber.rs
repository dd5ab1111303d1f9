//! The subscriber every provisioning path sends: its JSON as `POST /subscribers` takes it, and
//! the fixed test keys of its authentication data.

use serde_json::{Value, json};

/// Ki of every provisioned subscriber (test key, not a secret).
pub const TEST_KI: &str = "465b5ce8b199b49faa5f0a2ee238a6bc";
/// OPc of every provisioned subscriber (test key, not a secret).
pub const TEST_OPC: &str = "cd63cb71954a9f4e48a5994e37a02baf";

/// The subscriber `imsi` as `POST /subscribers` takes it.
pub(super) fn subscriber(imsi: &str, apn_profile_id: u32) -> Value {
    json!({
        "imsi": imsi,
        "ue_ambr": {"uplink": 100_000_000, "downlink": 200_000_000},
        "apns": [{"profile": apn_profile_id}],
    })
}
