//! Fuzzes the whole lowering: reader, registry dispatch, every keyword
//! parser and the post-parse checks, on a host made of fixed tables.
#![no_main]

use libfuzzer_sys::fuzz_target;
use model::cx::ProcEnv;
use model::{Builder, Options, SystemLikeHost};

fuzz_target!(|data: &[u8]| {
    let host = SystemLikeHost {
        hosts: vec![("localhost".into(), [127, 0, 0, 1].into())],
        files: vec![("/etc/ssl/x.pem".into(), b"not a certificate".to_vec())],
        ..SystemLikeHost::default()
    };
    let mut builder = Builder::new(&host, Options::default(), ProcEnv::default());
    let _ = builder.add_file("fuzz.cfg", data);
    let _ = builder.finish();
});
