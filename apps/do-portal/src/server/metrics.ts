import "server-only";
import { count, lte } from "drizzle-orm";
import { readQueueDepth } from "@cop-pilot/jobs";
import { addJobQueueGauge, addOrderGauges, componentMetrics, stateGauge, type ComponentMetrics } from "@cop-pilot/metrics";
import { env } from "@/env";
import { db, schema } from "./db";

const { serviceOrder, service } = schema;

/** Returns this DO's metrics: request latency, orders and services by state, and the order processor's backlog. */
export function metrics(): ComponentMetrics {
  const registry = componentMetrics(`do-${env().DOMAIN_ID}`);
  addOrderGauges(registry, {
    name: "cop_pilot_service_orders",
    help: "TMF641 service orders by state",
    countByState: () => db().select({ state: serviceOrder.state, value: count() }).from(serviceOrder).groupBy(serviceOrder.state),
    countDue: () => db().$count(serviceOrder, lte(serviceOrder.nextAttemptAt, new Date())),
  });
  addJobQueueGauge(registry, () => readQueueDepth(db()));
  registry.addGauge(
    stateGauge("cop_pilot_services", "TMF638 services in the domain's inventory by state", () =>
      db().select({ state: service.state, value: count() }).from(service).groupBy(service.state),
    ),
  );
  return registry;
}
