import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { characteristicValue, daasCharacteristicNames, noAccessTokenSha256, type AccessMode, type ServiceInventoryReader } from "@cop-pilot/data-management";
import type { Db } from "@cop-pilot/tmf-server";
import { schema } from "../db";

const { service } = schema;

/** Creates the reader of the DO's TMF638 inventory that the Data Management uses to grant access to datasets. */
export function createServiceInventoryReader(db: () => Db): ServiceInventoryReader {
  return {
    async findActiveDaasService(tokenSha256) {
      if (tokenSha256 === noAccessTokenSha256) return undefined;
      const vars = JSON.stringify({ name: daasCharacteristicNames.accessTokenSha256, hash: tokenSha256 });
      const [row] = await db()
        .select({ id: service.id, document: service.document })
        .from(service)
        .where(
          and(
            eq(service.state, "active"),
            sql`jsonb_path_exists(${service.document}, '$.serviceCharacteristic[*] ? (@.name == $name && @.value == $hash)'::jsonpath, ${vars}::jsonb)`,
          ),
        )
        .limit(1);
      if (!row) return undefined;
      const characteristics = (row.document as { serviceCharacteristic?: { name: string; value?: unknown }[] }).serviceCharacteristic;
      const datasetId = characteristicValue(characteristics, daasCharacteristicNames.datasetId);
      const consumerParty = characteristicValue(characteristics, daasCharacteristicNames.consumerParty);
      const accessMode = characteristicValue(characteristics, daasCharacteristicNames.accessMode) ?? "read";
      if (!datasetId || !consumerParty || (accessMode !== "read" && accessMode !== "subscribe")) return undefined;
      return { serviceId: row.id, datasetId, consumerParty, accessMode: accessMode as AccessMode };
    },
    async isServiceActive(serviceId) {
      const [row] = await db().select({ state: service.state }).from(service).where(eq(service.id, serviceId));
      return row?.state === "active";
    },
  };
}
