//! The merged `global` section.

#[derive(Clone, Debug, Default)]
pub struct Global {}
