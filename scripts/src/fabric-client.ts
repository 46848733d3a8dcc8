import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readEnrollmentClaims } from "@cop-pilot/fabric";
import { z } from "zod";

// The simulated fabric client: what a domain owner runs in the new domain with
// the enrollment token downloaded from the ESO portal. It enrolls the identity
// with the simulated fabric controller that issued the token, then keeps it
// online with heartbeats until it is stopped, when it goes offline at once.

const usage = `Usage: npm run fabric-client -- --token FILE [--identity FILE] [--interval-ms MS]

  --token FILE        enrollment token (.jwt) downloaded from the ESO portal
  --identity FILE     where the enrolled identity is kept, so that a restart
                      reuses it (default: the token file with .identity.json)
  --interval-ms MS    time between heartbeats in milliseconds (default 5000)`;

const simulatedControllerSuffix = "/api/fabric/simulated";
const identityFileSchema = z.object({ controller: z.string().url(), identityId: z.string().min(1), clientSecret: z.string().min(1) });
type EnrolledIdentity = z.infer<typeof identityFileSchema>;

const say = (message: string) => console.log(`[fabric-client] ${new Date().toISOString()} ${message}`);

function fail(message: string, code = 1): never {
  console.error(`[fabric-client] ${message}`);
  process.exit(code);
}

function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({ options: { token: { type: "string" }, identity: { type: "string" }, "interval-ms": { type: "string" }, help: { type: "boolean" } } }));
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`, 2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (!values.token) fail(`--token is required\n${usage}`, 2);
  const intervalMs = Number(values["interval-ms"] ?? 5000);
  if (!Number.isInteger(intervalMs) || intervalMs < 100) fail("--interval-ms must be an integer of at least 100", 2);
  return { tokenFile: values.token, identityFile: values.identity ?? values.token.replace(/\.jwt$/, "") + ".identity.json", intervalMs };
}

/** Returns the controller URL of the token; only tokens of the simulated controller are accepted. */
function controllerOf(jwt: string): string {
  const claims = readEnrollmentClaims(jwt);
  if (!claims) fail("The token file does not contain an enrollment JWT; download it again from the ESO portal");
  if (claims.exp * 1000 < Date.now()) fail(`The enrollment token expired at ${new Date(claims.exp * 1000).toISOString()}; create a new identity in the ESO portal`);
  const issuer = new URL(claims.iss);
  if ((issuer.protocol !== "http:" && issuer.protocol !== "https:") || !issuer.pathname.endsWith(simulatedControllerSuffix)) {
    fail(`The token was issued by the OpenZiti controller at ${claims.iss}; enroll it with "ziti edge enroll" and run ziti-edge-tunnel, because this client serves only the simulated fabric`, 2);
  }
  return claims.iss.replace(/\/+$/, "");
}

async function post(url: string, body: unknown, secret?: string): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
}

async function enroll(controller: string, jwt: string, identityFile: string): Promise<EnrolledIdentity> {
  const response = await post(`${controller}/enroll`, { jwt });
  const text = await response.text();
  if (response.status !== 201) fail(`Enrollment failed with HTTP ${response.status}: ${text.slice(0, 300)}`);
  const reply = z.object({ identityId: z.string(), clientSecret: z.string() }).parse(JSON.parse(text));
  const identity = { controller, ...reply };
  writeFileSync(identityFile, JSON.stringify(identity, null, 2) + "\n", { mode: 0o600 });
  say(`enrolled identity ${identity.identityId}; kept in ${identityFile}`);
  return identity;
}

async function main(): Promise<void> {
  const options = readOptions();
  if (!existsSync(options.tokenFile)) fail(`Token file ${options.tokenFile} does not exist`, 2);
  const jwt = readFileSync(options.tokenFile, "utf8").trim();
  const controller = controllerOf(jwt);

  const stored = existsSync(options.identityFile) ? identityFileSchema.safeParse(JSON.parse(readFileSync(options.identityFile, "utf8"))) : undefined;
  const identity = stored?.success && stored.data.controller === controller ? stored.data : await enroll(controller, jwt, options.identityFile);
  if (stored?.success) say(`reusing identity ${identity.identityId} from ${options.identityFile}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await post(`${controller}/identities/${identity.identityId}/disconnect`, undefined, identity.clientSecret);
      say("disconnected");
    } catch (error) {
      say(`could not report the disconnection: ${(error as Error).message}`);
    }
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());

  let failures = 0;
  let announced = false;
  while (!stopping) {
    try {
      const response = await post(`${controller}/identities/${identity.identityId}/heartbeat`, undefined, identity.clientSecret);
      if (response.status === 401 || response.status === 404) {
        fail(`The controller no longer accepts identity ${identity.identityId} (HTTP ${response.status}); delete ${options.identityFile} and enroll with a new token`);
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      if (failures > 0 || !announced) say(`online at ${controller}, heartbeat every ${options.intervalMs} ms`);
      announced = true;
      failures = 0;
    } catch (error) {
      failures += 1;
      say(`heartbeat failed (${failures} in a row): ${(error as Error).message}; retrying`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}

main().catch((error: Error) => fail(`stopped: ${error.message}`));
