//! Status codes as the user gives them: the answers `listen --status` gives in turn, and which
//! answers `send` and `replay` count as expected (`--expect-status`). Parsers return messages that
//! clap shows as the reason for a usage error.

/// A validated `--status` list: at least one code, each from 200 to 999.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusList(pub Vec<u16>);

/// Whether a code can be a final answer: a three-digit status that is not interim (1xx, after
/// which a client waits for another answer).
pub fn is_final_status(code: u16) -> bool {
    (200..=999).contains(&code)
}

/// `200` or `500,500,200`: each a final status code from 200 to 999.
pub fn parse_status_list(text: &str) -> Result<StatusList, String> {
    let codes = text
        .split(',')
        .map(|part| {
            let part = part.trim();
            part.parse::<u16>()
                .ok()
                .filter(|code| is_final_status(*code))
                .ok_or_else(|| format!("'{part}' is not a final HTTP status code (200 to 999)"))
        })
        .collect::<Result<Vec<u16>, String>>()?;
    Ok(StatusList(codes))
}

/// Which statuses count as expected: `201`, `2xx`, `4xx`, or a list such as `200,201,3xx`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusExpectation(Vec<StatusPattern>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StatusPattern {
    Exact(u16),
    Class(u16),
}

impl StatusExpectation {
    pub fn success() -> Self {
        StatusExpectation(vec![StatusPattern::Class(2)])
    }

    pub fn matches(&self, status: u16) -> bool {
        self.0.iter().any(|pattern| match pattern {
            StatusPattern::Exact(code) => *code == status,
            StatusPattern::Class(class) => status / 100 == *class,
        })
    }
}

impl std::fmt::Display for StatusExpectation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|p| match p {
                StatusPattern::Exact(code) => code.to_string(),
                StatusPattern::Class(class) => format!("{class}xx"),
            })
            .collect();
        f.write_str(&parts.join(","))
    }
}

pub fn parse_status_expectation(text: &str) -> Result<StatusExpectation, String> {
    let patterns = text
        .split(',')
        .map(|part| {
            let part = part.trim().to_ascii_lowercase();
            if let Some(class) = part.strip_suffix("xx") {
                return class
                    .parse::<u16>()
                    .ok()
                    .filter(|c| (1..=9).contains(c) && class.len() == 1)
                    .map(StatusPattern::Class)
                    .ok_or_else(|| format!("'{part}' is not a status class; write 2xx, 4xx, ..."));
            }
            part.parse::<u16>()
                .ok()
                .filter(|code| (100..=999).contains(code))
                .map(StatusPattern::Exact)
                .ok_or_else(|| format!("'{part}' is not a status code or class (201, 2xx)"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(StatusExpectation(patterns))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lists_reject_codes_out_of_range() {
        assert_eq!(
            parse_status_list("500,500,200"),
            Ok(StatusList(vec![500, 500, 200]))
        );
        assert!(parse_status_list("99").is_err());
        assert!(parse_status_list("101").is_err());
        assert!(parse_status_list("200,").is_err());
    }

    #[test]
    fn expectations_match_codes_and_classes() {
        let expectation = parse_status_expectation("201,4xx").unwrap();
        assert!(expectation.matches(201) && expectation.matches(403) && !expectation.matches(200));
        assert_eq!(expectation.to_string(), "201,4xx");
        assert!(parse_status_expectation("2x").is_err());
        assert!(parse_status_expectation("22xx").is_err());
    }
}
