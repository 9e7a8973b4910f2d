//! The spec's text as rustdoc: descriptions are markdown written for a web page, and rustdoc reads
//! markdown its own way.
//!
//! Every description and summary of the backend's copy of the IR is parsed with pulldown-cmark
//! (the parser rustdoc uses, with rustdoc's extensions) and written back as markdown that means
//! the same to a reader and that rustdoc and clippy accept:
//!
//! - code blocks rustdoc would compile as doctests (indented, fenced without a language or as
//!   `rust`) are fenced as `text`: a spec's snippets are not Rust for this crate;
//! - bare URLs become autolinks (`rustdoc::bare_urls`);
//! - brackets that are no link, and links whose target is no URL, are plain text: rustdoc would
//!   read them as links to items (`rustdoc::broken_intra_doc_links`);
//! - HTML is shown as code (`Vec<String>` has no `</String>`: `rustdoc::invalid_html_tags`), a
//!   `<br>` a line break;
//! - lists are indented as markdown says they nest (clippy's `doc_lazy_continuation`,
//!   `doc_overindented_list_items`);
//! - a long first paragraph is split after its first sentence, which rustdoc shows as the item's
//!   summary (clippy's `too_long_first_doc_paragraph`).

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::ir::Api;

/// The markdown extensions rustdoc enables, but footnotes: the serialiser cannot write some
/// documents with them back, and a footnote read as text (`[^1]`) is kept as text.
fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// A first paragraph longer than this (in characters) is split after its first sentence.
const LONG_FIRST_PARAGRAPH: usize = 300;

/// `text` rewritten as markdown that rustdoc and clippy accept (see the module docs).
pub fn markdown(text: &str) -> String {
    let mut events = Vec::new();
    let mut in_code_block = false;
    let mut in_table = false;
    // Whether each open link is kept (a URL) or shown as its text alone.
    let mut links = Vec::new();
    for event in Parser::new_ext(text, parser_options()) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code_block = true;
                events.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(
                    fence_language(&kind),
                ))));
            }
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                in_code_block = false;
                end_code_block(&mut events);
            }
            Event::Text(text) if !in_code_block && links.is_empty() => {
                link_urls(text, &mut events);
            }
            Event::Start(Tag::Table(alignments)) => {
                in_table = true;
                events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                in_table = false;
                events.push(Event::End(TagEnd::Table));
            }
            Event::Start(Tag::HtmlBlock) => events.push(Event::Start(Tag::CodeBlock(
                CodeBlockKind::Fenced(CowStr::Borrowed("text")),
            ))),
            // A line break in a table cell would end the row.
            Event::InlineHtml(html) if is_line_break(&html) && in_table => {
                events.push(Event::Text(CowStr::Borrowed(" ")));
            }
            Event::InlineHtml(html) if is_line_break(&html) => events.push(Event::SoftBreak),
            Event::InlineHtml(html) => events.push(Event::Code(html)),
            Event::Html(html) => events.push(Event::Text(html)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let kept = is_url_link(link_type, &dest_url);
                links.push(kept);
                if kept {
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                if links.pop().unwrap_or(true) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            // Markdown cannot write two bullet lists in a row (`- a` then `* b`) as two: they
            // become one.
            Event::Start(Tag::List(None))
                if matches!(events.last(), Some(Event::End(TagEnd::List(false)))) =>
            {
                events.pop();
            }
            other => events.push(other),
        }
    }
    split_long_first_paragraph(&mut events);
    // The serialiser refuses event streams it cannot write back exactly; none of the parser's
    // (with the replacements above) are known to be such, but should one be, its text is shown
    // as it is.
    serialised(&events).unwrap_or_else(|| plain_text_block(&events))
}

/// `events` written as markdown; `None` when the serialiser cannot write them.
fn serialised(events: &[Event<'_>]) -> Option<String> {
    let options = pulldown_cmark_to_cmark::Options {
        code_block_token_count: 3,
        list_token: '-',
        increment_ordered_list_bullets: true,
        ..Default::default()
    };
    let mut out = String::new();
    pulldown_cmark_to_cmark::cmark_with_options(events.iter(), &mut out, parser_options(), options)
        .ok()?;
    Some(out.trim().to_owned())
}

/// The text of `events` in a `text` code block, fenced by more backticks than it contains in a row.
fn plain_text_block(events: &[Event<'_>]) -> String {
    let text: String = events
        .iter()
        .map(|event| match event {
            Event::Text(text) | Event::Code(text) => text.as_ref(),
            Event::SoftBreak | Event::HardBreak => "\n",
            _ => "",
        })
        .collect();
    let longest_run = text
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or_default();
    let fence = "`".repeat(longest_run.max(2) + 1);
    format!("{fence}text\n{}\n{fence}", text.trim())
}

/// Closes a code block, its text ending with a line break (the closing fence needs a line of
/// its own, and a block left open at the end of a description has none).
fn end_code_block(events: &mut Vec<Event<'_>>) {
    if let Some(Event::Text(text)) = events.last_mut()
        && !text.ends_with('\n')
    {
        *text = format!("{text}\n").into();
    }
    events.push(Event::End(TagEnd::CodeBlock));
}

/// The language a code block is fenced with: `text` for one rustdoc would compile as Rust (no
/// language, `rust`, or only rustdoc's attributes such as `ignore`), else the block's own.
fn fence_language<'a>(kind: &CodeBlockKind<'a>) -> CowStr<'a> {
    const RUSTDOC_ATTRIBUTES: &[&str] = &[
        "rust",
        "ignore",
        "should_panic",
        "no_run",
        "compile_fail",
        "standalone_crate",
        "test_harness",
        "edition2015",
        "edition2018",
        "edition2021",
        "edition2024",
    ];
    let CodeBlockKind::Fenced(info) = kind else {
        return CowStr::Borrowed("text");
    };
    let compiled = info
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|word| !word.is_empty())
        .all(|word| RUSTDOC_ATTRIBUTES.contains(&word));
    if compiled {
        CowStr::Borrowed("text")
    } else {
        info.clone()
    }
}

/// `<br>`, `<br/>`, `<br />` (any case).
fn is_line_break(html: &str) -> bool {
    let inner = html
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/')
        .trim();
    inner.eq_ignore_ascii_case("br")
}

/// A link rustdoc follows as a URL: an autolink, or a target with a scheme (`https:`, `mailto:`)
/// or a path or fragment (`/docs`, `./a`, `#part`). Anything else (`[x](Pet)`) rustdoc would
/// resolve as an item of the crate.
fn is_url_link(link_type: LinkType, dest_url: &str) -> bool {
    matches!(link_type, LinkType::Autolink | LinkType::Email)
        || dest_url.contains(':')
        || dest_url.starts_with(['/', '#', '.'])
}

/// `text` as events, its bare URLs as autolinks.
fn link_urls<'a>(text: CowStr<'a>, events: &mut Vec<Event<'a>>) {
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url]);
    if finder.links(&text).next().is_none() {
        events.push(Event::Text(text));
        return;
    }
    for span in finder.spans(&text) {
        let piece = CowStr::from(span.as_str().to_owned());
        if span.kind().is_some() {
            events.push(Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: piece.clone(),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }));
            events.push(Event::Text(piece));
            events.push(Event::End(TagEnd::Link));
        } else {
            events.push(Event::Text(piece));
        }
    }
}

/// Splits the first paragraph after its first sentence when the paragraph is long and the
/// sentence ends in its plain text (not inside code, a link or emphasis).
fn split_long_first_paragraph(events: &mut Vec<Event<'_>>) {
    if !matches!(events.first(), Some(Event::Start(Tag::Paragraph))) {
        return;
    }
    let Some(end) = events
        .iter()
        .position(|event| matches!(event, Event::End(TagEnd::Paragraph)))
    else {
        return;
    };
    let length: usize = events[..end]
        .iter()
        .map(|event| match event {
            Event::Text(text) | Event::Code(text) => text.chars().count(),
            _ => 0,
        })
        .sum();
    if length <= LONG_FIRST_PARAGRAPH {
        return;
    }
    let mut depth = 0usize;
    for index in 1..end {
        match &events[index] {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(text) if depth == 0 => {
                let Some(stop) = text.find(". ").map(|at| at + 1) else {
                    continue;
                };
                let (first, rest) = (
                    text[..stop].to_owned(),
                    text[stop..].trim_start().to_owned(),
                );
                events.splice(
                    index..=index,
                    [
                        Event::Text(first.into()),
                        Event::End(TagEnd::Paragraph),
                        Event::Start(Tag::Paragraph),
                        Event::Text(rest.into()),
                    ],
                );
                return;
            }
            _ => {}
        }
    }
}

/// Rewrites every description and summary of `api` (see [`markdown`]), but those of error types:
/// their first line is also the error's message, which shows it as written (`errors.rs` rewrites
/// their docs).
pub fn rewrite_spec_text(api: &mut Api) {
    let rewrite = |text: &mut Option<String>| {
        if let Some(text) = text {
            *text = markdown(text);
        }
    };
    rewrite(&mut api.info.description);
    for server in &mut api.servers {
        rewrite(&mut server.description);
    }
    if let Some(crate::ir::Auth::Bearer { description }) = &mut api.auth {
        rewrite(description);
    }
    for global in &mut api.globals {
        rewrite(&mut global.description);
    }
    for ty in &mut api.types {
        rewrite(&mut ty.description);
        if let crate::ir::TypeKind::Object { fields, .. } = &mut ty.kind {
            for field in fields {
                rewrite(&mut field.description);
            }
        }
    }
    for group in &mut api.groups {
        rewrite(&mut group.description);
        for operation in &mut group.operations {
            rewrite(&mut operation.summary);
            rewrite(&mut operation.description);
            for parameter in &mut operation.parameters {
                rewrite(&mut parameter.description);
            }
            if let Some(body) = &mut operation.request_body {
                rewrite(&mut body.description);
            }
            for response in &mut operation.responses {
                response.description = markdown(&response.description);
            }
            for response in &mut operation.errors {
                response.description = markdown(&response.description);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::Event;

    use super::{markdown, plain_text_block};

    #[test]
    fn code_blocks_rustdoc_would_compile_are_text() {
        assert_eq!(markdown("a\n\n```\nx\n```"), "a\n\n```text\nx\n```");
        assert_eq!(markdown("```rust\nx\n```"), "```text\nx\n```");
        assert_eq!(markdown("```ignore\nx\n```"), "```text\nx\n```");
        assert_eq!(markdown("```json\n{}\n```"), "```json\n{}\n```");
        assert_eq!(
            markdown("a\n\n    code()\n    more\n\nb"),
            "a\n\n```text\ncode()\nmore\n```\n\nb"
        );
        assert_eq!(markdown("```\nunclosed"), "```text\nunclosed\n```");
    }

    #[test]
    fn text_the_serialiser_cannot_write_is_shown_as_plain_text() {
        let events = [
            Event::Text("a ``` b".into()),
            Event::SoftBreak,
            Event::Code("c".into()),
        ];
        assert_eq!(plain_text_block(&events), "````text\na ``` b\nc\n````");
    }

    #[test]
    fn list_items_are_indented_as_they_nest() {
        assert_eq!(
            markdown("- first\ncontinued\n- second\n      over\n* other"),
            "- first\n  continued\n- second\n  over\n- other"
        );
        assert_eq!(
            markdown("A list:\n* one\n* two\nand more."),
            "A list:\n\n- one\n- two\n  and more."
        );
    }

    #[test]
    fn bare_urls_become_links() {
        assert_eq!(
            markdown("See https://example.com/docs."),
            "See <https://example.com/docs>."
        );
        assert_eq!(
            markdown("Already <https://example.com> and [x](https://example.com)."),
            "Already <https://example.com> and [x](https://example.com)."
        );
    }

    #[test]
    fn brackets_that_rustdoc_would_link_are_text() {
        assert_eq!(markdown("[broken] and [x]"), "\\[broken\\] and \\[x\\]");
        assert_eq!(markdown("[text](Pet) here"), "text here");
        assert_eq!(
            markdown("[ok](/docs) and [ref][r]\n\n[r]: https://example.com"),
            "[ok](/docs) and [ref][r]\n\n[r]: https://example.com"
        );
    }

    #[test]
    fn html_is_shown_as_code() {
        assert_eq!(
            markdown("Vec<String> and <b>bold</b>"),
            "Vec`<String>` and `<b>`bold`</b>`"
        );
        assert_eq!(markdown("one<br>two"), "one\ntwo");
        assert_eq!(
            markdown("<div>\nblock\n</div>"),
            "```text\n<div>\nblock\n</div>\n```"
        );
    }

    #[test]
    fn a_long_first_paragraph_is_split_after_its_first_sentence() {
        let long = format!("Short first sentence. {}", "word ".repeat(70));
        let rewritten = markdown(&long);
        assert!(
            rewritten.starts_with("Short first sentence.\n\nword word"),
            "{rewritten}"
        );
        assert_eq!(markdown("Short. Text."), "Short. Text.");
    }
}
