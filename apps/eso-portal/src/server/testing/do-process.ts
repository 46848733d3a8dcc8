import { startDoEmulator } from "./do-emulator";

// Stands in for `next start` of the do-portal app in tests of the local DO
// runtime: the ESO spawns it with the same arguments and environment, and it
// serves the DO emulator with the API_TOKEN and the starter catalogue it got.

const portIndex = process.argv.indexOf("--port");
const port = Number(process.argv[portIndex + 1]);
const emulator = await startDoEmulator({ token: process.env.API_TOKEN ?? "", domainId: process.env.DOMAIN_ID ?? "lulea", port });
process.on("SIGTERM", () => {
  void emulator.close().then(() => process.exit(0));
});
