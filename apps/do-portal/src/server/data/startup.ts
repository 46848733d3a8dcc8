import "server-only";
import { ensureServiceCatalog, startPullConnectorLoop } from "@cop-pilot/data-management";
import { createLogger } from "@cop-pilot/logger";
import type { Domain } from "@cop-pilot/service-library";
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

/**
 * Prepares a domain that offers data but no compute: an empty TMF633
 * catalogue that its datasets' DaaS specifications join, so that the ESO can
 * peer with it like with any DO. The service library and the cluster's
 * resources are not published.
 */
export async function prepareDataOnlyDomain(domain: Domain): Promise<void> {
  await db().transaction((tx) => ensureServiceCatalog(tx, env().PUBLIC_URL, `${domain.name} data catalogue`));
  createLogger("data-management").info({ domain: domain.id }, "compute disabled: the domain offers only its datasets");
}
