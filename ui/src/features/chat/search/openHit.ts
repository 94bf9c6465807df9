// Opening a search hit: the branch through the message is shown first (a hit may be on a version not shown), then
// the chat opens the conversation at the message, from whichever screen is open.
import { commands, type SearchHit } from "../../../bindings";
import { unwrap } from "../../../lib/api";
import { useNavigation } from "../../../data/navigation";

export async function openHit(hit: Pick<SearchHit, "conversation_id" | "message_id">): Promise<void> {
  await unwrap(commands.switchBranch(hit.message_id));
  useNavigation.getState().openChat(hit.conversation_id, hit.message_id);
}
