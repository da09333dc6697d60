//! `error_response` (doc §9): the code table with its retry advice, `sub_code` kept, and the
//! ban's length from `sub_msg`.

use crate::error::RefundError;
use crate::json::{self, record::Skip};

json::wire! {
    /// `error_response`, doc §9.1.
    pub(super) struct WireError<'a> {
        code,
        msg,
        sub_code,
        sub_msg,
        request_id: Skip,
    }
}

/// Platform codes below 100 (doc §9.2): code, meaning, 含义, retryable unchanged. Codes below
/// 100 but 15, 40 and 41 are request, permission or frequency problems; the frequency ones
/// pass with time.
static CODES: [(&str, &str, &str, bool); 34] = [
    ("3", "upload failed", "图片上传失败", false),
    ("4", "user call limit exceeded", "用户调用次数超限", true),
    ("5", "session call limit exceeded", "会话调用次数超限", true),
    ("6", "partner call limit exceeded", "合作伙伴调用次数超限", true),
    ("7", "app call limit exceeded (App Call Limited): wait for the ban to end", "应用调用次数超限(含调用频率超限):等待封禁结束", true),
    ("8", "app call frequency exceeded", "应用调用频率超限", true),
    ("9", "HTTP method not allowed: send POST or GET in upper case", "HTTP 方法被禁止:请用大写的 POST 或 GET", false),
    ("10", "service currently unavailable", "服务不可用", true),
    ("11", "insufficient ISV permissions (API package or IP whitelist)", "开发者权限不足(权限包或 IP 白名单)", false),
    ("12", "insufficient user permissions", "用户权限不足", false),
    ("13", "insufficient partner permissions", "合作伙伴权限不足", false),
    ("15", "remote service error: see the sub-code", "远程服务出错:见子错误码", false),
    ("21", "missing method", "缺少方法名参数", false),
    ("22", "invalid method", "不存在的方法名", false),
    ("23", "invalid format", "非法数据格式", false),
    ("24", "missing signature", "缺少签名参数", false),
    ("25", "invalid signature: check appSecret, signMethod and the clock", "非法签名:请检查 appSecret、signMethod 与时钟", false),
    ("26", "missing session", "缺少 SessionKey 参数", false),
    ("27", "invalid session: the seller must authorize the app again", "无效的 SessionKey:需卖家重新授权", false),
    ("28", "missing app key", "缺少 AppKey 参数", false),
    ("29", "invalid app key (a sandbox key on production, or the reverse?)", "非法的 AppKey(沙箱与正式环境混用?)", false),
    ("30", "missing timestamp", "缺少时间戳参数", false),
    // The reference says "fix the clock"; the package always writes the format right, so this
    // is clock skew, retryable with a new signature as on every platform (DESIGN.md).
    ("31", "invalid timestamp: more than 10 minutes from the platform's clock", "非法的时间戳:与平台时钟相差超过 10 分钟", true),
    ("32", "missing version", "缺少版本参数", false),
    ("33", "invalid version", "非法的版本参数", false),
    ("34", "unsupported version", "不支持的版本号", false),
    ("40", "missing required arguments", "缺少必选参数", false),
    ("41", "invalid arguments", "非法的参数", false),
    ("42", "insufficient session permissions: authorize again with the needed scope", "短授权权限不足:请以所需权限重新授权", false),
    ("43", "parameter error", "参数错误", false),
    ("44", "invalid access token", "无效的 access token", false),
    ("47", "invalid encoding: send UTF-8", "编码错误:请使用 UTF-8", false),
    ("530", "system busy", "系统繁忙", true),
    ("0", "an error without a code", "没有错误码的错误", false),
];

/// `This ban will last for N more seconds` (code 7's `sub_msg`): N seconds in milliseconds.
fn ban_ms(sub_msg: &str) -> Option<u64> {
    let rest = sub_msg.split("last for ").nth(1)?;
    let digits: String = rest.trim_start().chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<u64>().ok().filter(|s| *s <= 86_400).map(|s| s * 1000)
}

/// The `RefundError` of an `error_response`: `platformCode` the code, `platformSubCode` the
/// sub-code, the platform's messages joined. `isp.*` sub-codes are the server's trouble
/// (retryable, as the official Java client's AutoRetryFeature retries them); `isv.*` are the
/// caller's.
pub(super) fn platform_error(wire: WireError<'_>) -> RefundError {
    let text = |field, raw| json::text(field, raw).ok().flatten().map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let code = text("code", wire.code).unwrap_or_else(|| "0".to_string());
    let msg = text("msg", wire.msg);
    let sub_code = text("sub_code", wire.sub_code);
    let sub_msg = text("sub_msg", wire.sub_msg);
    let isp = sub_code.as_deref().is_some_and(|s| s.starts_with("isp."));
    let (meaning, meaning_zh, listed_retryable) = CODES
        .iter()
        .find(|(c, ..)| *c == code)
        .map_or(("request refused", "请求被拒绝", false), |(_, en, zh, retry)| (*en, *zh, *retry));
    let message = match (msg, &sub_msg) {
        (Some(msg), Some(sub)) => Some(format!("{msg}: {sub}")),
        (msg, sub) => msg.or_else(|| sub.clone()),
    };
    let mut e = RefundError::platform(code, message, meaning, meaning_zh, listed_retryable || isp);
    e.retry_after_ms = sub_msg.as_deref().and_then(ban_ms);
    e.platform_sub_code = sub_code;
    e
}
