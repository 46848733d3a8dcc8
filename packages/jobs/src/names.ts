export { jobSchema } from "@cop-pilot/db";

/** Attempts before a job is dead, unless its definition sets another number; the retries span about 2.5 hours. */
export const defaultMaxAttempts = 10;
