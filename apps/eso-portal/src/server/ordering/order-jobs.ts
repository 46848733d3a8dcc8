import { enqueueJob, orderJobKey, type SqlExecutor } from "@cop-pilot/jobs";

/** Task of the job that does the next step of one ESO service order: delegating to its DOs, or reading their state. */
export const serviceOrderTask = "eso.service-order";

/** Adds the job of the order's next step; called in the transaction that makes the order due, so the two commit together. */
export function enqueueServiceOrderStep(db: SqlExecutor, serviceOrderId: string, runAt?: Date): Promise<void> {
  return enqueueJob(db, serviceOrderTask, { id: serviceOrderId }, { jobKey: orderJobKey(serviceOrderTask, serviceOrderId), runAt });
}
