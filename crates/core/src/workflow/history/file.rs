//! A workflow as a file a person can read and keep in git: YAML (or JSON) in a fixed key order, versions oldest
//! first, branches and tags by name, so export → import → export gives the same bytes. A file from a newer
//! Switchyard, or with a node kind this one does not know, is refused with what is wrong named.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::version::WorkflowVersion;
use crate::error::{Error, Result};
use crate::workflow::canonical::doc_hash;
use crate::workflow::document::DOC_VERSION;
use crate::workflow::nodes::KINDS;
use crate::workflow::WorkflowDoc;

/// What the file's `format` says, so another YAML file is not taken for a workflow.
pub const FORMAT: &str = "switchyard.workflow";
/// This file layout's version; a later one is refused.
pub const FILE_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    Yaml,
    Json,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowFile {
    pub format: String,
    pub format_version: u32,
    pub name: String,
    /// The active branch's draft: what opens on the canvas.
    pub draft: WorkflowDoc,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryFile {
    pub active_branch: String,
    /// Oldest first; a version's parents come before it.
    pub versions: Vec<VersionFile>,
    /// By name.
    pub branches: Vec<BranchFile>,
    /// By name.
    #[serde(default)]
    pub tags: Vec<TagFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionFile {
    pub id: String,
    pub doc_hash: String,
    #[serde(default)]
    pub parents: Vec<String>,
    pub message: String,
    pub branch: String,
    pub created_at_ms: i64,
    pub doc: WorkflowDoc,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BranchFile {
    pub name: String,
    #[serde(default)]
    pub head: Option<String>,
    /// The branch's draft; the active branch's is the file's `draft`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<WorkflowDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagFile {
    pub name: String,
    pub version: String,
}

impl VersionFile {
    pub fn summary(&self) -> WorkflowVersion {
        WorkflowVersion {
            id: self.id.clone(),
            doc_hash: self.doc_hash.clone(),
            parents: self.parents.clone(),
            message: self.message.clone(),
            branch: self.branch.clone(),
            created_at_ms: self.created_at_ms,
            tags: Vec::new(),
        }
    }
}

impl WorkflowFile {
    /// Puts every list in the file's fixed order, so the same workflow always writes the same bytes.
    pub fn normalise(mut self) -> Self {
        if let Some(h) = &mut self.history {
            h.versions.sort_by(|a, b| a.created_at_ms.cmp(&b.created_at_ms).then_with(|| a.id.cmp(&b.id)));
            h.branches.sort_by(|a, b| a.name.cmp(&b.name));
            h.tags.sort_by(|a, b| a.name.cmp(&b.name));
        }
        self
    }

    pub fn write(&self, format: FileFormat) -> Result<String> {
        let text = match format {
            FileFormat::Yaml => {
                yaml_serde::to_string(self).map_err(|e| Error::internal(format!("workflow YAML: {e}")))?
            }
            FileFormat::Json => {
                let mut t =
                    serde_json::to_string_pretty(self).map_err(|e| Error::internal(format!("workflow JSON: {e}")))?;
                t.push('\n');
                t
            }
        };
        Ok(text)
    }

    /// Reads YAML or JSON (a file that starts with `{` is JSON) and checks it before anything is kept.
    pub fn read(text: &str) -> Result<Self> {
        let raw: Value = if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| bad(format!("The file is not valid JSON: {e}.")))?
        } else {
            yaml_serde::from_str(text).map_err(|e| bad(format!("The file is not valid YAML: {e}.")))?
        };
        check_raw(&raw)?;
        let file: WorkflowFile = serde_json::from_value(raw)
            .map_err(|e| bad(format!("The file is not a workflow Switchyard can read: {e}.")))?;
        file.check()?;
        Ok(file)
    }

    fn check(&self) -> Result<()> {
        let Some(h) = &self.history else { return Ok(()) };
        let mut known = std::collections::HashSet::new();
        for v in &h.versions {
            if doc_hash(&v.doc) != v.doc_hash || !v.summary().id_matches() {
                return Err(bad(format!("Version {} does not match its content: the file was altered.", short(&v.id))));
            }
            if let Some(p) = v.parents.iter().find(|p| !known.contains(p.as_str())) {
                return Err(bad(format!(
                    "Version {} names a parent {} the file does not hold.",
                    short(&v.id),
                    short(p)
                )));
            }
            known.insert(v.id.as_str());
        }
        let names_version = |id: &str| known.contains(id);
        if let Some(b) = h.branches.iter().find(|b| b.head.as_deref().is_some_and(|id| !names_version(id))) {
            return Err(bad(format!("Branch {} points at a version the file does not hold.", b.name)));
        }
        if let Some(t) = h.tags.iter().find(|t| !names_version(&t.version)) {
            return Err(bad(format!("Tag {} points at a version the file does not hold.", t.name)));
        }
        if !h.branches.iter().any(|b| b.name == h.active_branch) {
            return Err(bad(format!("The active branch {} is not among the file's branches.", h.active_branch)));
        }
        Ok(())
    }
}

fn bad(message: String) -> Error {
    Error::invalid("workflow_file_invalid", message)
}

fn short(id: &str) -> &str {
    &id[..id.len().min(8)]
}

/// What serde would only say as "unknown variant", said with the node it is on, and a newer format refused
/// before its fields are misread.
fn check_raw(raw: &Value) -> Result<()> {
    if raw.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(bad(format!("This is not a Switchyard workflow file (its `format` is not `{FORMAT}`).")));
    }
    let newer = |v: Option<&Value>, max: u32| v.and_then(Value::as_u64).is_some_and(|v| v > max as u64);
    if newer(raw.get("format_version"), FILE_VERSION) {
        return Err(Error::invalid(
            "workflow_file_newer",
            format!(
                "The file was written by a newer Switchyard (format version {}); this one reads up to {FILE_VERSION}.",
                raw["format_version"]
            ),
        ));
    }
    let mut docs = vec![("draft".to_owned(), raw.get("draft"))];
    if let Some(versions) = raw.pointer("/history/versions").and_then(Value::as_array) {
        for v in versions {
            let id = v.get("id").and_then(Value::as_str).unwrap_or("?");
            docs.push((format!("version {}", short(id)), v.get("doc")));
        }
    }
    if let Some(branches) = raw.pointer("/history/branches").and_then(Value::as_array) {
        for b in branches {
            docs.push((format!("branch {}", b.get("name").and_then(Value::as_str).unwrap_or("?")), b.get("draft")));
        }
    }
    for (where_, doc) in docs {
        let Some(doc) = doc else { continue };
        if newer(doc.get("version"), DOC_VERSION) {
            return Err(Error::invalid(
                "workflow_file_newer",
                format!(
                    "The {where_} document has version {}, newer than this Switchyard reads ({DOC_VERSION}).",
                    doc["version"]
                ),
            ));
        }
        for node in doc.get("nodes").and_then(Value::as_array).into_iter().flatten() {
            let kind = node.pointer("/config/kind").and_then(Value::as_str).unwrap_or("");
            if !KINDS.contains(&kind) {
                let id = node.get("id").and_then(Value::as_str).unwrap_or("?");
                return Err(Error::invalid(
                    "workflow_file_unknown_kind",
                    format!(
                        "Node {id} in the {where_} has kind `{kind}`, which this Switchyard does not know (it knows {}).",
                        KINDS.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::workflow::history::arbitrary;
    use crate::workflow::testing::{doc, edge, with};

    fn file(draft: WorkflowDoc, history: Option<HistoryFile>) -> WorkflowFile {
        WorkflowFile {
            format: FORMAT.into(),
            format_version: FILE_VERSION,
            name: "Daily digest".into(),
            draft,
            history,
        }
    }

    fn version(doc: WorkflowDoc, parents: Vec<String>, message: &str, at: i64) -> VersionFile {
        let doc_hash = doc_hash(&doc);
        let id = WorkflowVersion::content_id(&doc_hash, &parents, message, "main", at);
        VersionFile { id, doc_hash, parents, message: message.into(), branch: "main".into(), created_at_ms: at, doc }
    }

    fn sample() -> WorkflowDoc {
        doc(
            vec![
                with(
                    "start",
                    json!({"kind": "start", "inputs": [{"name": "text", "type": "string", "required": true}]}),
                ),
                with(
                    "llm_1",
                    json!({"kind": "llm", "user": "Summarise:\n{{start.text}}\nIn three lines.", "temperature": 0.3}),
                ),
            ],
            vec![edge("start", "llm_1")],
        )
    }

    fn round_trip(f: &WorkflowFile, format: FileFormat) -> (String, String) {
        let first = f.clone().normalise().write(format).unwrap();
        let again = WorkflowFile::read(&first).unwrap().write(format).unwrap();
        (first, again)
    }

    #[test]
    fn yaml_is_readable_with_templates_as_blocks_and_keys_in_a_fixed_order() {
        let yaml = file(sample(), None).write(FileFormat::Yaml).unwrap();
        assert!(
            yaml.starts_with("format: switchyard.workflow\nformat_version: 1\nname: Daily digest\ndraft:\n"),
            "{yaml}"
        );
        assert!(yaml.contains("user: |-\n"), "a multi-line template is a block a diff shows line by line:\n{yaml}");
        assert!(!yaml.contains("history:"), "no history was asked for");
        let (a, b) = round_trip(&file(sample(), None), FileFormat::Yaml);
        assert_eq!(a, b);
    }

    #[test]
    fn json_round_trips_byte_for_byte_too() {
        let (a, b) = round_trip(&file(sample(), None), FileFormat::Json);
        assert_eq!(a, b);
        assert!(a.ends_with("}\n") && a.contains("\n  \"format\": \"switchyard.workflow\""), "{a}");
    }

    #[test]
    fn a_history_round_trips_and_its_lists_are_written_in_a_fixed_order() {
        let v1 = version(sample(), vec![], "First", 10);
        let mut changed = sample();
        changed.nodes[1].title = "Summary".into();
        let v2 = version(changed.clone(), vec![v1.id.clone()], "Title", 20);
        let history = HistoryFile {
            active_branch: "main".into(),
            versions: vec![v2.clone(), v1.clone()],
            branches: vec![
                BranchFile { name: "main".into(), head: Some(v2.id.clone()), draft: None },
                BranchFile { name: "french".into(), head: Some(v1.id.clone()), draft: Some(sample()) },
            ],
            tags: vec![
                TagFile { name: "prod".into(), version: v1.id.clone() },
                TagFile { name: "beta".into(), version: v2.id.clone() },
            ],
        };
        let f = file(changed, Some(history));
        let (yaml, again) = round_trip(&f, FileFormat::Yaml);
        assert_eq!(yaml, again);
        let read = WorkflowFile::read(&yaml).unwrap();
        let h = read.history.unwrap();
        assert_eq!(h.versions.iter().map(|v| v.message.as_str()).collect::<Vec<_>>(), vec!["First", "Title"]);
        assert_eq!(h.branches.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(), vec!["french", "main"]);
        assert_eq!(h.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), vec!["beta", "prod"]);
    }

    #[test]
    fn every_node_kind_round_trips() {
        for kind in KINDS {
            let d = doc(vec![with(&format!("{kind}_1"), json!({ "kind": kind }))], vec![]);
            for format in [FileFormat::Yaml, FileFormat::Json] {
                let (a, b) = round_trip(&file(d.clone(), None), format);
                assert_eq!(a, b, "{kind}");
                assert_eq!(WorkflowFile::read(&a).unwrap().draft, d, "{kind}");
            }
        }
    }

    fn refused(text: &str) -> Error {
        WorkflowFile::read(text).unwrap_err()
    }

    #[test]
    fn an_unknown_node_kind_is_refused_with_the_node_and_kind_named() {
        let yaml = file(sample(), None).write(FileFormat::Yaml).unwrap().replace("kind: llm", "kind: python");
        let e = refused(&yaml);
        assert_eq!(e.code, "workflow_file_unknown_kind");
        assert!(
            e.message.contains("Node llm_1") && e.message.contains("`python`") && e.message.contains("draft"),
            "{}",
            e.message
        );
        let v = version(sample(), vec![], "First", 10);
        let with_history = file(
            WorkflowDoc::default(),
            Some(HistoryFile {
                active_branch: "main".into(),
                versions: vec![v.clone()],
                branches: vec![BranchFile { name: "main".into(), head: Some(v.id.clone()), draft: None }],
                tags: vec![],
            }),
        );
        let text = with_history.write(FileFormat::Json).unwrap().replace("\"kind\": \"start\"", "\"kind\": \"loop\"");
        let e = refused(&text);
        assert!(
            e.message.contains(&format!("version {}", &v.id[..8])) && e.message.contains("`loop`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_newer_format_or_document_version_is_refused_not_misread() {
        let yaml = file(sample(), None).write(FileFormat::Yaml).unwrap();
        let e = refused(&yaml.replace("format_version: 1", "format_version: 2"));
        assert_eq!(e.code, "workflow_file_newer");
        assert!(e.message.contains("format version 2") && e.message.contains("up to 1"), "{}", e.message);
        let e = refused(&yaml.replace("  version: 1", "  version: 7"));
        assert_eq!(e.code, "workflow_file_newer");
        assert!(e.message.contains("draft") && e.message.contains("version 7"), "{}", e.message);
    }

    #[test]
    fn a_file_that_is_no_workflow_or_no_valid_text_is_refused_by_what_it_is() {
        assert_eq!(refused("name: x\nsteps: []\n").code, "workflow_file_invalid");
        assert!(refused("name: x\n").message.contains("not a Switchyard workflow file"));
        assert!(refused("{ not json").message.contains("not valid JSON"));
        assert!(refused("format: [unclosed").message.contains("not valid YAML"));
        let yaml = file(sample(), None).write(FileFormat::Yaml).unwrap();
        let e = refused(&yaml.replace("name: Daily digest\n", ""));
        assert!(
            e.message.contains("not a workflow Switchyard can read") && e.message.contains("name"),
            "{}",
            e.message
        );
    }

    #[test]
    fn an_altered_or_broken_history_is_refused() {
        let v1 = version(sample(), vec![], "First", 10);
        let mk = |versions: Vec<VersionFile>, head: &str, tags: Vec<TagFile>, active: &str| {
            file(
                sample(),
                Some(HistoryFile {
                    active_branch: active.into(),
                    versions,
                    branches: vec![BranchFile { name: "main".into(), head: Some(head.into()), draft: None }],
                    tags,
                }),
            )
            .write(FileFormat::Yaml)
            .unwrap()
        };
        let fine = mk(vec![v1.clone()], &v1.id, vec![], "main");
        assert!(WorkflowFile::read(&fine).is_ok());
        let altered = fine.replace("In three lines.", "In four lines.");
        assert!(refused(&altered).message.contains("does not match its content"), "{}", refused(&altered).message);
        let mut relabelled = v1.clone();
        relabelled.message = "Other".into();
        assert!(refused(&mk(vec![relabelled], &v1.id, vec![], "main")).message.contains("does not match"));
        let orphan = version(sample(), vec!["f".repeat(64)], "Second", 20);
        assert!(refused(&mk(vec![orphan.clone()], &orphan.id, vec![], "main")).message.contains("names a parent"));
        assert!(refused(&mk(vec![v1.clone()], &"0".repeat(64), vec![], "main")).message.contains("Branch main"));
        let tag = vec![TagFile { name: "prod".into(), version: "0".repeat(64) }];
        assert!(refused(&mk(vec![v1.clone()], &v1.id, tag, "main")).message.contains("Tag prod"));
        assert!(refused(&mk(vec![v1.clone()], &v1.id, vec![], "dev")).message.contains("active branch dev"));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn export_import_export_is_byte_identical(d in arbitrary::doc(8), older in arbitrary::doc(4)) {
            let v1 = version(older, vec![], "one", 1);
            let v2 = version(d.clone(), vec![v1.id.clone()], "two: with a colon\nand a second line", 2);
            let history = HistoryFile {
                active_branch: "main".into(),
                versions: vec![v1.clone(), v2.clone()],
                branches: vec![BranchFile { name: "main".into(), head: Some(v2.id.clone()), draft: None }],
                tags: vec![TagFile { name: "prod".into(), version: v1.id.clone() }],
            };
            for f in [file(d.clone(), None), file(d.clone(), Some(history))] {
                for format in [FileFormat::Yaml, FileFormat::Json] {
                    let (a, b) = round_trip(&f, format);
                    prop_assert_eq!(&a, &b);
                    prop_assert_eq!(&WorkflowFile::read(&a).unwrap().draft, &d);
                }
            }
        }
    }
}
