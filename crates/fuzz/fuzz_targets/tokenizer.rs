//! Fuzzes the configuration tokenizer, `.if` blocks and directives: any
//! bytes must parse without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use syntax::{FileId, MapEnv};

fuzz_target!(|data: &[u8]| {
    let env = MapEnv::default()
        .with_var("HOME", "/root")
        .with_var("X", "a b");
    let _ = syntax::parse_file(FileId(0), "fuzz.cfg", data, &env);
});
