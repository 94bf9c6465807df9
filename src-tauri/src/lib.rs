//! The desktop shell. It owns nothing but the window, the tray and the app's own life (updates, start at login):
//! every command is a few lines over `switchyard_core::Core`.

mod commands;
mod diagnostics;
mod events;
mod language;
mod navigation;
mod state;
mod tray;
mod updates;
mod window;

use tauri::Manager;
use tauri_plugin_window_state::StateFlags;

pub use commands::specta_builder;
pub(crate) use window::show as show_main_window;

pub fn run() {
    updates::wait_for_previous_process();
    let builder = specta_builder();
    let context = tauri::generate_context!();
    // A `tauri dev` run loads the UI from the dev server; a build, never.
    let dev_url = context.config().build.dev_url.clone().filter(|_| cfg!(debug_assertions));
    tauri::Builder::default()
        // First, so a second instance exits before it opens anything; the running one comes to the front.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| show_main_window(app)))
        // Size, place and maximised; not whether it was shown, or a quit from the tray would start hidden.
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(StateFlags::all() & !StateFlags::VISIBLE)
                .build(),
        )
        .plugin(tauri_plugin_autostart::Builder::new().arg(window::IN_TRAY_ARG).build())
        .plugin(tauri_plugin_opener::init())
        .plugin(navigation::guard(dev_url))
        .plugin(tauri_plugin_updater::Builder::new().build())
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(builder.invoke_handler())
        .on_window_event(window::on_event)
        .setup(move |app| {
            builder.mount_events(app);
            app.manage(updates::Updates::default());
            match state::open(app.path().app_data_dir()?) {
                Ok(state) => {
                    // The update test reads this line to know which version came up.
                    tracing::info!(version = %app.package_info().version, "Switchyard started");
                    let handle = app.handle().clone();
                    events::forward(handle.clone(), state.core.clone());
                    events::forward_queued_chat(handle.clone(), state.core.clone());
                    events::housekeeping(handle.clone(), state.core.clone());
                    app.manage(state);
                    app.manage(state::StartupFailure(None));
                    match tray::install(&handle) {
                        Ok(tray) => {
                            app.manage(tray);
                            tauri::async_runtime::spawn(async move { tray::refresh(&handle).await });
                        }
                        Err(e) => tracing::warn!(error = %e, "no tray on this desktop"),
                    }
                    updates::spawn_checks(app.handle().clone());
                    if std::env::args().any(|a| a == window::IN_TRAY_ARG) && app.try_state::<tray::Tray>().is_some() {
                        if let Some(window) = app.get_webview_window("main") {
                            let _ = window.hide();
                        }
                    }
                }
                Err(e) => {
                    tracing::error!(code = %e.code, message = %e.message, "Switchyard could not open its data");
                    app.manage(state::StartupFailure(Some(e)));
                }
            }
            Ok(())
        })
        .build(context)
        .expect("error while building Switchyard")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                if let Some(state) = app.try_state::<state::AppState>() {
                    tauri::async_runtime::block_on(async {
                        state.shut_down().await;
                        updates::install_pending_at_quit(app).await;
                    });
                }
            }
        });
}
