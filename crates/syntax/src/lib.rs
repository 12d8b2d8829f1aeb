//! haproxy.cfg syntax: bytes in, lines of words out, exactly as haproxy 2.6's
//! `readcfgfile()` / `parse_line()` split them, with `.if` blocks and message
//! directives already applied.
//!
//! Pure: the crate never opens files and never reads the process
//! environment; both come in from the caller (see [`Env`]). Parsing never
//! fails: it returns what it could read plus every diagnostic.

pub mod ast;
pub mod cond;
pub mod diag;
mod directive;
mod echo;
pub mod env;
pub mod reader;
pub mod tokenizer;

pub use ast::{ConfigFile, Event, Line, Modifier, Section, SectionKind};
pub use cond::eval_condition;
pub use diag::{Diagnostic, Diagnostics, ErrCode, FileId, Level, Span};
pub use env::{Env, MapEnv};
pub use reader::{parse_file, Reader};

/// The haproxy version we answer to in `.if version_atleast()` and `-v`.
pub const HAPROXY_VERSION: &str = "2.6.12";
