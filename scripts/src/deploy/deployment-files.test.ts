import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { domains } from "@cop-pilot/service-library";
import { readConfig, repositoryRoot } from "../platform/config";
import { deploymentVariables, variablePrefix } from "./environment";

// No container engine or Helm runs on the build machines, so these tests check
// what can be checked without one: the files parse, refer to things that exist,
// and hand every component the settings it requires.

const read = (relative: string) => readFileSync(path.join(repositoryRoot, relative), "utf8");
const components = ["bmp", "eso", ...domains.map((domain) => `do-${domain.id}`)];
const generatedVariables = new Set(
  Object.keys(
    deploymentVariables(
      components,
      { accounts: [], apiTokens: Object.fromEntries(components.map((component) => [component, "token"])), simulatedFabric: { username: "eso", password: "fabric" } },
      { postgresPassword: "password", authSecrets: Object.fromEntries(components.map((component) => [component, "secret"])), secretKey: "key" },
    ),
  ),
);
const apps = { "do-portal": "do-", "eso-portal": "eso", bmp: "bmp" } as const;
/** Whether `npm start` runs the Data Management in each domain, which the deployments copy by default. */
const launcherDataManagement = Object.fromEntries(readConfig({}).domains.map((domain) => [domain.id, domain.dataManagement]));
const expansionSecrets = ["COP_PILOT_SECRET_KEY", "SIMULATED_FABRIC_USERNAME", "SIMULATED_FABRIC_PASSWORD"];

/** Settings an app cannot start without: keys of its env schema with neither a default nor optional(). */
function requiredSettings(app: keyof typeof apps): string[] {
  const source = read(`apps/${app}/src/env.ts`);
  const body = source.slice(source.indexOf("z.object({"), source.indexOf("});"));
  const entries = body.split(/\n(?=  [A-Z][A-Z0-9_]*:)/).slice(1);
  return entries.filter((entry) => !/\.default\(|\.optional\(\)/.test(entry)).map((entry) => entry.trim().split(":")[0]!);
}

describe("docker compose file", () => {
  const text = read("deploy/compose/compose.yaml");
  const compose = parse(text, { merge: true }) as { services: Record<string, { environment?: Record<string, string>; depends_on?: Record<string, unknown>; build?: { dockerfile: string } }> };

  it("runs PostgreSQL, the jobs, the ESO, the BMP and a DO per domain", () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ["postgres", "platform-init", "platform-seed", "eso", "bmp", ...domains.map((domain) => `do-${domain.id}`)].sort(),
    );
    for (const domain of domains) {
      const environment = compose.services[`do-${domain.id}`]!.environment!;
      expect(environment.DOMAIN_ID).toBe(domain.id);
      expect(environment.DATABASE_URL).toMatch(new RegExp(`/cop_pilot_do_${domain.id.replace(/-/g, "_")}$`));
    }
  });

  it("uses only variables that npm run deploy:credentials writes, or that have a default", () => {
    const used = [...text.matchAll(/\$\{([A-Z0-9_]+)(:[-?][^}]*)?\}/g)];
    expect(used.length).toBeGreaterThan(10);
    for (const [, name, fallback] of used) {
      if (!fallback?.startsWith(":-")) expect(generatedVariables, name).toContain(name);
    }
  });

  it("depends only on services it defines and builds from Dockerfiles that exist", () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) expect(compose.services, `${name} → ${dependency}`).toHaveProperty(dependency);
      if (service.build) expect(existsSync(path.join(repositoryRoot, service.build.dockerfile)), service.build.dockerfile).toBe(true);
    }
  });

  it("gives every portal the settings it requires", () => {
    for (const [app, prefix] of Object.entries(apps) as [keyof typeof apps, string][]) {
      const required = requiredSettings(app);
      expect(required).toContain("DATABASE_URL");
      for (const [name, service] of Object.entries(compose.services).filter(([name]) => name.startsWith(prefix))) {
        for (const setting of required) expect(service.environment, `${name}: ${setting}`).toHaveProperty(setting);
      }
    }
  });

  it("hands the ESO expansion settings", () => {
    const environment = compose.services.eso!.environment!;
    for (const name of expansionSecrets) expect(environment[name], name).toBe(`\${${name}}`);
    expect(environment.FABRIC_POLL_INTERVAL_MS).toBe("${FABRIC_POLL_INTERVAL_MS:-5000}");
    expect(environment.CLUSTER_READY_DELAY_MS).toBe("${CLUSTER_READY_DELAY_MS:-3000}");
    // The ESO image contains no DO build to start, so the ESO must reject DOs ordered into simulated clusters.
    expect(environment).not.toHaveProperty("LOCAL_DO_APP_DIR");
  });

  it("matches npm start's Data Management domains", () => {
    for (const domain of domains) {
      const setting = compose.services[`do-${domain.id}`]!.environment!.DATA_MANAGEMENT;
      const expected = launcherDataManagement[domain.id] ? "enabled" : "disabled";
      expect(setting, domain.id).toBe(`\${${variablePrefix(`do-${domain.id}`)}_DATA_MANAGEMENT:-${expected}}`);
    }
  });
});

describe("deployment variables", () => {
  it("carry the ESO's expansion secrets", () => {
    for (const name of expansionSecrets) expect(generatedVariables, name).toContain(name);
  });

  it("reject credentials without a secret key", () => {
    const credentials = { accounts: [], apiTokens: { eso: "token" }, simulatedFabric: { username: "eso", password: "fabric" } };
    expect(() => deploymentVariables(["eso"], credentials, { postgresPassword: "password", authSecrets: { eso: "secret" } })).toThrow(/secret key/);
  });
});

describe("Dockerfiles", () => {
  for (const app of Object.keys(apps)) {
    it(`${app} runs the standalone server its build produces`, () => {
      const dockerfile = read(`apps/${app}/Dockerfile`);
      expect(dockerfile).toContain(`--filter=@cop-pilot/${app}`);
      expect(dockerfile).toContain(`/repo/apps/${app}/.next/standalone`);
      expect(dockerfile).toContain(`"apps/${app}/server.js"`);
      expect(read(`apps/${app}/next.config.ts`)).toContain('process.env.NEXT_OUTPUT === "standalone"');
    });
  }

  it("keeps local state and dependencies out of the build context", () => {
    const ignored = read(".dockerignore").split("\n");
    for (const entry of ["**/node_modules", "**/.next", ".data", ".git"]) expect(ignored).toContain(entry);
  });
});

describe("Helm chart", () => {
  const chartDir = "deploy/helm/cop-pilot";
  const chart = parse(read(`${chartDir}/Chart.yaml`)) as { apiVersion: string; name: string };
  const values = parse(read(`${chartDir}/values.yaml`)) as Record<string, unknown> & { domains: { id: string }[] };
  const templates = readdirSync(path.join(repositoryRoot, chartDir, "templates")).map((file) => read(`${chartDir}/templates/${file}`));

  it("is a Helm 3 chart whose default values deploy every domain", () => {
    expect(chart).toMatchObject({ apiVersion: "v2", name: "cop-pilot" });
    expect(values.domains.map((domain) => domain.id)).toEqual(domains.map((domain) => domain.id));
  });

  it("refers only to values that values.yaml defines", () => {
    const references = new Set(templates.flatMap((template) => [...template.matchAll(/\.Values((?:\.[A-Za-z0-9_]+)+)/g)].map((match) => match[1]!.slice(1))));
    expect(references.size).toBeGreaterThan(10);
    for (const reference of references) {
      let node: unknown = values;
      for (const key of reference.split(".")) {
        expect(node, reference).toBeTypeOf("object");
        expect(node as object, reference).toHaveProperty(key);
        node = (node as Record<string, unknown>)[key];
      }
    }
  });

  it("matches npm start's Data Management domains", () => {
    const template = read(`${chartDir}/templates/domain-orchestrators.yaml`);
    expect(template).toContain('name: DATA_MANAGEMENT, value: %s }" $extraEnv (ternary "enabled" "disabled" (default false $domain.dataManagement))');
    for (const domain of values.domains as { id: string; dataManagement?: boolean }[]) {
      expect(domain.dataManagement ?? false, domain.id).toBe(launcherDataManagement[domain.id]);
    }
  });

  it("hands the ESO expansion secrets", () => {
    const template = read(`${chartDir}/templates/eso.yaml`);
    for (const name of expansionSecrets) expect(template, name).toContain(`- name: ${name}\\n  valueFrom: { secretKeyRef: { name: %s, key: ${name} } }`);
    expect(template).toContain(".Values.eso.fabricPollIntervalMs");
    expect(template).not.toMatch(/name: LOCAL_DO_APP_DIR/);
  });

  it("reads from the credentials secret only keys that npm run deploy:credentials writes", () => {
    const literalKeys = templates.flatMap((template) => [...template.matchAll(/key: ([A-Z][A-Z0-9_]+) \}/g)].map((match) => match[1]!));
    expect(literalKeys).toContain("POSTGRES_PASSWORD");
    for (const key of literalKeys) expect(generatedVariables, key).toContain(key);
  });
});
