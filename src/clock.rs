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

/// RFC 3339 in UTC with milliseconds: `2026-11-27T11:40:01.123Z`.
pub fn rfc3339_millis(at: SystemTime) -> String {
    humantime::format_rfc3339_millis(at).to_string()
}
