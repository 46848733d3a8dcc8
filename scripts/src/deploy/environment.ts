import type { Credentials, Secrets } from "../platform/credentials";

/** `do-central-macedonia` → `DO_CENTRAL_MACEDONIA`: the prefix of a component's variables in a deployment's .env. */
export function variablePrefix(component: string): string {
  return component.toUpperCase().replace(/-/g, "_");
}

/**
 * Lists the variables a container deployment hands to the components: each
 * one's API token and session secret, the database password, and the ESO's
 * expansion secrets (the key that seals stored credentials and the simulated
 * fabric controller's account). Everything else in the deployment files is
 * fixed or derived from these.
 */
export function deploymentVariables(components: string[], credentials: Credentials, secrets: Secrets): Record<string, string> {
  if (!secrets.secretKey || !credentials.simulatedFabric) throw new Error("No secret key or simulated fabric account in the credentials; generate them with npm run deploy:credentials");
  const variables: Record<string, string> = {
    POSTGRES_PASSWORD: secrets.postgresPassword,
    COP_PILOT_SECRET_KEY: secrets.secretKey,
    SIMULATED_FABRIC_USERNAME: credentials.simulatedFabric.username,
    SIMULATED_FABRIC_PASSWORD: credentials.simulatedFabric.password,
  };
  for (const component of components) {
    const token = credentials.apiTokens[component];
    const authSecret = secrets.authSecrets[component];
    if (!token || !authSecret) throw new Error(`No token or session secret for ${component}`);
    variables[`${variablePrefix(component)}_API_TOKEN`] = token;
    variables[`${variablePrefix(component)}_AUTH_SECRET`] = authSecret;
  }
  return variables;
}

/** Renders variables as a dotenv file; the generated values need no quoting. */
export function toDotenv(variables: Record<string, string>, heading: string): string {
  const lines = Object.entries(variables).map(([name, value]) => {
    if (!/^[A-Za-z0-9_.~+/=-]+$/.test(value)) throw new Error(`${name} contains characters that a dotenv file would have to quote`);
    return `${name}=${value}`;
  });
  return `# ${heading}\n${lines.join("\n")}\n`;
}
