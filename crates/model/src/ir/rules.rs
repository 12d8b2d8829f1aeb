//! ACLs, conditions and rules (`use_backend`, `tcp-request`, `http-request`...).

#[derive(Clone, Debug, Default)]
pub struct Acl {}

#[derive(Clone, Debug, Default)]
pub struct Condition {}
