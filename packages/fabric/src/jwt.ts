import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

// Enrollment tokens of the simulated fabric: JWTs with the claims an OpenZiti
// controller puts into its one-time-token enrollment JWTs (iss, sub, jti, em,
// exp), signed with HS256 instead of the controller's key.

export const enrollmentClaimsSchema = z.object({
  /** URL of the controller that issued the token. */
  iss: z.string().min(1),
  /** Id of the identity that enrolls. */
  sub: z.string().min(1),
  /** The one-time token. */
  jti: z.string().min(1),
  /** Enrollment method. */
  em: z.literal("ott"),
  /** Expiry, in seconds since the epoch. */
  exp: z.number().int(),
});
export type EnrollmentClaims = z.infer<typeof enrollmentClaimsSchema>;

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function sign(input: string, key: string): string {
  return createHmac("sha256", key).update(input).digest("base64url");
}

export function signEnrollmentJwt(claims: EnrollmentClaims, key: string): string {
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
  return `${unsigned}.${sign(unsigned, key)}`;
}

/** Reads the claims without checking the signature, for clients that only need the issuer. */
export function readEnrollmentClaims(jwt: string): EnrollmentClaims | undefined {
  const payload = jwt.trim().split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const result = enrollmentClaimsSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/** Returns the claims when the signature matches `key`; undefined for a malformed or forged token. */
export function verifyEnrollmentJwt(jwt: string, key: string): EnrollmentClaims | undefined {
  const parts = jwt.trim().split(".");
  if (parts.length !== 3) return undefined;
  const expected = Buffer.from(sign(`${parts[0]}.${parts[1]}`, key));
  const actual = Buffer.from(parts[2]!);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  return readEnrollmentClaims(jwt);
}
