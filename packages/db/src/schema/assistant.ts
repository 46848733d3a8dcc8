import { bigserial, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// BMP: the ordering assistant's conversations and the order drafts it prepares.

/** One chat of a customer with the ordering assistant. */
export const assistantConversation = pgTable(
  "assistant_conversation",
  {
    id: text().primaryKey(),
    /** The signed-in user who owns the conversation; nobody else may read or continue it. */
    userId: text().notNull(),
    title: text().notNull(),
    /** State of the offline assistant's dialogue: chosen offering, collected values, pending question. */
    dialogueState: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.userId, table.updatedAt)],
);

/** One message of a conversation, in the order it was written. */
export const assistantMessage = pgTable(
  "assistant_message",
  {
    seq: bigserial({ mode: "number" }).primaryKey(),
    conversationId: text()
      .notNull()
      .references(() => assistantConversation.id, { onDelete: "cascade" }),
    /** "user" or "assistant". */
    role: text().notNull(),
    content: text().notNull(),
    /** Structured parts shown beside the text: offering candidates, a draft summary, an order status. */
    cards: jsonb().$type<Record<string, unknown>[]>().notNull().default([]),
    /** "offline" or the name of the model that wrote an assistant message. */
    mode: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.conversationId), index().on(table.role, table.createdAt)],
);

/**
 * A product order the assistant prepared and the customer has not placed yet.
 * Only the portal's confirm action moves a draft to `confirmed` (recording
 * who confirmed it and when) and places the order, with the draft id as the
 * order's idempotency key.
 */
export const productOrderDraft = pgTable(
  "product_order_draft",
  {
    id: text().primaryKey(),
    userId: text().notNull(),
    conversationId: text().references(() => assistantConversation.id, { onDelete: "set null" }),
    productOfferingId: text().notNull(),
    productOfferingName: text().notNull(),
    /** The characteristic values the customer gave; defaults are filled in again when the order is placed. */
    productCharacteristic: jsonb().$type<{ name: string; value: string | number | boolean }[]>().notNull(),
    /** The summary shown to the customer: every value that will be ordered, and the prices. */
    summary: jsonb().$type<Record<string, unknown>>().notNull(),
    /** draft, confirmed, placed or expired. */
    status: text().notNull(),
    productOrderId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    confirmedAt: timestamp({ withTimezone: true }),
    confirmedBy: text(),
    placedAt: timestamp({ withTimezone: true }),
  },
  (table) => [index().on(table.userId), index().on(table.conversationId)],
);
