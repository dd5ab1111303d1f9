//! The application table: every Diameter application the engine serves is one value
//! ([`Application`]) in one table ([`APPS`]), and everything that depends on which
//! applications exist derives from it: what CEA advertises, which requests pass the peer's
//! checks (3001 for a command with no route), and where each request is dispatched.
//!
//! ```text
//!  Application { id, vendor, routes: [Route { command, handler, refuse }], store_error }
//!  Table::dispatch(request) ─▶ route ─▶ handler(&mut Request) ─┬─ Ok(Answered)   answer in out
//!                                                              ├─ Ok(Deferred)   nothing written
//!                                                              └─ Err(Failure)   refuse / error answer
//! ```
//!
//! To add an application: write its module here (its `Application` value, its handlers, its
//! outbound request bodies) and add one line to [`APPS`]. Nothing in `server/`, `lanes/` or
//! `io/` changes. A handler is a plain function of a [`Request`]: no I/O besides the store, no
//! waiting on another shard, `now` and the RAND source passed in.

mod bench_echo;
pub mod cx;
mod request;
pub mod s13;
pub mod s6a;
pub mod sh;
pub mod swx;
#[cfg(feature = "test-app")]
pub mod test_app;

use std::fmt;

use codec::build::{Origin, Outcome, error_answer};
use codec::code::experimental;
use codec::dict::CommandDef;
use codec::{ApplicationId, CommandCode, Message, ResultCode, VendorId};
use store::StoreError;

pub use request::{Deferral, Failure, Handled, Lane, Node, Request, Serving};

use crate::panics::Place;
use crate::peer::{Grant, Served};

/// Every application the engine serves, in the order CEA advertises them.
pub static APPS: &[&Application] = &[&s6a::S6A, &s13::S13, &cx::CX, &sh::SH, &swx::SWX];

/// Each application's settings, as the engine's configuration gives them.
#[derive(Debug, Clone, Default)]
pub struct AppSettings {
    pub s6a: s6a::Settings,
    pub cx: cx::Settings,
}

/// The dictionary entry of `code` among `commands`, for a [`Route`] in a `static`: evaluated at
/// compile time, so a command missing from the dictionary does not compile.
pub const fn command(commands: &'static [CommandDef], code: CommandCode) -> &'static CommandDef {
    let mut i = 0;
    while i < commands.len() {
        if commands[i].code.0 == code.0 {
            return &commands[i];
        }
        i += 1;
    }
    panic!("command not in the dictionary")
}

/// A handler: serves one command of one application.
pub type Handler = fn(&mut Request<'_>) -> Result<Handled, Failure>;

/// Writes the answer of one command that carries nothing but `outcome` (a failure): the one
/// place each command's refusals are written.
pub type Refuse = fn(&mut bytes::BytesMut, &Message<'_>, &Origin<'_>, Outcome);

/// One command an application serves.
#[derive(Clone, Copy)]
pub struct Route {
    /// The command's dictionary entry: its code and the ABNF requests are checked against.
    pub command: &'static CommandDef,
    pub handler: Handler,
    pub refuse: Refuse,
}

impl fmt::Debug for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Route").field("command", &self.command.request).finish_non_exhaustive()
    }
}

/// A Diameter application as the engine serves it.
#[derive(Debug, Clone, Copy)]
pub struct Application {
    pub id: ApplicationId,
    /// How CEA advertises it: [`VendorId::TGPP`] as a Vendor-Specific-Application-Id, the
    /// IETF vendor as a plain Auth-Application-Id.
    pub vendor: VendorId,
    pub name: &'static str,
    /// The requests it answers; any other command of the application gets 3001.
    pub routes: &'static [Route],
    /// The Result-Code or Experimental-Result a store error is answered with.
    pub store_error: fn(&StoreError) -> Outcome,
}

/// The applications one engine serves: [`APPS`] (or a test's own list, see
/// `EngineSettings::applications`), with the routes a start-up option substitutes (the
/// benchmark instrument, [`bench_echo`]).
#[derive(Debug, Clone)]
pub struct Table {
    apps: Vec<Application>,
    /// Each application's routes, copied so that a route can be substituted.
    routes: Vec<Vec<Route>>,
}

impl Table {
    /// A table of `apps`.
    pub fn new(apps: &[&Application]) -> Self {
        Self {
            apps: apps.iter().map(|a| **a).collect(),
            routes: apps.iter().map(|a| a.routes.to_vec()).collect(),
        }
    }

    /// The table with AIR answered by the benchmark instrument's canned AIA.
    pub fn with_bench_echo(mut self) -> Self {
        bench_echo::install(&mut self);
        self
    }

    /// Replaces the handler of `command` of application `app`; false when there is no such
    /// route.
    fn substitute(&mut self, app: ApplicationId, command: CommandCode, handler: Handler) -> bool {
        let route = self
            .apps
            .iter()
            .position(|a| a.id == app)
            .and_then(|i| self.routes[i].iter_mut().find(|r| r.command.code == command));
        route.map(|r| r.handler = handler).is_some()
    }

    /// What the peer layer needs: each application with how it is advertised and the
    /// requests it accepts.
    pub fn served(&self) -> Vec<Served> {
        (self.apps.iter().zip(&self.routes))
            .map(|(app, routes)| Served {
                id: app.id,
                vendor: app.vendor,
                requests: routes.iter().map(|r| r.command).collect(),
            })
            .collect()
    }

    /// Every command the table routes, with its application, in table order (for the
    /// answer counters of `metrics`).
    pub fn commands(&self) -> impl Iterator<Item = (&Application, &'static CommandDef)> + '_ {
        (self.apps.iter().zip(&self.routes))
            .flat_map(|(app, routes)| routes.iter().map(move |r| (app, r.command)))
    }

    /// The name of application `id`, when the table has it.
    pub fn name(&self, id: ApplicationId) -> Option<&'static str> {
        self.apps.iter().find(|a| a.id == id).map(|a| a.name)
    }

    /// The application and route of a request.
    fn route(&self, app: ApplicationId, code: CommandCode) -> Option<(&Application, &Route)> {
        let i = self.apps.iter().position(|a| a.id == app)?;
        let route = self.routes[i].iter().find(|r| r.command.code == code)?;
        Some((&self.apps[i], route))
    }

    /// Serves one request the peer layer has checked (its application negotiated, its
    /// command routed here, its AVPs valid, its origin one `peer` may send): runs the handler
    /// and writes its refusal if it refused. [`Handled::Deferred`] means nothing was written.
    ///
    /// A Visited-PLMN-Id the peer does not serve (a peer claiming the home network, or another
    /// visited one than its own) is refused before the handler with 5004
    /// DIAMETER_ERROR_ROAMING_NOT_ALLOWED: the subscriber may not be served through this peer
    /// from where it claims to be.
    pub fn dispatch(
        &self,
        node: &Node,
        peer: &Grant,
        msg: &Message<'_>,
        lane: Lane,
        out: &mut bytes::BytesMut,
        with: &mut Serving<'_>,
    ) -> Handled {
        let origin = node.origin();
        let (now, rand, outbound) = (with.now, &mut *with.rand, &mut *with.outbound);
        let Some((app, route)) = self.route(msg.header.application, msg.header.code) else {
            // The peer layer refuses what has no route; this is the same refusal.
            codec::build::result_answer(out, msg, &origin, ResultCode::COMMAND_UNSUPPORTED);
            return Handled::Answered;
        };
        if !peer.allows_visited_plmn(msg) {
            let outcome = Outcome::Experimental(experimental::ERROR_ROAMING_NOT_ALLOWED);
            (route.refuse)(out, msg, &origin, outcome);
            return Handled::Answered;
        }
        let mark = out.len();
        let queued = outbound.len();
        let mut req = Request { msg, node, app, now, rand, out, outbound, lane };
        let Some(result) = crate::panics::contain(Place::Handler, || (route.handler)(&mut req))
        else {
            // Whatever the handler wrote or queued is dropped; the request gets 5012.
            out.truncate(mark);
            outbound.truncate(queued);
            codec::build::result_answer(out, msg, &origin, ResultCode::UNABLE_TO_COMPLY);
            return Handled::Answered;
        };
        match result {
            Ok(handled) => handled,
            Err(Failure::Outcome(outcome)) => {
                (route.refuse)(out, msg, &origin, outcome);
                Handled::Answered
            }
            Err(Failure::Invalid(err)) => {
                error_answer(out, msg, &origin, &err);
                Handled::Answered
            }
        }
    }
}
