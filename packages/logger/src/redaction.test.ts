import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { redactPaths } from "./index";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: pino({ redact: { paths: redactPaths, censor: "[redacted]" } }, stream), lines };
}

const secret = "s3cr3t-value-0123456789";

describe("log redaction", () => {
  const cases: [string, Record<string, unknown>][] = [
    ["a password", { password: secret }],
    ["a nested API token", { peer: { apiToken: secret } }],
    ["a token two levels down", { request: { body: { token: secret } } }],
    ["an Authorization header", { headers: { authorization: `Bearer ${secret}` } }],
    ["a request's cookie header", { req: { headers: { cookie: `cop-bmp.session_token=${secret}` } } }],
    ["a kubeconfig", { cluster: { kubeconfig: `token: ${secret}` } }],
    ["an enrollment JWT", { identity: { enrollmentToken: secret, jwt: secret } }],
    ["a client secret", { oauth: { clientSecret: secret } }],
  ];

  for (const [name, object] of cases) {
    it(`hides ${name}`, () => {
      const { log, lines } = capture();
      log.info(object, "event");
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toContain(secret);
      expect(lines[0]).toContain("[redacted]");
    });
  }

  it("keeps other fields", () => {
    const { log, lines } = capture();
    log.info({ peer: { id: "peer-1", apiToken: secret } }, "event");
    expect(JSON.parse(lines[0]!).peer).toEqual({ id: "peer-1", apiToken: "[redacted]" });
  });
});
