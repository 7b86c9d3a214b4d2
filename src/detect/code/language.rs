//! Which language a file is written in, from its path (and, for scripts
//! without an extension, its shebang), and how that language writes comments,
//! strings and brackets — all the statement splitter needs to know.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    /// JavaScript and TypeScript (and JSX/TSX, Vue/Svelte scripts).
    JavaScript,
    Go,
    /// Java and Kotlin: same comments, strings and libraries.
    Java,
    Ruby,
    Php,
    Rust,
    /// POSIX shell and bash scripts.
    Shell,
    Dockerfile,
    /// YAML configuration: CI pipelines, Kubernetes, compose files.
    Yaml,
}

impl Language {
    pub const ALL: [Language; 10] = [
        Language::Python,
        Language::JavaScript,
        Language::Go,
        Language::Java,
        Language::Ruby,
        Language::Php,
        Language::Rust,
        Language::Shell,
        Language::Dockerfile,
        Language::Yaml,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::JavaScript => "javascript",
            Language::Go => "go",
            Language::Java => "java",
            Language::Ruby => "ruby",
            Language::Php => "php",
            Language::Rust => "rust",
            Language::Shell => "shell",
            Language::Dockerfile => "dockerfile",
            Language::Yaml => "yaml",
        }
    }

    /// The language of `path`, or `None` for files no code rule applies to.
    /// `head` is the start of the content, for shebangs.
    pub fn detect(path: &str, head: &[u8]) -> Option<Language> {
        let name = path.rsplit('/').next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        if lower == "dockerfile"
            || lower == "containerfile"
            || lower.starts_with("dockerfile.")
            || lower.ends_with(".dockerfile")
            || lower.ends_with(".containerfile")
        {
            return Some(Language::Dockerfile);
        }
        if matches!(lower.as_str(), "gemfile" | "rakefile" | "vagrantfile") {
            return Some(Language::Ruby);
        }
        let ext = match lower.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => ext,
            _ => return shebang(head),
        };
        Some(match ext {
            "py" | "pyw" | "pyi" => Language::Python,
            "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx" | "vue" | "svelte" => {
                Language::JavaScript
            }
            "go" => Language::Go,
            "java" | "kt" | "kts" | "groovy" | "gradle" | "scala" => Language::Java,
            "rb" | "rake" | "gemspec" | "ru" => Language::Ruby,
            "php" | "phtml" => Language::Php,
            "rs" => Language::Rust,
            "sh" | "bash" | "zsh" | "ksh" | "envrc" => Language::Shell,
            "yml" | "yaml" => Language::Yaml,
            _ => return None,
        })
    }

    /// How the language writes comments and strings.
    pub fn syntax(self) -> Syntax {
        use Language::*;
        let c_like = Syntax {
            line_comments: &["//"],
            block_comment: Some(("/*", "*/")),
            hash_comment: HashComment::No,
            quotes: b"\"'",
            triple_quotes: false,
            backtick: Backtick::No,
            brackets: Brackets::CLike,
            rust_chars: false,
            semicolons: true,
            multiline_strings: false,
            interpolation: Interpolation::None,
        };
        match self {
            Python => Syntax {
                line_comments: &[],
                block_comment: None,
                hash_comment: HashComment::Anywhere,
                quotes: b"\"'",
                triple_quotes: true,
                backtick: Backtick::No,
                brackets: Brackets::All,
                rust_chars: false,
                semicolons: true,
                multiline_strings: false,
                interpolation: Interpolation::PythonF,
            },
            JavaScript => Syntax {
                backtick: Backtick::Template,
                ..c_like
            },
            Go => Syntax {
                backtick: Backtick::Raw,
                ..c_like
            },
            Java => Syntax {
                triple_quotes: true,
                interpolation: Interpolation::DollarBrace,
                ..c_like
            },
            Php => Syntax {
                hash_comment: HashComment::Anywhere,
                multiline_strings: true,
                interpolation: Interpolation::BraceDollar,
                ..c_like
            },
            Rust => Syntax {
                quotes: b"\"",
                rust_chars: true,
                ..c_like
            },
            Ruby => Syntax {
                line_comments: &[],
                block_comment: None,
                hash_comment: HashComment::Anywhere,
                quotes: b"\"'",
                triple_quotes: false,
                backtick: Backtick::Raw,
                brackets: Brackets::CLike,
                rust_chars: false,
                semicolons: true,
                multiline_strings: true,
                interpolation: Interpolation::HashBrace,
            },
            Shell | Dockerfile => Syntax {
                line_comments: &[],
                block_comment: None,
                hash_comment: if self == Dockerfile {
                    HashComment::LineStart
                } else {
                    HashComment::AfterSpace
                },
                quotes: b"\"'",
                triple_quotes: false,
                backtick: Backtick::No,
                brackets: Brackets::None,
                rust_chars: false,
                semicolons: true,
                multiline_strings: true,
                interpolation: Interpolation::DollarParen,
            },
            Yaml => Syntax {
                line_comments: &[],
                block_comment: None,
                hash_comment: HashComment::AfterSpace,
                quotes: b"\"'",
                triple_quotes: false,
                backtick: Backtick::No,
                brackets: Brackets::None,
                rust_chars: false,
                semicolons: false,
                multiline_strings: false,
                interpolation: Interpolation::None,
            },
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `#!/usr/bin/env python3`, `#!/bin/bash`, …
fn shebang(head: &[u8]) -> Option<Language> {
    let line = head.strip_prefix(b"#!")?;
    let line = &line[..line.iter().position(|&b| b == b'\n').unwrap_or(line.len())];
    let line = String::from_utf8_lossy(line);
    let mut words = line.split_whitespace();
    let mut prog = words.next()?.rsplit('/').next()?;
    if prog == "env" {
        prog = words.find(|w| !w.starts_with('-'))?;
    }
    let prog = prog.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    match prog {
        "sh" | "bash" | "zsh" | "ksh" | "dash" => Some(Language::Shell),
        "python" => Some(Language::Python),
        "node" | "deno" | "bun" => Some(Language::JavaScript),
        "ruby" => Some(Language::Ruby),
        "php" => Some(Language::Php),
        _ => None,
    }
}

/// Where `#` starts a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashComment {
    No,
    /// Python, Ruby, PHP.
    Anywhere,
    /// Shell and YAML: at a line start or after whitespace (`$#`, `a#b` are not comments).
    AfterSpace,
    /// Dockerfile: only as a line's first non-blank character.
    LineStart,
}

/// What a backtick opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backtick {
    No,
    /// Go raw strings, Ruby command strings: no escapes.
    Raw,
    /// JavaScript template literals: escapes and `${…}` (kept as string text).
    Template,
}

/// Which brackets join lines into one statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brackets {
    /// Shell, Dockerfile, YAML: only `\` continuations join lines.
    None,
    /// Python: every bracket is an expression bracket.
    All,
    /// C-like: `(` and `[` join; `{` joins when it opens a literal (after `=`,
    /// `(`, `,`, `:`, `[`, `return`), and separates statements when it opens a block.
    CLike,
}

#[derive(Debug, Clone, Copy)]
pub struct Syntax {
    pub line_comments: &'static [&'static str],
    pub block_comment: Option<(&'static str, &'static str)>,
    pub hash_comment: HashComment,
    pub quotes: &'static [u8],
    /// `"""` / `'''` strings (Python, Kotlin and Java text blocks).
    pub triple_quotes: bool,
    pub backtick: Backtick,
    pub brackets: Brackets,
    /// Rust: `'` is a char literal only as `'x'` / `'\n'` (else a lifetime).
    pub rust_chars: bool,
    /// `;` ends a statement (everywhere but YAML).
    pub semicolons: bool,
    /// Quoted strings may span lines (shell, Ruby, PHP); elsewhere an
    /// unterminated quote ends at the line's end.
    pub multiline_strings: bool,
    /// How code is embedded in (double-quoted) strings; JavaScript's
    /// template literals are a [`Backtick`] kind.
    pub interpolation: Interpolation,
}

/// Code inside string literals, which rules must see as code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interpolation {
    None,
    /// Python f-strings: `f"{expr}"` (`{{` is a literal brace).
    PythonF,
    /// Ruby: `"#{expr}"`.
    HashBrace,
    /// Kotlin, Groovy: `"${expr}"`.
    DollarBrace,
    /// PHP: `"{$expr}"`.
    BraceDollar,
    /// Shell: `"$(command)"`.
    DollarParen,
}

#[cfg(test)]
mod tests {
    use super::Language::{self, *};

    #[test]
    fn from_paths_and_shebangs() {
        let d = |p: &str, head: &str| Language::detect(p, head.as_bytes());
        assert_eq!(d("app/views.py", ""), Some(Python));
        assert_eq!(d("src/index.tsx", ""), Some(JavaScript));
        assert_eq!(d("Dockerfile", ""), Some(Dockerfile));
        assert_eq!(d("docker/Dockerfile.prod", ""), Some(Dockerfile));
        assert_eq!(d(".github/workflows/ci.yml", ""), Some(Yaml));
        assert_eq!(d("Main.kt", ""), Some(Java));
        assert_eq!(d("bin/deploy", "#!/usr/bin/env bash\nset -e"), Some(Shell));
        assert_eq!(d("bin/tool", "#!/usr/bin/python3.11\n"), Some(Python));
        assert_eq!(d("README.md", ""), None);
        assert_eq!(d(".bashrc", ""), None);
    }
}
