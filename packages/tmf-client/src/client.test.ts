import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseTraceparent, startSpan, withTrace } from "@cop-pilot/logger/trace";
import { TmfClient } from "./client";

/** Creates a client whose fetch records the headers of each request instead of sending it. */
function recordingClient() {
  const sent: Headers[] = [];
  const client = new TmfClient({
    baseUrl: "http://127.0.0.1:9",
    token: "token",
    fetch: async (_url, init) => {
      sent.push(new Headers(init?.headers));
      return Response.json({ id: "1" });
    },
  });
  return { client, sent };
}

describe("TmfClient trace propagation", () => {
  it("sends the current span as traceparent", async () => {
    const { client, sent } = recordingClient();
    const span = startSpan();
    await withTrace(span, () => client.get("/x", z.object({ id: z.string() })));
    expect(parseTraceparent(sent[0]!.get("traceparent"))).toEqual(span);
  });

  it("sends no traceparent outside a trace", async () => {
    const { client, sent } = recordingClient();
    await client.get("/x", z.object({ id: z.string() }));
    expect(sent[0]!.has("traceparent")).toBe(false);
  });
});
