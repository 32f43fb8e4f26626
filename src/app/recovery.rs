//! No lost work: unsaved changes are autosaved to a recovery file (never over the user's
//! file); after a crash the next start finds it and offers to recover it.
//!
//! One recovery file per running process (`recovery-PID.ron`, with `recovery-PID.path`
//! naming the session's own file, if any). A file whose process is no longer running was
//! left by a crash. They hold personal data (sign-ups): the folder is created `0700`, the
//! files `0600`, no `.bak` is kept of them, and a clean quit leaves the folder empty.

use std::path::{Path, PathBuf};

use crate::model::Session;

/// How often unsaved changes are written to the recovery file, in seconds.
pub const AUTOSAVE_SECONDS: f64 = 30.0;

/// Where recovery files live for this process.
#[derive(Clone, Debug)]
pub struct Recovery {
    /// The folder.
    pub dir: PathBuf,
    /// Seconds between autosaves.
    pub interval: f64,
    last: Option<f64>,
}

/// Work found from an earlier run that did not end cleanly.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// The recovery file.
    pub file: PathBuf,
    /// The session's own file, if it had one.
    pub original: Option<PathBuf>,
    /// When it was autosaved, as text.
    pub when: String,
}

impl Recovery {
    /// Recovery in a folder (created when first needed).
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            interval: AUTOSAVE_SECONDS,
            last: None,
        }
    }

    /// The folder the desktop app uses: in eframe's storage folder.
    pub fn default_dir() -> Option<PathBuf> {
        eframe::storage_dir("cocreate").map(|d| d.join("recovery"))
    }

    fn own(&self, ext: &str) -> PathBuf {
        self.dir
            .join(format!("recovery-{}.{ext}", std::process::id()))
    }

    /// Writes the session if it is unsaved and the interval has passed. Returns an error
    /// message if writing failed (the app shows it once).
    pub fn tick(
        &mut self,
        now: f64,
        session: &Session,
        original: Option<&Path>,
        dirty: bool,
    ) -> Option<String> {
        if !dirty {
            self.last = None;
            return None;
        }
        let due = self.last.is_none_or(|t| now - t >= self.interval);
        let first = self.last.is_none();
        if first {
            // Start counting when the first unsaved change is made.
            self.last = Some(now);
            if self.interval > 0.0 {
                return None;
            }
        }
        if !due && !first {
            return None;
        }
        self.last = Some(now);
        let result = private_dir(&self.dir)
            .map_err(|e| crate::i18n::localized(&e))
            .and_then(|()| {
                crate::file::save_private(session, &self.own("ron"))
                    .map_err(|e| crate::i18n::localized(&e))
            })
            .and_then(|()| {
                let text = original
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                crate::file::write_privately(&self.own("path"), text.as_bytes())
                    .map_err(|e| crate::i18n::localized(&e))
            });
        result
            .err()
            .map(|e| crate::i18n::trf("Autosave failed: %{e}", &[("e", &e)]))
    }

    /// Removes this process's recovery file: the work is saved, or knowingly discarded.
    pub fn clear(&mut self) {
        self.last = None;
        let _gone = std::fs::remove_file(self.own("ron")); // absent is fine
        let _gone = std::fs::remove_file(self.own("path"));
        let _gone = std::fs::remove_file(self.own("ron.bak")); // made by earlier versions
    }

    /// Recovery files left by processes that are no longer running, newest first.
    pub fn find(&self) -> Vec<Found> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found: Vec<(std::time::SystemTime, Found)> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let path = e.path();
                let name = path.file_name()?.to_str()?.to_owned();
                let pid = |suffix| -> Option<u32> {
                    name.strip_prefix("recovery-")?
                        .strip_suffix(suffix)?
                        .parse()
                        .ok()
                };
                let dead = |pid| pid != std::process::id() && !is_running(pid);
                // Earlier versions kept a backup of each autosave: never offered, it only
                // held personal data. Once its process is gone, it goes.
                if pid(".ron.bak").is_some_and(dead) {
                    let _gone = std::fs::remove_file(&path);
                    return None;
                }
                if !pid(".ron").is_some_and(dead) {
                    return None;
                }
                let modified = e.metadata().ok()?.modified().ok()?;
                let original = std::fs::read_to_string(path.with_extension("path"))
                    .ok()
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .map(PathBuf::from);
                let age = modified.elapsed().map(|d| d.as_secs()).unwrap_or(0);
                let when = match age {
                    0..=89 => "less than two minutes ago".to_owned(),
                    90..=5399 => format!("{} minutes ago", age / 60),
                    _ => format!("{} hours ago", age / 3600),
                };
                Some((
                    modified,
                    Found {
                        file: path,
                        original,
                        when,
                    },
                ))
            })
            .collect();
        found.sort_by_key(|f| std::cmp::Reverse(f.0));
        found.into_iter().map(|(_, f)| f).collect()
    }
}

/// Removes a found recovery file (recovered or discarded).
pub fn remove(found: &Found) {
    let _gone = std::fs::remove_file(&found.file);
    let _gone = std::fs::remove_file(found.file.with_extension("path"));
}

/// Creates the recovery folder (and its parents) readable by its owner only; a folder left
/// by an earlier version, readable by others, is made private too (it holds personal data).
fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir)?.permissions().mode() & 0o777;
        if mode != 0o700 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

fn is_running(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_default_an_autosave_comes_30_seconds_after_the_first_change_and_every_30_after() {
        let dir = tempfile::tempdir().unwrap();
        let mut r = Recovery::new(dir.path().to_owned());
        assert_eq!(r.interval, 30.0);
        let mut s = crate::demo::generate(crate::demo::bundled_commitments(), 2, 1);
        let written = |r: &Recovery| crate::file::load(&r.own("ron")).ok();
        assert_eq!(r.tick(10.0, &s, None, true), None);
        assert_eq!(written(&r), None, "the first change starts the count");
        r.tick(39.9, &s, None, true);
        assert_eq!(written(&r), None, "not before 30 s");
        r.tick(40.0, &s, None, true);
        assert_eq!(written(&r).as_ref(), Some(&s), "at 30 s");
        s.workshops[0].details.name = "later".into();
        r.tick(69.9, &s, None, true);
        assert_ne!(written(&r).as_ref(), Some(&s), "not 30 s since the last");
        r.tick(70.0, &s, None, true);
        assert_eq!(written(&r).as_ref(), Some(&s), "30 s since the last");
    }

    #[test]
    fn autosaves_only_unsaved_work_after_the_interval_and_clears() {
        let dir = tempfile::tempdir().unwrap();
        let mut r = Recovery::new(dir.path().to_owned());
        r.interval = 30.0;
        let s = crate::demo::generate(crate::demo::bundled_commitments(), 2, 1);
        assert_eq!(r.tick(0.0, &s, None, false), None);
        assert!(!r.own("ron").exists(), "nothing unsaved: nothing written");
        r.tick(1.0, &s, None, true);
        assert!(
            !r.own("ron").exists(),
            "the interval starts with the first change"
        );
        r.tick(31.5, &s, Some(Path::new("/x/w.ron")), true);
        assert_eq!(crate::file::load(&r.own("ron")).unwrap(), s);
        assert_eq!(std::fs::read_to_string(r.own("path")).unwrap(), "/x/w.ron");
        assert!(r.find().is_empty(), "our own file is not a crash's");
        r.clear();
        assert!(!r.own("ron").exists());
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn autosaves_are_private_keep_no_backup_and_a_clean_quit_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("recovery");
        let mut r = Recovery::new(folder.clone());
        r.interval = 0.0;
        let mut s = crate::demo::generate(crate::demo::bundled_commitments(), 2, 1);
        for t in 0..3 {
            s.workshops[0].details.name = format!("autosave {t}");
            assert_eq!(
                r.tick(f64::from(t), &s, Some(Path::new("/x/w.ron")), true),
                None
            );
        }
        let pid = std::process::id();
        assert_eq!(
            names(&folder),
            [
                format!("recovery-{pid}.path"),
                format!("recovery-{pid}.ron")
            ],
            "one file and its path, no .bak"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&folder), 0o700);
            assert_eq!(mode(&r.own("ron")), 0o600);
            assert_eq!(mode(&r.own("path")), 0o600);
        }
        r.clear();
        assert!(names(&folder).is_empty(), "{:?}", names(&folder));
    }

    /// A recovery folder an earlier version left readable by others is made private at the
    /// first autosave.
    #[cfg(unix)]
    #[test]
    fn an_old_recovery_folder_readable_by_others_is_made_private() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("recovery");
        std::fs::create_dir(&folder).unwrap();
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut r = Recovery::new(folder.clone());
        r.interval = 0.0;
        let s = crate::demo::generate(crate::demo::bundled_commitments(), 2, 1);
        assert_eq!(r.tick(0.0, &s, None, true), None);
        let mode = std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }

    #[test]
    fn a_backup_left_by_an_earlier_version_is_never_offered_and_goes() {
        let dir = tempfile::tempdir().unwrap();
        let r = Recovery::new(dir.path().to_owned());
        let s = crate::demo::generate(crate::demo::bundled_commitments(), 2, 1);
        // Beyond the largest process id Linux gives: a process that is gone.
        let bak = dir.path().join("recovery-999999999.ron.bak");
        std::fs::write(&bak, crate::file::to_ron(&s).unwrap()).unwrap();
        assert!(r.find().is_empty());
        assert!(!bak.exists());
    }

    #[test]
    #[cfg(unix)]
    fn only_the_work_of_a_process_that_is_gone_is_offered() {
        let dir = tempfile::tempdir().unwrap();
        let r = Recovery::new(dir.path().to_owned());
        let s = crate::demo::generate(crate::demo::bundled_commitments(), 2, 1);
        let text = crate::file::to_ron(&s).unwrap();
        // The test runner that started this test is running; 999999999 is gone.
        let alive = std::os::unix::process::parent_id();
        for pid in [alive, std::process::id(), 999_999_999] {
            std::fs::write(dir.path().join(format!("recovery-{pid}.ron")), &text).unwrap();
        }
        std::fs::write(dir.path().join("recovery-999999999.path"), "/x/w.ron\n").unwrap();
        assert_eq!(
            r.find(),
            [Found {
                file: dir.path().join("recovery-999999999.ron"),
                original: Some(PathBuf::from("/x/w.ron")),
                when: "less than two minutes ago".into(),
            }]
        );
    }

    #[test]
    #[cfg(unix)]
    fn older_work_says_how_old_it_is_newest_first_and_goes_once_recovered() {
        let dir = tempfile::tempdir().unwrap();
        let r = Recovery::new(dir.path().to_owned());
        let s = crate::demo::generate(crate::demo::bundled_commitments(), 2, 1);
        let text = crate::file::to_ron(&s).unwrap();
        let now = std::time::SystemTime::now();
        // Three processes that are gone (beyond Linux's largest id), saved at three ages.
        for (pid, minutes) in [
            (999_999_991u32, 10u64),
            (999_999_992, 180),
            (999_999_993, 0),
        ] {
            let file = dir.path().join(format!("recovery-{pid}.ron"));
            std::fs::write(&file, &text).unwrap();
            let at = now - std::time::Duration::from_secs(minutes * 60 + 5);
            std::fs::File::options()
                .write(true)
                .open(&file)
                .unwrap()
                .set_modified(at)
                .unwrap();
            // No file of its own: an empty path.
            std::fs::write(file.with_extension("path"), "\n").unwrap();
        }
        let found = r.find();
        let said: Vec<(&str, Option<&PathBuf>)> = found
            .iter()
            .map(|f| (f.when.as_str(), f.original.as_ref()))
            .collect();
        assert_eq!(
            said,
            [
                ("less than two minutes ago", None),
                ("10 minutes ago", None),
                ("3 hours ago", None),
            ]
        );
        remove(&found[0]);
        assert!(!found[0].file.exists() && !found[0].file.with_extension("path").exists());
        assert_eq!(r.find().len(), 2);
    }

    #[test]
    fn the_app_keeps_its_recovery_files_in_its_own_storage_folder() {
        let dir = Recovery::default_dir().expect("a storage folder for the app");
        assert_eq!(dir.file_name().and_then(|n| n.to_str()), Some("recovery"));
        let app = dir
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str());
        assert!(
            app.is_some_and(|n| n.to_lowercase().contains("cocreate")),
            "{dir:?}"
        );
    }
}
