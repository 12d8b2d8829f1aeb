//! One CLI connection: bytes in, commands out, framed answers back. Lines are split at `\n`,
//! then at every unescaped `;`; words at blanks, with `\x` meaning `x` (quotes are not special
//! in haproxy 2.6's CLI). Without `prompt` the connection closes once the input read so far is
//! answered; with it, every answer is followed by `> `.

use crate::command::{parse, Command, Parsed};
use crate::help::{help_text, unknown_command};
use crate::level::Level;
use crate::outputs::show_cli_level;
use std::collections::VecDeque;

/// haproxy's `MAX_CLI_ARGS`.
const MAX_ARGS: usize = 64;

/// The CLI protocol state of one connection.
#[derive(Debug)]
pub struct Session {
    level: Level,
    prompt: bool,
    input: Vec<u8>,
    /// The commands of the line being executed, in order.
    pending: VecDeque<Vec<String>>,
    output: Vec<u8>,
    /// A command was handed out and not answered yet.
    waiting: bool,
    closing: bool,
    eof: bool,
    timeout_ms: Option<u64>,
}

impl Session {
    /// A session on a socket of the given level.
    pub fn new(level: Level) -> Session {
        Session {
            level,
            prompt: false,
            input: Vec::new(),
            pending: VecDeque::new(),
            output: Vec::new(),
            waiting: false,
            closing: false,
            eof: false,
            timeout_ms: None,
        }
    }

    /// Bytes read from the client.
    pub fn feed(&mut self, bytes: &[u8]) {
        if !self.closing {
            self.input.extend_from_slice(bytes);
        }
    }

    /// The client closed its side: no more input will come.
    pub fn feed_eof(&mut self) {
        self.eof = true;
    }

    /// The session's current level (lowered by `operator` and `user`).
    pub fn level(&self) -> Level {
        self.level
    }

    /// Whether `prompt` mode is on.
    pub fn interactive(&self) -> bool {
        self.prompt
    }

    /// The idle timeout set by `set timeout cli`, in milliseconds (`None`: `stats timeout`).
    pub fn timeout_ms(&self) -> Option<u64> {
        self.timeout_ms
    }

    /// The next command for the runtime, after answering every session-level command before it.
    /// Returns `None` while a handed-out command is unanswered, or when more input is needed.
    /// The runtime must answer each command with [`Session::answer`] before asking again.
    pub fn next_command(&mut self) -> Option<Command> {
        if self.waiting {
            return None;
        }
        loop {
            if self.closing {
                return None;
            }
            let Some(args) = self.next_words() else {
                if !self.prompt && self.input.is_empty() && self.answered_something() {
                    self.closing = true;
                }
                if self.eof {
                    self.closing = true;
                }
                return None;
            };
            match parse(&args) {
                Parsed::Run(cmd, needed) => {
                    if self.level < needed {
                        self.frame("Permission denied\n");
                        continue;
                    }
                    self.waiting = true;
                    return Some(cmd);
                }
                Parsed::Prompt => {
                    self.prompt = !self.prompt;
                    self.frame("");
                }
                Parsed::Quit => {
                    self.closing = true;
                    self.pending.clear();
                    return None;
                }
                Parsed::SetTimeout(Ok(ms)) => {
                    self.timeout_ms = Some(ms);
                    self.frame("");
                }
                Parsed::SetTimeout(Err(e)) => self.frame(e),
                Parsed::Lower(l) => {
                    if l > self.level {
                        self.frame("Permission denied\n");
                    } else {
                        self.level = l;
                        self.frame("");
                    }
                }
                Parsed::CliLevel => {
                    let t = show_cli_level(self.level);
                    self.frame(&t);
                }
                Parsed::Help => self.frame(&help_text(&args[1..])),
                Parsed::Unknown => self.frame(&unknown_command(&args)),
            }
        }
    }

    /// The runtime's answer to the command last returned by [`Session::next_command`], without
    /// the final empty line (`""` for commands with no output).
    pub fn answer(&mut self, text: &str) {
        self.waiting = false;
        self.frame(text);
    }

    /// The bytes to send to the client now.
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.output)
    }

    /// True once the connection must be closed after the pending output is sent (`quit`, the
    /// end of a non-interactive request, or the client's end of input).
    pub fn should_close(&self) -> bool {
        self.closing && !self.waiting
    }

    fn answered_something(&self) -> bool {
        // A non-interactive session closes after its first request line.
        true
    }

    fn frame(&mut self, text: &str) {
        self.output.extend_from_slice(text.as_bytes());
        self.output.push(b'\n');
        if self.prompt {
            self.output.extend_from_slice(b"> ");
        }
    }

    /// The words of the next command: the rest of the current line, or the next complete line.
    fn next_words(&mut self) -> Option<Vec<String>> {
        if let Some(args) = self.pending.pop_front() {
            return Some(args);
        }
        let end = self.input.iter().position(|&b| b == b'\n')?;
        let mut line: Vec<u8> = self.input.drain(..=end).collect();
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        for part in split_commands(&line) {
            self.pending.push_back(words(&part));
        }
        self.pending.pop_front()
    }
}

/// Splits a line at every `;` not escaped by a backslash.
pub fn split_commands(line: &[u8]) -> Vec<Vec<u8>> {
    let mut parts = Vec::new();
    let mut cur = Vec::new();
    let mut i = 0;
    while i < line.len() {
        match line[i] {
            b'\\' => {
                cur.push(b'\\');
                if let Some(&n) = line.get(i + 1) {
                    cur.push(n);
                }
                i += 2;
                continue;
            }
            b';' => parts.push(std::mem::take(&mut cur)),
            b => cur.push(b),
        }
        i += 1;
    }
    parts.push(cur);
    parts
}

/// Splits one command into words at spaces and tabs; `\x` is `x` (so `\ ` and `\;` stay in
/// the word).
pub fn words(cmd: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    let mut in_word = false;
    let mut i = 0;
    while i < cmd.len() && out.len() < MAX_ARGS {
        match cmd[i] {
            b' ' | b'\t' => {
                if in_word {
                    out.push(String::from_utf8_lossy(&std::mem::take(&mut cur)).into_owned());
                    in_word = false;
                }
            }
            b'\\' => {
                in_word = true;
                if let Some(&n) = cmd.get(i + 1) {
                    cur.push(n);
                }
                i += 1;
            }
            b => {
                in_word = true;
                cur.push(b);
            }
        }
        i += 1;
    }
    if in_word && out.len() < MAX_ARGS {
        out.push(String::from_utf8_lossy(&cur).into_owned());
    }
    out
}
