//! The one error type and the validation issue, each with an English and a Chinese message.
//!
//! Every failure the crate can report is a [`RefundError`]; the wasm facade turns it into the
//! JavaScript `RefundError` class in one place. Messages never carry secret values: they
//! name fields, never echo credentials.

use serde::Serialize;
use std::fmt;

/// What kind of failure, stable for programs to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The query has issues; `issues` lists them all.
    InvalidQuery,
    /// A credential field is missing or of the wrong type.
    InvalidCredentials,
    /// An options argument is malformed (`now`, `operation`, ...).
    InvalidOptions,
    /// The body is not this platform's response (malformed, wrong shape, not UTF-8).
    InvalidBody,
    /// The platform answered with its own error envelope.
    PlatformError,
    /// The HTTP status says the server or a proxy failed (429, 5xx) and the body is not the
    /// platform's answer: retryable.
    HttpError,
    /// The platform id is not one of `PlatformId::IDS`.
    UnknownPlatform,
    /// The platform has no such feature (e.g. a signature for 诺云).
    NotSupported,
    /// A sync cursor was used out of turn or restored from a broken state.
    InvalidState,
    /// Over a bound: a body or page over `maxBodyBytes` / `maxRecords`, or a sync past its
    /// request bound. Not retryable unchanged.
    TooLarge,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidQuery => "invalid_query",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::InvalidOptions => "invalid_options",
            ErrorCode::InvalidBody => "invalid_body",
            ErrorCode::PlatformError => "platform_error",
            ErrorCode::HttpError => "http_error",
            ErrorCode::UnknownPlatform => "unknown_platform",
            ErrorCode::NotSupported => "not_supported",
            ErrorCode::InvalidState => "invalid_state",
            ErrorCode::TooLarge => "too_large",
        }
    }
}

/// An optional bound that an issue refers to: a number (`100`) or a text (`"30 days"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Limit {
    Number(i64),
    Text(String),
}

/// One problem with one field of a query; validation reports all of them at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    /// The unified field (`pageSize`, `since`, ...) or `params.<native>` for native params.
    pub field: String,
    /// `required`, `invalid_type`, `invalid_format`, `out_of_range`, `span_too_long`,
    /// `order`, `not_supported`, `requires`, `conflict`, `unknown_param`, `invalid_value`.
    pub code: &'static str,
    pub message: String,
    pub message_zh: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
}

// Every constructor below is `#[cold]` and `#[inline(never)]`: errors are the rare path, and
// inlined at each of their hundreds of call sites they were 22 KB of the wasm
// (docs/performance.md).
impl Issue {
    #[cold]
    #[inline(never)]
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>, message_zh: impl Into<String>) -> Issue {
        Issue { field: field.into(), code, message: message.into(), message_zh: message_zh.into(), limit: None }
    }

    #[cold]
    #[inline(never)]
    pub fn with_limit(mut self, limit: Limit) -> Issue {
        self.limit = Some(limit);
        self
    }

    #[cold]
    #[inline(never)]
    pub fn required(field: &str) -> Issue {
        Issue::new(field, "required", format!("{field} is required"), format!("{field} 为必填项"))
    }

    #[cold]
    #[inline(never)]
    pub fn invalid_type(field: &str, expected: &str, expected_zh: &str) -> Issue {
        Issue::new(
            field,
            "invalid_type",
            format!("{field} must be {expected}"),
            format!("{field} 必须是{expected_zh}"),
        )
    }

    #[cold]
    #[inline(never)]
    pub fn out_of_range(field: &str, min: i64, max: i64) -> Issue {
        Issue::new(
            field,
            "out_of_range",
            format!("{field} must be between {min} and {max}"),
            format!("{field} 必须在 {min} 到 {max} 之间"),
        )
        .with_limit(Limit::Number(if max == i64::MAX { min } else { max }))
    }

    #[cold]
    #[inline(never)]
    pub fn not_supported(field: &str, platform_en: &str, platform_zh: &str) -> Issue {
        Issue::new(
            field,
            "not_supported",
            format!("{platform_en} cannot filter by {field}"),
            format!("{platform_zh}不支持按 {field} 筛选"),
        )
    }
}

/// The crate's error: a code, bilingual messages and, for platform envelopes, what the
/// platform said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundError {
    pub code: ErrorCode,
    pub message: String,
    pub message_zh: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_message: Option<String>,
    /// The platform's finer code under `platform_code` (淘宝/天猫 `sub_code`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_sub_code: Option<String>,
    /// Worth retrying unchanged (rate limit, time skew, server trouble).
    pub retryable: bool,
    /// How long the platform asked to wait before the retry, when it said (淘宝/天猫 "This ban
    /// will last for N more seconds").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<Issue>,
    /// Where in the body or arguments it went wrong (`trade_list[3].refund_amount`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The HTTP status of an `http_error` (the answer the platform's body was not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
}

impl RefundError {
    #[cold]
    #[inline(never)]
    pub fn new(code: ErrorCode, message: impl Into<String>, message_zh: impl Into<String>) -> RefundError {
        RefundError {
            code,
            message: message.into(),
            message_zh: message_zh.into(),
            platform_code: None,
            platform_message: None,
            platform_sub_code: None,
            retryable: false,
            retry_after_ms: None,
            issues: Vec::new(),
            path: None,
            http_status: None,
        }
    }

    #[cold]
    #[inline(never)]
    pub fn invalid_query(issues: Vec<Issue>) -> RefundError {
        let first = issues.first().map(|i| i.message.clone()).unwrap_or_default();
        let first_zh = issues.first().map(|i| i.message_zh.clone()).unwrap_or_default();
        let mut e = RefundError::new(
            ErrorCode::InvalidQuery,
            format!("the query has {} issue(s): {first}", issues.len()),
            format!("查询参数有 {} 个问题:{first_zh}", issues.len()),
        );
        e.issues = issues;
        e
    }

    #[cold]
    #[inline(never)]
    pub fn invalid_credentials(field: &str, problem: &str, problem_zh: &str) -> RefundError {
        let mut e = RefundError::new(
            ErrorCode::InvalidCredentials,
            format!("credentials.{field} {problem}"),
            format!("凭据 credentials.{field} {problem_zh}"),
        );
        e.path = Some(format!("credentials.{field}"));
        e
    }

    #[cold]
    #[inline(never)]
    pub fn invalid_body(message: impl Into<String>, message_zh: impl Into<String>) -> RefundError {
        RefundError::new(ErrorCode::InvalidBody, message, message_zh)
    }

    #[cold]
    #[inline(never)]
    pub fn invalid_options(message: impl Into<String>, message_zh: impl Into<String>) -> RefundError {
        RefundError::new(ErrorCode::InvalidOptions, message, message_zh)
    }

    /// A platform's error envelope, with the doc's meaning of the code.
    #[cold]
    #[inline(never)]
    pub fn platform(
        platform_code: impl Into<String>,
        platform_message: Option<String>,
        meaning: &str,
        meaning_zh: &str,
        retryable: bool,
    ) -> RefundError {
        let platform_code = platform_code.into();
        let mut e = RefundError::new(
            ErrorCode::PlatformError,
            format!("platform error {platform_code}: {meaning}"),
            format!("平台错误 {platform_code}:{meaning_zh}"),
        );
        e.platform_code = Some(platform_code);
        e.platform_message = platform_message;
        e.retryable = retryable;
        e
    }

    #[cold]
    #[inline(never)]
    pub fn unknown_platform(id: &str) -> RefundError {
        let shown: String = id.chars().take(40).collect();
        let known = crate::model::PlatformId::ALL.map(|p| p.as_str());
        RefundError::new(
            ErrorCode::UnknownPlatform,
            format!("unknown platform {shown:?}; expected one of {}", known.join(", ")),
            format!("未知平台 {shown:?};可选 {}", known.join("、")),
        )
    }

    #[cold]
    #[inline(never)]
    pub fn at(mut self, path: impl Into<String>) -> RefundError {
        self.path = Some(path.into());
        self
    }
}

impl fmt::Display for RefundError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for RefundError {}
