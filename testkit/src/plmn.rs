//! The networks of the tests: the HSS's home network (MCC 001, MNC 01: the engine's default)
//! and a visited one.

use store::auc::PlmnId;

/// MCC of the home network.
pub const HOME_MCC: &str = "001";
/// MNC of the home network.
pub const HOME_MNC: &str = "01";
/// MCC of the visited network.
pub const VISITED_MCC: &str = "262";
/// MNC of the visited network.
pub const VISITED_MNC: &str = "01";

/// The home network, 001/01.
pub fn home_plmn() -> PlmnId {
    PlmnId::from_mcc_mnc(HOME_MCC, HOME_MNC).expect("valid PLMN")
}

/// The visited network, 262/01.
pub fn visited_plmn() -> PlmnId {
    PlmnId::from_mcc_mnc(VISITED_MCC, VISITED_MNC).expect("valid PLMN")
}
