import type { Db, Principal } from "@cop-pilot/tmf-server";
import type { AssistantCard } from "./backend";
import { appendMessage, listMessages, loadConversation, saveDialogueState } from "./conversations";
import { confirmAndPlaceDraft, draftStatuses } from "./drafts";
import { parseDialogueState } from "./offline/dialogue";

/**
 * Places the order of a draft the customer confirmed in the chat and notes
 * the order in the draft's conversation, so that the assistant can refer to it.
 */
export async function confirmDraftFromChat(db: Db, principal: Principal, draftId: string, baseUrl: string): Promise<{ orderId: string }> {
  const result = await confirmAndPlaceDraft(db, principal, draftId, { baseUrl });
  if (result.conversationId && !result.replayed) {
    await appendMessage(db, result.conversationId, {
      role: "assistant",
      content: `Your order ${result.orderId.slice(0, 8)} for **${result.draft.offeringName}** is placed. Ask me about its status at any time.`,
      cards: [{ type: "orderPlaced", orderId: result.orderId, offeringName: result.draft.offeringName }],
      mode: "portal",
    });
    // The offline assistant then explains this order when asked, and no longer points at the placed draft.
    const conversation = await loadConversation(db, principal, result.conversationId);
    const state = parseDialogueState(conversation.dialogueState);
    await saveDialogueState(db, result.conversationId, { ...state, draftId: undefined, lastOrderId: result.orderId });
  }
  return { orderId: result.orderId };
}

/** Lists a conversation's messages with each draft card showing the draft's current status. */
export async function messagesWithCurrentDrafts(db: Db, principal: Principal, conversationId: string) {
  const messages = await listMessages(db, conversationId);
  const draftIds = messages.flatMap((message) => message.cards.flatMap((card) => (card.type === "draft" ? [card.draft.draftId] : [])));
  const statuses = await draftStatuses(db, principal, draftIds);
  return messages.map((message) => ({
    ...message,
    cards: message.cards.map((card): AssistantCard => {
      if (card.type !== "draft") return card;
      const current = statuses.get(card.draft.draftId);
      return current
        ? { ...card, draft: { ...card.draft, status: current.status as typeof card.draft.status, ...(current.productOrderId ? { productOrderId: current.productOrderId } : {}) } }
        : card;
    }),
  }));
}
