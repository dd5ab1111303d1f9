//! What each command sends and prints.

use std::time::Duration;

use serde_json::{Value, json};

use crate::client::{Client, CtlError, segment};
use crate::output::{lines, print, write_line};
use crate::{AddArgs, Command, ListArgs, OplogArgs, SubscriberCommand, TokenCommand, VectorArgs};

/// Runs `command` through `client`.
pub(crate) fn run(client: &Client, command: Command) -> Result<(), CtlError> {
    match command {
        Command::Health => print(&client.get("/health")?),
        Command::Ready => print(&client.get("/ready")?),
        Command::Subscriber(SubscriberCommand::Add(args)) => {
            print(&client.post("/subscribers", &new_subscriber(&args))?)
        }
        Command::Subscriber(SubscriberCommand::Show { imsi }) => {
            print(&client.get(&format!("/subscribers/{}", segment(&imsi)))?)
        }
        Command::Subscriber(SubscriberCommand::List(args)) => list(client, &args),
        Command::Subscriber(SubscriberCommand::Delete { imsi }) => {
            print(&client.call("DELETE", &format!("/subscribers/{}", segment(&imsi)), None)?)
        }
        Command::Import(args) => crate::import::run(client, &args),
        Command::Detach { imsi, reattach } => {
            let query = if reattach { "?reattach=true" } else { "" };
            print(
                &client
                    .post(&format!("/subscribers/{}/detach{query}", segment(&imsi)), &json!({}))?,
            )
        }
        Command::Vectors(args) => vectors(client, &args),
        Command::Resync { imsi, rand, auts } => print(&client.post(
            &format!("/auth-data/{}/resync", segment(&imsi)),
            &json!({"rand": rand, "auts": auts}),
        )?),
        Command::Oplog(args) => oplog(client, &args),
        Command::Rollback { seq: Some(seq), .. } => {
            print(&client.post(&format!("/operations/{seq}/rollback"), &json!({}))?)
        }
        Command::Rollback { group: Some(group), .. } => print(
            &client.post(&format!("/operation-groups/{}/rollback", segment(&group)), &json!({}))?,
        ),
        Command::Rollback { .. } => {
            Err(CtlError::Local("give an operation number or --group".into()))
        }
        Command::Token(TokenCommand::Create { name, scopes, expires }) => {
            let mut body = json!({"name": name, "scopes": scopes});
            if let Some(e) = expires {
                body["expires"] = json!(e);
            }
            print(&client.post("/tokens", &body)?)
        }
        Command::Token(TokenCommand::List) => {
            let list = client.get("/tokens")?;
            lines(list["items"].as_array().map(Vec::as_slice).unwrap_or_default())
        }
        Command::Token(TokenCommand::Revoke { name }) => {
            client.call("DELETE", &format!("/tokens/{}", segment(&name)), None)?;
            Ok(())
        }
    }
}

/// The body of `POST /subscribers` for `args`.
fn new_subscriber(args: &AddArgs) -> Value {
    let mut body = json!({
        "imsi": args.imsi,
        "ue_ambr": {"uplink": args.uplink, "downlink": args.downlink},
        "apns": args.apns.iter().map(|id| json!({"profile": id})).collect::<Vec<_>>(),
    });
    if let Some(m) = &args.msisdn {
        body["msisdn"] = json!(m);
    }
    if let Some(ki) = &args.ki {
        let mut auth = json!({"ki": ki});
        if let Some(opc) = &args.opc {
            auth["opc"] = json!(opc);
        }
        if let Some(op) = &args.op {
            auth["op"] = json!(op);
        }
        if let Some(amf) = &args.amf {
            auth["amf"] = json!(amf);
        }
        body["auth"] = auth;
    }
    body
}

fn list(client: &Client, args: &ListArgs) -> Result<(), CtlError> {
    let mut query = format!("limit={}", args.limit);
    let mut add = |name: &str, value: Option<String>| {
        if let Some(v) = value {
            query.push_str(&format!("&{name}={}", segment(&v)));
        }
    };
    add("status", args.status.clone());
    add("apn_profile", args.apn_profile.map(|v| v.to_string()));
    add("eps_profile", args.eps_profile.map(|v| v.to_string()));
    add("roaming_profile", args.roaming_profile.map(|v| v.to_string()));
    add("serving_mme", args.serving_mme.clone());
    add("imsi_prefix", args.imsi_prefix.clone());
    add("msisdn_prefix", args.msisdn_prefix.clone());
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/subscribers?{query}&cursor={c}"),
            None => format!("/subscribers?{query}"),
        };
        let page = client.get(&path)?;
        lines(page["items"].as_array().map(Vec::as_slice).unwrap_or_default())?;
        match page["next"].as_str() {
            Some(next) if args.all => cursor = Some(next.to_owned()),
            _ => return Ok(()),
        }
    }
}

fn vectors(client: &Client, args: &VectorArgs) -> Result<(), CtlError> {
    let mut body = json!({"type": args.kind, "count": args.count});
    if let Some(p) = &args.visited_plmn {
        body["visited_plmn"] = json!(p);
    }
    if let Some(a) = &args.access_network_name {
        body["access_network_name"] = json!(a);
    }
    print(&client.post(&format!("/auth-data/{}/vectors", segment(&args.imsi)), &body)?)
}

fn oplog(client: &Client, args: &OplogArgs) -> Result<(), CtlError> {
    let mut query = format!("limit={}", args.limit);
    if let (Some(e), Some(k)) = (&args.entity, &args.key) {
        query.push_str(&format!("&entity={}&key={}", segment(e), segment(k)));
    }
    if let Some(t) = &args.token_name {
        query.push_str(&format!("&token={}", segment(t)));
    }
    if let Some(g) = &args.operation_id {
        query.push_str(&format!("&operation_id={}", segment(g)));
    }
    let page = client.get(&format!("/operations?{query}"))?;
    let mut items: Vec<Value> = page["items"].as_array().cloned().unwrap_or_default();
    items.reverse();
    let mut newest = items.last().and_then(|o| o["seq"].as_u64()).unwrap_or(0);
    for op in &items {
        show_operation(op, args.json)?;
    }
    if !args.follow {
        return Ok(());
    }
    loop {
        std::thread::sleep(Duration::from_secs(args.interval_secs.max(1)));
        let page = client.get(&format!("/operations?{query}"))?;
        let mut fresh: Vec<Value> = page["items"]
            .as_array()
            .map(|a| a.iter().filter(|o| o["seq"].as_u64() > Some(newest)).cloned().collect())
            .unwrap_or_default();
        fresh.reverse();
        for op in &fresh {
            show_operation(op, args.json)?;
        }
        newest = fresh.last().and_then(|o| o["seq"].as_u64()).unwrap_or(newest);
    }
}

/// One line per operation: number, time, token, request, entity and key, changes.
fn show_operation(op: &Value, as_json: bool) -> Result<(), CtlError> {
    if as_json {
        return lines(std::slice::from_ref(op));
    }
    let text = format!(
        "{:>8}  {}  {:<12}  {:<40}  {} {}  ({} change{}){}",
        op["seq"],
        op["time"].as_u64().map_or_else(String::new, rfc3339),
        op["token"].as_str().unwrap_or("-"),
        op["request"].as_str().unwrap_or(""),
        op["entity"].as_str().unwrap_or(""),
        op["key"].as_str().unwrap_or(""),
        op["changes"].as_array().map_or(0, Vec::len),
        if op["changes"].as_array().map_or(0, Vec::len) == 1 { "" } else { "s" },
        op["operation_id"].as_str().map(|g| format!("  group {g}")).unwrap_or_default(),
    );
    write_line(&text)
}

/// Unix milliseconds as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
fn rfc3339(millis: u64) -> String {
    let secs = millis / 1000;
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_segments() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_796_601_600_000), "2026-12-07T00:00:00Z");
        assert_eq!(rfc3339(951_782_400_000 + 3_723_000), "2000-02-29T01:02:03Z");
        assert_eq!(segment("sip:a@b c"), "sip%3Aa%40b%20c");
    }
}
