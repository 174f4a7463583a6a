//! Files that hold end users' personal data and credential hashes (the SQLite database,
//! its journals, backups): created readable by their owner only, never through a link,
//! and narrowed to their owner when found readable by others.

use std::fs::File;
use std::io;
use std::path::Path;

/// Creates `path`, which must not exist (a link there, even to a missing file, counts
/// as existing and is not followed), readable and writable by the owner only.
pub fn create_new(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // `create_new` is O_CREAT|O_EXCL, which already refuses any link; O_NOFOLLOW
        // states the rule on its own.
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// Creates a directory in `parent` with a new random name starting with `prefix`, that
/// only the owner can enter (0700), and that is removed with its contents when dropped.
pub fn temp_dir_in(parent: &Path, prefix: &str) -> io::Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    // tempfile leaves a directory's mode to the umask unless told.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    builder.tempdir_in(parent)
}

/// Takes the group's and others' permissions off `path` (following a link, as SQLite
/// does when it opens the file); a missing file is left missing.
pub fn narrow_to_owner(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = match std::fs::metadata(path) {
            Ok(metadata) => metadata.permissions().mode(),
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(error) => return Err(error),
        };
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o700))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Makes every file and directory this process creates from now on its owner's only,
/// whatever creates it (SQLite's own files of a database opened by other means, a
/// directory): the files named above get their modes explicitly as well. Called first
/// thing by the command line; a library embedding the server keeps its own umask.
pub fn owner_only_umask() {
    #[cfg(unix)]
    // SAFETY: umask(2) only swaps the process's mask; it cannot fail and touches no memory.
    unsafe {
        libc::umask(0o077);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn new_files_are_the_owners_and_links_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new");
        create_new(&path).unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(
            create_new(&path).unwrap_err().kind(),
            io::ErrorKind::AlreadyExists
        );
        let target = dir.path().join("target");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(create_new(&link).is_err());
        assert!(!target.exists(), "nothing is created through the link");
    }

    #[test]
    fn a_temporary_directory_is_the_owners_only_and_goes_when_dropped() {
        let parent = tempfile::tempdir().unwrap();
        let dir = temp_dir_in(parent.path(), ".private-").unwrap();
        assert_eq!(mode(dir.path()), 0o700);
        let path = dir.path().to_path_buf();
        std::fs::write(path.join("inside"), b"x").unwrap();
        drop(dir);
        assert!(!path.exists());
    }

    #[test]
    fn narrowing_keeps_the_owners_bits_and_ignores_a_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wide");
        std::fs::write(&path, b"x").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o754)).unwrap();
        narrow_to_owner(&path).unwrap();
        assert_eq!(mode(&path), 0o700);
        narrow_to_owner(&dir.path().join("missing")).unwrap();
    }
}
