import { useTranslation } from "react-i18next";
import type { CacheStats } from "../../bindings";
import { fillPercent, formatBytes, formatCount as count, formatDuration, formatHitRatio } from "../../lib/cache";
import { formatUsd } from "../../lib/money";

/** What the cache keeps (on disk, in memory) and what it did over the last 30 days. */
export function CacheTiles({ stats }: { stats: CacheStats | null }) {
  const { t } = useTranslation();
  const recent = stats?.recent;
  return (
    <>
      <h4>{t("settings.cache.kept")}</h4>
      {!stats ? (
        <p className="muted">{t("settings.cache.loading")}</p>
      ) : (
        <div className="cache-stats" data-testid="cache-stats">
          <div className="stat">
            <span className="total-label">{t("settings.cache.entries")}</span>
            <strong data-testid="cache-entries">{count(stats.entries)}</strong>
            <span className="total-note">{t("settings.cache.answersSize", { size: formatBytes(stats.bytes) })}</span>
          </div>
          <div className="stat">
            <span className="total-label">{t("settings.cache.disk")}</span>
            <strong data-testid="cache-disk">{t("settings.cache.ofCap", { used: formatBytes(stats.file_bytes), cap: formatBytes(stats.disk_cap_bytes) })}</strong>
            <Meter percent={fillPercent(stats.file_bytes, stats.disk_cap_bytes)} />
            <span className="total-note">{t("settings.cache.diskHint")}</span>
          </div>
          <div className="stat">
            <span className="total-label">{t("settings.cache.memory")}</span>
            <strong data-testid="cache-memory">{t("settings.cache.ofCap", { used: formatBytes(stats.memory_bytes), cap: formatBytes(stats.memory_cap_bytes) })}</strong>
            <Meter percent={fillPercent(stats.memory_bytes, stats.memory_cap_bytes)} />
            <span className="total-note">{t("settings.cache.memoryEntries", { entries: count(stats.memory_entries) })}</span>
          </div>
        </div>
      )}

      <h4>{t("settings.cache.recent")}</h4>
      {stats && (
        <div className="cache-stats" data-testid="cache-recent">
          <div className="stat">
            <span className="total-label">{t("settings.cache.hitRatio")}</span>
            <strong data-testid="cache-hit-ratio">{formatHitRatio(stats.recent)}</strong>
            <span className="total-note">
              {recent && recent.hits + recent.misses > 0
                ? t("settings.cache.hitsOf", { hits: count(recent.hits), lookups: count(recent.hits + recent.misses) })
                : t("settings.cache.noLookups")}
            </span>
          </div>
          <div className="stat">
            <span className="total-label">{t("settings.cache.saved")}</span>
            <strong data-testid="cache-saved">{formatUsd(stats.recent.saved_cost_usd_micros)}</strong>
            <span className="total-note">{t("settings.cache.savedHint")}</span>
          </div>
          <div className="stat">
            <span className="total-label">{t("settings.cache.waitSaved")}</span>
            <strong data-testid="cache-wait-saved">{formatDuration(stats.recent.saved_latency_ms, t)}</strong>
            <span className="total-note">{t("settings.cache.waitSavedHint")}</span>
          </div>
        </div>
      )}
    </>
  );
}

function Meter({ percent }: { percent: number }) {
  return (
    <div className={`bar meter ${percent >= 95 ? "full" : ""}`} role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)}>
      <div className="bar-spent" style={{ width: `${percent}%` }} />
    </div>
  );
}
