//! The one place hookcli reads the time, writes and reads timestamps, and makes identifiers and
//! random numbers, so they stay consistent across the store, the printer and every command.

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

/// RFC 3339 in UTC with milliseconds: `2026-11-27T11:40:01.123Z`.
pub fn rfc3339_millis(at: SystemTime) -> String {
    humantime::format_rfc3339_millis(at).to_string()
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
/// Its randomness comes from [`random_u64`], like every other random value here.
pub fn new_uuid() -> String {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&random_u64().to_be_bytes());
    bytes[8..].copy_from_slice(&random_u64().to_be_bytes());
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string()
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
    fn uuids_are_version_4_in_the_usual_form() {
        let id = new_uuid();
        let parsed = uuid::Uuid::parse_str(&id).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(id, parsed.hyphenated().to_string());
        assert_ne!(id, new_uuid());
    }
}
