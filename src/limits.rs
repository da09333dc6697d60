//! Optional bounds on one response (`maxBodyBytes`, `maxRecords`): what is over them is
//! refused with `too_large` before it is read, so a hostile or broken page cannot grow the
//! wasm memory (which never shrinks) past what the host allows. `parseResponse` takes them
//! in its options; `RefundSync` in its constructor's, keeping them for every `accept`.

use crate::error::{ErrorCode, RefundError};
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    pub max_body_bytes: Option<u64>,
    pub max_records: Option<u64>,
}

impl Limits {
    /// The option names the bounds are given by.
    pub const NAMES: [&'static str; 2] = ["maxBodyBytes", "maxRecords"];

    /// `maxBodyBytes` and `maxRecords` of an options object: whole numbers ≥ 1 when given,
    /// else `invalid_options` at the option's path.
    pub fn from_options(options: &Map<String, Value>) -> Result<Limits, RefundError> {
        let bound = |name: &str| match options.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => match crate::query::whole_number(&format!("options.{name}"), v) {
                Ok(n) if n >= 1 => Ok(Some(n)),
                _ => Err(RefundError::invalid_options(
                    format!("options.{name} must be a whole number ≥ 1"),
                    format!("options.{name} 必须是 ≥ 1 的整数"),
                )
                .at(format!("options.{name}"))),
            },
        };
        let [body, records] = Self::NAMES;
        Ok(Limits { max_body_bytes: bound(body)?, max_records: bound(records)? })
    }

    /// `too_large` when a body of `length` bytes is over `maxBodyBytes`.
    pub fn check_body(&self, length: usize) -> Result<(), RefundError> {
        match self.max_body_bytes {
            Some(max) if length as u64 > max => Err(too_large(
                format!("the body is {length} bytes, over maxBodyBytes {max}: refused before reading it"),
                format!("响应体有 {length} 字节,超过 maxBodyBytes {max}:未读取即拒绝"),
            )),
            _ => Ok(()),
        }
    }

    /// `too_large` when a page of `records` records is over `maxRecords`.
    pub fn check_records(&self, records: usize) -> Result<(), RefundError> {
        match self.max_records {
            Some(max) if records as u64 > max => Err(too_large(
                format!("the page has {records} records, over maxRecords {max}: refused before converting them"),
                format!("该页有 {records} 条记录,超过 maxRecords {max}:未转换即拒绝"),
            )),
            _ => Ok(()),
        }
    }
}

#[cold]
#[inline(never)]
fn too_large(message: String, message_zh: String) -> RefundError {
    RefundError::new(ErrorCode::TooLarge, message, message_zh)
}
