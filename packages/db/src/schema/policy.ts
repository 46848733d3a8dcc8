import { bigserial, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { tmfResourceColumns, type TmfDocument } from "./columns";

// Lifecycle rules that designers attach to service specifications, and the record of their firings.

export const policyRule = pgTable(
  "policy_rule",
  {
    ...tmfResourceColumns<TmfDocument>(),
    serviceSpecificationId: text().notNull(),
    checkpoint: text().notNull(),
    lifecycleStatus: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.serviceSpecificationId, table.checkpoint)],
);

/**
 * One evaluation of a rule whose condition held (`fired`) or could not be evaluated (`failed`). Rows keep the
 * rule's name and action as they were, so that the record stays readable after the rule changes or is deleted.
 */
export const policyRuleFiring = pgTable(
  "policy_rule_firing",
  {
    seq: bigserial({ mode: "number" }).primaryKey(),
    firedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ruleId: text().notNull(),
    ruleName: text().notNull(),
    serviceSpecificationId: text().notNull(),
    checkpoint: text().notNull(),
    /** `fired` or `failed`. */
    outcome: text().notNull(),
    action: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Outcome text, such as "Rejected: At most 5 replicas", or the reason the rule could not be evaluated. */
    message: text().notNull(),
    /** Variables the condition read, with their values. */
    inputs: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Null for an order rejected when it was placed, which is never stored. */
    serviceOrderId: text(),
    serviceOrderItemId: text(),
    serviceId: text(),
  },
  (table) => [index().on(table.firedAt), index().on(table.serviceOrderId), index().on(table.serviceId)],
);
