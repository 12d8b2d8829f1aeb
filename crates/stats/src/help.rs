//! haproxy 2.6's CLI help: the usage lines of every command (the same at every level), `help`,
//! and the `Unknown command` answers with their word-fingerprint suggestions.

/// The usage lines exactly as `help` prints them, in its order (the last three, `help`, `prompt`
/// and `quit`, always close a listing).
const USAGE: &str = include_str!("help.txt");

struct Entry {
    words: Vec<&'static str>,
    line: &'static str,
}

fn entries() -> Vec<Entry> {
    USAGE
        .lines()
        .map(|line| {
            let usage = line.get(2..42).unwrap_or("");
            let words = usage
                .split_whitespace()
                .take_while(|w| !w.starts_with(['[', '<', '{', '(']))
                .collect();
            Entry { words, line }
        })
        .collect()
}

const ALWAYS: [&str; 3] = ["help", "prompt", "quit"];

/// The answer to `help [<words>]` (without the CLI's final empty line): every command, or those
/// starting with the given words, then `help`, `prompt` and `quit`.
pub fn help_text(words: &[String]) -> String {
    let mut out = String::from("The following commands are valid at this level:\n");
    for e in entries() {
        let always = ALWAYS.contains(&e.words.first().copied().unwrap_or(""));
        let n = words.len().min(e.words.len());
        if always
            || (e.words[..n].iter().zip(words).all(|(a, b)| a == b)
                && words.len() <= e.words.len().max(1))
        {
            out.push_str(e.line);
            out.push('\n');
        }
    }
    out
}

fn fingerprint(words: &[&str]) -> Vec<u16> {
    let mut fp = vec![0u16; 1024];
    for w in words {
        let mut from = 28usize;
        for c in w.bytes() {
            let to = match c.to_ascii_lowercase() {
                c @ b'a'..=b'z' => usize::from(c - b'a' + 1),
                b'0'..=b'9' => 27,
                _ => 28,
            };
            fp[to] = 1;
            fp[32 * from + to] = fp[32 * from + to].saturating_add(1);
            from = to;
        }
        fp[32 * from + 28] = fp[32 * from + 28].saturating_add(1);
    }
    fp
}

fn distance(a: &[u16], b: &[u16]) -> usize {
    a.iter()
        .zip(b)
        .map(|(x, y)| usize::from(x.abs_diff(*y)))
        .sum()
}

/// The answer to a command line that matches no command (without the final empty line): the
/// commands sharing its longest exactly-matching prefix of words, or the five nearest by word
/// fingerprint, then `help`, `prompt` and `quit`.
pub fn unknown_command(args: &[String]) -> String {
    let all = entries();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if args.is_empty() {
        let mut out =
            String::from("Unknown command. Please enter one of the following commands only:\n");
        out.push_str(USAGE);
        return out;
    }
    let mut length = 0;
    for e in &all {
        let common = e
            .words
            .iter()
            .zip(&args)
            .take_while(|(w, a)| w == a)
            .count();
        length = length.max(common);
    }
    let prefixed = |e: &Entry| e.words.len() >= length && e.words[..length] == args[..length];
    let main: Vec<&Entry> = all
        .iter()
        .filter(|e| !ALWAYS.contains(&e.words.first().copied().unwrap_or("")))
        .collect();
    let mut chosen: Vec<&str> = Vec::new();
    if args.len() > length {
        let rest = &args[length..];
        let rest_fp = fingerprint(rest);
        let rest_len: usize = rest.iter().map(|w| w.len()).sum();
        let mut matches: Vec<(usize, &str)> = Vec::new();
        for e in main.iter().filter(|e| prefixed(e)) {
            let kw = &e.words[length..];
            let dist = distance(&rest_fp, &fingerprint(kw));
            let tot = rest_len + kw.iter().map(|w| w.len()).sum::<usize>();
            if dist < 5 * tot / 2 {
                matches.push((dist, e.line));
            }
        }
        matches.sort_by_key(|m| m.0);
        matches.truncate(5);
        if let Some(best) = matches.first().map(|m| m.0) {
            chosen = matches
                .iter()
                .filter(|m| m.0 <= 5 * best / 2)
                .map(|m| m.1)
                .collect();
        }
    } else {
        chosen = main
            .iter()
            .filter(|e| prefixed(e))
            .map(|e| e.line)
            .collect();
    }
    let mut out =
        String::from("Unknown command, but maybe one of the following ones is a better match:\n");
    for e in &main {
        if chosen.contains(&e.line) {
            out.push_str(e.line);
            out.push('\n');
        }
    }
    for e in all
        .iter()
        .filter(|e| ALWAYS.contains(&e.words.first().copied().unwrap_or("")))
    {
        out.push_str(e.line);
        out.push('\n');
    }
    out
}
