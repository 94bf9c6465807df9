//! Writing an export to a new file in a folder: whole or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::cost::report::ExportFormat;
use crate::error::{Error, Result};
use crate::store::Store;

/// Writes `write`'s output to a new file `<stem>-<local time>.<csv|json>` in `dir` and returns its path. The file
/// is written beside its final name and renamed, so a failure (a full disk) leaves nothing half-written.
pub(crate) async fn write_export<F>(
    store: &Store,
    dir: &Path,
    stem: &str,
    format: ExportFormat,
    write: F,
) -> Result<PathBuf>
where
    F: FnOnce(&Connection, &mut dyn Write) -> Result<u64> + Send + 'static,
{
    let extension = match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Json => "json",
    };
    write_export_as(store, dir, stem, extension, move |c, out| write(c, out).map(|_| ())).await
}

/// As `write_export`, for any extension.
pub(crate) async fn write_export_as<F>(
    store: &Store,
    dir: &Path,
    stem: &str,
    extension: &str,
    write: F,
) -> Result<PathBuf>
where
    F: FnOnce(&Connection, &mut dyn Write) -> Result<()> + Send + 'static,
{
    std::fs::create_dir_all(dir)?;
    let stamp = chrono::Local::now().format("%Y-%m-%d-%H%M%S");
    let path = (0..100)
        .map(|n| match n {
            0 => dir.join(format!("{stem}-{stamp}.{extension}")),
            n => dir.join(format!("{stem}-{stamp}-{n}.{extension}")),
        })
        .find(|p| !p.exists())
        .ok_or_else(|| Error::internal("no free file name for the export"))?;
    let partial = path.with_extension(format!("{extension}.partial"));
    let target = partial.clone();
    let written = store
        .call(move |c| {
            let mut out = std::io::BufWriter::new(std::fs::File::create(&target)?);
            write(c, &mut out)?;
            out.flush()?;
            out.into_inner().map_err(|e| Error::from(e.into_error()))?.sync_all()?;
            Ok(())
        })
        .await;
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, &path)?;
    Ok(path)
}
