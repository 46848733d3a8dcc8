import "server-only";
import { count, lte } from "drizzle-orm";
import { readQueueDepth } from "@cop-pilot/jobs";
import { addJobQueueGauge, addOrderGauges, componentMetrics, type ComponentMetrics } from "@cop-pilot/metrics";
import { db, schema } from "./db";

const { productOrder } = schema;

/** Returns the BMP's metrics: request latency, product orders by state and the order processor's backlog. */
export function metrics(): ComponentMetrics {
  const registry = componentMetrics("bmp");
  addOrderGauges(registry, {
    name: "cop_pilot_product_orders",
    help: "TMF622 product orders by state",
    countByState: () => db().select({ state: productOrder.state, value: count() }).from(productOrder).groupBy(productOrder.state),
    countDue: () => db().$count(productOrder, lte(productOrder.nextAttemptAt, new Date())),
  });
  addJobQueueGauge(registry, () => readQueueDepth(db()));
  return registry;
}
