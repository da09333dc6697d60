//! ShopEx's errors: the doc's numeric table (§5) and the server's `e0000NN` codes.

use crate::error::RefundError;
use crate::json::{self, Raw};


struct ErrorInfo {
    code: &'static str,
    meaning: &'static str,
    meaning_zh: &'static str,
    retryable: bool,
}

static ERRORS: [ErrorInfo; 22] = [
    // server (`app/openapi/lib/errorcode.php`)
    ErrorInfo { code: "e000001", meaning: "system params lost or error (or not a form POST)", meaning_zh: "系统级参数缺失或错误(或未使用表单 POST)", retryable: false },
    ErrorInfo { code: "e000002", meaning: "sign error", meaning_zh: "签名错误", retryable: false },
    ErrorInfo { code: "e000003", meaning: "class or method does not exist", meaning_zh: "接口类或方法不存在", retryable: false },
    ErrorInfo { code: "e000004", meaning: "no permission to access this method", meaning_zh: "无权访问该接口", retryable: false },
    ErrorInfo { code: "e000005", meaning: "init interface fail (server side)", meaning_zh: "接口初始化失败(服务端)", retryable: true },
    ErrorInfo { code: "e000006", meaning: "application params error", meaning_zh: "应用级参数错误", retryable: false },
    ErrorInfo { code: "e000007", meaning: "init template fail (server side)", meaning_zh: "模板初始化失败(服务端)", retryable: true },
    ErrorInfo { code: "e000008", meaning: "timestamp outside the server's window (±3600 s, Unix seconds)", meaning_zh: "时间戳超出服务器允许范围(±3600 秒,Unix 秒)", retryable: true },
    ErrorInfo { code: "e000009", meaning: "repeat request (a re-signed request has a new timestamp)", meaning_zh: "重复请求(重新签名的请求会带新时间戳)", retryable: true },
    // The server answers code "" when the refund query itself returned false
    // (start_time/end_time not understood by strtotime).
    ErrorInfo { code: "", meaning: "the query failed without an error code (start_time/end_time not understood?)", meaning_zh: "查询失败且无错误码(start_time/end_time 无法识别?)", retryable: false },
    // doc §5
    ErrorInfo { code: "1", meaning: "invalid params", meaning_zh: "参数错误", retryable: false },
    ErrorInfo { code: "400", meaning: "invalid params", meaning_zh: "参数错误", retryable: false },
    ErrorInfo { code: "401", meaning: "unauthorized: check flag and sign", meaning_zh: "未授权访问,请检查 flag 和 sign", retryable: false },
    ErrorInfo { code: "403", meaning: "forbidden", meaning_zh: "禁止访问", retryable: false },
    ErrorInfo { code: "500", meaning: "server internal error", meaning_zh: "服务器内部错误", retryable: true },
    ErrorInfo { code: "1001", meaning: "invalid flag", meaning_zh: "非法的flag", retryable: false },
    ErrorInfo { code: "1002", meaning: "request expired: check timestamp", meaning_zh: "请求已过期,请检查timestamp", retryable: true },
    ErrorInfo { code: "1003", meaning: "sign error", meaning_zh: "签名错误", retryable: false },
    ErrorInfo { code: "1004", meaning: "unsupported type format", meaning_zh: "不支持的type格式", retryable: false },
    ErrorInfo { code: "2001", meaning: "required param missing", meaning_zh: "缺少必要的参数", retryable: false },
    ErrorInfo { code: "2002", meaning: "invalid request param", meaning_zh: "非法的请求参数", retryable: false },
    ErrorInfo { code: "2003", meaning: "method does not exist", meaning_zh: "接口不存在", retryable: false },
];

pub(super) fn platform_error(code: &str, message: Option<String>) -> RefundError {
    match ERRORS.iter().find(|e| e.code == code) {
        Some(e) => RefundError::platform(code, message, e.meaning, e.meaning_zh, e.retryable),
        None => RefundError::platform(code, message, "unknown error code", "未知错误码", false),
    }
}

/// `msg` and, when there is one, `sub_msg` (on e000002 the server's own assemble_str).
pub(super) fn error_message(msg: Raw<'_>, sub_msg: Raw<'_>) -> Option<String> {
    let msg = json::text("msg", msg).ok().flatten().map(|m| m.trim().to_string());
    let sub = match sub_msg {
        Some(raw) if raw.get().starts_with(['{', '[']) => Some(raw.get().to_string()),
        other => json::text("sub_msg", other).ok().flatten().map(|s| s.trim().to_string()),
    }
    .filter(|s| !s.is_empty());
    match (msg, sub) {
        (Some(m), Some(s)) => Some(format!("{m}; sub_msg: {s}")),
        (Some(m), None) => Some(m),
        (None, Some(s)) => Some(format!("sub_msg: {s}")),
        (None, None) => None,
    }
}
