import "server-only";
import type { JobQueue, RecurringJob } from "@cop-pilot/jobs";
import { publishApiEvents, publishChange, startDeliveryJob, type ResourceEventStyle } from "@cop-pilot/tmf-events";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import type { Db } from "@cop-pilot/tmf-server";
import { db } from "./db";

// The TMF events the BMP publishes at its hubs.

const domain = () => "bmp";

const sources: Record<"productOrder" | "cancelProductOrder", [string, ResourceEventStyle]> = {
  productOrder: [tmfApiPaths.productOrdering, { resourceName: "productOrder" }],
  cancelProductOrder: [tmfApiPaths.productOrdering, { resourceName: "cancelProductOrder" }],
};

type Document = Record<string, unknown> & { id: string };

/** Publishes the events of one change written outside the generic TMF handlers; call it in the transaction that writes the change. */
export async function publishDocumentChange(tx: Db, resource: keyof typeof sources, previous: Document | undefined, current: Document | undefined): Promise<void> {
  const [api, style] = sources[resource];
  await publishChange(tx, { api, style, domain: domain() }, previous, current);
}

/** The `onEvent` hook of the generic TMF620 handlers. */
export const productCatalogEvents = publishApiEvents(tmfApiPaths.productCatalog, domain, { resourceNames: { ProductCatalog: "catalog" } });

const globalForEvents = globalThis as unknown as { bmpEventDelivery?: RecurringJob };

/** Starts posting the outbox to the listeners as a recurring job; events left by an earlier run go first. */
export function startEventDelivery(queue: JobQueue): void {
  globalForEvents.bmpEventDelivery ??= startDeliveryJob(queue, db(), { client: db().$client });
}
