import { describe, expect, it } from "vitest";
import { endpointProblem, endpointSchema } from "./endpoints";

describe("endpoint validation", () => {
  it.each([
    ["https://ziti.example.test:1280", undefined],
    ["http://127.0.0.1:45501", undefined],
    ["http://[::1]:6443", undefined],
    ["https://10.0.0.5:6443", undefined],
  ])("accepts %s", (endpoint, expected) => {
    expect(endpointProblem(endpoint)).toBe(expected);
  });

  it.each([
    ["ftp://ziti.example.test", /http or https/],
    ["not a url", /absolute/],
    ["http://169.254.169.254/latest", /link-local or cloud metadata/],
    ["http://2852039166/", /link-local or cloud metadata/],
    ["http://[fe80::1]:8080", /link-local or cloud metadata/],
    ["http://[::ffff:169.254.169.254]/", /link-local or cloud metadata/],
    ["http://metadata.google.internal/computeMetadata", /link-local or cloud metadata/],
    ["http://100.100.100.200/", /link-local or cloud metadata/],
    ["http://[fd00:ec2::254]/", /link-local or cloud metadata/],
    ["https://admin:secret@ziti.example.test", /credentials/],
    ["https://ziti.example.test/?a=1", /query/],
  ])("rejects %s", (endpoint, message) => {
    expect(endpointProblem(endpoint)).toMatch(message);
  });

  it("drops trailing slashes", () => {
    expect(endpointSchema.parse("https://ziti.example.test:1280/")).toBe("https://ziti.example.test:1280");
  });
});
