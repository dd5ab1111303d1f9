//! MILENAGE, the 3GPP example algorithm set for the authentication and key generation
//! functions f1, f1*, f2, f3, f4, f5 and f5* (3GPP TS 35.206 §4), over AES-128 as the kernel
//! function E\[·\]K.
//!
//! TS 35.206 §4.1 defines, for the 128-bit subscriber key K and the operator variant OPc:
//!
//! ```text
//! OPc  = OP ⊕ E[OP]K
//! TEMP = E[RAND ⊕ OPc]K
//! IN1  = SQN || AMF || SQN || AMF
//! OUT1 = E[TEMP ⊕ rot(IN1 ⊕ OPc, r1) ⊕ c1]K ⊕ OPc
//! OUTi = E[rot(TEMP ⊕ OPc, ri) ⊕ ci]K ⊕ OPc          (i = 2..5)
//!
//! f1 = MAC-A = OUT1[0..63]    f1* = MAC-S = OUT1[64..127]
//! f2 = RES   = OUT2[64..127]  f5  = AK    = OUT2[0..47]
//! f3 = CK    = OUT3           f4  = IK    = OUT4           f5* = AK = OUT5[0..47]
//! ```
//!
//! with r1 = 64, r2 = 0, r3 = 32, r4 = 64, r5 = 96 and c1..c5 all zero except for the last bit
//! positions (c2 = …01, c3 = …02, c4 = …04, c5 = …08).
//!
//! [`Milenage`] holds the expanded AES key schedule, so producing a vector costs only the block
//! encryptions: one for TEMP, then the independent OUT blocks in one parallel
//! [`BlockCipherEncrypt::encrypt_blocks`] call.

use aes::cipher::{Array, BlockCipherEncrypt, KeyInit};
use aes::{Aes128, Block};

use super::bytes::{sub, xor};

/// r1 (= r4) = 64 bits, as an octet rotation (TS 35.206 §4.1).
const ROT_64: usize = 8;
/// r2 = 0 bits.
const ROT_0: usize = 0;
/// r3 = 32 bits.
const ROT_32: usize = 4;
/// r5 = 96 bits.
const ROT_96: usize = 12;
/// Last octet of c2, c3, c4, c5 (c1 is all zeros; TS 35.206 §4.1).
const C2: u8 = 0x01;
const C3: u8 = 0x02;
const C4: u8 = 0x04;
const C5: u8 = 0x08;

/// A subscriber's MILENAGE instance: the AES-128 key schedule of K and the OPc value.
///
/// Build it once per subscriber (or per request) with [`Milenage::new`] from K and OPc as stored,
/// or with [`Milenage::with_op`] from K and the operator's OP. `Debug` never shows key material;
/// dropping it wipes K's key schedule and OPc.
#[derive(Clone)]
pub struct Milenage {
    cipher: Aes128,
    opc: [u8; 16],
}

/// OPc is wiped when the instance is dropped; the AES key schedule of K wipes itself (the
/// `aes` crate's `zeroize` feature).
impl Drop for Milenage {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.opc);
    }
}

/// f2, f3, f4 and f5 for one RAND, computed together (they share TEMP; TS 35.206 §4.1).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct F2345 {
    /// f2: RES (64 bits).
    pub res: [u8; 8],
    /// f3: the cipher key CK.
    pub ck: [u8; 16],
    /// f4: the integrity key IK.
    pub ik: [u8; 16],
    /// f5: the anonymity key AK.
    pub ak: [u8; 6],
}

/// Everything an authentication vector needs from MILENAGE for one RAND, SQN and AMF:
/// f1 (MAC-A) plus f2..f5, in one pass of five block encryptions.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct AkaOutput {
    /// f1: MAC-A, the network authentication code carried in AUTN.
    pub mac_a: [u8; 8],
    /// f2: RES, the expected response (XRES).
    pub res: [u8; 8],
    /// f3: CK.
    pub ck: [u8; 16],
    /// f4: IK.
    pub ik: [u8; 16],
    /// f5: AK.
    pub ak: [u8; 6],
}

/// OPc = OP ⊕ E\[OP\]K (TS 35.206 §4.1), for provisioning: store OPc rather than OP.
pub fn compute_opc(k: &[u8; 16], op: &[u8; 16]) -> [u8; 16] {
    opc_with(&Aes128::new(&Array::from(*k)), op)
}

fn opc_with(cipher: &Aes128, op: &[u8; 16]) -> [u8; 16] {
    xor(&encrypt(cipher, op), op)
}

fn encrypt(cipher: &Aes128, input: &[u8; 16]) -> [u8; 16] {
    let mut block = Array::from(*input);
    cipher.encrypt_block(&mut block);
    block.into()
}

/// rot(x, r) for r a multiple of 8 bits: y\[i\] = x\[(i + r) mod 128\], i.e. a rotation towards the
/// most significant bit (TS 35.206 §4.1).
fn rot(x: &[u8; 16], octets: usize) -> [u8; 16] {
    core::array::from_fn(|i| x[(i + octets) % 16])
}

impl Milenage {
    /// Prepares MILENAGE from the subscriber key K and the stored OPc.
    pub fn new(k: &[u8; 16], opc: &[u8; 16]) -> Self {
        Self { cipher: Aes128::new(&Array::from(*k)), opc: *opc }
    }

    /// Prepares MILENAGE from K and the operator variant OP, deriving OPc = OP ⊕ E\[OP\]K.
    pub fn with_op(k: &[u8; 16], op: &[u8; 16]) -> Self {
        let cipher = Aes128::new(&Array::from(*k));
        let opc = opc_with(&cipher, op);
        Self { cipher, opc }
    }

    /// The OPc in use (tests only; it never leaves the crate).
    #[cfg(test)]
    pub(crate) fn opc(&self) -> &[u8; 16] {
        &self.opc
    }

    /// TEMP = E\[RAND ⊕ OPc\]K.
    fn temp(&self, rand: &[u8; 16]) -> [u8; 16] {
        encrypt(&self.cipher, &xor(rand, &self.opc))
    }

    /// The AES input of OUT1: TEMP ⊕ rot(IN1 ⊕ OPc, r1) ⊕ c1, with c1 = 0.
    fn in_out1(&self, temp: &[u8; 16], sqn: &[u8; 6], amf: &[u8; 2]) -> Block {
        let in1: [u8; 16] = core::array::from_fn(|i| match i % 8 {
            j @ 0..6 => sqn[j],
            j => amf[j - 6],
        });
        Array::from(xor(temp, &rot(&xor(&in1, &self.opc), ROT_64)))
    }

    /// The AES input of OUTi (i = 2..5): rot(TEMP ⊕ OPc, ri) ⊕ ci.
    fn in_out(&self, temp_opc: &[u8; 16], octets: usize, c: u8) -> Block {
        let mut x = rot(temp_opc, octets);
        x[15] ^= c;
        Array::from(x)
    }

    /// E\[…\]K ⊕ OPc, the common output step.
    fn out(&self, block: Block) -> [u8; 16] {
        xor(&block.into(), &self.opc)
    }

    /// OUT1 for RAND, SQN and AMF.
    fn out1(&self, rand: &[u8; 16], sqn: &[u8; 6], amf: &[u8; 2]) -> [u8; 16] {
        let temp = self.temp(rand);
        let mut block = self.in_out1(&temp, sqn, amf);
        self.cipher.encrypt_block(&mut block);
        self.out(block)
    }

    /// f1: the network authentication function, MAC-A = OUT1\[0..63\].
    pub fn f1(&self, rand: &[u8; 16], sqn: &[u8; 6], amf: &[u8; 2]) -> [u8; 8] {
        sub::<0, 8, 16>(&self.out1(rand, sqn, amf))
    }

    /// f1*: the re-synchronisation message authentication function, MAC-S = OUT1\[64..127\].
    pub fn f1_star(&self, rand: &[u8; 16], sqn: &[u8; 6], amf: &[u8; 2]) -> [u8; 8] {
        sub::<8, 8, 16>(&self.out1(rand, sqn, amf))
    }

    /// f2, f3, f4 and f5 together: one TEMP, then OUT2, OUT3 and OUT4 in one parallel call.
    pub fn f2345(&self, rand: &[u8; 16]) -> F2345 {
        let temp_opc = xor(&self.temp(rand), &self.opc);
        let mut blocks = [
            self.in_out(&temp_opc, ROT_0, C2),
            self.in_out(&temp_opc, ROT_32, C3),
            self.in_out(&temp_opc, ROT_64, C4),
        ];
        self.cipher.encrypt_blocks(&mut blocks);
        let [b2, b3, b4] = blocks;
        let out2 = self.out(b2);
        F2345 {
            res: sub::<8, 8, 16>(&out2),
            ck: self.out(b3),
            ik: self.out(b4),
            ak: sub::<0, 6, 16>(&out2),
        }
    }

    /// f2: RES = OUT2\[64..127\].
    pub fn f2(&self, rand: &[u8; 16]) -> [u8; 8] {
        self.f2345(rand).res
    }

    /// f3: CK = OUT3.
    pub fn f3(&self, rand: &[u8; 16]) -> [u8; 16] {
        self.f2345(rand).ck
    }

    /// f4: IK = OUT4.
    pub fn f4(&self, rand: &[u8; 16]) -> [u8; 16] {
        self.f2345(rand).ik
    }

    /// f5: AK = OUT2\[0..47\].
    pub fn f5(&self, rand: &[u8; 16]) -> [u8; 6] {
        self.f2345(rand).ak
    }

    /// f5*: the re-synchronisation anonymity key, AK = OUT5\[0..47\].
    pub fn f5_star(&self, rand: &[u8; 16]) -> [u8; 6] {
        let temp_opc = xor(&self.temp(rand), &self.opc);
        let mut block = self.in_out(&temp_opc, ROT_96, C5);
        self.cipher.encrypt_block(&mut block);
        sub::<0, 6, 16>(&self.out(block))
    }

    /// f1 and f2..f5 for one vector: TEMP, then OUT1..OUT4 in one parallel call (five AES
    /// blocks in all, no key schedule, no allocation).
    pub fn generate(&self, rand: &[u8; 16], sqn: &[u8; 6], amf: &[u8; 2]) -> AkaOutput {
        let temp = self.temp(rand);
        let temp_opc = xor(&temp, &self.opc);
        let mut blocks = [
            self.in_out1(&temp, sqn, amf),
            self.in_out(&temp_opc, ROT_0, C2),
            self.in_out(&temp_opc, ROT_32, C3),
            self.in_out(&temp_opc, ROT_64, C4),
        ];
        self.cipher.encrypt_blocks(&mut blocks);
        let [b1, b2, b3, b4] = blocks;
        let out1 = self.out(b1);
        let out2 = self.out(b2);
        AkaOutput {
            mac_a: sub::<0, 8, 16>(&out1),
            res: sub::<8, 8, 16>(&out2),
            ck: self.out(b3),
            ik: self.out(b4),
            ak: sub::<0, 6, 16>(&out2),
        }
    }
}

impl core::fmt::Debug for Milenage {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Milenage").finish_non_exhaustive()
    }
}

impl core::fmt::Debug for F2345 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("F2345").finish_non_exhaustive()
    }
}

impl core::fmt::Debug for AkaOutput {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AkaOutput").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const K: [u8; 16] = [0x11; 16];
    const OP: [u8; 16] = [0x22; 16];
    const RAND: [u8; 16] = [0x33; 16];

    #[test]
    fn rot_moves_towards_most_significant_bit() {
        let x: [u8; 16] = core::array::from_fn(|i| i as u8);
        assert_eq!(rot(&x, 0), x);
        assert_eq!(rot(&x, 4)[0], 4);
        assert_eq!(rot(&x, 12)[0], 12);
        assert_eq!(rot(&x, 12)[4], 0);
    }

    #[test]
    fn generate_agrees_with_single_functions() {
        let m = Milenage::with_op(&K, &OP);
        let sqn = [1, 2, 3, 4, 5, 6];
        let amf = [0x80, 0x00];
        let all = m.generate(&RAND, &sqn, &amf);
        assert_eq!(all.mac_a, m.f1(&RAND, &sqn, &amf));
        assert_eq!(all.res, m.f2(&RAND));
        assert_eq!(all.ck, m.f3(&RAND));
        assert_eq!(all.ik, m.f4(&RAND));
        assert_eq!(all.ak, m.f5(&RAND));
        let f = m.f2345(&RAND);
        assert_eq!((f.res, f.ck, f.ik, f.ak), (all.res, all.ck, all.ik, all.ak));
    }

    #[test]
    fn with_op_equals_new_with_computed_opc() {
        let opc = compute_opc(&K, &OP);
        let a = Milenage::with_op(&K, &OP);
        let b = Milenage::new(&K, &opc);
        assert_eq!(a.opc(), &opc);
        assert_eq!(a.f2345(&RAND), b.f2345(&RAND));
    }

    #[test]
    fn debug_hides_keys() {
        let m = Milenage::new(&K, &OP);
        assert_eq!(format!("{m:?}"), "Milenage { .. }");
        assert_eq!(format!("{:?}", m.f2345(&RAND)), "F2345 { .. }");
    }
}
