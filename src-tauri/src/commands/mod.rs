//! One file per domain; each command is a few lines over `Core` and returns `core::Error` typed.

mod app;
mod audit;
mod cache;
mod chat;
mod compare;
mod conversations;
pub mod gateway;
mod providers;
mod queue;
mod routes;
mod settings;
mod updates;
mod usage;
mod workflow_history;
mod workflows;

use tauri_specta::{collect_commands, collect_events, Builder};

pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            providers::list_presets,
            providers::list_providers,
            providers::save_provider,
            providers::delete_provider,
            providers::test_provider,
            providers::refresh_models,
            conversations::list_conversations,
            conversations::create_conversation,
            conversations::rename_conversation,
            conversations::delete_conversation,
            conversations::list_messages,
            conversations::switch_branch,
            conversations::delete_message,
            conversations::search_messages,
            conversations::export_conversation,
            conversations::import_conversation,
            conversations::conversation_cost,
            conversations::set_feedback,
            compare::add_compare_pane,
            compare::compare_panes,
            compare::leave_compare,
            compare::end_compare,
            chat::send_message,
            chat::cancel_message,
            settings::get_settings,
            settings::update_settings,
            app::app_info,
            app::diagnostics,
            app::open_folder,
            app::autostart_enabled,
            app::set_autostart,
            app::close_main_window,
            app::startup_failure,
            updates::update_status,
            updates::check_for_update,
            updates::download_update,
            updates::install_update,
            gateway::gateway_status,
            gateway::configure_gateway,
            gateway::list_access_keys,
            gateway::create_access_key,
            gateway::revoke_access_key,
            gateway::set_access_key_limits,
            routes::list_routes,
            routes::save_route,
            routes::delete_route,
            usage::ledger_health,
            usage::list_budgets,
            usage::save_budget,
            usage::delete_budget,
            usage::list_price_overrides,
            usage::save_price_override,
            usage::delete_price_override,
            usage::usage_report,
            usage::usage_log,
            usage::usage_trace,
            usage::export_usage,
            usage::daily_report,
            usage::delete_usage_before,
            audit::audit_log,
            audit::export_audit_log,
            cache::cache_stats,
            cache::clear_cache,
            queue::queue_status,
            queue::send_queued_now,
            queue::cancel_queued,
            queue::edit_queued,
            workflows::list_workflows,
            workflows::create_workflow,
            workflows::get_workflow,
            workflows::save_workflow,
            workflows::rename_workflow,
            workflows::duplicate_workflow,
            workflows::delete_workflow,
            workflows::validate_workflow,
            workflows::run_workflow,
            workflows::cancel_workflow_run,
            workflows::list_workflow_runs,
            workflows::get_workflow_run,
            workflows::list_workflow_secrets,
            workflows::set_workflow_secret,
            workflows::delete_workflow_secret,
            workflow_history::workflow_history,
            workflow_history::commit_workflow,
            workflow_history::get_workflow_version,
            workflow_history::diff_workflow,
            workflow_history::restore_workflow_version,
            workflow_history::restore_workflow_run,
            workflow_history::create_workflow_branch,
            workflow_history::switch_workflow_branch,
            workflow_history::delete_workflow_branch,
            workflow_history::preview_workflow_merge,
            workflow_history::merge_workflow_branch,
            workflow_history::tag_workflow_version,
            workflow_history::untag_workflow_version,
            workflow_history::export_workflow,
            workflow_history::import_workflow,
            workflow_history::compare_workflow_runs,
        ])
        .events(collect_events![
            crate::events::CoreEvent,
            crate::events::QueuedChat,
            crate::events::GatewayChanged,
            crate::updates::UpdateChanged,
            crate::window::CloseAsked
        ])
}
