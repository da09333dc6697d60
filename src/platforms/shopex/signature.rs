//! ShopEx's signature (NOTES.md, ShopEx "Sign algorithm" [C]): every posted field but `sign`,
//! byte-sorted, `key + value` (nested bracket keys assembled as the server's `assemble()`
//! does), `UPPER(md5(UPPER(md5(assembled)) + token))`.

use crate::error::RefundError;
use crate::query::Params;
use crate::sign;
use std::borrow::Cow;

/// A form field name as PHP files it in `$_POST`: the base name and its `[...]` segments
/// (`None` for `[]`, which appends).
pub(super) fn php_key(name: &str) -> Result<(&str, Vec<Option<&str>>), &'static str> {
    // Byte searches: the char searcher of `find('[')` was most of this function's time.
    let (base, mut rest) = match name.bytes().position(|b| b == b'[') {
        Some(at) => (name.get(..at).unwrap_or(""), name.get(at..).unwrap_or("")),
        None => (name, ""),
    };
    if base.is_empty() {
        return Err("has no name before its first [ (or is empty)");
    }
    if base.bytes().all(|b| b.is_ascii_digit()) {
        // `array_merge($params, $_POST)` renumbers digit-only keys: such a request never verifies.
        return Err("is digit-only: the server renumbers such keys, so the request could never verify");
    }
    if base.bytes().any(|b| matches!(b, b'.' | b' ' | b']')) {
        return Err("contains '.', ' ' or ']', which PHP rewrites in form field names");
    }
    let mut segments = Vec::new();
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[').ok_or("has text after a closing ]")?;
        let close = inner.find(']').ok_or("has an unclosed [")?;
        let segment = inner.get(..close).unwrap_or("");
        segments.push(if segment.is_empty() { None } else { Some(segment) });
        rest = inner.get(close + 1..).unwrap_or("");
    }
    Ok((base, segments))
}

/// A posted value as PHP sees it: a string, or an array built from `a[b][c]` keys. Names
/// and values borrow from the params (copying each was a tenth of a ShopEx signature).
enum Field<'p> {
    Text(&'p str),
    Array(Vec<(Cow<'p, str>, Field<'p>)>),
}

impl<'p> Field<'p> {
    fn set(&mut self, path: &[Option<&'p str>], value: &'p str) {
        let Some((first, rest)) = path.split_first() else {
            *self = Field::Text(value);
            return;
        };
        if let Field::Text(_) = self {
            *self = Field::Array(Vec::new());
        }
        let Field::Array(entries) = self else { return };
        let key = match first {
            Some(k) => Cow::Borrowed(*k),
            // `[]` appends at the next integer index, like PHP.
            None => Cow::Owned(
                entries
                    .iter()
                    .filter_map(|(k, _)| k.parse::<u64>().ok())
                    .max()
                    .map_or(0, |m| m.saturating_add(1))
                    .to_string(),
            ),
        };
        match entries.iter_mut().find(|(k, _)| *k == key) {
            Some((_, child)) => child.set(rest, value),
            None => {
                let mut child = Field::Text("");
                child.set(rest, value);
                entries.push((key, child));
            }
        }
    }
}

/// `assemble()`: keys byte-sorted (`ksort(SORT_STRING)`), `key + value` with no separator,
/// arrays recursively.
/// The tree is sorted in place (it is `assemble`'s own): no index or name vectors.
fn assemble_into(out: &mut String, entries: &mut Vec<(Cow<'_, str>, Field<'_>)>) {
    crate::platforms::sort_by_name_with(entries, |(name, _)| name);
    for (key, value) in entries.iter_mut() {
        out.push_str(key);
        match value {
            Field::Text(text) => out.push_str(text),
            Field::Array(children) => assemble_into(out, children),
        }
    }
}

/// The server's `assemble_str` over every posted field but `sign`, or the reason a field
/// name can never verify (the offending name comes back with it).
pub(super) fn assemble(params: &Params) -> Result<String, (String, &'static str)> {
    let mut root: Vec<(Cow<'_, str>, Field<'_>)> = Vec::with_capacity(params.len());
    for (name, value) in params {
        if name == "sign" {
            continue;
        }
        let (base, segments) = php_key(name).map_err(|why| (name.to_string(), why))?;
        match root.iter_mut().find(|(k, _)| k == base) {
            Some((_, field)) => field.set(&segments, value),
            None => {
                let mut field = Field::Text("");
                field.set(&segments, value);
                root.push((Cow::Borrowed(base), field));
            }
        }
    }
    let mut out = String::with_capacity(params.iter().map(|(k, v)| k.len() + v.len()).sum());
    assemble_into(&mut out, &mut root);
    Ok(out)
}

/// `UPPER(md5(UPPER(md5(assemble_str)) + token))`.
pub(super) fn signature(assembled: &str, token: &str) -> String {
    let inner = sign::md5_upper(assembled.as_bytes());
    sign::hex_upper(&sign::md5_parts([inner.as_bytes(), token.as_bytes()]))
}

pub(super) fn sign_all(params: &Params, token: &str) -> Result<String, RefundError> {
    let assembled = assemble(params).map_err(|(name, why)| {
        RefundError::invalid_options(
            format!("param name {name:?} {why}"),
            format!("参数名 {name:?} 无法通过 ShopEx 验签(纯数字键会被服务端重新编号,含 . 或空格或不成对方括号的键会被 PHP 改名)"),
        )
        .at(format!("params.{name}"))
    })?;
    Ok(signature(&assembled, token))
}
