//! Two JSON bodies compared by structure, for the diff screen's summary: which values changed,
//! which were added and which removed, each named by its JSON path (`$.data.amount`). Objects
//! are compared key by key (so key order never counts), arrays position by position. The
//! line-by-line view beside it shows where; this says what, in the words a user searches for.

use serde_json::Value;

/// What happened to the value at a path between the first capture and the second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// In both, with another value (or another type) in the second.
    Changed { from: Value, to: Value },
    /// Only in the second.
    Added(Value),
    /// Only in the first.
    Removed(Value),
}

/// One difference: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathChange {
    pub path: String,
    pub change: Change,
}

/// The differences from `first` to `second`, in path order (keys sorted, then positions).
pub fn compare(first: &Value, second: &Value) -> Vec<PathChange> {
    let mut changes = Vec::new();
    walk("$".to_string(), first, second, &mut changes);
    changes
}

fn walk(path: String, first: &Value, second: &Value, out: &mut Vec<PathChange>) {
    match (first, second) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let at = format!("{path}{}", key_step(key));
                step(at, a.get(key), b.get(key), out);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for at in 0..a.len().max(b.len()) {
                step(format!("{path}[{at}]"), a.get(at), b.get(at), out);
            }
        }
        (x, y) if x != y => out.push(PathChange {
            path,
            change: Change::Changed {
                from: x.clone(),
                to: y.clone(),
            },
        }),
        _ => {}
    }
}

/// A key or a position of two objects or arrays: followed when in both, else added or removed.
fn step(path: String, first: Option<&Value>, second: Option<&Value>, out: &mut Vec<PathChange>) {
    let change = match (first, second) {
        (Some(x), Some(y)) => return walk(path, x, y, out),
        (Some(x), None) => Change::Removed(x.clone()),
        (None, Some(y)) => Change::Added(y.clone()),
        (None, None) => return,
    };
    out.push(PathChange { path, change });
}

/// `.key` for a key that reads as a name, `["a b"]` (JSON-quoted) for any other.
fn key_step(key: &str) -> String {
    let plain = !key.is_empty()
        && !key.starts_with(|c: char| c.is_ascii_digit())
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if plain {
        format!(".{key}")
    } else {
        format!("[{}]", Value::String(key.to_string()))
    }
}

/// `2 changed, 1 added, 0 removed`.
pub fn counts(changes: &[PathChange]) -> String {
    let count = |wanted: fn(&Change) -> bool| changes.iter().filter(|c| wanted(&c.change)).count();
    format!(
        "{} changed, {} added, {} removed",
        count(|c| matches!(c, Change::Changed { .. })),
        count(|c| matches!(c, Change::Added(_))),
        count(|c| matches!(c, Change::Removed(_))),
    )
}

/// The marker a line of the change carries without color (`~`, `+`, `-`) and its text:
/// `$.data.amount changed 10 → 12`, `$.data.note added`, `$.old removed`.
pub fn describe(change: &PathChange) -> (char, String) {
    match &change.change {
        Change::Changed { from, to } => (
            '~',
            format!(
                "{} changed {} → {}",
                change.path,
                shown_value(from),
                shown_value(to)
            ),
        ),
        Change::Added(_) => ('+', format!("{} added", change.path)),
        Change::Removed(_) => ('-', format!("{} removed", change.path)),
    }
}

/// A value on one line, cut where it would crowd out the path: the columns below show it whole.
fn shown_value(value: &Value) -> String {
    crate::output::cells::fit(&value.to_string(), 40).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn described(first: Value, second: Value) -> Vec<String> {
        compare(&first, &second)
            .iter()
            .map(|c| {
                let (marker, text) = describe(c);
                format!("{marker} {text}")
            })
            .collect()
    }

    #[test]
    fn a_changed_value_is_named_by_its_path_with_both_values() {
        assert_eq!(
            described(
                json!({"data": {"amount": 10, "currency": "eur"}}),
                json!({"data": {"amount": 12, "currency": "eur"}})
            ),
            ["~ $.data.amount changed 10 → 12"]
        );
    }

    #[test]
    fn added_and_removed_keys_are_told_apart() {
        let changes = compare(
            &json!({"data": {"old": true, "id": 1}}),
            &json!({"data": {"id": 1, "note": "x"}}),
        );
        assert_eq!(
            changes,
            [
                PathChange {
                    path: "$.data.note".into(),
                    change: Change::Added(json!("x")),
                },
                PathChange {
                    path: "$.data.old".into(),
                    change: Change::Removed(json!(true)),
                },
            ]
        );
        assert_eq!(counts(&changes), "0 changed, 1 added, 1 removed");
    }

    #[test]
    fn key_order_does_not_count() {
        let first: Value = serde_json::from_str(r#"{"a":1,"b":{"c":2,"d":3}}"#).unwrap();
        let second: Value = serde_json::from_str(r#"{"b":{"d":3,"c":2},"a":1}"#).unwrap();
        assert_eq!(compare(&first, &second), []);
    }

    #[test]
    fn arrays_are_compared_by_position() {
        assert_eq!(
            described(json!({"items": [1, 2, 3]}), json!({"items": [1, 5]})),
            ["~ $.items[1] changed 2 → 5", "- $.items[2] removed"]
        );
        assert_eq!(
            described(json!([1]), json!([1, {"x": 1}])),
            ["+ $[1] added"]
        );
    }

    #[test]
    fn nested_values_are_followed_and_a_changed_type_is_one_change() {
        assert_eq!(
            described(
                json!({"a": {"b": [{"c": {"d": 1}}]}, "t": {"x": 1}}),
                json!({"a": {"b": [{"c": {"d": 2}}]}, "t": [1]})
            ),
            [
                "~ $.a.b[0].c.d changed 1 → 2",
                "~ $.t changed {\"x\":1} → [1]"
            ]
        );
        assert_eq!(described(json!(1), json!("1")), ["~ $ changed 1 → \"1\""]);
    }

    #[test]
    fn keys_that_are_not_names_are_quoted() {
        assert_eq!(
            described(json!({"a b": 1, "1x": 1}), json!({})),
            ["- $[\"1x\"] removed", "- $[\"a b\"] removed"]
        );
    }
}
