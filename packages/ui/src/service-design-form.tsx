"use client";

import { useActionState, useState } from "react";
import { Alert } from "./alert";
import { Button } from "./button";
import { Checkbox } from "./checkbox";
import { FormField } from "./form-field";
import { Input } from "./input";
import { Select } from "./select";
import { designValueTypes, emptyCharacteristicRow, toCharacteristicDraft, type CharacteristicRow, type DesignValueType } from "./service-design-draft";
import { Textarea } from "./textarea";

/**
 * Result of a design server action: an error to show, or nothing when the
 * action redirected. `fieldErrors` maps a draft path such as "artifact.name"
 * to the problem shown on that field.
 */
export type DesignActionState = { error?: string; fieldErrors?: Record<string, string> };
export type DesignAction = (state: DesignActionState, form: FormData) => Promise<DesignActionState>;

/** A specification or category the designer can pick. */
export interface DesignChoice {
  id: string;
  name: string;
  version?: string;
  description?: string;
}

export type SpecificationDesignFormProps = {
  kind: "resourceFacing" | "customerFacing";
  /** Server action that receives the draft as JSON in the form field `draft`. */
  action: DesignAction;
  /** For a resource-facing design: the resource specifications it may use. For a customer-facing one: the resource-facing specifications it may name. */
  buildingBlocks: DesignChoice[];
  categories: DesignChoice[];
  /** Registry that the artifact field starts with. */
  defaultRegistry?: string;
};

function label(choice: DesignChoice): string {
  return choice.version ? `${choice.name} ${choice.version}` : choice.name;
}

/** Renders the editor of one characteristic row. */
function CharacteristicEditor({ row, index, onChange, onRemove }: { row: CharacteristicRow; index: number; onChange: (row: CharacteristicRow) => void; onRemove: () => void }) {
  const number = index + 1;
  const set = <K extends keyof CharacteristicRow>(key: K, value: CharacteristicRow[K]) => onChange({ ...row, [key]: value });
  const numeric = row.valueType === "integer" || row.valueType === "number";
  return (
    <fieldset className="grid gap-3 rounded-md border border-border p-3 sm:grid-cols-4" aria-label={`Characteristic ${number}`}>
      <FormField label="Name" required>
        <Input value={row.name} onChange={(event) => set("name", event.target.value)} aria-label={`Characteristic ${number} name`} placeholder="replicas" />
      </FormField>
      <FormField label="Value type">
        <Select value={row.valueType} onChange={(event) => set("valueType", event.target.value as DesignValueType)} aria-label={`Characteristic ${number} value type`}>
          {designValueTypes.map((valueType) => (
            <option key={valueType} value={valueType}>
              {valueType}
            </option>
          ))}
        </Select>
      </FormField>
      <FormField label="Default">
        <Input value={row.defaultValue} onChange={(event) => set("defaultValue", event.target.value)} aria-label={`Characteristic ${number} default`} />
      </FormField>
      <FormField label="Unit of measure">
        <Input value={row.unitOfMeasure} onChange={(event) => set("unitOfMeasure", event.target.value)} aria-label={`Characteristic ${number} unit`} />
      </FormField>
      <FormField label="Allowed values" description="Separated by commas; leave empty for any value." className="sm:col-span-2">
        <Input value={row.allowedValues} onChange={(event) => set("allowedValues", event.target.value)} aria-label={`Characteristic ${number} allowed values`} />
      </FormField>
      <FormField label="From" description={numeric ? "Lowest value (valueFrom)." : "For integer and number only."}>
        <Input value={row.valueFrom} disabled={!numeric} inputMode="decimal" onChange={(event) => set("valueFrom", event.target.value)} aria-label={`Characteristic ${number} from`} />
      </FormField>
      <FormField label="To" description={numeric ? "Highest value (valueTo)." : "For integer and number only."}>
        <Input value={row.valueTo} disabled={!numeric} inputMode="decimal" onChange={(event) => set("valueTo", event.target.value)} aria-label={`Characteristic ${number} to`} />
      </FormField>
      <FormField label="Description" className="sm:col-span-2">
        <Input value={row.description} onChange={(event) => set("description", event.target.value)} aria-label={`Characteristic ${number} description`} />
      </FormField>
      <div className="flex flex-wrap items-end gap-4 sm:col-span-2">
        <Checkbox label="Mandatory" checked={row.mandatory} onChange={(event) => set("mandatory", event.target.checked)} aria-label={`Characteristic ${number} mandatory`} />
        <Checkbox label="Configurable after ordering" checked={row.configurable} onChange={(event) => set("configurable", event.target.checked)} aria-label={`Characteristic ${number} configurable`} />
        <Button type="button" variant="outline" size="sm" onClick={onRemove}>
          Remove
        </Button>
      </div>
    </fieldset>
  );
}

/**
 * Renders the design form of a resource-facing or customer-facing service
 * specification, with its characteristic editor. The form sends the whole
 * draft as JSON; the server validates it.
 */
export function SpecificationDesignForm({ kind, action, buildingBlocks, categories, defaultRegistry = "" }: SpecificationDesignFormProps) {
  const [state, formAction, pending] = useActionState<DesignActionState, FormData>(action, {});
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [version, setVersion] = useState("1.0");
  const [categoryId, setCategoryId] = useState("");
  const [selected, setSelected] = useState<string[]>([]);
  const [artifact, setArtifact] = useState({ registry: defaultRegistry, name: "", version: "1.0.0" });
  const [rows, setRows] = useState<CharacteristicRow[]>([]);
  const fieldError = (path: string) => state.fieldErrors?.[path];

  const refs = selected.map((id) => ({ id }));
  const draft = {
    kind,
    name,
    ...(description.trim() ? { description } : {}),
    version,
    category: categoryId ? [{ id: categoryId }] : [],
    characteristics: rows.map(toCharacteristicDraft),
    ...(kind === "resourceFacing" ? { resourceSpecification: refs, artifact } : { serviceSpecRelationship: refs }),
  };
  const toggle = (id: string, on: boolean) => setSelected((current) => (on ? [...current, id] : current.filter((entry) => entry !== id)));
  const blockLegend = kind === "resourceFacing" ? "Resource specifications it runs on" : "Resource-facing specifications that realise it";

  return (
    <form action={formAction} className="space-y-6">
      <input type="hidden" name="draft" value={JSON.stringify(draft)} />
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField label="Name" required className="sm:col-span-2" error={fieldError("name")}>
          <Input name="name" value={name} onChange={(event) => setName(event.target.value)} />
        </FormField>
        <FormField label="Version" description="Dotted numbers, such as 1.0." error={fieldError("version")}>
          <Input name="version" value={version} onChange={(event) => setVersion(event.target.value)} />
        </FormField>
        <FormField label="Description" className="sm:col-span-2">
          <Textarea name="description" rows={2} value={description} onChange={(event) => setDescription(event.target.value)} />
        </FormField>
        <FormField label="Category">
          <Select name="category" value={categoryId} onChange={(event) => setCategoryId(event.target.value)}>
            <option value="">No category</option>
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {label(category)}
              </option>
            ))}
          </Select>
        </FormField>
      </div>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{blockLegend}</legend>
        {buildingBlocks.length === 0 ? <p className="text-sm text-muted-foreground">There is nothing to choose yet.</p> : null}
        <div className="grid gap-2 sm:grid-cols-2">
          {buildingBlocks.map((block) => (
            <Checkbox key={block.id} label={label(block)} checked={selected.includes(block.id)} onChange={(event) => toggle(block.id, event.target.checked)} />
          ))}
        </div>
      </fieldset>

      {kind === "resourceFacing" ? (
        <fieldset className="grid gap-4 sm:grid-cols-3">
          <legend className="mb-2 text-sm font-medium">Artifact the DO deploys</legend>
          <FormField label="Registry" required error={fieldError("artifact.registry")}>
            <Input value={artifact.registry} onChange={(event) => setArtifact({ ...artifact, registry: event.target.value })} />
          </FormField>
          <FormField label="Artifact name" required error={fieldError("artifact.name")}>
            <Input value={artifact.name} onChange={(event) => setArtifact({ ...artifact, name: event.target.value })} />
          </FormField>
          <FormField label="Artifact version" required error={fieldError("artifact.version")}>
            <Input value={artifact.version} onChange={(event) => setArtifact({ ...artifact, version: event.target.value })} />
          </FormField>
        </fieldset>
      ) : null}

      <section className="space-y-3">
        <h3 className="text-sm font-medium">Characteristics</h3>
        {rows.map((row, index) => (
          <CharacteristicEditor
            key={index}
            row={row}
            index={index}
            onChange={(changed) => setRows((current) => current.map((entry, position) => (position === index ? changed : entry)))}
            onRemove={() => setRows((current) => current.filter((_entry, position) => position !== index))}
          />
        ))}
        <Button type="button" variant="outline" onClick={() => setRows((current) => [...current, emptyCharacteristicRow()])}>
          Add characteristic
        </Button>
      </section>

      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save specification"}
      </Button>
    </form>
  );
}

export type LifecycleStatusFormProps = {
  /** Server action that receives `id` and `lifecycleStatus`. */
  action: DesignAction;
  specificationId: string;
  /** Statuses the specification may move to now. */
  allowed: readonly string[];
};

/** Renders the lifecycle status change of one specification. */
export function LifecycleStatusForm({ action, specificationId, allowed }: LifecycleStatusFormProps) {
  const [state, formAction, pending] = useActionState<DesignActionState, FormData>(action, {});
  if (allowed.length === 0) return <p className="text-sm text-muted-foreground">This status is final.</p>;
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="id" value={specificationId} />
      <FormField label="New lifecycle status">
        <Select name="lifecycleStatus" defaultValue={allowed[0]}>
          {allowed.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </Select>
      </FormField>
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change status"}
      </Button>
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
    </form>
  );
}

export type NewVersionFormProps = {
  /** Server action that receives `id` and creates the next version. */
  action: DesignAction;
  specificationId: string;
};

/** Renders the button that starts the next version of a specification. */
export function NewVersionForm({ action, specificationId }: NewVersionFormProps) {
  const [state, formAction, pending] = useActionState<DesignActionState, FormData>(action, {});
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="id" value={specificationId} />
      <Button type="submit" variant="outline" disabled={pending}>
        {pending ? "Creating…" : "New version"}
      </Button>
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
    </form>
  );
}
