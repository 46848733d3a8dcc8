import { migrationStatus, type Component } from "./migrate";

/**
 * Returns the readiness checks of a component's database: `ping` (a query
 * through the component's own pool) must succeed, and every migration of the
 * running build must be applied.
 */
export function databaseReadinessChecks(component: Component, url: string, ping: () => Promise<unknown>): Record<string, () => Promise<void>> {
  return {
    database: async () => {
      await ping();
    },
    migrations: async () => {
      const { expected, applied } = await migrationStatus(component, url);
      if (applied < expected) throw new Error(`${applied} of ${expected} migrations applied`);
    },
  };
}
