//! The desktop shell. It owns nothing but the window: every command is a few lines over `switchyard_core::Core`.

mod commands;
mod events;
mod state;

use tauri::Manager;

pub use commands::specta_builder;

pub fn run() {
    let builder = specta_builder();
    tauri::Builder::default()
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
