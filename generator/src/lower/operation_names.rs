//! The names of operations: their ids, and their method names within a group.
//!
//! A spec's operationIds are often written for a flat namespace (`repos/get`, `repos_get`,
//! `ReposGet` in the tag `repos`), while SDKs call them through their group
//! (`client.repos().get()`): the group's name is dropped from the front of the method name where
//! that leaves a name of its own. Operations without an operationId are named after their method
//! and path (`get /pets/{id}` is `getPetsById`). Each id and each method name of a group is unique:
//! a repeated one gets a numeric suffix, with a warning that says where.

use std::collections::HashSet;

use heck::ToSnakeCase;

use super::Warnings;
use crate::ir::{Group, Name};
use crate::load::Document;

/// The operation's id: its operationId, else one made of the method and the path, with the
/// path's parameters introduced by `by` (`get /pets/{id}/toys` is `getPetsByIdToys`).
pub fn operation_id(operation_id: Option<&str>, method: &str, path: &str) -> String {
    if let Some(id) = operation_id.filter(|id| !id.trim().is_empty()) {
        return id.to_owned();
    }
    let mut words = vec![method.to_owned()];
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        match segment
            .strip_prefix('{')
            .and_then(|inner| inner.strip_suffix('}'))
        {
            Some(parameter) => words.extend(["by".to_owned(), parameter.to_owned()]),
            None => words.push(segment.to_owned()),
        }
    }
    Name::new(&words.join(" ")).camel
}

/// The ids already given, to make each unique.
#[derive(Default)]
pub struct OperationIds {
    taken: HashSet<String>,
}

impl OperationIds {
    /// `id`, or `id` with the first free numeric suffix when another operation has it already,
    /// with a warning at `pointer` (operationIds must be unique).
    pub fn unique(
        &mut self,
        id: String,
        document: &Document,
        pointer: &str,
        warnings: &mut Warnings,
    ) -> String {
        if self.taken.insert(id.clone()) {
            return id;
        }
        let renamed = (2..)
            .map(|suffix| format!("{id}{suffix}"))
            .find(|candidate| !self.taken.contains(candidate))
            .unwrap_or_default();
        self.taken.insert(renamed.clone());
        warnings.push(document.diagnostic(
            &format!("{pointer}/operationId"),
            format!("operationId `{id}` is used by another operation already; this one is called `{renamed}`"),
        ));
        renamed
    }
}

/// Drops the group's name from the front of its operations' method names where the spec's
/// operationId repeats it (`repos_get` in `repos` becomes `get`), unless another operation of the
/// group would then have the same name; then numbers method names that are still repeated, with a
/// warning at the operation. Names from `x-speakeasy-name-override` are kept as written.
pub fn tidy_method_names(group: &mut Group, document: &Document, warnings: &mut Warnings) {
    let shorter: Vec<Option<Name>> = group
        .operations
        .iter()
        .map(|operation| {
            let overridden = operation.name.original != operation.id;
            let rest = without_prefix(&operation.name.original, &group.name.snake);
            rest.filter(|_| !overridden).map(Name::new)
        })
        .collect();
    let wanted: Vec<&str> = group
        .operations
        .iter()
        .zip(&shorter)
        .map(|(operation, shorter)| shorter.as_ref().unwrap_or(&operation.name).snake.as_str())
        .collect();
    let once: Vec<bool> = wanted
        .iter()
        .map(|snake| wanted.iter().filter(|other| *other == snake).count() == 1)
        .collect();
    let mut taken = HashSet::new();
    for ((operation, shorter), once) in group.operations.iter_mut().zip(shorter).zip(once) {
        if let Some(name) = shorter.filter(|_| once) {
            operation.name = name;
        }
        if taken.insert(operation.name.snake.clone()) {
            continue;
        }
        let first = operation.name.clone();
        for suffix in 2.. {
            operation.name = Name::new(&format!("{}{suffix}", first.original));
            if taken.insert(operation.name.snake.clone()) {
                break;
            }
        }
        warnings.push(document.diagnostic(
            &operation.source,
            format!(
                "another operation of `{}` is called `{}` too; this one is `{}`",
                group.name.original, first.original, operation.name.original
            ),
        ));
    }
}

/// What follows the group's name (as a snake-case word prefix) at the start of `name`, from its
/// next word: `reposGet`, `repos_get`, `ReposGet` and `repos/get` give `Get`, `get`, `Get` and
/// `get` for `repos`; `repositories` gives nothing.
fn without_prefix<'a>(name: &'a str, group_snake: &str) -> Option<&'a str> {
    if !name.to_snake_case().starts_with(&format!("{group_snake}_")) {
        return None;
    }
    let rest = name.char_indices().skip(1).find_map(|(index, next)| {
        let word_starts = !next.is_lowercase();
        (word_starts && name[..index].to_snake_case() == group_snake).then(|| &name[index..])
    })?;
    let rest = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
    (!rest.is_empty()).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::{operation_id, without_prefix};

    #[test]
    fn the_group_is_dropped_from_the_front_of_a_name_that_repeats_it() {
        assert_eq!(without_prefix("repos/get", "repos"), Some("get"));
        assert_eq!(without_prefix("repos_get", "repos"), Some("get"));
        assert_eq!(without_prefix("ReposGet", "repos"), Some("Get"));
        assert_eq!(
            without_prefix("reposCreateReaction", "repos"),
            Some("CreateReaction")
        );
        assert_eq!(
            without_prefix("o_auth.exchange", "o_auth"),
            Some("exchange")
        );
        assert_eq!(without_prefix("repositories", "repos"), None);
        assert_eq!(without_prefix("REPOSITORY", "repos"), None);
        assert_eq!(without_prefix("repos", "repos"), None);
        assert_eq!(without_prefix("listRepos", "repos"), None);
    }

    #[test]
    fn operations_without_an_id_are_named_after_method_and_path() {
        assert_eq!(operation_id(None, "get", "/pets/{id}"), "getPetsById");
        assert_eq!(operation_id(None, "post", "/pets"), "postPets");
        assert_eq!(
            operation_id(None, "get", "/repos/{owner}/{repo}/issues"),
            "getReposByOwnerByRepoIssues"
        );
        assert_eq!(operation_id(Some(" "), "get", "/"), "get");
        assert_eq!(operation_id(Some("listPets"), "get", "/pets"), "listPets");
    }
}
