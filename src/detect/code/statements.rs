//! Logical statements: a file's lines joined while brackets are open (or a
//! line ends in a continuation), with comments blanked out and string
//! literals located, so a rule sees `requests.get(url,\n    verify=False)` as
//! one call and never matches commented-out code.
//!
//! The splitter is a small hand-written lexer per [`Syntax`], not a parser:
//! it only needs comments, strings and brackets right, and must be fast and
//! total on any input (unterminated strings, unbalanced brackets).

use super::language::{Backtick, Brackets, HashComment, Interpolation, Syntax};
use crate::text::LineIndex;
use std::ops::Range;

/// A statement longer than this many lines is cut: unbalanced brackets in
/// broken code must not turn the rest of a file into one statement.
const MAX_STATEMENT_LINES: usize = 200;

/// One file, lexed.
pub struct Source<'a> {
    pub text: &'a str,
    /// `text` with every comment byte replaced by a space (newlines kept), so
    /// offsets are the same in both.
    pub code: String,
    /// Byte ranges of string literal contents (quotes excluded), sorted.
    strings: Vec<Range<usize>>,
    /// Byte ranges of statements, sorted and disjoint.
    statements: Vec<Range<usize>>,
    /// Built when first asked: most files have no finding.
    lines: std::sync::OnceLock<LineIndex>,
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str, syntax: Syntax) -> Source<'a> {
        let mut lexer = Lexer {
            b: text.as_bytes(),
            syntax,
            code: text.as_bytes().to_vec(),
            strings: Vec::new(),
            statements: Vec::new(),
            start: 0,
            start_line: 0,
            line: 0,
            depth: 0,
            braces: Vec::new(),
            interesting: interesting_bytes(syntax),
        };
        lexer.run();
        let Lexer {
            code,
            strings,
            statements,
            ..
        } = lexer;
        // Only ASCII bytes were replaced (by spaces), and only whole
        // characters inside comments, so the result is still UTF-8.
        let code = String::from_utf8(code)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Source {
            text,
            code,
            strings,
            statements,
            lines: std::sync::OnceLock::new(),
        }
    }

    fn index(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text))
    }

    pub fn statements(&self) -> &[Range<usize>] {
        &self.statements
    }

    /// The statement holding byte `offset` (a blank stretch between statements gives `None`).
    pub fn statement_at(&self, offset: usize) -> Option<Range<usize>> {
        let i = self.statements.partition_point(|s| s.end <= offset);
        self.statements
            .get(i)
            .filter(|s| s.start <= offset)
            .cloned()
    }

    /// Is byte `offset` inside a string literal's contents?
    pub fn in_string(&self, offset: usize) -> bool {
        let i = self.strings.partition_point(|s| s.end <= offset);
        self.strings.get(i).is_some_and(|s| s.start <= offset)
    }

    /// 0-based line of byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.index().line_of(offset)
    }

    /// Line `i` (0-based) of the original text, without its terminator.
    pub fn line(&self, i: usize) -> &'a str {
        let (s, e) = self.index().line_range(self.text, i);
        &self.text[s..e]
    }

    pub fn line_start(&self, i: usize) -> usize {
        self.index().line_start(i)
    }
}

/// What an open `{` was.
#[derive(Clone, Copy)]
enum Brace {
    /// A literal (object, map, set): it joins lines like `(`.
    Expr,
    /// A block: it separated statements; closing it restores this depth.
    Block(u32),
}

struct Lexer<'b> {
    b: &'b [u8],
    syntax: Syntax,
    code: Vec<u8>,
    strings: Vec<Range<usize>>,
    statements: Vec<Range<usize>>,
    /// Start of the current statement, and its first line.
    start: usize,
    start_line: usize,
    line: usize,
    /// Open `(`, `[` and literal `{` in the current block.
    depth: u32,
    braces: Vec<Brace>,
    /// The bytes the lexer must look at, and what each may start (the
    /// `MAY_*` bits); it skips the others in bulk.
    interesting: [u8; 256],
}

impl Lexer<'_> {
    fn run(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        while i < n {
            let table = &self.interesting;
            match self.b[i..].iter().position(|&c| table[c as usize] != 0) {
                Some(k) => i += k,
                None => break,
            }
            let c = self.b[i];
            let may = table[c as usize];
            if may & MAY_COMMENT != 0
                && let Some(end) = self.comment_at(i)
            {
                self.blank(i, end);
                i = end;
                continue;
            }
            if may & MAY_STRING != 0
                && let Some(end) = self.string_at(i)
            {
                self.count_lines(i, end);
                i = end;
                continue;
            }
            match c {
                b'\n' => {
                    self.line += 1;
                    if self.depth == 0 && !self.continues(i) {
                        self.end_statement(i);
                    } else if self.line - self.start_line > MAX_STATEMENT_LINES {
                        self.depth = 0;
                        self.end_statement(i);
                    }
                }
                b';' if self.depth == 0 && self.syntax.semicolons => self.end_statement(i),
                b'(' | b'[' if self.syntax.brackets != Brackets::None => self.depth += 1,
                b')' | b']' if self.syntax.brackets != Brackets::None => {
                    self.depth = self.depth.saturating_sub(1)
                }
                b'{' => match self.syntax.brackets {
                    Brackets::None => {}
                    Brackets::All => self.depth += 1,
                    Brackets::CLike => {
                        if self.opens_literal(i) {
                            self.braces.push(Brace::Expr);
                            self.depth += 1;
                        } else {
                            self.end_statement(i);
                            self.braces.push(Brace::Block(self.depth));
                            self.depth = 0;
                        }
                    }
                },
                b'}' => match self.syntax.brackets {
                    Brackets::None => {}
                    Brackets::All => self.depth = self.depth.saturating_sub(1),
                    Brackets::CLike => match self.braces.pop() {
                        Some(Brace::Expr) => self.depth = self.depth.saturating_sub(1),
                        Some(Brace::Block(saved)) => {
                            self.end_statement(i);
                            self.depth = saved;
                        }
                        None => self.end_statement(i),
                    },
                },
                _ => {}
            }
            i += 1;
        }
        self.end_statement(n);
    }

    /// Close the statement before byte `at`; the next starts after it.
    fn end_statement(&mut self, at: usize) {
        let at = at.min(self.b.len());
        let (mut s, mut e) = (self.start, at);
        while s < e && self.code[s].is_ascii_whitespace() {
            s += 1;
        }
        while e > s && self.code[e - 1].is_ascii_whitespace() {
            e -= 1;
        }
        if s < e {
            self.statements.push(s..e);
        }
        self.start = (at + 1).min(self.b.len());
        self.start_line = self.line;
    }

    fn blank(&mut self, from: usize, to: usize) {
        for k in from..to {
            if self.code[k] == b'\n' {
                self.line += 1;
            } else {
                self.code[k] = b' ';
            }
        }
    }

    fn count_lines(&mut self, from: usize, to: usize) {
        self.line += self.b[from..to].iter().filter(|&&c| c == b'\n').count();
    }

    /// Does the line ending at the newline `nl` continue on the next one?
    /// The last significant byte (not blank, not in a comment) of the
    /// current statement before `i`, and its offset.
    fn last_before(&self, i: usize) -> Option<(u8, usize)> {
        let at = self.code[self.start.min(i)..i]
            .iter()
            .rposition(|c| !c.is_ascii_whitespace())?;
        let at = self.start.min(i) + at;
        Some((self.code[at], at))
    }

    fn continues(&self, nl: usize) -> bool {
        let Some((last, _)) = self.last_before(nl) else {
            return false;
        };
        if last == b'\\' {
            return true;
        }
        if self.syntax.brackets != Brackets::CLike {
            return false;
        }
        let (_, at) = self.last_before(nl).unwrap_or((0, 0));
        let doubled = at > 0 && self.b[at - 1] == last;
        match last {
            b',' | b'.' | b'+' | b'=' | b'?' => return true,
            // `&&`, `||`; a single `|` closes Ruby block parameters.
            b'&' | b'|' if doubled => return true,
            _ => {}
        }
        // A method chain: the next line starts with `.` (not `...` spread).
        let rest = &self.b[nl + 1..];
        let first = rest.iter().position(|c| !c.is_ascii_whitespace());
        first.is_some_and(|k| {
            let r = &rest[k..];
            (r.starts_with(b".") && !r.starts_with(b"..")) || r.starts_with(b"?.")
        })
    }

    /// In C-like languages, does the `{` at `i` open a literal (not a block)?
    fn opens_literal(&self, i: usize) -> bool {
        let Some((last, at)) = self.last_before(i) else {
            return false;
        };
        // (`=>` ends in `>`: an arrow function's body is a block; `<{` is a
        // TypeScript type argument.)
        if matches!(
            last,
            b'=' | b'(' | b',' | b':' | b'[' | b'?' | b'!' | b'|' | b'&' | b'<'
        ) {
            return true;
        }
        let before = &self.b[..i];
        let word_end = before
            .iter()
            .rposition(|c| !c.is_ascii_whitespace())
            .map_or(0, |k| k + 1);
        if before[..word_end].ends_with(b"return") {
            return true;
        }
        // `x.method {` (a Kotlin/Groovy/Ruby trailing lambda, a Go composite
        // literal `tls.Config{` or `[]string{`) and `Type {` (a struct literal,
        // a Kotlin SAM lambda) are values, unless the statement is a
        // declaration or control flow (`if cfg.On {`, `fn f() -> T {`).
        let word_start = before[..=at]
            .iter()
            .rposition(|&c| !is_ident(c))
            .map_or(0, |k| k + 1);
        let word = &before[word_start..=at];
        if !is_ident(last) {
            return false;
        }
        // Destructuring (`const { exp } = …`), TypeScript `as { … }`, Go `interface{}`.
        if matches!(word, b"const" | b"let" | b"var" | b"as")
            || (at + 1 == i && matches!(word, b"interface" | b"struct"))
        {
            return true;
        }
        let dotted = word_start > 0 && matches!(before[word_start - 1], b'.' | b']');
        if !(dotted || word[0].is_ascii_uppercase()) {
            return false;
        }
        let stmt = String::from_utf8_lossy(&self.code[self.start..word_start]);
        let words = |s: &str| {
            s.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        // Declarations and control flow show in the words before the first `(` or `=`.
        let head = stmt.split(['(', '=']).next().unwrap_or("");
        const HEADS: [&str; 23] = [
            "if",
            "for",
            "while",
            "switch",
            "match",
            "else",
            "class",
            "interface",
            "impl",
            "catch",
            "select",
            "fn",
            "func",
            "fun",
            "function",
            "struct",
            "enum",
            "trait",
            "object",
            "type",
            "namespace",
            "module",
            "mod",
        ];
        const ANYWHERE: [&str; 4] = ["extends", "implements", "throws", "where"];
        !(words(head).iter().any(|w| HEADS.contains(&w.as_str()))
            || words(&stmt).iter().any(|w| ANYWHERE.contains(&w.as_str())))
    }

    /// If a comment starts at `i`, where it ends (before its newline).
    fn comment_at(&self, i: usize) -> Option<usize> {
        let b = self.b;
        let rest = &b[i..];
        let to_eol = || i + rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
        for lc in self.syntax.line_comments {
            if rest.starts_with(lc.as_bytes()) {
                return Some(to_eol());
            }
        }
        if let Some((open, close)) = self.syntax.block_comment
            && rest.starts_with(open.as_bytes())
        {
            let body = &rest[open.len()..];
            let end = memchr::memmem::find(body, close.as_bytes())
                .map_or(b.len(), |k| i + open.len() + k + close.len());
            return Some(end);
        }
        if rest.first() != Some(&b'#') {
            return None;
        }
        let comment = match self.syntax.hash_comment {
            HashComment::No => false,
            HashComment::Anywhere => true,
            HashComment::AfterSpace => i == 0 || b[i - 1].is_ascii_whitespace(),
            // Only blanks between the line's start and `i` (looked at backwards,
            // stopping at the first other byte).
            HashComment::LineStart => b[..i]
                .iter()
                .rev()
                .take_while(|&&c| c != b'\n')
                .all(u8::is_ascii_whitespace),
        };
        comment.then(to_eol)
    }

    /// If a string literal starts at `i`, record its contents and return where it ends.
    fn string_at(&mut self, i: usize) -> Option<usize> {
        let b = self.b;
        let c = b[i];
        let syntax = self.syntax;
        if syntax.rust_chars {
            if c == b'"'
                && let Some(end) = self.rust_raw_string(i)
            {
                return Some(end);
            }
            if c == b'\'' {
                return self.rust_char(i);
            }
        }
        if c == b'`' {
            let close = b"`";
            return match syntax.backtick {
                Backtick::No => None,
                Backtick::Raw => Some(self.delimited(i, 1, close, false, true, None)),
                Backtick::Template => {
                    Some(self.delimited(i, 1, close, true, true, Some(Interp::DOLLAR_BRACE)))
                }
            };
        }
        if !syntax.quotes.contains(&c) {
            return None;
        }
        let interp = self.interpolation(i);
        let triple = [c, c, c];
        if syntax.triple_quotes && b[i..].starts_with(&triple) {
            return Some(self.delimited(i, 3, &triple, true, true, interp));
        }
        // Shell and YAML single quotes have no escapes.
        let escapes = !(syntax.brackets == Brackets::None && c == b'\'');
        Some(self.delimited(i, 1, &[c], escapes, syntax.multiline_strings, interp))
    }

    /// What starts code inside the string opened at `i`: f-strings' `{…}`,
    /// Ruby's `#{…}`, Kotlin's `${…}`, PHP's `{$…}`, the shell's `$(…)` —
    /// all in double quotes (Python: with an `f` prefix).
    fn interpolation(&self, i: usize) -> Option<Interp> {
        let b = self.b;
        let double = b[i] == b'"';
        match self.syntax.interpolation {
            Interpolation::PythonF => {
                let prefix = b[..i]
                    .iter()
                    .rev()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
                let prefix = &b[i - prefix..i];
                (prefix.len() <= 2 && prefix.iter().any(|c| matches!(c, b'f' | b'F')))
                    .then_some(Interp::BRACE)
            }
            Interpolation::HashBrace if double => Some(Interp::HASH_BRACE),
            Interpolation::DollarBrace if double => Some(Interp::DOLLAR_BRACE),
            Interpolation::BraceDollar if double => Some(Interp::BRACE_DOLLAR),
            Interpolation::DollarParen if double => Some(Interp::DOLLAR_PAREN),
            _ => None,
        }
    }

    /// A string opened by `open_len` bytes at `i` and closed by `close`; the
    /// contents are recorded without their interpolated code.
    fn delimited(
        &mut self,
        i: usize,
        open_len: usize,
        close: &[u8],
        escapes: bool,
        multiline: bool,
        interp: Option<Interp>,
    ) -> usize {
        let b = self.b;
        let mut body = i + open_len;
        let mut k = body;
        while k < b.len() {
            if escapes && b[k] == b'\\' {
                k += 2;
                continue;
            }
            // (First bytes compared before slices: this loop runs over every
            // byte of every string.)
            if b[k] == close[0] && b[k..].starts_with(close) {
                self.strings.push(body..k);
                return k + close.len();
            }
            if let Some(it) = interp
                && b[k] == it.open[0]
                && b[k..].starts_with(it.open)
                && !(it.open == b"{" && b.get(k + 1) == Some(&b'{'))
            {
                // The code runs from the opener to its matching bracket.
                self.strings.push(body..k);
                k = it.end(b, k);
                body = k;
                continue;
            }
            if b[k] == b'\n' && !multiline {
                // Unterminated on its line: the string ends there.
                self.strings.push(body..k);
                return k;
            }
            if interp.is_some() && b[k] == b'{' && b.get(k + 1) == Some(&b'{') {
                k += 2;
                continue;
            }
            k += 1;
        }
        self.strings.push(body..b.len());
        b.len()
    }

    /// Rust `r"…"`, `r#"…"#`, `br"…"`.
    /// (Seen from its quote `i`: the `r` and `#`s before it were lexed as code.)
    fn rust_raw_string(&mut self, i: usize) -> Option<usize> {
        let b = self.b;
        let hashes = b[..i].iter().rev().take_while(|&&c| c == b'#').count();
        let r = (i - hashes).checked_sub(1)?;
        let prefix_start = if r > 0 && b[r - 1] == b'b' { r - 1 } else { r };
        if b[r] != b'r' || (prefix_start > 0 && is_ident(b[prefix_start - 1])) {
            return None;
        }
        let mut close = vec![b'"'];
        close.extend(std::iter::repeat_n(b'#', hashes));
        Some(self.delimited(i, 1, &close, false, true, None))
    }

    /// Rust `'x'` or `'\n'`; anything else after `'` is a lifetime.
    fn rust_char(&mut self, i: usize) -> Option<usize> {
        let rest = &self.b[i + 1..];
        let len = if rest.first() == Some(&b'\\') {
            rest.iter().skip(1).position(|&c| c == b'\'')? + 1
        } else {
            let s = std::str::from_utf8(&rest[..rest.len().min(5)])
                .or_else(|e| std::str::from_utf8(&rest[..e.valid_up_to()]))
                .ok()?;
            s.chars().next()?.len_utf8()
        };
        if len > 10 || rest.get(len) != Some(&b'\'') {
            return None;
        }
        self.strings.push(i + 1..i + 1 + len);
        Some(i + 2 + len)
    }
}

/// A byte that ends a statement or changes the nesting depth.
const MAY_STRUCTURE: u8 = 1;
/// A byte that may open a comment ([`Lexer::comment_at`] is `None` at any other).
const MAY_COMMENT: u8 = 2;
/// A byte that may open a string ([`Lexer::string_at`] is `None` at any other).
const MAY_STRING: u8 = 4;

/// What the lexer stops at: line ends, statement ends, brackets, quotes and
/// the first byte of a comment marker, each with the `MAY_*` bits it may start.
fn interesting_bytes(syntax: Syntax) -> [u8; 256] {
    let mut t = [0u8; 256];
    for c in [b'\n', b';', b'(', b')', b'[', b']', b'{', b'}'] {
        t[c as usize] |= MAY_STRUCTURE;
    }
    for &q in syntax.quotes {
        t[q as usize] |= MAY_STRING;
    }
    if syntax.backtick != Backtick::No {
        t[b'`' as usize] |= MAY_STRING;
    }
    if syntax.rust_chars {
        t[b'"' as usize] |= MAY_STRING;
        t[b'\'' as usize] |= MAY_STRING;
    }
    if syntax.hash_comment != HashComment::No {
        t[b'#' as usize] |= MAY_COMMENT;
    }
    for m in syntax.line_comments {
        t[m.as_bytes()[0] as usize] |= MAY_COMMENT;
    }
    if let Some((open, _)) = syntax.block_comment {
        t[open.as_bytes()[0] as usize] |= MAY_COMMENT;
    }
    t
}

/// How code is interpolated into a string: its opener, and the bracket pair
/// whose match closes it.
#[derive(Clone, Copy)]
struct Interp {
    open: &'static [u8],
    brackets: (u8, u8),
}

impl Interp {
    const BRACE: Interp = Interp {
        open: b"{",
        brackets: (b'{', b'}'),
    };
    const DOLLAR_BRACE: Interp = Interp {
        open: b"${",
        brackets: (b'{', b'}'),
    };
    const HASH_BRACE: Interp = Interp {
        open: b"#{",
        brackets: (b'{', b'}'),
    };
    const BRACE_DOLLAR: Interp = Interp {
        open: b"{$",
        brackets: (b'{', b'}'),
    };
    const DOLLAR_PAREN: Interp = Interp {
        open: b"$(",
        brackets: (b'(', b')'),
    };

    /// Where the interpolation opened at `k` ends (after its closing bracket).
    fn end(self, b: &[u8], k: usize) -> usize {
        let (open, close) = self.brackets;
        let mut depth = 0usize;
        for (j, &c) in b.iter().enumerate().skip(k) {
            if c == open {
                depth += 1;
            } else if c == close {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j + 1;
                }
            } else if c == b'\n' && open == b'{' && depth > 0 && j - k > 400 {
                break;
            }
        }
        b.len()
    }
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

#[cfg(test)]
mod tests {
    use super::super::language::Language;
    use super::Source;

    fn stmts(lang: Language, text: &str) -> Vec<String> {
        let s = Source::new(text, lang.syntax());
        s.statements()
            .iter()
            .map(|r| {
                s.code[r.clone()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn python_joins_open_brackets_and_drops_comments() {
        let text = "import requests\nr = requests.get(url,  # fetch\n    verify=False)\n# requests.get(u, verify=False)\ns = '''a # not\ncomment'''\n";
        assert_eq!(
            stmts(Language::Python, text),
            [
                "import requests",
                "r = requests.get(url, verify=False)",
                "s = '''a # not comment'''"
            ]
        );
        let s = Source::new(text, Language::Python.syntax());
        let at = text.find("# not").unwrap();
        assert!(s.in_string(at));
        assert!(!s.in_string(text.find("verify").unwrap()));
    }

    #[test]
    fn c_like_blocks_split_and_literals_join() {
        let text = "const opts = {\n  origin: '*',\n  credentials: true,\n};\napp.get('/', (req, res) => {\n  res.send(x);\n});\nclient\n  .get(u)\n  .then(f);\n/* a\nb */ x();";
        assert_eq!(
            stmts(Language::JavaScript, text),
            [
                "const opts = { origin: '*', credentials: true, }",
                "app.get('/', (req, res) =>",
                "res.send(x)",
                ")",
                "client .get(u) .then(f)",
                "x()"
            ]
        );
    }

    #[test]
    fn values_with_braces_join_and_declarations_do_not() {
        let text = "val v = HostnameVerifier { _, _ ->\n  true\n}\nclient.get {\n  x\n}\nfun f(): Foo {\n  g()\n}\nif cfg.On {\n  h()\n}";
        assert_eq!(
            stmts(Language::Java, text),
            [
                "val v = HostnameVerifier { _, _ -> true }",
                "client.get { x }",
                "fun f(): Foo",
                "g()",
                "if cfg.On",
                "h()"
            ]
        );
        let js = "const { exp } = jwt.decode(token) as { exp: number };\nfoo();";
        assert_eq!(
            stmts(Language::JavaScript, js),
            [
                "const { exp } = jwt.decode(token) as { exp: number }",
                "foo()"
            ]
        );
        let keyfunc = "tok, err := jwt.ParseWithClaims(s, &Claims{}, func(t *jwt.Token) (interface{}, error) {\n\treturn key, nil\n})";
        assert_eq!(
            stmts(Language::Go, keyfunc)[0],
            "tok, err := jwt.ParseWithClaims(s, &Claims{}, func(t *jwt.Token) (interface{}, error)"
        );
        let go = "tr := &http.Transport{\n\tTLSClientConfig: &tls.Config{\n\t\tInsecureSkipVerify: true,\n\t},\n}";
        assert_eq!(
            stmts(Language::Go, go).len(),
            1,
            "{:?}",
            stmts(Language::Go, go)
        );
    }

    #[test]
    fn shell_continuations_and_comments() {
        let text = "curl -s \\\n  -k https://x # insecure\necho $# \"a # b\"\n";
        assert_eq!(
            stmts(Language::Shell, text),
            ["curl -s \\ -k https://x", "echo $# \"a # b\""]
        );
    }

    #[test]
    fn interpolated_code_is_code() {
        let cases = [
            (
                Language::Python,
                "s = f\"{randint(0, 9):06d} {{literal}}\"",
                "randint",
                "literal",
            ),
            (
                Language::Shell,
                "v=\"pre $(curl -sk https://x) post\" # c",
                "curl",
                "post",
            ),
            (
                Language::Ruby,
                "q = \"SELECT #{params[:id]} x\"",
                "params",
                "SELECT",
            ),
            (
                Language::JavaScript,
                "q = `SELECT ${req.query.id}`",
                "req",
                "SELECT",
            ),
            (
                Language::Php,
                "$q = \"SELECT {$_GET['id']}\";",
                "_GET",
                "SELECT",
            ),
        ];
        for (lang, text, code, string) in cases {
            let s = Source::new(text, lang.syntax());
            assert!(
                !s.in_string(text.find(code).unwrap()),
                "{lang}: {code} in {text}"
            );
            let at = text.rfind(string).unwrap();
            assert!(s.in_string(at), "{lang}: {string} in {text}");
        }
    }

    #[test]
    fn rust_lifetimes_are_not_strings() {
        let text =
            "fn f<'a>(x: &'a str) -> char { let c = '\"'; x }\nlet s = r#\"a \"quoted\" // b\"#;";
        let s = Source::new(text, Language::Rust.syntax());
        assert!(!s.in_string(text.find("str").unwrap()));
        assert!(s.in_string(text.find("// b").unwrap()));
        assert!(s.code.contains("// b"));
    }

    #[test]
    fn unbalanced_input_is_total() {
        for text in [
            "f(((",
            ")))}}}",
            "\"unterminated",
            "/* open",
            "r#\"x",
            "'",
            "{{{",
        ] {
            for lang in Language::ALL {
                let s = Source::new(text, lang.syntax());
                let _ = s.statements();
            }
        }
    }
}
