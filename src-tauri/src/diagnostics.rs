//! "Copy diagnostics" in About: what a bug report needs (versions, system, folders, settings, which providers are
//! set up) and nothing secret — no key, no base URL, no header, no prompt.

use switchyard_core::settings::Settings;
use switchyard_core::store::providers::ProviderRecord;
use switchyard_gateway::supervisor::GatewayStatus;

pub struct Facts<'a> {
    pub app_version: &'a str,
    pub tauri_version: &'a str,
    pub webview_version: Option<&'a str>,
    pub os: &'a str,
    pub data_dir: &'a str,
    pub log_dir: &'a str,
    pub gateway: &'a GatewayStatus,
    pub providers: &'a [ProviderRecord],
    pub routes: usize,
    pub settings: &'a Settings,
}

pub fn text(f: &Facts) -> String {
    let mut settings = serde_json::to_value(f.settings).unwrap_or_default();
    // The last model and provider used are the person's business, not a bug report's.
    if let Some(map) = settings.as_object_mut() {
        for private in ["last_provider_id", "last_model", "last_route"] {
            map.remove(private);
        }
    }
    let providers: Vec<String> = f
        .providers
        .iter()
        .map(|p| format!("{} (key: {}, models: {})", p.preset, if p.has_key { "yes" } else { "no" }, p.models.len()))
        .collect();
    let gateway = match (&f.gateway.address, &f.gateway.error) {
        (Some(address), _) => format!("listening on {address}"),
        (None, Some(e)) => format!("not running: {} ({})", e.code, e.message),
        (None, None) => "stopped".to_owned(),
    };
    [
        format!("Switchyard {}", f.app_version),
        format!("Tauri {}, WebView {}", f.tauri_version, f.webview_version.unwrap_or("unknown")),
        format!("System: {} ({} {})", f.os, std::env::consts::OS, std::env::consts::ARCH),
        format!("Data folder: {}", f.data_dir),
        format!("Log folder: {}", f.log_dir),
        format!("Gateway: {gateway}"),
        format!("Providers ({}): {}", providers.len(), providers.join(", ")),
        format!("Routes: {}", f.routes),
        format!("Settings: {}", serde_json::to_string_pretty(&settings).unwrap_or_default()),
    ]
    .join("\n")
}

/// The distribution's name from os-release, as `uname` would not tell it.
pub fn os_name() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| pretty_name(&text))
        .unwrap_or_else(|| std::env::consts::OS.to_owned())
}

fn pretty_name(os_release: &str) -> Option<String> {
    os_release
        .lines()
        .find_map(|line| line.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim_matches('"').to_owned())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchyard_core::store::providers::HeaderPair;

    #[test]
    fn nothing_secret_or_private_is_in_the_report() {
        let provider = ProviderRecord {
            id: "p1".into(),
            name: "Work OpenAI".into(),
            preset: "openai".into(),
            base_url: "https://proxy.example/v1?key=sk-in-the-url".into(),
            has_key: true,
            extra_headers: vec![HeaderPair { name: "X-Api-Key".into(), value: "sk-in-a-header".into() }],
            default_model: Some("gpt-4o".into()),
            models: vec!["gpt-4o".into(), "gpt-4o-mini".into()],
            created_at: 1,
            updated_at: 1,
        };
        let settings = Settings { last_model: Some("secret-project-model".into()), ..Settings::default() };
        let gateway =
            GatewayStatus { running: true, address: Some("http://127.0.0.1:8765".into()), port: 8765, error: None };
        let report = text(&Facts {
            app_version: "0.1.0",
            tauri_version: "2.12.5",
            webview_version: Some("2.48.1"),
            os: "Debian GNU/Linux 12 (bookworm)",
            data_dir: "/home/a/.local/share/dev.switchyard.app",
            log_dir: "/home/a/.local/share/dev.switchyard.app/logs",
            gateway: &gateway,
            providers: &[provider],
            routes: 2,
            settings: &settings,
        });
        for secret in ["sk-in-the-url", "sk-in-a-header", "proxy.example", "secret-project-model", "Work OpenAI"] {
            assert!(!report.contains(secret), "{secret} leaked:\n{report}");
        }
        for said in [
            "Switchyard 0.1.0",
            "Tauri 2.12.5, WebView 2.48.1",
            "Debian GNU/Linux 12 (bookworm)",
            "Log folder: /home/a/.local/share/dev.switchyard.app/logs",
            "Gateway: listening on http://127.0.0.1:8765",
            "Providers (1): openai (key: yes, models: 2)",
            "Routes: 2",
            "\"gateway_port\": 8765",
        ] {
            assert!(report.contains(said), "{said} missing:\n{report}");
        }
    }

    #[test]
    fn the_distribution_is_read_from_os_release() {
        let text = "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n";
        assert_eq!(pretty_name(text).as_deref(), Some("Debian GNU/Linux 12 (bookworm)"));
        assert_eq!(pretty_name("ID=arch\n"), None);
        assert_eq!(pretty_name("PRETTY_NAME=\"\"\n"), None);
    }
}
