import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openSecret, parseSecretKey, requireSecretKey, sealSecret } from "./secrets";

describe("secret sealing", () => {
  const key = randomBytes(32);

  it("round-trips a kubeconfig", () => {
    const sealed = sealSecret("apiVersion: v1\nkind: Config\n", key);
    expect(sealed).not.toContain("apiVersion");
    expect(openSecret(sealed, key)).toBe("apiVersion: v1\nkind: Config\n");
  });

  it("uses a new IV each time", () => {
    expect(sealSecret("same", key)).not.toBe(sealSecret("same", key));
  });

  it("rejects another key", () => {
    expect(() => openSecret(sealSecret("secret", key), randomBytes(32))).toThrow();
  });

  it("rejects a changed ciphertext", () => {
    const parts = sealSecret("secret", key).split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => openSecret(parts.join("."), key)).toThrow();
  });

  it("reads hex and base64 keys", () => {
    expect(parseSecretKey(key.toString("hex"))).toEqual(key);
    expect(parseSecretKey(key.toString("base64"))).toEqual(key);
    expect(() => parseSecretKey("too-short")).toThrow(/32 bytes/);
  });

  it("asks for a missing key", () => {
    expect(() => requireSecretKey(undefined)).toThrow(/COP_PILOT_SECRET_KEY/);
  });
});
