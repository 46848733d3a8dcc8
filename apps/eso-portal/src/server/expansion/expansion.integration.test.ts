import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKubernetesEmulator, type KubernetesEmulator } from "@cop-pilot/cluster";
import { startZitiEmulator, type ZitiEmulator } from "@cop-pilot/fabric/emulator";
import { createDatabase, withDatabase } from "@cop-pilot/db";
import * as authSchema from "@cop-pilot/db/schema/auth";
import { stopTestServer } from "@cop-pilot/db/testing";
import { listAuditEvents, type Principal } from "@cop-pilot/tmf-server";
import { expansionApi } from "../admin/expansion-api";
import { schema } from "../db";
import { placeServiceOrder } from "../ordering/place-order";
import { call, createEsoTestDatabase, type EsoTestDatabase } from "../testing/harness";
import { registerCluster } from "./clusters";
import { domainOrchestratorSpecificationId, ensureDomainOrchestratorOffering, listDeployments, runDomainOrchestratorPass } from "./domain-orchestrators";
import { createIdentity, deleteIdentity, enrollmentToken, listIdentities, pollIdentities } from "./identities";
import { stopLocalDomainOrchestrator } from "./local-runtime";
import { simulatedControllerApi } from "./simulated-controller";

const simulatedPassword = "simulated-fabric-password";
let database: EsoTestDatabase;
let ziti: ZitiEmulator;
let kubernetes: KubernetesEmulator;
let simulatedNetworkId: string;
let zitiNetworkId: string;
let oulu: Principal & { kind: "user" };
let tampere: Principal & { kind: "user" };

function owner(id: string, email: string, organizationId: string): Principal & { kind: "user" } {
  return { kind: "user", id, name: `Owner ${id}`, email, role: "domainOwner", organizationId };
}

async function createAccount(email: string, organization: object) {
  return call(expansionApi.accounts.POST, { method: "POST", path: "/api/expansion/accounts", body: { name: "Aino Virtanen", email, purpose: "Edge cluster of the Oulu harbour", organization } });
}

async function tableCount(table: typeof schema.fabricNetwork | typeof schema.fabricIdentity | typeof schema.domainCluster | typeof schema.user) {
  const [row] = await database.db.select({ total: count() }).from(table);
  return Number(row?.total ?? 0);
}

/** Enrolls an identity of the simulated fabric as the fabric client does; returns the controller's identity id and the client secret. */
async function enrollSimulated(identityId: string, principal: Principal): Promise<{ identityId: string; clientSecret: string }> {
  const { jwt } = await enrollmentToken(database.db, principal, identityId);
  const response = await simulatedControllerApi.enroll.POST(new Request("http://127.0.0.1/api/fabric/simulated/enroll", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jwt }) }));
  expect(response.status).toBe(201);
  return (await response.json()) as { identityId: string; clientSecret: string };
}

async function heartbeat(identityId: string, secret: string): Promise<number> {
  const response = await simulatedControllerApi.heartbeat.POST(new Request(`http://127.0.0.1/api/fabric/simulated/identities/${identityId}/heartbeat`, { method: "POST", headers: { authorization: `Bearer ${secret}` } }), {
    params: Promise.resolve({ id: identityId }),
  });
  return response.status;
}

beforeAll(async () => {
  process.env.COP_PILOT_SECRET_KEY = randomBytes(32).toString("hex");
  process.env.SIMULATED_FABRIC_PASSWORD = simulatedPassword;
  process.env.SIMULATED_FABRIC_HEARTBEAT_TIMEOUT_MS = "600";
  process.env.CLUSTER_READY_DELAY_MS = "100";
  database = await createEsoTestDatabase();
  process.env.LOCAL_DO_APP_DIR = mkdtempSync(path.join(tmpdir(), "local-do-"));
  process.env.LOCAL_DO_DATABASE_URL = database.url;
  process.env.LOCAL_DO_START_SCRIPT = fileURLToPath(new URL("../testing/do-process.ts", import.meta.url));
  process.env.LOCAL_DO_PORTS = "45650-45669";
  ziti = await startZitiEmulator();
  kubernetes = await startKubernetesEmulator({ clusterName: "tampere-k8s", readyDelayMs: 50 });
});

afterAll(async () => {
  stopLocalDomainOrchestrator("oulu-harbour");
  await ziti?.close();
  await kubernetes?.close();
  await database?.drop();
  await stopTestServer();
});

describe("step 0: domain owner accounts", () => {
  it("creates an account with a new organization", async () => {
    const response = await createAccount("aino@oulu.example.test", { name: "Oulu Harbour Oy" });

    expect(response.status).toBe(201);
    expect(response.body.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(response.body.organization.name).toBe("Oulu Harbour Oy");
    const [user] = await database.db.select().from(schema.user).where(eq(schema.user.email, "aino@oulu.example.test"));
    expect(user?.role).toBe("domainOwner");
    expect(user?.organizationId).toBe(response.body.organization.id);
    const [individual] = await database.db.select().from(schema.individual).where(eq(schema.individual.id, user!.id));
    expect(individual?.document.partyCharacteristic).toEqual([{ name: "purpose", valueType: "string", value: "Edge cluster of the Oulu harbour" }]);
    oulu = owner(user!.id, user!.email, response.body.organization.id);
  });

  it("rejects a second account for one e-mail", async () => {
    const users = await tableCount(schema.user);
    const response = await createAccount("aino@oulu.example.test", { name: "Another Oy" });

    expect(response.status).toBe(409);
    expect(await tableCount(schema.user)).toBe(users);
  });

  it("rejects an invalid e-mail address", async () => {
    const response = await createAccount("not-an-address", { name: "Oulu Harbour Oy" });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/email/);
  });

  it("links an account to an existing organization", async () => {
    const tampereOrganization = await createAccount("ville@tampere.example.test", { name: "Tampere Edge Oy" });
    const colleague = await createAccount("liisa@tampere.example.test", { id: tampereOrganization.body.organization.id });

    expect(colleague.status).toBe(201);
    expect(colleague.body.organization.id).toBe(tampereOrganization.body.organization.id);
    tampere = owner(tampereOrganization.body.userId, tampereOrganization.body.email, tampereOrganization.body.organization.id);
  });
});

describe("binding fabric networks", () => {
  it("binds the simulated fabric after authenticating", async () => {
    const response = await call(expansionApi.fabricNetworks.POST, {
      method: "POST",
      path: "/api/expansion/fabric-networks",
      body: { name: "COP-PILOT SIF (simulated)", kind: "simulated", credentials: { username: "eso", password: simulatedPassword }, organization: { name: "SIF operator" } },
    });

    expect(response.status).toBe(201);
    expect(response.body.controllerUrl).toBe("http://127.0.0.1:3001/api/fabric/simulated");
    expect(JSON.stringify(response.body)).not.toContain(simulatedPassword);
    const [row] = await database.db.select().from(schema.fabricNetwork).where(eq(schema.fabricNetwork.id, response.body.id));
    expect(row?.sealedCredentials).not.toContain(simulatedPassword);
    simulatedNetworkId = response.body.id;
  });

  it("binds an OpenZiti controller over HTTPS", async () => {
    const response = await call(expansionApi.fabricNetworks.POST, {
      method: "POST",
      path: "/api/expansion/fabric-networks",
      body: { name: "Ziti lab", kind: "ziti", controllerUrl: ziti.url, credentials: { username: ziti.username, password: ziti.password, ca: ziti.ca }, organization: { name: "Ziti lab operator" } },
    });

    expect(response.status).toBe(201);
    zitiNetworkId = response.body.id;
  });

  it.each([
    ["wrong credentials", { kind: "simulated", credentials: { username: "eso", password: "wrong" } }, 422, /rejected the credentials/],
    ["a metadata endpoint", { kind: "ziti", controllerUrl: "http://169.254.169.254:1280", credentials: { username: "a", password: "b" } }, 400, /metadata/],
    ["an unreachable controller", { kind: "ziti", controllerUrl: "http://127.0.0.1:9", credentials: { username: "a", password: "b" } }, 502, /Cannot reach/],
    ["a missing controller URL", { kind: "ziti", credentials: { username: "a", password: "b" } }, 400, /controllerUrl/],
  ])("rejects %s and saves nothing", async (_case, body, status, message) => {
    const networks = await tableCount(schema.fabricNetwork);
    const response = await call(expansionApi.fabricNetworks.POST, { method: "POST", path: "/api/expansion/fabric-networks", body: { name: "Rejected", organization: { name: "Nobody" }, ...body } });

    expect(response.status).toBe(status);
    expect(response.body.message).toMatch(message);
    expect(await tableCount(schema.fabricNetwork)).toBe(networks);
  });
});

describe("steps 1 and 2: identities", () => {
  let identityId: string;
  let client: { identityId: string; clientSecret: string };

  it("creates an identity for the owner's organization", async () => {
    const identity = await createIdentity(database.db, oulu, {
      fabricNetworkId: simulatedNetworkId,
      name: "oulu-harbour",
      domainName: "Oulu Harbour",
      location: { name: "Oulu", latitude: 65.01, longitude: 25.47 },
      purpose: "domain",
    });

    expect(identity.organizationId).toBe(oulu.organizationId);
    expect(identity.status).toBe("pendingEnrollment");
    identityId = identity.id;
  });

  it("hides the identity from another organization", async () => {
    expect(await listIdentities(database.db, tampere)).toEqual([]);
    await expect(enrollmentToken(database.db, tampere, identityId)).rejects.toMatchObject({ code: "notFound" });
    await expect(deleteIdentity(database.db, tampere, identityId)).rejects.toMatchObject({ code: "notFound" });
  });

  it("rejects an identity for another organization", async () => {
    await expect(
      createIdentity(database.db, oulu, { fabricNetworkId: simulatedNetworkId, name: "sneaky", domainName: "Sneaky", organizationId: tampere.organizationId!, purpose: "domain" }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("audits identity creation and deletion", async () => {
    const spare = await createIdentity(database.db, oulu, { fabricNetworkId: simulatedNetworkId, name: "oulu-spare", domainName: "Oulu Spare", purpose: "domain" });
    await deleteIdentity(database.db, oulu, spare.id);

    const spareEntries = await listAuditEvents(database.db, { resourceType: "FabricIdentity", resourceId: spare.id, offset: 0, limit: 50 });
    expect(spareEntries.items.map((entry) => [entry.action, entry.actorId])).toEqual([
      ["delete", oulu.id],
      ["create", oulu.id],
    ]);
    const first = await listAuditEvents(database.db, { resourceType: "FabricIdentity", resourceId: identityId, offset: 0, limit: 50 });
    expect(first.items.map((entry) => entry.action)).toEqual(["create"]);
    // The rejected identity for another organization and the denied delete left no entry.
    expect((await listAuditEvents(database.db, { resourceType: "FabricIdentity", offset: 0, limit: 50 })).total).toBe(3);
  });

  it("marks the domain connected once the client enrolls", async () => {
    client = await enrollSimulated(identityId, oulu);
    await pollIdentities(database.db);

    const [identity] = await listIdentities(database.db, oulu);
    expect(identity).toMatchObject({ status: "connected", enrolled: true, online: true });
    await expect(enrollmentToken(database.db, oulu, identityId)).rejects.toMatchObject({ status: 422 });
  });

  it("marks the domain disconnected when heartbeats stop", async () => {
    await new Promise((resolve) => setTimeout(resolve, 700));
    await pollIdentities(database.db);
    expect((await listIdentities(database.db, oulu))[0]?.status).toBe("disconnected");

    expect(await heartbeat(client.identityId, client.clientSecret)).toBe(204);
    await pollIdentities(database.db);
    expect((await listIdentities(database.db, oulu))[0]?.status).toBe("connected");
  });

  it("rejects a heartbeat with a wrong secret", async () => {
    expect(await heartbeat(client.identityId, "wrong-secret")).toBe(401);
  });

  it("follows an OpenZiti identity through enrollment", async () => {
    const identity = await createIdentity(database.db, tampere, { fabricNetworkId: zitiNetworkId, name: "tampere-edge", domainName: "Tampere Edge", location: { name: "Tampere", latitude: 61.5, longitude: 23.76 }, purpose: "domain" });
    const remoteId = [...(await database.db.select().from(schema.fabricIdentity).where(eq(schema.fabricIdentity.id, identity.id)))][0]!.remoteId;
    expect(ziti.entity("identities", remoteId)).toMatchObject({ name: "tampere-edge", type: "Device" });

    ziti.enroll(remoteId);
    await pollIdentities(database.db);
    expect((await listIdentities(database.db, tampere))[0]?.status).toBe("disconnected");

    ziti.setOnline(remoteId, true);
    await pollIdentities(database.db);
    expect((await listIdentities(database.db, tampere))[0]?.status).toBe("connected");
  });
});

function kubeconfigWith(server: string, user: string) {
  return ["apiVersion: v1", "kind: Config", "clusters:", "  - name: edge", "    cluster:", `      server: ${server}`, "      insecure-skip-tls-verify: true", "users:", "  - name: admin", "    user:", user, "contexts:", "  - name: edge", "    context: { cluster: edge, user: admin }", "current-context: edge", ""].join("\n");
}

describe("step 3: clusters", () => {
  async function tampereIdentityId() {
    return (await listIdentities(database.db, tampere))[0]!.id;
  }

  it("registers a simulated cluster with its nodes", async () => {
    const ouluIdentity = (await listIdentities(database.db, oulu))[0]!;
    const cluster = await registerCluster(database.db, oulu, { name: "oulu-k8s", fabricIdentityId: ouluIdentity.id, kind: "simulated" });

    expect(cluster.version).toBe("v1.31.0-sim");
    expect(cluster.nodes).toHaveLength(3);
    expect(cluster.connection).toBe("direct");
    const [row] = await database.db.select().from(schema.domainCluster).where(eq(schema.domainCluster.id, cluster.id));
    expect(row?.fabricEntities.map((entity) => entity.kind)).toEqual(["config", "config", "service", "servicePolicy", "servicePolicy", "edgeRouterPolicy"]);
  });

  it("registers a Kubernetes cluster through the OpenZiti fabric", async () => {
    const services = ziti.count("services");
    const cluster = await registerCluster(database.db, tampere, { name: "tampere-k8s", fabricIdentityId: await tampereIdentityId(), kind: "kubernetes", kubeconfig: kubernetes.kubeconfig });

    expect(cluster.version).toBe("v1.31.0");
    expect(cluster.nodes.map((node) => node.name)).toContain("tampere-k8s-control-plane");
    expect(cluster.nodes[0]?.allocatable).toEqual({ cpu: "3800m", memory: "15Gi", pods: "110" });
    expect(ziti.count("services")).toBe(services + 1);
    expect(ziti.count("service-policies")).toBe(2);
    const [row] = await database.db.select().from(schema.domainCluster).where(eq(schema.domainCluster.id, cluster.id));
    expect(row?.sealedKubeconfig).not.toContain(kubernetes.token);
  });

  it.each([
    ["malformed", "clusters: [unclosed", /not a valid kubeconfig/],
    ["unreachable", kubeconfigWith("https://127.0.0.1:9", "      token: abc"), /cannot reach/i],
    ["exec-authenticated", kubeconfigWith("https://127.0.0.1:6443", "      exec:\n        apiVersion: client.authentication.k8s.io/v1\n        command: gke-gcloud-auth-plugin"), /exec plugin/],
  ])("rejects a %s kubeconfig and leaves no fabric service", async (name, kubeconfig, message) => {
    const clusters = await tableCount(schema.domainCluster);
    const services = ziti.count("services");

    await expect(registerCluster(database.db, tampere, { name: `bad-${name}`, fabricIdentityId: await tampereIdentityId(), kind: "kubernetes", kubeconfig })).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(message),
    });
    expect(await tableCount(schema.domainCluster)).toBe(clusters);
    expect(ziti.count("services")).toBe(services);
  });

  it("hides clusters of another organization", async () => {
    const response = await call(expansionApi.clusters.GET, { path: "/api/expansion/clusters" });
    expect(response.body).toHaveLength(2);
    await expect(registerCluster(database.db, oulu, { name: "stolen", fabricIdentityId: await tampereIdentityId(), kind: "simulated" })).rejects.toMatchObject({ status: 422 });
  });
});

describe("step 4: Domain Orchestrator as a service", () => {
  it("deploys, completes the order and peers with the new DO", async () => {
    await ensureDomainOrchestratorOffering(database.db, "http://127.0.0.1:3001");
    const [cluster] = await database.db.select().from(schema.domainCluster).where(eq(schema.domainCluster.name, "oulu-k8s"));
    const { order } = await placeServiceOrder(
      database.db,
      {
        serviceOrderItem: [
          {
            id: "1",
            action: "add",
            service: { serviceSpecification: { id: domainOrchestratorSpecificationId }, serviceCharacteristic: [{ name: "targetCluster", value: cluster!.id }, { name: "starterCatalog", value: "valencia" }] },
          },
        ],
      },
      { principal: oulu, baseUrl: "http://127.0.0.1:3001" },
    );
    expect(order.state).toBe("acknowledged");

    const deadline = Date.now() + 60_000;
    let deployment = (await database.db.select().from(schema.domainOrchestratorDeployment))[0]!;
    while (deployment.state !== "completed" && deployment.state !== "failed" && Date.now() < deadline) {
      await database.db.update(schema.domainOrchestratorDeployment).set({ nextAttemptAt: new Date() });
      await runDomainOrchestratorPass(database.db, { baseUrl: "http://127.0.0.1:3001" });
      await new Promise((resolve) => setTimeout(resolve, 150));
      deployment = (await database.db.select().from(schema.domainOrchestratorDeployment))[0]!;
    }

    expect(deployment.lastError).toBeNull();
    expect(deployment.state).toBe("completed");
    expect(deployment.domainId).toBe("oulu-harbour");
    const [stored] = await database.db.select().from(schema.serviceOrder).where(eq(schema.serviceOrder.id, order.id));
    expect(stored?.state).toBe("completed");
    const [peer] = await database.db.select().from(schema.peer).where(eq(schema.peer.id, deployment.peerId!));
    expect(peer).toMatchObject({ name: "Oulu Harbour", organizationId: oulu.organizationId, latitude: 65.01 });
    const imported = await database.db.select().from(schema.serviceSpecification).where(eq(schema.serviceSpecification.peerId, peer!.id));
    expect(imported.length).toBeGreaterThan(0);
    const doDatabase = createDatabase(withDatabase(database.url, "do_oulu_harbour"), authSchema, { maxConnections: 1 });
    try {
      const [account] = await doDatabase.select().from(authSchema.user).where(eq(authSchema.user.email, oulu.email));
      expect(account?.role).toBe("domainOwner");
    } finally {
      await doDatabase.$client.end();
    }
    const [view] = await listDeployments(database.db, oulu);
    expect(view?.portalAccount?.email).toBe(oulu.email);
    expect((await listDeployments(database.db, tampere)).length).toBe(0);
  });

  it.each([
    ["another organization's cluster", () => tampere, "oulu-k8s", /does not belong to your organization/],
    ["a cluster that runs a DO already", () => oulu, "oulu-k8s", /already runs a Domain Orchestrator/],
  ])("rejects an order for %s", async (_case, principal, clusterName, message) => {
    const [cluster] = await database.db.select().from(schema.domainCluster).where(eq(schema.domainCluster.name, clusterName));
    const orders = (await database.db.select({ total: count() }).from(schema.serviceOrder))[0]!.total;
    await expect(
      placeServiceOrder(
        database.db,
        { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: domainOrchestratorSpecificationId }, serviceCharacteristic: [{ name: "targetCluster", value: cluster!.id }] } }] },
        { principal: principal(), baseUrl: "http://127.0.0.1:3001" },
      ),
    ).rejects.toThrow(message);
    expect((await database.db.select({ total: count() }).from(schema.serviceOrder))[0]!.total).toBe(orders);
  });
});
