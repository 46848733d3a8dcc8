"use client";

import { useActionState } from "react";
import { Alert, Button, Checkbox, FormField, Input, Textarea } from "@cop-pilot/ui";
import { CommercialFields } from "../commercial-fields";
import { createBundle, type NewBundleState } from "./actions";

export interface BundleCandidate {
  id: string;
  name: string;
  domainName?: string;
  lifecycleStatus: string;
}

/** Renders the "New bundle" form: the offerings sold together, and the bundle's name, description, category, prices and terms. */
export function BundleForm({ candidates }: { candidates: BundleCandidate[] }) {
  const [state, action, pending] = useActionState<NewBundleState, FormData>(createBundle, { attempt: 0 });
  const errors = state.fieldErrors ?? {};
  const values = state.values ?? {};

  return (
    <form key={state.attempt} action={action} className="flex flex-col gap-5" noValidate>
      <fieldset className="flex flex-col gap-2" aria-describedby="bundled-offerings-description">
        <legend className="text-sm font-medium">Offerings in the bundle</legend>
        <p id="bundled-offerings-description" className="text-xs text-muted-foreground">
          Choose two or more. One order of the bundle deploys the services of every offering chosen, in their domains.
        </p>
        {errors.bundledOfferingIds ? <p className="text-sm text-destructive">{errors.bundledOfferingIds}</p> : null}
        <div className="grid gap-2 sm:grid-cols-2">
          {candidates.map((candidate) => (
            <Checkbox
              key={candidate.id}
              name="bundledOfferingId"
              value={candidate.id}
              defaultChecked={state.bundledOfferingIds?.includes(candidate.id)}
              label={`${candidate.name}${candidate.domainName ? ` (${candidate.domainName})` : ""}`}
            />
          ))}
        </div>
      </fieldset>

      <FormField label="Name" required error={errors.name} description="What customers see in the marketplace.">
        <Input name="name" defaultValue={values.name} maxLength={200} />
      </FormField>
      <FormField label="Description" error={errors.description}>
        <Textarea name="description" defaultValue={values.description} maxLength={4000} rows={3} />
      </FormField>
      <FormField label="Category" error={errors.categoryName} description="Category in the catalogue of cross-domain bundles; “Bundles” when left empty.">
        <Input name="categoryName" defaultValue={values.categoryName} maxLength={200} />
      </FormField>

      <CommercialFields values={values} errors={errors} />

      {state.formError ? <Alert variant="error">{state.formError}</Alert> : null}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create bundle"}
        </Button>
      </div>
    </form>
  );
}
