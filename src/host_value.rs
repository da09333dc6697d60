//! Host arguments (JavaScript values) as `serde_json::Value`s, keeping the numbers JSON
//! cannot hold visible.
//!
//! serde_json's own `Value` turns NaN and ±Infinity into `null`, which every reader takes as
//! "not given": `{ page: NaN }` (what `Number("abc")` gives a form) would be validated as no
//! page at all. Here such a number becomes [`non_finite`]'s one-member object, which every
//! reader of a number, a string or a time refuses as the wrong type, naming the field.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// What a NaN or an infinity reads as: `{"NaN": null}`, `{"Infinity": null}` or
/// `{"-Infinity": null}`, an object where a reader wants a scalar.
pub fn non_finite(x: f64) -> Value {
    let name = if x.is_nan() {
        "NaN"
    } else if x > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    };
    Value::Object(Map::from_iter([(name.to_string(), Value::Null)]))
}

/// A `Value` read with [`non_finite`] for the numbers JSON has no text for.
pub struct HostValue(pub Value);

impl<'de> Deserialize<'de> for HostValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<HostValue, D::Error> {
        deserializer.deserialize_any(HostVisitor).map(HostValue)
    }
}

struct HostVisitor;

impl<'de> Visitor<'de> for HostVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("plain JSON-like data")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or_else(|| non_finite(v), Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        HostValue::deserialize(d).map(|v| v.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(HostValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut fields = Map::new();
        while let Some((key, HostValue(value))) = map.next_entry::<String, HostValue>()? {
            fields.insert(key, value);
        }
        Ok(Value::Object(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::value::{Error, F64Deserializer, MapDeserializer, SeqDeserializer};
    use serde::de::IntoDeserializer;

    fn read_f64(x: f64) -> Value {
        HostValue::deserialize(F64Deserializer::<Error>::new(x)).unwrap().0
    }

    #[test]
    fn finite_numbers_are_numbers() {
        assert_eq!(read_f64(1.5), serde_json::json!(1.5));
        assert_eq!(read_f64(-0.25), serde_json::json!(-0.25));
    }

    #[test]
    fn non_finite_numbers_are_an_object_not_null() {
        assert_eq!(read_f64(f64::NAN), serde_json::json!({ "NaN": null }));
        assert_eq!(read_f64(f64::INFINITY), serde_json::json!({ "Infinity": null }));
        assert_eq!(read_f64(f64::NEG_INFINITY), serde_json::json!({ "-Infinity": null }));
    }

    #[test]
    fn nested_values_are_read_the_same_way() {
        let list = SeqDeserializer::<_, Error>::new(vec![1.0, f64::NAN].into_iter());
        assert_eq!(HostValue::deserialize(list).unwrap().0, serde_json::json!([1.0, { "NaN": null }]));
        let fields = MapDeserializer::<_, Error>::new(vec![("page", f64::NAN), ("size", 2.0)].into_iter());
        assert_eq!(HostValue::deserialize(fields).unwrap().0, serde_json::json!({ "page": { "NaN": null }, "size": 2.0 }));
        let text: Value = serde_json::from_str(r#"{"a":[1,"x",true,null,{"b":-2}]}"#).unwrap();
        let read = HostValue::deserialize(text.clone().into_deserializer()).unwrap().0;
        assert_eq!(read, text);
    }

    #[test]
    fn a_non_finite_page_or_time_is_an_issue_not_absent() {
        use crate::query::Query;
        let mut query = serde_json::json!({ "since": "2026-11-01 00:00:00", "until": "2026-11-02 00:00:00" });
        query["page"] = read_f64(f64::NAN);
        let (_, issues) = Query::from_json(&query);
        assert!(issues.iter().any(|i| i.field == "page" && i.code == "invalid_type"), "{issues:?}");
        query["page"] = Value::Null;
        query["since"] = read_f64(f64::INFINITY);
        let (_, issues) = Query::from_json(&query);
        assert!(issues.iter().any(|i| i.field == "since" && i.code == "invalid_type"), "{issues:?}");
    }
}
