import { and, count, desc, eq, gte, ilike, lte, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditEvent } from "@cop-pilot/db/schema/audit";
import type { Principal } from "./principal";
import type { Db } from "./store";

// The audit log: one row per state change, with the caller that made it. A
// write adds one `recordAudit` call inside its transaction, next to the
// change, so that the entry and the change commit or roll back together.

/** Author of a change: an API client, a signed-in user, or the component itself (a background task). */
export type AuditActor = Principal | { kind: "system"; name: string };

export interface AuditEntry {
  /** Kind of change, e.g. `create`, `update`, `delete`, `cancel`, `stateChange`. */
  action: string;
  /** TMF `@type` or name of the changed resource, e.g. `ServiceOrder`, `Peer`. */
  resourceType: string;
  resourceId: string;
  summary: string;
  /** Details for the reader of the log; never pass credentials here. */
  detail?: Record<string, unknown>;
}

function actorColumns(actor: AuditActor) {
  if (actor.kind === "system") return { actorKind: "system", actorId: actor.name, actorName: actor.name, actorRole: null };
  if (actor.kind === "apiClient") return { actorKind: "apiClient", actorId: actor.id, actorName: actor.name, actorRole: null };
  return { actorKind: "user", actorId: actor.id, actorName: actor.email, actorRole: actor.role };
}

/** Inserts one audit log entry. Call it with the transaction of the change. */
export async function recordAudit(tx: Db, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvent).values({ ...actorColumns(actor), ...entry, detail: entry.detail ?? null });
}

/** Filters of the audit log pages, parsed from the query string; empty fields mean no filter. */
export const auditQuerySchema = z.object({
  /** Part of the actor's e-mail, name or id. */
  actor: z.string().trim().max(200).optional().transform((value) => value || undefined),
  resourceType: z.string().trim().max(100).optional().transform((value) => value || undefined),
  resourceId: z.string().trim().max(200).optional().transform((value) => value || undefined),
  action: z.string().trim().max(50).optional().transform((value) => value || undefined),
  /** ISO date or date-time; entries at or after it. */
  since: z.iso.date().or(z.iso.datetime({ offset: true })).optional().or(z.literal("").transform(() => undefined)),
  until: z.iso.date().or(z.iso.datetime({ offset: true })).optional().or(z.literal("").transform(() => undefined)),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;
export type AuditEventRow = typeof auditEvent.$inferSelect;

/** Lists audit log entries, newest first, with the total that matches the filters. */
export async function listAuditEvents(db: Db, query: AuditQuery): Promise<{ items: AuditEventRow[]; total: number }> {
  const conditions: SQL[] = [];
  if (query.actor) {
    const pattern = `%${query.actor.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    conditions.push(or(ilike(auditEvent.actorName, pattern), ilike(auditEvent.actorId, pattern))!);
  }
  if (query.resourceType) conditions.push(eq(auditEvent.resourceType, query.resourceType));
  if (query.resourceId) conditions.push(eq(auditEvent.resourceId, query.resourceId));
  if (query.action) conditions.push(eq(auditEvent.action, query.action));
  if (query.since) conditions.push(gte(auditEvent.occurredAt, new Date(query.since)));
  // A bare date as the upper bound includes that whole day.
  if (query.until) conditions.push(lte(auditEvent.occurredAt, new Date(query.until.length === 10 ? `${query.until}T23:59:59.999Z` : query.until)));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const items = await db.select().from(auditEvent).where(where).orderBy(desc(auditEvent.seq)).limit(query.limit).offset(query.offset);
  const [row] = await db.select({ total: count() }).from(auditEvent).where(where);
  return { items, total: Number(row?.total ?? 0) };
}

/** Content of an audit log page: the entries for its query string, or the reason the query string was rejected. */
export interface AuditLogPage {
  entries: AuditEventRow[];
  total: number;
  offset: number;
  limit: number;
  filters: Partial<Record<"actor" | "resourceType" | "resourceId" | "action" | "since" | "until", string>>;
  error?: string;
}

/** Loads the audit log page for the query string of a portal page. Invalid filters list nothing and return the reason in `error`. */
export async function loadAuditLogPage(db: Db, searchParams: Record<string, string | string[] | undefined>): Promise<AuditLogPage> {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const raw = Object.fromEntries(Object.entries(searchParams).map(([name, value]) => [name, first(value)]));
  const filters = {
    actor: raw.actor,
    resourceType: raw.resourceType,
    resourceId: raw.resourceId,
    action: raw.action,
    since: raw.since,
    until: raw.until,
  };
  const parsed = auditQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const error = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    return { entries: [], total: 0, offset: 0, limit: 50, filters, error };
  }
  const { items, total } = await listAuditEvents(db, parsed.data);
  return { entries: items, total, offset: parsed.data.offset, limit: parsed.data.limit, filters };
}
