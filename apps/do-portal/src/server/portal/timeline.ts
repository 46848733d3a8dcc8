import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@cop-pilot/tmf-server";
import { z } from "zod";

// The domain's event timeline is read from records that exist anyway, so nothing is written twice. The order
// state history has one row per order and item state change, and its first row per order is the order's
// arrival. Services contribute their start and end dates, and the firings table its rows.

export const timelineKinds = ["order", "orderStateChange", "serviceStateChange", "ruleFiring"] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export const timelineQuerySchema = z.object({
  kind: z.array(z.enum(timelineKinds)).max(timelineKinds.length).default([]),
  serviceOrderId: z.string().trim().max(100).optional(),
  serviceId: z.string().trim().max(100).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TimelineQuery = z.input<typeof timelineQuerySchema>;

export interface TimelineEntry {
  /** Unique across kinds, e.g. `history-42` or `firing-7`. */
  key: string;
  kind: TimelineKind;
  at: Date;
  /** Order or item state, service state, or a firing's outcome (`fired`, `failed`). */
  state: string;
  message: string;
  serviceOrderId: string | null;
  serviceOrderItemId: string | null;
  /** The services the entry concerns: an item's service, or every service of the order for an order-level entry. */
  serviceIds: string[];
}

const timelineRowSchema = z.object({
  key: z.string(),
  kind: z.enum(timelineKinds),
  at: z.coerce.date(),
  state: z.string(),
  message: z.string().nullable(),
  service_order_id: z.string().nullable(),
  service_order_item_id: z.string().nullable(),
  service_ids: z.array(z.string()).nullable(),
});

const timeline = sql`
  (
    select 'history-' || h.seq as key,
      case when h.state = 'acknowledged' and h.detail ->> 'orderItemId' is null then 'order' else 'orderStateChange' end as kind,
      h.changed_at as at,
      coalesce(h.detail ->> 'itemState', h.state) as state,
      h.detail ->> 'message' as message,
      h.service_order_id,
      h.detail ->> 'orderItemId' as service_order_item_id,
      array(
        select item -> 'service' ->> 'id'
        from jsonb_array_elements(o.document -> 'serviceOrderItem') as item
        where item -> 'service' ->> 'id' is not null
          and (h.detail ->> 'orderItemId' is null or item ->> 'id' = h.detail ->> 'orderItemId')
      ) as service_ids
    from service_order_state_history h
    join service_order o on o.id = h.service_order_id
  )
  union all
  (
    select 'service-start-' || s.id, 'serviceStateChange', (s.document ->> 'startDate')::timestamptz, 'active',
      'Service ' || coalesce(s.name, s.id) || ' is active', s.service_order_id, null, array[s.id]
    from service s
    where s.document ->> 'startDate' is not null
  )
  union all
  (
    select 'service-end-' || s.id, 'serviceStateChange', coalesce((s.document ->> 'endDate')::timestamptz, s.last_update), 'terminated',
      'Service ' || coalesce(s.name, s.id) || ' is terminated', s.service_order_id, null, array[s.id]
    from service s
    where s.state = 'terminated'
  )
  union all
  (
    select 'firing-' || f.seq, 'ruleFiring', f.fired_at, f.outcome,
      'Rule "' || f.rule_name || '" (' || f.checkpoint || '): ' || f.message, f.service_order_id, f.service_order_item_id,
      case when f.service_id is null then array[]::text[] else array[f.service_id] end
    from policy_rule_firing f
  )
`;

function whereOf(query: z.infer<typeof timelineQuerySchema>): SQL {
  const conditions: SQL[] = [sql`true`];
  if (query.kind.length > 0) conditions.push(sql`kind in (${sql.join(query.kind.map((kind) => sql`${kind}`), sql`, `)})`);
  if (query.serviceOrderId) conditions.push(sql`service_order_id = ${query.serviceOrderId}`);
  if (query.serviceId) conditions.push(sql`${query.serviceId} = any(service_ids)`);
  return sql.join(conditions, sql` and `);
}

/** Lists one page of the timeline, newest first, with the number of entries that match the filters. */
export async function listTimeline(database: Db, input: TimelineQuery = {}): Promise<{ entries: TimelineEntry[]; total: number }> {
  const query = timelineQuerySchema.parse(input);
  const where = whereOf(query);
  // The postgres.js driver returns the rows as an array, a type that Db leaves generic.
  const run = async (statement: SQL) => (await database.execute(statement)) as unknown as Record<string, unknown>[];
  const [counted] = (await run(sql`select count(*)::int as total from (${timeline}) as timeline where ${where}`)) as { total: number }[];
  const rows = await run(sql`select * from (${timeline}) as timeline where ${where} order by at desc, key desc offset ${query.offset} limit ${query.limit}`);
  const entries = rows.map((row) => {
    const parsed = timelineRowSchema.parse(row);
    return {
      key: parsed.key,
      kind: parsed.kind,
      at: parsed.at,
      state: parsed.state,
      message: parsed.message ?? "",
      serviceOrderId: parsed.service_order_id,
      serviceOrderItemId: parsed.service_order_item_id,
      serviceIds: parsed.service_ids ?? [],
    };
  });
  return { entries, total: counted?.total ?? 0 };
}
