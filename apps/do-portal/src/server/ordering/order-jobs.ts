import { wakeRecurringJob, type SqlExecutor } from "@cop-pilot/jobs";

/** Name of the recurring job that runs the DO's order processor passes. */
export const orderProcessorJob = "order-processor";

/** Runs an order processor pass as soon as the transaction that made an order due commits. */
export function wakeOrderProcessor(db: SqlExecutor): Promise<void> {
  return wakeRecurringJob(db, orderProcessorJob);
}
