//! The one reader of platform JSON. Each wire record is declared once with `wire!`; the
//! declaration is its reader: one pass over the body on the `Scanner`, every member of
//! interest kept as its exact text, nested lists and objects read in the same pass, every
//! other member only checked. A record that is not the declared shape (not an object, a
//! member named twice, a nested list that is not one) is reported with its path and skipped
//! whole; only a body that is not JSON fails the page, with the byte where it stops being JSON.

use super::read::{unescape, ReadError};
use super::{FieldError, Raw};
use crate::scan::{find, Scanner};
use std::borrow::Cow;
use std::fmt;

/// Why a value could not be read as declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// The text is not JSON from here on: the page cannot be read.
    NotJson,
    /// JSON, but not the declared shape: the value is skipped and reported.
    Shape(Shape),
}

/// How a value differs from its declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// `found` is "a string", "an array", ...
    Not { expected: &'static str, found: &'static str },
    /// A member named twice: which one would be meant?
    Duplicate(&'static str),
    /// A member's name with a `\u` escape of half a UTF-16 pair, which is no text.
    BadKey,
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Shape::Not { expected, found } => write!(f, "expected {expected}, found {found}"),
            Shape::Duplicate(name) => write!(f, "duplicate field `{name}`"),
            Shape::BadKey => f.write_str("a member's name holds a lone UTF-16 surrogate (\\ud800-\\udfff)"),
        }
    }
}

impl<'a> From<Shape> for ReadError<'a> {
    fn from(shape: Shape) -> ReadError<'a> {
        match shape {
            Shape::Not { expected, found } => ReadError::Not { expected, found },
            Shape::Duplicate(name) => ReadError::Duplicate(name),
            Shape::BadKey => ReadError::BadKey,
        }
    }
}

/// What the value starting with `first` is, for [`Shape::Not`].
pub fn kind_of(first: u8) -> &'static str {
    match first {
        b'{' => "an object",
        b'[' => "an array",
        b'"' => "a string",
        b't' | b'f' => "a boolean",
        b'n' => "null",
        _ => "a number",
    }
}

/// A record declared with `wire!`: read from the object at the scanner.
pub trait Wire<'a>: Sized {
    fn scan(s: &mut Scanner<'a>) -> Result<Self, Stop>;

    /// The record `text` holds, and nothing else (a whole body, or a repaired one).
    fn read(text: &'a str) -> Result<Self, ReadError<'a>> {
        let mut s = Scanner::new(text);
        match Self::scan(&mut s) {
            Ok(record) if s.end().is_some() => Ok(record),
            Ok(_) | Err(Stop::NotJson) => Err(ReadError::NotJson { text, at: s.position() }),
            // A shape the text would have had, had it been JSON, is not the answer: a body
            // cut short inside a list must say it is not JSON.
            Err(Stop::Shape(shape)) => match super::read::value(text) {
                Ok(_) => Err(shape.into()),
                Err(e) => Err(e),
            },
        }
    }
}

/// A member of a wire record: how its value is read.
pub trait Member<'a>: Sized + Default {
    fn scan(s: &mut Scanner<'a>, name: &'static str) -> Result<Self, Stop>;
}

/// A scalar member: its exact text, `null` as absent.
impl<'a> Member<'a> for Raw<'a> {
    // One copy, called from each field's arm of every declaration's reader: inlined, the
    // scanner's value reading was copied into every arm.
    #[inline(never)]
    fn scan(s: &mut Scanner<'a>, _name: &'static str) -> Result<Self, Stop> {
        s.raw().ok_or(Stop::NotJson)
    }
}

/// The members of the object at `s` named in `names` (at most 64), each read by
/// `member(i, s)`; the others checked and skipped. Members usually come in the order of the
/// names, so that name is tried first without reading the key; a key with an escape is
/// unescaped to be matched.
/// One copy for every declaration (`member` is called through `dyn`): a copy per record type
/// was most of the wasm the readers took.
pub fn members<'a>(
    s: &mut Scanner<'a>,
    names: &[&'static str],
    member: &mut dyn FnMut(usize, &mut Scanner<'a>) -> Result<(), Stop>,
) -> Result<(), Stop> {
    match s.ahead() {
        Some(b'{') => {}
        Some(first) => return Err(Stop::Shape(Shape::Not { expected: "an object", found: kind_of(first) })),
        None => return Err(Stop::NotJson),
    }
    if s.open(b'{', b'}').ok_or(Stop::NotJson)? {
        return Ok(());
    }
    let mut seen = 0u64;
    let mut guess = 0;
    loop {
        s.expect(b'"').ok_or(Stop::NotJson)?;
        let found = match s.expected_key(names.get(guess).copied()) {
            true => Some(guess),
            false => {
                let (key, escaped) = s.string().ok_or(Stop::NotJson)?;
                match escaped {
                    false => find(names, key, guess),
                    true => find(names, &unescape(key).ok_or(Stop::Shape(Shape::BadKey))?, guess),
                }
            }
        };
        s.expect(b':').ok_or(Stop::NotJson)?;
        match found {
            Some(i) => {
                let bit = u32::try_from(i).ok().and_then(|i| 1u64.checked_shl(i)).ok_or(Stop::NotJson)?;
                if seen & bit != 0 {
                    return Err(Stop::Shape(Shape::Duplicate(names.get(i).copied().unwrap_or_default())));
                }
                seen |= bit;
                guess = i + 1;
                member(i, s)?;
            }
            None => s.skip().ok_or(Stop::NotJson)?,
        }
        match s.next() {
            Some(b',') => {}
            Some(b'}') => return Ok(()),
            Some(_) => return s.refuse().ok_or(Stop::NotJson),
            None => return Err(Stop::NotJson),
        }
    }
}

/// Where a record stands in its list: `[3]`, or `["12"]` in an id-keyed object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    Index(usize),
    Key(Cow<'a, str>),
    /// The one record given where a list was expected: its path is the list's.
    Whole,
}

impl fmt::Display for Segment<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Segment::Index(i) => write!(f, "[{i}]"),
            Segment::Key(key) => write!(f, "[{}]", serde_json::Value::from(key.as_ref())),
            Segment::Whole => Ok(()),
        }
    }
}

/// One element of a list: where it stands, its text as received, and the record read from it
/// or how it is not one.
#[derive(Debug)]
pub struct Element<'a, T> {
    pub segment: Segment<'a>,
    pub text: &'a str,
    pub read: Result<T, Shape>,
}

/// One element at `s`, read as a `T`; an element of another shape is skipped whole (its
/// grammar checked) and kept with how it differs.
fn element<'a, T: Wire<'a>>(s: &mut Scanner<'a>, segment: Segment<'a>) -> Result<Element<'a, T>, Stop> {
    s.ahead().ok_or(Stop::NotJson)?;
    let start = s.position();
    let read = match T::scan(s) {
        Ok(record) => Ok(record),
        Err(Stop::NotJson) => return Err(Stop::NotJson),
        Err(Stop::Shape(shape)) => {
            s.rewind(start);
            s.value().ok_or(Stop::NotJson)?;
            Err(shape)
        }
    };
    Ok(Element { segment, text: s.since(start), read })
}

/// How a list stood in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Form {
    /// Absent or `null`.
    #[default]
    Absent,
    /// An array.
    Array,
    /// One record where a list was expected (苏宁, 蘑菇街 from XML converters).
    One,
    /// An object keyed by id (ShopEx's `lists`).
    Keyed,
    /// `""` or `{}` (which it was) written for "none" by PHP servers, or an id-keyed object
    /// without members.
    Empty(&'static str),
    /// Another kind of value: what it is.
    Other(&'static str),
}

/// A list's elements are read into records where the scanner meets them while their records
/// take no more memory than the texts they were read from (on every platform's pages a
/// record takes a third to four fifths of its text natively, less in wasm). Past that (many
/// small elements, as a hostile body may hold) the rest only have their grammar checked and
/// are read one at a time as they are converted: the records of a list never take more
/// memory than the body itself, and wasm memory never shrinks.
fn read_in_place<T>(elements: &[T], texts_read: usize) -> bool {
    std::mem::size_of_val(elements) <= texts_read
}

/// A list of records in the body (a page's list, or a list inside a record).
#[derive(Debug)]
pub struct List<'a, T> {
    pub form: Form,
    elements: Vec<Element<'a, T>>,
    /// The bytes of the texts `elements` were read from.
    texts_read: usize,
    /// The texts of the elements past those read in place ([`read_in_place`]), read when
    /// converted: a text each (8 bytes in wasm), as an array's element stands where its
    /// position says.
    unread: Vec<&'a str>,
    /// Where each of them stands when that is not its position (an id-keyed list's keys):
    /// empty, or one for each of `unread`.
    unread_segments: Vec<Segment<'a>>,
}

impl<T> Default for List<'_, T> {
    fn default() -> Self {
        List { form: Form::Absent, elements: Vec::new(), texts_read: 0, unread: Vec::new(), unread_segments: Vec::new() }
    }
}

impl<'a, T: Wire<'a>> List<'a, T> {
    pub fn len(&self) -> usize {
        self.elements.len() + self.unread.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every element in body order, each read into its record.
    pub fn into_elements(self) -> impl Iterator<Item = Element<'a, T>> {
        let first = self.elements.len();
        let mut segments = self.unread_segments.into_iter();
        self.elements.into_iter().chain(self.unread.into_iter().enumerate().map(move |(i, text)| {
            let segment = segments.next().unwrap_or(Segment::Index(first + i));
            let mut s = Scanner::new(text);
            let read = match T::scan(&mut s) {
                Ok(record) => Ok(record),
                Err(Stop::Shape(shape)) => Err(shape),
                // Its grammar was checked where the list was read.
                Err(Stop::NotJson) => Err(Shape::Not { expected: "an object", found: text.bytes().next().map_or("nothing", kind_of) }),
            };
            Element { segment, text, read }
        }))
    }

    /// Reads the element at `s` in place, or keeps its text for later once the records take
    /// more memory than their texts ([`read_in_place`]; from then on every element, so that
    /// the elements stay in body order).
    fn push(&mut self, s: &mut Scanner<'a>, segment: Segment<'a>) -> Result<(), Stop> {
        if self.unread.is_empty() && read_in_place(&self.elements, self.texts_read) {
            let element = element(s, segment)?;
            self.texts_read += element.text.len();
            self.elements.push(element);
            return Ok(());
        }
        s.ahead().ok_or(Stop::NotJson)?;
        let start = s.position();
        s.value().ok_or(Stop::NotJson)?;
        let position = self.len();
        if !self.unread_segments.is_empty() || !matches!(segment, Segment::Index(i) if i == position) {
            // the ones before stand at their positions
            let first = self.elements.len();
            for i in self.unread_segments.len()..self.unread.len() {
                self.unread_segments.push(Segment::Index(first + i));
            }
            self.unread_segments.push(segment);
        }
        self.unread.push(s.since(start));
        Ok(())
    }

    /// The records with where each stands, or the field error of a list that is none of the
    /// accepted forms (or of its first element that is not a record), for a list inside a
    /// record named `name`.
    pub fn records(self, name: &'static str) -> Result<Vec<(Segment<'a>, T)>, FieldError> {
        if let Form::Other(found) = self.form {
            return Err(FieldError::new(name, "invalid_type", format!("{name} must be an array, found {found}")));
        }
        self.into_elements()
            .map(|e| match e.read {
                Ok(record) => Ok((e.segment, record)),
                Err(shape) => Err(FieldError::new(
                    format!("{name}{}", e.segment),
                    "not_an_object",
                    format!("{name}{} is not an object of fields: {shape}", e.segment),
                )),
            })
            .collect()
    }
}

/// How a declared list accepts what the body holds.
pub trait ListForms {
    /// An object that is one record instead of a list of them.
    const ONE: bool = false;
    /// An object keyed by id.
    const KEYED: bool = false;
}

/// An array only (`null` and absent are none).
#[derive(Debug, Default)]
pub struct ArrayOnly;
impl ListForms for ArrayOnly {}

/// An array, or one record given as an object.
#[derive(Debug, Default)]
pub struct ArrayOrOne;
impl ListForms for ArrayOrOne {
    const ONE: bool = true;
}

/// An array, or an object keyed by id.
#[derive(Debug, Default)]
pub struct ArrayOrKeyed;
impl ListForms for ArrayOrKeyed {
    const KEYED: bool = true;
}

/// A list member of a declaration, accepting the forms `F` allows.
#[derive(Debug)]
pub struct Listed<'a, T, F = ArrayOnly>(pub List<'a, T>, std::marker::PhantomData<F>);

impl<T, F> Default for Listed<'_, T, F> {
    fn default() -> Self {
        Listed(List::default(), std::marker::PhantomData)
    }
}

impl<'a, T: Wire<'a>, F> Listed<'a, T, F> {
    pub fn into_list(self) -> List<'a, T> {
        self.0
    }
}

impl<'a, T: Wire<'a>, F: ListForms> Member<'a> for Listed<'a, T, F> {
    fn scan(s: &mut Scanner<'a>, _name: &'static str) -> Result<Self, Stop> {
        let mut list = List::default();
        list.form = walk_list(s, F::ONE, F::KEYED, &mut |s, segment| list.push(s, segment))?;
        Ok(Listed(list, std::marker::PhantomData))
    }
}

/// The form of the list at `s`, each element handed to `element` with where it stands
/// (`one`: an object is one record; `keyed`: an object is records keyed by id). One copy for
/// every record type: the element's reading is the only part that depends on it.
fn walk_list<'a>(
    s: &mut Scanner<'a>,
    one: bool,
    keyed: bool,
    element: &mut dyn FnMut(&mut Scanner<'a>, Segment<'a>) -> Result<(), Stop>,
) -> Result<Form, Stop> {
    Ok(match s.ahead().ok_or(Stop::NotJson)? {
        b'n' => {
            s.raw().ok_or(Stop::NotJson)?;
            Form::Absent
        }
        b'[' => {
            let mut index = 0;
            let mut stop = None;
            s.array(|s| {
                if let Err(e) = element(s, Segment::Index(index)) {
                    stop = Some(e);
                    return None;
                }
                index += 1;
                Some(())
            })
            .ok_or_else(|| stop.take().unwrap_or(Stop::NotJson))?;
            Form::Array
        }
        b'{' if keyed => {
            let mut stop = None;
            let mut count = 0usize;
            s.members(|key, escaped, s| {
                let key = match escaped {
                    false => Cow::Borrowed(key),
                    true => match unescape(key) {
                        Some(key) => Cow::Owned(key),
                        None => {
                            stop = Some(Stop::Shape(Shape::BadKey));
                            return None;
                        }
                    },
                };
                if let Err(e) = element(s, Segment::Key(key)) {
                    stop = Some(e);
                    return None;
                }
                count += 1;
                Some(())
            })
            .ok_or_else(|| stop.take().unwrap_or(Stop::NotJson))?;
            if count == 0 {
                Form::Empty("{}")
            } else {
                Form::Keyed
            }
        }
        b'{' if one => {
            let start = s.position();
            s.value().ok_or(Stop::NotJson)?;
            if s.since(start) == "{}" {
                Form::Empty("{}")
            } else {
                s.rewind(start);
                element(s, Segment::Whole)?;
                Form::One
            }
        }
        first => {
            let text = s.value().ok_or(Stop::NotJson)?.get();
            match text {
                "\"\"" => Form::Empty("\"\""),
                "{}" => Form::Empty("{}"),
                _ => Form::Other(kind_of(first)),
            }
        }
    })
}

/// A member the doc lists and the conversion does not use: declared so that the members of a
/// record in the doc's order are found without reading their names, and skipped (its grammar
/// checked).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Skip;

impl<'a> Member<'a> for Skip {
    fn scan(s: &mut Scanner<'a>, _name: &'static str) -> Result<Self, Stop> {
        s.skip().map(|()| Skip).ok_or(Stop::NotJson)
    }
}

/// A nested object member: the record, none for `null` or absent, or how it is not one
/// (reported when the record is converted). Where a PHP server writes `""` for none or `[]`
/// for an empty object (ShopEx's `response`, 蘑菇街's `refundShipInfo`, 苏宁's nodes),
/// `PHP_EMPTY_IS_NONE` reads `""` as none and `[]` as the record without members.
#[derive(Debug)]
pub struct Nested<T, const PHP_EMPTY_IS_NONE: bool = false>(pub Result<Option<T>, Shape>);

impl<T, const B: bool> Default for Nested<T, B> {
    fn default() -> Self {
        Nested(Ok(None))
    }
}

impl<'a, T: Wire<'a> + Default, const PHP_EMPTY_IS_NONE: bool> Member<'a> for Nested<T, PHP_EMPTY_IS_NONE> {
    fn scan(s: &mut Scanner<'a>, _name: &'static str) -> Result<Self, Stop> {
        match s.ahead().ok_or(Stop::NotJson)? {
            b'{' => {
                let e = element::<T>(s, Segment::Index(0))?;
                Ok(Nested(e.read.map(Some)))
            }
            b'n' => s.raw().ok_or(Stop::NotJson).map(|_| Nested(Ok(None))),
            first => {
                let text = s.value().ok_or(Stop::NotJson)?.get();
                Ok(Nested(match text {
                    "\"\"" if PHP_EMPTY_IS_NONE => Ok(None),
                    "[]" if PHP_EMPTY_IS_NONE => Ok(Some(T::default())),
                    _ => Err(Shape::Not { expected: "an object", found: kind_of(first) }),
                }))
            }
        }
    }
}

impl<T, const B: bool> Nested<T, B> {
    /// The object, or the field error of a value that is not one.
    pub fn record(self, name: &'static str) -> Result<Option<T>, FieldError> {
        self.0.map_err(|shape| FieldError::new(name, "invalid_type", format!("{name} is not an object of fields: {shape}")))
    }
}

/// A struct of members read in one pass from a JSON object by [`Wire::scan`]: each member is
/// `Raw<'a>` unless a type is given (a [`Member`]: a nested [`Listed`] or [`Nested`]), and
/// named on the wire as in Rust unless a name is given.
///
/// ```ignore
/// json::wire! {
///     struct WireRefund<'a> {
///         refund_no,
///         kind = "type",
///         goods_list: Listed<'a, WireGoods<'a>>,
///     }
/// }
/// ```
macro_rules! wire {
    ($(#[$meta:meta])* $vis:vis struct $name:ident<$a:lifetime> {
        $($(#[$field_meta:meta])* $field:ident $(= $wire:literal)? $(: $ty:ty)?,)*
    }) => {
        $(#[$meta])*
        #[derive(Default)]
        $vis struct $name<$a> {
            $($(#[$field_meta])* $field: $crate::json::wire!(@type $a $($ty)?),)*
        }

        impl<$a> $crate::json::record::Wire<$a> for $name<$a> {
            #[allow(non_snake_case, non_upper_case_globals)] // the fields' names, which may be the wire's
            fn scan(s: &mut $crate::scan::Scanner<$a>) -> Result<Self, $crate::json::record::Stop> {
                const NAMES: &[&str] = &[$($crate::json::wire!(@name $field $($wire)?)),*];
                const _: () = assert!(NAMES.len() <= 64, "json::record::members tracks at most 64 names");
                // Each field's index in NAMES, as a constant to match on.
                #[allow(non_camel_case_types, dead_code)]
                enum Slot { $($field,)* }
                $(const $field: usize = Slot::$field as usize;)*
                let mut record = $name::default();
                $crate::json::record::members(s, NAMES, &mut |i, s| {
                    match i {
                        $($field => record.$field = $crate::json::record::Member::scan(s, NAMES[$field])?,)*
                        _ => s.skip().ok_or($crate::json::record::Stop::NotJson)?,
                    }
                    Ok(())
                })?;
                Ok(record)
            }
        }
    };
    (@type $a:lifetime) => { $crate::json::Raw<$a> };
    (@type $a:lifetime $ty:ty) => { $ty };
    (@name $field:ident) => { stringify!($field) };
    (@name $field:ident $wire:literal) => { $wire };
}
pub(crate) use wire;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Json;

    wire! {
        #[derive(Debug, PartialEq)]
        struct Line<'a> {
            num,
        }
    }

    wire! {
        #[derive(Debug)]
        struct Record<'a> {
            id,
            kind = "type",
            lines: Listed<'a, Line<'a>>,
            ship: Nested<Line<'a>, true>,
        }
    }

    wire! {
        #[derive(Debug)]
        struct Page<'a> {
            code,
            list: Listed<'a, Record<'a>, ArrayOrKeyed>,
        }
    }

    fn page(text: &str) -> Result<Page<'_>, ReadError<'_>> {
        Page::read(text)
    }

    #[test]
    fn reads_members_nested_lists_and_objects_in_one_pass() {
        let body = r#"{"code":0,"x":[{"y":1}],"list":[{"type":"2","id":"R1","lines":[{"num":"1.5"},{"num":2}],"ship":{"num":7}},{"id":"R\u0032","lines":null,"ship":""}]}"#;
        let page = page(body).unwrap();
        assert_eq!(page.code.map(Json::get), Some("0"));
        let list = page.list.into_list();
        assert_eq!(list.form, Form::Array);
        let elements: Vec<_> = list.into_elements().collect();
        assert_eq!(elements[1].text, r#"{"id":"R\u0032","lines":null,"ship":""}"#);
        let records: Vec<Record> = elements.into_iter().map(|e| e.read.unwrap()).collect();
        assert_eq!((records[0].id.map(Json::get), records[0].kind.map(Json::get)), (Some("\"R1\""), Some("\"2\"")));
        let mut records = records.into_iter();
        let first = records.next().unwrap();
        let lines: Vec<Option<&str>> = first.lines.into_list().records("lines").unwrap().into_iter().map(|(_, l)| l.num.map(Json::get)).collect();
        assert_eq!(lines, [Some("\"1.5\""), Some("2")]);
        assert_eq!(first.ship.record("ship").unwrap().and_then(|l| l.num).map(Json::get), Some("7"));
        let second = records.next().unwrap();
        assert_eq!(second.id.map(Json::get), Some("\"R\\u0032\""));
        assert!(second.ship.record("ship").unwrap().is_none());
    }

    #[test]
    fn a_record_of_another_shape_is_skipped_and_kept_with_its_path() {
        let body = r#"{"list":[[1,{"id":2}],{"id":1,"id":2},{"lines":"x","ship":[1]},{"\ud800":1},{"id":"ok"}]}"#;
        let elements: Vec<_> = page(body).unwrap().list.into_list().into_elements().collect();
        let shapes: Vec<Option<Shape>> = elements.iter().map(|e| e.read.as_ref().err().cloned()).collect();
        assert_eq!(
            shapes,
            [
                Some(Shape::Not { expected: "an object", found: "an array" }),
                Some(Shape::Duplicate("id")),
                None,
                Some(Shape::BadKey),
                None,
            ]
        );
        assert_eq!(elements[0].text, r#"[1,{"id":2}]"#);
        let third = elements.into_iter().nth(2).unwrap().read.unwrap();
        assert_eq!(third.ship.record("ship").unwrap_err().field, "ship");
        let e = third.lines.into_list().records("lines").unwrap_err();
        assert_eq!((e.field.as_str(), e.code), ("lines", "invalid_type"));
    }

    #[test]
    fn keyed_lists_name_their_elements_by_key() {
        let list = page(r#"{"list":{"12":{"id":"a"},"x\"y":7}}"#).unwrap().list.into_list();
        assert_eq!(list.form, Form::Keyed);
        let elements: Vec<_> = list.into_elements().collect();
        let segments: Vec<String> = elements.iter().map(|e| e.segment.to_string()).collect();
        assert_eq!(segments, [r#"["12"]"#, r#"["x\"y"]"#]);
        assert!(elements[1].read.is_err());
        assert_eq!(page(r#"{"list":{}}"#).unwrap().list.into_list().form, Form::Empty("{}"));
        assert_eq!(page(r#"{"list":"none"}"#).unwrap().list.into_list().form, Form::Other("a string"));
    }

    /// Elements past those whose records fit in their texts are kept as text and read as they
    /// are taken: the same records, shapes, texts and places in the same order.
    #[test]
    fn small_elements_past_their_texts_size_are_read_the_same_later() {
        let n = 5000;
        let element = |i: usize| if i % 1000 == 7 { "[1]".to_string() } else { format!(r#"{{"id":"R{i}","lines":[{{"num":{i}}}]}}"#) };
        let body = format!(r#"{{"list":[{}]}}"#, (0..n).map(element).collect::<Vec<_>>().join(","));
        let list = page(&body).unwrap().list.into_list();
        let in_place = list.elements.len();
        assert!(in_place > 0 && !list.unread.is_empty() && list.unread_segments.is_empty(), "{in_place} in place");
        // the records read in place take no more than their texts, but for the last one read
        let texts: usize = list.elements.iter().map(|e| e.text.len()).sum();
        assert!(std::mem::size_of_val(&list.elements[..in_place - 1]) <= texts, "{in_place} records for {texts} bytes of text");
        assert_eq!(list.len(), n);
        for (i, e) in list.into_elements().enumerate() {
            assert_eq!((e.segment.to_string(), e.text), (format!("[{i}]"), element(i).as_str()));
            match e.read {
                Ok(record) => assert_eq!(record.id.map(Json::get), Some(format!("\"R{i}\"").as_str())),
                Err(shape) => assert!(i % 1000 == 7 && shape == Shape::Not { expected: "an object", found: "an array" }, "{i}"),
            }
        }
        let keyed = format!(r#"{{"list":{{{}}}}}"#, (0..n).map(|i| format!(r#""k{i}":{{"id":{i}}}"#)).collect::<Vec<_>>().join(","));
        let keyed = page(&keyed).unwrap().list.into_list();
        assert!(!keyed.unread.is_empty());
        let keys: Vec<String> = keyed.into_elements().map(|e| e.segment.to_string()).collect();
        assert_eq!(keys, (0..n).map(|i| format!(r#"["k{i}"]"#)).collect::<Vec<_>>());
        assert!(page(&format!("{}]]}}", &body[..body.len() - 3])).is_err());
    }

    /// Elements as large as a real record's text are all read where the scanner meets them,
    /// however many: one pass over a page, its cost linear in its records.
    #[test]
    fn record_sized_elements_are_all_read_in_place() {
        let n = 10_000;
        let padding = "x".repeat(std::mem::size_of::<Element<Record>>());
        let body = format!(r#"{{"list":[{}]}}"#, (0..n).map(|i| format!(r#"{{"id":"R{i}","type":"{padding}"}}"#)).collect::<Vec<_>>().join(","));
        let list = page(&body).unwrap().list.into_list();
        assert_eq!((list.elements.len(), list.unread.len()), (n, 0));
    }

    #[test]
    fn only_text_that_is_not_json_fails_the_whole() {
        for text in [r#"{"list":[{"id":1},{"id":}]}"#, r#"{"list":[{"id":1}"#, r#"{"list":[[1,]]}"#, "{\"list\":[],}", "[1]x"] {
            assert!(matches!(page(text), Err(ReadError::NotJson { .. })), "{text}");
        }
        assert!(matches!(page("[1]"), Err(ReadError::Not { expected: "an object", found: "an array" })));
        assert!(matches!(page(r#"{"code":1,"code":2}"#), Err(ReadError::Duplicate("code"))));
    }
}
