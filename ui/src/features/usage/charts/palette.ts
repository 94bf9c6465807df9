// Series colours readable on both the light and the dark panel.
export const SERIES_COLORS = ["#4f8cff", "#f59e0b", "#10b981", "#e5484d", "#8b5cf6", "#06b6d4", "#ec4899", "#84cc16"];
export const OTHER_COLOR = "#94a3b8";

export const TOKEN_COLORS = { input: "#4f8cff", cache_read: "#06b6d4", cache_write: "#8b5cf6", output: "#f59e0b", reasoning: "#ec4899" };
export const OK_COLOR = "#10b981";
export const CANCELLED_COLOR = "#94a3b8";
/** Calls answered from the response cache: blue, apart from the green of ok and every error colour below. */
export const CACHED_COLOR = "#3b82f6";
export const ERROR_COLORS = ["#e5484d", "#f97316", "#eab308", "#be123c", "#a855f7", "#f43f5e", "#d97706", "#7c3aed", "#dc2626", "#fb7185", "#b45309", "#64748b"];

export const colorAt = (colors: string[], i: number) => colors[i % colors.length];
