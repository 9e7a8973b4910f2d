//! Files to upload: the value of a multipart body's file field, and the body
//! of an operation that takes any media type.

use std::fmt;
use std::path::Path;

use bytes::Bytes;

use super::call::Call;

/// A file to upload: its bytes, and optionally its name and media type.
///
/// In a multipart body the file becomes a part with that file name and
/// `Content-Type` (`application/octet-stream` when it has none); as a whole
/// body its media type is the request's `Content-Type`. Build one from bytes
/// (`File::new(bytes).file_name("table.csv").content_type("text/csv")`) or
/// read one from disk ([`File::from_path`]).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct File {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl File {
    /// A file of these bytes, without a name or media type.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Reads the file at `path`; its name is the path's last component. The
    /// media type is left unset (set it with [`content_type`](Self::content_type)).
    ///
    /// # Errors
    ///
    /// The I/O error of reading the file.
    pub async fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let bytes = tokio::fs::read(path).await?;
        let file = Self::new(bytes);
        Ok(match path.file_name() {
            Some(name) => file.file_name(name.to_string_lossy()),
            None => file,
        })
    }

    /// Sets the file name sent with the file.
    #[must_use]
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the media type sent with the file, e.g. `image/png`.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The file name, if set.
    pub fn get_file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The media type, if set.
    pub fn get_content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

impl From<Bytes> for File {
    fn from(bytes: Bytes) -> Self {
        Self::new(bytes)
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&'static [u8]> for File {
    fn from(bytes: &'static [u8]) -> Self {
        Self::new(bytes)
    }
}

impl fmt::Debug for File {
    /// Shows the size instead of the bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("len", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl Call {
    /// Sends the file's bytes as the body, with its media type as the
    /// `Content-Type` (`application/octet-stream` when it has none).
    pub fn file(self, file: &File) -> Self {
        let content_type = file
            .get_content_type()
            .unwrap_or("application/octet-stream")
            .to_owned();
        self.bytes(file.bytes().clone(), &content_type)
    }
}
