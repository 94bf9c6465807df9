// "Fetch models" on a provider card: asks the provider for its model list and says how it went.
import { useCallback, useState } from "react";
import { useProviders } from "../../data/providers";
import { toAppError, type AppError } from "../../lib/api";

export type FetchState = { kind: "idle" } | { kind: "running" } | { kind: "found"; count: number } | { kind: "failed"; error: AppError };

export function useFetchModels(providerId: string) {
  const refreshModels = useProviders((s) => s.refreshModels);
  const [state, setState] = useState<FetchState>({ kind: "idle" });
  const fetchModels = useCallback(async () => {
    setState({ kind: "running" });
    try {
      const models = await refreshModels(providerId);
      setState({ kind: "found", count: models.length });
    } catch (e) {
      setState({ kind: "failed", error: toAppError(e) });
    }
  }, [providerId, refreshModels]);
  return { state, fetchModels };
}
