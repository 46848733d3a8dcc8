import { eq, sql } from "drizzle-orm";
import { eventOutbox, eventSubscription } from "@cop-pilot/db/schema/events";
import type { Db, ResourceEvent } from "@cop-pilot/tmf-server";
import { buildEnvelope, stateAttributeOf, stateOf, type EventEnvelope } from "./envelope";
import type { ChangeKind, ResourceEventStyle } from "./names";
import { matchesEventQuery, parseEventQuery } from "./query";

/** PostgreSQL channel a committed event is announced on, so that the delivery loop wakes at once. */
export const outboxChannel = "tmf_event_outbox";

export interface EventSource {
  /** Base path of the API that serves the resource, e.g. `/tmf-api/serviceOrdering/v4`. */
  api: string;
  style: ResourceEventStyle;
  /** The emitting component, e.g. `do-lulea`; it becomes the envelope's `domain`. */
  domain: string;
}

/**
 * Writes one event for every listener of the API whose query it passes. Call
 * it inside the transaction that makes the change: the event then commits or
 * rolls back with it. Returns the envelope, or undefined when no listener
 * takes it.
 */
export async function publishEvent(
  tx: Db,
  source: EventSource,
  kind: ChangeKind,
  document: Record<string, unknown> & { id: string },
): Promise<EventEnvelope | undefined> {
  const subscriptions = await tx.select().from(eventSubscription).where(eq(eventSubscription.api, source.api));
  if (subscriptions.length === 0) return undefined;

  const envelope = buildEnvelope({ style: source.style, kind, document, domain: source.domain });
  const listeners = subscriptions.filter((subscription) => matchesEventQuery(envelope, parseStoredQuery(subscription.query)));
  if (listeners.length === 0) return undefined;

  await tx.insert(eventOutbox).values(
    listeners.map((subscription) => ({
      subscriptionId: subscription.id,
      eventId: envelope.eventId,
      eventType: envelope.eventType,
      resourceKey: `${source.style.resourceName}/${document.id}`,
      envelope: envelope as unknown as Record<string, unknown>,
    })),
  );
  // NOTIFY is delivered when the transaction commits, and not at all after a rollback.
  await tx.execute(sql`select pg_notify(${outboxChannel}, '')`);
  return envelope;
}

// A stored query was parsed at registration; one that no longer parses takes nothing rather than everything.
function parseStoredQuery(query: string | null) {
  try {
    return parseEventQuery(query);
  } catch {
    return [{ path: ["eventType"], values: [] }];
  }
}

/** Attributes whose change alone is no attribute-value change. */
const bookkeepingAttributes = new Set(["lastUpdate"]);

/**
 * Tells which events a change from `previous` to `current` makes: a create
 * without `previous`, a delete without `current`, a state change when the
 * state attribute differs, and an attribute-value change when anything else
 * differs.
 */
export function changeKindsOf(previous: Record<string, unknown> | undefined, current: Record<string, unknown> | undefined): ChangeKind[] {
  if (previous === undefined) return current === undefined ? [] : ["create"];
  if (current === undefined) return ["delete"];
  const kinds: ChangeKind[] = [];
  if (stateOf(previous) !== stateOf(current)) kinds.push("stateChange");
  const keys = new Set([...Object.keys(previous), ...Object.keys(current)]);
  for (const key of keys) {
    if (bookkeepingAttributes.has(key) || key === stateAttributeOf(current) || key === stateAttributeOf(previous)) continue;
    if (JSON.stringify(previous[key]) !== JSON.stringify(current[key])) {
      kinds.push("attributeValueChange");
      break;
    }
  }
  return kinds;
}

/**
 * Publishes the events of a change from `previous` to `current` (see
 * `changeKindsOf`). Call it in the transaction that writes the change.
 */
export async function publishChange(
  tx: Db,
  source: EventSource,
  previous: (Record<string, unknown> & { id: string }) | undefined,
  current: (Record<string, unknown> & { id: string }) | undefined,
): Promise<void> {
  const document = current ?? previous;
  if (document === undefined) return;
  for (const kind of changeKindsOf(previous, current)) await publishEvent(tx, source, kind, document);
}

/**
 * Returns the `onEvent` hook of `createResourceHandlers` that publishes the
 * TMF events of every change at the hub of `api`. The resource name comes
 * from the `@type` of each change, so one hook serves every resource of the
 * API, unless `resourceNames` maps the type to the name the API's events
 * use (TMF620 calls the events of a `ProductCatalog` `catalog…Event`).
 * `domain` is a function, so that an app reads its configuration on first
 * use rather than at import.
 */
export function publishApiEvents(
  api: string,
  domain: () => string,
  options: { changes?: ResourceEventStyle["changes"]; resourceNames?: Record<string, string> } = {},
) {
  return async (event: ResourceEvent, tx: Db): Promise<void> => {
    const resourceName = options.resourceNames?.[event.type] ?? event.type.charAt(0).toLowerCase() + event.type.slice(1);
    const source = { api, style: { resourceName, changes: options.changes }, domain: domain() };
    await publishChange(tx, source, event.previous, event.kind === "delete" ? undefined : event.document);
  };
}
