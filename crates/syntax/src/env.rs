//! What the tokenizer needs from the outside world, passed in so that the
//! crate stays pure: environment variables and the facts `.if` predicates
//! test (`defined`, `feature`, `version_atleast`, ...).

/// The environment and build facts seen by the tokenizer and `.if`.
pub trait Env {
    /// The value of an environment variable, `None` when unset.
    fn var(&self, name: &[u8]) -> Option<Vec<u8>>;
    /// Whether `+NAME` appears in the `-vv` feature list.
    fn feature(&self, name: &str) -> bool;
    /// The version compared by `version_atleast` / `version_before`.
    fn version(&self) -> &str {
        crate::HAPROXY_VERSION
    }
    /// The TLS library version for `openssl_version_atleast/before`.
    fn ssllib_version(&self) -> &str {
        "3.0.0"
    }
    /// The TLS library name for `ssllib_name_startswith`.
    fn ssllib_name(&self) -> &str {
        "OpenSSL"
    }
}

/// A fixed environment for tests and fuzzing.
#[derive(Clone, Debug, Default)]
pub struct MapEnv {
    pub vars: Vec<(Vec<u8>, Vec<u8>)>,
    pub features: Vec<String>,
}

impl MapEnv {
    pub fn with_var(mut self, name: &str, value: &str) -> MapEnv {
        self.vars
            .push((name.as_bytes().to_vec(), value.as_bytes().to_vec()));
        self
    }
}

impl Env for MapEnv {
    fn var(&self, name: &[u8]) -> Option<Vec<u8>> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
    fn feature(&self, name: &str) -> bool {
        self.features.iter().any(|f| f == name)
    }
}
