import "server-only";
import type { JobQueue, RecurringJob } from "@cop-pilot/jobs";
import { publishApiEvents, publishChange, startDeliveryJob, type ResourceEventStyle } from "@cop-pilot/tmf-events";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import type { Db } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { db } from "./db";

// The TMF events this DO publishes at its hubs.

const domain = () => `do-${env().DOMAIN_ID}`;

const sources = {
  serviceOrder: [tmfApiPaths.serviceOrdering, "serviceOrder"],
  cancelServiceOrder: [tmfApiPaths.serviceOrdering, "cancelServiceOrder"],
  service: [tmfApiPaths.serviceInventory, "service"],
  resource: [tmfApiPaths.resourceInventory, "resource"],
} as const;

type Document = Record<string, unknown> & { id: string };

/** Publishes the events of one change written outside the generic TMF handlers; call it in the transaction that writes the change. */
export async function publishDocumentChange(tx: Db, resource: keyof typeof sources, previous: Document | undefined, current: Document | undefined): Promise<void> {
  const [api, resourceName] = sources[resource];
  await publishChange(tx, { api, style: { resourceName }, domain: domain() }, previous, current);
}

/** The `onEvent` hook of the generic TMF handlers of one API. */
export function apiEvents(api: string, changes?: ResourceEventStyle["changes"]) {
  return publishApiEvents(api, domain, { changes });
}

const globalForEvents = globalThis as unknown as { doEventDelivery?: RecurringJob };

/** Starts posting the outbox to the listeners as a recurring job; events left by an earlier run go first. */
export function startEventDelivery(queue: JobQueue): void {
  globalForEvents.doEventDelivery ??= startDeliveryJob(queue, db(), { client: db().$client });
}
