//! The inspector's state and how each action changes it: the captures held, which is
//! selected, whether the list follows new captures, and which screen is shown. Nothing here
//! draws or reads the terminal, so every key's effect is tested without one.

use crate::capture::store::StoredCapture;
use crate::output::redact::Redaction;
use crate::output::table::CaptureRow;

use super::prompt::{LineKey, Prompt, Purpose, Then};

/// How many captures the list holds at most: a session that follows a busy store for hours
/// keeps its newest, in bounded memory.
pub const HELD_AT_MOST: usize = 5000;

/// One capture held by the inspector: its row, computed once, and its record for the detail.
pub struct Entry {
    pub row: CaptureRow,
    /// Delivered by a relay rather than to the local port.
    pub relayed: bool,
    pub capture: StoredCapture,
}

impl Entry {
    pub fn new(capture: StoredCapture) -> Entry {
        Entry {
            row: CaptureRow::from_stored(&capture),
            relayed: capture.record.relay.is_some(),
            capture,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Request,
    Response,
    Raw,
    Record,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Request, Tab::Response, Tab::Raw, Tab::Record];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Request => "Request",
            Tab::Response => "Response",
            Tab::Raw => "Raw",
            Tab::Record => "Record",
        }
    }

    fn next(self) -> Tab {
        let at = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0);
        Tab::ALL[(at + 1) % Tab::ALL.len()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    List,
    /// The selected capture's detail, on a tab, scrolled down by a number of lines.
    Detail {
        tab: Tab,
        scroll: u16,
    },
    /// The two marked captures compared, scrolled down by a number of lines.
    Diff {
        scroll: u16,
    },
    /// The replay's answer pane whole, on the full screen, scrolled down by a number of lines:
    /// the pane under the list shows only its start.
    Answer {
        scroll: u16,
    },
}

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Down,
    Up,
    PageDown,
    PageUp,
    First,
    Last,
    Open,
    Back,
    NextTab,
    ToggleHelp,
    Quit,
    /// `/`: edit the filter line.
    StartFilter,
    /// A character typed into the filter line or the prompt.
    Type(char),
    /// Backspace in the filter line or the prompt.
    Erase,
    /// A key that moves the prompt's cursor or erases more than a character (Ctrl-U and
    /// Ctrl-W in the filter line too).
    EditLine(LineKey),
    /// Enter: keep the filter and leave the line; in the prompt, its answer.
    EndFilter,
    /// Esc in the filter line: no filter; in the prompt, nothing done.
    ClearFilter,
    /// `c`: the selected request as a curl command, to the clipboard.
    CopyCurl,
    /// `y`: the selected request's body, to the clipboard.
    CopyBody,
    /// `r`: send the selected capture again to `--to` (asked for when not given).
    Replay,
    /// `e`: edit the selected request in `$EDITOR`, then send it to `--to`.
    Edit,
    /// `t`: change where `r` and `e` send, the URL in force offered in the prompt.
    ChangeTarget,
    /// `s`: save the selected capture's body to a file asked for.
    SaveBody,
    /// `x`: write the marked captures (else the selected one) to a HAR file asked for.
    WriteHar,
    /// Space: mark or unmark the selected capture.
    Mark,
    /// A click on a row of the screen (0 is the top line).
    Click(u16),
    /// `a` in the detail: bodies whole rather than folded at 64 KiB, or folded again.
    WholeBodies,
    /// `d`: compare the two marked captures.
    Diff,
    /// `v`: the replay's answer whole, full-screen and scrollable.
    ViewAnswer,
}

/// A replay's answer, shown under the list until Esc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultPane {
    pub title: String,
    /// The answer as the printer writes it (with `colored`'s escapes).
    pub text: String,
    /// The answer on one line (`#3 202 Accepted in 4.1 ms`), for a pane of many answers.
    pub summary: String,
    /// Where it was sent (`http://host:port`), named by the title of a pane of many answers.
    pub to: String,
}

impl ResultPane {
    /// Adds a later answer of the same `r`: the pane becomes one line per answer, in the
    /// captures' order whatever order the answers came back in.
    pub fn add(&mut self, later: ResultPane) {
        if self.text != self.summary {
            self.title = format!("replayed the marked captures to {}", self.to);
        }
        let mut lines: Vec<&str> = self.summary.lines().chain(later.summary.lines()).collect();
        lines.sort_by_key(|line| index_of_summary(line));
        self.text = lines.join("\n");
        self.summary = self.text.clone();
    }
}

/// The capture's index a summary starts with (`#12 …`); a line without one goes last.
fn index_of_summary(line: &str) -> usize {
    line.strip_prefix('#')
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse().ok())
        .unwrap_or(usize::MAX)
}

/// What to put on the clipboard, taken by the run loop (which writes to the terminal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clip {
    Curl,
    Body,
}

pub struct App {
    pub entries: Vec<Entry>,
    pub selected: usize,
    /// The first row shown: the list scrolls only when the selection would leave the page.
    pub offset: usize,
    /// New captures move the selection to them while true: the last row was selected.
    pub following: bool,
    pub screen: Screen,
    pub help: bool,
    /// The help's first line shown, when the screen is too short for all of it.
    pub help_scroll: u16,
    /// The filter line's text (see `filter.rs`), put in force as typed while it is a filter.
    pub filter: String,
    /// The filter in force: the line's last text that was a filter (the header shows it).
    pub applied_filter: String,
    /// Why the filter line's text is not a filter: the list keeps the last filter's captures.
    pub filter_error: Option<String>,
    /// Keys go to the filter line.
    pub editing_filter: bool,
    /// The prompt open at the bottom (keys go to it), asking a URL or a file's path.
    pub prompt: Option<Prompt>,
    /// Where `r` and `e` send, as given (`--to`, or a URL answered): when known they do not
    /// ask, and `t` offers it to be changed (a wrong port is otherwise kept all session).
    pub send_to: Option<String>,
    /// What to copy for the selected capture, taken by the run loop.
    pub clipboard_request: Option<Clip>,
    /// The selected capture is to be replayed, by the run loop.
    pub replay_request: bool,
    /// The selected capture is to be edited and sent, by the run loop.
    pub edit_request: bool,
    /// The detail shows bodies whole rather than folded at 64 KiB.
    pub whole_bodies: bool,
    /// The indexes of the captures marked with space.
    pub marked: std::collections::BTreeSet<usize>,
    /// The last replay's answer.
    pub result: Option<ResultPane>,
    /// A filter's scan of the store is under way.
    pub scanning: bool,
    /// A filter text to apply, taken by the run loop (which scans the store off the UI thread).
    pub filter_request: Option<String>,
    /// Rows (or detail lines) one page holds, set by the drawing.
    pub page: usize,
    /// Lines the detail or the diff last drawn holds (0 before): scrolling stops at its last page.
    pub content_lines: usize,
    /// The store's name, for the header.
    pub source: String,
    /// How many captures the source holds, as far as seen (its newest index): with a filter,
    /// the header says how many of them pass. None before any is seen.
    pub total: Option<usize>,
    /// Where the listener beside listens, for the header (`listen --inspect`).
    pub listening: Option<String>,
    /// A warning or what the last action did, on the status line.
    pub status: Option<String>,
    pub redaction: Redaction,
    pub color: bool,
    pub quit: bool,
    /// The two marked captures compared, made once when `d` opens the diff: drawing it again
    /// on each key or new capture only reads it.
    pub comparison: Option<super::diff::Comparison>,
}

impl App {
    pub fn new(source: String, redaction: Redaction, color: bool) -> App {
        App {
            entries: Vec::new(),
            selected: 0,
            offset: 0,
            following: true,
            screen: Screen::List,
            help: false,
            help_scroll: 0,
            filter: String::new(),
            applied_filter: String::new(),
            filter_error: None,
            editing_filter: false,
            prompt: None,
            send_to: None,
            filter_request: None,
            scanning: false,
            clipboard_request: None,
            replay_request: false,
            edit_request: false,
            result: None,
            marked: std::collections::BTreeSet::new(),
            whole_bodies: false,
            page: 10,
            content_lines: 0,
            source,
            total: None,
            listening: None,
            status: None,
            redaction,
            color,
            quit: false,
            comparison: None,
        }
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.entries.get(self.selected)
    }

    /// Adds captures read later (from the store's end at start, or followed); the newest is
    /// selected while the list follows. The oldest go past [`HELD_AT_MOST`].
    pub fn push(&mut self, captures: impl IntoIterator<Item = StoredCapture>) {
        let from = self.entries.len();
        self.entries.extend(captures.into_iter().map(Entry::new));
        self.saw(self.entries[from..].iter().map(|e| e.capture.index).max());
        let over = self.entries.len().saturating_sub(HELD_AT_MOST);
        if over > 0 {
            self.entries.drain(..over);
            self.selected = self.selected.saturating_sub(over);
            self.offset = self.offset.saturating_sub(over);
        }
        // A prompt is about the capture selected when it opened: the selection waits for it.
        if self.following && self.prompt.is_none() && !self.entries.is_empty() {
            self.selected = self.entries.len() - 1;
        }
        self.keep_selection_shown();
    }

    /// Counts a capture of the source seen, passing the filter or not: indexes number the
    /// source's captures, so the newest is how many it holds.
    pub fn saw(&mut self, newest: Option<usize>) {
        self.total = self.total.max(newest);
    }

    /// Scrolls the list so that the selected row is on the page.
    pub fn keep_selection_shown(&mut self) {
        let page = self.page.max(1);
        // A taller screen (a resize) shows more of the list rather than blank rows under it.
        self.offset = self.offset.min(self.entries.len().saturating_sub(page));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
    }

    /// The captures that pass a new filter replace those held. Those held from position
    /// `followed_from` on were followed after the filter was put in force (and passed it): the
    /// ones newer than the scan's newest stay after it.
    pub fn replace_entries(&mut self, captures: Vec<StoredCapture>, followed_from: usize) {
        let newest = captures.last().map_or(0, |c| c.index);
        let followed_from = followed_from.min(self.entries.len());
        let later: Vec<Entry> = self
            .entries
            .drain(followed_from..)
            .filter(|entry| entry.capture.index > newest)
            .collect();
        self.entries = captures.into_iter().map(Entry::new).collect();
        self.entries.extend(later);
        self.following = true;
        self.selected = self.entries.len().saturating_sub(1);
        self.offset = 0;
        self.keep_selection_shown();
    }

    /// The store was cleared or replaced: what is held is gone with it.
    pub fn restart(&mut self, warning: String) {
        self.entries.clear();
        self.total = None;
        self.selected = 0;
        self.offset = 0;
        self.following = true;
        self.screen = Screen::List;
        self.status = Some(warning);
    }

    pub fn update(&mut self, action: Action) {
        if self.help {
            self.update_help(action);
            return;
        }
        if self.editing_filter {
            self.edit_filter(action);
            return;
        }
        if self.prompt.is_some() {
            self.edit_prompt(action);
            return;
        }
        match (self.screen, action) {
            (_, Action::Quit) => self.quit = true,
            (Screen::List, Action::StartFilter) => self.editing_filter = true,
            (_, Action::Replay) if !self.entries.is_empty() => self.send(Then::Replay),
            (_, Action::Edit) if !self.entries.is_empty() => self.send(Then::Edit),
            (_, Action::ChangeTarget) => {
                let current = self.send_to.clone().unwrap_or_default();
                self.ask(Purpose::SendTo(Then::Nothing), current)
            }
            (_, Action::SaveBody) => self.ask_body_file(),
            (_, Action::WriteHar) if !self.entries.is_empty() => {
                self.ask(Purpose::WriteHar, "captures.har".into())
            }
            (Screen::List, Action::Back) => self.result = None,
            (Screen::List, Action::Mark) => self.toggle_mark(),
            (Screen::List, Action::Click(row)) => self.click(row),
            (Screen::List, Action::Diff) => self.open_diff(),
            (Screen::List, Action::ViewAnswer) if self.result.is_some() => {
                self.screen = Screen::Answer { scroll: 0 }
            }
            (_, Action::CopyCurl | Action::CopyBody) if !self.entries.is_empty() => {
                self.clipboard_request = Some(if action == Action::CopyCurl {
                    Clip::Curl
                } else {
                    Clip::Body
                });
            }
            (_, Action::ToggleHelp) => {
                self.help = true;
                self.help_scroll = 0;
            }
            (Screen::List, Action::Open) if !self.entries.is_empty() => {
                self.screen = Screen::Detail {
                    tab: Tab::Request,
                    scroll: 0,
                }
            }
            (Screen::List, _) => self.move_in_list(action),
            // The detail, the diff and the answer: Esc back to the list, or a scroll.
            (_, Action::Back) => self.screen = Screen::List,
            (Screen::Detail { .. }, Action::WholeBodies) => self.whole_bodies = !self.whole_bodies,
            (Screen::Detail { tab, .. }, Action::NextTab) => {
                self.screen = Screen::Detail {
                    tab: tab.next(),
                    scroll: 0,
                }
            }
            (screen, _) => self.screen = self.scrolled_screen(screen, action),
        }
    }

    /// j/k and the page keys scroll a help taller than the screen; any other key closes it and
    /// does nothing else.
    fn update_help(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::First
            | Action::Last => self.help_scroll = self.scrolled(self.help_scroll, action),
            _ => self.help = false,
        }
    }

    /// The screen scrolled by a moving action (a scrolled screen's other keys do nothing).
    fn scrolled_screen(&self, screen: Screen, action: Action) -> Screen {
        match screen {
            Screen::List => Screen::List,
            Screen::Detail { tab, scroll } => Screen::Detail {
                tab,
                scroll: self.scrolled(scroll, action),
            },
            Screen::Diff { scroll } => Screen::Diff {
                scroll: self.scrolled(scroll, action),
            },
            Screen::Answer { scroll } => Screen::Answer {
                scroll: self.scrolled(scroll, action),
            },
        }
    }

    /// A scrolled view's first line after a moving action, no further than its last page.
    fn scrolled(&self, scroll: u16, action: Action) -> u16 {
        let page = u16::try_from(self.page.max(1)).unwrap_or(u16::MAX);
        let last_page = self.content_lines.saturating_sub(self.page.max(1));
        let last_page = u16::try_from(last_page).unwrap_or(u16::MAX);
        let scroll = match action {
            Action::Down => scroll.saturating_add(1),
            Action::Up => scroll.saturating_sub(1),
            Action::PageDown => scroll.saturating_add(page),
            Action::PageUp => scroll.saturating_sub(page),
            Action::First => 0,
            Action::Last => last_page,
            _ => scroll,
        };
        scroll.min(last_page)
    }

    /// Selects the row clicked: the list's rows start under the header and the column titles.
    fn click(&mut self, row: u16) {
        let Some(on_page) = usize::from(row).checked_sub(2).filter(|r| *r < self.page) else {
            return;
        };
        let at = self.offset + on_page;
        if at < self.entries.len() {
            self.selected = at;
            self.following = at + 1 == self.entries.len();
        }
    }

    fn toggle_mark(&mut self) {
        let Some(index) = self.selected_entry().map(|e| e.capture.index) else {
            return;
        };
        if !self.marked.remove(&index) {
            self.marked.insert(index);
        }
    }

    /// What `r` and `x` act on: the marked captures held, in the list's order, else the
    /// selected one.
    pub fn chosen_captures(&self) -> Vec<&StoredCapture> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(at, entry)| {
                if self.marked.is_empty() {
                    *at == self.selected
                } else {
                    self.marked.contains(&entry.capture.index)
                }
            })
            .map(|(_, entry)| &entry.capture)
            .collect()
    }

    /// The two marked captures held, oldest first.
    pub fn marked_pair(&self) -> Option<(&Entry, &Entry)> {
        let mut marked = self
            .entries
            .iter()
            .filter(|e| self.marked.contains(&e.capture.index));
        match (marked.next(), marked.next(), marked.next()) {
            (Some(first), Some(second), None) => Some((first, second)),
            _ => None,
        }
    }

    fn open_diff(&mut self) {
        let marked = self
            .entries
            .iter()
            .filter(|e| self.marked.contains(&e.capture.index))
            .count();
        self.status = match marked {
            2 => {
                self.comparison = self.marked_pair().map(|(first, second)| {
                    super::diff::compare(
                        &first.capture.record,
                        &second.capture.record,
                        &self.redaction,
                    )
                });
                self.screen = Screen::Diff { scroll: 0 };
                None
            }
            0 | 1 => Some("d compares two captures: mark two in the list with space".into()),
            // Which two is not guessed: the user unmarks the others.
            more => Some(format!(
                "{more} are marked; d compares exactly two (space unmarks)"
            )),
        };
    }

    /// Keys go to a line being typed: the filter's or the prompt's.
    pub fn editing_line(&self) -> bool {
        self.editing_filter || self.prompt.is_some()
    }

    /// `r` or `e`: asks the run loop to send, or first asks where to when that is not known.
    fn send(&mut self, then: Then) {
        if self.send_to.is_none() {
            self.ask(Purpose::SendTo(then), String::new());
            return;
        }
        match then {
            Then::Replay => self.replay_request = true,
            Then::Edit => self.edit_request = true,
            Then::Nothing => {}
        }
    }

    /// `s`: asks where to save the selected capture's body, offering a name from its index and
    /// content type; a capture without a body has nothing to save.
    fn ask_body_file(&mut self) {
        let Some(capture) = self.selected_entry().map(|e| &e.capture) else {
            return;
        };
        if capture.record.body.is_empty() {
            self.status = Some(format!("#{} has no body to save", capture.index));
            return;
        }
        let name = super::save::default_body_name(capture);
        self.ask(Purpose::SaveBody, name);
    }

    /// Opens the prompt, `default` typed in it; the status line is the prompt's until it closes.
    fn ask(&mut self, purpose: Purpose, default: String) {
        self.status = None;
        self.prompt = Some(Prompt::new(purpose, default));
    }

    /// A key while the prompt is open: typed into it, Enter answers (the run loop takes the
    /// answer), Esc closes it having done nothing.
    fn edit_prompt(&mut self, action: Action) {
        let Some(prompt) = &mut self.prompt else {
            return;
        };
        match action {
            Action::Quit => self.quit = true,
            Action::Type(c) => prompt.type_char(c),
            Action::Erase => prompt.erase(),
            Action::EditLine(key) => prompt.edit(key),
            Action::EndFilter => prompt.submitted = true,
            Action::ClearFilter => self.prompt = None,
            _ => {}
        }
    }

    /// The prompt answered, for the run loop to act on (it stays open until then).
    pub fn submitted_prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref().filter(|prompt| prompt.submitted)
    }

    fn edit_filter(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Type(c) => {
                self.filter.push(c);
                self.filter_changed();
            }
            Action::Erase if !self.filter.is_empty() => {
                self.filter.pop();
                self.filter_changed();
            }
            // A text that is no filter is not put in force: the line stays open with why.
            Action::EndFilter if self.filter_error.is_some() => {}
            Action::EndFilter => {
                self.editing_filter = false;
                // A word whose typing was waited for is searched for now.
                self.put_filter_in_force();
            }
            // The filter line is typed at its end: Ctrl-U erases it all, Ctrl-W its last word.
            Action::EditLine(key @ (LineKey::EraseToStart | LineKey::EraseWord))
                if !self.filter.is_empty() =>
            {
                let from = match key {
                    LineKey::EraseWord => {
                        super::prompt::word_start(&self.filter, self.filter.len())
                    }
                    _ => 0,
                };
                self.filter.truncate(from);
                self.filter_changed();
            }
            Action::ClearFilter => {
                self.editing_filter = false;
                self.filter.clear();
                self.filter_error = None;
                if !self.applied_filter.is_empty() {
                    self.applied_filter.clear();
                    self.filter_request = Some(String::new());
                }
            }
            _ => {}
        }
    }

    /// The line's text changed: put in force when it is a filter (the run loop scans for it),
    /// else the last filter stays, so a half-typed `status:4` or `where:.a ==` does not empty
    /// the list; nor does `stat` on the way to `status:`, searched for as text only on Enter.
    fn filter_changed(&mut self) {
        match super::filter::selection_of(&self.filter) {
            Ok(_) => {
                self.filter_error = None;
                if !super::filter::ends_in_a_word_being_typed(&self.filter) {
                    self.put_filter_in_force();
                }
            }
            Err(why) => self.filter_error = Some(why),
        }
    }

    /// Asks the run loop to scan for the line's filter, unless it is the one in force already
    /// (a space typed before the next word changes no filter).
    fn put_filter_in_force(&mut self) {
        if self.filter.trim() != self.applied_filter.trim() {
            self.applied_filter = self.filter.clone();
            self.filter_request = Some(self.filter.clone());
        }
    }

    fn move_in_list(&mut self, action: Action) {
        let Some(last) = self.entries.len().checked_sub(1) else {
            return;
        };
        let page = self.page.max(1);
        self.selected = match action {
            Action::Down => (self.selected + 1).min(last),
            Action::Up => self.selected.saturating_sub(1),
            Action::PageDown => (self.selected + page).min(last),
            Action::PageUp => self.selected.saturating_sub(page),
            Action::First => 0,
            Action::Last => last,
            _ => return,
        };
        // As `less +F`: moving away stops following, coming back to the end resumes it.
        self.following = self.selected == last;
        self.keep_selection_shown();
    }
}
