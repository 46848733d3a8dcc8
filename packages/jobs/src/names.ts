export { jobSchema } from "@cop-pilot/db";

/** Attempts before a job is dead, unless its definition sets another number; its nine retries span about 3.6 hours. */
export const defaultMaxAttempts = 10;
