//! The desktop shell. It owns nothing but the window: every command is a few lines over `switchyard_core::Core`.

mod commands;
mod events;
mod state;

use tauri::Manager;

pub use commands::specta_builder;

pub fn run() {
    let builder = specta_builder();
    tauri::Builder::default()
        // First, so a second instance exits before it opens anything; the running one comes to the front.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| focus_main_window(app)))
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let state = state::open(app.path().app_data_dir()?)?;
            events::forward(app.handle().clone(), state.core.clone());
            events::forward_queued_chat(app.handle().clone(), state.core.clone());
            events::housekeeping(app.handle().clone(), state.core.clone());
            app.manage(state);
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("error while building Switchyard")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                if let Some(state) = app.try_state::<state::AppState>() {
                    tauri::async_runtime::block_on(state.shut_down());
                }
            }
        });
}

fn focus_main_window(app: &tauri::AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
