import { describe, expect, it } from "vitest";
import { readConfig } from "./config";

describe("readConfig", () => {
  it("uses the documented defaults", () => {
    const config = readConfig({});
    expect(config.BMP_PORT).toBe(3000);
    expect(config.ESO_PORT).toBe(3001);
    expect(config.PG_PORT).toBe(5433);
    expect(config.AVAILABILITY_CHECK_INTERVAL_MS).toBe(300_000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.domains.map((domain) => [domain.id, domain.port, domain.peered])).toEqual([
      ["lulea", 3101, true],
      ["valencia", 3102, true],
      ["central-macedonia", 3103, true],
      ["preveza", 3104, true],
      ["portugal-spain", 3105, true],
    ]);
  });

  it("runs the Data Management in the domains with data", () => {
    const defaults = readConfig({});
    expect(defaults.domains.filter((domain) => domain.dataManagement).map((domain) => domain.id)).toEqual(["valencia", "preveza", "portugal-spain"]);
    const none = readConfig({ COP_PILOT_DATA_DOMAINS: "none" });
    expect(none.domains.some((domain) => domain.dataManagement)).toBe(false);
    const lulea = readConfig({ COP_PILOT_DATA_DOMAINS: "lulea" });
    expect(lulea.domains.filter((domain) => domain.dataManagement).map((domain) => domain.id)).toEqual(["lulea"]);
  });

  it("runs data-only domains without compute", () => {
    const config = readConfig({ COP_PILOT_DATA_DOMAINS: "none", COP_PILOT_DATA_ONLY_DOMAINS: "central-macedonia" });
    const macedonia = config.domains.find((domain) => domain.id === "central-macedonia")!;
    expect(macedonia.compute).toBe(false);
    expect(macedonia.dataManagement).toBe(true);
    expect(config.domains.filter((domain) => !domain.compute)).toHaveLength(1);
  });

  it("places local DO ports after the DOs", () => {
    expect(readConfig({}).localDoPorts).toBe("3201-3220");
    expect(readConfig({ DO_PORT_BASE: "45101" }).localDoPorts).toBe("45201-45220");
    expect(readConfig({ LOCAL_DO_PORTS: "5000-5009" }).localDoPorts).toBe("5000-5009");
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(readConfig({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("selects and leaves unpeered the named domains", () => {
    const config = readConfig({ COP_PILOT_DOMAINS: "lulea,preveza", COP_PILOT_UNPEERED_DOMAINS: "preveza", DO_PORT_BASE: "4100" });
    expect(config.domains.map((domain) => [domain.id, domain.port, domain.peered])).toEqual([
      ["lulea", 4100, true],
      ["preveza", 4103, false],
    ]);
  });

  it.each([
    [{ DATABASE_URL: "not a url" }, "DATABASE_URL"],
    [{ BMP_PORT: "70000" }, "BMP_PORT"],
    [{ COP_PILOT_DOMAINS: "atlantis" }, 'Unknown domain "atlantis"'],
    [{ COP_PILOT_DATA_DOMAINS: "atlantis" }, 'Unknown domain "atlantis"'],
  ])("rejects %j", (environment, message) => {
    expect(() => readConfig(environment)).toThrowError(message);
  });
});
