//! Fixed-size byte array helpers shared by the AuC modules.
//!
//! Everything works on `[u8; N]` with lengths checked by the type system, so no helper can
//! fail or panic on input-derived data and nothing touches the heap.

/// `a ⊕ b`, octet by octet.
#[inline]
pub(crate) fn xor<const N: usize>(a: &[u8; N], b: &[u8; N]) -> [u8; N] {
    core::array::from_fn(|i| a[i] ^ b[i])
}

/// The `N` octets of `src` starting at `OFFSET`.
///
/// The bound `OFFSET + N <= M` is checked at compile time, so a wrong constant is a build error
/// and never a run-time panic.
#[inline]
pub(crate) fn sub<const OFFSET: usize, const N: usize, const M: usize>(src: &[u8; M]) -> [u8; N] {
    const { assert!(OFFSET + N <= M, "sub-array out of bounds") };
    core::array::from_fn(|i| src[OFFSET + i])
}

/// `a || b` as one array of `N` octets; `A + B == N` is checked at compile time.
#[inline]
pub(crate) fn concat<const A: usize, const B: usize, const N: usize>(
    a: &[u8; A],
    b: &[u8; B],
) -> [u8; N] {
    const { assert!(A + B == N, "concatenation length mismatch") };
    core::array::from_fn(|i| if i < A { a[i] } else { b[i - A] })
}

/// Equality of two MACs in time independent of where they differ.
#[inline]
pub(crate) fn ct_eq<const N: usize>(a: &[u8; N], b: &[u8; N]) -> bool {
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    core::hint::black_box(diff) == 0
}

/// Lower-case hex of an octet string, for `Debug` output of public values.
pub(crate) struct Hex<'a>(pub(crate) &'a [u8]);

impl core::fmt::Debug for Hex<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xor_sub_concat() {
        assert_eq!(xor(&[0xf0, 0x0f], &[0xff, 0xff]), [0x0f, 0xf0]);
        let src = [1u8, 2, 3, 4, 5, 6];
        assert_eq!(sub::<2, 3, 6>(&src), [3, 4, 5]);
        assert_eq!(concat::<2, 1, 3>(&[1, 2], &[3]), [1, 2, 3]);
    }

    #[test]
    fn ct_eq_detects_any_difference() {
        let a = [7u8; 8];
        assert!(ct_eq(&a, &a));
        for i in 0..8 {
            let mut b = a;
            b[i] ^= 0x01;
            assert!(!ct_eq(&a, &b));
        }
    }

    #[test]
    fn hex_debug() {
        assert_eq!(format!("{:?}", Hex(&[0x00, 0xab])), "00ab");
    }
}
