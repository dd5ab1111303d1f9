//! The field mappings of the Sh subscriber-data API (`/sh/subscriber-data`): for each
//! Service-Indication of repository data it manages (MMTEL-Services, IMS-ODB-Information),
//! which named field sits where in the XML document. One JSON document under the `meta` key
//! [`FIELD_MAPPINGS_KEY`], written synced under the provisioning lock; absent until an
//! operator stores one (the API then uses its built-in defaults). The store keeps the document
//! as given: the REST layer validates paths and names before it writes.

use serde::{Deserialize, Serialize};

use super::Store;
use crate::backend::{Durability, WriteBatch};
use crate::error::{Corrupt, StoreError};
use crate::keys::Kind;

/// The `meta` key of the field mappings.
pub const FIELD_MAPPINGS_KEY: &[u8] = b"config/sh_field_mappings";

/// Every document the subscriber-data API manages, in the order it shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldMappings {
    /// One entry per Service-Indication.
    pub documents: Vec<DocumentMapping>,
}

/// The fields of the repository data of one Service-Indication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentMapping {
    /// The Service-Indication (`MMTEL-Services`).
    pub service_indication: String,
    /// The default namespace declared on the document's root element when the API writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Further namespace declarations on the root element: prefix → URI (`cp` →
    /// `urn:ietf:params:xml:ns:common-policy`); paths may use these prefixes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefixes: Vec<PrefixMapping>,
    /// The fields, in document order: the API writes elements in the order their first field
    /// appears here.
    pub fields: Vec<FieldMapping>,
}

/// One namespace prefix declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrefixMapping {
    /// The prefix (`cp`).
    pub prefix: String,
    /// The namespace URI.
    pub uri: String,
}

/// One named field and its place in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldMapping {
    /// The field's name in the API (`cdiv.active`), unique within its document.
    pub name: String,
    /// Where the value sits: element steps from the root, optionally ending in `@attribute`
    /// (`MMTelServices/complete-communication-diversion/communication-diversion/@active`).
    pub path: String,
    /// How the value is checked and written.
    #[serde(default, rename = "type")]
    pub kind: FieldKind,
    /// What the field means (free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The type of a field's value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// Any text.
    #[default]
    Text,
    /// `true` or `false`.
    Boolean,
    /// A decimal integer.
    Integer,
    /// An XML element (a rule set): the element the path names, written as given.
    Xml,
}

impl Store {
    /// The stored field mappings; `None` when none were stored (the API's defaults apply).
    ///
    /// Errors: [`StoreError::Corrupt`] when the stored document does not decode.
    pub fn sh_field_mappings(&self) -> Result<Option<FieldMappings>, StoreError> {
        let Some(raw) = self.backend.get(Kind::Meta, FIELD_MAPPINGS_KEY)? else {
            return Ok(None);
        };
        serde_json::from_slice(&raw).map(Some).map_err(|_| {
            super::corrupt(Corrupt { kind: Kind::Meta, reason: "bad Sh field mappings" })
        })
    }

    /// Stores `mappings` in place of any stored before (synced).
    pub fn put_sh_field_mappings(&self, mappings: &FieldMappings) -> Result<(), StoreError> {
        let value = serde_json::to_vec(mappings).map_err(|_| {
            StoreError::Corrupt(Corrupt {
                kind: Kind::Meta,
                reason: "Sh field mappings not encodable",
            })
        })?;
        let _guard = self.lock_provisioning();
        let mut batch = WriteBatch::new();
        batch.put(Kind::Meta, FIELD_MAPPINGS_KEY, value);
        self.commit(&batch, Durability::Synced)?;
        Ok(())
    }

    /// Drops the stored field mappings (the API's defaults apply again); nothing stored is
    /// not an error.
    pub fn delete_sh_field_mappings(&self) -> Result<(), StoreError> {
        let _guard = self.lock_provisioning();
        let mut batch = WriteBatch::new();
        batch.delete(Kind::Meta, FIELD_MAPPINGS_KEY);
        self.commit(&batch, Durability::Synced)?;
        Ok(())
    }
}
