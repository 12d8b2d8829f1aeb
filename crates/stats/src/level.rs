//! The CLI access levels: `user` < `operator` < `admin`.

/// The level of a stats socket (`level` on `stats socket`; operator when omitted) and of a CLI
/// session (lowered by the `operator` and `user` commands, never raised).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    User,
    #[default]
    Operator,
    Admin,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::User => "user",
            Level::Operator => "operator",
            Level::Admin => "admin",
        }
    }

    /// Parses the `level` argument of `stats socket`.
    pub fn from_name(s: &str) -> Option<Level> {
        match s {
            "user" => Some(Level::User),
            "operator" => Some(Level::Operator),
            "admin" => Some(Level::Admin),
            _ => None,
        }
    }
}
