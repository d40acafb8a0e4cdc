//! The one place hookcli reads the time and makes identifiers, so both stay consistent across
//! the store, the printer and every command.

use std::sync::Mutex;
use std::time::SystemTime;

static IDS: Mutex<Option<ulid::Generator>> = Mutex::new(None);

/// The current time.
pub fn now() -> SystemTime {
    SystemTime::now()
}

/// A new capture id: a ULID, sortable by time across processes and strictly increasing within one.
pub fn new_id(at: SystemTime) -> String {
    let mut guard = IDS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let generator = guard.get_or_insert_with(ulid::Generator::new);
    // The generator fails only when 2^80 ids were made in one millisecond; a fresh random id
    // is still unique then.
    generator
        .generate_from_datetime(at)
        .unwrap_or_else(|_| ulid::Ulid::from_datetime(at))
        .to_string()
}

/// RFC 3339 in UTC with milliseconds: `2026-11-27T11:40:01.123Z`. Written by hand because
/// `listen` stamps every request with it; times before 1970 or after 9999 are humantime's.
pub fn rfc3339_millis(at: SystemTime) -> String {
    let Some(millis) = at
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_millis())
        .filter(|&ms| ms < 253_402_300_800_000)
    else {
        return humantime::format_rfc3339_millis(at).to_string();
    };
    let (days, of_day) = ((millis / 86_400_000) as i64, (millis % 86_400_000) as u32);
    let (year, month, day) = civil_from_days(days);
    let mut text = [0u8; 24];
    let mut put = |at: usize, value: u32, digits: usize| {
        for i in 0..digits {
            text[at + digits - 1 - i] = b'0' + (value / 10u32.pow(i as u32) % 10) as u8;
        }
    };
    put(0, year as u32, 4);
    put(5, month, 2);
    put(8, day, 2);
    put(11, of_day / 3_600_000, 2);
    put(14, of_day / 60_000 % 60, 2);
    put(17, of_day / 1000 % 60, 2);
    put(20, of_day % 1000, 3);
    for (at, separator) in [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
    ] {
        text[at] = separator;
    }
    text[23] = b'Z';
    String::from_utf8(text.to_vec()).expect("digits and separators are ASCII")
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// An RFC 3339 time with any offset (`2024-01-01T10:00:00.123+01:00`, `...Z`), as HAR files
/// from other tools write them.
pub fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    if text.ends_with('Z') || text.ends_with('z') {
        return humantime::parse_rfc3339_weak(&text[..text.len() - 1]).ok();
    }
    let time_starts = text.find('T').or_else(|| text.find('t'))?;
    let sign_at = text[time_starts..].rfind(['+', '-'])? + time_starts;
    let (local, offset) = text.split_at(sign_at);
    let (hours, minutes) = offset[1..].split_once(':').unwrap_or((&offset[1..], "0"));
    let seconds = hours.parse::<u64>().ok()? * 3600 + minutes.parse::<u64>().ok()? * 60;
    let local = humantime::parse_rfc3339_weak(local).ok()?;
    let shift = std::time::Duration::from_secs(seconds);
    // Local time ahead of UTC (+01:00) is an earlier instant.
    if offset.starts_with('+') {
        local.checked_sub(shift)
    } else {
        local.checked_add(shift)
    }
}

/// Seconds since the Unix epoch.
pub fn unix_seconds(at: SystemTime) -> u64 {
    at.duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A random number, for retry jitter and delivery ids.
pub fn random_u64() -> u64 {
    fastrand::u64(..)
}

/// A random UUID (version 4) in its usual text form, as some senders use for delivery ids.
pub fn new_uuid() -> String {
    let high = random_u64();
    let low = random_u64();
    let bytes: Vec<u8> = high
        .to_be_bytes()
        .into_iter()
        .chain(low.to_be_bytes())
        .collect();
    let mut b = [0u8; 16];
    b.copy_from_slice(&bytes);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_applied() {
        let utc = parse_rfc3339("2024-01-01T09:00:00.123Z").unwrap();
        assert_eq!(parse_rfc3339("2024-01-01T10:00:00.123+01:00"), Some(utc));
        assert_eq!(parse_rfc3339("2024-01-01T04:00:00.123-05:00"), Some(utc));
        assert_eq!(rfc3339_millis(utc), "2024-01-01T09:00:00.123Z");
        assert!(parse_rfc3339("yesterday").is_none());
    }

    #[test]
    fn stamps_are_what_humantime_writes() {
        const END: u64 = 253_402_300_800_000;
        let day = 86_400_000;
        // Spread over the years to 9999, and every day around the leap-year rules' turns.
        let spread = (0..200_000u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15) % END);
        let turns = [0u64, 951_782_400_000, 4_107_456_000_000, 7_263_129_600_000]
            .into_iter()
            .flat_map(|turn| (0..800).map(move |d| turn + d * day - d.min(1)));
        for millis in spread.chain(turns) {
            let at = std::time::UNIX_EPOCH + std::time::Duration::from_millis(millis);
            assert_eq!(
                rfc3339_millis(at),
                humantime::format_rfc3339_millis(at).to_string()
            );
        }
        let last = std::time::UNIX_EPOCH + std::time::Duration::from_millis(253_402_300_799_999);
        assert_eq!(rfc3339_millis(last), "9999-12-31T23:59:59.999Z");
    }
}
