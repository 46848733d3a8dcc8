import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

// URLs that a domain owner types in (pull sources, notification endpoints)
// make this server send requests. Link-local and cloud metadata addresses are
// rejected, so a URL cannot read instance credentials; loopback and private
// networks stay allowed because domain systems live there.

const metadataHostnames = new Set(["metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal"]);

function isLinkLocalIPv4(address: string): boolean {
  const [first, second] = address.split(".").map(Number);
  return (first === 169 && second === 254) || first === 0;
}

function isRejectedIPv6(address: string): boolean {
  const lower = address.toLowerCase();
  // fe80::/10 is link-local; fd00:ec2::254 is the IPv6 metadata address of AWS.
  if (/^fe[89ab][0-9a-f]:/.test(lower)) return true;
  if (lower === "fd00:ec2::254" || lower === "::") return true;
  // An IPv4-mapped address, which the URL parser writes in hex (::ffff:a9fe:a9fe).
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return isLinkLocalIPv4(dotted[1]!);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return false;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return isLinkLocalIPv4(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
}

/** Returns why the URL may not be fetched, or undefined when it may. */
export function outboundUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not an absolute URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must use http or https";
  if (url.username || url.password) return "must not contain a user name or password; the DM sends no credentials in URLs";
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (metadataHostnames.has(host)) return `points at the metadata host ${host}`;
  const family = isIP(host);
  if (family === 4 && isLinkLocalIPv4(host)) return `points at the link-local or unspecified address ${host}`;
  if (family === 6 && isRejectedIPv6(host)) return `points at the link-local or unspecified address ${host}`;
  return undefined;
}

/**
 * Checks the URL as written and every address its host name resolves to.
 * NOTE: the request resolves the name again, so a name whose answer changes
 * between the two lookups (DNS rebinding) is not caught.
 */
export async function resolvedUrlProblem(text: string): Promise<string | undefined> {
  const problem = outboundUrlProblem(text);
  if (problem) return problem;
  const host = new URL(text).hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return undefined;
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch (error) {
    return `has a host name that does not resolve (${(error as Error).message})`;
  }
  for (const { address, family } of addresses) {
    if ((family === 4 && isLinkLocalIPv4(address)) || (family === 6 && isRejectedIPv6(address))) {
      return `resolves to the link-local or unspecified address ${address}`;
    }
  }
  return undefined;
}
