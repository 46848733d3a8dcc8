import { and, asc, count, desc, eq, gt } from "drizzle-orm";
import type { ModelMessage } from "ai";
import { bmpSchema } from "@cop-pilot/db";
import { notFound, newId, type Db, type Principal } from "@cop-pilot/tmf-server";
import type { AssistantCard } from "./backend";

// Conversations of customers with the ordering assistant, and their messages.
// A conversation belongs to the user who started it; another user's
// conversation is reported as missing.

const { assistantConversation, assistantMessage } = bmpSchema;

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: string;
}

export interface StoredMessage {
  seq: number;
  role: "user" | "assistant";
  content: string;
  cards: AssistantCard[];
  mode: string | null;
  createdAt: string;
}

function ownerOf(principal: Principal): string {
  return principal.kind === "user" ? principal.id : `client:${principal.name}`;
}

/** Creates an empty conversation for the caller. */
export async function createConversation(db: Db, principal: Principal, now = new Date()): Promise<ConversationSummary> {
  const id = newId();
  await db.insert(assistantConversation).values({ id, userId: ownerOf(principal), title: "New conversation", createdAt: now, updatedAt: now });
  return { id, title: "New conversation", updatedAt: now.toISOString() };
}

/** Lists the caller's conversations, the latest first. */
export async function listConversations(db: Db, principal: Principal, limit = 50): Promise<ConversationSummary[]> {
  const rows = await db
    .select({ id: assistantConversation.id, title: assistantConversation.title, updatedAt: assistantConversation.updatedAt })
    .from(assistantConversation)
    .where(eq(assistantConversation.userId, ownerOf(principal)))
    .orderBy(desc(assistantConversation.updatedAt))
    .limit(limit);
  return rows.map((row) => ({ ...row, updatedAt: row.updatedAt.toISOString() }));
}

/** Loads one of the caller's conversations, locked for update inside a transaction when `lock` is set, or throws 404. */
export async function loadConversation(db: Db, principal: Principal, id: string, options: { lock?: boolean } = {}) {
  const query = db
    .select()
    .from(assistantConversation)
    .where(and(eq(assistantConversation.id, id), eq(assistantConversation.userId, ownerOf(principal))))
    .limit(1);
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row) throw notFound("Conversation", id);
  return row;
}

/** Lists the messages of a conversation, oldest first. */
export async function listMessages(db: Db, conversationId: string): Promise<StoredMessage[]> {
  const rows = await db.select().from(assistantMessage).where(eq(assistantMessage.conversationId, conversationId)).orderBy(asc(assistantMessage.seq));
  return rows.map((row) => ({
    seq: row.seq,
    role: row.role === "user" ? "user" : "assistant",
    content: row.content,
    cards: row.cards as AssistantCard[],
    mode: row.mode,
    createdAt: row.createdAt.toISOString(),
  }));
}

/** Appends a message and moves the conversation to the top of the list; the first user message names the conversation. */
export async function appendMessage(
  db: Db,
  conversationId: string,
  message: { role: "user" | "assistant"; content: string; cards?: AssistantCard[]; mode?: string },
  now = new Date(),
): Promise<StoredMessage> {
  const [row] = await db
    .insert(assistantMessage)
    .values({ conversationId, role: message.role, content: message.content, cards: message.cards ?? [], mode: message.mode ?? null, createdAt: now })
    .returning();
  const update: Partial<typeof assistantConversation.$inferInsert> = { updatedAt: now };
  if (message.role === "user") {
    const [conversation] = await db.select({ title: assistantConversation.title }).from(assistantConversation).where(eq(assistantConversation.id, conversationId));
    if (conversation?.title === "New conversation") update.title = message.content.length > 60 ? `${message.content.slice(0, 57)}…` : message.content;
  }
  await db.update(assistantConversation).set(update).where(eq(assistantConversation.id, conversationId));
  return { seq: row!.seq, role: message.role, content: row!.content, cards: row!.cards as AssistantCard[], mode: row!.mode, createdAt: row!.createdAt.toISOString() };
}

/** Stores the offline assistant's dialogue state of a conversation. */
export async function saveDialogueState(db: Db, conversationId: string, state: Record<string, unknown>): Promise<void> {
  await db.update(assistantConversation).set({ dialogueState: state }).where(eq(assistantConversation.id, conversationId));
}

/** Counts the messages the caller sent to the assistant since `since`, over all their conversations. */
export async function countUserMessagesSince(db: Db, principal: Principal, since: Date): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(assistantMessage)
    .innerJoin(assistantConversation, eq(assistantMessage.conversationId, assistantConversation.id))
    .where(and(eq(assistantConversation.userId, ownerOf(principal)), eq(assistantMessage.role, "user"), gt(assistantMessage.createdAt, since)));
  return row?.value ?? 0;
}

function cardNote(card: AssistantCard): string {
  switch (card.type) {
    case "draft":
      return `[The portal showed draft ${card.draft.draftId} for ${card.draft.offeringName}, status ${card.draft.status}, with a Confirm order button.]`;
    case "orderPlaced":
      return `[The customer confirmed; product order ${card.orderId} was placed for ${card.offeringName}.]`;
    case "orderStatus":
      return `[Order ${card.status.orderId} was ${card.status.state}.]`;
    case "offerings":
      return `[Offerings shown: ${card.offerings.map((offering) => `${offering.name} (${offering.id})`).join(", ")}.]`;
  }
}

/** Turns the latest messages of a conversation into the model's message history, with the cards as short notes. */
export function toModelHistory(messages: readonly StoredMessage[], maxMessages = 20): ModelMessage[] {
  return messages.slice(-maxMessages).map((message) =>
    message.role === "user"
      ? { role: "user", content: message.content }
      : { role: "assistant", content: [message.content, ...message.cards.map(cardNote)].filter(Boolean).join("\n") },
  );
}
