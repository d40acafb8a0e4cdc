//! What an answered prompt ([`super::prompt`]) does: a URL typed for `r`, `e` or `t` is parsed
//! as `--to` is and kept (later replays and copied curl commands use it) until `t` changes it,
//! then the replay or the edit goes on; a path typed for `s` or `x` gets the body or the
//! HAR file ([`super::save`]). An answer that cannot be used leaves the prompt open, saying why.

use crate::http::client::Target;

use super::app::App;
use super::prompt::{path_of, Purpose, Then};
use super::replay::Delivery;

/// Acts on the prompt's answer when Enter was pressed in it.
pub fn answer_prompt(app: &mut App, delivery: &mut Delivery) {
    let Some(prompt) = app.submitted_prompt() else {
        return;
    };
    let (purpose, text) = (prompt.purpose, prompt.text.clone());
    let done = match purpose {
        Purpose::SendTo(then) => send_to(app, delivery, &text, then),
        Purpose::SaveBody => save_body(app, &text),
        Purpose::WriteHar => write_har(app, &text),
    };
    match done {
        Ok(status) => {
            app.prompt = None;
            app.status = status;
        }
        Err(why) => {
            if let Some(prompt) = &mut app.prompt {
                prompt.refuse(why);
            }
        }
    }
}

/// Keeps the URL as `--to` and goes on with what asked for it; `t` only says where to now.
fn send_to(
    app: &mut App,
    delivery: &mut Delivery,
    text: &str,
    then: Then,
) -> Result<Option<String>, String> {
    let target = Target::parse(text.trim()).map_err(|failure| failure.message)?;
    let said = format!("r and e send to {} now", target.url());
    delivery.to = Some(target);
    app.send_to = Some(text.trim().to_string());
    match then {
        Then::Replay => app.replay_request = true,
        Then::Edit => app.edit_request = true,
        Then::Nothing => return Ok(Some(said)),
    }
    Ok(None)
}

fn save_body(app: &App, text: &str) -> Result<Option<String>, String> {
    let entry = app
        .selected_entry()
        .ok_or("the capture is no longer held")?;
    super::save::save_body(&entry.capture, &path_of(text))
        .map(Some)
        .map_err(super::said::plainly)
}

fn write_har(app: &App, text: &str) -> Result<Option<String>, String> {
    let chosen = app.chosen_captures();
    if chosen.is_empty() {
        return Err("the captures are no longer held".into());
    }
    super::save::write_har(&chosen, &path_of(text))
        .map(Some)
        .map_err(super::said::plainly)
}
