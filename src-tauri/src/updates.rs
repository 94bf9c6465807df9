//! New versions: checked at start and every few hours (Settings → Updates: off / notify / install on restart),
//! downloaded and verified against the project's public key (tauri-plugin-updater), and installed only after the
//! database is copied (core's `back_up_before_update`); then the app restarts into the new version.
//!
//! Every step reports an [`UpdateStatus`] to the window. A check whose server is down, a download cut short, a
//! package whose signature does not match or a manifest with nothing for this platform ends in `Failed` and changes
//! nothing: the package is never handed to the installer.

use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use switchyard_core::error::ErrorCategory;
use switchyard_core::settings::UpdateMode;
use switchyard_core::Error;
use tauri::{AppHandle, Manager};
use tauri_plugin_updater::{Update, UpdaterExt};
use tauri_specta::Event;

use crate::state::AppState;

/// Where a test or a mirror serves the manifest instead of the configured endpoint.
pub const ENDPOINT_VAR: &str = "SWITCHYARD_UPDATE_ENDPOINT";
/// Set for the restarted process: the id of the one it replaces, which it waits for before opening the data dir.
pub const RESTARTED_FROM_VAR: &str = "SWITCHYARD_RESTARTED_FROM";

const EVERY: Duration = Duration::from_secs(6 * 60 * 60);
/// Progress events at most this often while downloading.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct UpdateInfo {
    pub version: String,
    pub current_version: String,
    /// The release notes, as the manifest gives them.
    pub notes: Option<String>,
    /// RFC 3339, when the manifest says.
    pub date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum UpdateStatus {
    /// No check since the app started.
    Idle,
    Checking,
    UpToDate,
    Available {
        update: UpdateInfo,
    },
    Downloading {
        update: UpdateInfo,
        #[specta(type = specta_typescript::Number)]
        downloaded: u64,
        #[specta(type = Option<specta_typescript::Number>)]
        total: Option<u64>,
    },
    /// Downloaded and verified; installed by "Restart now", or when the app quits.
    Ready {
        update: UpdateInfo,
    },
    Installing {
        update: UpdateInfo,
    },
    Failed {
        error: Error,
        update: Option<UpdateInfo>,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct UpdateChanged(pub UpdateStatus);

/// What the shell holds between the steps: the update found, and its verified bytes once downloaded.
#[derive(Default)]
pub struct Updates {
    status: Mutex<Option<UpdateStatus>>,
    found: tokio::sync::Mutex<Option<Update>>,
    bytes: tokio::sync::Mutex<Option<Vec<u8>>>,
}

impl Updates {
    pub fn status(&self) -> UpdateStatus {
        self.status.lock().unwrap().clone().unwrap_or(UpdateStatus::Idle)
    }
}

fn set(app: &AppHandle, status: UpdateStatus) -> UpdateStatus {
    // Each step is logged, so a run whose update offer never showed can be read afterwards.
    tracing::info!(status = ?status, "update status");
    *app.state::<Updates>().status.lock().unwrap() = Some(status.clone());
    if let Err(e) = UpdateChanged(status.clone()).emit(app) {
        tracing::warn!(error = %e, "the update status could not reach the window");
    }
    status
}

fn info(update: &Update) -> UpdateInfo {
    UpdateInfo {
        version: update.version.clone(),
        current_version: update.current_version.clone(),
        notes: update.body.clone(),
        date: update.date.and_then(|d| d.format(&time::format_description::well_known::Rfc3339).ok()),
    }
}

fn updater(app: &AppHandle) -> Result<tauri_plugin_updater::Updater, tauri_plugin_updater::Error> {
    let mut builder = app.updater_builder().timeout(Duration::from_secs(60));
    if let Some(url) = std::env::var(ENDPOINT_VAR).ok().filter(|v| !v.is_empty()) {
        builder = builder.endpoints(vec![url.parse()?])?;
    }
    builder.build()
}

pub async fn check(app: &AppHandle) -> UpdateStatus {
    set(app, UpdateStatus::Checking);
    let found = match updater(app) {
        Ok(updater) => updater.check().await,
        Err(e) => Err(e),
    };
    match found {
        Ok(Some(update)) => {
            let status = UpdateStatus::Available { update: info(&update) };
            *app.state::<Updates>().found.lock().await = Some(update);
            *app.state::<Updates>().bytes.lock().await = None;
            set(app, status)
        }
        Ok(None) => set(app, UpdateStatus::UpToDate),
        Err(e) => set(app, UpdateStatus::Failed { error: describe(&e), update: None }),
    }
}

/// Downloads the update the last check found and verifies its signature; the bytes are kept for the install.
pub async fn download(app: &AppHandle) -> UpdateStatus {
    let Some(update) = app.state::<Updates>().found.lock().await.clone() else {
        return set(app, UpdateStatus::Failed { error: nothing_found(), update: None });
    };
    let about = info(&update);
    set(app, UpdateStatus::Downloading { update: about.clone(), downloaded: 0, total: None });
    let (mut downloaded, mut last) = (0u64, std::time::Instant::now());
    let progress = |chunk: usize, total: Option<u64>| {
        downloaded += chunk as u64;
        if last.elapsed() >= PROGRESS_EVERY {
            last = std::time::Instant::now();
            set(app, UpdateStatus::Downloading { update: about.clone(), downloaded, total });
        }
    };
    match update.download(progress, || {}).await {
        Ok(bytes) => {
            tracing::info!(version = about.version, bytes = bytes.len(), "update downloaded and verified");
            *app.state::<Updates>().bytes.lock().await = Some(bytes);
            set(app, UpdateStatus::Ready { update: about })
        }
        Err(e) => set(app, UpdateStatus::Failed { error: describe(&e), update: Some(about) }),
    }
}

/// Copies the database, stops the gateway, installs the verified package and, when `restart`, starts the new
/// version. When anything fails nothing is left half done: the copy is dropped and the gateway runs again.
pub async fn install(app: &AppHandle, restart: bool) -> Result<(), Error> {
    let updates = app.state::<Updates>();
    let (Some(update), Some(bytes)) = (updates.found.lock().await.clone(), updates.bytes.lock().await.take()) else {
        return Err(nothing_ready());
    };
    let about = info(&update);
    set(app, UpdateStatus::Installing { update: about.clone() });
    let state = app.state::<AppState>();
    let failed = |error: Error| {
        set(app, UpdateStatus::Failed { error: error.clone(), update: Some(about.clone()) });
        error
    };
    state.core.back_up_before_update(&about.current_version, &about.version).await.map_err(failed)?;
    state.shut_down().await;
    let installed = tokio::task::spawn_blocking(move || update.install(bytes)).await;
    match installed {
        Ok(Ok(())) => {
            tracing::info!(version = about.version, "update installed");
            if restart {
                std::env::set_var(RESTARTED_FROM_VAR, std::process::id().to_string());
                app.request_restart();
            }
            Ok(())
        }
        outcome => {
            let error = match outcome {
                Ok(Err(e)) => describe(&e),
                _ => Error::internal("the installer's task ended early"),
            };
            state.core.discard_update_copy();
            let settings = state.core.get_settings().await?;
            state.gateway.apply(settings.gateway_enabled, settings.gateway_port).await;
            Err(failed(error))
        }
    }
}

/// At quit, in "install on restart" mode: a downloaded update goes in now, and the next start runs it.
pub async fn install_pending_at_quit(app: &AppHandle) {
    let mode = app.state::<AppState>().core.get_settings().await.map(|s| s.updates);
    let ready = matches!(app.state::<Updates>().status(), UpdateStatus::Ready { .. });
    if ready && mode.is_ok_and(|m| m == UpdateMode::InstallOnRestart) {
        if let Err(e) = install(app, false).await {
            tracing::error!(code = %e.code, "the downloaded update could not be installed at quit");
        }
    }
}

/// The check at start and every few hours, as the setting says; in "install on restart" mode a new version is
/// downloaded at once.
pub fn spawn_checks(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        loop {
            let mode = match app.state::<AppState>().core.get_settings().await {
                Ok(s) => s.updates,
                Err(e) => {
                    tracing::warn!(code = %e.code, "settings unreadable; no update check this time");
                    UpdateMode::Off
                }
            };
            let busy = matches!(
                app.state::<Updates>().status(),
                UpdateStatus::Checking
                    | UpdateStatus::Downloading { .. }
                    | UpdateStatus::Ready { .. }
                    | UpdateStatus::Installing { .. }
            );
            if mode != UpdateMode::Off && !busy {
                let found = check(&app).await;
                if mode == UpdateMode::InstallOnRestart && matches!(found, UpdateStatus::Available { .. }) {
                    download(&app).await;
                }
            }
            tokio::time::sleep(EVERY).await;
        }
    });
}

/// The restarted process waits until the one it replaces is gone, so it owns the data dir and the gateway's port.
pub fn wait_for_previous_process() {
    let Some(pid) = std::env::var(RESTARTED_FROM_VAR).ok() else { return };
    std::env::remove_var(RESTARTED_FROM_VAR);
    let proc = std::path::PathBuf::from(format!("/proc/{pid}"));
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while proc.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn nothing_found() -> Error {
    Error::invalid("no_update_found", "There is no update to download: check for updates first.")
}

fn nothing_ready() -> Error {
    Error::invalid("no_update_ready", "There is no downloaded update to install: download it first.")
}

/// The updater's error as the window shows it: what happened, in words, with nothing changed.
pub fn describe(e: &tauri_plugin_updater::Error) -> Error {
    use tauri_plugin_updater::Error as U;
    let (category, code, message) = match e {
        U::Minisign(_)
        | U::Base64(_)
        | U::SignatureUtf8(_)
        | U::SignedVersionMismatch { .. }
        | U::MissingSignedVersion => (
            ErrorCategory::InvalidRequest,
            "update_signature_invalid",
            "The update's signature does not match Switchyard's public key, so it was not installed. Nothing was \
             changed."
                .to_owned(),
        ),
        U::TargetNotFound(_) | U::TargetsNotFound(_) => (
            ErrorCategory::InvalidRequest,
            "update_not_for_this_platform",
            format!("The update server offers nothing for this system ({e}). Nothing was changed."),
        ),
        U::Reqwest(_) | U::Network(_) | U::ReleaseNotFound => (
            ErrorCategory::Connect,
            "update_server_unreachable",
            format!("The update server could not be reached or did not answer in full ({e}). Nothing was changed."),
        ),
        U::InvalidUpdaterFormat | U::BinaryNotFoundInArchive => (
            ErrorCategory::InvalidRequest,
            "update_package_invalid",
            "The downloaded update is not a package this installation can use. Nothing was changed.".to_owned(),
        ),
        U::AuthenticationFailed | U::DebInstallFailed | U::PackageInstallFailed => (
            ErrorCategory::Internal,
            "update_install_failed",
            format!("The installer did not finish ({e}); the version you have stays as it is."),
        ),
        _ => (ErrorCategory::Internal, "update_failed", format!("The update failed: {e}. Nothing was changed.")),
    };
    Error::new(category, code, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tauri_plugin_updater::Error as U;

    #[test]
    fn each_refusal_has_its_own_code_and_says_nothing_changed() {
        let cases = [
            (U::SignatureUtf8("x".into()), "update_signature_invalid"),
            (U::MissingSignedVersion, "update_signature_invalid"),
            (U::SignedVersionMismatch { signed: "1".into(), announced: "2".into() }, "update_signature_invalid"),
            (U::TargetsNotFound(vec!["linux-x86_64-deb".into()]), "update_not_for_this_platform"),
            (U::TargetNotFound("linux-x86_64".into()), "update_not_for_this_platform"),
            (U::Network("connection refused".into()), "update_server_unreachable"),
            (U::ReleaseNotFound, "update_server_unreachable"),
            (U::InvalidUpdaterFormat, "update_package_invalid"),
            (U::PackageInstallFailed, "update_install_failed"),
            (U::EmptyEndpoints, "update_failed"),
        ];
        for (error, code) in cases {
            let described = describe(&error);
            assert_eq!(described.code, code, "{error}");
            assert!(
                described.message.contains("Nothing was changed") || described.message.contains("stays as it is"),
                "{}",
                described.message
            );
        }
        assert!(describe(&U::TargetsNotFound(vec!["linux-x86_64-deb".into()])).message.contains("linux-x86_64-deb"));
    }
}
