//! Hash functions: haproxy's byte hashes (src/hash.c), the integer
//! avalanche `full_hash()` (include/haproxy/tools.h) and the `balance
//! source` key (`get_server_sh()` in src/backend.c). All arithmetic wraps
//! on 32 bits as in C.

use crate::api::HashFn;
use std::net::IpAddr;

/// `full_hash()`: Bob Jenkins' 32-bit integer hash followed by a multiply
/// by 3221225473, used by `avalanche` and for consistent-hash points.
pub fn full_hash(a: u32) -> u32 {
    let mut a = a;
    a = a.wrapping_add(0x7ed5_5d16).wrapping_add(a << 12);
    a = (a ^ 0xc761_c23c) ^ (a >> 19);
    a = a.wrapping_add(0x1656_67b1).wrapping_add(a << 5);
    a = a.wrapping_add(0xd3a2_646c) ^ (a << 9);
    a = a.wrapping_add(0xfd70_46c5).wrapping_add(a << 3);
    a = (a ^ 0xb55a_4f09) ^ (a >> 16);
    a.wrapping_mul(3_221_225_473)
}

/// `gen_hash()`: the configured byte hash of `data`, before any avalanche.
pub fn hash_bytes(f: HashFn, data: &[u8]) -> u32 {
    match f {
        HashFn::Sdbm => hash_sdbm(data),
        HashFn::Djb2 => hash_djb2(data),
        HashFn::Wt6 => hash_wt6(data),
        HashFn::Crc32 => hash_crc32(data),
    }
}

/// The `balance source` input (`get_server_sh()`): an IPv4 address read
/// as a big-endian u32, an IPv6 address as the xor of its four big-endian
/// words. No byte hash is applied.
pub fn source_key(ip: IpAddr) -> u32 {
    match ip {
        IpAddr::V4(v4) => u32::from_be_bytes(v4.octets()),
        IpAddr::V6(v6) => v6
            .octets()
            .chunks_exact(4)
            .map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
            .fold(0, |h, w| h ^ w),
    }
}

/// `hash_sdbm()`: `h = c + (h << 6) + (h << 16) - h`.
fn hash_sdbm(data: &[u8]) -> u32 {
    data.iter().fold(0u32, |h, &c| {
        u32::from(c)
            .wrapping_add(h << 6)
            .wrapping_add(h << 16)
            .wrapping_sub(h)
    })
}

/// `hash_djb2()`: `h = h * 33 + c` from 5381.
fn hash_djb2(data: &[u8]) -> u32 {
    data.iter().fold(5381u32, |h, &c| {
        (h << 5).wrapping_add(h).wrapping_add(u32::from(c))
    })
}

/// `hash_wt6()`: two state words with data-dependent rotations. A shift by
/// 32 in the C code is a rotation by 0 on the machines haproxy runs on,
/// which is what `rotate_left(0)` gives.
fn hash_wt6(data: &[u8]) -> u32 {
    let mut h0: u32 = 0xa53c_965a;
    let mut h1: u32 = 0x5ca6_953a;
    let mut step0: u32 = 6;
    let mut step1: u32 = 18;
    for &c in data {
        let t = u32::from(c);
        h0 = !(h0 ^ t);
        h1 = !(h1.wrapping_add(t));
        let t = h1.rotate_left(step0);
        h1 = h0.rotate_left(step1);
        h0 = t;
        let t = ((h0 >> 16) ^ h1) & 0xffff;
        step0 = t & 0x1f;
        step1 = t >> 11;
    }
    h0 ^ h1
}

/// `hash_crc32()`: zlib's reflected CRC-32 (polynomial 0xEDB88320).
fn hash_crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &c in data {
        crc ^= u32::from(c);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xedb8_8320 & mask);
        }
    }
    !crc
}
