import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { dmAccessGrant, dmSubscription } from "@cop-pilot/db/schema/data-management";
import type { Logger } from "@cop-pilot/logger";
import type { Db } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { checkGrant, type ServiceInventoryReader } from "./access";
import { entityTypeSchema, toKeyValues, type Entity } from "./entity";
import { parseQueryFilter, projectAttributes, queryEntities } from "./query";
import { outboundUrlProblem, resolvedUrlProblem } from "./url-policy";

// NGSI-LD subscriptions (CIM 009 clause 5.8): after each write, the entities
// that changed are sent to the endpoint of every subscription whose entity
// type, watched attributes and q filter match.

const attributeName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an attribute name");

export const subscriptionCreateSchema = z
  .object({
    id: z.string().regex(/^urn:[^\s]+$/, "must be a URN").max(256).optional(),
    type: z.literal("Subscription"),
    description: z.string().max(500).optional(),
    entities: z.array(z.object({ type: entityTypeSchema }).strict()).length(1, "must name exactly one entity type"),
    watchedAttributes: z.array(attributeName).min(1).optional(),
    q: z.string().max(1000).optional(),
    notification: z
      .object({
        attributes: z.array(attributeName).min(1).optional(),
        format: z.enum(["normalized", "keyValues"]).default("normalized"),
        endpoint: z
          .object({
            uri: z.string().superRefine((uri, context) => {
              const problem = outboundUrlProblem(uri);
              if (problem) context.addIssue({ code: "custom", message: `endpoint ${problem}` });
            }),
            accept: z.literal("application/json").optional(),
          })
          .strict(),
      })
      .strict(),
    "@context": z.unknown().optional(),
  })
  .strict()
  .superRefine((subscription, context) => {
    if (subscription.q === undefined) return;
    try {
      parseQueryFilter(subscription.q);
    } catch (error) {
      context.addIssue({ code: "custom", path: ["q"], message: (error as Error).message });
    }
  });

export type SubscriptionCreate = z.infer<typeof subscriptionCreateSchema>;
export type SubscriptionRow = typeof dmSubscription.$inferSelect;

/** Returns the subscription as the API shows it, with its delivery status. */
export function toSubscriptionDocument(row: SubscriptionRow): Record<string, unknown> {
  const stored = row.subscription as SubscriptionCreate;
  return {
    ...stored,
    id: row.id,
    status: row.status,
    notification: {
      ...stored.notification,
      timesSent: row.timesSent,
      timesFailed: row.timesFailed,
      ...(row.lastNotification && { lastNotification: row.lastNotification.toISOString() }),
      ...(row.lastFailure && { lastFailure: row.lastFailure.toISOString() }),
      ...(row.lastFailureReason && { lastFailureReason: row.lastFailureReason }),
    },
  };
}

export async function insertSubscription(db: Db, input: SubscriptionCreate, grantId: string | null): Promise<SubscriptionRow> {
  const { "@context": _context, ...subscription } = input;
  const id = input.id ?? `urn:ngsi-ld:Subscription:${randomUUID()}`;
  const [row] = await db
    .insert(dmSubscription)
    .values({ id, entityType: input.entities[0]!.type, grantId, subscription: { ...subscription, id }, endpoint: input.notification.endpoint.uri })
    .onConflictDoNothing()
    .returning();
  return row!;
}

export interface NotifierOptions {
  db: Db;
  inventory: ServiceInventoryReader;
  log: Logger;
  /** Timeout of one notification request, in milliseconds. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface Notifier {
  /** Queues notifications about entities that a write changed; returns at once. */
  entitiesChanged(entityType: string, entityIds: readonly string[], changedAttributes: ReadonlySet<string>): void;
  /** Resolves when every queued notification has been sent or has failed. */
  whenIdle(): Promise<void>;
}

/**
 * Creates the notifier. Notifications are sent after the write committed and
 * outside of the request, so a slow subscriber does not slow down ingestion.
 * A failed delivery is recorded on the subscription and not retried: the
 * next change sends the current state again.
 */
export function createNotifier(options: NotifierOptions): Notifier {
  const { db, inventory, log } = options;
  const pending = new Set<Promise<void>>();

  async function deliver(subscription: SubscriptionRow, entities: Entity[]): Promise<void> {
    const stored = subscription.subscription as SubscriptionCreate;
    const data = entities.map((entity) => {
      const projected = projectAttributes(entity, stored.notification.attributes);
      return stored.notification.format === "keyValues" ? toKeyValues(projected) : projected;
    });
    const body = { id: `urn:ngsi-ld:Notification:${randomUUID()}`, type: "Notification", subscriptionId: subscription.id, notifiedAt: new Date().toISOString(), data };
    try {
      const problem = await resolvedUrlProblem(subscription.endpoint);
      if (problem) throw new Error(`endpoint ${problem}`);
      const response = await (options.fetch ?? fetch)(subscription.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        redirect: "error",
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      if (!response.ok) throw new Error(`endpoint returned HTTP ${response.status}`);
      await db
        .update(dmSubscription)
        .set({ timesSent: sql`${dmSubscription.timesSent} + 1`, lastNotification: new Date(), status: "active" })
        .where(eq(dmSubscription.id, subscription.id));
    } catch (error) {
      const reason = (error as Error).message;
      log.warn({ subscriptionId: subscription.id, endpoint: subscription.endpoint, err: error }, "notification failed");
      await db
        .update(dmSubscription)
        .set({ timesFailed: sql`${dmSubscription.timesFailed} + 1`, lastFailure: new Date(), lastFailureReason: reason, status: "failed" })
        .where(eq(dmSubscription.id, subscription.id));
    }
  }

  async function notify(entityType: string, entityIds: readonly string[], changed: ReadonlySet<string>): Promise<void> {
    const subscriptions = await db
      .select()
      .from(dmSubscription)
      .where(and(eq(dmSubscription.entityType, entityType), inArray(dmSubscription.status, ["active", "failed"])));
    for (const subscription of subscriptions) {
      if (subscription.grantId) {
        const [grant] = await db.select().from(dmAccessGrant).where(eq(dmAccessGrant.id, subscription.grantId));
        if (!grant || !(await checkGrant(db, grant, inventory))) {
          await db.update(dmSubscription).set({ status: "paused", lastFailureReason: "The access grant of this subscription has ended" }).where(eq(dmSubscription.id, subscription.id));
          continue;
        }
      }
      const stored = subscription.subscription as SubscriptionCreate;
      if (stored.watchedAttributes && !stored.watchedAttributes.some((name) => changed.has(name))) continue;
      const { entities } = await queryEntities(db, { type: entityType, id: [...entityIds], q: stored.q, limit: entityIds.length, offset: 0 });
      if (entities.length > 0) await deliver(subscription, entities);
    }
  }

  return {
    entitiesChanged(entityType, entityIds, changed) {
      if (entityIds.length === 0) return;
      const task = notify(entityType, entityIds, changed).catch((error: unknown) => {
        log.error({ err: error, entityType }, "could not send notifications");
      });
      pending.add(task);
      void task.finally(() => pending.delete(task));
    },
    async whenIdle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
