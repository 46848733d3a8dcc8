import { parseArgs } from "node:util";
import { startOpenSliceEmulator } from "./openslice-emulator";

// Runs the OpenSlice stand-in on 127.0.0.1 until Ctrl-C, to peer an ESO with
// it by hand: npm run emulator:openslice -- --port 43500

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    domain: { type: "string", default: "central-macedonia" },
    username: { type: "string", default: "admin" },
    password: { type: "string", default: "osl-admin-password" },
    "client-id": { type: "string", default: "osapiWebClientId" },
    "fail-specification": { type: "string", multiple: true, default: [] },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a port number between 0 and 65535, not "${values.port}"`);
  process.exit(2);
}
const failing = new Set(values["fail-specification"]);
const emulator = await startOpenSliceEmulator({
  port,
  domainId: values.domain,
  username: values.username,
  password: values.password,
  clientId: values["client-id"],
  outcome: (specificationId) => (failing.has(specificationId) ? "FAILED" : "COMPLETED"),
});

console.log(`OpenSlice emulator listening on ${emulator.url} with ${emulator.specifications.size} specifications`);
console.log(`OAuth2 token URL ${emulator.tokenUrl}, client id ${emulator.clientId}, user ${emulator.username}, password ${emulator.password}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
