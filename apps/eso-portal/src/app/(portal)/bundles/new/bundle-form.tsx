"use client";

import { useActionState, useMemo, useState } from "react";
import { serviceLifecycleStatuses } from "@cop-pilot/tmf-schemas";
import { Alert, Button, Checkbox, FormField, Input, Select, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Textarea } from "@cop-pilot/ui";
import type { BundleCandidate } from "@/server/bundles/design";
import { composeBundleAction, type BundleFormState } from "../actions";

/**
 * Bundle designer: the parts, then the characteristics the bundle exposes.
 * Only characteristics that at least one chosen part can configure are offered.
 */
export function BundleForm({ candidates }: { candidates: BundleCandidate[] }) {
  const [state, action, pending] = useActionState<BundleFormState, FormData>(composeBundleAction, {});
  // The ticks live in state and set each checkbox's defaultChecked, so the reset after a failed save keeps them.
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [exposed, setExposed] = useState<Set<string>>(new Set());
  const values = state.values;
  const exposable = useMemo(() => {
    const counts = new Map<string, number>();
    for (const candidate of candidates) {
      if (!chosen.has(candidate.id)) continue;
      for (const name of candidate.configurable) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    return [...counts].sort(([left], [right]) => left.localeCompare(right));
  }, [candidates, chosen]);

  function toggle(setter: typeof setChosen, id: string, checked: boolean) {
    setter((previous) => {
      const next = new Set(previous);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  return (
    <form action={action} className="flex flex-col gap-6">
      {/* A new key after each failure mounts the fields again with the submitted values as defaults. */}
      <div key={state.attempt ?? 0} className="grid gap-4 sm:grid-cols-2">
        <FormField label="Name" id="name" required>
          <Input name="name" defaultValue={values?.name} />
        </FormField>
        <FormField label="Version" id="version" required>
          <Input name="version" defaultValue={values?.version ?? "1.0.0"} />
        </FormField>
        <FormField label="Lifecycle status" id="lifecycleStatus" description="Only Active or Launched bundles can be ordered.">
          <Select name="lifecycleStatus" defaultValue={values?.lifecycleStatus ?? "Active"}>
            {serviceLifecycleStatuses.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField label="Description" id="description">
          <Textarea name="description" rows={2} defaultValue={values?.description} />
        </FormField>
      </div>

      <fieldset key={`parts-${state.attempt ?? 0}`} className="flex flex-col gap-2">
        <legend className="text-sm font-semibold">Parts</legend>
        <p className="text-xs text-muted-foreground">Each part is ordered from the domain that offers it when the bundle is ordered.</p>
        <Table>
          <caption className="sr-only">Specifications that can be parts</caption>
          <TableHeader>
            <TableRow>
              <TableHead>
                <span className="sr-only">Part</span>
              </TableHead>
              <TableHead>Specification</TableHead>
              <TableHead>Domain</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {candidates.map((candidate) => (
              <TableRow key={candidate.id}>
                <TableCell className="w-10">
                  <Checkbox name="partId" value={candidate.id} aria-label={`Part: ${candidate.name} (${candidate.domainName})`} defaultChecked={chosen.has(candidate.id)} onChange={(event) => toggle(setChosen, candidate.id, event.target.checked)} />
                </TableCell>
                <TableCell>{candidate.name}</TableCell>
                <TableCell>{candidate.domainName}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </fieldset>

      <fieldset key={`characteristics-${state.attempt ?? 0}`} className="flex flex-col gap-2">
        <legend className="text-sm font-semibold">Bundle characteristics</legend>
        <p className="text-xs text-muted-foreground">
          A characteristic chosen here is set once on the bundle and passed to the characteristic of the same name in every part that has it. The others take each part&apos;s default.
        </p>
        {exposable.length === 0 ? <p className="text-sm text-muted-foreground">Choose parts first.</p> : null}
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          {exposable.map(([name, partCount]) => (
            <Checkbox
              key={name}
              name="characteristicName"
              value={name}
              label={`${name} (${partCount} of ${chosen.size} parts)`}
              defaultChecked={exposed.has(name)}
              onChange={(event) => toggle(setExposed, name, event.target.checked)}
            />
          ))}
        </div>
      </fieldset>

      {state.error ? <Alert variant="error" title="The bundle was not saved">{state.error}</Alert> : null}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save bundle"}
        </Button>
      </div>
    </form>
  );
}
