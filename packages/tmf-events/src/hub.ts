import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { eventSubscription } from "@cop-pilot/db/schema/events";
import { TmfError, notFound, readJsonBody, noContentResponse, okResponse, type AccessRule, type Db, type RouteFactory } from "@cop-pilot/tmf-server";
import { callbackSchema } from "./callback";
import { InvalidEventQueryError, parseEventQuery } from "./query";

/** Who may register listeners: other components with their API token, and platform admins. */
export const hubAccess: AccessRule = { roles: ["platformAdmin"] };

const registration = z.object({
  callback: callbackSchema,
  query: z.string().max(2000).nullish(),
  "@type": z.string().optional(),
  "@baseType": z.string().optional(),
  "@schemaLocation": z.string().optional(),
});

/** Listeners per API, so that a mistake or a loop in a client cannot grow the table without bound. */
const MAX_SUBSCRIPTIONS_PER_API = 200;

export interface HubOptions {
  route: RouteFactory;
  db: () => Db;
  /** Base path of the API, e.g. `/tmf-api/serviceOrdering/v4`. */
  api: string;
}

type Subscription = typeof eventSubscription.$inferSelect;

function toEventSubscription(row: Subscription) {
  return { id: row.id, callback: row.callback, query: row.query ?? undefined, "@type": "EventSubscription" };
}

/** Builds the TMF hub handlers of one API: `POST hub`, `GET hub/{id}` and `DELETE hub/{id}`. */
export function createHubHandlers(options: HubOptions) {
  const { route, api } = options;

  const collection = {
    // POST {api}/hub – register a listener
    POST: route(hubAccess, async ({ request, principal, baseUrl, log }) => {
      const input = await readJsonBody(request, registration);
      const query = input.query?.trim() || null;
      try {
        parseEventQuery(query);
      } catch (error) {
        if (error instanceof InvalidEventQueryError) throw new TmfError("invalidBody", `query: ${error.message}`);
        throw error;
      }

      const row = await options.db().transaction(async (tx) => {
        const existing = await tx.select().from(eventSubscription).where(eq(eventSubscription.api, api));
        if (existing.length >= MAX_SUBSCRIPTIONS_PER_API) {
          throw new TmfError("conflict", `This hub already has ${MAX_SUBSCRIPTIONS_PER_API} listeners; delete unused ones first`);
        }
        const [inserted] = await tx.insert(eventSubscription).values({ id: randomUUID(), api, callback: input.callback, query, registeredBy: principal.id }).returning();
        return inserted!;
      });
      log.info({ subscriptionId: row.id, callbackHost: new URL(row.callback).host, query: row.query }, "listener registered");
      return Response.json(toEventSubscription(row), { status: 201, headers: { Location: `${baseUrl}${api}/hub/${row.id}` } });
    }),
  };

  const load = async (id: string) => {
    const [row] = await options.db().select().from(eventSubscription).where(and(eq(eventSubscription.id, id), eq(eventSubscription.api, api)));
    if (!row) throw notFound("EventSubscription", id);
    return row;
  };

  const item = {
    // GET {api}/hub/{id} – read a listener registration
    GET: route<{ id: string }>(hubAccess, async ({ params }) => okResponse(toEventSubscription(await load(params.id)))),

    // DELETE {api}/hub/{id} – unregister a listener; its undelivered events go with it
    DELETE: route<{ id: string }>(hubAccess, async ({ params, log }) => {
      const row = await load(params.id);
      await options.db().delete(eventSubscription).where(eq(eventSubscription.id, row.id));
      log.info({ subscriptionId: row.id }, "listener unregistered");
      return noContentResponse();
    }),
  };

  return { collection, item };
}
