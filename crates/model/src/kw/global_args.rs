//! Argument helpers shared by the `global` keyword parsers: haproxy's
//! `alertif_too_many_args`, the "expects an integer argument" check and the
//! time-value messages, each worded exactly as haproxy 2.6 words them.

use crate::cx::Cx;
use crate::units::{self, TimeError, TimeUnit};
use syntax::{Diagnostic, Line};

/// `alertif_too_many_args(max)`: a fatal alert when a word follows the
/// `max` arguments. Returns true when the line must be ignored.
pub(crate) fn too_many(cx: &mut Cx, line: &Line, max: usize) -> bool {
    let extra = line.word(max + 1);
    if extra.is_empty() {
        return false;
    }
    let kw = line.word(0);
    cx.parse_fatal(
        line,
        format!("'{kw}' cannot handle unexpected argument '{extra}'."),
    );
    true
}

/// The first argument read with `atol`, or the "expects an integer
/// argument" alert when it is missing.
pub(crate) fn int_arg(cx: &mut Cx, line: &Line) -> Option<i64> {
    let text = line.word(1);
    if text.is_empty() {
        let kw = line.word(0);
        cx.parse_fatal(line, format!("'{kw}' expects an integer argument."));
        return None;
    }
    Some(units::atoi_like(&text))
}

/// The non-fatal "already specified" alert haproxy emits when a setting is
/// given twice; the first value is kept.
pub(crate) fn already(cx: &mut Cx, line: &Line, what: &str) {
    let text = format!(
        "parsing [{}] : {what} already specified. Continuing.",
        cx.loc(line)
    );
    cx.push(Diagnostic::alert(Some(line.span), text));
}

/// `parsing [f:l]: msg` (no blank before the colon) as a fatal alert.
pub(crate) fn fatal_tight(cx: &mut Cx, line: &Line, msg: impl AsRef<str>) {
    let text = format!("parsing [{}]: {}", cx.loc(line), msg.as_ref());
    cx.push(Diagnostic::fatal(Some(line.span), text));
}

/// A time argument in milliseconds for `hard-stop-after`, `grace` and
/// friends: "expects <time> as argument." when missing, "unexpected
/// character" otherwise. Both messages end with an empty line in 2.6.
pub(crate) fn time_arg(cx: &mut Cx, line: &Line, unit: TimeUnit) -> Option<u32> {
    let kw = line.word(0).into_owned();
    let text = line.word(1);
    if text.is_empty() {
        cx.parse_fatal(line, format!("'{kw}' expects <time> as argument.\n"));
        return None;
    }
    match units::parse_time(&text, unit) {
        Ok(t) => {
            time_warning(cx, t.warning);
            Some(t.value)
        }
        Err(e) => {
            cx.parse_fatal(line, time_error(&kw, &text, e));
            None
        }
    }
}

/// The message for a time value haproxy refused, for `<kw>`.
pub(crate) fn time_error(kw: &str, text: &str, e: TimeError) -> String {
    match e {
        TimeError::Overflow => format!(
            "timer overflow in argument <{text}> to <{kw}> (maximum value is 2147483647 ms or ~24.8 days)\n"
        ),
        TimeError::Underflow => format!(
            "timer underflow in argument <{text}> to <{kw}> (minimum non-null value is 1 ms)\n"
        ),
        TimeError::Char(c, _) => format!(
            "unexpected character '{}' in argument to <{kw}>.\n",
            c.map(String::from).unwrap_or_default()
        ),
    }
}

/// haproxy 2.6 warns (without file context) about garbage after a unit.
pub(crate) fn time_warning(cx: &mut Cx, warning: Option<String>) {
    if let Some(w) = warning {
        cx.push(Diagnostic::warning(None, w));
    }
}

/// A user or group name looked up through the host, with haproxy's
/// `getpwnam`-failure message (errno is 0 for an unknown name).
pub(crate) fn lookup_id(cx: &mut Cx, line: &Line, group: bool) -> Option<u32> {
    let name = line.word(1).into_owned();
    let id = if group {
        cx.host.group_id(&name)
    } else {
        cx.host.user_id(&name)
    };
    if id.is_none() {
        let what = if group { "group" } else { "user" };
        cx.parse_fatal(
            line,
            format!("cannot find {what} id for '{name}' (0:Success)"),
        );
    }
    id
}
