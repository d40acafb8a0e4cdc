//! The file operations of the store and of what holds captures that differ by platform:
//! owner-only permissions, reading a byte at an offset, telling a device, telling two paths for
//! one file. On Unix they use its modes, `pread`, and device and inode numbers; elsewhere each
//! has a plain fallback, so hookcli builds and works there with what the platform offers (a
//! folder's default permissions, a seek then a read).
//!
//! Not for what differs by platform in the HTTP or signal handling: those stay with their code.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;

/// A character or block device (elsewhere: anything that is neither a file, a folder nor a
/// link), which holds no captures and may never end.
pub fn is_device(kind: &fs::FileType) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        kind.is_char_device() || kind.is_block_device()
    }
    #[cfg(not(unix))]
    {
        !kind.is_file() && !kind.is_dir() && !kind.is_symlink()
    }
}

/// Whether two paths name one file: both exist and are one file (on Unix: one device, one
/// inode; elsewhere: one canonical path), or neither exists yet and they are one path (a store
/// not written yet is still the store).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a_meta), Ok(b_meta)) => same_existing_file(a, &a_meta, b, &b_meta),
        (Err(_), Err(_)) => std::path::absolute(a).ok() == std::path::absolute(b).ok(),
        _ => false,
    }
}

#[cfg(unix)]
fn same_existing_file(_: &Path, a: &fs::Metadata, _: &Path, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_existing_file(a: &Path, _: &fs::Metadata, b: &Path, _: &fs::Metadata) -> bool {
    matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(a), Ok(b)) if a == b)
}

/// Creates (or empties) a file only its owner can read, for what holds captured bodies and
/// headers (an exported HAR, a curl body file). A file left by an earlier run is made
/// owner-only too: the mode given at creation does not change an existing file's.
pub fn create_private_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    owner_only(&mut options);
    let file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    Ok(file)
}

/// Creates a new file only its owner can read, refusing one that exists (`AlreadyExists`): for
/// what the inspector saves under a name the user typed.
pub fn create_new_private_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    owner_only(&mut options);
    options.open(path)
}

/// Opens (creating owner-only, its folder too) a store for appending.
pub fn open_private_for_append(path: &Path) -> io::Result<File> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.exists() {
            let mut folder = fs::DirBuilder::new();
            folder.recursive(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::DirBuilderExt;
                folder.mode(0o700);
            }
            folder.create(parent)?;
        }
    }
    let mut options = OpenOptions::new();
    options.read(true).append(true).create(true);
    owner_only(&mut options);
    options.open(path)
}

/// A file created with these options is readable by its owner only (on Unix; elsewhere it gets
/// its folder's permissions).
fn owner_only(options: &mut OpenOptions) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = options;
}

/// The byte at `offset`, read without moving a position another reader or writer of the file
/// shares (elsewhere: by a seek, which an appending write does not depend on).
pub fn read_byte_at(file: &File, offset: u64) -> io::Result<u8> {
    let mut byte = [0u8; 1];
    read_exact_at(file, &mut byte, offset)?;
    Ok(byte[0])
}

/// Fills `buffer` from `offset`, without moving a position another reader or writer of the file
/// shares (elsewhere: by a seek), for reading a store from its end.
pub fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.read_exact_at(buffer, offset)
    }
    #[cfg(not(unix))]
    {
        use std::io::{Read, Seek, SeekFrom};
        let mut file = file;
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(buffer)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn a_private_file_left_readable_by_an_earlier_run_becomes_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.har");
        fs::write(&path, "older and longer").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        create_private_file(&path)
            .unwrap()
            .write_all(b"new")
            .unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }
}
