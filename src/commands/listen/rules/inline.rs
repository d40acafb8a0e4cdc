//! `--rule 'METHOD PATH => STATUS'`: one rule on the command line (`*` for any method), for
//! the common case of a route that answers differently, without a file.

use crate::exit::Failure;

use super::matcher::Matcher;
use super::{Rule, RuleAnswer};

pub fn parse(text: &str) -> Result<Rule, Failure> {
    let bad = |why: &str| {
        Failure::usage(format!(
            "--rule '{text}': {why}; write it as 'METHOD PATH => STATUS', such as 'POST /orders/* => 201' ('*' for any method)"
        ))
    };
    let (route, status) = text.split_once("=>").ok_or_else(|| bad("no '=>'"))?;
    let mut words = route.split_whitespace();
    let (Some(method), Some(path), None) = (words.next(), words.next(), words.next()) else {
        return Err(bad("the route is not METHOD PATH"));
    };
    let status = status
        .trim()
        .parse::<u16>()
        .ok()
        .filter(|s| crate::http::status::is_final_status(*s))
        .ok_or_else(|| bad("the status is not a final status code (200 to 999)"))?;
    if !super::matcher::is_rule_method(method) {
        return Err(bad("the method is not a method"));
    }
    if !super::matcher::can_match_a_path(path) {
        return Err(bad(
            "the path does not start with / (or a * glob), so it could never match",
        ));
    }
    let method = (method != "*").then(|| method.to_ascii_uppercase());
    let matcher = Matcher {
        method,
        path: Some(path.to_string()),
        ..Matcher::default()
    };
    let answer = RuleAnswer {
        statuses: Some(vec![status]),
        ..RuleAnswer::default()
    };
    Ok(Rule::new(None, matcher, answer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_rules_name_a_route_and_a_status() {
        let rule = parse("post /orders/* => 201").unwrap();
        assert_eq!(rule.matcher.method.as_deref(), Some("POST"));
        assert_eq!(rule.matcher.path.as_deref(), Some("/orders/*"));
        assert_eq!(rule.next_status(), Some(201));
        assert!(parse("* / => 404").unwrap().matcher.method.is_none());
        for bad in [
            "POST /a",
            "POST => 201",
            "POST /a => 99",
            "POST /a b => 201",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
