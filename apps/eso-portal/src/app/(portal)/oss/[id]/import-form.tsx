"use client";

import { useActionState, useState } from "react";
import { Alert, Badge, Button, Checkbox, FormField, Input, Select, StateBadge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@cop-pilot/ui";
import type { RemoteSpecificationSummary } from "@/server/peering/specifications";
import { importAction, type ImportFormState } from "../actions";

type Choice = { id: string; name: string };

function Destination({ kind, choices }: { kind: "catalog" | "category"; choices: Choice[] }) {
  const label = kind === "catalog" ? "Catalogue" : "Category";
  const [selected, setSelected] = useState(choices.length > 0 ? choices[0]!.id : "");
  return (
    <div className="flex flex-col gap-3">
      <FormField label={label} id={`${kind}Id`}>
        <Select name={`${kind}Id`} value={selected} onChange={(event) => setSelected(event.target.value)}>
          {choices.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.name}
            </option>
          ))}
          <option value="">New {label.toLowerCase()}…</option>
        </Select>
      </FormField>
      {selected === "" ? (
        <>
          <FormField label={`New ${label.toLowerCase()} name`} id={`${kind}Name`} required>
            <Input name={`${kind}Name`} />
          </FormField>
          <FormField label="Description" id={`${kind}Description`}>
            <Input name={`${kind}Description`} />
          </FormField>
        </>
      ) : null}
    </div>
  );
}

/** Renders the DO's specifications with checkboxes, and the catalogue and category to import the checked ones into. */
export function ImportForm({ peerId, specifications, catalogs, categories }: { peerId: string; specifications: RemoteSpecificationSummary[]; catalogs: Choice[]; categories: Choice[] }) {
  const [state, action, pending] = useActionState<ImportFormState, FormData>(importAction, {});
  return (
    <form action={action} className="flex flex-col gap-6">
      <input type="hidden" name="peerId" value={peerId} />
      <Table>
        <caption className="sr-only">Service specifications of the DO</caption>
        <TableHeader>
          <TableRow>
            <TableHead>
              <span className="sr-only">Import</span>
            </TableHead>
            <TableHead>Specification</TableHead>
            <TableHead>Version</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>In the marketplace</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {specifications.map((specification) => (
            <TableRow key={specification.id}>
              <TableCell className="w-10">
                <Checkbox name="specificationId" value={specification.id} aria-label={`Import ${specification.name}`} defaultChecked={specification.importedAs === null} />
              </TableCell>
              <TableCell>
                <div className="font-medium">{specification.name}</div>
                <div className="line-clamp-2 max-w-2xl text-xs text-muted-foreground">{specification.description}</div>
              </TableCell>
              <TableCell>{specification.version ?? "—"}</TableCell>
              <TableCell>{specification.lifecycleStatus ? <StateBadge state={specification.lifecycleStatus} /> : "—"}</TableCell>
              <TableCell>{specification.importedAs ? <Badge variant="success">Imported</Badge> : <span className="text-xs text-muted-foreground">not imported</span>}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div className="grid gap-6 sm:grid-cols-2">
        <Destination kind="catalog" choices={catalogs} />
        <Destination kind="category" choices={categories} />
      </div>
      {state.error ? <Alert variant="error" title="Nothing was imported">{state.error}</Alert> : null}
      {state.success ? <Alert variant="success">{state.success}</Alert> : null}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Importing…" : "Import checked specifications"}
        </Button>
      </div>
    </form>
  );
}
