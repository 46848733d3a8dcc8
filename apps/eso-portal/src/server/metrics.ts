import "server-only";
import { count, lte } from "drizzle-orm";
import { readQueueDepth } from "@cop-pilot/jobs";
import { addJobQueueGauge, addOrderGauges, componentMetrics, type ComponentMetrics } from "@cop-pilot/metrics";
import { db, schema } from "./db";

const { serviceOrder, peer } = schema;

/** Returns the ESO's metrics: request latency, orders by state, the order processor's backlog and peer availability. */
export function metrics(): ComponentMetrics {
  const registry = componentMetrics("eso");
  addOrderGauges(registry, {
    name: "cop_pilot_service_orders",
    help: "TMF641 service orders at the ESO by state",
    countByState: () => db().select({ state: serviceOrder.state, value: count() }).from(serviceOrder).groupBy(serviceOrder.state),
    countDue: () => db().$count(serviceOrder, lte(serviceOrder.nextAttemptAt, new Date())),
  });
  addJobQueueGauge(registry, () => readQueueDepth(db()));
  registry.addGauge({
    name: "cop_pilot_peer_up",
    help: "1 when the last availability check reached the peered DO, 0 when it did not, -1 before the first check",
    labelNames: ["peer"],
    read: async () => {
      const rows = await db().select({ name: peer.name, availability: peer.availability }).from(peer);
      const values: Record<string, number> = { reachable: 1, unreachable: 0 };
      return rows.map((row) => ({ labels: { peer: row.name }, value: values[row.availability] ?? -1 }));
    },
  });
  return registry;
}
