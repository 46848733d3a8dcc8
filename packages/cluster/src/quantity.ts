import { z } from "zod";

// Kubernetes resource quantity, as accepted by resource.ParseQuantity in k8s.io/apimachinery.
const quantityPattern = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

export const quantitySchema = z
  .string()
  .regex(quantityPattern, 'must be a Kubernetes quantity such as "8", "250m" or "32Gi"');

const binarySuffixes: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const decimalSuffixes: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/**
 * Parses a Kubernetes quantity into a number of base units: cores for CPU, bytes for memory.
 * Throws on text that is not a quantity.
 */
export function parseQuantity(text: string): number {
  const quantity = quantitySchema.parse(text);
  const match = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(.*)$/.exec(quantity);
  const amount = Number(match?.[1]);
  const suffix = match?.[2] ?? "";

  if (suffix === "") {
    return amount;
  }
  if (suffix.startsWith("e") || suffix.startsWith("E")) {
    return amount * 10 ** Number(suffix.slice(1));
  }
  const multiplier = binarySuffixes[suffix] ?? decimalSuffixes[suffix];
  if (multiplier === undefined) {
    throw new Error(`unknown quantity suffix "${suffix}" in "${text}"`);
  }
  return amount * multiplier;
}

/** Formats millicores as a CPU quantity: whole cores when exact ("2"), else millicores ("1250m"). */
export function formatCpuMillicores(millicores: number): string {
  const rounded = Math.round(millicores);
  return rounded % 1000 === 0 ? String(rounded / 1000) : `${rounded}m`;
}

/** Formats bytes as a memory quantity in the largest binary unit that divides it exactly. */
export function formatMemoryBytes(bytes: number): string {
  const rounded = Math.round(bytes);
  if (rounded === 0) {
    return "0";
  }
  for (const suffix of ["Ei", "Pi", "Ti", "Gi", "Mi", "Ki"]) {
    const unit = binarySuffixes[suffix] as number;
    if (rounded % unit === 0) {
      return `${rounded / unit}${suffix}`;
    }
  }
  return String(rounded);
}
