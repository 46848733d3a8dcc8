import { enqueueJob, orderJobKey, type SqlExecutor } from "@cop-pilot/jobs";

/** Task of the job that does the next step of one product order. */
export const productOrderTask = "bmp.product-order";

/** Adds the job of the order's next step; called in the transaction that makes the order due, so the two commit together. */
export function enqueueProductOrderStep(db: SqlExecutor, productOrderId: string, runAt?: Date): Promise<void> {
  return enqueueJob(db, productOrderTask, { id: productOrderId }, { jobKey: orderJobKey(productOrderTask, productOrderId), runAt });
}
