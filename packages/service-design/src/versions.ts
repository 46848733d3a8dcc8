// Versions of a designed specification are dotted numbers ("1.0", "2.3.1").
// A new version is a new specification with the same name, so services
// ordered from the old one keep the specification they were ordered with.

const dottedNumbers = /^\d+(\.\d+)*$/;

export function isVersion(value: string): boolean {
  return dottedNumbers.test(value);
}

function compareVersions(left: string, right: string): number {
  const a = left.split(".").map(Number);
  const b = right.split(".").map(Number);
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function bumpMinor(version: string): string {
  const [major = "1", minor = "0", ...rest] = version.split(".");
  return [major, String(Number(minor) + 1), ...rest.map(() => "0")].join(".");
}

/**
 * Returns the version of the next specification of the same name: the minor
 * number after the highest of `current` and `taken` ("1.0" → "1.1",
 * "1.9" → "1.10"). Versions that are not dotted numbers are ignored; when
 * none is left, the next version is "1.1".
 */
export function nextVersion(current: string | undefined, taken: readonly (string | undefined)[] = []): string {
  const known = [current, ...taken].filter((version): version is string => version !== undefined && isVersion(version));
  if (known.length === 0) return "1.1";
  const highest = known.reduce((max, version) => (compareVersions(version, max) > 0 ? version : max));
  return bumpMinor(highest);
}

export { compareVersions };

/**
 * Returns the body of the next version of a specification: the same design
 * under the next version number, back in design, without the attributes the
 * server assigns.
 */
export function nextVersionOf(document: Record<string, unknown>, taken: readonly (string | undefined)[]): Record<string, unknown> {
  const { id: _id, href: _href, lastUpdate: _lastUpdate, ...design } = document;
  const current = typeof document.version === "string" ? document.version : undefined;
  return { ...design, version: nextVersion(current, taken), lifecycleStatus: "In design" };
}
