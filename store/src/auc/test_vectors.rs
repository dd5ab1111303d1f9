//! Access to the shared test-vector files for the tests.
//!
//! The files live in `store/testdata/vectors/` (their sources are in the README there) and are
//! embedded with `include_str!`, so a missing or moved file fails the build of the tests loudly
//! instead of skipping checks.

use serde_json::Value;

/// 3GPP TS 35.208 MILENAGE test sets.
pub(crate) const MILENAGE_TS35208: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/vectors/milenage-ts35208.json"));

/// KASME, CK'/IK', EAP-AKA' key schedule and the MILENAGE → EAP-AKA' chain.
pub(crate) const KDF_VECTORS: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/vectors/kdf-vectors.json"));

/// Parses one of the embedded files.
pub(crate) fn parse(text: &str, name: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{name} is not valid JSON: {e}"))
}

/// The string field `key` of `obj`, or a panic naming what is missing.
pub(crate) fn field<'a>(obj: &'a Value, key: &str, ctx: &str) -> &'a str {
    obj.get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{ctx}: missing string field {key:?}"))
}

/// The hex field `key` of `obj` as exactly `N` octets.
pub(crate) fn hex_field<const N: usize>(obj: &Value, key: &str, ctx: &str) -> [u8; N] {
    let text = field(obj, key, ctx);
    let bytes = hex::decode(text).unwrap_or_else(|e| panic!("{ctx}: {key} is not hex: {e}"));
    bytes
        .try_into()
        .unwrap_or_else(|b: Vec<u8>| panic!("{ctx}: {key} is {} octets, expected {N}", b.len()))
}

/// The array field `key` of `obj`.
pub(crate) fn array<'a>(obj: &'a Value, key: &str, ctx: &str) -> &'a [Value] {
    obj.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_else(|| panic!("{ctx}: missing array field {key:?}"))
}

/// Checks that `obj` has exactly the `expected` keys, so that a field added to a file later
/// cannot go unchecked silently.
pub(crate) fn assert_keys(obj: &Value, expected: &[&str], ctx: &str) {
    let map = obj.as_object().unwrap_or_else(|| panic!("{ctx}: not a JSON object"));
    let mut actual: Vec<&str> = map.keys().map(String::as_str).collect();
    actual.sort_unstable();
    let mut wanted = expected.to_vec();
    wanted.sort_unstable();
    assert_eq!(actual, wanted, "{ctx}: unexpected set of fields");
}
