import type { V1Deployment, V1DeploymentStatus } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { deploymentStatusOf } from "./manifests";

function deployment(generation: number, status: V1DeploymentStatus): V1Deployment {
  return { metadata: { name: "web", generation }, spec: { replicas: 3, selector: {}, template: {} }, status };
}

const complete = { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 };
const deadlineExceeded = { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: 'ReplicaSet "web-1" has timed out progressing.' };

describe("rollout status as kubectl rollout status judges it", () => {
  it("is available when the rollout is complete", () => {
    expect(deploymentStatusOf(deployment(2, complete))).toEqual({ phase: "available", replicas: 3, readyReplicas: 3, message: "3 of 3 replicas available." });
  });

  it("waits while observedGeneration is behind metadata.generation", () => {
    const status = deploymentStatusOf(deployment(3, complete));

    expect(status).toMatchObject({ phase: "progressing", message: "Waiting for the Deployment controller to observe generation 3." });
  });

  it("waits while fewer replicas are updated than desired", () => {
    const status = deploymentStatusOf(deployment(2, { ...complete, updatedReplicas: 2, replicas: 3 }));

    expect(status).toMatchObject({ phase: "progressing", message: "Waiting for rollout: 2 of 3 replicas updated." });
  });

  it("waits while old replicas are left beside the updated ones", () => {
    const status = deploymentStatusOf(deployment(2, { ...complete, replicas: 4 }));

    expect(status).toMatchObject({ phase: "progressing", message: "Waiting for rollout: 1 old replicas pending termination." });
  });

  it("waits while fewer updated replicas are available", () => {
    const status = deploymentStatusOf(deployment(2, { ...complete, availableReplicas: 1 }));

    expect(status).toMatchObject({ phase: "progressing", message: "Waiting for rollout: 1 of 3 updated replicas available." });
  });

  it("fails when the Progressing condition reports ProgressDeadlineExceeded", () => {
    const status = deploymentStatusOf(deployment(2, { ...complete, availableReplicas: 0, conditions: [deadlineExceeded] }));

    expect(status).toEqual({ phase: "failed", replicas: 3, readyReplicas: 3, message: 'ReplicaSet "web-1" has timed out progressing.' });
  });

  it("ignores a deadline condition of a generation the controller has not observed yet", () => {
    const status = deploymentStatusOf(deployment(3, { ...complete, conditions: [deadlineExceeded] }));

    expect(status.phase).toBe("progressing");
  });

  it("waits for a Deployment without status", () => {
    expect(deploymentStatusOf(deployment(1, {})).phase).toBe("progressing");
  });
});
