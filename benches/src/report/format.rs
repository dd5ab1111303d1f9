//! Number formatting for the report: thousands separators, units, rounding.

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A rate rounded to a whole number: `447480.4` → `447,480/s`.
pub fn rate(per_sec: f64) -> String {
    format!("{}/s", thousands(per_sec.max(0.0).round() as u64))
}

/// Microseconds: `1106` → `1,106 µs`.
pub fn micros(us: u64) -> String {
    format!("{} µs", thousands(us))
}

/// Seconds with a precision that suits the value: `0.0123` → `12.3 ms`, `67.2` → `67.2 s`.
pub fn seconds(secs: f64) -> String {
    if secs < 1.0 { format!("{:.1} ms", secs * 1e3) } else { format!("{secs:.1} s") }
}

/// A ratio with two decimals.
pub fn ratio(x: f64) -> String {
    format!("{x:.2}")
}

/// Nanoseconds as Criterion reports them: `79.2 ns`, `1.27 µs`.
pub fn nanos(ns: f64) -> String {
    if ns < 1_000.0 {
        format!("{ns:.1} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{:.2} ms", ns / 1e6)
    }
}

/// A subscriber count in short form for axis labels and row labels: `10k`, `1M`, `10M`.
pub fn count_short(n: u64) -> String {
    match n {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000_000 => format!("{:.1}M", n as f64 / 1e6),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n if n >= 1_000 => format!("{:.1}k", n as f64 / 1e3),
        n => n.to_string(),
    }
}

/// Escapes a value for a Markdown table cell.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(rate(447_480.4), "447,480/s");
        assert_eq!(micros(1106), "1,106 µs");
        assert_eq!(seconds(0.01234), "12.3 ms");
        assert_eq!(seconds(67.25), "67.2 s");
        assert_eq!(ratio(0.8312), "0.83");
        assert_eq!(nanos(79.24), "79.2 ns");
        assert_eq!(nanos(1_270.0), "1.27 µs");
        assert_eq!(count_short(10_000), "10k");
        assert_eq!(count_short(2_500), "2.5k");
        assert_eq!(count_short(10_000_000), "10M");
        assert_eq!(count_short(12), "12");
        assert_eq!(cell("a|b"), "a\\|b");
    }
}
