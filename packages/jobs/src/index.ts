export { readQueueDepth, type QueueDepth } from "./depth";
export { enqueueJob, type EnqueueOptions, type SqlExecutor } from "./enqueue";
export { defaultMaxAttempts, jobSchema } from "./names";
export { orderJobKey, startOrderStepJobs, type OrderStepJobOptions, type OrderStepJobs, type OrderTable } from "./order-steps";
export { drainJobQueueOnSignals, processJobQueue } from "./process-queue";
export { startJobQueue, type JobContext, type JobDefinition, type JobQueue, type JobQueueOptions } from "./queue";
export { startRecurringJob, wakeRecurringJob, type RecurringJob } from "./recurring";
