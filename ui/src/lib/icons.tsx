// Small stroke icons, so the UI does not depend on an emoji font being installed.
const paths = {
  chat: "M4 5h16v10H8l-4 4z",
  queue: "M4 6h16M4 12h10M4 18h7M17 14v4l3 2",
  usage: "M4 20V10M10 20V4M16 20v-7M22 20H2",
  providers: "M9 3v5M15 3v5M6 8h12v3a6 6 0 0 1-12 0zM12 17v4",
  settings: "M4 7h10M18 7h2M4 17h2M10 17h10M14 5v4M8 15v4",
  workflows: "M3 5h6v4H3zM15 15h6v4h-6zM15 5h6v4h-6zM9 7h6M18 9v6",
  copy: "M8 8h11v11H8zM5 16V5h11",
  edit: "M4 20h4L19 9l-4-4L4 16zM13 7l4 4",
  trash: "M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13",
  compare: "M3 5h7v14H3zM14 5h7v14h-7z",
  thumbUp: "M7 11v9H4v-9zM7 11l4-7a2 2 0 0 1 3 2l-1 4h6a2 2 0 0 1 2 2.3l-1.3 6A2 2 0 0 1 17.7 20H7",
  thumbDown: "M7 13V4H4v9zM7 13l4 7a2 2 0 0 0 3-2l-1-4h6a2 2 0 0 0 2-2.3l-1.3-6A2 2 0 0 0 17.7 4H7",
} as const;

export function Icon({ name, size = 16 }: { name: keyof typeof paths; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d={paths[name]} />
    </svg>
  );
}
