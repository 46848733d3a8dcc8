"use client";

import { useActionState, useState } from "react";
import { Alert, Button, FormField, Input, Select, Textarea } from "@cop-pilot/ui";
import {
  addConnectorAction,
  changePipelineAction,
  createDatasetAction,
  generateTokenAction,
  readSharedAction,
  runPullAction,
  uploadCsvAction,
  type FormState,
  type RetainedFormState,
  type SharedState,
  type TokenState,
} from "./actions";

function Outcome({ state }: { state: FormState }) {
  if (state.error) return <Alert variant="error">{state.error}</Alert>;
  if (state.message) return <Alert variant="success">{state.message}</Alert>;
  return null;
}

export function NewDatasetForm({ publisher }: { publisher: string }) {
  const [state, action, pending] = useActionState<RetainedFormState, FormData>(createDatasetAction, {});
  const values = state.values ?? {};
  return (
    <form action={action} className="flex flex-col gap-4" aria-label="New dataset">
      {/* A new key after each failure mounts the fields again with the submitted values as defaults. */}
      <div key={state.attempt ?? 0} className="grid gap-4 sm:grid-cols-2">
        <FormField label="Title" id="dataset-title" required>
          <Input name="title" placeholder="Douro vineyard weather stations" defaultValue={values.title} />
        </FormField>
        <FormField label="NGSI-LD entity type" description="Every entity of this type belongs to the dataset." id="dataset-type" required>
          <Input name="entityType" placeholder="VineyardWeather" defaultValue={values.entityType} />
        </FormField>
        <FormField label="Description" className="sm:col-span-2" id="dataset-description" required>
          <Textarea name="description" rows={2} defaultValue={values.description} />
        </FormField>
        <FormField label="Keywords" description="Separated by commas." id="dataset-keywords">
          <Input name="keywords" placeholder="weather, vineyard" defaultValue={values.keywords} />
        </FormField>
        <FormField label="Spatial coverage" id="dataset-spatial">
          <Input name="spatialName" placeholder="Douro valley" defaultValue={values.spatialName} />
        </FormField>
        <FormField label="Temporal coverage from" id="dataset-start">
          <Input name="startDate" type="date" defaultValue={values.startDate} />
        </FormField>
        <FormField label="Licence" description="An SPDX identifier or a URL." id="dataset-license" required>
          <Input name="license" defaultValue={values.license ?? "CC-BY-4.0"} />
        </FormField>
        <FormField label="Publisher" id="dataset-publisher">
          <Input name="publisher" defaultValue={values.publisher ?? publisher} />
        </FormField>
        <FormField label="Update frequency" id="dataset-frequency">
          <Select name="accrualPeriodicity" defaultValue={values.accrualPeriodicity ?? "hourly"}>
            {["continuous", "hourly", "daily", "weekly", "monthly", "irregular"].map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField label="Pipeline (JSON)" description='Steps such as [{"step":"dropOutOfRange","attribute":"temperature","min":-30,"max":55}].' className="sm:col-span-2" id="dataset-pipeline">
          <Textarea name="pipeline" rows={2} className="font-mono text-xs" defaultValue={values.pipeline} />
        </FormField>
      </div>
      <Outcome state={state} />
      <Button type="submit" disabled={pending} className="self-start">
        {pending ? "Creating…" : "Create dataset"}
      </Button>
    </form>
  );
}

export function AddConnectorForm({ datasetId }: { datasetId: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(addConnectorAction, {});
  const [kind, setKind] = useState("csv");
  return (
    <form action={action} className="flex flex-col gap-4" aria-label="Add connector">
      <input type="hidden" name="datasetId" value={datasetId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Kind" id="connector-kind">
          <Select name="kind" value={kind} onChange={(event) => setKind(event.target.value)}>
            <option value="csv">CSV upload</option>
            <option value="http-pull">HTTP pull (JSON)</option>
            <option value="ngsi-ld">NGSI-LD push</option>
          </Select>
        </FormField>
        <FormField label="Name" id="connector-name" required>
          <Input name="name" placeholder="Station export" />
        </FormField>
        {kind === "csv" ? (
          <>
            <FormField label="Id column" id="csv-id">
              <Input name="idColumn" defaultValue="id" />
            </FormField>
            <FormField label="Time column" description="ISO 8601 date-time of each reading." id="csv-time">
              <Input name="timeColumn" defaultValue="observedAt" />
            </FormField>
          </>
        ) : null}
        {kind === "http-pull" ? (
          <>
            <FormField label="URL" description="A JSON document of the domain's system; link-local and metadata addresses are rejected." className="sm:col-span-2" id="pull-url" required>
              <Input name="url" placeholder="http://127.0.0.1:8080/readings" />
            </FormField>
            <FormField label="Interval (seconds)" id="pull-interval">
              <Input name="intervalSeconds" type="number" min={5} defaultValue={300} />
            </FormField>
            <FormField label="Records path" description="Dotted path of the array in the reply; empty when the reply is the array." id="pull-records">
              <Input name="recordsPath" />
            </FormField>
            <FormField label="Id field" id="pull-id">
              <Input name="idField" defaultValue="id" />
            </FormField>
            <FormField label="Time field" id="pull-time">
              <Input name="timeField" placeholder="timestamp" />
            </FormField>
            <FormField label="Field mapping (JSON)" description='{"values.temp": {"attribute": "temperature", "unitCode": "CEL"}}' className="sm:col-span-2" id="pull-fields" required>
              <Textarea name="fields" rows={2} className="font-mono text-xs" />
            </FormField>
          </>
        ) : null}
        {kind !== "ngsi-ld" ? (
          <FormField label="Id prefix" description="Put before each id, e.g. urn:ngsi-ld:VineyardWeather:" id="connector-prefix">
            <Input name="idPrefix" />
          </FormField>
        ) : null}
        {kind === "csv" ? (
          <FormField label="Column mapping (JSON)" description="Empty: every other column, by its own name." id="csv-columns">
            <Textarea name="columns" rows={2} className="font-mono text-xs" />
          </FormField>
        ) : null}
      </div>
      <Outcome state={state} />
      <Button type="submit" disabled={pending} className="self-start">
        {pending ? "Adding…" : "Add connector"}
      </Button>
    </form>
  );
}

export function CsvUploadForm({ datasetId, connectorId, connectorName }: { datasetId: string; connectorId: string; connectorName: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(uploadCsvAction, {});
  return (
    <form action={action} className="flex flex-col gap-2" aria-label={`Upload CSV to ${connectorName}`}>
      <input type="hidden" name="datasetId" value={datasetId} />
      <input type="hidden" name="connectorId" value={connectorId} />
      <div className="flex flex-wrap items-center gap-2">
        <Input name="file" type="file" accept=".csv,text/csv" aria-label={`CSV file for ${connectorName}`} className="max-w-xs" />
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? "Uploading…" : "Upload"}
        </Button>
      </div>
      <Outcome state={state} />
    </form>
  );
}

export function RunPullForm({ datasetId, connectorId }: { datasetId: string; connectorId: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(runPullAction, {});
  return (
    <form action={action} className="flex flex-col gap-2">
      <input type="hidden" name="datasetId" value={datasetId} />
      <input type="hidden" name="connectorId" value={connectorId} />
      <Button type="submit" size="sm" variant="outline" disabled={pending} className="self-start">
        {pending ? "Pulling…" : "Pull now"}
      </Button>
      <Outcome state={state} />
    </form>
  );
}

export function PipelineForm({ datasetId, pipeline }: { datasetId: string; pipeline: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(changePipelineAction, {});
  return (
    <form action={action} className="flex flex-col gap-2" aria-label="Pipeline">
      <input type="hidden" name="datasetId" value={datasetId} />
      <Textarea name="pipeline" rows={6} defaultValue={pipeline} className="font-mono text-xs" aria-label="Pipeline steps (JSON)" />
      <Outcome state={state} />
      <Button type="submit" size="sm" disabled={pending} className="self-start">
        {pending ? "Saving…" : "Save pipeline"}
      </Button>
    </form>
  );
}

export function TokenGenerator() {
  const [state, action, pending] = useActionState<TokenState, FormData>(generateTokenAction, {});
  return (
    <form action={action} className="flex flex-col gap-2">
      <Button type="submit" variant="outline" disabled={pending} className="self-start">
        Generate an access token
      </Button>
      {state.token ? (
        <Alert variant="info">
          <span className="block">
            Token (keep it; it is not stored): <code className="break-all" data-testid="access-token">{state.token}</code>
          </span>
          <span className="block">
            SHA-256 for the order&apos;s accessTokenSha256: <code className="break-all" data-testid="access-token-sha256">{state.sha256}</code>
          </span>
        </Alert>
      ) : null}
    </form>
  );
}

export function SharedDatasetForm() {
  const [state, action, pending] = useActionState<SharedState, FormData>(readSharedAction, {});
  const columns = [...new Set((state.rows ?? []).flatMap((row) => Object.keys(row.values)))];
  return (
    <div className="flex flex-col gap-4">
      <form action={action} className="grid gap-4 sm:grid-cols-2" aria-label="Read a shared dataset">
        <FormField label="NGSI-LD endpoint" description="Base URL of the other domain's API, e.g. http://127.0.0.1:3104/ngsi-ld/v1" className="sm:col-span-2" id="shared-endpoint" required>
          <Input name="endpoint" defaultValue={state.endpoint} />
        </FormField>
        <FormField label="Entity type" id="shared-type" required>
          <Input name="entityType" defaultValue={state.entityType} />
        </FormField>
        <FormField label="Access token" description="Enter it again for each read; the portal does not keep it." id="shared-token" required>
          <Input name="token" type="password" autoComplete="off" />
        </FormField>
        <Button type="submit" disabled={pending} className="self-start">
          {pending ? "Reading…" : "Read entities"}
        </Button>
      </form>
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      {state.rows ? (
        <div className="overflow-x-auto">
          <p className="mb-2 text-sm text-muted-foreground">
            {state.rows.length} of {state.total} entities
          </p>
          <table className="w-full text-sm" aria-label="Shared entities">
            <thead>
              <tr className="text-left">
                <th className="p-2">Entity</th>
                {columns.map((column) => (
                  <th key={column} className="p-2">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {state.rows.map((row) => (
                <tr key={row.id} className="border-t">
                  <td className="p-2 font-mono text-xs">{row.id}</td>
                  {columns.map((column) => (
                    <td key={column} className="p-2 tabular-nums">
                      {typeof row.values[column] === "object" ? JSON.stringify(row.values[column]) : String(row.values[column] ?? "—")}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
