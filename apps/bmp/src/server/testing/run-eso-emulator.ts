import { parseArgs } from "node:util";
import { startEsoEmulator } from "./eso-emulator";

// Runs the ESO emulator on its own, for trying the BMP by hand:
//   node --import tsx apps/bmp/src/server/testing/run-eso-emulator.ts --port 39811 --token <ESO_API_TOKEN>
// Orders move to inProgress after 1 s and complete after 4 s; orders of the
// specifications named with --fail fail instead.

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    token: { type: "string" },
    fail: { type: "string", multiple: true, default: [] },
  },
});

if (!values.token || values.token.length < 16) {
  console.error("Give the token the BMP sends as ESO_API_TOKEN with --token (at least 16 characters)");
  process.exit(2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a TCP port number, got "${values.port}"`);
  process.exit(2);
}

const emulator = await startEsoEmulator({
  token: values.token,
  port,
  autoProgress: { inProgressAfterMs: 1000, completeAfterMs: 4000, failSpecificationNames: values.fail },
});
console.log(`ESO emulator listening on ${emulator.url} with ${emulator.specifications.length} service specifications`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
