//! Text helpers that do not depend on minijinja: comment wrapping and markdown tables.

/// Wraps markdown `text` into comment lines that start with `prefix` and are at most `width`
/// characters long where the words allow it (a word is never split).
///
/// Paragraphs are re-flowed; blank lines between them are kept (as `prefix` without its trailing
/// spaces). Fenced code blocks, headings, tables and indented code are kept line for line; list
/// items start on their own line and their wrapped lines are indented under the item's text.
/// No line ends in whitespace, and the result has no trailing newline.
pub fn doc_comment(text: &str, prefix: &str, width: usize) -> String {
    let available = width.saturating_sub(prefix.chars().count()).max(20);
    let mut lines: Vec<String> = Vec::new();
    let mut paragraph: Option<Paragraph> = None;
    let mut fence: Option<String> = None;
    for raw in text.lines() {
        let line = raw.trim_end();
        if let Some(marker) = &fence {
            if line.trim_start().starts_with(marker.as_str()) {
                fence = None;
            }
            lines.push(line.to_owned());
            continue;
        }
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut paragraph, available, &mut lines);
            let marker: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            fence = Some(marker);
            lines.push(line.to_owned());
        } else if trimmed.is_empty() {
            flush(&mut paragraph, available, &mut lines);
            lines.push(String::new());
        } else if let Some(marker) = list_marker(trimmed) {
            flush(&mut paragraph, available, &mut lines);
            let rest = &trimmed[marker.len()..];
            paragraph = Some(Paragraph {
                first: format!("{indent}{marker}"),
                continuation: " ".repeat(indent.chars().count() + marker.chars().count()),
                words: rest.split_whitespace().map(str::to_owned).collect(),
            });
        } else if paragraph.is_some() && !is_verbatim(trimmed, indent) {
            if let Some(current) = &mut paragraph {
                current
                    .words
                    .extend(trimmed.split_whitespace().map(str::to_owned));
            }
        } else if is_verbatim(trimmed, indent) {
            flush(&mut paragraph, available, &mut lines);
            lines.push(line.to_owned());
        } else {
            paragraph = Some(Paragraph {
                first: indent.to_owned(),
                continuation: indent.to_owned(),
                words: trimmed.split_whitespace().map(str::to_owned).collect(),
            });
        }
    }
    flush(&mut paragraph, available, &mut lines);

    // No blank lines at either end, and never two in a row.
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        if line.is_empty() && out.last().is_none_or(|last: &String| last.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out.iter()
        .map(|line| format!("{prefix}{line}").trim_end().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A paragraph or list item being collected: its words, and how its lines start.
struct Paragraph {
    first: String,
    continuation: String,
    words: Vec<String>,
}

fn flush(paragraph: &mut Option<Paragraph>, available: usize, lines: &mut Vec<String>) {
    let Some(paragraph) = paragraph.take() else {
        return;
    };
    let mut line = paragraph.first.clone();
    let mut has_word = false;
    for word in &paragraph.words {
        let needed = line.chars().count() + usize::from(has_word) + word.chars().count();
        if has_word && needed > available {
            lines.push(std::mem::replace(&mut line, paragraph.continuation.clone()));
            has_word = false;
        }
        if has_word {
            line.push(' ');
        }
        line.push_str(word);
        has_word = true;
    }
    if has_word || !line.trim().is_empty() {
        lines.push(line);
    }
}

/// `- `, `* `, `+ `, `1. ` or `1) ` at the start of a (left-trimmed) line.
fn list_marker(line: &str) -> Option<&str> {
    for bullet in ["- ", "* ", "+ "] {
        if line.starts_with(bullet) {
            return Some(&line[..2]);
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") {
            return Some(&line[..digits + 2]);
        }
    }
    None
}

/// Lines that are kept as written: headings, table rows, block quotes, indented code.
fn is_verbatim(trimmed: &str, indent: &str) -> bool {
    trimmed.starts_with('#')
        || trimmed.starts_with('|')
        || trimmed.starts_with('>')
        || indent.chars().count() >= 4
}

/// Re-emits a markdown table with every column padded to its widest cell (in characters):
///
/// ```text
/// | Error Type                     | Status Code |
/// | ------------------------------ | ----------- |
/// | errors.BadRequestResponseError | 400         |
/// ```
///
/// Cells are separated by unescaped `|`; `\|` stays inside its cell. Alignment colons of the
/// separator row are kept. A trailing newline of the input is kept.
pub fn md_table(text: &str) -> Result<String, String> {
    let rows: Vec<&str> = text
        .lines()
        .map(str::trim)
        .skip_while(|line| line.is_empty())
        .collect();
    let rows: Vec<&str> = {
        let mut rows = rows;
        while rows.last().is_some_and(|line| line.is_empty()) {
            rows.pop();
        }
        rows
    };
    if rows.len() < 2 {
        return Err(format!(
            "md_table needs a header row and a separator row, got {} line(s)",
            rows.len()
        ));
    }
    let mut cells: Vec<Vec<String>> = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        if row.is_empty() {
            return Err(format!(
                "md_table: line {} of the table is empty; a table has no blank lines",
                index + 1
            ));
        }
        cells.push(split_row(row));
    }
    let separator = &cells[1];
    let is_separator = separator.iter().all(|cell| {
        let dashes = cell.trim_matches(':');
        !dashes.is_empty() && dashes.chars().all(|c| c == '-')
    });
    if !is_separator {
        return Err(format!(
            "md_table: the second line `{}` is not a separator row like `| --- | --- |`",
            rows[1]
        ));
    }
    let columns = cells.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![1; columns];
    for (index, row) in cells.iter().enumerate() {
        for (column, cell) in row.iter().enumerate() {
            let needed = if index == 1 {
                // The separator needs room for its colons and one dash.
                cell.chars().filter(|c| *c == ':').count() + 1
            } else {
                cell.chars().count()
            };
            widths[column] = widths[column].max(needed);
        }
    }
    let mut out = String::new();
    for (index, row) in cells.iter().enumerate() {
        out.push('|');
        for (column, width) in widths.iter().enumerate() {
            let cell = row.get(column).map_or("", String::as_str);
            out.push(' ');
            if index == 1 {
                out.push_str(&separator_cell(cell, *width));
            } else {
                out.push_str(cell);
                out.extend(std::iter::repeat_n(
                    ' ',
                    width.saturating_sub(cell.chars().count()),
                ));
            }
            out.push_str(" |");
        }
        out.push('\n');
    }
    if !text.ends_with('\n') {
        out.pop();
    }
    Ok(out)
}

/// The cells of one row: split at unescaped `|`, outer pipes dropped, each trimmed.
fn split_row(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cell.push(c);
                if let Some(next) = chars.next() {
                    cell.push(next);
                }
            }
            '|' => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    if row.starts_with('|') {
        cells.remove(0);
    }
    if row.ends_with('|') && !row.ends_with("\\|") && !cells.is_empty() {
        cells.pop();
    }
    cells
        .into_iter()
        .map(|cell| cell.trim().to_owned())
        .collect()
}

/// `---` to `width`, keeping alignment colons (`:--`, `--:`, `:-:`).
fn separator_cell(cell: &str, width: usize) -> String {
    let left = cell.starts_with(':');
    let right = cell.len() > 1 && cell.ends_with(':');
    let dashes = width.saturating_sub(usize::from(left) + usize::from(right));
    let mut out = String::with_capacity(width);
    if left {
        out.push(':');
    }
    out.extend(std::iter::repeat_n('-', dashes.max(1)));
    if right {
        out.push(':');
    }
    out
}

/// `text` with every run of blank lines collapsed into one, no blank lines at the start, and
/// exactly one line break at the end.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = true;
    for line in text.lines() {
        let blank = line.trim().is_empty();
        if blank && blank_run {
            continue;
        }
        blank_run = blank;
        out.push_str(if blank { "" } else { line });
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{doc_comment, md_table, tidy};

    #[test]
    fn tidy_collapses_blank_runs_and_ends_with_one_line_break() {
        assert_eq!(tidy("\n\na\n\n\n  \nb\n  c\n\n\n"), "a\n\nb\n  c\n");
        assert_eq!(tidy("a"), "a\n");
    }

    #[test]
    fn wraps_paragraphs_and_keeps_blocks() {
        let text = "One two three four five six seven eight nine ten eleven twelve.\n\nSecond paragraph.\n\n```ts\nconst   x = 1;\n```\n- a list item that is long enough to wrap around the width\n- second\n";
        let out = doc_comment(text, " * ", 40);
        assert_eq!(
            out,
            " * One two three four five six seven\n * eight nine ten eleven twelve.\n *\n * Second paragraph.\n *\n * ```ts\n * const   x = 1;\n * ```\n * - a list item that is long enough to\n *   wrap around the width\n * - second"
        );
        assert!(out.lines().all(|line| line == line.trim_end()));
    }

    #[test]
    fn a_long_word_is_never_split() {
        let word = "x".repeat(50);
        assert_eq!(
            doc_comment(&format!("a {word} b"), "/// ", 30),
            format!("/// a\n/// {word}\n/// b")
        );
        assert_eq!(doc_comment("", " * ", 80), "");
    }

    #[test]
    fn pads_tables_to_the_widest_cell() {
        let table = "| Error Type | Status Code | Content Type |\n| --- | --- | --- |\n| errors.BadRequestResponseError | 400 | application/json |\n";
        assert_eq!(
            md_table(table).expect("table"),
            "| Error Type                     | Status Code | Content Type     |\n| ------------------------------ | ----------- | ---------------- |\n| errors.BadRequestResponseError | 400         | application/json |\n"
        );
    }

    #[test]
    fn escaped_pipes_alignment_and_wide_characters() {
        let table = "| a | b |\n|:--|--:|\n| x \\| y | é |";
        assert_eq!(
            md_table(table).expect("table"),
            "| a      | b  |\n| :----- | -: |\n| x \\| y | é  |"
        );
        assert!(md_table("| a |\n| b |").is_err());
        assert!(md_table("| a |").is_err());
    }
}
