import "server-only";
import { eq, like } from "drizzle-orm";
import type { SimulatedClusterStore } from "@cop-pilot/cluster";
import type { SimulatedFabricStore } from "@cop-pilot/fabric";
import { schema, type EsoDb } from "../db";

/** Keeps the simulated fabric's records in the ESO's database, so that identities survive a restart. */
export function databaseFabricStore(db: EsoDb): SimulatedFabricStore {
  const table = schema.simulatedFabricRecord;
  return {
    async get(key) {
      const [row] = await db.select({ record: table.record }).from(table).where(eq(table.key, key)).limit(1);
      return row?.record;
    },
    async put(key, record) {
      await db.insert(table).values({ key, record }).onConflictDoUpdate({ target: table.key, set: { record, updatedAt: new Date() } });
    },
    async delete(key) {
      await db.delete(table).where(eq(table.key, key));
    },
    async list(prefix) {
      const escaped = prefix.replace(/[\\%_]/g, (character) => `\\${character}`);
      const rows = await db.select({ record: table.record }).from(table).where(like(table.key, `${escaped}%`));
      return rows.map((row) => row.record);
    },
  };
}

/** Keeps the records of the simulated clusters that domain owners register in the ESO's database. */
export function databaseClusterStore(db: EsoDb): SimulatedClusterStore {
  const table = schema.simulatedClusterRecord;
  return {
    async get(key) {
      const [row] = await db.select({ record: table.record }).from(table).where(eq(table.key, key)).limit(1);
      return row?.record;
    },
    async put(key, record) {
      await db.insert(table).values({ key, record }).onConflictDoUpdate({ target: table.key, set: { record, updatedAt: new Date() } });
    },
    async delete(key) {
      await db.delete(table).where(eq(table.key, key));
    },
    async list() {
      const rows = await db.select({ record: table.record }).from(table);
      return rows.map((row) => row.record);
    },
  };
}
