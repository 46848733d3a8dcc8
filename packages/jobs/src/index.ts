export { enqueueJob, type EnqueueOptions, type SqlExecutor } from "./enqueue";
export { defaultMaxAttempts, jobSchema } from "./names";
export { startJobQueue, type JobContext, type JobDefinition, type JobQueue, type JobQueueOptions, type QueueDepth } from "./queue";
export { startRecurringJob, type RecurringJob } from "./recurring";
