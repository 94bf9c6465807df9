// The sidebar shows a compare as one item: its first pane's conversation (what opening it shows in the main pane),
// where its most recently used pane would be, with the ids of all its panes.
import type { Conversation } from "../../bindings";

export type SidebarItem = { conversation: Conversation; members: string[] };

/** `conversations` most recently used first, as the core lists them. */
export function sidebarItems(conversations: Conversation[]): SidebarItem[] {
  const groups = new Map<string, Conversation[]>();
  for (const c of conversations) if (c.compare_group) groups.set(c.compare_group, [...(groups.get(c.compare_group) ?? []), c]);
  const items: SidebarItem[] = [];
  const shown = new Set<string>();
  for (const c of conversations) {
    const members = c.compare_group ? (groups.get(c.compare_group) ?? [c]) : [c];
    if (members.length < 2) {
      items.push({ conversation: c, members: [c.id] });
      continue;
    }
    if (shown.has(c.compare_group!)) continue;
    shown.add(c.compare_group!);
    const first = members.reduce((a, b) => (b.created_at < a.created_at ? b : a));
    items.push({ conversation: { ...first, updated_at: c.updated_at }, members: members.map((m) => m.id) });
  }
  return items;
}
