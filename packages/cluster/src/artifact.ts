import { z } from "zod";

// The artifact rule lives apart from the driver so that code without Node
// built-ins (the design forms) checks artifacts exactly as deployments do.

// OCI distribution spec: one repository path component, and a tag.
const ociPathComponentPattern = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/;
export const ociTagPattern = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const registryPattern =
  /^(oci:\/\/)?[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*(:\d{1,5})?(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*\/?$/;

export const artifactSchema = z.object({
  registry: z
    .string()
    .regex(registryPattern, 'must be an OCI registry endpoint such as "oci://registry.example.test/charts" (lowercase path)'),
  name: z
    .string()
    .max(63, "must be at most 63 characters because it becomes the app.kubernetes.io/name label")
    .regex(ociPathComponentPattern, "must be one lowercase OCI repository component: letters, digits and single '.', '_', '__' or '-' separators"),
  version: z.string().regex(ociTagPattern, "must be an OCI tag: letters, digits, '_', '.' or '-', at most 128 characters, not starting with '.' or '-'"),
});
export type Artifact = z.infer<typeof artifactSchema>;
