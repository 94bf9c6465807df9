import { useTranslation } from "react-i18next";
import { percent } from "../../data/updates";
import { formatBytes } from "../../lib/cache";

/** The download's bar and bytes; without a known size the bar moves without a value. */
export function UpdateProgress({ downloaded, total }: { downloaded: number; total: number | null }) {
  const { t } = useTranslation();
  const pct = percent(downloaded, total);
  const label = t("updates.dialog.downloading");
  return (
    <div className="update-progress">
      <div
        className={`bar progress ${pct === null ? "indeterminate" : ""}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={pct === null ? undefined : 0}
        aria-valuemax={pct === null ? undefined : 100}
        aria-valuenow={pct ?? undefined}
        data-testid="update-progress"
      >
        <div className="bar-spent" style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
      <span className="muted small" data-testid="update-bytes">
        {total === null
          ? t("updates.dialog.bytesSoFar", { downloaded: formatBytes(downloaded) })
          : t("updates.dialog.bytesOf", { downloaded: formatBytes(downloaded), total: formatBytes(total), percent: pct })}
      </span>
    </div>
  );
}
