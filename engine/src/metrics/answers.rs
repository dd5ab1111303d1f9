//! Answers counted by (application, command, result): what a shard counts as its answers are
//! queued for the write, read back from the encoded answers themselves (whoever wrote them:
//! a handler, a refusal, the peer layer's error answer, another shard or the slow lane).
//!
//! Bounds: one row per command the table routes, plus the base protocol's CER, DWR and DPR,
//! plus one row for any other (application, command); per row and shard at most
//! [`CODES_PER_ROW`] distinct results, further ones counted in the row's `other` result. So a
//! scrape shows at most `rows × (CODES_PER_ROW × shards + 1)` series, whatever peers send.
//!
//! Cost per answer: its header, the AVP headers up to Result-Code or Experimental-Result
//! (the third AVP of every answer the HSS builds), a scan of the few (application, command)
//! keys, and a scan of the row's cells (the usual result is the first); two plain stores.
//! The walk reads the bytes by hand rather than through `codec::Frames` and `AvpIter`: they
//! are answers this process has just encoded, framed already, so only the lengths need to stay
//! in bounds, and the generic iterators' checks more than doubled the cost (callgrind: about
//! 320 → 130 instructions per AIA).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use codec::dict::base as b;
use codec::{ApplicationId, AvpFlags, CommandCode, CommandFlags, HEADER_LEN};

use super::add_owned;
use crate::apps::Table;

/// Distinct results one shard counts per row before it counts them as `other`.
pub(crate) const CODES_PER_ROW: usize = 16;

/// A result as a cell key: set bit 40 (so that 0 is an empty cell), bit 32 for an
/// Experimental-Result-Code, the code in the low 32 bits.
const USED: u64 = 1 << 40;
const EXPERIMENTAL: u64 = 1 << 32;
/// An answer without a readable result.
const NO_RESULT: u64 = USED | (1 << 33);

/// Which result an answer carried, as the metrics label it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ResultLabel {
    /// Result-Code.
    Code(u32),
    /// Experimental-Result-Code.
    Experimental(u32),
    /// Neither could be read.
    None,
    /// Beyond the row's bound.
    Other,
}

impl ResultLabel {
    fn from_key(key: u64) -> Self {
        match key {
            NO_RESULT => ResultLabel::None,
            k if k & EXPERIMENTAL != 0 => ResultLabel::Experimental(k as u32),
            k => ResultLabel::Code(k as u32),
        }
    }
}

/// The rows answers are counted in: (application, command) → row, with their labels.
#[derive(Debug)]
pub(crate) struct CommandIndex {
    keys: Box<[(ApplicationId, CommandCode)]>,
    /// Application name and request abbreviation, per row; the last row is `other`.
    labels: Box<[(&'static str, &'static str)]>,
}

impl CommandIndex {
    /// The routes of `table`, then CER, DWR and DPR, then `other`.
    pub(crate) fn new(table: &Table) -> Self {
        let base = [
            CommandCode::CAPABILITIES_EXCHANGE,
            CommandCode::DEVICE_WATCHDOG,
            CommandCode::DISCONNECT_PEER,
        ]
        .into_iter()
        .filter_map(|code| b::COMMANDS.iter().find(|c| c.code == code))
        .map(|c| (ApplicationId::COMMON, c.code, "base", c.request));
        let all: Vec<_> = table
            .commands()
            .map(|(app, c)| (app.id, c.code, app.name, c.request))
            .chain(base)
            .collect();
        Self {
            keys: all.iter().map(|&(app, code, _, _)| (app, code)).collect(),
            labels: all
                .iter()
                .map(|&(_, _, app, command)| (app, command))
                .chain([("other", "other")])
                .collect(),
        }
    }

    /// The row of answers to `code` of `app`.
    fn row(&self, app: ApplicationId, code: CommandCode) -> usize {
        self.keys.iter().position(|&k| k == (app, code)).unwrap_or(self.keys.len())
    }

    /// Rows, `other` included.
    pub(crate) fn rows(&self) -> usize {
        self.labels.len()
    }

    /// The application and command labels of `row`.
    pub(crate) fn label(&self, row: usize) -> (&'static str, &'static str) {
        self.labels.get(row).copied().unwrap_or(("other", "other"))
    }
}

#[derive(Debug, Default)]
struct Cell {
    /// 0: empty; else a result key, written once.
    key: AtomicU64,
    count: AtomicU64,
}

#[derive(Debug, Default)]
struct Row {
    cells: [Cell; CODES_PER_ROW],
    other: AtomicU64,
}

/// One shard's answer counters.
#[derive(Debug)]
pub(crate) struct AnswerTable {
    rows: Box<[Row]>,
}

impl AnswerTable {
    /// Counters for the rows of `index`, all zero.
    pub(crate) fn new(index: &CommandIndex) -> Self {
        Self { rows: (0..index.rows()).map(|_| Row::default()).collect() }
    }

    /// Counts every answer among the messages of `bytes`, encoded back to back (requests
    /// are skipped; a length that does not fit ends the walk); returns how many. Only the
    /// owning thread calls this.
    pub(crate) fn count(&self, index: &CommandIndex, mut bytes: &[u8]) -> u64 {
        let mut answers = 0;
        while let Some(h) = bytes.first_chunk::<HEADER_LEN>() {
            let len = u32::from_be_bytes([0, h[1], h[2], h[3]]) as usize;
            if len < HEADER_LEN || len > bytes.len() {
                break;
            }
            let (msg, rest) = bytes.split_at(len);
            bytes = rest;
            if h[4] & CommandFlags::REQUEST != 0 {
                continue;
            }
            answers += 1;
            let code = CommandCode(u32::from_be_bytes([0, h[5], h[6], h[7]]));
            let app = ApplicationId(u32::from_be_bytes([h[8], h[9], h[10], h[11]]));
            if let Some(row) = self.rows.get(index.row(app, code)) {
                row.count(result_key(&msg[HEADER_LEN..]));
            }
        }
        answers
    }

    /// Adds this table's counts to `into`: by (row, result).
    pub(crate) fn collect(&self, into: &mut BTreeMap<(usize, ResultLabel), u64>) {
        for (i, row) in self.rows.iter().enumerate() {
            for cell in &row.cells {
                // Acquire: the count set before the key was published is seen with it.
                let key = cell.key.load(Ordering::Acquire);
                if key == 0 {
                    break;
                }
                let n = cell.count.load(Ordering::Relaxed);
                *into.entry((i, ResultLabel::from_key(key))).or_default() += n;
            }
            let other = row.other.load(Ordering::Relaxed);
            if other > 0 {
                *into.entry((i, ResultLabel::Other)).or_default() += other;
            }
        }
    }
}

impl Row {
    fn count(&self, key: u64) {
        for cell in &self.cells {
            match cell.key.load(Ordering::Relaxed) {
                k if k == key => return add_owned(&cell.count, 1),
                0 => {
                    cell.count.store(1, Ordering::Relaxed);
                    cell.key.store(key, Ordering::Release);
                    return;
                }
                _ => {}
            }
        }
        add_owned(&self.other, 1);
    }
}

/// The result of an answer whose AVPs are `avps`: its first Result-Code, else the code of
/// its first Experimental-Result.
fn result_key(avps: &[u8]) -> u64 {
    if let Some(code) = find_u32(avps, b::RESULT_CODE.code.0, |_| None) {
        return USED | u64::from(code);
    }
    let experimental = |group: &[u8]| find_u32(group, b::EXPERIMENTAL_RESULT_CODE.code.0, |_| None);
    match find_u32(avps, b::EXPERIMENTAL_RESULT.code.0, experimental) {
        Some(code) => USED | EXPERIMENTAL | u64::from(code),
        None => NO_RESULT,
    }
}

/// The value of the first AVP `code` (without a vendor) among `avps`: an Unsigned32 read
/// directly, or what `grouped` finds among its children when it is not 4 octets long.
/// Stops at the first AVP whose length does not fit.
fn find_u32(mut avps: &[u8], code: u32, grouped: impl Fn(&[u8]) -> Option<u32>) -> Option<u32> {
    while let Some(h) = avps.first_chunk::<8>() {
        let len = u32::from_be_bytes([0, h[5], h[6], h[7]]) as usize;
        if len < 8 || len > avps.len() {
            return None;
        }
        let vendor = h[4] & AvpFlags::VENDOR != 0;
        if !vendor && u32::from_be_bytes([h[0], h[1], h[2], h[3]]) == code {
            let data = &avps[8..len];
            return match data.first_chunk::<4>() {
                Some(v) if data.len() == 4 => Some(u32::from_be_bytes(*v)),
                _ => grouped(data),
            };
        }
        avps = avps.get(len.next_multiple_of(4)..).unwrap_or_default();
    }
    None
}

#[cfg(test)]
mod tests {
    use bytes::BytesMut;
    use codec::build::{Origin, Outcome};
    use codec::code::experimental;
    use codec::{Message, ResultCode};

    use super::*;
    use crate::apps::APPS;

    const ORIGIN: Origin<'static> = Origin { host: "hss.test", realm: "test" };

    /// A request of `code` in `app` (no AVPs but Session-Id: enough to answer).
    fn request(app: ApplicationId, code: CommandCode) -> Vec<u8> {
        let mut buf = BytesMut::new();
        let mut w = codec::MessageWriter::request(&mut buf, code, app, true, 1, 2);
        w.utf8(&b::SESSION_ID, "s;1");
        w.finish();
        buf.to_vec()
    }

    fn answer(out: &mut BytesMut, req: &[u8], outcome: Outcome) {
        let msg = Message::parse(req).expect("request");
        let app = Some(msg.header.application).filter(|a| *a != ApplicationId::COMMON);
        let w = codec::build::start_answer(out, &msg, &ORIGIN, outcome, app, true);
        codec::build::finish_answer(w, &msg);
    }

    fn counts(table: &AnswerTable, index: &CommandIndex) -> Vec<(&'static str, ResultLabel, u64)> {
        let mut all = BTreeMap::new();
        table.collect(&mut all);
        all.into_iter().map(|((row, r), n)| (index.label(row).1, r, n)).collect()
    }

    #[test]
    fn answers_are_counted_by_command_and_result_and_requests_skipped() {
        let index = CommandIndex::new(&Table::new(APPS));
        let table = AnswerTable::new(&index);
        let air = request(ApplicationId::S6A, CommandCode(318));
        let dwr = request(ApplicationId::COMMON, CommandCode::DEVICE_WATCHDOG);
        let mut out = BytesMut::new();
        answer(&mut out, &air, Outcome::Success);
        answer(&mut out, &air, Outcome::Success);
        answer(&mut out, &air, Outcome::Experimental(experimental::ERROR_USER_UNKNOWN));
        out.extend_from_slice(&dwr); // a request among the answers: not counted
        answer(&mut out, &dwr, Outcome::Result(ResultCode::SUCCESS));
        answer(&mut out, &request(ApplicationId(4), CommandCode(9)), Outcome::Success);
        assert_eq!(table.count(&index, &out), 5);
        assert_eq!(
            counts(&table, &index),
            [
                ("AIR", ResultLabel::Code(2001), 2),
                ("AIR", ResultLabel::Experimental(5001), 1),
                ("DWR", ResultLabel::Code(2001), 1),
                ("other", ResultLabel::Code(2001), 1),
            ]
        );
        assert_eq!(index.label(0), ("S6a/S6d", "AIR"));
    }

    #[test]
    fn results_beyond_the_bound_count_as_other() {
        let index = CommandIndex::new(&Table::new(APPS));
        let table = AnswerTable::new(&index);
        let air = request(ApplicationId::S6A, CommandCode(318));
        let mut out = BytesMut::new();
        for code in 0..CODES_PER_ROW as u32 + 3 {
            answer(&mut out, &air, Outcome::Result(ResultCode(5000 + code)));
        }
        answer(&mut out, &air, Outcome::Result(ResultCode(5000)));
        table.count(&index, &out);
        let counted = counts(&table, &index);
        assert_eq!(counted.len(), CODES_PER_ROW + 1);
        assert_eq!(counted[0], ("AIR", ResultLabel::Code(5000), 2));
        assert_eq!(counted[CODES_PER_ROW], ("AIR", ResultLabel::Other, 3));
        // A message whose result cannot be read.
        let table = AnswerTable::new(&index);
        let mut bare = BytesMut::new();
        let msg = Message::parse(&air).expect("request");
        codec::MessageWriter::answer(&mut bare, &msg, false).finish();
        table.count(&index, &bare);
        assert_eq!(counts(&table, &index), [("AIR", ResultLabel::None, 1)]);
    }
}
