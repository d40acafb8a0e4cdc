//! Parsing and formatting of the values people type and read: durations, sizes,
//! `Name: Value` headers. Parsers return messages that clap shows as the reason for a usage error.

use std::time::Duration;

/// `250ms`, `2s`, `5m`, `1h30m` (humantime's grammar).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text.trim()).map_err(|_| {
        format!("'{text}' is not a duration; write one such as 250ms, 2s, 5m or 1h30m")
    })
}

/// A duration that must be longer than zero (a timeout of nothing would fail at once).
pub fn parse_positive_duration(text: &str) -> Result<Duration, String> {
    let duration = parse_duration(text)?;
    if duration.is_zero() {
        return Err("a timeout must be longer than 0; write such as 500ms or 10s".into());
    }
    Ok(duration)
}

/// A byte count with an optional unit: `1024`, `64KiB`, `10MiB`, `1GiB` (powers of 1024),
/// `64KB`, `10MB` (powers of 1000), `64K`, `10M` (powers of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (digits, unit) = trimmed.split_at(split);
    let hint = "write a size such as 1024, 64KiB or 10MiB";
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("'{text}' is not a size; {hint}"))?;
    let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        other => return Err(format!("unknown size unit '{other}'; {hint}")),
    };
    number
        .checked_mul(multiplier)
        .ok_or_else(|| format!("'{text}' is too large"))
}

/// `Name: Value`, as curl's `-H` takes it. The name must be a valid HTTP header name; the value
/// may be empty (`Name:`).
pub fn parse_header(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("'{text}' is not a header; write it as 'Name: Value'"))?;
    let name = name.trim();
    if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
        return Err(format!("'{name}' is not a valid header name"));
    }
    let value = value.trim();
    if http::HeaderValue::from_str(value).is_err() {
        return Err(format!(
            "the value of header '{name}' has characters a header cannot carry"
        ));
    }
    Ok((name.to_string(), value.to_string()))
}

/// `1,143 bytes`, `64 KiB`, `10.5 MiB`: exact below 10 KiB, where people compare byte counts.
pub fn format_size(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    if bytes < 10 * 1024 {
        return format!(
            "{} {}",
            group_thousands(bytes),
            if bytes == 1 { "byte" } else { "bytes" }
        );
    }
    let value = bytes as f64;
    let (scaled, unit) = if value < KIB * KIB {
        (value / KIB, "KiB")
    } else if value < KIB * KIB * KIB {
        (value / (KIB * KIB), "MiB")
    } else {
        (value / (KIB * KIB * KIB), "GiB")
    };
    if scaled.fract() == 0.0 {
        format!("{scaled:.0} {unit}")
    } else {
        format!("{scaled:.1} {unit}")
    }
}

/// `1 request`, `1,024 requests`: a count and the word for it, one or many.
pub fn plural(count: u64, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        group_thousands(count),
        if count == 1 { one } else { many }
    )
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_and_without_units() {
        assert_eq!(parse_size("1024"), Ok(1024));
        assert_eq!(parse_size("64KiB"), Ok(65536));
        assert_eq!(parse_size("10MiB"), Ok(10 << 20));
        assert_eq!(parse_size("10 MB"), Ok(10_000_000));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5XB").is_err());
        assert!(parse_size("99999999999999GiB").is_err());
    }

    #[test]
    fn headers_need_a_colon_and_a_valid_name() {
        assert_eq!(parse_header("X-A: b: c"), Ok(("X-A".into(), "b: c".into())));
        assert_eq!(
            parse_header("X-Empty:"),
            Ok(("X-Empty".into(), String::new()))
        );
        assert!(parse_header("nocolon").is_err());
        assert!(parse_header("bad name: x").is_err());
    }

    #[test]
    fn sizes_format_for_people() {
        assert_eq!(format_size(1), "1 byte");
        assert_eq!(format_size(1143), "1,143 bytes");
        assert_eq!(format_size(65536), "64 KiB");
        assert_eq!(format_size(10 << 20), "10 MiB");
    }
}
