//! Address parsing (haproxy `str2sa_range`).
