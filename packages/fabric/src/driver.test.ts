import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FabricDriver } from "./driver";
import { startZitiEmulator, type ZitiEmulator } from "./emulator";
import { FabricError } from "./errors";
import { readEnrollmentClaims } from "./jwt";
import { createMemoryFabricStore, createSimulatedFabric, type SimulatedFabric } from "./simulated";
import { createZitiFabric } from "./ziti";

const silent = { info() {}, warn() {} };

interface Target {
  name: string;
  setUp(): Promise<{ driver: FabricDriver; enroll?: (id: string, jwt: string) => Promise<void>; setOnline?: (id: string, online: boolean) => Promise<void> }>;
  tearDown(): Promise<void>;
}

let emulator: ZitiEmulator | undefined;
let simulated: SimulatedFabric | undefined;
const clientSecrets = new Map<string, string>();

const targets: Target[] = [
  {
    name: "OpenZiti driver on the emulator",
    async setUp() {
      emulator = await startZitiEmulator();
      const driver = createZitiFabric({ controllerUrl: emulator.url, username: emulator.username, password: emulator.password, ca: emulator.ca, logger: silent });
      return {
        driver,
        enroll: async (id) => emulator!.enroll(id),
        setOnline: async (id, online) => emulator!.setOnline(id, online),
      };
    },
    tearDown: async () => emulator?.close(),
  },
  {
    name: "simulated fabric",
    async setUp() {
      simulated = createSimulatedFabric({ store: createMemoryFabricStore(), issuer: "http://127.0.0.1:3001/api/fabric/simulated", username: "eso", password: "secret", account: { username: "eso", password: "secret" }, heartbeatTimeoutMs: 200, logger: silent });
      return {
        driver: simulated,
        enroll: async (_id, jwt) => {
          const { identityId, clientSecret } = await simulated!.enroll(jwt);
          clientSecrets.set(identityId, clientSecret);
        },
        setOnline: async (id, online) => {
          if (online) await simulated!.heartbeat(id, clientSecrets.get(id)!);
          else await simulated!.disconnect(id, clientSecrets.get(id)!);
        },
      };
    },
    tearDown: async () => {},
  },
];

// The same checks run against a real controller when these variables point at one.
const real = { url: process.env.ZITI_TEST_CONTROLLER_URL, username: process.env.ZITI_TEST_USERNAME, password: process.env.ZITI_TEST_PASSWORD, ca: process.env.ZITI_TEST_CA };
if (real.url && real.username && real.password) {
  targets.push({
    name: "OpenZiti driver on the controller at ZITI_TEST_CONTROLLER_URL",
    setUp: async () => ({ driver: createZitiFabric({ controllerUrl: real.url!, username: real.username!, password: real.password!, ca: real.ca, logger: silent }) }),
    tearDown: async () => {},
  });
}

describe.each(targets)("$name", (target) => {
  let driver: FabricDriver;
  let enroll: ((id: string, jwt: string) => Promise<void>) | undefined;
  let setOnline: ((id: string, online: boolean) => Promise<void>) | undefined;
  const suffix = Date.now().toString(36);

  beforeAll(async () => {
    ({ driver, enroll, setOnline } = await target.setUp());
  });
  afterAll(async () => {
    await target.tearDown();
  });

  it("authenticates with the credentials", async () => {
    await expect(driver.authenticate()).resolves.toBeUndefined();
  });

  it("creates an identity pending enrollment", async () => {
    const identity = await driver.createIdentity({ name: `domain-a-${suffix}`, roleAttributes: ["cop-pilot-domain"] });

    expect(identity.name).toBe(`domain-a-${suffix}`);
    expect(identity.roleAttributes).toEqual(["cop-pilot-domain"]);
    expect(identity.enrolled).toBe(false);
    expect(identity.online).toBe(false);
    expect((await driver.listIdentities()).map((entry) => entry.id)).toContain(identity.id);
    await driver.deleteIdentity(identity.id);
  });

  it("tracks enrollment and online status", async () => {
    const identity = await driver.createIdentity({ name: `domain-b-${suffix}` });
    const jwt = await driver.getEnrollmentJwt(identity.id);
    expect(readEnrollmentClaims(jwt)?.sub).toBe(identity.id);
    if (!enroll || !setOnline) return;

    await enroll(identity.id, jwt);
    await setOnline(identity.id, true);
    expect(await driver.getIdentity(identity.id)).toMatchObject({ enrolled: true, online: true });
    await expect(driver.getEnrollmentJwt(identity.id)).rejects.toMatchObject({ code: "conflict" });

    await setOnline(identity.id, false);
    expect(await driver.getIdentity(identity.id)).toMatchObject({ enrolled: true, online: false });
    await driver.deleteIdentity(identity.id);
  });

  it("returns undefined for an unknown identity", async () => {
    expect(await driver.getIdentity("no-such-identity")).toBeUndefined();
    await expect(driver.deleteIdentity("no-such-identity")).resolves.toBeUndefined();
  });

  it("creates configs, a service and policies", async () => {
    const host = await driver.createConfig({ name: `k8s-host-${suffix}`, type: "host.v1", data: { protocol: "tcp", address: "127.0.0.1", port: 6443 } });
    const intercept = await driver.createConfig({
      name: `k8s-intercept-${suffix}`,
      type: "intercept.v1",
      data: { protocols: ["tcp"], addresses: ["k8s.domain-c.ziti"], portRanges: [{ low: 443, high: 443 }] },
    });
    const service = await driver.createService({ name: `k8s-api-${suffix}`, configIds: [host, intercept], roleAttributes: ["k8s-api"] });
    const bind = await driver.createServicePolicy({ name: `bind-${suffix}`, type: "Bind", serviceRoles: [`@${service}`], identityRoles: ["#domain-c"] });
    const dial = await driver.createServicePolicy({ name: `dial-${suffix}`, type: "Dial", serviceRoles: [`@${service}`], identityRoles: ["#eso"] });
    const routers = await driver.createEdgeRouterPolicy({ name: `routers-${suffix}`, edgeRouterRoles: ["#all"], identityRoles: ["#domain-c"] });

    if (emulator && driver.kind === "ziti" && !real.url) {
      expect(emulator.entity("services", service)).toMatchObject({ configs: [host, intercept], encryptionRequired: true });
      expect(emulator.entity("service-policies", bind)).toMatchObject({ type: "Bind", semantic: "AnyOf", identityRoles: ["#domain-c"] });
      expect(emulator.entity("edge-router-policies", routers)).toMatchObject({ edgeRouterRoles: ["#all"] });
    }
    for (const [kind, id] of [["servicePolicy", bind], ["servicePolicy", dial], ["edgeRouterPolicy", routers], ["service", service], ["config", host], ["config", intercept]] as const) {
      await driver.deleteEntity(kind, id);
    }
  });

  it("rejects an invalid host.v1 config", async () => {
    await expect(driver.createConfig({ name: "bad", type: "host.v1", data: { protocol: "tcp", address: "", port: 0 } })).rejects.toBeInstanceOf(FabricError);
  });
});

describe("OpenZiti driver errors", () => {
  let local: ZitiEmulator;
  beforeAll(async () => {
    local = await startZitiEmulator({ tls: false });
  });
  afterAll(async () => {
    await local.close();
  });

  it("rejects wrong credentials", async () => {
    const driver = createZitiFabric({ controllerUrl: local.url, username: local.username, password: "wrong", logger: silent });
    await expect(driver.authenticate()).rejects.toMatchObject({ code: "unauthorized", httpStatus: 401 });
  });

  it("signs in again after the session expired", async () => {
    const driver = createZitiFabric({ controllerUrl: local.url, username: local.username, password: local.password, logger: silent });
    await driver.listIdentities();
    local.expireSessions();
    await expect(driver.listIdentities()).resolves.toBeInstanceOf(Array);
  });

  it("reports an unreachable controller", async () => {
    const driver = createZitiFabric({ controllerUrl: "http://127.0.0.1:9", username: "a", password: "b", logger: silent });
    await expect(driver.authenticate()).rejects.toMatchObject({ code: "unreachable" });
  });

  it("rejects a TLS certificate from an unknown CA", async () => {
    const tlsEmulator = await startZitiEmulator();
    try {
      const driver = createZitiFabric({ controllerUrl: tlsEmulator.url, username: tlsEmulator.username, password: tlsEmulator.password, logger: silent });
      await expect(driver.authenticate()).rejects.toMatchObject({ code: "unreachable" });
    } finally {
      await tlsEmulator.close();
    }
  });
});

describe("simulated fabric enrollment", () => {
  it("rejects wrong credentials", async () => {
    const fabric = createSimulatedFabric({ store: createMemoryFabricStore(), issuer: "http://127.0.0.1:3001/api/fabric/simulated", username: "eso", password: "wrong", account: { username: "eso", password: "x" }, logger: silent });
    await expect(fabric.authenticate()).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("rejects a forged or reused token", async () => {
    const fabric = createSimulatedFabric({ store: createMemoryFabricStore(), issuer: "http://127.0.0.1:3001/api/fabric/simulated", username: "eso", password: "x", account: { username: "eso", password: "x" }, logger: silent });
    const identity = await fabric.createIdentity({ name: "domain-d" });
    const jwt = await fabric.getEnrollmentJwt(identity.id);
    const forged = `${jwt.split(".").slice(0, 2).join(".")}.AAAA`;

    await expect(fabric.enroll(forged)).rejects.toMatchObject({ code: "unauthorized" });
    await fabric.enroll(jwt);
    await expect(fabric.enroll(jwt)).rejects.toMatchObject({ code: "conflict" });
  });

  it("goes offline when heartbeats stop", async () => {
    const fabric = createSimulatedFabric({ store: createMemoryFabricStore(), issuer: "http://127.0.0.1:3001/api/fabric/simulated", username: "eso", password: "x", account: { username: "eso", password: "x" }, heartbeatTimeoutMs: 50, logger: silent });
    const identity = await fabric.createIdentity({ name: "domain-e" });
    const { clientSecret } = await fabric.enroll(await fabric.getEnrollmentJwt(identity.id));
    await fabric.heartbeat(identity.id, clientSecret);
    expect((await fabric.getIdentity(identity.id))?.online).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await fabric.getIdentity(identity.id))?.online).toBe(false);
    await expect(fabric.heartbeat(identity.id, "wrong-secret")).rejects.toMatchObject({ code: "unauthorized" });
  });
});
