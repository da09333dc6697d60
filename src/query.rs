//! The unified query, read leniently from JSON with every problem reported as an [`Issue`],
//! the shared validation rules every platform states as data, and time windows.

use crate::error::{Issue, Limit};
use crate::time;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// Native request params in the order they are sent. Names are mostly the platform's own
/// constants: borrowed, not a `String` each (a tenth of a signature's allocations).
pub type Params = Vec<(Cow<'static, str>, String)>;

/// Serializes `[(k, v)]` as a JSON object, keeping the order.
pub fn pairs_as_map<K: AsRef<str>, V: Serialize, S: Serializer>(pairs: &[(K, V)], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k.as_ref(), v)?;
    }
    map.end()
}

/// Which timestamp a range filters on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeField {
    Updated,
    Created,
}

impl TimeField {
    pub fn as_str(self) -> &'static str {
        match self {
            TimeField::Updated => "updated",
            TimeField::Created => "created",
        }
    }
}

/// The platform-neutral query of DESIGN.md, already type-checked. Times are Unix seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub time_field: Option<TimeField>,
    /// 1-based on every platform.
    pub page: Option<u64>,
    pub page_size: Option<u64>,
    pub status: Option<String>,
    pub shop_id: Option<String>,
    pub order_id: Option<String>,
    pub refund_id: Option<String>,
    /// Extra native params, checked against the platform's doc.
    pub params: Params,
}

/// Reads a time input: Beijing `yyyy-MM-dd HH:mm:ss`, RFC 3339, or epoch milliseconds.
pub fn time_input(field: &str, value: &Value) -> Result<i64, Issue> {
    let bad_format = |e: time::TimeError| match e {
        time::TimeError::LooksLikeSeconds => Issue::new(
            field,
            "looks_like_seconds",
            format!("{field}: {value} is before 2000 as epoch milliseconds; epoch seconds? Give milliseconds or a time text"),
            format!("{field}:{value} 作为毫秒时间戳早于 2000 年,是否给的是秒级时间戳?请给出毫秒时间戳或时间字符串"),
        ),
        _ => Issue::new(
            field,
            if e == time::TimeError::Format { "invalid_format" } else { "invalid_value" },
            format!("{field}: {e}"),
            format!("{field}:时间无效,应为 yyyy-MM-dd HH:mm:ss(北京时间)、RFC 3339 或毫秒时间戳"),
        ),
    };
    match value {
        Value::String(s) => time::parse_text(s).map_err(bad_format),
        Value::Number(n) => match n.as_i64() {
            Some(ms) => time::caller_epoch_ms(ms).map_err(bad_format),
            None => Err(Issue::invalid_type(field, "a whole number of epoch milliseconds", "整数毫秒时间戳")),
        },
        _ => Err(Issue::invalid_type(field, "a time string or epoch milliseconds", "时间字符串或毫秒时间戳")),
    }
}

/// Reads a positive integer given as a JSON number or a digit string.
pub fn whole_number(field: &str, value: &Value) -> Result<u64, Issue> {
    let wrong = || Issue::invalid_type(field, "a whole number", "整数");
    match value {
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(v), _) => Ok(v),
            (None, Some(_)) => Err(Issue::out_of_range(field, 1, i64::MAX)),
            _ => Err(wrong()),
        },
        Value::String(s) if !s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().map_err(|_| wrong())
        }
        _ => Err(wrong()),
    }
}

/// Reads an id or code: a string, or a whole number that is still exact (≤ 2^53).
pub fn id_text(field: &str, value: &Value) -> Result<String, Issue> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) if n.as_u64().is_some_and(|v| v <= 1 << 53) || n.as_i64().is_some_and(|v| v.unsigned_abs() <= 1 << 53) => {
            Ok(n.to_string())
        }
        _ => Err(Issue::invalid_type(field, "a string (ids above 2^53 lose digits as numbers)", "字符串(超过 2^53 的数字会丢失精度)")),
    }
}

impl Query {
    /// Type-checks a JSON query; every field's problem is reported, unknown fields too.
    pub fn from_json(value: &Value) -> (Query, Vec<Issue>) {
        let mut query = Query::default();
        let mut issues = Vec::new();
        let map = match value {
            Value::Object(map) => map,
            Value::Null => return (query, issues),
            _ => {
                issues.push(Issue::invalid_type("query", "an object", "对象"));
                return (query, issues);
            }
        };
        for (key, v) in map {
            if v.is_null() {
                continue; // `undefined` / `null` mean "not given"
            }
            let outcome: Result<(), Issue> = (|| {
                match key.as_str() {
                    "since" => query.since = Some(time_input(key, v)?),
                    "until" => query.until = Some(time_input(key, v)?),
                    "timeField" => {
                        query.time_field = Some(match v.as_str() {
                            Some("updated") => TimeField::Updated,
                            Some("created") => TimeField::Created,
                            _ => {
                                return Err(Issue::new(
                                    key,
                                    "invalid_value",
                                    "timeField must be \"updated\" or \"created\"",
                                    "timeField 只能是 \"updated\" 或 \"created\"",
                                ))
                            }
                        })
                    }
                    "page" => query.page = Some(whole_number(key, v)?),
                    "pageSize" => query.page_size = Some(whole_number(key, v)?),
                    "status" => query.status = Some(id_text(key, v)?),
                    "shopId" => query.shop_id = Some(id_text(key, v)?),
                    "orderId" => query.order_id = Some(id_text(key, v)?),
                    "refundId" => query.refund_id = Some(id_text(key, v)?),
                    "params" => query.params = native_params(v)?,
                    _ => {
                        return Err(Issue::new(
                            key.as_str(),
                            "unknown_param",
                            format!("unknown query field {key:?}; native params go in query.params"),
                            format!("未知查询字段 {key:?};平台原生参数请放在 query.params 中"),
                        ))
                    }
                }
                Ok(())
            })();
            if let Err(issue) = outcome {
                issues.push(issue);
            }
        }
        (query, issues)
    }
}

fn native_params(value: &Value) -> Result<Params, Issue> {
    let map: &Map<String, Value> = value
        .as_object()
        .ok_or_else(|| Issue::invalid_type("params", "an object of strings", "字符串对象"))?;
    map.iter()
        .map(|(k, v)| {
            let field = format!("params.{k}");
            match v {
                Value::String(s) => Ok((k.clone().into(), s.clone())),
                Value::Number(_) => id_text(&field, v).map(|s| (k.clone().into(), s)),
                _ => Err(Issue::invalid_type(&field, "a string", "字符串")),
            }
        })
        .collect()
}

/// One time window of a range, inclusive of `since`; `until` inclusive on closed-interval
/// platforms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub since: i64,
    pub until: i64,
}

impl Serialize for Window {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("since", &time::format_rfc3339(self.since))?;
        map.serialize_entry("until", &time::format_rfc3339(self.until))?;
        map.end()
    }
}

/// Splits `[since, until]` into windows no longer than `max_span` seconds, in order, with no
/// gap and no overlap. With `closed` (both ends inclusive) a window ends one second before the
/// next starts; otherwise the next starts where the last ended.
pub fn split_windows(since: i64, until: i64, max_span: Option<i64>, closed: bool) -> Vec<Window> {
    let Some(span) = max_span.filter(|s| *s > 0) else {
        return vec![Window { since, until }];
    };
    let mut windows = Vec::new();
    let mut start = since;
    loop {
        let end = start.saturating_add(span).min(until);
        windows.push(Window { since: start, until: end });
        if end >= until {
            break;
        }
        start = if closed { end + 1 } else { end };
        if closed && start > until {
            break;
        }
    }
    windows
}

/// Adds a span issue when `[since, until]` is longer than the platform allows.
pub fn check_span(issues: &mut Vec<Issue>, since: i64, until: i64, max_span: i64) {
    if until - since > max_span {
        let days = max_span / time::DAY;
        issues.push(
            Issue::new(
                "until",
                "span_too_long",
                format!("since..until may span at most {days} days"),
                format!("since 到 until 的跨度不能超过 {days} 天"),
            )
            .with_limit(Limit::Text(format!("{days} days"))),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_every_field_and_reports_every_problem() {
        let (q, issues) = Query::from_json(&json!({
            "since": "2024-01-01 00:00:00", "until": 1704124800000_i64, "page": 2, "pageSize": "40",
            "status": 5, "shopId": "s1", "params": {"platform_id": "127"}
        }));
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(q.since, Some(1_704_038_400));
        assert_eq!(q.until, Some(1_704_124_800));
        assert_eq!(q.page, Some(2));
        assert_eq!(q.page_size, Some(40));
        assert_eq!(q.status.as_deref(), Some("5"));
        assert_eq!(q.params, vec![("platform_id".into(), "127".to_string())]);

        let (_, issues) = Query::from_json(&json!({
            "since": "2024-02-30 25:00:00", "page": -1, "pageSize": 1.5, "orderId": 9007199254740993_u64,
            "pagesize": 10, "timeField": "paid"
        }));
        let fields: Vec<_> = issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
        assert_eq!(
            fields,
            [
                ("orderId", "invalid_type"),
                ("page", "out_of_range"),
                ("pageSize", "invalid_type"),
                ("pagesize", "unknown_param"),
                ("since", "invalid_value"),
                ("timeField", "invalid_value"),
            ]
        );
        assert!(issues.iter().all(|i| !i.message_zh.is_empty()));
    }

    #[test]
    fn windows_cover_without_gap_or_overlap() {
        let day = time::DAY;
        let w = split_windows(0, 95 * day, Some(30 * day), true);
        assert_eq!(w[0], Window { since: 0, until: 30 * day });
        assert_eq!(w[1].since, 30 * day + 1);
        assert_eq!(w.last().unwrap().until, 95 * day);
        for pair in w.windows(2) {
            assert_eq!(pair[1].since, pair[0].until + 1);
        }
        let open = split_windows(0, 95 * day, Some(30 * day), false);
        assert_eq!(open.len(), 4);
        assert_eq!(open[1].since, open[0].until);
        assert_eq!(split_windows(5, 5, Some(day), true), vec![Window { since: 5, until: 5 }]);
    }
}
