import { and, eq, inArray } from "drizzle-orm";
import { bmpSchema } from "@cop-pilot/db";
import { TmfError, notFound, newId, type Db, type Principal } from "@cop-pilot/tmf-server";
import { assertAllowed, orderPlacers } from "../access";
import { placeProductOrder } from "../ordering/place-order";
import type { ConfigurationProblem, DraftResult, DraftSummary, PlaceResult } from "./backend";
import type { CharacteristicValue } from "./offline/extract";
import { checkOrderConfiguration, orderDraftOf, type AssistantCheckOptions } from "./validation";

// Order drafts: what the assistant prepares, and the only way from a draft
// to a product order. A draft becomes an order through
// `confirmAndPlaceDraft`, which the portal's Confirm order button calls for
// the signed-in customer who owns the draft. The assistant's tools can only
// read back the order of a draft confirmed that way.

const { productOrderDraft } = bmpSchema;

/** How long a draft can be confirmed after the assistant made it, in milliseconds. */
export const draftLifetimeMs = 30 * 60_000;

type DraftRow = typeof productOrderDraft.$inferSelect;

function ownerOf(principal: Principal): string {
  return principal.kind === "user" ? principal.id : `client:${principal.name}`;
}

function toSummary(row: DraftRow): DraftSummary {
  const summary = row.summary as Pick<DraftSummary, "characteristics" | "prices">;
  return {
    draftId: row.id,
    offeringId: row.productOfferingId,
    offeringName: row.productOfferingName,
    characteristics: summary.characteristics,
    prices: summary.prices,
    status: row.status as DraftSummary["status"],
    expiresAt: row.expiresAt.toISOString(),
    ...(row.productOrderId ? { productOrderId: row.productOrderId } : {}),
  };
}

/**
 * Validates a configuration with the order form's checks and stores it as
 * a draft of the caller, in the conversation. Earlier open drafts of the
 * conversation expire, so only the latest summary can be confirmed.
 */
export async function createDraft(
  db: Db,
  principal: Principal,
  input: { conversationId: string | null; offeringId: string; values: Record<string, CharacteristicValue> },
  options: Omit<AssistantCheckOptions, "lockOfferings"> = {},
): Promise<DraftResult> {
  assertAllowed(principal, orderPlacers, "prepare product orders");
  const now = options.now ?? new Date();
  const check = await checkOrderConfiguration(db, principal, input.offeringId, input.values, { ...options, now });
  const offering = check.offering;
  if (!check.valid || !offering) return { ok: false, problems: check.problems };

  const row = await db.transaction(async (tx) => {
    if (input.conversationId) {
      await tx
        .update(productOrderDraft)
        .set({ status: "expired" })
        .where(and(eq(productOrderDraft.conversationId, input.conversationId), eq(productOrderDraft.status, "draft")));
    }
    const [inserted] = await tx
      .insert(productOrderDraft)
      .values({
        id: newId(),
        userId: ownerOf(principal),
        conversationId: input.conversationId,
        productOfferingId: offering.id,
        productOfferingName: offering.name,
        productCharacteristic: Object.entries(input.values).map(([name, value]) => ({ name, value })),
        summary: { characteristics: check.values, prices: offering.prices },
        status: "draft",
        createdAt: now,
        expiresAt: new Date(now.getTime() + draftLifetimeMs),
      })
      .returning();
    return inserted!;
  });
  return { ok: true, draft: toSummary(row) };
}

/** Loads one of the caller's drafts, or throws 404; another user's draft is reported as missing. */
export async function getDraft(db: Db, principal: Principal, draftId: string): Promise<DraftSummary> {
  const [row] = await db
    .select()
    .from(productOrderDraft)
    .where(and(eq(productOrderDraft.id, draftId), eq(productOrderDraft.userId, ownerOf(principal))))
    .limit(1);
  if (!row) throw notFound("Draft", draftId);
  return toSummary(row);
}

/**
 * Records the customer's confirmation of a draft and places its product
 * order, in one transaction: the draft must belong to the caller, be open
 * and unexpired, and still pass validation. The draft id is the order's
 * idempotency key, so a repeated confirmation returns the same order.
 */
export async function confirmAndPlaceDraft(
  db: Db,
  principal: Principal,
  draftId: string,
  options: { baseUrl: string; now?: Date; orderChecks?: AssistantCheckOptions["orderChecks"] },
): Promise<{ draft: DraftSummary; orderId: string; conversationId: string | null; replayed: boolean }> {
  assertAllowed(principal, orderPlacers, "place product orders");
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(productOrderDraft)
      .where(and(eq(productOrderDraft.id, draftId), eq(productOrderDraft.userId, ownerOf(principal))))
      .for("update");
    if (!row) throw notFound("Draft", draftId);
    if (row.status === "placed" && row.productOrderId) return { draft: toSummary(row), orderId: row.productOrderId, conversationId: row.conversationId, replayed: true };
    if (row.status === "expired" || row.expiresAt <= now) {
      if (row.status !== "expired") await tx.update(productOrderDraft).set({ status: "expired" }).where(eq(productOrderDraft.id, draftId));
      throw new TmfError("conflict", "This summary has expired or was replaced by a newer one. Ask the assistant for a new summary.");
    }

    const values = Object.fromEntries(row.productCharacteristic.map((entry) => [entry.name, entry.value]));
    const check = await checkOrderConfiguration(tx, principal, row.productOfferingId, values, { now, lockOfferings: true, orderChecks: options.orderChecks });
    if (!check.offering) throw new TmfError("unprocessable", `${row.productOfferingName} can no longer be ordered`);
    if (!check.valid) throw new TmfError("unprocessable", `This order cannot be placed now. ${describeProblems(check.problems)}`);

    await tx.update(productOrderDraft).set({ status: "confirmed", confirmedAt: now, confirmedBy: ownerOf(principal) }).where(eq(productOrderDraft.id, draftId));
    const { order } = await placeProductOrder(
      tx,
      principal,
      orderDraftOf(row.productOfferingId, row.productCharacteristic),
      { idempotencyKey: `assistant-draft-${draftId}`, baseUrl: options.baseUrl, now },
    );
    const [placed] = await tx
      .update(productOrderDraft)
      .set({ status: "placed", productOrderId: order.id, placedAt: now })
      .where(eq(productOrderDraft.id, draftId))
      .returning();
    return { draft: toSummary(placed!), orderId: order.id, conversationId: row.conversationId, replayed: false };
  });
}

/** Writes the problems of a configuration as sentences for the customer. */
function describeProblems(problems: readonly ConfigurationProblem[]): string {
  return problems.map((problem) => (problem.kind === "order" ? `${problem.message}.` : `The value of ${problem.name} ${problem.message}.`)).join(" ");
}

/** Returns the order of a draft the caller confirmed in the portal; any other draft places nothing. */
export async function orderOfConfirmedDraft(db: Db, principal: Principal, draftId: string): Promise<PlaceResult> {
  const [row] = await db
    .select()
    .from(productOrderDraft)
    .where(and(eq(productOrderDraft.id, draftId), eq(productOrderDraft.userId, ownerOf(principal)), inArray(productOrderDraft.status, ["confirmed", "placed"])))
    .limit(1);
  if (row?.productOrderId) return { placed: true, orderId: row.productOrderId };
  return { placed: false, reason: "The customer has not confirmed this draft. Only the Confirm order button on the summary places the order." };
}

/** Returns the current status of each of the caller's drafts among `draftIds`, by id. */
export async function draftStatuses(db: Db, principal: Principal, draftIds: readonly string[]): Promise<Map<string, { status: string; productOrderId: string | null }>> {
  if (draftIds.length === 0) return new Map();
  const rows = await db
    .select({ id: productOrderDraft.id, status: productOrderDraft.status, productOrderId: productOrderDraft.productOrderId, expiresAt: productOrderDraft.expiresAt })
    .from(productOrderDraft)
    .where(and(inArray(productOrderDraft.id, [...draftIds]), eq(productOrderDraft.userId, ownerOf(principal))));
  const now = Date.now();
  return new Map(rows.map((row) => [row.id, { status: row.status === "draft" && row.expiresAt.getTime() <= now ? "expired" : row.status, productOrderId: row.productOrderId }]));
}
