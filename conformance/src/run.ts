import { writeFileSync } from "node:fs";
import path from "node:path";
import newman, { type NewmanRunSummary } from "newman";
import { ctkDirectory, kitDefinitions, kitsAvailable, prepareKit, resolveUrl, type KitDefinition } from "./kits";
import { portsFrom, repositoryRoot, startPlatform, type ConformancePlatform } from "./platform";
import { seedProductReferences, seedServiceInventory } from "./seed";

// `npm run conformance`: starts a fresh platform, seeds what the kits
// assume, runs every TM Forum conformance kit with newman against it, prints
// requests, assertions and failures per kit, and exits 1 on any failure.

const say = (message: string) => console.log(`[conformance] ${message}`);

export interface KitResult {
  kit: string;
  component: string;
  requests: number;
  assertions: number;
  failures: { request: string; test: string; message: string }[];
}

function parsePortBase(): number {
  const text = process.env.CONFORMANCE_PORT_BASE ?? "3500";
  const base = Number(text);
  if (!Number.isInteger(base) || base < 1024 || base > 65_000) {
    throw new Error(`CONFORMANCE_PORT_BASE must be an integer port between 1024 and 65000, got "${text}"`);
  }
  return base;
}

function originOf(platform: ConformancePlatform, kit: KitDefinition): string {
  return platform[kit.component];
}

/** Throws unless every request URL of the kit resolves to the component under test. */
function assertLoopbackOnly(kit: KitDefinition, urls: string[], environment: Parameters<typeof resolveUrl>[1], origin: string): void {
  for (const template of urls) {
    const resolved = resolveUrl(template, environment);
    if (!resolved.startsWith(`${origin}/`)) {
      throw new Error(`${kit.name}: request URL ${template} resolves to ${resolved}, not to ${origin}; refusing to run the kit`);
    }
  }
}

async function runKit(kit: KitDefinition, platform: ConformancePlatform, references: Record<string, Record<string, unknown>>): Promise<KitResult> {
  const origin = originOf(platform, kit);
  const prepared = prepareKit(kit, { origin, token: platform.tokens[kit.component]!, payloadReferences: references });
  assertLoopbackOnly(kit, prepared.urls, prepared.environment, origin);

  const summary = await new Promise<NewmanRunSummary>((resolve, reject) => {
    const run = newman.run(
      {
        collection: prepared.collection as never,
        environment: prepared.environment as never,
        // A fresh id for the TMF638 kit's unknown-service request, which reads it from the globals.
        globals: { values: [{ key: "ID404", value: crypto.randomUUID(), enabled: true }] } as never,
        reporters: [],
        timeoutRequest: 30_000,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    // Beside the check before the run: newman cannot cancel a request here, but one that names another address fails the run.
    run.on("beforeRequest", (_error: unknown, args: { request: { url: { toString(): string } } }) => {
      const url = args.request.url.toString();
      if (!url.startsWith(`${origin}/`)) reject(new Error(`${kit.name}: newman sent a request to ${url}, outside ${origin}`));
    });
  });

  const stats = summary.run.stats as { requests: { total?: number }; assertions: { total?: number } };
  return {
    kit: kit.name,
    component: kit.component,
    requests: stats.requests.total ?? 0,
    assertions: stats.assertions.total ?? 0,
    failures: summary.run.failures.map((failure) => ({
      request: failure.source?.name ?? "(collection)",
      test: (failure.error as { test?: string }).test ?? failure.at,
      message: failure.error.message,
    })),
  };
}

function printSummary(results: KitResult[]): void {
  console.log("");
  console.log("kit      component  requests  assertions  failures");
  for (const result of results) {
    console.log(
      `${result.kit.padEnd(8)} ${result.component.padEnd(10)} ${String(result.requests).padStart(8)}  ${String(result.assertions).padStart(10)}  ${String(result.failures.length).padStart(8)}`,
    );
  }
  for (const result of results) {
    for (const failure of result.failures) {
      console.log(`  ${result.kit} (${result.component}) ${failure.request}: ${failure.test}: ${failure.message}`);
    }
  }
  console.log("");
}

async function main(): Promise<number> {
  if (!kitsAvailable()) {
    say(`skipped: the TM Forum kits are not at ${ctkDirectory}; set CTK_DIR to the folder of their *.json files`);
    return 0;
  }
  const ports = portsFrom(parsePortBase());
  const platform = await startPlatform(ports, say);
  try {
    say("platform ready; seeding the data the kits assume");
    const references = await seedProductReferences(platform);
    await seedServiceInventory(platform);

    const results: KitResult[] = [];
    for (const kit of kitDefinitions) {
      say(`running ${kit.name} ${kit.api} against the ${kit.component.toUpperCase()} at ${originOf(platform, kit)}`);
      results.push(await runKit(kit, platform, references));
    }
    printSummary(results);
    const summaryFile = path.join(repositoryRoot, "conformance", ".run", "summary.json");
    writeFileSync(summaryFile, JSON.stringify(results, null, 2));
    const failed = results.reduce((sum, result) => sum + result.failures.length, 0);
    say(failed === 0 ? "every kit passed" : `${failed} failures; details above and in ${path.relative(repositoryRoot, summaryFile)}`);
    return failed === 0 ? 0 : 1;
  } finally {
    say("stopping the platform");
    await platform.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`[conformance] failed: ${error.message}`);
    process.exit(1);
  },
);
