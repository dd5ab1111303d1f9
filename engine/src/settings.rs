//! [`EngineSettings`]: everything the data plane needs to start, as values. The composition
//! root builds it (the daemon's configuration, `crate::config`, or a test) and hands it to
//! [`crate::server::Engine::start`] with an open store; the engine reads no file, no
//! environment and no clock to learn it.

use store::auc::PlmnId;

use crate::apps::{AppSettings, Application};
use crate::io::IoConfig;
use crate::peer::{PeerPolicy, Timers};

/// The data plane's settings.
#[derive(Debug, Clone)]
pub struct EngineSettings {
    /// Origin-Host of this HSS.
    pub origin_host: String,
    /// Origin-Realm of this HSS.
    pub origin_realm: String,
    /// The home network: a visited PLMN other than this is roaming.
    pub home_plmn: PlmnId,
    /// The peers accepted (the peer table), or any peer.
    pub peers: PeerPolicy,
    /// The peer state machine's timers (Tw and the rest).
    pub timers: Timers,
    /// The applications served: [`crate::apps::APPS`]; a test may serve its own table.
    pub applications: &'static [&'static Application],
    /// Each application's settings.
    pub apps: AppSettings,
    /// Reads of fewer messages than this are served by the shard that read them; 0: no
    /// hand-off at all.
    pub handoff_min_batch: usize,
    /// Benchmark instrument: AIR answered with a canned AIA, without store or AuC.
    pub bench_echo: bool,
    /// Listening address, shard count, buffers.
    pub io: IoConfig,
}
