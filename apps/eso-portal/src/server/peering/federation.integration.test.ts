import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopTestServer } from "@cop-pilot/db/testing";
import { peersApi } from "../admin/peers-api";
import { schema } from "../db";
import { startDoEmulator, type DoEmulator, type EmulatedSpecification } from "../testing/do-emulator";
import { call, createEsoTestDatabase, type EsoTestDatabase } from "../testing/harness";

// The availability check following a TMF-dialect DO over time: unchanged,
// changed, withdrawn and returning specifications, with the report of each
// cycle and the history of each specification.

let database: EsoTestDatabase;
let valencia: DoEmulator;
let peerId: string;
/** ESO specification id by the DO's specification id. */
const marketplaceId = new Map<string, string>();
let remoteIds: string[];

async function check() {
  const response = await call(peersApi.check.POST, { method: "POST", path: `/api/peers/${peerId}/check`, params: { id: peerId } });
  expect(response.status).toBe(200);
  return response.body as {
    report: { availability: string; unchanged: number; updated: number; removed: number; restored: number };
    updatedSpecificationIds: string[];
    removedSpecificationIds: string[];
    restoredSpecificationIds: string[];
    peer: { lastCheck: { updated: number } | null; dialect: string };
  };
}

async function copyOf(remoteId: string) {
  const [row] = await database.db.select().from(schema.serviceSpecification).where(eq(schema.serviceSpecification.id, marketplaceId.get(remoteId)!));
  return row;
}

function changeAtDo(remoteId: string, change: Partial<EmulatedSpecification>) {
  const specification = valencia.specifications.get(remoteId)!;
  valencia.specifications.set(remoteId, { ...specification, ...change, lastUpdate: new Date().toISOString() });
}

beforeAll(async () => {
  database = await createEsoTestDatabase();
  valencia = await startDoEmulator({ token: "valencia-do-token-0123456789", domainId: "valencia" });
  const peer = await call(peersApi.collection.POST, {
    method: "POST",
    path: "/api/peers",
    body: {
      name: "Valencia",
      endpoint: valencia.url,
      apiToken: valencia.token,
      location: { name: "Valencia", latitude: 39.47, longitude: -0.38 },
      organization: { name: "Valencia operator" },
    },
  });
  expect(peer.status).toBe(201);
  expect(peer.body.dialect, "a TMF DO is detected as such").toBe("tmf");
  peerId = peer.body.id;
  remoteIds = [...valencia.specifications.keys()].slice(0, 4);
  const imported = await call(peersApi.import.POST, {
    method: "POST",
    path: `/api/peers/${peerId}/import`,
    params: { id: peerId },
    body: { specificationIds: remoteIds, catalog: { name: "City services" }, category: { name: "Smart city" } },
  });
  expect(imported.status).toBe(200);
  for (const entry of imported.body.specifications) marketplaceId.set(entry.remoteId, entry.id);
});

afterAll(async () => {
  await valencia?.close();
  await database?.drop();
  await stopTestServer();
});

describe("availability check of a TMF DO", () => {
  it("reports every specification unchanged", async () => {
    const result = await check();
    expect(result.report).toEqual(expect.objectContaining({ availability: "reachable", unchanged: 4, updated: 0, removed: 0, restored: 0 }));
    expect(result.peer.lastCheck).toEqual(expect.objectContaining({ updated: 0 }));
  });

  it("updates changed characteristics in place", async () => {
    const remoteId = remoteIds[0]!;
    const before = await copyOf(remoteId);
    const characteristics = (valencia.specifications.get(remoteId)!.specCharacteristic as { name: string }[]).slice(0, 1);
    changeAtDo(remoteId, { version: "9.9", specCharacteristic: characteristics });

    const result = await check();

    expect(result.report).toEqual(expect.objectContaining({ unchanged: 3, updated: 1, removed: 0, restored: 0 }));
    expect(result.updatedSpecificationIds).toEqual([marketplaceId.get(remoteId)]);
    const after = await copyOf(remoteId);
    expect(after!.id).toBe(before!.id);
    expect(after!.href).toBe(before!.href);
    expect(after!.version).toBe("9.9");
    expect(after!.document.specCharacteristic).toEqual(characteristics);
    expect(after!.document.category, "categories of the copy are kept").toEqual(before!.document.category);

    const history = await database.db.select().from(schema.federatedSpecificationChange).where(eq(schema.federatedSpecificationChange.serviceSpecificationId, before!.id));
    expect(history).toEqual([expect.objectContaining({ change: "updated", fromVersion: before!.version, toVersion: "9.9", changedAttributes: ["specCharacteristic", "version"] })]);
  });

  it("fetches only the specifications whose entry changed", async () => {
    const remoteId = remoteIds[1]!;
    changeAtDo(remoteId, { name: "Renamed by the DO" });
    const fetched: string[] = [];
    const original = valencia.specifications.get.bind(valencia.specifications);
    valencia.specifications.get = (id: string) => {
      fetched.push(id);
      return original(id);
    };
    try {
      const result = await check();
      expect(result.report.updated).toBe(1);
    } finally {
      valencia.specifications.get = original;
    }
    expect(fetched).toEqual([remoteId]);
    expect((await copyOf(remoteId))!.name).toBe("Renamed by the DO");
  });

  it("counts a new lastUpdate without new content as unchanged", async () => {
    changeAtDo(remoteIds[2]!, {});
    const result = await check();
    expect(result.report).toEqual(expect.objectContaining({ unchanged: 4, updated: 0 }));
  });

  it("removes and restores with the same id and the changes", async () => {
    const remoteId = remoteIds[0]!;
    const specification = valencia.specifications.get(remoteId)!;
    valencia.removeSpecification(remoteId);

    const removed = await check();
    expect(removed.report).toEqual(expect.objectContaining({ unchanged: 3, removed: 1 }));
    expect(await copyOf(remoteId)).toBeUndefined();

    valencia.specifications.set(remoteId, { ...specification, description: "Back with a new description", lastUpdate: new Date().toISOString() });
    const restored = await check();
    expect(restored.report).toEqual(expect.objectContaining({ unchanged: 3, restored: 1, removed: 0, updated: 0 }));
    expect(restored.restoredSpecificationIds).toEqual([marketplaceId.get(remoteId)]);
    const copy = await copyOf(remoteId);
    expect(copy!.document.description).toBe("Back with a new description");
    expect(copy!.version).toBe("9.9");

    const changes = await database.db.select().from(schema.federatedSpecificationChange).where(eq(schema.federatedSpecificationChange.serviceSpecificationId, copy!.id));
    expect(changes.map((change) => change.change)).toEqual(["updated", "removed", "restored"]);

    expect((await check()).report).toEqual(expect.objectContaining({ unchanged: 4, updated: 0, restored: 0 }));
  });

  it("reports an unreachable DO and keeps the last reports", async () => {
    valencia.available = false;
    try {
      const result = await check();
      expect(result.report).toEqual(expect.objectContaining({ availability: "unreachable", removed: 4, unchanged: 0 }));
    } finally {
      valencia.available = true;
    }
    expect((await check()).report).toEqual(expect.objectContaining({ availability: "reachable", restored: 4 }));
    const reports = await database.db.select().from(schema.peerCheck).where(eq(schema.peerCheck.peerId, peerId));
    expect(reports.length).toBeGreaterThanOrEqual(8);
  });
});
