//! The hash functions against values printed by haproxy 2.6.12's own
//! converters (`sdbm`, `djb2`, `wt6`, `crc32`, and `sdbm(1)`/`wt6(1)` for
//! the avalanche `full_hash()`), plus the reference §4.7 values.

use lb::{full_hash, hash_bytes, source_key, HashFn};
use std::net::IpAddr;

/// (input, sdbm, djb2, wt6, crc32, full_hash(sdbm), full_hash(wt6))
const OBSERVED: &[(&str, [u32; 6])] = &[
    (
        "a",
        [97, 177670, 1900802597, 3904355907, 1830748055, 1986649387],
    ),
    (
        "abc",
        [
            807794786, 193485963, 2483038440, 891568578, 659243622, 266135527,
        ],
    ),
    (
        "/a",
        [
            3083250, 5861557, 1404582375, 1768979292, 1743195586, 652714202,
        ],
    ),
    (
        "/abc",
        [
            3135654771, 2088271610, 4175322074, 326170788, 2611440265, 2702208831,
        ],
    ),
    (
        "123456789",
        [
            1755344949, 902675330, 2225171485, 3421780262, 3400502718, 4053691039,
        ],
    ),
    (
        "haproxy.1wt.eu",
        [
            3573640649, 1429640482, 1353059386, 317446440, 2076999512, 592045559,
        ],
    ),
    (
        "hello world",
        [
            430867652, 894552257, 1866899626, 222957957, 261123301, 2174767729,
        ],
    ),
    (
        "/images/logo.png",
        [
            713581038, 3368543325, 3116080871, 1552048426, 3707622295, 1541819453,
        ],
    ),
    (
        "xyzzy-0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [
            4219557248, 280111881, 173447409, 1979196866, 2464244659, 2758417199,
        ],
    ),
];

#[test]
fn byte_hashes_match_haproxy_converters() {
    for (input, [sdbm, djb2, wt6, crc32, aval_sdbm, aval_wt6]) in OBSERVED {
        let d = input.as_bytes();
        assert_eq!(hash_bytes(HashFn::Sdbm, d), *sdbm, "sdbm {input}");
        assert_eq!(hash_bytes(HashFn::Djb2, d), *djb2, "djb2 {input}");
        assert_eq!(hash_bytes(HashFn::Wt6, d), *wt6, "wt6 {input}");
        assert_eq!(hash_bytes(HashFn::Crc32, d), *crc32, "crc32 {input}");
        assert_eq!(full_hash(*sdbm), *aval_sdbm, "full_hash(sdbm) {input}");
        assert_eq!(full_hash(*wt6), *aval_wt6, "full_hash(wt6) {input}");
    }
}

#[test]
fn reference_uri_hashes() {
    // §4.7, observed with `balance uri` over 3 servers.
    let cases = [
        ("/", 47),
        ("/a", 3083250),
        ("/abc", 3135654771),
        ("/index.html", 858007926),
        ("/foo", 3177815095),
        ("/x/y/z", 2943817246),
        ("/images/logo.png", 713581038),
    ];
    for (uri, h) in cases {
        assert_eq!(hash_bytes(HashFn::Sdbm, uri.as_bytes()), h, "{uri}");
    }
    assert_eq!(hash_bytes(HashFn::Crc32, b"123456789"), 0xCBF4_3926);
}

#[test]
fn empty_input_hashes_to_each_function_start() {
    assert_eq!(hash_bytes(HashFn::Sdbm, b""), 0);
    assert_eq!(hash_bytes(HashFn::Djb2, b""), 5381);
    assert_eq!(hash_bytes(HashFn::Crc32, b""), 0);
    assert_eq!(hash_bytes(HashFn::Wt6, b""), 0xa53c_965a ^ 0x5ca6_953a);
}

#[test]
fn source_keys() {
    let v4: IpAddr = "127.0.0.1".parse().unwrap();
    assert_eq!(source_key(v4), 0x7F00_0001);
    let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
    assert_eq!(source_key(mapped), 0x0000_FFFF ^ 0x7F00_0001);
    let v6: IpAddr = "2001:db8::1:2".parse().unwrap();
    assert_eq!(source_key(v6), 0x2001_0db8 ^ 0x0001_0002);
}
