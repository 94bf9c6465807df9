// The settings a card test starts from: the core's defaults, with `over` changed.
import type { Settings_Serialize } from "../bindings";

export function testSettings(over: Partial<Settings_Serialize> = {}): Settings_Serialize {
  return {
    language: null, theme: "system", last_provider_id: null, last_model: null, last_route: null, gateway_enabled: false, gateway_port: 8787,
    exchange_rates: [], retention_days: null, daily_report_notification: false,
    cache_policy: "deterministic", cache_memory_mb: 64, cache_disk_mb: 512, cache_ttl_days: 7, queue_max_items: 100, queue_max_kb: 4096,
    ledger_buffer_rows: 100000, ledger_when_full: "refuse",
    workflow_parallelism: 4, updates: "notify", close_to_tray: null,
    ...over,
  };
}
