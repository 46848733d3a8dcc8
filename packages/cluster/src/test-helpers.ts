import type { ClusterDriver, ClusterLogger, DeploymentPhase, DeploymentRef, DeploymentStatus } from "./driver";

export const silentLogger: ClusterLogger = { info() {}, warn() {}, error() {} };

export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Polls the deployment status every 10 ms until it reaches `phase`; throws after `timeoutMs`. */
export async function waitForPhase(
  driver: ClusterDriver,
  ref: DeploymentRef,
  phase: DeploymentPhase,
  timeoutMs = 3000,
): Promise<DeploymentStatus> {
  const deadline = Date.now() + timeoutMs;
  let status = await driver.getDeploymentStatus(ref);
  while (status.phase !== phase) {
    if (Date.now() > deadline) {
      throw new Error(`Deployment ${ref.namespace}/${ref.name} did not reach phase ${phase} within ${timeoutMs} ms; last status: ${JSON.stringify(status)}`);
    }
    await sleep(10);
    status = await driver.getDeploymentStatus(ref);
  }
  return status;
}
