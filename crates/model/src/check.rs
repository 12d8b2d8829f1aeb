//! Post-parse validation (haproxy's `check_config_validity`): name
//! resolution, duplicate names, mode mismatches, missing timeouts.

use crate::cx::Cx;

pub fn check_config_validity(_cx: &mut Cx) {}
