//! Time and size units and haproxy's lenient number readers: `parse_time_err`
//! and `parse_size_err` from src/tools.c, and the libc `atoi`/`atol`/`strtol`
//! semantics haproxy relies on when it accepts garbage silently.
//!
//! These functions return what went wrong, never a message: every caller
//! words its own message around the offending character, as haproxy does.

/// The unit a time value is expressed in when it has no suffix, and the unit
/// the result is converted to (haproxy's `TIME_UNIT_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeUnit {
    Us,
    Ms,
    S,
    Min,
    Hour,
    Day,
}

/// Why `parse_time_err` refused a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeError {
    /// The character haproxy's returned pointer designates (`None` when it
    /// points at the end of the string, e.g. an empty value), and its byte
    /// offset in the text.
    Char(Option<char>, usize),
    /// The result does not fit a signed 32-bit tick count.
    Overflow,
    /// A non-zero value rounds to zero in the target unit.
    Underflow,
}

/// A successfully parsed time value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Time {
    pub value: u32,
    /// haproxy 2.6 tolerates garbage after a valid unit (`10sx`) but emits
    /// this warning, without any file/line context, while parsing.
    pub warning: Option<String>,
}

/// haproxy's `parse_time_err`: digits then an optional unit among `us`, `ms`,
/// `s`, `m`, `h`, `d`; the result is expressed in `unit`, rounded up. The
/// digit accumulator wraps like haproxy's `unsigned long long`.
pub fn parse_time(text: &str, unit: TimeUnit) -> Result<Time, TimeError> {
    let b = text.as_bytes();
    let err_at = |i: usize| TimeError::Char(text.get(i..).and_then(|s| s.chars().next()), i);
    if !b.first().is_some_and(u8::is_ascii_digit) {
        return Err(err_at(0));
    }
    let (mut omult, mut odiv): (u64, u64) = match unit {
        TimeUnit::Us => (1_000_000, 1),
        TimeUnit::Ms => (1000, 1),
        TimeUnit::S => (1, 1),
        TimeUnit::Min => (1, 60),
        TimeUnit::Hour => (1, 3600),
        TimeUnit::Day => (1, 86400),
    };
    let mut i = 0;
    let mut value: u64 = 0;
    while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
        value = value.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
        i += 1;
    }
    let (mut imult, mut idiv): (u64, u64) = (1, 1);
    let mut warning = None;
    match b.get(i) {
        None => {
            // No unit: the value is already in the caller's unit.
            omult = 1;
            odiv = 1;
        }
        Some(&c) => {
            match (c, b.get(i + 1)) {
                (b's', _) => {}
                (b'u', Some(b's')) => {
                    idiv = 1_000_000;
                    i += 1;
                }
                (b'm', Some(b's')) => {
                    idiv = 1000;
                    i += 1;
                }
                (b'm', _) => imult = 60,
                (b'h', _) => imult = 3600,
                (b'd', _) => imult = 86400,
                _ => return Err(err_at(i)),
            }
            i += 1;
            if i < b.len() {
                let c = text.get(i..).and_then(|s| s.chars().next()).unwrap_or('?');
                warning = Some(format!(
                    "unexpected character '{c}' after the timer value '{text}', only \
                     (us=microseconds,ms=milliseconds,s=seconds,m=minutes,h=hours,d=days) \
                     are supported. This will be reported as an error in next versions."
                ));
            }
        }
    }
    if omult % idiv == 0 {
        omult /= idiv;
        idiv = 1;
    }
    if idiv % omult == 0 {
        idiv /= omult;
        omult = 1;
    }
    if imult % odiv == 0 {
        imult /= odiv;
        odiv = 1;
    }
    if odiv % imult == 0 {
        odiv /= imult;
        imult = 1;
    }
    let div = idiv * odiv;
    let result = value.wrapping_mul(imult * omult).wrapping_add(div - 1) / div;
    if result >= 0x8000_0000 {
        return Err(TimeError::Overflow);
    }
    if result == 0 && value != 0 {
        return Err(TimeError::Underflow);
    }
    Ok(Time {
        value: result as u32,
        warning,
    })
}

/// haproxy's `parse_size_err`: digits then an optional `k`/`m`/`g` (either
/// case) multiplier by 1024, 1024², 1024³, into an unsigned 32-bit value.
/// On error, returns the offending character and its offset (overflow
/// points at the digit or unit that overflowed, as haproxy does).
pub fn parse_size(text: &str) -> Result<u32, (Option<char>, usize)> {
    let b = text.as_bytes();
    let err_at = |i: usize| (text.get(i..).and_then(|s| s.chars().next()), i);
    if !b.first().is_some_and(u8::is_ascii_digit) {
        return Err(err_at(0));
    }
    let mut i = 0;
    let mut value: u32 = 0;
    while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u32::from(d - b'0')))
            .ok_or_else(|| err_at(i))?;
        i += 1;
    }
    let shift = match b.get(i) {
        None => 0,
        Some(b'k' | b'K') => 10,
        Some(b'm' | b'M') => 20,
        Some(b'g' | b'G') => 30,
        Some(_) => return Err(err_at(i)),
    };
    if shift > 0 {
        if value > u32::MAX >> shift {
            return Err(err_at(i));
        }
        value <<= shift;
        if i + 1 < b.len() {
            return Err(err_at(i + 1));
        }
    }
    Ok(value)
}

/// libc `strtol(s, &end, 10)` on a 64-bit system: leading white space, an
/// optional sign, digits; saturates at the `i64` bounds. Returns the value
/// and the number of bytes consumed (0 when no digit was found).
pub fn strtol(text: &str) -> (i64, usize) {
    let b = text.as_bytes();
    let mut i = 0;
    while b
        .get(i)
        .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
    {
        i += 1;
    }
    let neg = match b.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let start = i;
    let mut acc: i64 = 0;
    let mut saturated = false;
    while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
        let d = i64::from(d - b'0');
        if !saturated {
            let next = acc.checked_mul(10).and_then(|v| {
                if neg {
                    v.checked_sub(d)
                } else {
                    v.checked_add(d)
                }
            });
            match next {
                Some(v) => acc = v,
                None => {
                    acc = if neg { i64::MIN } else { i64::MAX };
                    saturated = true;
                }
            }
        }
        i += 1;
    }
    if i == start {
        return (0, 0);
    }
    (acc, i)
}

/// libc `atol`: `strtol` ignoring where it stopped, so `"12abc"` is 12 and
/// `"abc"` is 0. haproxy reads many numeric arguments this way.
pub fn atoi_like(text: &str) -> i64 {
    strtol(text).0
}

/// libc `atoi` as glibc implements it: `(int)strtol(...)`, so values past
/// the `int` range wrap after saturating at the `long` bounds.
pub fn atoi(text: &str) -> i32 {
    atoi_like(text) as i32
}

/// haproxy's `strl2uic`/`read_uint` family used for ports and ids: leading
/// digits only, wrapping into an unsigned 32-bit value; stops at the first
/// non-digit and returns how many bytes were read.
pub fn read_uint(text: &str) -> (u32, usize) {
    let mut v: u32 = 0;
    let mut n = 0;
    for &c in text.as_bytes() {
        if !c.is_ascii_digit() {
            break;
        }
        v = v.wrapping_mul(10).wrapping_add(u32::from(c - b'0'));
        n += 1;
    }
    (v, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_time(input: &str, unit: TimeUnit, expected: Result<u32, TimeError>) {
        assert_eq!(
            parse_time(input, unit).map(|t| t.value),
            expected,
            "{input}"
        );
    }

    #[test]
    fn time_units_convert_and_round_up() {
        check_time("10", TimeUnit::Ms, Ok(10));
        check_time("10s", TimeUnit::Ms, Ok(10_000));
        check_time("10m", TimeUnit::Ms, Ok(600_000));
        check_time("1d", TimeUnit::Ms, Ok(86_400_000));
        check_time("1us", TimeUnit::Ms, Ok(1));
        check_time("1500ms", TimeUnit::S, Ok(2));
        check_time("2h", TimeUnit::S, Ok(7200));
        check_time("0", TimeUnit::Ms, Ok(0));
        check_time("2147483647", TimeUnit::Ms, Ok(2_147_483_647));
    }

    #[test]
    fn time_errors_match_haproxy() {
        check_time("2147483648", TimeUnit::Ms, Err(TimeError::Overflow));
        check_time("25d", TimeUnit::Ms, Err(TimeError::Overflow));
        // The accumulator wraps: 2^64 + 1 reads as 1, as in haproxy.
        check_time("18446744073709551617", TimeUnit::Ms, Ok(1));
        check_time("10Ms", TimeUnit::Ms, Err(TimeError::Char(Some('M'), 2)));
        check_time("1.5s", TimeUnit::Ms, Err(TimeError::Char(Some('.'), 1)));
        check_time("x1", TimeUnit::Ms, Err(TimeError::Char(Some('x'), 0)));
        check_time("", TimeUnit::Ms, Err(TimeError::Char(None, 0)));
        check_time("10u", TimeUnit::Ms, Err(TimeError::Char(Some('u'), 2)));
    }

    #[test]
    fn trailing_garbage_after_unit_is_a_warning() {
        let t = parse_time("10sx", TimeUnit::Ms);
        assert_eq!(t.as_ref().map(|t| t.value), Ok(10_000));
        let w = t.ok().and_then(|t| t.warning).unwrap_or_default();
        assert!(w.starts_with("unexpected character 'x' after the timer value '10sx', only"));
        assert_eq!(
            parse_time("10s", TimeUnit::Ms).ok().and_then(|t| t.warning),
            None
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("16384"), Ok(16384));
        assert_eq!(parse_size("16k"), Ok(16384));
        assert_eq!(parse_size("1M"), Ok(1 << 20));
        assert_eq!(parse_size("3g"), Ok(3 << 30));
        assert_eq!(parse_size("4g"), Err((Some('g'), 1)));
        assert_eq!(parse_size("1kb"), Err((Some('b'), 2)));
        assert_eq!(parse_size("1x"), Err((Some('x'), 1)));
        assert_eq!(parse_size("4294967296"), Err((Some('6'), 9)));
        assert_eq!(parse_size(""), Err((None, 0)));
    }

    #[test]
    fn libc_number_readers() {
        assert_eq!(atoi_like("12abc"), 12);
        assert_eq!(atoi_like("abc"), 0);
        assert_eq!(atoi_like("  -7"), -7);
        assert_eq!(atoi_like("+3"), 3);
        assert_eq!(atoi_like("99999999999999999999"), i64::MAX);
        assert_eq!(atoi("4294967297"), 1);
        assert_eq!(strtol("x"), (0, 0));
        assert_eq!(strtol(" 42z"), (42, 3));
        assert_eq!(read_uint("80-90"), (80, 2));
    }
}
