//! hssctl: the daily operator tasks over the HSS's REST API. Every command is one or a few
//! REST calls (see `docs/API.md`); answers are printed as JSON (lists as one JSON object per
//! line), errors on standard error with the API's message, and the exit status is 0 on
//! success, 1 on an API or transport error, 2 on a usage error.

mod client;
mod commands;
mod import;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::client::Client;

/// hssctl: provision subscribers, import files, detach, make vectors, read the operation log
/// and manage tokens over the HSS's REST API.
#[derive(Debug, Parser)]
#[command(name = "hssctl", version)]
struct Cli {
    /// The REST API's base URL.
    #[arg(long, env = "HSS_URL", default_value = "http://127.0.0.1:8080", global = true)]
    url: String,
    /// A token of the API (sent as Authorization: Bearer).
    #[arg(long, env = "HSS_TOKEN", hide_env_values = true, global = true)]
    token: Option<String>,
    /// A CA certificate (PEM) to trust for an HTTPS URL, instead of the usual web roots.
    #[arg(long, value_name = "PEM", global = true)]
    cacert: Option<PathBuf>,
    /// Seconds a request may take (imports take at least 120).
    #[arg(long, default_value_t = 30, global = true)]
    timeout_secs: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Whether the API answers (GET /health).
    Health,
    /// Whether the HSS is ready: store writable, data plane up (GET /ready).
    Ready,
    /// Subscribers: add, show, list, delete.
    #[command(subcommand)]
    Subscriber(SubscriberCommand),
    /// Imports an NDJSON file of subscribers (or IMS subscriptions), in chunks, with a progress
    /// bar; every chunk carries one operation id, so the whole import rolls back as one.
    Import(ImportArgs),
    /// Sends the serving MME a Cancel-Location (POST /subscribers/{imsi}/detach).
    Detach {
        /// The subscriber.
        imsi: String,
        /// Ask the UE to attach again (CLR-Flags Reattach-Required).
        #[arg(long)]
        reattach: bool,
    },
    /// Makes authentication vectors (secrets scope; audited; SQNs from the subscriber's space).
    Vectors(VectorArgs),
    /// Re-synchronises a subscriber's SQN from the USIM's RAND and AUTS.
    Resync {
        /// The subscriber.
        imsi: String,
        /// RAND, 32 hex digits.
        #[arg(long)]
        rand: String,
        /// AUTS, 28 hex digits.
        #[arg(long)]
        auts: String,
    },
    /// The operation log, newest first; --follow prints new operations as they come.
    Oplog(OplogArgs),
    /// Rolls back an operation, or every operation of a group (admin scope).
    Rollback {
        /// The operation's number.
        #[arg(required_unless_present = "group")]
        seq: Option<u64>,
        /// An operation id (every write made with it).
        #[arg(long, conflicts_with = "seq")]
        group: Option<String>,
    },
    /// Tokens of the API (admin scope).
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Debug, Subcommand)]
enum SubscriberCommand {
    /// Creates a subscriber (and its keys, when given).
    Add(AddArgs),
    /// Shows one subscriber.
    Show {
        /// The IMSI.
        imsi: String,
    },
    /// Lists subscribers, filtered, one JSON object per line.
    List(ListArgs),
    /// Deletes a subscriber (its MME gets a Cancel-Location first).
    Delete {
        /// The IMSI.
        imsi: String,
    },
}

#[derive(Debug, Args)]
struct AddArgs {
    /// The IMSI (5 to 15 digits).
    #[arg(long)]
    imsi: String,
    /// APN profile ids; the first is the default.
    #[arg(long = "apn", required = true, num_args = 1..)]
    apns: Vec<u32>,
    /// The MSISDN.
    #[arg(long)]
    msisdn: Option<String>,
    /// UE-AMBR uplink, bit/s.
    #[arg(long, default_value_t = 100_000_000)]
    uplink: u64,
    /// UE-AMBR downlink, bit/s.
    #[arg(long, default_value_t = 100_000_000)]
    downlink: u64,
    /// Ki, 32 hex digits (with --opc or --op).
    #[arg(long, requires = "operator_key")]
    ki: Option<String>,
    /// OPc, 32 hex digits.
    #[arg(long, group = "operator_key")]
    opc: Option<String>,
    /// OP, 32 hex digits (OPc is derived).
    #[arg(long, group = "operator_key")]
    op: Option<String>,
    /// AMF, 4 hex digits.
    #[arg(long)]
    amf: Option<String>,
}

#[derive(Debug, Args)]
struct ListArgs {
    /// service_granted or operator_determined_barring.
    #[arg(long)]
    status: Option<String>,
    /// Using this APN profile.
    #[arg(long)]
    apn_profile: Option<u32>,
    /// Naming this EPS profile.
    #[arg(long)]
    eps_profile: Option<u32>,
    /// Naming this roaming profile.
    #[arg(long)]
    roaming_profile: Option<u32>,
    /// Registered with this MME.
    #[arg(long)]
    serving_mme: Option<String>,
    /// IMSIs starting with these digits.
    #[arg(long)]
    imsi_prefix: Option<String>,
    /// MSISDNs starting with these digits.
    #[arg(long)]
    msisdn_prefix: Option<String>,
    /// Items per request (1 to 1000).
    #[arg(long, default_value_t = 100)]
    limit: u32,
    /// Follow the cursor to the end instead of one page.
    #[arg(long)]
    all: bool,
}

#[derive(Debug, Args)]
struct ImportArgs {
    /// NDJSON, one subscriber per line (the body of POST /subscribers, keys as "auth").
    file: PathBuf,
    /// Lines per request.
    #[arg(long, default_value_t = 10_000)]
    chunk: usize,
    /// The operation id the chunks carry (default: import-<seconds since 1970>).
    #[arg(long)]
    operation_id: Option<String>,
    /// The file holds IMS subscriptions (POST /ims-subscriptions/import).
    #[arg(long)]
    ims: bool,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

#[derive(Debug, Args)]
struct VectorArgs {
    /// The subscriber.
    imsi: String,
    /// eps, umts, eap_aka, eap_aka_prime or ims_aka.
    #[arg(long = "type", default_value = "eps")]
    kind: String,
    /// How many (1 to 32).
    #[arg(long, default_value_t = 1)]
    count: u32,
    /// MCC and MNC digits of the serving network, for eps.
    #[arg(long)]
    visited_plmn: Option<String>,
    /// The access network name, for eap_aka_prime.
    #[arg(long)]
    access_network_name: Option<String>,
}

#[derive(Debug, Args)]
struct OplogArgs {
    /// Operations to print (newest first).
    #[arg(long, default_value_t = 20)]
    limit: u32,
    /// Of this entity (subscriber, auth, apn_profile, ...), with --key.
    #[arg(long, requires = "key")]
    entity: Option<String>,
    /// The entity's key (an IMSI, an id, a name).
    #[arg(long, requires = "entity")]
    key: Option<String>,
    /// Of this token.
    #[arg(long)]
    token_name: Option<String>,
    /// Of this operation id.
    #[arg(long)]
    operation_id: Option<String>,
    /// Keep printing new operations, oldest first, every --interval-secs.
    #[arg(long)]
    follow: bool,
    /// Seconds between two reads with --follow.
    #[arg(long, default_value_t = 2)]
    interval_secs: u64,
    /// Print each operation as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Creates a token; its secret is printed once.
    Create {
        /// Its name.
        name: String,
        /// read, write, secrets or admin (repeat for several).
        #[arg(long = "scope", required = true, num_args = 1..)]
        scopes: Vec<String>,
        /// When it stops working (Unix seconds).
        #[arg(long)]
        expires: Option<u64>,
    },
    /// Lists the tokens (never their secrets).
    List,
    /// Revokes a token.
    Revoke {
        /// Its name.
        name: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let timeout = Duration::from_secs(cli.timeout_secs.max(1));
    let client = match Client::new(&cli.url, cli.token.clone(), cli.cacert.as_deref(), timeout) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("hssctl: {e}");
            return ExitCode::from(2);
        }
    };
    match commands::run(&client, cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hssctl: {e}");
            ExitCode::from(1)
        }
    }
}
