//! Differential harness against the real haproxy binary.
