//! Incremental sync over a time range: windows × pages, deduplicated, resumable, no I/O.
//!
//! The host loop is `next()` → fetch → `accept()` until `next()` says done. The state is
//! plain JSON (`to_json` / `from_json`), so a Worker can keep it between invocations.
//!
//! # How it stays correct without relying on an order
//!
//! No vendor doc says in what order results come back, and offset paging over a result set
//! that changes while you page skips or repeats records. So the sync avoids offset paging:
//! it asks for **page 1 of a window** with the largest page size, and
//! - if the page holds the whole window (short page, `hasMore: false`, or a total that fits),
//!   the window is done in one atomic request, and its records are emitted;
//! - otherwise the window is split into pieces meant to be two-thirds full (from the total
//!   when the platform says one, else from the density of the windows done so far, else in
//!   halves) and the probe page's records are *not* emitted: the pieces fetch them again,
//!   each in one request.
//!
//! A window of one second that still overflows cannot be split; only then does the sync page
//! through it with offsets, deduplicated, and it goes through that second again until a pass
//! finds nothing new (a record that moves away during a pass shifts the ones after it). After
//! four passes that still found something, the page warns.
//!
//! Records are emitted once per version: a record whose (id, `updatedAt`) was already emitted
//! in this sync, or an older one, is skipped; one that changed again is emitted again. Without
//! an `updatedAt` (苏宁) the version is a fingerprint of the record's content.
//!
//! # Memory
//!
//! The dedup set keeps an entry per emitted record only while it can still matter: an entry
//! is dropped once the sync has moved past its record's time (in the window's time field), and
//! an entry without such a time (苏宁 has no update time) once the window after its own is
//! done. So it is O(records in the current window), never O(all records), and `to_json` stays
//! small.

use crate::error::{ErrorCode, RefundError};
use crate::model::{PlatformId, Refund, RefundPage, Warning, WarningCode};
use crate::platforms::{self, Credentials, ParseOptions, Platform, PlatformInfo, RequestOptions};
use crate::query::{Query, TimeField};
use crate::{sign, time};
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};

mod restore;

const STATE_VERSION: u32 = 1;
/// Most passes over one unsplittable window (a second with more than a page of records).
const MAX_PASSES: u32 = 4;
/// Most requests a sync makes for each 30 days of its range (a shorter range counts as 30
/// days): a server that keeps answering "more" ends in `too_large` instead of a loop. At two
/// thirds of a page per request that is 266,000 refunds a month at 蘑菇街's 20 a page and
/// 1,330,000 at 100 a page.
pub const REQUESTS_PER_30_DAYS: u64 = 20_000;
/// Most pieces one split makes, whatever total the platform claims: the pending list (and the
/// state) stays small, and a piece that still overflows is split again.
const MAX_PIECES: u64 = 1_000;

/// The most requests a sync of `[since, until]` makes (the range is checked to lie within
/// 1970..=9999, so the subtraction cannot wrap; saturating all the same).
fn request_budget(since: i64, until: i64) -> u64 {
    let months = u64::try_from(until.saturating_sub(since)).unwrap_or(0) / (30 * time::DAY as u64) + 1;
    months.saturating_mul(REQUESTS_PER_30_DAYS)
}

/// A window still to fetch; times are Unix seconds, both ends as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Span {
    since: i64,
    until: i64,
}

/// One emitted record's version, kept for deduplication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct Seen {
    /// `updatedAt`, or `#` + a content fingerprint when the platform gives no update time.
    version: String,
    /// Drop the entry once the sync's windows start after this second.
    keep_until: i64,
}

/// What the sync has done so far, for progress displays.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Responses accepted.
    pub requests: u64,
    /// Windows fetched completely.
    pub windows_done: u64,
    /// Windows split because one page could not hold them.
    pub windows_split: u64,
    /// Windows still to fetch (grows when one is split).
    pub windows_pending: u64,
    pub refunds_emitted: u64,
    pub duplicates_skipped: u64,
    pub rejected: u64,
    pub done: bool,
}

/// The whole resumable state.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct State {
    version: u32,
    platform: String,
    time_field: TimeField,
    since: i64,
    until: i64,
    page_size: u64,
    pending: VecDeque<Span>,
    /// The page being fetched in the first pending window (1 unless paging an unsplittable one).
    page: u64,
    /// The total the first page of the current window reported (旺店通 says it only there).
    total: Option<u64>,
    /// Has `next()` handed out a request that `accept()` has not consumed yet?
    awaiting: bool,
    /// Passes made over the current unsplittable window, and what the current pass found new.
    passes: u32,
    pass_new: u64,
    /// Records and seconds of the windows fetched in one page so far: how to split a window
    /// when the platform gives no total.
    density_records: u64,
    density_seconds: u64,
    seen: HashMap<String, Seen>,
    progress: Progress,
    /// `maxBodyBytes` / `maxRecords` given to the constructor, applied to every `accept`.
    #[serde(skip_serializing_if = "Option::is_none")]
    max_body_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_records: Option<u64>,
}

/// The sync state machine.
#[derive(Debug, Clone)]
pub struct RefundSync {
    state: State,
    platform: &'static dyn Platform,
}

fn invalid_state(message: &str, message_zh: &str) -> RefundError {
    RefundError::new(ErrorCode::InvalidState, message, message_zh)
}

/// Splits `[since, until]` into `pieces` contiguous windows (sharing boundaries on platforms
/// whose `until` may be exclusive, one second apart on closed-interval ones).
fn split(span: Span, pieces: u64, closed: bool) -> Vec<Span> {
    // Windows lie within 1970..=9999 (`restore::check`, `plan_windows`): no overflow here.
    let length = span.until - span.since + i64::from(closed);
    let pieces = i64::try_from(pieces.clamp(2, MAX_PIECES)).unwrap_or(2).min(length.max(1));
    let mut out = Vec::with_capacity(pieces as usize);
    let mut start = span.since;
    for i in 1..=pieces {
        let boundary = span.since + length * i / pieces;
        let end = if closed { boundary - 1 } else { boundary };
        let end = end.min(span.until);
        out.push(Span { since: start, until: end });
        start = if closed { end + 1 } else { end };
    }
    out
}

/// Can this window still be split?
fn splittable(span: &Span, closed: bool) -> bool {
    if closed {
        span.until > span.since
    } else {
        span.until - span.since >= 2
    }
}

fn fingerprint(refund: &Refund<'_>) -> String {
    let mut copy = refund.clone();
    copy.raw = None;
    let text = serde_json::to_string(&copy).unwrap_or_default();
    let mut version = String::from("#");
    version.push_str(&sign::md5_lower(text.as_bytes())[..16]);
    version
}

impl RefundSync {
    /// Plans the sync of `{ since, until, timeField?, pageSize? }`; the range is checked like
    /// `planWindows` (a range the platform can never serve is an error, never a silent cut).
    /// `options.maxBodyBytes` / `maxRecords` bound every response `accept` takes.
    pub fn new(platform_id: &str, range: &Value, options: &RequestOptions) -> Result<RefundSync, RefundError> {
        let platform = platforms::lookup(platform_id)?;
        let limits = crate::limits::Limits::from_options(&options.extra)?;
        let info = platform.info();
        let mut range = range.clone();
        let page_size = match range.as_object_mut().and_then(|m| m.remove("pageSize")) {
            None | Some(Value::Null) => info.paging.size_max,
            Some(v) => {
                let size = crate::query::whole_number("pageSize", &v).map_err(|i| RefundError::invalid_query(vec![i]))?;
                if size < info.paging.size_min || size > info.paging.size_max {
                    return Err(RefundError::invalid_query(vec![crate::Issue::out_of_range(
                        "pageSize",
                        info.paging.size_min as i64,
                        info.paging.size_max as i64,
                    )]));
                }
                size
            }
        };
        let windows = crate::plan_windows(platform_id, &range, options)?;
        let (query, _) = Query::from_json(&range);
        let time_field = query.time_field.unwrap_or(info.time_fields[0].field);
        let (Some(first), Some(last)) = (windows.first(), windows.last()) else {
            return Err(invalid_state("the range gave no windows", "该时间范围没有可查询的窗口"));
        };
        let pending: VecDeque<Span> = windows.iter().map(|w| Span { since: w.since, until: w.until }).collect();
        let progress = Progress { windows_pending: pending.len() as u64, ..Progress::default() };
        Ok(RefundSync {
            state: State {
                version: STATE_VERSION,
                platform: info.id.as_str().to_string(),
                time_field,
                since: first.since,
                until: last.until,
                page_size,
                pending,
                page: 1,
                total: None,
                awaiting: false,
                passes: 0,
                pass_new: 0,
                density_records: 0,
                density_seconds: 0,
                seen: HashMap::new(),
                progress,
                max_body_bytes: limits.max_body_bytes,
                max_records: limits.max_records,
            },
            platform,
        })
    }

    fn info(&self) -> &'static PlatformInfo {
        self.platform.info()
    }

    pub fn platform(&self) -> PlatformId {
        self.info().id
    }

    pub fn progress(&self) -> &Progress {
        &self.state.progress
    }

    pub fn is_done(&self) -> bool {
        self.state.pending.is_empty()
    }

    /// The most requests this sync makes ([`REQUESTS_PER_30_DAYS`] per 30 days of its range).
    pub fn request_budget(&self) -> u64 {
        request_budget(self.state.since, self.state.until)
    }

    /// The `maxBodyBytes` every response is held to, if one was given.
    pub fn max_body_bytes(&self) -> Option<u64> {
        self.state.max_body_bytes
    }

    /// The query of the current request, if any.
    fn current_query(&self) -> Option<Query> {
        let span = self.state.pending.front()?;
        Some(Query {
            since: Some(span.since),
            until: Some(span.until),
            time_field: Some(self.state.time_field),
            page: Some(self.state.page),
            page_size: Some(self.state.page_size),
            ..Query::default()
        })
    }

    /// The next signed request, or `None` when the sync is done. Calling it again before
    /// `accept` gives the same request freshly signed (a retry).
    pub fn next_request(&mut self, credentials: &Value, options: &RequestOptions) -> Result<Option<crate::SignedRequest>, RefundError> {
        let Some(query) = self.current_query() else { return Ok(None) };
        let budget = self.request_budget();
        if self.state.progress.requests >= budget {
            return Err(RefundError::new(
                ErrorCode::TooLarge,
                format!("the sync has made its {budget} requests (at most {REQUESTS_PER_30_DAYS} per 30 days of the range) and the platform still says there is more: stopped instead of looping"),
                format!("同步已发出 {budget} 个请求(每 30 天范围最多 {REQUESTS_PER_30_DAYS} 个),平台仍表示还有更多:已停止,避免无限循环"),
            ));
        }
        let credentials = Credentials::from_json(credentials)?;
        credentials.check(self.platform.info().credentials)?;
        options.check_known(self.platform.info())?;
        let request = self.platform.build_request(&credentials, &query, options)?;
        let request = crate::with_endpoint(request, options)?;
        self.state.awaiting = true;
        Ok(Some(request))
    }

    /// Consumes the response to the last request: returns the refunds not emitted before in
    /// this sync and advances. On any error the cursor stays where it was, so the host can
    /// retry with a fresh `next_request`.
    pub fn accept<'a>(&mut self, body: &'a [u8]) -> Result<RefundPage<'a>, RefundError> {
        self.accept_response(body, None)
    }

    /// [`accept`](Self::accept) with the HTTP status the body came with, so a 429 or 5xx is
    /// a retryable `http_error`.
    pub fn accept_response<'a>(&mut self, body: &'a [u8], http_status: Option<u16>) -> Result<RefundPage<'a>, RefundError> {
        if !self.state.awaiting {
            return Err(invalid_state(
                "accept() needs the response to the request next() returned",
                "accept() 只接受 next() 所返回请求的响应",
            ));
        }
        let query = self.current_query().ok_or_else(|| invalid_state("the sync is already done", "同步已经完成"))?;
        let limits = crate::limits::Limits { max_body_bytes: self.state.max_body_bytes, max_records: self.state.max_records };
        let options = ParseOptions { query: Some(query), total: self.state.total, http_status, limits, ..ParseOptions::default() };
        let mut page = crate::parse_page(self.platform, body, &options)?;

        // From here on the response is good: advance.
        let state = &mut self.state;
        state.awaiting = false;
        state.progress.requests += 1;
        let closed = self.platform.info().closed_interval;
        let Some(span) = state.pending.front().copied() else {
            return Err(invalid_state("the sync is already done", "同步已经完成"));
        };
        let count = (page.refunds.len() + page.rejected.len()) as u64;
        let window_total = page.page.total.or(state.total);
        let more = match page.page.has_more {
            Some(more) => more,
            None => match window_total {
                Some(total) => state.page.saturating_mul(state.page_size) < total,
                None => count >= state.page_size,
            },
        };

        if state.page == 1 && more && splittable(&span, closed) {
            // Too big for one atomic request: split, emit nothing (the pieces fetch it all).
            // Aim for pieces two-thirds full: from the total when the platform says it, else
            // from the density of the windows done so far (蘑菇街 says only `hasNext`).
            let expected = window_total.or_else(|| {
                let length = u64::try_from(span.until - span.since).unwrap_or(0).max(1);
                (state.density_seconds > 0).then(|| state.density_records.saturating_mul(length) / state.density_seconds)
            });
            let pieces = expected.map_or(2, |n| (n.saturating_mul(3) / state.page_size.saturating_mul(2)).saturating_add(1));
            state.pending.pop_front();
            for piece in split(span, pieces, closed).into_iter().rev() {
                state.pending.push_front(piece);
            }
            state.progress.windows_split += 1;
            state.progress.windows_pending = state.pending.len() as u64;
            page.refunds.clear();
            page.rejected.clear();
            page.warnings.clear();
            return Ok(page);
        }

        let emitted = self.emit(&mut page, span);
        let state = &mut self.state;
        let offset_paging = state.page > 1 || state.passes > 0 || more;
        if offset_paging {
            state.pass_new += emitted;
        }
        if more && state.page < self.platform.info().paging.page_max {
            // An unsplittable one-second window: page through it.
            state.total = window_total;
            state.page += 1;
            if state.page == 2 {
                let second = time::format_rfc3339(span.since);
                page.warnings.push(Warning::new(
                    WarningCode::OffsetPaging,
                    format!("more than {} records share the second {second}: paging through it with offsets", state.page_size),
                    format!("超过 {} 条记录处于同一秒 {second}:在这一秒内按页码翻页", state.page_size),
                ));
            }
        } else if offset_paging && state.pass_new > 0 && state.passes < MAX_PASSES {
            // Offset paging over live data skips a record whenever one before it moves away:
            // go through the second again until a pass finds nothing new.
            state.passes += 1;
            state.pass_new = 0;
            state.page = 1;
            state.total = None;
        } else {
            if !offset_paging {
                state.density_records += count;
                state.density_seconds += u64::try_from(span.until - span.since).unwrap_or(0).max(1);
            }
            if more {
                page.warnings.push(Warning::new(
                    WarningCode::LastPage,
                    format!("stopped at the platform's last page {}: records beyond it are not reachable", state.page),
                    format!("已到平台允许的最后一页 {}:之后的记录无法取得", state.page),
                ));
            }
            if offset_paging && state.pass_new > 0 {
                let second = time::format_rfc3339(span.since);
                page.warnings.push(Warning::new(
                    WarningCode::StillChanging,
                    format!("the second {second} still changed after {MAX_PASSES} passes"),
                    format!("读取 {MAX_PASSES} 遍后,{second} 这一秒的记录仍在变化"),
                ));
            }
            state.pending.pop_front();
            state.page = 1;
            state.total = None;
            state.passes = 0;
            state.pass_new = 0;
            state.progress.windows_done += 1;
            state.progress.windows_pending = state.pending.len() as u64;
            if let Some(next) = state.pending.front() {
                let next_since = next.since;
                // Entries whose record time lies before the next window can no longer recur
                // (timeless ones once their top-level window is behind).
                state.seen.retain(|_, seen| seen.keep_until >= next_since);
            } else {
                state.seen.clear();
            }
        }
        state.progress.done = state.pending.is_empty();
        Ok(page)
    }

    /// Keeps only refunds not emitted before (same id, same or older version) and records
    /// them; returns how many were new.
    fn emit(&mut self, page: &mut RefundPage<'_>, span: Span) -> u64 {
        let time_field = self.state.time_field;
        let seen = &mut self.state.seen;
        let mut skipped = 0u64;
        page.refunds.retain(|refund| {
            let version = refund.updated_at.clone().unwrap_or_else(|| fingerprint(refund));
            if let Some(old) = seen.get(refund.id.as_ref()) {
                let older_or_same = old.version == version || (!version.starts_with('#') && !old.version.starts_with('#') && version < old.version);
                if older_or_same {
                    skipped += 1;
                    return false;
                }
            }
            let record_time = match time_field {
                TimeField::Updated => refund.updated_at.as_deref(),
                TimeField::Created => refund.created_at.as_deref(),
            }
            .and_then(|t| time::parse_rfc3339(t).ok());
            // Without a time, a record can recur only on the boundary shared with the next
            // window (platforms whose `until` may be exclusive): keep it until then.
            seen.insert(refund.id.to_string(), Seen { version, keep_until: record_time.unwrap_or(span.until) });
            true
        });
        let progress = &mut self.state.progress;
        progress.duplicates_skipped += skipped;
        progress.refunds_emitted += page.refunds.len() as u64;
        progress.rejected += page.rejected.len() as u64;
        page.refunds.len() as u64
    }

    /// The whole state as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.state).unwrap_or_default()
    }

    /// Restores a state from `to_json`; a state that does not hold together is `invalid_state`.
    pub fn from_json(text: &str) -> Result<RefundSync, RefundError> {
        let broken = |fault: restore::Fault| {
            let zh = match fault.path.as_str() {
                "" => "不是有效的 RefundSync 状态".to_string(),
                path => format!("不是有效的 RefundSync 状态:{path} 有误"),
            };
            let mut e = invalid_state(&format!("not a RefundSync state: {fault}"), &zh);
            e.path = (!fault.path.is_empty()).then_some(fault.path);
            e
        };
        let state = restore::read_state(text).map_err(broken)?;
        if state.version != STATE_VERSION {
            return Err(broken(restore::Fault { path: "version".into(), why: format!("is {} (expected {STATE_VERSION})", state.version) }));
        }
        let platform = platforms::lookup(&state.platform).map_err(|_| broken(restore::Fault { path: "platform".into(), why: "is not a known platform".into() }))?;
        restore::check(&state, platform.info()).map_err(broken)?;
        Ok(RefundSync { state, platform })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(since: i64, until: i64) -> Span {
        Span { since, until }
    }

    #[test]
    fn closed_splits_leave_no_gap_and_no_overlap() {
        let pieces = split(span(0, 99), 3, true);
        assert_eq!(pieces.iter().map(|p| (p.since, p.until)).collect::<Vec<_>>(), [(0, 32), (33, 65), (66, 99)]);
        let halves = split(span(10, 11), 2, true);
        assert_eq!(halves.iter().map(|p| (p.since, p.until)).collect::<Vec<_>>(), [(10, 10), (11, 11)]);
        assert!(!splittable(&span(5, 5), true));
    }

    #[test]
    fn open_splits_share_boundaries() {
        let pieces = split(span(0, 100), 4, false);
        assert_eq!(pieces.iter().map(|p| (p.since, p.until)).collect::<Vec<_>>(), [(0, 25), (25, 50), (50, 75), (75, 100)]);
        assert!(!splittable(&span(5, 6), false));
        assert_eq!(split(span(5, 7), 9, false).len(), 2);
    }
}
