//! The template backend: renders `templates/<language>/` with minijinja over the serialized IR.
//!
//! Nothing here knows a particular language. A language is a folder of a templates root (built
//! into the generator, or on disk: [`Templates`]), read at generation time:
//!
//! ```text
//! templates/<language>/
//!   manifest.toml     which files to render, from which template, for which items
//!   types.toml        how an IR `TypeRef` is spelled (`type_ref`)
//!   static/           copied verbatim into the output, same relative paths
//!   templates/        the minijinja templates (the loader's root: include/import/extends work)
//! ```
//!
//! ```toml
//! static = "static"
//! types = "types.toml"
//! [[file]]
//! template = "models/type.ts.jinja"
//! path = "src/models/{{ type.name | kebab }}.ts"
//! each = "type"                                   # once | group | operation | type | error
//! when = 'type.origin.kind == "component"'        # optional
//! ```
//!
//! Every render sees `api` (the IR as `cargo xtask codegen --dump-ir` prints it), `options` (the
//! language's table in `sdkgen.toml`, over the manifest's `[options]` defaults), `lang` (the folder name) and, per `each`, `group`,
//! `group` + `operation`, `type` or `error`. Undefined values are errors, blocks are trimmed
//! (`trim_blocks`, `lstrip_blocks`), a template's trailing newline is kept and nothing is escaped.
//! The helpers (case filters, `doc_comment`, `json`, `type_ref`, `type_def`, `error_def`,
//! `md_table`) are listed in [`helpers`].

mod helpers;
pub mod manifest;
pub mod source;
pub(crate) mod text;
pub mod types;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use crate::diagnostics::{Error, Result};
use crate::ir::Api;
use crate::output::{self, GeneratedFile};

pub use manifest::{Each, FileRule, Manifest};
pub use source::Templates;
pub use types::TypeMap;

/// The manifest's file name inside a language folder.
pub const MANIFEST: &str = "manifest.toml";

/// Renders the language `lang` from `templates/<lang>/` (`templates` is the templates root) for
/// `api`, handing `options` to the templates. Files are sorted by path.
pub fn render(
    api: &Api,
    templates: &Templates,
    lang: &str,
    options: &serde_json::Value,
) -> Result<Vec<GeneratedFile>> {
    Language::load(templates, lang)?.render(api, options)
}

/// A language folder: its manifest and type mapping, read and checked.
#[derive(Debug)]
pub struct Language {
    name: String,
    templates: Templates,
    /// The language's folder, relative to the templates root.
    folder: PathBuf,
    manifest_path: PathBuf,
    manifest: Manifest,
    types: Option<Arc<TypeMap>>,
}

/// One thing a `[[file]]` is rendered for, and how to name it in an error.
struct Item {
    label: String,
    context: Vec<(&'static str, Value)>,
}

/// Name prefix of the templates made from the manifest's `path` strings.
const PATH_TEMPLATE: &str = "<path of [[file]] #";

impl Language {
    /// Reads `templates/<lang>/manifest.toml` and the type mapping it names.
    pub fn load(templates: &Templates, lang: &str) -> Result<Self> {
        let folder = PathBuf::from(lang);
        crate::config::check_language_name(lang).map_err(|message| Error::Template {
            file: templates.path(&folder),
            line: None,
            message,
        })?;
        let manifest_file = folder.join(MANIFEST);
        let manifest_path = templates.path(&manifest_file);
        if !templates.is_file(&manifest_file) {
            return Err(Error::Template {
                file: manifest_path,
                line: None,
                message: format!(
                    "no such file: a template language is a folder under {} with a {MANIFEST}, and `{lang}` has none (see templates/README.md)",
                    templates.path(Path::new("")).display()
                ),
            });
        }
        let manifest = Manifest::parse_file(&templates.read(&manifest_file)?, &manifest_path)?;
        let types = match &manifest.types {
            Some(types) => {
                let file = folder.join(types);
                let text = templates.read(&file)?;
                Some(Arc::new(TypeMap::parse_file(
                    &text,
                    &templates.path(&file),
                )?))
            }
            None => None,
        };
        Ok(Self {
            name: lang.to_owned(),
            templates: templates.clone(),
            folder,
            manifest_path,
            manifest,
            types,
        })
    }

    /// The folder the templates are loaded from (`templates/<lang>/templates/`), relative to the
    /// templates root.
    fn templates_dir(&self) -> PathBuf {
        self.folder.join("templates")
    }

    /// Renders every file of the manifest and copies the static files: the files sorted by path.
    pub fn render(&self, api: &Api, options: &serde_json::Value) -> Result<Vec<GeneratedFile>> {
        let reserved = &self.manifest.reserved;
        let api =
            crate::clashes::without_clashes(api, &|name, _| reserved.iter().any(|r| r == name));
        let api_json = serde_json::to_value(&*api).map_err(|err| Error::Render {
            file: "the IR".into(),
            message: err.to_string(),
        })?;
        let api = Value::from_serialize(&api_json);
        let path_names: Vec<String> = (1..=self.manifest.files.len())
            .map(|number| format!("{PATH_TEMPLATE}{number}>"))
            .collect();
        let env = self.environment(&api, &path_names)?;
        let options = self.options_with_defaults(&env, &api, options)?;
        let base = [
            ("api", api.clone()),
            ("options", Value::from_serialize(&options)),
            ("lang", Value::from(self.name.as_str())),
        ];

        // Path -> (where it comes from, contents).
        let mut outputs: BTreeMap<String, (String, String)> = BTreeMap::new();
        for (path, contents) in self.static_files()? {
            let origin = format!("static file {path}");
            self.add_output(&mut outputs, path, origin, contents)?;
        }
        for (index, (rule, path_name)) in self.manifest.files.iter().zip(&path_names).enumerate() {
            let number = index + 1;
            let rule_label = format!("[[file]] #{number} (template `{}`)", rule.template);
            let template = env
                .get_template(&rule.template)
                .map_err(|err| self.error(&err, &format!("loading {rule_label}")))?;
            let path_template = env
                .get_template(path_name)
                .map_err(|err| self.error(&err, &format!("loading the `path` of {rule_label}")))?;
            let when = match &rule.when {
                Some(when) => Some(env.compile_expression_owned(when.clone()).map_err(|err| {
                    self.error(&err, &format!("compiling the `when` of {rule_label}"))
                })?),
                None => None,
            };
            for item in items(rule.each, &api).map_err(|message| self.manifest_error(message))? {
                let for_item = if item.label.is_empty() {
                    rule_label.clone()
                } else {
                    format!("{rule_label} for {}", item.label)
                };
                let context = Value::from_iter(base.iter().cloned().chain(item.context));
                if let Some(when) = &when {
                    let keep = when.eval(&context).map_err(|err| {
                        self.error(&err, &format!("evaluating the `when` of {for_item}"))
                    })?;
                    if keep.is_undefined() {
                        return Err(self.manifest_error(format!(
                            "the `when` of {for_item} is undefined; check its names against `cargo xtask codegen --dump-ir`"
                        )));
                    }
                    if !keep.is_true() {
                        continue;
                    }
                }
                let path = path_template.render(&context).map_err(|err| {
                    self.error(&err, &format!("rendering the `path` of {for_item}"))
                })?;
                check_output_path(&path).map_err(|message| {
                    self.manifest_error(format!("the `path` of {for_item} {message}"))
                })?;
                let mut contents = template
                    .render(&context)
                    .map_err(|err| self.error(&err, &format!("rendering {for_item}")))?;
                if self.manifest.tidy {
                    contents = text::tidy(&contents);
                }
                self.add_output(&mut outputs, path, for_item, contents)?;
            }
        }
        Ok(outputs
            .into_iter()
            .map(|(path, (_, contents))| GeneratedFile { path, contents })
            .collect())
    }

    /// The minijinja environment: the loader rooted at `templates/`, the settings every language
    /// renders with, the helpers, and the manifest's `path` strings as templates named
    /// `path_names`.
    fn environment(&self, api: &Value, path_names: &[String]) -> Result<Environment<'static>> {
        let mut env = Environment::new();
        let templates = self.templates.clone();
        let root = self.templates_dir();
        env.set_loader(move |name| {
            templates.load_template(&root, name).map_err(|err| {
                minijinja::Error::new(minijinja::ErrorKind::TemplateNotFound, err.to_string())
            })
        });
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.set_debug(true);
        helpers::register(&mut env, api, self.types.clone());
        for (index, (name, rule)) in path_names.iter().zip(&self.manifest.files).enumerate() {
            env.add_template_owned(name.clone(), rule.path.clone())
                .map_err(|err| {
                    let doing = format!(
                        "reading the `path` of [[file]] #{} (template `{}`)",
                        index + 1,
                        rule.template
                    );
                    self.error(&err, &doing)
                })?;
        }
        Ok(env)
    }

    /// The configured `options`, with the manifest's `[options]` defaults for the keys they leave
    /// out; a default that is a string is a template rendered with `api`.
    fn options_with_defaults(
        &self,
        env: &Environment<'static>,
        api: &Value,
        configured: &serde_json::Value,
    ) -> Result<serde_json::Value> {
        let mut options = configured.as_object().cloned().unwrap_or_default();
        for (key, default) in &self.manifest.options {
            if options.contains_key(key) {
                continue;
            }
            let value = match default {
                toml::Value::String(template) => {
                    let context = minijinja::context! { api => api.clone() };
                    let rendered = env.render_str(template, context).map_err(|err| {
                        self.error(&err, &format!("rendering the default of `options.{key}`"))
                    })?;
                    serde_json::Value::String(rendered)
                }
                other => crate::config::toml_to_json(other.clone()),
            };
            options.insert(key.clone(), value);
        }
        Ok(serde_json::Value::Object(options))
    }

    fn add_output(
        &self,
        outputs: &mut BTreeMap<String, (String, String)>,
        path: String,
        origin: String,
        contents: String,
    ) -> Result<()> {
        if let Some((first, _)) = outputs.get(&path) {
            return Err(self.manifest_error(format!(
                "two files render to `{path}`: {first}, and {origin}"
            )));
        }
        outputs.insert(path, (origin, contents));
        Ok(())
    }

    /// The static tree, as (relative path with `/`, text) sorted by path.
    fn static_files(&self) -> Result<Vec<(String, String)>> {
        let Some(dir) = &self.manifest.static_dir else {
            return Ok(Vec::new());
        };
        let root = self.folder.join(dir);
        if !self.templates.is_dir(&root) {
            return Err(self.manifest_error(format!(
                "`static = {:?}`: {} is not a folder",
                dir.display().to_string(),
                self.templates.path(&root).display()
            )));
        }
        let files = self.templates.files(&root)?;
        for (path, _) in &files {
            check_output_path(path).map_err(|message| Error::Template {
                file: self.templates.path(&root.join(path)),
                line: None,
                message: format!("static file {message}"),
            })?;
        }
        Ok(files)
    }

    fn manifest_error(&self, message: String) -> Error {
        Error::Template {
            file: self.manifest_path.clone(),
            line: None,
            message,
        }
    }

    /// A minijinja error as the generator's error: the innermost template and line, the message,
    /// what was being done, and the lines around the problem.
    fn error(&self, err: &minijinja::Error, doing: &str) -> Error {
        let inner = innermost(err);
        let mut message = inner.kind().to_string();
        if let Some(detail) = inner.detail() {
            message.push_str(": ");
            message.push_str(detail);
        }
        let mut source = std::error::Error::source(inner);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        message.push_str(&format!(" (while {doing})"));
        let (file, line) = match inner.name() {
            Some(name) if name.starts_with(PATH_TEMPLATE) || name == "<expression>" => {
                (self.manifest_path.clone(), None)
            }
            Some(name) => (
                self.templates.path(&self.templates_dir().join(name)),
                inner.line(),
            ),
            None => (self.manifest_path.clone(), None),
        };
        if let (Some(source), Some(line_number)) = (inner.template_source(), inner.line()) {
            message.push_str(&snippet(source, line_number, inner.range()));
        }
        Error::Template {
            file,
            line,
            message,
        }
    }
}

/// The deepest minijinja error of the chain that knows its template.
fn innermost(err: &minijinja::Error) -> &minijinja::Error {
    let mut found = err;
    let mut current: &dyn std::error::Error = err;
    while let Some(next) = current.source() {
        if let Some(inner) = next.downcast_ref::<minijinja::Error>()
            && inner.name().is_some()
        {
            found = inner;
        }
        current = next;
    }
    found
}

/// Up to three lines before the failing line, the line marked with `>`, a caret line under the
/// failing expression when it is on one line, and up to three lines after.
fn snippet(source: &str, line: usize, range: Option<std::ops::Range<usize>>) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let index = line.saturating_sub(1);
    let mut out = String::from("\n");
    for (number, text) in lines
        .iter()
        .enumerate()
        .skip(index.saturating_sub(3))
        .take(7)
    {
        let marker = if number == index { '>' } else { '|' };
        out.push_str(format!("{:>5} {marker} {text}", number + 1).trim_end());
        out.push('\n');
        if number != index {
            continue;
        }
        let Some(range) = range.clone() else {
            continue;
        };
        let line_start = lines[..index].iter().map(|l| l.len() + 1).sum::<usize>();
        let line_end = line_start + text.len();
        if range.start >= line_start && range.end <= line_end && range.start < range.end {
            let column = source
                .get(line_start..range.start)
                .map_or(0, |before| before.chars().count());
            let width = source
                .get(range.start..range.end)
                .map_or(1, |marked| marked.chars().count());
            out.push_str(&format!(
                "{:>5}   {}{}\n",
                "",
                " ".repeat(column),
                "^".repeat(width)
            ));
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// What a `[[file]]` of kind `each` is rendered for, in IR order.
fn items(each: Each, api: &Value) -> Result<Vec<Item>, String> {
    let single = |key: &'static str, list: &str| -> Result<Vec<Item>, String> {
        Ok(elements(api, list)?
            .into_iter()
            .map(|value| Item {
                label: format!("{key} `{}`", name_of(&value)),
                context: vec![(key, value)],
            })
            .collect())
    };
    match each {
        Each::Once => Ok(vec![Item {
            label: String::new(),
            context: Vec::new(),
        }]),
        Each::Group => single("group", "groups"),
        Each::Type => single("type", "types"),
        Each::Error => single("error", "errors"),
        Each::Operation => {
            let mut out = Vec::new();
            for group in elements(api, "groups")? {
                for operation in elements(&group, "operations")? {
                    out.push(Item {
                        label: format!("operation `{}`", name_of(&operation)),
                        context: vec![("group", group.clone()), ("operation", operation)],
                    });
                }
            }
            Ok(out)
        }
    }
}

/// The elements of the list `value.<key>`.
fn elements(value: &Value, key: &str) -> Result<Vec<Value>, String> {
    let list = value
        .get_attr(key)
        .map_err(|err| format!("the IR has no list `{key}`: {err}"))?;
    if list.kind() != minijinja::value::ValueKind::Seq {
        return Err(format!("the IR has no list `{key}`"));
    }
    list.try_iter()
        .map(Iterator::collect)
        .map_err(|err| format!("the IR's `{key}` is not a list: {err}"))
}

/// How an item is named in errors: its `id`, or `name` (a string or a `Name`'s `original`).
fn name_of(value: &Value) -> String {
    for key in ["id", "name"] {
        let Ok(found) = value.get_attr(key) else {
            continue;
        };
        if let Some(text) = found.as_str() {
            return text.to_owned();
        }
        if let Some(text) = found
            .get_attr("original")
            .ok()
            .and_then(|o| o.as_str().map(str::to_owned))
        {
            return text;
        }
    }
    "?".to_owned()
}

/// A rendered output path must be relative, `/`-separated, without `.`/`..` or empty segments,
/// and not the output manifest.
fn check_output_path(path: &str) -> Result<(), String> {
    let bad_segment = path.split('/').any(|segment| {
        segment.is_empty()
            || segment == "."
            || segment == ".."
            || segment != segment.trim()
            || segment
                .chars()
                .any(|c| c.is_control() || c == '\\' || c == ':')
    });
    if path.is_empty() || bad_segment {
        return Err(format!(
            "renders to {path:?}, which is not a relative path such as `src/models/user.ts`"
        ));
    }
    if path == output::MANIFEST {
        return Err(format!(
            "renders to `{path}`, the file in which codegen lists the files it owns"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{check_output_path, snippet};

    #[test]
    fn output_paths_stay_inside_the_folder() {
        assert!(check_output_path("src/models/user.ts").is_ok());
        for bad in [
            "",
            "/abs",
            "a/../b",
            "a//b",
            "./a",
            "a\\b",
            " a",
            "a\n",
            ".sdkgen-files",
        ] {
            assert!(check_output_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn snippet_marks_the_line_and_the_expression() {
        let source = "one\ntwo {{ nope }}\nthree\n";
        let start = source.find("nope").expect("found");
        assert_eq!(
            snippet(source, 2, Some(start..start + 4)),
            "\n    1 | one\n    2 > two {{ nope }}\n               ^^^^\n    3 | three"
        );
    }
}
