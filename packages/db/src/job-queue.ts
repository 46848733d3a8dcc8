import { runMigrations } from "graphile-worker";
import { Logger as WorkerLogger } from "graphile-worker";
import { createLogger } from "@cop-pilot/logger";

/** PostgreSQL schema that graphile-worker creates and owns in each component's database. */
export const jobSchema = "graphile_worker";

const log = createLogger("job-queue-migrations");

/**
 * Creates or upgrades the job queue's tables in the database at `url`. It
 * runs with the component's own migrations, so that an order written after
 * start-up can always add its job in the same transaction.
 */
export async function migrateJobQueue(url: string): Promise<void> {
  const logger = new WorkerLogger(() => (level, message, meta) => {
    if (level === "error") log.error(meta ?? {}, message);
    else if (level === "warning") log.warn(meta ?? {}, message);
  });
  await runMigrations({ connectionString: url, schema: jobSchema, logger });
}
