import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopTestServer } from "@cop-pilot/db/testing";
import { listAuditEvents } from "@cop-pilot/tmf-server";
import { peersApi } from "../admin/peers-api";
import { schema } from "../db";
import { startDoEmulator, type DoEmulator } from "../testing/do-emulator";
import { call, countRows, createEsoTestDatabase, type EsoTestDatabase } from "../testing/harness";
import { checkAllPeers } from "./availability";
import { listSimulatedPeerNames } from "./peers";

const doToken = "lulea-do-token-0123456789";
let database: EsoTestDatabase;
let lulea: DoEmulator;
let valencia: DoEmulator;

function peerBody(emulator: DoEmulator, overrides: Record<string, unknown> = {}) {
  return {
    name: `DO ${emulator.port}`,
    endpoint: emulator.url,
    apiToken: emulator.token,
    location: { name: "Luleå", latitude: 65.58, longitude: 22.15 },
    organization: { name: `Operator of ${emulator.port}` },
    ...overrides,
  };
}

async function addPeer(emulator: DoEmulator) {
  const response = await call(peersApi.collection.POST, { method: "POST", path: "/api/peers", body: peerBody(emulator) });
  expect(response.status).toBe(201);
  return response.body as { id: string; organization: { id: string } };
}

function importBody(specificationIds: string[], catalog: object, category: object) {
  return { specificationIds, catalog, category };
}

async function importInto(peerId: string, body: object) {
  return call(peersApi.import.POST, { method: "POST", path: `/api/peers/${peerId}/import`, params: { id: peerId }, body });
}

async function marketplaceOf(peerId: string) {
  return database.db.select().from(schema.serviceSpecification).where(eq(schema.serviceSpecification.peerId, peerId));
}

beforeAll(async () => {
  database = await createEsoTestDatabase();
  lulea = await startDoEmulator({ token: doToken, domainId: "lulea" });
  valencia = await startDoEmulator({ token: "valencia-do-token-0123456789", domainId: "valencia" });
});

afterAll(async () => {
  await lulea?.close();
  await valencia?.close();
  await database?.drop();
  await stopTestServer();
});

describe("adding a peer", () => {
  it("peers with a DO and never returns the token", async () => {
    const response = await call(peersApi.collection.POST, { method: "POST", path: "/api/peers", body: peerBody(lulea) });

    expect(response.status).toBe(201);
    expect(response.body.availability).toBe("reachable");
    expect(response.body.endpoint).toBe(lulea.url);
    expect(response.body.organization.name).toBe(`Operator of ${lulea.port}`);
    expect(JSON.stringify(response.body)).not.toContain(doToken);

    const list = await call(peersApi.collection.GET, { path: "/api/peers" });
    expect(list.status).toBe(200);
    expect(list.body.map((peer: { id: string }) => peer.id)).toContain(response.body.id);
    expect(JSON.stringify(list.body)).not.toContain(doToken);

    const [organization] = await database.db.select().from(schema.organization).where(eq(schema.organization.id, response.body.organization.id));
    expect(organization?.document.organizationType).toBe("DomainOrchestratorOperator");
  });

  it("rejects a wrong token and saves nothing", async () => {
    const before = await countRows(database.db);
    const response = await call(peersApi.collection.POST, { method: "POST", path: "/api/peers", body: peerBody(valencia, { apiToken: "wrong-token" }) });

    expect(response.status).toBe(422);
    expect(response.body.code).toBe("unprocessable");
    expect(response.body.message).toContain("rejected the credentials");
    expect(await countRows(database.db)).toEqual(before);
  });

  it("rejects an unreachable DO and saves nothing", async () => {
    const closed = await startDoEmulator({ token: doToken });
    const endpoint = closed.url;
    await closed.close();
    const before = await countRows(database.db);

    const response = await call(peersApi.collection.POST, { method: "POST", path: "/api/peers", body: peerBody(valencia, { endpoint }) });

    expect(response.status).toBe(422);
    expect(response.body.message).toContain(`could not reach the DO at ${endpoint}`);
    expect(await countRows(database.db)).toEqual(before);
  });

  it("reuses an existing organization", async () => {
    const [organization] = await database.db.select().from(schema.organization).limit(1);
    const response = await call(peersApi.collection.POST, {
      method: "POST",
      path: "/api/peers",
      body: peerBody(valencia, { organization: { id: organization!.id } }),
    });
    expect(response.status).toBe(201);
    expect(response.body.organization.id).toBe(organization!.id);
    await call(peersApi.item.DELETE, { method: "DELETE", path: `/api/peers/${response.body.id}`, params: { id: response.body.id } });
  });

  it("rejects a second peer with the same endpoint", async () => {
    const before = await countRows(database.db);
    const response = await call(peersApi.collection.POST, { method: "POST", path: "/api/peers", body: peerBody(lulea) });
    expect(response.status).toBe(409);
    expect(await countRows(database.db)).toEqual(before);
  });
});

describe("importing specifications", () => {
  let peerId: string;
  const [first, second, third] = ["lulea-bemis-multi-sensing-seismic-processing", "lulea-bemis-auto-scaling-seismic-processing", "lulea-bemis-multi-sensing-seismic-processing"];

  beforeAll(async () => {
    const peers = await call(peersApi.collection.GET, { path: "/api/peers" });
    peerId = peers.body.find((peer: { endpoint: string }) => peer.endpoint === lulea.url).id;
  });

  it("lists the DO's specifications live", async () => {
    const response = await call(peersApi.specifications.GET, { path: `/api/peers/${peerId}/specifications`, params: { id: peerId } });
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(lulea.specifications.size);
    expect(response.body.every((entry: { importedAs: string | null }) => entry.importedAs === null)).toBe(true);
  });

  it("imports into a new catalogue and category", async () => {
    const response = await importInto(peerId, importBody([first!, second!], { name: "Mining services" }, { name: "Seismic processing", description: "Seismic monitoring" }));

    expect(response.status).toBe(200);
    expect(response.body.specifications).toHaveLength(2);
    expect(response.body.specifications.every((entry: { created: boolean }) => entry.created)).toBe(true);

    const [catalog] = await database.db.select().from(schema.serviceCatalog).where(eq(schema.serviceCatalog.id, response.body.catalog.id));
    expect(catalog?.document.category).toEqual([expect.objectContaining({ id: response.body.category.id })]);

    const copies = await marketplaceOf(peerId);
    expect(copies.map((row) => row.remoteId).sort()).toEqual([first, second].sort());
    const copy = copies.find((row) => row.remoteId === first)!;
    expect(copy.id).not.toBe(first);
    expect(copy.href).toBe(`http://127.0.0.1:3001/tmf-api/serviceCatalogManagement/v4/serviceSpecification/${copy.id}`);
    expect(copy.document.category).toEqual([expect.objectContaining({ id: response.body.category.id, name: "Seismic processing" })]);
    expect(copy.document.relatedParty).toEqual([expect.objectContaining({ role: "Owner", "@referredType": "Organization" })]);
    expect(copy.document.domain).toEqual(expect.objectContaining({ id: peerId, remoteId: first, location: expect.objectContaining({ name: "Luleå" }) }));
    expect((copy.document.specCharacteristic as unknown[]).length).toBeGreaterThan(0);

    const listed = await call(peersApi.specifications.GET, { path: `/api/peers/${peerId}/specifications`, params: { id: peerId } });
    expect(listed.body.filter((entry: { importedAs: string | null }) => entry.importedAs !== null)).toHaveLength(2);

    const audit = await listAuditEvents(database.db, { action: "import", offset: 0, limit: 50 });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ actorKind: "apiClient", resourceType: "ServiceCatalog", resourceId: response.body.catalog.id, detail: { peerId } });
    const imported = (audit.items[0]!.detail as { specifications: { remoteId: string }[] }).specifications.map((entry) => entry.remoteId);
    expect(imported.sort()).toEqual([first, second].sort());
  });

  it("imports into an existing catalogue and category", async () => {
    const [catalog] = await database.db.select().from(schema.serviceCatalog).limit(1);
    const [category] = await database.db.select().from(schema.serviceCategory).limit(1);
    const remoteId = [...lulea.specifications.keys()].find((id) => id !== first && id !== second)!;

    const response = await importInto(peerId, importBody([remoteId], { id: catalog!.id }, { id: category!.id }));

    expect(response.status).toBe(200);
    expect(response.body.catalog.id).toBe(catalog!.id);
    expect(response.body.specifications[0].created).toBe(true);
    expect(await database.db.select().from(schema.serviceCatalog)).toHaveLength(1);
  });

  it("adds the category to an already imported specification", async () => {
    const before = (await marketplaceOf(peerId)).length;
    const response = await importInto(peerId, importBody([third!], { name: "Second catalogue" }, { name: "Featured" }));

    expect(response.status).toBe(200);
    expect(response.body.specifications[0].created).toBe(false);
    const copies = await marketplaceOf(peerId);
    expect(copies).toHaveLength(before);
    const copy = copies.find((row) => row.remoteId === third)!;
    expect((copy.document.category as { name: string }[]).map((category) => category.name).sort()).toEqual(["Featured", "Seismic processing"]);
    const imports = await database.db.select().from(schema.peerImport).where(eq(schema.peerImport.remoteId, third!));
    expect(imports).toHaveLength(2);
  });

  it("rejects a specification the DO does not have and saves nothing", async () => {
    const before = await countRows(database.db);
    const importsBefore = (await listAuditEvents(database.db, { action: "import", offset: 0, limit: 1 })).total;
    const response = await importInto(peerId, importBody(["no-such-spec"], { name: "Never" }, { name: "Never" }));
    expect(response.status).toBe(422);
    expect(response.body.message).toContain("no-such-spec");
    expect(await countRows(database.db)).toEqual(before);
    expect((await listAuditEvents(database.db, { action: "import", offset: 0, limit: 1 })).total).toBe(importsBefore);
  });
});

describe("availability check", () => {
  it("removes a specification that vanished from the DO", async () => {
    const [peer] = await database.db.select().from(schema.peer).where(eq(schema.peer.endpoint, lulea.url));
    const copies = await marketplaceOf(peer!.id);
    const vanished = copies[0]!;
    const spec = lulea.specifications.get(vanished.remoteId!)!;
    lulea.removeSpecification(vanished.remoteId!);

    const response = await call(peersApi.check.POST, { method: "POST", path: `/api/peers/${peer!.id}/check`, params: { id: peer!.id } });

    expect(response.status).toBe(200);
    expect(response.body.peer.availability).toBe("reachable");
    expect(response.body.removedSpecificationIds).toEqual([vanished.id]);
    expect((await marketplaceOf(peer!.id)).map((row) => row.id)).not.toContain(vanished.id);
    expect(await database.db.select().from(schema.peerImport).where(eq(schema.peerImport.remoteId, vanished.remoteId!))).not.toHaveLength(0);
    lulea.specifications.set(spec.id, spec);
  });

  it("removes every specification of an unreachable peer and keeps the import records", async () => {
    const [peer] = await database.db.select().from(schema.peer).where(eq(schema.peer.endpoint, lulea.url));
    const importsBefore = await database.db.select().from(schema.peerImport).where(eq(schema.peerImport.peerId, peer!.id));
    lulea.available = false;
    try {
      await checkAllPeers(database.db);
    } finally {
      lulea.available = true;
    }

    const [after] = await database.db.select().from(schema.peer).where(eq(schema.peer.id, peer!.id));
    expect(after?.availability).toBe("unreachable");
    expect(after?.lastError).toContain("could not reach");
    expect(after?.lastCheckedAt).not.toBeNull();
    expect(await marketplaceOf(peer!.id)).toHaveLength(0);
    expect(await database.db.select().from(schema.peerImport).where(eq(schema.peerImport.peerId, peer!.id))).toHaveLength(importsBefore.length);

    await checkAllPeers(database.db);
    const [back] = await database.db.select().from(schema.peer).where(eq(schema.peer.id, peer!.id));
    expect(back?.availability).toBe("reachable");
    expect(back?.lastError).toBeNull();
  });

  it("restores the specifications of a returning DO with their ids", async () => {
    const [peer] = await database.db.select().from(schema.peer).where(eq(schema.peer.endpoint, lulea.url));
    const records = await database.db.select().from(schema.peerImport).where(eq(schema.peerImport.peerId, peer!.id));
    const restored = await marketplaceOf(peer!.id);

    expect(restored.length).toBeGreaterThan(0);
    expect(new Set(restored.map((row) => row.remoteId))).toEqual(new Set(records.map((record) => record.remoteId)));
    for (const row of restored) {
      const categories = (row.document.category as { id: string }[]).map((ref) => ref.id).sort();
      const recorded = records.filter((record) => record.remoteId === row.remoteId).map((record) => record.categoryId).sort();
      expect(categories, `categories of ${row.name}`).toEqual(recorded);
    }

    lulea.available = false;
    try {
      await checkAllPeers(database.db);
    } finally {
      lulea.available = true;
    }
    expect(await marketplaceOf(peer!.id)).toHaveLength(0);
    await checkAllPeers(database.db);

    const again = await marketplaceOf(peer!.id);
    expect(again.map((row) => row.id).sort(), "a returning specification keeps its marketplace id").toEqual(restored.map((row) => row.id).sort());
    expect(again.map((row) => row.document.href).sort()).toEqual(restored.map((row) => row.document.href).sort());
    const restores = await listAuditEvents(database.db, { action: "import", actor: "availability check", offset: 0, limit: 50 });
    expect(restores.items.length).toBeGreaterThan(0);
    for (const entry of restores.items) expect(entry).toMatchObject({ actorKind: "system", actorId: "availability check" });
  });
});

describe("removing a peer", () => {
  it("takes its specifications out of the marketplace", async () => {
    const peer = await addPeer(valencia);
    const remoteId = [...valencia.specifications.keys()][0]!;
    expect((await importInto(peer.id, importBody([remoteId], { name: "Cities" }, { name: "Traffic" }))).status).toBe(200);

    const response = await call(peersApi.item.DELETE, { method: "DELETE", path: `/api/peers/${peer.id}`, params: { id: peer.id } });

    expect(response.status).toBe(204);
    expect(await marketplaceOf(peer.id)).toHaveLength(0);
    expect(await database.db.select().from(schema.peer).where(eq(schema.peer.id, peer.id))).toHaveLength(0);
    expect(await database.db.select().from(schema.peerImport).where(eq(schema.peerImport.peerId, peer.id))).toHaveLength(0);
  });
});

describe("cluster kind", () => {
  const started: DoEmulator[] = [];

  async function emulatorWith(clusterKind: "simulated" | "kubernetes" | null) {
    const emulator = await startDoEmulator({ token: `cluster-${started.length}-token-0123456789`, domainId: "preveza", clusterKind });
    started.push(emulator);
    return emulator;
  }

  async function check(peerId: string) {
    const response = await call(peersApi.check.POST, { method: "POST", path: `/api/peers/${peerId}/check`, params: { id: peerId } });
    expect(response.status).toBe(200);
    return response.body.peer as { availability: string; clusterKind: string | null; name: string };
  }

  afterAll(async () => {
    for (const emulator of started) await emulator.close();
  });

  it("stores a simulated cluster at peering", async () => {
    const emulator = await emulatorWith("simulated");
    const response = await call(peersApi.collection.POST, { method: "POST", path: "/api/peers", body: peerBody(emulator) });

    expect(response.status).toBe(201);
    expect(response.body.clusterKind).toBe("simulated");
    expect(await listSimulatedPeerNames(database.db)).toContain(response.body.name);
  });

  it("follows a DO that changes its cluster", async () => {
    const emulator = await emulatorWith("kubernetes");
    const peer = await addPeer(emulator);
    const name = `DO ${emulator.port}`;
    expect((await call(peersApi.item.GET, { path: `/api/peers/${peer.id}`, params: { id: peer.id } })).body.clusterKind).toBe("kubernetes");
    expect(await listSimulatedPeerNames(database.db)).not.toContain(name);

    emulator.clusterKind = "simulated";
    expect((await check(peer.id)).clusterKind).toBe("simulated");
    expect(await listSimulatedPeerNames(database.db)).toContain(name);
  });

  it("leaves the kind unknown for a DO without TMF639", async () => {
    const emulator = await emulatorWith(null);
    const response = await call(peersApi.collection.POST, { method: "POST", path: "/api/peers", body: peerBody(emulator) });

    expect(response.status).toBe(201);
    expect(response.body.clusterKind).toBeNull();
    expect(await listSimulatedPeerNames(database.db)).not.toContain(response.body.name);
  });

  it("keeps the kind of an unreachable DO out of the notice", async () => {
    const emulator = await emulatorWith("simulated");
    const peer = await addPeer(emulator);
    const name = `DO ${emulator.port}`;
    emulator.available = false;
    try {
      const unreachable = await check(peer.id);
      expect(unreachable.availability).toBe("unreachable");
      expect(unreachable.clusterKind).toBe("simulated");
      expect(await listSimulatedPeerNames(database.db)).not.toContain(name);
    } finally {
      emulator.available = true;
    }
    expect((await check(peer.id)).availability).toBe("reachable");
    expect(await listSimulatedPeerNames(database.db)).toContain(name);
  });
});
