//! Which process owns the data dir: the one holding an exclusive advisory lock (flock on Unix, LockFileEx on
//! Windows, through fs4) on `switchyard.lock` inside it, for the life of its `Core`. Only the owner marks answers
//! left streaming as interrupted; another process (a `switchyard-gateway key create` beside the running app) opens
//! the same data and leaves them alone, since they are the owner's live work.
//!
//! The offline queue has a lock of its own, `queue.lock`, taken by the first `Core` that starts the queue: one
//! dispatcher per data dir (two would send an item twice), and items left `sending` can only be a dead dispatcher's,
//! so its holder recovers them. Apart from the owner's lock, so the app still drains its queue while a headless
//! gateway started before it owns the data dir (the gateway never starts the queue).
//!
//! flock belongs to the open file description, not the process: two `Core`s in one process open the file twice and
//! the second is refused like another process would be. The kernel drops the lock when the holder dies, so a crashed
//! owner never leaves the data dir owned.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use fs4::FileExt;

pub const LOCK_FILE: &str = "switchyard.lock";
pub const QUEUE_LOCK_FILE: &str = "queue.lock";

pub fn lock_path(data_dir: &Path) -> PathBuf {
    data_dir.join(LOCK_FILE)
}

/// The held lock; dropping it (with the `Core`) lets the next process own the data dir.
#[derive(Debug)]
pub struct OwnerLock {
    _file: File,
}

/// Takes the lock if no one holds it, and writes this process's id into the file for `doctor`. None when another
/// open holds it, or when the lock file cannot be made (a read-only data dir: then nothing can be recovered anyway).
pub fn claim(data_dir: &Path) -> Option<OwnerLock> {
    claim_file(&lock_path(data_dir))
}

/// The queue's dispatcher lock (see the module's notes).
pub fn claim_queue(data_dir: &Path) -> Option<OwnerLock> {
    claim_file(&data_dir.join(QUEUE_LOCK_FILE))
}

fn claim_file(path: &Path) -> Option<OwnerLock> {
    let mut file = match std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path) {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!(error = %e, path = %path.display(), "a lock file cannot be opened; this process will not hold it");
            return None;
        }
    };
    // Called through the trait: std's File has inherent lock methods of its own since Rust 1.89.
    if FileExt::try_lock(&file).is_err() {
        return None;
    }
    let _ = file.set_len(0).and_then(|()| write!(file, "{}", std::process::id())).and_then(|()| file.flush());
    Some(OwnerLock { _file: file })
}

/// For `doctor`: the pid of the process that owns the data dir, if one does (Some(None) when it holds the lock but
/// its pid could not be read).
pub fn current_owner(data_dir: &Path) -> Option<Option<u32>> {
    let mut file = File::open(lock_path(data_dir)).ok()?;
    if FileExt::try_lock_shared(&file).is_ok() {
        let _ = FileExt::unlock(&file);
        return None;
    }
    let mut pid = String::new();
    let _ = file.seek(SeekFrom::Start(0)).and_then(|_| file.read_to_string(&mut pid));
    Some(pid.trim().parse().ok())
}
