import { useTranslation } from "react-i18next";
import type { Reachability } from "../bindings";

/** A coloured dot and a word for whether a provider can be reached, as the queue last found it. */
export function ReachabilityBadge({ state, title }: { state: Reachability; title?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`reach reach-${state}`} title={title} data-testid="reachability" data-state={state}>
      <span className="reach-dot" aria-hidden />
      {t(`reach.${state}`)}
    </span>
  );
}
