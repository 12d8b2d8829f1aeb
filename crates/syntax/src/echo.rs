//! The echo and caret lines haproxy prints under tokenizer and `.if`
//! errors (`sanitize_for_printing()`): a window of the faulty text with
//! non-printable bytes replaced, and a `^` under the faulty byte.

/// Where an error points, as haproxy reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Window {
    /// The column of the faulty byte inside the echoed text.
    pub column: usize,
}

/// Returns the printable window of `text` around byte `pos`, at most `width`
/// bytes wide, and the column of `pos` inside it.
///
/// When `pos` does not fit, haproxy centres it and marks both cut ends with
/// `...` (the trailing `...` is printed even when the text ends inside the
/// window). Blanks print as a space and other non-printable bytes as `?`.
pub(crate) fn sanitize(text: &[u8], pos: usize, width: usize) -> (String, Window) {
    let mut out = String::with_capacity(width);
    if pos < width {
        let end = text.len().min(width);
        push_printable(&mut out, &text[..end]);
        return (out, Window { column: pos });
    }
    let shift = pos - width / 2;
    out.push_str("...");
    let start = (shift + 3).min(text.len());
    let end = (shift + width - 3).min(text.len());
    push_printable(&mut out, &text[start..end.max(start)]);
    out.push_str("...");
    (
        out,
        Window {
            column: pos - shift,
        },
    )
}

fn push_printable(out: &mut String, bytes: &[u8]) {
    for &b in bytes {
        let c = match b {
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => ' ',
            0x21..=0x7e => b as char,
            _ => '?',
        };
        out.push(c);
    }
}

/// The two extra lines of a positioned error: `  <echo>` and the caret line,
/// where `prefix` is what precedes the echoed text on its line (`""` for a
/// configuration line, `.if ` / `.elif ` for conditions).
pub(crate) fn echo_lines(prefix: &str, text: &[u8], pos: usize, width: usize) -> String {
    let (shown, win) = sanitize(text, pos, width);
    let caret_width = win.column + prefix.len() + 1;
    format!("\n  {prefix}{shown}\n  {:>caret_width$}", "^")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, pos: usize, width: usize, expected: (&str, usize)) {
        let (shown, win) = sanitize(text.as_bytes(), pos, width);
        assert_eq!((shown.as_str(), win.column), expected);
    }

    #[test]
    fn short_text_is_kept() {
        check("foo \"x", 4, 80, ("foo \"x", 4));
        check("a\tb\u{1}", 0, 80, ("a b?", 0));
    }

    #[test]
    fn long_text_is_cut_without_dots_when_pos_fits() {
        let text = "x".repeat(100);
        check(&text, 79, 80, (&"x".repeat(80), 79));
    }

    #[test]
    fn shifted_window_has_dots_on_both_ends() {
        let text = format!("{}\"x", "a".repeat(80));
        let (shown, win) = sanitize(text.as_bytes(), 80, 80);
        assert_eq!(win.column, 40);
        assert_eq!(shown, format!("...{}\"x...", "a".repeat(37)));
    }

    #[test]
    fn caret_lines() {
        assert_eq!(echo_lines(".if ", b"1 2", 2, 76), "\n  .if 1 2\n        ^");
    }
}
