import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { TmfError } from "@cop-pilot/tmf-server";

// AES-256-GCM sealing of secrets kept in the database: fabric credentials,
// kubeconfigs and the credentials of ordered DOs. A sealed value is
// "v1.<iv>.<tag>.<ciphertext>", each part base64url.

const version = "v1";

/** Reads a 32-byte key written as 64 hex digits or as base64; throws on any other length. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) throw new Error("COP_PILOT_SECRET_KEY must be 32 bytes, written as 64 hex digits or base64");
  return key;
}

export function sealSecret(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [version, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** Opens a sealed value; throws when the key differs or the value was changed. */
export function openSecret(sealed: string, key: Buffer): string {
  const [prefix, iv, tag, ciphertext] = sealed.split(".");
  if (prefix !== version || iv === undefined || tag === undefined || ciphertext === undefined) throw new Error("The sealed secret has an unknown format");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

/** Returns the key from COP_PILOT_SECRET_KEY, or throws a 503 TMF error that explains how to set it. */
export function requireSecretKey(text: string | undefined): Buffer {
  if (text === undefined) {
    throw new TmfError("unavailable", "The ESO has no COP_PILOT_SECRET_KEY, so it cannot store credentials; set it to 32 random bytes (64 hex digits) and restart");
  }
  return parseSecretKey(text);
}
