//! Checks the dependency rules of docs/ARCHITECTURE.md against
//! `cargo metadata`: syntax and lb depend on nothing of ours, model only
//! on syntax, runtime on syntax, model and lb (never tokio), cli on
//! syntax, model and runtime, and anyhow only in cli. The JSON is read with a
//! tiny parser below rather than serde_json, to keep the workspace's
//! dependency list short for a single test.

use std::collections::BTreeMap;
use std::process::Command;

#[derive(Debug)]
enum Json {
    Null,
    Bool,
    Num,
    Str(String),
    Arr(Vec<Json>),
    Obj(BTreeMap<String, Json>),
}

impl Json {
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m.get(key),
            _ => None,
        }
    }
    fn str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
    fn arr(&self) -> &[Json] {
        match self {
            Json::Arr(a) => a,
            _ => &[],
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|b| b.is_ascii_whitespace()) {
            self.i += 1;
        }
    }
    fn eat(&mut self, b: u8) -> bool {
        self.ws();
        let hit = self.s.get(self.i) == Some(&b);
        self.i += usize::from(hit);
        hit
    }
    fn value(&mut self) -> Json {
        self.ws();
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut m = BTreeMap::new();
                while !self.eat(b'}') {
                    self.eat(b',');
                    let Json::Str(k) = self.value() else {
                        panic!("object key")
                    };
                    assert!(self.eat(b':'), "colon at {}", self.i);
                    m.insert(k, self.value());
                }
                Json::Obj(m)
            }
            Some(b'[') => {
                self.i += 1;
                let mut a = Vec::new();
                while !self.eat(b']') {
                    self.eat(b',');
                    a.push(self.value());
                }
                Json::Arr(a)
            }
            Some(b'"') => Json::Str(self.string()),
            Some(b't') => self.word("true", Json::Bool),
            Some(b'f') => self.word("false", Json::Bool),
            Some(b'n') => self.word("null", Json::Null),
            _ => {
                while self
                    .s
                    .get(self.i)
                    .is_some_and(|b| b"+-.eE0123456789".contains(b))
                {
                    self.i += 1;
                }
                Json::Num
            }
        }
    }
    fn word(&mut self, w: &str, v: Json) -> Json {
        self.i += w.len();
        v
    }
    fn string(&mut self) -> String {
        self.i += 1;
        let mut out = Vec::new();
        while let Some(&b) = self.s.get(self.i) {
            self.i += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    // Escapes only occur in descriptions; keep them raw.
                    out.push(b);
                    if let Some(&n) = self.s.get(self.i) {
                        out.push(n);
                        self.i += 1;
                    }
                }
                _ => out.push(b),
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// Package name -> names of its normal (non-dev) dependencies.
fn workspace_deps() -> BTreeMap<String, Vec<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo metadata");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = Parser {
        s: &out.stdout,
        i: 0,
    }
    .value();
    let mut map = BTreeMap::new();
    for pkg in json.get("packages").map(Json::arr).unwrap_or_default() {
        let name = pkg
            .get("name")
            .and_then(Json::str)
            .unwrap_or("")
            .to_string();
        let deps = pkg
            .get("dependencies")
            .map(Json::arr)
            .unwrap_or_default()
            .iter()
            .filter(|d| d.get("kind").and_then(Json::str).is_none())
            .filter_map(|d| d.get("name").and_then(Json::str).map(str::to_string))
            .collect();
        map.insert(name, deps);
    }
    map
}

const OURS: &[&str] = &[
    "portcullis-syntax",
    "portcullis-model",
    "portcullis-cli",
    "portcullis-lb",
    "portcullis-checks",
    "portcullis-stats",
    "portcullis-runtime",
    "portcullis-testkit",
    "compat-tests",
];

fn ours_of(deps: &[String]) -> Vec<&str> {
    let mut v: Vec<&str> = deps
        .iter()
        .map(String::as_str)
        .filter(|d| OURS.contains(d))
        .collect();
    v.sort_unstable();
    v
}

#[test]
fn crate_dependency_rules_hold() {
    let deps = workspace_deps();
    let of = |name: &str| {
        deps.get(name)
            .unwrap_or_else(|| panic!("package {name} missing from the workspace"))
    };
    assert_eq!(
        ours_of(of("portcullis-syntax")),
        Vec::<&str>::new(),
        "syntax depends on nothing of ours"
    );
    assert_eq!(
        ours_of(of("portcullis-model")),
        ["portcullis-syntax"],
        "model depends only on syntax"
    );
    assert_eq!(
        ours_of(of("portcullis-lb")),
        Vec::<&str>::new(),
        "lb depends on nothing of ours"
    );
    assert_eq!(
        ours_of(of("portcullis-stats")),
        Vec::<&str>::new(),
        "stats depends on nothing of ours"
    );
    assert_eq!(
        ours_of(of("portcullis-checks")),
        ["portcullis-model"],
        "checks depends only on model"
    );
    assert_eq!(
        ours_of(of("portcullis-runtime")),
        [
            "portcullis-checks",
            "portcullis-lb",
            "portcullis-model",
            "portcullis-syntax"
        ],
        "runtime depends on syntax, model, lb and checks"
    );
    assert!(
        !of("portcullis-runtime").iter().any(|d| d == "tokio"),
        "tokio is for tooling, never the data plane"
    );
    assert_eq!(
        ours_of(of("portcullis-cli")),
        [
            "portcullis-model",
            "portcullis-runtime",
            "portcullis-syntax"
        ],
        "cli depends on syntax, model and runtime"
    );
    assert_eq!(
        ours_of(of("compat-tests")),
        Vec::<&str>::new(),
        "the harness drives binaries, not our crates"
    );
    for (name, list) in &deps {
        if name != "portcullis-cli" {
            assert!(
                !list.iter().any(|d| d == "anyhow"),
                "{name} uses anyhow: only the cli may"
            );
        }
    }
}
