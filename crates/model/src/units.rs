//! Time and size units (haproxy `parse_time_err`, `parse_size_err`).
