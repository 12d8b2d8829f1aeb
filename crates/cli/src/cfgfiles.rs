//! Expands the `-f` operands into the list of files to parse, like
//! haproxy.c does before reading anything: a directory is replaced in place
//! by its non-hidden regular `*.cfg` files in byte order (scandir with
//! alphasort in the C locale), named `dir/name` without removing a trailing
//! slash from `dir` (haproxy prints `d//1.cfg` for `-f d/`).

use crate::host::strerror;
use std::os::unix::ffi::OsStrExt;

/// The files to parse, or the alert text that stops the start-up.
pub fn expand(operands: &[String]) -> Result<Vec<String>, String> {
    let mut files = Vec::new();
    for path in operands {
        let meta = std::fs::metadata(path).map_err(|e| {
            format!(
                "Cannot open configuration file/directory {} : {}",
                path,
                strerror(&e)
            )
        })?;
        if meta.is_dir() {
            files.extend(scan_dir(path)?);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn scan_dir(dir: &str) -> Result<Vec<String>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        format!(
            "Cannot open configuration directory {} : {}",
            dir,
            strerror(&e)
        )
    })?;
    let mut names: Vec<Vec<u8>> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().as_bytes().to_vec())
        .filter(|n| n.first() != Some(&b'.') && n.ends_with(b".cfg"))
        .collect();
    names.sort();
    let mut files = Vec::new();
    for name in names {
        let full = format!("{}/{}", dir, String::from_utf8_lossy(&name));
        // stat() follows symbolic links: a link to a regular file counts.
        let meta = std::fs::metadata(&full)
            .map_err(|e| format!("Cannot open file {} : {}", full, strerror(&e)))?;
        if meta.is_file() {
            files.push(full);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "portcullis-cfgfiles-{}-{}",
            tag,
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn directory_keeps_only_visible_regular_cfg_in_byte_order() {
        let dir = scratch("order");
        for name in [
            "2-a.cfg",
            "10-b.cfg",
            "Z.cfg",
            "a.conf",
            ".hidden.cfg",
            "x.cfg.bak",
        ] {
            std::fs::write(dir.join(name), "").unwrap();
        }
        std::fs::create_dir(dir.join("sub.cfg")).unwrap();
        let d = format!("{}/", dir.display());
        let got = expand(&[d.clone(), format!("{d}Z.cfg")]).unwrap();
        // `-f dir/` names its files `dir//name`, as haproxy does.
        let want: Vec<String> = ["10-b.cfg", "2-a.cfg", "Z.cfg"]
            .iter()
            .map(|n| format!("{d}/{n}"))
            .collect();
        assert_eq!(got[..3], want[..]);
        assert_eq!(got[3], format!("{d}Z.cfg"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn missing_path_is_reported_like_haproxy() {
        assert_eq!(
            expand(&["/nonexistent-portcullis/x.cfg".to_string()]),
            Err("Cannot open configuration file/directory /nonexistent-portcullis/x.cfg : No such file or directory".to_string())
        );
    }
}
