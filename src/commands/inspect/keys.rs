//! Which key does what: one table, read both to turn a key into an action and to draw the
//! `?` help, so the help lists exactly the keys that work.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::Action;
use super::prompt::LineKey;

/// One line of the help and the keys behind it.
pub struct Binding {
    pub keys: &'static [KeyCode],
    /// How the help names the keys.
    pub label: &'static str,
    pub what: &'static str,
    pub action: Action,
}

pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[KeyCode::Char('j'), KeyCode::Down],
        label: "j ↓",
        what: "next capture (scroll down in the detail)",
        action: Action::Down,
    },
    Binding {
        keys: &[KeyCode::Char('k'), KeyCode::Up],
        label: "k ↑",
        what: "previous capture (scroll up in the detail)",
        action: Action::Up,
    },
    Binding {
        keys: &[KeyCode::PageDown],
        label: "PgDn",
        what: "a page down",
        action: Action::PageDown,
    },
    Binding {
        keys: &[KeyCode::PageUp],
        label: "PgUp",
        what: "a page up",
        action: Action::PageUp,
    },
    Binding {
        keys: &[KeyCode::Char('g'), KeyCode::Home],
        label: "g Home",
        what: "the first capture (the detail's top)",
        action: Action::First,
    },
    Binding {
        keys: &[KeyCode::Char('G'), KeyCode::End],
        label: "G End",
        what: "the last capture, following new ones (the detail's end)",
        action: Action::Last,
    },
    Binding {
        keys: &[KeyCode::Enter],
        label: "Enter",
        what: "the selected capture's detail",
        action: Action::Open,
    },
    Binding {
        keys: &[KeyCode::Tab],
        label: "Tab",
        what: "the detail's next tab: Request, Response, Raw, Record",
        action: Action::NextTab,
    },
    Binding {
        keys: &[KeyCode::Char('a')],
        label: "a",
        what: "in the detail: bodies whole, or folded at 64 KiB again",
        action: Action::WholeBodies,
    },
    Binding {
        keys: &[KeyCode::Esc],
        label: "Esc",
        what: "back to the list; on the list, close the replay's answer",
        action: Action::Back,
    },
    Binding {
        keys: &[KeyCode::Char('/')],
        label: "/",
        what: "filter as typed: method: path: status: since: until: where:, other words as text",
        action: Action::StartFilter,
    },
    Binding {
        keys: &[KeyCode::Char('c')],
        label: "c",
        what: "copy the request as a curl command (replay --curl's) to the clipboard (OSC 52)",
        action: Action::CopyCurl,
    },
    Binding {
        keys: &[KeyCode::Char('y')],
        label: "y",
        what: "copy the request's body to the clipboard (OSC 52)",
        action: Action::CopyBody,
    },
    Binding {
        keys: &[KeyCode::Char('r')],
        label: "r",
        what: "replay the marked (else the selected) captures to --to, asked for when not given",
        action: Action::Replay,
    },
    Binding {
        keys: &[KeyCode::Char('e')],
        label: "e",
        what: "edit the request in $VISUAL/$EDITOR, then send what was saved (signed with --sign)",
        action: Action::Edit,
    },
    Binding {
        keys: &[KeyCode::Char('t')],
        label: "t",
        what: "change where r and e send (and c copies for): the URL in force offered to edit",
        action: Action::ChangeTarget,
    },
    Binding {
        keys: &[KeyCode::Char('s')],
        label: "s",
        what: "save the selected capture's body, byte for byte, to a file asked for",
        action: Action::SaveBody,
    },
    Binding {
        keys: &[KeyCode::Char('x')],
        label: "x",
        what: "write the marked (else the selected) captures to a HAR file asked for",
        action: Action::WriteHar,
    },
    Binding {
        keys: &[KeyCode::Char(' ')],
        label: "Space",
        what: "mark or unmark the selected capture",
        action: Action::Mark,
    },
    Binding {
        keys: &[KeyCode::Char('d')],
        label: "d",
        what: "compare the two marked captures side by side: headers and bodies, JSON by path",
        action: Action::Diff,
    },
    Binding {
        keys: &[KeyCode::Char('v')],
        label: "v",
        what: "the replay's answer whole, full-screen: j/k and PgUp/PgDn scroll, Esc back",
        action: Action::ViewAnswer,
    },
    Binding {
        keys: &[KeyCode::Char('?')],
        label: "?",
        what: "this help",
        action: Action::ToggleHelp,
    },
    Binding {
        keys: &[KeyCode::Char('q')],
        label: "q Ctrl-C",
        what: "quit",
        action: Action::Quit,
    },
];

/// The keys a key press stands for: an Alt key is Esc and the key, as a terminal sends Esc
/// followed quickly by another key (tmux does so by default).
pub fn split_alt(key: KeyEvent) -> Vec<KeyEvent> {
    if key.modifiers.contains(KeyModifiers::ALT) && !key.modifiers.contains(KeyModifiers::CONTROL) {
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        let mut plain = key;
        plain.modifiers.remove(KeyModifiers::ALT);
        vec![esc, plain]
    } else {
        vec![key]
    }
}

/// The action of a key press, if any; `editing` when keys go to the filter line or the prompt.
/// Ctrl-C quits everywhere; on a line being typed, Ctrl-U and Ctrl-W edit it as a shell's.
pub fn action_of(key: KeyEvent, editing: bool) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') => Some(Action::Quit),
            KeyCode::Char('u') if editing => Some(Action::EditLine(LineKey::EraseToStart)),
            KeyCode::Char('w') if editing => Some(Action::EditLine(LineKey::EraseWord)),
            _ => None,
        };
    }
    if editing {
        return match key.code {
            KeyCode::Char(c) => Some(Action::Type(c)),
            KeyCode::Backspace => Some(Action::Erase),
            KeyCode::Delete => Some(Action::EditLine(LineKey::Delete)),
            KeyCode::Left => Some(Action::EditLine(LineKey::Left)),
            KeyCode::Right => Some(Action::EditLine(LineKey::Right)),
            KeyCode::Home => Some(Action::EditLine(LineKey::Home)),
            KeyCode::End => Some(Action::EditLine(LineKey::End)),
            KeyCode::Enter => Some(Action::EndFilter),
            KeyCode::Esc => Some(Action::ClearFilter),
            _ => None,
        };
    }
    BINDINGS
        .iter()
        .find(|binding| binding.keys.contains(&key.code))
        .map(|binding| binding.action)
}
