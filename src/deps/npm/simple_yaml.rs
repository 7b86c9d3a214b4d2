//! A fast reader for the plain YAML that pnpm and yarn berry write, which
//! deserializes straight from the lines.
//!
//! A full YAML parser is slow on large lockfiles (serde-saphyr took ~75 ms
//! for a 5,000-package pnpm-lock.yaml) and the pre-commit hook parses both
//! sides of a changed one. This reader accepts only a narrow subset of YAML:
//! block mappings and sequences, scalars on one line (plain, single-quoted,
//! double-quoted without escapes), flow collections of such scalars on one
//! line, comments and `---` between documents. Serde asks for values as it
//! goes, so nothing is built for what the target type ignores (it is still
//! read through). On anything else (anchors, tags, block or multi-line
//! scalars, tabs, duplicate or numeric keys, limits near serde-saphyr's
//! budget…) and on any value its target type would not take as it is, the
//! reader gives up with `None`. The caller then parses with serde-saphyr, so
//! results and error messages are always those of the full parser: this
//! reader only has to agree with it on the files it accepts.

use serde::Deserialize;
use serde::de::value::{BorrowedStrDeserializer, StrDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

/// A scalar or flow collection (what fits on the line after `key: ` or
/// `- `); strings are borrowed from the text unless unescaped (`''`).
enum Node<'t> {
    /// `plain` when unquoted: plain `null`, `~` and nothing at all are null.
    Scalar {
        text: Cow<'t, str>,
        plain: bool,
    },
    Map(Vec<(Cow<'t, str>, Node<'t>)>),
    Seq(Vec<Node<'t>>),
}

// Limits kept well below serde-saphyr's (see `yaml_options`): a file within
// them is not one the full parser would refuse for its size.
const MAX_TEXT: usize = 32 << 20;
/// Keys, values and items: a tenth of serde-saphyr's `max_nodes`.
const MAX_NODES: usize = 2_000_000;
const MAX_DEPTH: usize = 48;
const MAX_DOCUMENTS: usize = 1_000;
/// YAML keys on one line without `?` are at most 1024 characters.
const MAX_KEY: usize = 1_000;

/// The documents of `text` as `T`s, or `None` when the text is not (only) the
/// subset or a document does not fit `T` as it is.
pub(crate) fn read<'t, T: Deserialize<'t>>(text: &'t str) -> Option<Vec<T>> {
    if text.len() > MAX_TEXT || !plain_characters(text) {
        return None;
    }
    let mut reader = Reader {
        lines: ContentLines { rest: text }.peekable(),
        nodes: 0,
    };
    let mut docs = Vec::new();
    loop {
        let separated = reader.separator()?;
        match reader.lines.peek() {
            // Nothing after a `---` is an empty document: not in the subset.
            None if separated => return None,
            None => break,
            Some(line) if line.indent == 0 && !line.is_separator() => {
                let root = BlockDe {
                    reader: &mut reader,
                    kind: Block::Map,
                    indent: 0,
                    depth: 1,
                };
                docs.push(T::deserialize(root).ok()?);
            }
            // Another `---` (an empty document again), or indented content.
            Some(_) => return None,
        }
        if docs.len() > MAX_DOCUMENTS {
            return None;
        }
    }
    (!docs.is_empty()).then_some(docs)
}

/// No tabs, no control characters but line breaks (`\r` only before `\n`),
/// none of the characters YAML treats as line breaks or byte order marks.
fn plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    let control = |b: u8| (b < 0x20 && b != b'\n' && b != b'\r') || b == 0x7f;
    // A fold, not `any`: without an early exit the compiler vectorises it.
    let controls = bytes
        .chunks(4096)
        .any(|chunk| chunk.iter().fold(false, |seen, &b| seen | control(b)));
    let lone_cr = memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'));
    let odd_char = |c: char| {
        matches!(
            c,
            '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
    };
    !controls && !lone_cr && (text.is_ascii() || !text.chars().any(odd_char))
}

/// A line with content: its indentation (spaces) and the rest.
#[derive(Clone, Copy)]
struct Line<'t> {
    indent: usize,
    content: &'t str,
}

impl Line<'_> {
    fn is_item(&self) -> bool {
        self.content == "-" || self.content.starts_with("- ")
    }

    /// `---` and what looks like it: where a root mapping ends.
    fn is_separator(&self) -> bool {
        self.indent == 0 && self.content.starts_with("---")
    }
}

/// The lines of a text that are neither blank nor only a comment.
struct ContentLines<'t> {
    rest: &'t str,
}

impl<'t> Iterator for ContentLines<'t> {
    type Item = Line<'t>;

    fn next(&mut self) -> Option<Line<'t>> {
        while !self.rest.is_empty() {
            let end = memchr::memchr(b'\n', self.rest.as_bytes()).unwrap_or(self.rest.len());
            let raw = self.rest.get(..end).unwrap_or("");
            self.rest = self.rest.get(end + 1..).unwrap_or("");
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let content = raw.trim_start_matches(' ');
            if !content.is_empty() && !content.starts_with('#') {
                let indent = raw.len() - content.len();
                return Some(Line { indent, content });
            }
        }
        None
    }
}

struct Reader<'t> {
    lines: std::iter::Peekable<ContentLines<'t>>,
    /// Nodes read so far, for the budget.
    nodes: usize,
}

/// A mapping value not read yet: the rest of its key's line or, when that is
/// empty, the lines below the key that are indented more than it (`Below`
/// holds the key's indentation).
#[derive(Clone, Copy)]
enum Pending<'t> {
    Inline(&'t str),
    Below(usize),
}

/// What a pending value turns out to be.
enum Value<'t> {
    Node(Node<'t>),
    /// A block collection and the indentation of its lines.
    Block(Block, usize),
}

#[derive(Clone, Copy, PartialEq)]
enum Block {
    Map,
    Seq,
}

impl<'t> Reader<'t> {
    /// Consumes a `---` line; `None` for other document markers.
    fn separator(&mut self) -> Option<bool> {
        let Some(line) = self.lines.peek() else {
            return Some(false);
        };
        let marker = line.indent == 0 && ["---", "..."].iter().any(|m| line.content.starts_with(m));
        if !marker {
            return Some(false);
        }
        if line.content != "---" {
            return None;
        }
        self.lines.next();
        Some(true)
    }

    fn count(&mut self, nodes: usize) -> Result<(), Mismatch> {
        self.nodes += nodes;
        match self.nodes <= MAX_NODES {
            true => Ok(()),
            false => Err(Mismatch),
        }
    }

    /// Reads a pending value as far as telling what it is: a node (read
    /// whole), or a block collection (whose lines are next).
    fn value(&mut self, pending: Pending<'t>) -> Result<Value<'t>, Mismatch> {
        let value = match pending {
            Pending::Inline(rest) => Value::Node(inline_value(rest).ok_or(Mismatch)?),
            Pending::Below(parent) => match self.lines.peek() {
                Some(line) if line.indent > parent && line.is_item() => {
                    Value::Block(Block::Seq, line.indent)
                }
                Some(line) if line.indent > parent => Value::Block(Block::Map, line.indent),
                // `key:` then `- item` at the key's indentation: valid, not in the subset.
                Some(line) if line.is_item() => return Err(Mismatch),
                _ => Value::Node(null()),
            },
        };
        self.count(match &value {
            Value::Node(node) => size(node),
            Value::Block(..) => 1,
        })?;
        Ok(value)
    }
}

/// The nodes of a scalar or flow collection, for the budget.
fn size(node: &Node) -> usize {
    match node {
        Node::Scalar { .. } => 1,
        Node::Map(entries) => 1 + 2 * entries.len(),
        Node::Seq(items) => 1 + items.len(),
    }
}

fn null<'t>() -> Node<'t> {
    Node::Scalar {
        text: Cow::Borrowed(""),
        plain: true,
    }
}

/// `key: rest` or `key:`: the key and what follows it on the line (no
/// comment).
fn split_key(content: &str) -> Option<(Cow<'_, str>, &str)> {
    let (key, after) = match content.as_bytes().first()? {
        b'\'' | b'"' => quoted(content)?,
        _ => {
            let end = plain_key_end(content)?;
            let key = content.get(..end)?;
            plain_key_ok(key).then_some((Cow::Borrowed(key), content.get(end..)?))?
        }
    };
    let after = after.strip_prefix(':')?;
    if !after.is_empty() && !after.starts_with(' ') {
        return None;
    }
    let rest = after.trim_start_matches(' ');
    let rest = if rest.starts_with('#') { "" } else { rest };
    (!key.is_empty() && key.len() <= MAX_KEY && key != "<<").then_some((key, rest))
}

/// Where a plain key ends: at the `:` followed by a space or the line's end.
fn plain_key_end(content: &str) -> Option<usize> {
    let bytes = content.as_bytes();
    let mut from = 0;
    while let Some(found) = memchr::memchr(b':', bytes.get(from..)?) {
        let colon = from + found;
        if matches!(bytes.get(colon + 1), None | Some(b' ')) {
            return Some(colon);
        }
        from = colon + 1;
    }
    None
}

/// A plain key YAML reads as a string equal to its text, and that no other
/// spelling could duplicate (null, numbers).
fn plain_key_ok(key: &str) -> bool {
    plain_start(key)
        && !key.ends_with(' ')
        && comment_start(key).is_none()
        && !is_nullish(key)
        && !may_be_integer(key)
}

/// Plain `0x1f`, `1_000`, `+12`, `1:30`: numbers to YAML, and keys equal by value.
fn may_be_integer(s: &str) -> bool {
    let digits = s.trim_start_matches(['+', '-']);
    digits.starts_with(|c: char| c.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() || b"xXoO_+-:".contains(&b))
}

fn is_nullish(plain: &str) -> bool {
    matches!(plain, "" | "~" | "null" | "Null" | "NULL")
}

/// Can a plain scalar start here? Not with an indicator (nor `-`, `?`, `:`,
/// which YAML allows before a non-space, but which are rare enough to leave).
fn plain_start(s: &str) -> bool {
    s.bytes().next().is_some_and(|b| {
        !matches!(
            b,
            b'-' | b'?'
                | b':'
                | b','
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'#'
                | b'&'
                | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'\''
                | b'"'
                | b'%'
                | b'@'
                | b'`'
                | b' '
        )
    })
}

/// A quoted scalar opening `s`: its value and what follows the closing quote.
/// Double-quoted ones with escapes are left to the full parser.
fn quoted(s: &str) -> Option<(Cow<'_, str>, &str)> {
    let quote = *s.as_bytes().first()?;
    let body = s.get(1..)?;
    if quote == b'"' {
        let end = memchr::memchr2(b'"', b'\\', body.as_bytes())?;
        if body.as_bytes().get(end) != Some(&b'"') {
            return None;
        }
        return Some((Cow::Borrowed(body.get(..end)?), body.get(end + 1..)?));
    }
    // Single-quoted: `''` is a quote.
    let mut from = 0;
    loop {
        let end = from + memchr::memchr(b'\'', body.as_bytes().get(from..)?)?;
        if body.as_bytes().get(end + 1) != Some(&b'\'') {
            let raw = body.get(..end)?;
            let text = match from {
                0 => Cow::Borrowed(raw),
                _ => Cow::Owned(raw.replace("''", "'")),
            };
            return Some((text, body.get(end + 1..)?));
        }
        from = end + 2;
    }
}

/// The value after `key: ` (or `- `) up to the line's end.
fn inline_value(s: &str) -> Option<Node<'_>> {
    let (node, rest) = match s.as_bytes().first()? {
        b'\'' | b'"' => {
            let (text, rest) = quoted(s)?;
            (Node::Scalar { text, plain: false }, rest)
        }
        b'{' | b'[' => flow(s)?,
        _ => return block_plain(s),
    };
    only_comment(rest).then_some(node)
}

/// Nothing but spaces, or a comment after a space.
fn only_comment(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && rest.starts_with(' '))
}

/// A plain scalar in block context, up to a comment.
fn block_plain(s: &str) -> Option<Node<'_>> {
    if !plain_start(s) {
        return None;
    }
    let text = s
        .get(..comment_start(s).unwrap_or(s.len()))?
        .trim_end_matches(' ');
    // `a: b: c` and `a: b:` are errors in YAML.
    let bytes = text.as_bytes();
    if memchr::memchr_iter(b':', bytes).any(|i| matches!(bytes.get(i + 1), None | Some(b' '))) {
        return None;
    }
    Some(Node::Scalar {
        text: Cow::Borrowed(text),
        plain: true,
    })
}

/// Where a ` #` comment starts in a plain scalar's line.
fn comment_start(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    memchr::memchr_iter(b'#', bytes).find(|&i| i > 0 && bytes.get(i - 1) == Some(&b' '))
}

/// A flow mapping or sequence of scalars opening `s`, on one line: the node
/// and what follows it.
fn flow(s: &str) -> Option<(Node<'_>, &str)> {
    let close = if s.starts_with('{') { '}' } else { ']' };
    let mut rest = s.get(1..)?.trim_start_matches(' ');
    let mut entries = Vec::new();
    let mut items = Vec::new();
    if let Some(after) = rest.strip_prefix(close) {
        rest = after;
    } else {
        loop {
            if close == '}' {
                let (key, after) = flow_scalar(rest)?;
                let Node::Scalar { text, plain } = key else {
                    return None;
                };
                if plain && !plain_key_ok(&text) || text.is_empty() || text == "<<" {
                    return None;
                }
                let after = after.strip_prefix(": ")?.trim_start_matches(' ');
                let (value, after) = flow_scalar(after)?;
                entries.push((text, value));
                rest = after;
            } else {
                let (item, after) = flow_scalar(rest)?;
                items.push(item);
                rest = after;
            }
            rest = rest.trim_start_matches(' ');
            if let Some(after) = rest.strip_prefix(',') {
                // A trailing comma is valid YAML, but left to the full parser.
                rest = after.trim_start_matches(' ');
                continue;
            }
            rest = rest.strip_prefix(close)?;
            break;
        }
    }
    let node = if close == '}' {
        unique_keys(&entries, |(key, _)| key)?;
        Node::Map(entries)
    } else {
        Node::Seq(items)
    };
    Some((node, rest))
}

/// Bytes where a plain scalar in a flow collection may end (or be refused).
const FLOW_STOP: [bool; 256] = {
    let mut stop = [false; 256];
    let mut i = 0;
    while i < 256 {
        stop[i] = matches!(i as u8, b',' | b'}' | b']' | b'[' | b'{' | b':' | b' ');
        i += 1;
    }
    stop
};

/// A scalar inside a flow collection: quoted, or plain up to `,`, `}`, `]`
/// or `: `; not empty.
fn flow_scalar(s: &str) -> Option<(Node<'_>, &str)> {
    if s.starts_with(['\'', '"']) {
        let (text, rest) = quoted(s)?;
        return Some((Node::Scalar { text, plain: false }, rest));
    }
    if !plain_start(s) {
        return None;
    }
    let bytes = s.as_bytes();
    let mut end = 0;
    while end < bytes.len() {
        let Some(found) = bytes
            .get(end..)?
            .iter()
            .position(|&b| FLOW_STOP[usize::from(b)])
        else {
            end = bytes.len();
            break;
        };
        end += found;
        let next = bytes.get(end + 1);
        match bytes.get(end) {
            Some(b'[' | b'{') => return None,
            Some(b':') if !matches!(next, None | Some(b' ' | b',' | b'}' | b']' | b'[' | b'{')) => {
            }
            Some(b' ') if next != Some(&b'#') => {}
            _ => break,
        }
        end += 1;
    }
    let text = s.get(..end)?.trim_end_matches(' ');
    if text.is_empty() {
        return None;
    }
    let node = Node::Scalar {
        text: Cow::Borrowed(text),
        plain: true,
    };
    Some((node, s.get(end..)?))
}

/// `Some` when no key of a mapping (its entries' `key`) is given twice.
fn unique_keys<E>(entries: &[E], key: impl Fn(&E) -> &str) -> Option<()> {
    let sorted = entries.windows(2).all(|pair| match pair {
        [a, b] => key(a) < key(b),
        _ => true,
    });
    // Lockfiles sort their keys: then comparing neighbours is enough.
    if sorted {
        return Some(());
    }
    if entries.len() <= 16 {
        let clash = entries
            .iter()
            .enumerate()
            .any(|(i, a)| entries.iter().skip(i + 1).any(|b| key(a) == key(b)));
        return (!clash).then_some(());
    }
    let mut seen = HashSet::with_capacity(entries.len());
    entries.iter().all(|e| seen.insert(key(e))).then_some(())
}

// ---------------------------------------------------------------- serde

/// Why a node does not fit its target type; the caller falls back to the
/// full parser, which says why in its own words.
#[derive(Debug)]
struct Mismatch;

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("not in the simple YAML subset")
    }
}

impl std::error::Error for Mismatch {}

impl de::Error for Mismatch {
    fn custom<T: fmt::Display>(_: T) -> Mismatch {
        Mismatch
    }
}

/// Target types this reader does not serve: the full parser does.
macro_rules! mismatch {
    ($($method:ident($($arg:ident: $type:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(
                self,
                $($arg: $type,)*
                _visitor: V,
            ) -> Result<V::Value, Mismatch> {
                $(let _ = $arg;)*
                Err(Mismatch)
            }
        )*
    };
}

/// Values as serde-saphyr gives them to the target types lockfiles use:
/// strings (a plain scalar is its text), `Option` (plain null is `None`),
/// `bool` (`true`, `false`), structs and maps, sequences. Anything else is a
/// [`Mismatch`].
impl<'de> Deserializer<'de> for &Node<'de> {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self {
            Node::Scalar { .. } => self.deserialize_str(visitor),
            Node::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
            Node::Seq(items) => visitor.visit_seq(Items(items.iter())),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self {
            Node::Scalar { text, plain } if !(*plain && is_nullish(text)) => match text {
                Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
                Cow::Owned(text) => visitor.visit_str(text),
            },
            _ => Err(Mismatch),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self {
            Node::Scalar { text, plain: true } if is_nullish(text) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self {
            Node::Scalar { text, plain: true } if text == "true" => visitor.visit_bool(true),
            Node::Scalar { text, plain: true } if text == "false" => visitor.visit_bool(false),
            _ => Err(Mismatch),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self {
            Node::Map(_) => self.deserialize_any(visitor),
            _ => Err(Mismatch),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        self.deserialize_map(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self {
            Node::Seq(_) => self.deserialize_any(visitor),
            _ => Err(Mismatch),
        }
    }

    /// The node was read (and checked) whole: nothing more to do.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_unit()
    }

    mismatch! {
        deserialize_i8(); deserialize_i16(); deserialize_i32(); deserialize_i64();
        deserialize_i128(); deserialize_u8(); deserialize_u16(); deserialize_u32();
        deserialize_u64(); deserialize_u128(); deserialize_f32(); deserialize_f64();
        deserialize_char(); deserialize_bytes(); deserialize_byte_buf(); deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }
}

/// A mapping value, read from the lines when serde asks for it.
struct ValueDe<'r, 't> {
    reader: &'r mut Reader<'t>,
    pending: Pending<'t>,
    /// Of the mapping holding it.
    depth: usize,
}

/// Reads the value, then lets the node or block collection it is answer.
macro_rules! read_then {
    ($($method:ident($($arg:ident: $type:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(
                self,
                $($arg: $type,)*
                visitor: V,
            ) -> Result<V::Value, Mismatch> {
                match self.reader.value(self.pending)? {
                    Value::Node(node) => (&node).$method($($arg,)* visitor),
                    Value::Block(kind, indent) => {
                        let block = BlockDe {
                            reader: self.reader,
                            kind,
                            indent,
                            depth: self.depth + 1,
                        };
                        block.$method($($arg,)* visitor)
                    }
                }
            }
        )*
    };
}

impl<'de> Deserializer<'de> for ValueDe<'_, 'de> {
    type Error = Mismatch;

    read_then! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf();
        deserialize_option(); deserialize_unit(); deserialize_seq(); deserialize_map();
        deserialize_identifier(); deserialize_ignored_any();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }
}

/// A block mapping or sequence whose lines are next, indented by `indent`.
struct BlockDe<'r, 't> {
    reader: &'r mut Reader<'t>,
    kind: Block,
    indent: usize,
    depth: usize,
}

impl<'de> Deserializer<'de> for BlockDe<'_, 'de> {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        if self.depth > MAX_DEPTH {
            return Err(Mismatch);
        }
        // A visitor that stops before the end would leave lines unread.
        match self.kind {
            Block::Map => {
                let mut entries = MapStream {
                    reader: self.reader,
                    indent: self.indent,
                    depth: self.depth,
                    keys: Vec::new(),
                    pending: None,
                    done: false,
                };
                let value = visitor.visit_map(&mut entries)?;
                entries.done.then_some(value).ok_or(Mismatch)
            }
            Block::Seq => {
                let mut items = SeqStream {
                    reader: self.reader,
                    indent: self.indent,
                    done: false,
                };
                let value = visitor.visit_seq(&mut items)?;
                items.done.then_some(value).ok_or(Mismatch)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_some(self)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self.kind {
            Block::Map => self.deserialize_any(visitor),
            Block::Seq => Err(Mismatch),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        self.deserialize_map(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self.kind {
            Block::Seq => self.deserialize_any(visitor),
            Block::Map => Err(Mismatch),
        }
    }

    /// Read through all the same: what is ignored must be valid too.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        self.deserialize_any(visitor)
    }

    mismatch! {
        deserialize_bool(); deserialize_i8(); deserialize_i16(); deserialize_i32();
        deserialize_i64(); deserialize_i128(); deserialize_u8(); deserialize_u16();
        deserialize_u32(); deserialize_u64(); deserialize_u128(); deserialize_f32();
        deserialize_f64(); deserialize_char(); deserialize_str(); deserialize_string();
        deserialize_bytes(); deserialize_byte_buf(); deserialize_unit();
        deserialize_identifier();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }
}

/// A block mapping's entries, read from the lines as serde asks for them.
struct MapStream<'r, 't> {
    reader: &'r mut Reader<'t>,
    indent: usize,
    depth: usize,
    keys: Vec<Cow<'t, str>>,
    /// The value of the key just read.
    pending: Option<Pending<'t>>,
    /// Every entry read, and no key twice.
    done: bool,
}

impl<'de> MapAccess<'de> for MapStream<'_, 'de> {
    type Error = Mismatch;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Mismatch> {
        let line = match self.reader.lines.peek() {
            Some(&line) if line.indent == self.indent && !line.is_separator() => line,
            // A continuation line, or bad indentation.
            Some(line) if line.indent > self.indent => return Err(Mismatch),
            _ => {
                unique_keys(&self.keys, |key| key.as_ref()).ok_or(Mismatch)?;
                self.done = true;
                return Ok(None);
            }
        };
        self.reader.lines.next();
        let (key, rest) = split_key(line.content).ok_or(Mismatch)?;
        self.reader.count(1)?;
        self.pending = Some(match rest {
            "" => Pending::Below(self.indent),
            _ => Pending::Inline(rest),
        });
        let key_value = match &key {
            Cow::Borrowed(key) => seed.deserialize(BorrowedStrDeserializer::new(key))?,
            Cow::Owned(key) => seed.deserialize(StrDeserializer::new(key))?,
        };
        self.keys.push(key);
        Ok(Some(key_value))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Mismatch> {
        let pending = self.pending.take().ok_or(Mismatch)?;
        seed.deserialize(ValueDe {
            reader: &mut *self.reader,
            pending,
            depth: self.depth,
        })
    }
}

/// A block sequence's items (scalars or flow collections), read from the
/// lines as serde asks for them.
struct SeqStream<'r, 't> {
    reader: &'r mut Reader<'t>,
    indent: usize,
    /// Every item read.
    done: bool,
}

impl<'de> SeqAccess<'de> for SeqStream<'_, 'de> {
    type Error = Mismatch;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Mismatch> {
        let line = match self.reader.lines.peek() {
            Some(&line) if line.indent >= self.indent => line,
            _ => {
                self.done = true;
                return Ok(None);
            }
        };
        let item = line
            .content
            .strip_prefix("- ")
            .map(|item| item.trim_start_matches(' '))
            .filter(|item| line.indent == self.indent && !item.is_empty() && !item.starts_with('#'))
            .ok_or(Mismatch)?;
        self.reader.lines.next();
        let node = inline_value(item).ok_or(Mismatch)?;
        self.reader.count(size(&node))?;
        seed.deserialize(&node).map(Some)
    }
}

/// A mapping's entries for a serde visitor.
struct Entries<'a, 'de> {
    entries: std::slice::Iter<'a, (Cow<'de, str>, Node<'de>)>,
    /// The value of the key just given.
    value: Option<&'a Node<'de>>,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Mismatch;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Mismatch> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let key = match key {
            Cow::Borrowed(key) => seed.deserialize(BorrowedStrDeserializer::new(key))?,
            Cow::Owned(key) => seed.deserialize(StrDeserializer::new(key))?,
        };
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Mismatch> {
        seed.deserialize(self.value.take().ok_or(Mismatch)?)
    }
}

/// A sequence's items for a serde visitor.
struct Items<'a, 'de>(std::slice::Iter<'a, Node<'de>>);

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Mismatch;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Mismatch> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }
}

/// Variants of `sample` with small random edits (YAML punctuation inserted,
/// characters deleted, lines duplicated, re-indented or dropped), for tests
/// that hold this reader against the full parser. Deterministic.
#[cfg(test)]
pub(super) fn mutations(sample: &str, count: usize) -> Vec<String> {
    const TOKENS: [&str; 40] = [
        ":", ": ", "'", "''", "\"", "#", " #", "{", "}", "[", "]", ",", "-", "- ", " ", "  ", "\n",
        "\t", "&a ", "*a", "!", "|", ">", "~", "null", "true", "@", "\\", "?", "<<: ", "---\n",
        "0x1", "1.0", "\r", "\r\n", "é", "\u{85}", "{a: b}", "[a, b]", "a: b",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound.max(1) as u64) as usize
    };
    let lines: Vec<&str> = sample.lines().collect();
    (0..count)
        .map(|_| {
            let mut lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            for _ in 0..1 + next(2) {
                let j = next(lines.len());
                let line: Vec<char> = lines.get(j).map_or(Vec::new(), |l| l.chars().collect());
                let at = next(line.len() + 1);
                let (head, tail): (String, String) =
                    (line[..at].iter().collect(), line[at..].iter().collect());
                match next(6) {
                    0 => lines[j] = format!("{head}{}{tail}", TOKENS[next(TOKENS.len())]),
                    1 => {
                        lines[j] = format!(
                            "{head}{}",
                            tail.chars().skip(1 + next(3)).collect::<String>()
                        )
                    }
                    2 => lines.insert(j, lines[j].clone()),
                    3 => lines[j] = format!("{}{}", " ".repeat(next(7)), lines[j].trim_start()),
                    4 => {
                        lines.remove(j);
                    }
                    _ => lines[j] = format!("{head}{}", TOKENS[next(TOKENS.len())]),
                }
                if lines.is_empty() {
                    lines.push(String::new());
                }
            }
            lines.join("\n") + "\n"
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deps::npm::full_yaml;
    use serde::de::IgnoredAny;
    use std::collections::BTreeMap;

    type Flat = BTreeMap<String, Option<String>>;
    type Nested = BTreeMap<String, Option<BTreeMap<String, Option<String>>>>;
    type Lists = BTreeMap<String, Option<BTreeMap<String, Option<Vec<String>>>>>;

    /// When this reader takes `text` as `T`, serde-saphyr reads the same.
    fn agrees<'t, T>(text: &'t str) -> bool
    where
        T: Deserialize<'t> + PartialEq + fmt::Debug,
    {
        let Some(fast) = read::<T>(text) else {
            return false;
        };
        assert_eq!(Ok(fast), full_yaml::<T>(text), "{text:?}");
        true
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Lock {
        #[serde(rename = "lockfileVersion")]
        version: String,
        packages: BTreeMap<String, Entry>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Entry {
        resolution: BTreeMap<String, String>,
        engines: BTreeMap<String, String>,
        os: Vec<String>,
        deprecated: String,
        cpu: Vec<String>,
    }

    #[test]
    fn reads_what_pnpm_writes() {
        let text = "lockfileVersion: '9.0'\n\npackages:\n\n  '@a/b@1.0.0':  # c\n    resolution: {integrity: sha512-x==, tarball: https://a.b/c.tgz}\n    engines: {node: ^12 || >=16.0.0}\n    os: [darwin, linux]\n    deprecated: 'it''s old'\n    cpu:\n      - x64\n";
        assert!(agrees::<Lock>(text));
        let lock = read::<Lock>(text).unwrap().remove(0);
        let entry = &lock.packages["@a/b@1.0.0"];
        assert_eq!(entry.engines["node"], "^12 || >=16.0.0");
        assert_eq!(entry.resolution["tarball"], "https://a.b/c.tgz");
        assert_eq!((entry.os.len(), entry.cpu.len()), (2, 1));
        assert_eq!(entry.deprecated, "it's old");
        // Strings without escapes are borrowed from the text.
        assert!(read::<BTreeMap<&str, &str>>("a: b\n'c': \"d\"\n").is_some());
    }

    #[test]
    fn checks_what_the_target_ignores() {
        #[derive(Deserialize)]
        struct OnlyA {
            #[allow(dead_code)]
            a: String,
        }
        assert!(read::<OnlyA>("a: b\nc:\n  d: [e, f]\n  g:\n    - h\n").is_some());
        for text in [
            "a: b\nc:\n  d: &x e\n",
            "a: b\nc:\n  d: e\n  d: f\n",
            "a: b\nc:\n  - d\n  e: f\n",
            "a: b\nc: {d: e\n",
        ] {
            assert!(read::<OnlyA>(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn leaves_the_rest_to_the_full_parser() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |\n  x\n",
            "a: >-\n  x\n",
            "a: b\n  c\n",
            "a:\n- b\n",
            "a: \"x\\ny\"\n",
            "a: 'x\n  y'\n",
            "a: 1\na: 2\n",
            "a: 1\n'a': 2\n",
            "0x1: a\n",
            "~: a\n",
            "<<: {a: b}\n",
            "? a\n: b\n",
            "a:\tb\n",
            "%YAML 1.2\n---\na: b\n",
            "a: b\n---\n",
            "---\n---\na: b\n",
            "a: b\n...\n",
            "a: {b: c,}\n",
            "a: {b: {c: d}}\n",
            "a: [b, [c]]\n",
            "a: b: c\n",
            "a: b:\n",
            "a: - b\n",
            "- a\n",
            "  a: b\n",
            "a: 'b'c\n",
            "a: \"b\"#c\n",
            "a: {b: c} d\n",
            "a: @b\n",
            "a:b\n",
            "",
            "# only a comment\n",
            "a: b\rc\n",
            "a: b\u{85}c\n",
            "a: \u{feff}b\n",
            "a  : b\n",
        ] {
            assert!(read::<IgnoredAny>(text).is_none(), "{text:?}");
        }
        let deep = (0..60).fold(String::new(), |text, depth| {
            format!("{text}{}k{depth}:\n", " ".repeat(depth))
        });
        assert!(read::<IgnoredAny>(&deep).is_none());
        assert!(read::<IgnoredAny>(&deep.replace("k59:", "k59: v")).is_none());
    }

    #[test]
    fn agrees_with_serde_saphyr_on_what_it_reads() {
        for text in [
            "a: b  c\nb: b#c\nc: b #c\nd: 'x''y'\ne: ''\nf: \"\"\n",
            "a: null\nb: ~\nc:\nd: 'null'\ne: true\nf: 1.0\ng: 0x10\nh: yes\n",
            "é: ü\na:b: c\nx: y,z\n\"a b\": c\n1.0: f\n7zip-bin: x\n",
            "a: b\r\nc: d   \r\n",
            "# head\n\na: b # c\n\n  # indented comment\nc: d\n",
            "---\na: b\n---\nc: d\n",
            "a: https://x.org/a#b\nb: github:o/r#main\n",
            "'a': b\n\"c\": 'd'\n",
        ] {
            assert!(agrees::<Flat>(text), "{text:?}");
        }
        for text in [
            "a:\n  b: c\n  d:\nx:\n",
            "a: {b: c, 'd': \"e\", f: g h}\nb: {}\n",
            "a:\n    b: c\n    d: e\nf:\n  g: h\n",
        ] {
            assert!(agrees::<Nested>(text), "{text:?}");
        }
        assert!(agrees::<Lists>(
            "a:\n  b: [c, 'd']\n  e:\n    - f\n    - 'g'\n  h: []\n"
        ));
    }

    #[test]
    fn agrees_with_serde_saphyr_on_edited_text() {
        let nested = "a:\n  b: c\n  'd e': \"f\"\n  g: h i\nq:\n  r: s # t\n  u:\n";
        let lists = "a:\n  b: [m, 'n']\n  c:\n    - p\n    - \"q\"\n  d: []\n";
        let read = mutations(nested, 2000)
            .iter()
            .filter(|text| agrees::<Nested>(text))
            .count()
            + mutations(lists, 2000)
                .iter()
                .filter(|text| agrees::<Lists>(text))
                .count();
        assert!(read > 500, "only {read} edits read");
    }
}
