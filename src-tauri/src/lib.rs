//! The desktop shell. It owns nothing but the window: every command is a few lines over `switchyard_core::Core`.

mod commands;
mod state;

use tauri::Manager;

pub use commands::specta_builder;

pub fn run() {
    let builder = specta_builder();
    tauri::Builder::default()
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let state = state::open(app.path().app_data_dir()?)?;
            app.manage(state);
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running Switchyard");
}
