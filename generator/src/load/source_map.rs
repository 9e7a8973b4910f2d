//! JSON pointer to line numbers, so that a diagnostic can say on which line a problem is.
//!
//! Built from yaml-rust2's marked events, which also covers JSON documents (JSON is YAML 1.2). It is
//! only built when a diagnostic needs a line, so the common, error-free run pays nothing for it.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::join_pointer;

/// Lines of every node of a document, keyed by JSON pointer.
#[derive(Debug, Default)]
pub struct SourceMap {
    lines: HashMap<String, usize>,
    /// The first child, in document order, of every mapping and sequence that has one.
    first_children: HashMap<String, String>,
}

impl SourceMap {
    /// Maps a YAML or JSON text; a text that does not parse maps as far as it parsed.
    pub fn build(text: &str) -> Self {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        // A parse error only cuts the map short; the loader reports the error itself.
        let _ = parser.load(&mut builder, false);
        Self {
            lines: builder.lines,
            first_children: builder.first_children,
        }
    }

    /// Whether the document has a node at exactly `pointer`.
    pub fn contains(&self, pointer: &str) -> bool {
        self.lines.contains_key(pointer)
    }

    /// The pointer of the first child, in document order, of the node at `pointer`.
    pub fn first_child(&self, pointer: &str) -> Option<String> {
        self.first_children.get(pointer).cloned()
    }

    /// The line of the node at `pointer`, or of its closest mapped ancestor.
    pub fn line(&self, pointer: &str) -> Option<usize> {
        let mut current = pointer;
        loop {
            if let Some(line) = self.lines.get(current) {
                return Some(*line);
            }
            current = &current[..current.rfind('/')?];
        }
    }
}

/// The position inside one open container.
enum Frame {
    /// A mapping: `None` while the next scalar is a key, `Some(key)` while waiting for its value.
    Mapping(Option<String>),
    /// A sequence and the index of its next item.
    Sequence(usize),
}

#[derive(Default)]
struct Builder {
    lines: HashMap<String, usize>,
    first_children: HashMap<String, String>,
    /// Pointer of each open container, with its frame.
    stack: Vec<(String, Frame)>,
}

impl Builder {
    /// Records the line of the value node that starts now and returns its pointer.
    fn next_node(&mut self, mark: Marker) -> String {
        let Some((pointer, frame)) = self.stack.last_mut() else {
            self.lines.insert(String::new(), mark.line());
            return String::new();
        };
        match frame {
            Frame::Sequence(index) => {
                let child = join_pointer(pointer, &index.to_string());
                *index += 1;
                self.lines.insert(child.clone(), mark.line());
                if *index == 1 {
                    self.first_children.insert(pointer.clone(), child.clone());
                }
                child
            }
            Frame::Mapping(key) => {
                // The key's line was recorded when the key was read: that is the line users look for.
                let child = join_pointer(pointer, key.take().as_deref().unwrap_or_default());
                self.lines.entry(child.clone()).or_insert(mark.line());
                child
            }
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                let is_key = matches!(self.stack.last(), Some((_, Frame::Mapping(None))));
                if is_key {
                    if let Some((pointer, Frame::Mapping(key))) = self.stack.last_mut() {
                        let child = join_pointer(pointer, &value);
                        self.lines.insert(child.clone(), mark.line());
                        self.first_children.entry(pointer.clone()).or_insert(child);
                        *key = Some(value);
                    }
                } else {
                    self.next_node(mark);
                }
            }
            Event::Alias(_) => {
                self.next_node(mark);
            }
            Event::MappingStart(..) => {
                let pointer = self.next_node(mark);
                self.stack.push((pointer, Frame::Mapping(None)));
            }
            Event::SequenceStart(..) => {
                let pointer = self.next_node(mark);
                self.stack.push((pointer, Frame::Sequence(0)));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SourceMap;

    #[test]
    fn maps_yaml_keys_and_items_to_lines() {
        let map = SourceMap::build("a:\n  b: 1\n  c:\n    - x\n    - y: 2\nd/e: 3\n");
        assert_eq!(map.line("/a"), Some(1));
        assert_eq!(map.line("/a/b"), Some(2));
        assert_eq!(map.line("/a/c/1"), Some(5));
        assert_eq!(map.line("/a/c/1/y"), Some(5));
        assert_eq!(map.line("/d~1e"), Some(6));
        assert_eq!(map.line("/a/c/7/missing"), Some(3));
        assert!(map.contains("/a/c/1/y"));
        assert!(!map.contains("/a/c/7/missing"));
        assert_eq!(map.first_child("/a").as_deref(), Some("/a/b"));
        assert_eq!(map.first_child("/a/c").as_deref(), Some("/a/c/0"));
        assert_eq!(map.first_child("/a/b"), None);
    }

    #[test]
    fn maps_json_documents() {
        let map = SourceMap::build("{\n  \"a\": {\n    \"b\": [1,\n 2]\n  }\n}\n");
        assert_eq!(map.line("/a/b"), Some(3));
        assert_eq!(map.line("/a/b/1"), Some(4));
        let one_line = SourceMap::build("{\"z\": 1, \"a\": 2}");
        assert_eq!(one_line.first_child("").as_deref(), Some("/z"));
    }
}
