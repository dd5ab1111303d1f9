//! Filtered cursor listings over 100,000 subscribers: every filter returns what it should, a
//! cursor walk returns each match once in order, and a page deep into the store reads no more
//! rows from the backend than the first page (counted by a wrapping backend, not timed).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use store::{
    Backend, BackendError, Durability, Entries, ImportItem, MemStore, NodeKind, NodeRole,
    ServingNodeRef, Store, StoreConfig, StoreError, SubscriberFilter, SubscriberStatus, UpdateFn,
    UpdateManyFn, WriteBatch, keys::Kind,
};
use testkit::provision::{apn_profile, imsi, subscriber};

/// Counts the rows scans hand back.
#[derive(Debug)]
struct Counting {
    inner: MemStore,
    rows: Arc<AtomicUsize>,
}

impl Backend for Counting {
    fn get(&self, kind: Kind, key: &[u8]) -> Result<Option<Vec<u8>>, BackendError> {
        self.inner.get(kind, key)
    }
    fn write(&self, batch: &WriteBatch, durability: Durability) -> Result<(), BackendError> {
        self.inner.write(batch, durability)
    }
    fn update(
        &self,
        kind: Kind,
        key: &[u8],
        durability: Durability,
        f: &mut UpdateFn<'_>,
    ) -> Result<(), StoreError> {
        self.inner.update(kind, key, durability, f)
    }
    fn update_many(
        &self,
        kind: Kind,
        keys: &[&[u8]],
        durability: Durability,
        f: &mut UpdateManyFn<'_>,
    ) -> Result<(), StoreError> {
        self.inner.update_many(kind, keys, durability, f)
    }
    fn scan(
        &self,
        kind: Kind,
        prefix: &[u8],
        skip: usize,
        limit: usize,
        out: &mut Entries,
    ) -> Result<(), BackendError> {
        let before = out.len();
        self.inner.scan(kind, prefix, skip, limit, out)?;
        self.rows.fetch_add(out.len() - before + skip, Ordering::Relaxed);
        Ok(())
    }
    fn scan_range(
        &self,
        kind: Kind,
        start: &[u8],
        end: Option<&[u8]>,
        limit: usize,
        out: &mut Entries,
    ) -> Result<(), BackendError> {
        let before = out.len();
        self.inner.scan_range(kind, start, end, limit, out)?;
        self.rows.fetch_add(out.len() - before, Ordering::Relaxed);
        Ok(())
    }
}

const N: u64 = 100_000;

fn store() -> (Store, Arc<AtomicUsize>) {
    let rows = Arc::new(AtomicUsize::new(0));
    let s =
        Store::new(Counting { inner: MemStore::new(), rows: rows.clone() }, StoreConfig::default());
    s.create_apn_profile(&apn_profile(1, "internet")).expect("apn 1");
    s.create_apn_profile(&apn_profile(3, "ims")).expect("apn 3");
    let items: Vec<ImportItem> = (0..N)
        .map(|n| {
            let msisdn = format!("4917{n:08}");
            let apns: &[u32] = if n % 10 == 0 { &[1, 3] } else { &[1] };
            let mut sub = subscriber(imsi(n), Some(&msisdn), apns);
            if n % 1000 == 7 {
                sub.status = SubscriberStatus::OperatorDeterminedBarring;
            }
            ImportItem { subscriber: sub, auth: None }
        })
        .collect();
    for chunk in items.chunks(10_000) {
        for r in s.import_subscribers(chunk).expect("import") {
            r.expect("imported");
        }
    }
    (s, rows)
}

#[test]
fn filters_cursors_and_far_pages() {
    let (s, rows) = store();
    let all = SubscriberFilter::default();

    // A far page reads what the first reads.
    rows.store(0, Ordering::Relaxed);
    let first = s.find_subscribers(&all, None, 100).expect("first page");
    let first_rows = rows.swap(0, Ordering::Relaxed);
    let far = s.find_subscribers(&all, Some(imsi(99_000)), 100).expect("far page");
    let far_rows = rows.swap(0, Ordering::Relaxed);
    assert_eq!(first.items.len(), 100);
    assert_eq!(far.items[0].subscriber.imsi, imsi(99_001));
    assert!(far_rows <= first_rows, "far page read {far_rows} rows, the first {first_rows}");
    // The old offset page reads every row before it.
    s.list_subscribers(990, 100).expect("offset page");
    assert!(rows.swap(0, Ordering::Relaxed) >= 99_000, "offset pages scan (why cursors exist)");

    // Status: 100 barred subscribers, walked 30 at a time (each page looks at 10,000 rows at
    // most, so some pages come back short with a cursor).
    let barred = SubscriberFilter {
        status: Some(SubscriberStatus::OperatorDeterminedBarring),
        ..Default::default()
    };
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = s.find_subscribers(&barred, cursor, 30).expect("page");
        seen.extend(page.items.iter().map(|r| r.subscriber.imsi));
        match page.next {
            Some(n) => cursor = Some(n),
            None => break,
        }
    }
    let expected: Vec<_> = (0..N).filter(|n| n % 1000 == 7).map(imsi).collect();
    assert_eq!(seen, expected);

    // APN profile 3 from its index: 10,000 users, the first page without looking elsewhere.
    let ims = SubscriberFilter { apn_profile: Some(3), ..Default::default() };
    rows.store(0, Ordering::Relaxed);
    let page = s.find_subscribers(&ims, Some(imsi(50_000)), 5).expect("page");
    assert!(rows.load(Ordering::Relaxed) <= 256, "one chunk of the index");
    let got: Vec<_> = page.items.iter().map(|r| r.subscriber.imsi).collect();
    assert_eq!(got, [50_010, 50_020, 50_030, 50_040, 50_050].map(imsi));

    // IMSI and MSISDN prefixes.
    let p = SubscriberFilter { imsi_prefix: Some("00101000001".into()), ..Default::default() };
    let page = s.find_subscribers(&p, None, 1000).expect("prefix");
    assert_eq!(
        page.items.len(),
        1000,
        "IMSIs 00101 0000010000 to 0000019999: 10,000, one full page"
    );
    assert!(page.items.iter().all(|r| r.subscriber.imsi.to_string().starts_with("00101000001")));
    let m = SubscriberFilter { msisdn_prefix: Some("49170009999".into()), ..Default::default() };
    let page = s.find_subscribers(&m, Some(imsi(99_000)), 100).expect("msisdn");
    let got: Vec<_> = page.items.iter().map(|r| r.subscriber.imsi).collect();
    assert_eq!(got, (99_990..100_000).map(imsi).collect::<Vec<_>>());

    // Bad values name the field.
    let bad = SubscriberFilter { imsi_prefix: Some("12a".into()), ..Default::default() };
    assert!(
        matches!(s.find_subscribers(&bad, None, 10), Err(StoreError::Invalid(f)) if f.field == "imsi_prefix")
    );
    assert!(
        matches!(s.find_subscribers(&all, None, 0), Err(StoreError::Invalid(f)) if f.field == "limit")
    );
}

#[test]
fn who_an_mme_serves() {
    let (s, _) = store();
    let node = |host| ServingNodeRef {
        host,
        realm: "epc.example",
        updated_at: std::time::SystemTime::now(),
        rat_type: Some(1004),
    };
    for n in (0..N).step_by(997) {
        let host = if n % 2 == 0 { "mme-a.example" } else { "mme-b.example" };
        s.update_serving_node(imsi(n).key(), NodeKind::Mme, node(host)).expect("ULR");
    }
    let mut a = Vec::new();
    let mut cursor = None;
    loop {
        let page = s.served_by(NodeRole::Mme, "MME-A.example", cursor, 7).expect("page");
        a.extend(page.items.iter().map(|x| x.imsi));
        match page.next {
            Some(n) => cursor = Some(n),
            None => break,
        }
    }
    let expected: Vec<_> = (0..N).step_by(997).filter(|n| n % 2 == 0).map(imsi).collect();
    assert_eq!(a, expected);
    let mme_b =
        SubscriberFilter { serving_mme: Some("mme-b.example".into()), ..Default::default() };
    let page = s.find_subscribers(&mme_b, None, 3).expect("filter");
    let got: Vec<_> = page.items.iter().map(|r| r.subscriber.imsi).collect();
    assert_eq!(got, [997, 2991, 4985].map(imsi));
    assert_eq!(page.items[0].serving_mme.as_ref().map(|n| n.host.as_str()), Some("mme-b.example"));
    assert!(s.served_by(NodeRole::Aaa, "mme-a.example", None, 10).expect("aaa").items.is_empty());
}
