import "server-only";
import { startPullConnectorLoop } from "@cop-pilot/data-management";
import { createLogger } from "@cop-pilot/logger";
import { env } from "@/env";
import { db } from "../db";
import { dataManagementEnabled, dataNotifier } from "./ngsi-ld";

const globalForData = globalThis as unknown as { doPullLoop?: { stop(): void } };

/** Starts the pull connectors of the Data Management, when it is enabled. Pull connectors left due by a stop run at once. */
export function startDataManagement(): void {
  if (!dataManagementEnabled() || globalForData.doPullLoop) return;
  const log = createLogger("data-management");
  globalForData.doPullLoop = startPullConnectorLoop({ db: db(), log, notifier: dataNotifier(), intervalMs: env().DATA_PULL_INTERVAL_MS });
  log.info({ intervalMs: env().DATA_PULL_INTERVAL_MS }, "data management started");
}
