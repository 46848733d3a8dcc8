import { createServer, type Server } from "node:http";

/** A server on 127.0.0.1 that records the JSON posted to it and serves a JSON document to GET, for tests of notifications and pulls. */
export interface RecordingServer {
  url: string;
  /** Bodies received by POST, in order. */
  received: unknown[];
  /** Document returned to GET; tests replace it between pulls. */
  document: unknown;
  /** Status returned to every request. */
  status: number;
  /** Resolves once at least `count` bodies have been received, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<unknown[]>;
  close(): Promise<void>;
}

export async function startRecordingServer(): Promise<RecordingServer> {
  let server: Server;
  const state: Omit<RecordingServer, "url" | "waitFor" | "close"> = { received: [], document: [], status: 200 };
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method === "POST") state.received.push(JSON.parse(Buffer.concat(chunks).toString("utf8") || "null"));
      response.writeHead(state.status, { "content-type": "application/json" });
      response.end(request.method === "GET" ? JSON.stringify(state.document) : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("The recording server has no TCP address");
  return Object.assign(state, {
    url: `http://127.0.0.1:${address.port}`,
    async waitFor(count: number, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (state.received.length < count) {
        if (Date.now() > deadline) throw new Error(`Expected ${count} request(s) within ${timeoutMs} ms; received ${state.received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return state.received;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  });
}
