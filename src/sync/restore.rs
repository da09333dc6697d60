//! Reads a `RefundSync` state back from the JSON text `to_json` wrote, member by member.
//!
//! Hand-written over `serde_json::Value` (which the arguments already need) rather than a
//! derived `Deserialize`: the derives for the state's five types came to 8 KB of the gzipped
//! wasm, this reader to about 4 (docs/performance.md). Like the derive, members it does not know are
//! ignored and a missing `total`, `maxBodyBytes` or `maxRecords` is `None`; the error names a member that is missing or of the
//! wrong type, with where it is (`pending[1].until`).
//!
//! [`check`] then refuses a state whose members are each well typed but do not hold together
//! (a window outside the range, an empty `pending` that is not `done`, a page no sync reaches):
//! a state from anywhere but `to_json` must never make the sync loop, wrap or lie about `done`.

use super::{splittable, Progress, Seen, Span, State, MAX_PASSES};
use crate::platforms::PlatformInfo;
use crate::query::TimeField;
use crate::time;
use serde_json::{Map, Value};
use std::collections::{HashMap, VecDeque};
use std::fmt;

/// Why a state was refused: where in it (`pending[1].until`, empty for the whole) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Fault {
    pub path: String,
    pub why: String,
}

impl Fault {
    #[cold]
    #[inline(never)]
    fn at(path: impl Into<String>, why: impl Into<String>) -> Fault {
        Fault { path: path.into(), why: why.into() }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path.as_str() {
            "" => f.write_str(&self.why),
            path => write!(f, "{path} {}", self.why),
        }
    }
}

/// An object's members, and where it is in the state (`""`, `"progress."`, `"pending[2]."`).
struct Members<'v> {
    fields: &'v Map<String, Value>,
    at: String,
}

impl<'v> Members<'v> {
    fn of(value: &'v Value, at: String) -> Result<Members<'v>, Fault> {
        match value.as_object() {
            Some(fields) => Ok(Members { fields, at }),
            None if at.is_empty() => Err(Fault::at("", "not an object")),
            None => Err(Fault::at(at.trim_end_matches('.'), "is not an object")),
        }
    }

    // Out of line, like the error paths: a restore is rare, and each accessor inlined at its
    // twenty call sites was most of this module's size.
    #[inline(never)]
    fn get(&self, name: &str) -> Result<&'v Value, Fault> {
        self.fields.get(name).ok_or_else(|| Fault::at(format!("{}{name}", self.at), "is missing"))
    }

    #[cold]
    #[inline(never)]
    fn wrong(&self, name: &str, what: &str) -> Fault {
        Fault::at(format!("{}{name}", self.at), format!("is not {what}"))
    }

    #[inline(never)]
    fn u64(&self, name: &str) -> Result<u64, Fault> {
        self.get(name)?.as_u64().ok_or_else(|| self.wrong(name, "a whole number ≥ 0"))
    }

    #[inline(never)]
    fn u32(&self, name: &str) -> Result<u32, Fault> {
        self.get(name)?.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(|| self.wrong(name, "a whole number of 32 bits"))
    }

    #[inline(never)]
    fn i64(&self, name: &str) -> Result<i64, Fault> {
        self.get(name)?.as_i64().ok_or_else(|| self.wrong(name, "a whole number"))
    }

    #[inline(never)]
    fn bool(&self, name: &str) -> Result<bool, Fault> {
        self.get(name)?.as_bool().ok_or_else(|| self.wrong(name, "true or false"))
    }

    #[inline(never)]
    fn str(&self, name: &str) -> Result<&'v str, Fault> {
        self.get(name)?.as_str().ok_or_else(|| self.wrong(name, "a string"))
    }
}

fn span(value: &Value, at: String) -> Result<Span, Fault> {
    let m = Members::of(value, at)?;
    Ok(Span { since: m.i64("since")?, until: m.i64("until")? })
}

fn progress(value: &Value) -> Result<Progress, Fault> {
    let m = Members::of(value, "progress.".to_string())?;
    Ok(Progress {
        requests: m.u64("requests")?,
        windows_done: m.u64("windowsDone")?,
        windows_split: m.u64("windowsSplit")?,
        windows_pending: m.u64("windowsPending")?,
        refunds_emitted: m.u64("refundsEmitted")?,
        duplicates_skipped: m.u64("duplicatesSkipped")?,
        rejected: m.u64("rejected")?,
        done: m.bool("done")?,
    })
}

/// `to_json`'s text as a `State`; the reason when it is not one.
pub(super) fn read_state(text: &str) -> Result<State, Fault> {
    let value = crate::json::read::tree(text).map_err(|e| Fault::at("", e.to_string()))?;
    let m = Members::of(&value, String::new())?;
    let time_field = match m.str("timeField")? {
        "updated" => TimeField::Updated,
        "created" => TimeField::Created,
        _ => return Err(m.wrong("timeField", "\"updated\" or \"created\"")),
    };
    let pending = match m.get("pending")? {
        Value::Array(items) => items.iter().enumerate().map(|(i, w)| span(w, format!("pending[{i}]."))).collect::<Result<VecDeque<_>, _>>()?,
        _ => return Err(m.wrong("pending", "a list")),
    };
    let optional = |name: &str| match m.fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => m.u64(name).map(Some),
    };
    let total = optional("total")?;
    let seen = match m.get("seen")? {
        Value::Object(entries) => {
            let mut seen = HashMap::with_capacity(entries.len());
            for (id, entry) in entries {
                let e = Members::of(entry, format!("seen[{}].", Value::from(id.as_str())))?;
                seen.insert(id.clone(), Seen { version: e.str("version")?.to_string(), keep_until: e.i64("keep_until")? });
            }
            seen
        }
        _ => return Err(m.wrong("seen", "an object")),
    };
    Ok(State {
        version: m.u32("version")?,
        platform: m.str("platform")?.to_string(),
        time_field,
        since: m.i64("since")?,
        until: m.i64("until")?,
        page_size: m.u64("pageSize")?,
        pending,
        page: m.u64("page")?,
        total,
        awaiting: m.bool("awaiting")?,
        passes: m.u32("passes")?,
        pass_new: m.u64("passNew")?,
        density_records: m.u64("densityRecords")?,
        density_seconds: m.u64("densitySeconds")?,
        seen,
        progress: progress(m.get("progress")?)?,
        max_body_bytes: optional("maxBodyBytes")?,
        max_records: optional("maxRecords")?,
    })
}

/// A time any sync can hold: years 1970..=9999, the instants every input accepts.
fn plausible(seconds: i64) -> bool {
    seconds.checked_mul(1000).is_some_and(|ms| time::from_epoch_ms(ms).is_ok())
}

/// Does a well-typed state hold together for its platform? Every figure the sync computes
/// with is then within bounds: times in 1970..=9999 (no arithmetic on them can wrap), windows
/// inside the range, in order and not overlapping, none longer than the platform serves, the
/// page within the sync's request bound, and `done` exactly when nothing is pending.
pub(super) fn check(state: &State, info: &PlatformInfo) -> Result<(), Fault> {
    for (name, t) in [("since", state.since), ("until", state.until)] {
        if !plausible(t) {
            return Err(Fault::at(name, "is outside 1970-01-01..9999-12-31"));
        }
    }
    if state.since > state.until {
        return Err(Fault::at("until", "is before since"));
    }
    let closed = info.closed_interval;
    let mut previous: Option<&Span> = None;
    for (i, w) in state.pending.iter().enumerate() {
        let at = |member: &str| format!("pending[{i}].{member}");
        if w.since < state.since || w.since > w.until {
            return Err(Fault::at(at("since"), "is outside the range or after its until"));
        }
        if w.until > state.until {
            return Err(Fault::at(at("until"), "is after the range's until"));
        }
        if info.max_span_seconds.is_some_and(|span| w.until - w.since > span) {
            return Err(Fault::at(at("until"), "makes the window longer than the platform serves"));
        }
        // Closed intervals: the next window starts after the previous one's last second;
        // exclusive ones may share the boundary.
        if previous.is_some_and(|p| if closed { w.since <= p.until } else { w.since < p.until }) {
            return Err(Fault::at(at("since"), "overlaps or comes before the window before it"));
        }
        previous = Some(w);
    }
    let budget = super::request_budget(state.since, state.until);
    if state.page == 0 || state.page > info.paging.page_max.min(budget) {
        return Err(Fault::at("page", format!("is not between 1 and {}", info.paging.page_max.min(budget))));
    }
    if state.page_size < info.paging.size_min || state.page_size > info.paging.size_max {
        return Err(Fault::at("pageSize", format!("is not between {} and {}", info.paging.size_min, info.paging.size_max)));
    }
    if info.time_field(state.time_field).is_none() {
        return Err(Fault::at("timeField", "is not a time field of the platform"));
    }
    for (name, bound) in [("maxBodyBytes", state.max_body_bytes), ("maxRecords", state.max_records)] {
        if bound == Some(0) {
            return Err(Fault::at(name, "is not a whole number ≥ 1"));
        }
    }
    if state.passes > MAX_PASSES {
        return Err(Fault::at("passes", format!("is more than {MAX_PASSES}")));
    }
    // Only a window that cannot be split is paged with offsets or passed over again.
    let offset_paging = state.page > 1 || state.passes > 0;
    match state.pending.front() {
        None if state.awaiting || offset_paging => return Err(Fault::at("pending", "is empty while a request is under way")),
        Some(front) if offset_paging && splittable(front, closed) => {
            return Err(Fault::at("page", "is past 1 on a window that can still be split"));
        }
        _ => {}
    }
    let progress = &state.progress;
    if progress.done != state.pending.is_empty() {
        return Err(Fault::at("progress.done", "disagrees with pending"));
    }
    if progress.windows_pending != state.pending.len() as u64 {
        return Err(Fault::at("progress.windowsPending", "disagrees with pending"));
    }
    if progress.requests > budget {
        return Err(Fault::at("progress.requests", format!("is past the sync's bound of {budget} requests")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platforms::RequestOptions;
    use crate::sync::RefundSync;
    use serde_json::json;

    /// A state with every member set away from its default: two windows, a seen record, a
    /// total and progress.
    fn state() -> Value {
        // 旺店通 spans at most 30 days: two windows
        let range = json!({ "since": "2026-09-01 00:00:00", "until": "2026-10-20 00:00:00", "pageSize": 20 });
        let sync = RefundSync::new("wangdiantong", &range, &RequestOptions::at(1_795_305_600)).unwrap();
        let mut state: Value = serde_json::from_str(&sync.to_json()).unwrap();
        state["timeField"] = json!("created"); // read here; whether the platform has it is from_json's check
        state["total"] = json!(41);
        state["page"] = json!(2);
        state["seen"] = json!({ "R\"1": { "version": "#0123456789abcdef", "keep_until": 1_763_000_000 } });
        state["progress"]["requests"] = json!(3);
        state["progress"]["done"] = json!(true);
        state
    }

    fn broken_path() -> String {
        let mut s = state();
        s["pending"][1]["until"] = json!("soon");
        s.to_string()
    }

    fn why(state: &Value) -> String {
        read_state(&state.to_string()).err().unwrap_or_else(|| panic!("read: {state}")).to_string()
    }

    #[test]
    fn reads_back_what_to_json_wrote() {
        let text = state().to_string();
        let read = read_state(&text).unwrap();
        assert_eq!(serde_json::to_value(&read).unwrap(), state());
        assert_eq!((read.time_field, read.total, read.page, read.page_size), (TimeField::Created, Some(41), 2, 20));
        assert_eq!(read.seen["R\"1"], Seen { version: "#0123456789abcdef".into(), keep_until: 1_763_000_000 });
        assert!(read.pending.len() == 2 && read.progress.done && read.progress.requests == 3);
    }

    #[test]
    fn unknown_members_are_ignored_and_total_may_be_absent_or_null() {
        let mut s = state();
        s["later"] = json!({ "x": 1 });
        s["progress"]["later"] = json!(1);
        assert!(read_state(&s.to_string()).is_ok());
        for total in [None, Some(Value::Null)] {
            let mut s = state();
            match total {
                None => drop(s.as_object_mut().unwrap().remove("total")),
                Some(t) => s["total"] = t,
            }
            assert_eq!(read_state(&s.to_string()).unwrap().total, None);
        }
    }

    #[test]
    fn names_a_member_missing_or_of_the_wrong_type() {
        let broken = |edit: &dyn Fn(&mut Value)| {
            let mut s = state();
            edit(&mut s);
            why(&s)
        };
        assert_eq!(broken(&|s| drop(s.as_object_mut().unwrap().remove("pageSize"))), "pageSize is missing");
        assert_eq!(broken(&|s| s["pageSize"] = json!(-1)), "pageSize is not a whole number ≥ 0");
        assert_eq!(broken(&|s| s["pageSize"] = json!(20.0)), "pageSize is not a whole number ≥ 0");
        assert_eq!(broken(&|s| s["version"] = json!(1u64 << 32)), "version is not a whole number of 32 bits");
        assert_eq!(broken(&|s| s["since"] = json!("2026-11-01")), "since is not a whole number");
        assert_eq!(broken(&|s| s["awaiting"] = json!(0)), "awaiting is not true or false");
        assert_eq!(broken(&|s| s["platform"] = json!(7)), "platform is not a string");
        assert_eq!(broken(&|s| s["timeField"] = json!("paid")), "timeField is not \"updated\" or \"created\"");
        assert_eq!(broken(&|s| s["total"] = json!("41")), "total is not a whole number ≥ 0");
        assert_eq!(broken(&|s| s["pending"] = json!({})), "pending is not a list");
        assert_eq!(broken(&|s| s["pending"][1] = json!([1, 2])), "pending[1] is not an object");
        assert_eq!(broken(&|s| drop(s["pending"][1].as_object_mut().unwrap().remove("until"))), "pending[1].until is missing");
        assert_eq!(broken(&|s| s["seen"] = json!([])), "seen is not an object");
        assert_eq!(broken(&|s| s["seen"]["R\"1"]["keep_until"] = json!(null)), "seen[\"R\\\"1\"].keep_until is not a whole number");
        assert_eq!(broken(&|s| s["progress"] = json!(null)), "progress is not an object");
        assert_eq!(broken(&|s| s["progress"]["windowsDone"] = json!(true)), "progress.windowsDone is not a whole number ≥ 0");
        assert_eq!(why(&json!([])), "not an object");
        assert!(read_state("{").unwrap_err().why.contains("unexpected end"));
        assert_eq!(read_state("[]").unwrap_err().path, "");
        assert_eq!(read_state(&broken_path()).unwrap_err().path, "pending[1].until");
    }
}
