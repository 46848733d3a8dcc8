import path from "node:path";
import { repositoryRoot, type LauncherConfig } from "./config";
import type { Credentials, Secrets } from "./credentials";
import type { AppLaunch } from "./processes";

/** Builds the process launch of every component: one DO per configured domain, the ESO and the BMP, with their environments. */
export function platformLaunches(config: LauncherConfig, credentials: Credentials, secrets: Secrets): AppLaunch[] {
  const host = config.HOST;
  const launches: AppLaunch[] = [];
  const common = (component: string, port: number) => ({
    BETTER_AUTH_SECRET: secrets.authSecrets[component]!,
    PUBLIC_URL: `http://${host}:${port}`,
    API_TOKEN: credentials.apiTokens[component]!,
    COP_PILOT_COMPONENT: component,
    LOG_LEVEL: config.LOG_LEVEL,
    ORDER_POLL_INTERVAL_MS: String(config.ORDER_POLL_INTERVAL_MS),
  });
  for (const domain of config.domains) {
    const component = `do-${domain.id}`;
    launches.push({
      name: component,
      app: "do-portal",
      host,
      port: domain.port,
      env: {
        ...common(component, domain.port),
        DOMAIN_ID: domain.id,
        CLUSTER_READY_DELAY_MS: String(config.CLUSTER_READY_DELAY_MS),
        CLUSTER_FAIL_ARTIFACTS: config.CLUSTER_FAIL_ARTIFACTS,
        SUPERVISION_INTERVAL_MS: String(config.SUPERVISION_INTERVAL_MS),
        DATA_MANAGEMENT: domain.dataManagement ? "enabled" : "disabled",
        DOMAIN_COMPUTE: domain.compute ? "enabled" : "disabled",
      },
    });
  }
  launches.push({
    name: "eso",
    app: "eso-portal",
    host,
    port: config.ESO_PORT,
    env: {
      ...common("eso", config.ESO_PORT),
      AVAILABILITY_CHECK_INTERVAL_MS: String(config.AVAILABILITY_CHECK_INTERVAL_MS),
      EVENT_FALLBACK_POLL_INTERVAL_MS: String(config.EVENT_FALLBACK_POLL_INTERVAL_MS),
      COP_PILOT_SECRET_KEY: secrets.secretKey!,
      SIMULATED_FABRIC_USERNAME: credentials.simulatedFabric!.username,
      SIMULATED_FABRIC_PASSWORD: credentials.simulatedFabric!.password,
      FABRIC_POLL_INTERVAL_MS: String(config.FABRIC_POLL_INTERVAL_MS),
      CLUSTER_READY_DELAY_MS: String(config.CLUSTER_READY_DELAY_MS),
      // DOs ordered into simulated clusters run from the built do-portal app, as the launcher runs the others.
      LOCAL_DO_APP_DIR: path.join(repositoryRoot, "apps", "do-portal"),
      LOCAL_DO_PORTS: config.localDoPorts,
      LOCAL_DO_LOG_DIR: path.join(config.dataDir, "logs"),
    },
  });
  launches.push({
    name: "bmp",
    app: "bmp",
    host,
    port: config.BMP_PORT,
    env: {
      ...common("bmp", config.BMP_PORT),
      ESO_URL: `http://${host}:${config.ESO_PORT}`,
      ESO_API_TOKEN: credentials.apiTokens.eso!,
      EVENT_FALLBACK_POLL_INTERVAL_MS: String(config.EVENT_FALLBACK_POLL_INTERVAL_MS),
    },
  });

  return launches;
}
