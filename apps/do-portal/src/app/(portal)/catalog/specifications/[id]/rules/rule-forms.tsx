"use client";

import { useActionState, useState } from "react";
import { actionsByCheckpoint, policyCheckpoints, type PolicyActionType, type PolicyCheckpoint } from "@cop-pilot/policy";
import { Alert, Button, FormField, Input, Select, Textarea } from "@cop-pilot/ui";
import { createRule, testRule, type RuleFormState, type RuleTestState } from "./actions";

const checkpointLabels: Record<PolicyCheckpoint, string> = {
  beforeProvisioning: "Before provisioning (orders)",
  afterActivation: "After activation",
  onCharacteristicChange: "On a characteristic change (modify orders)",
  supervision: "Supervision tick (telemetry)",
};

const actionLabels: Record<PolicyActionType, string> = {
  reject: "reject(message)",
  setCharacteristic: "setCharacteristic(name, value)",
  scale: "scale(replicas)",
  notify: "notify(message)",
};

/** Form that attaches a new rule to the specification. */
export function AddRuleForm({ specificationId }: { specificationId: string }) {
  const [state, action, pending] = useActionState<RuleFormState, FormData>(createRule, {});
  const [checkpoint, setCheckpoint] = useState<PolicyCheckpoint>("beforeProvisioning");
  const allowed = actionsByCheckpoint[checkpoint];
  const [chosenAction, setActionType] = useState<PolicyActionType>("reject");
  const actionType = allowed.includes(chosenAction) ? chosenAction : allowed[0]!;

  return (
    <form action={action} className="grid gap-4 md:grid-cols-2">
      <input type="hidden" name="specificationId" value={specificationId} />
      <FormField label="Name" id="rule-name" required>
        <Input name="name" maxLength={120} placeholder="e.g. Replica limit" />
      </FormField>
      <FormField label="Checkpoint" id="rule-checkpoint">
        <Select name="checkpoint" value={checkpoint} onChange={(event) => setCheckpoint(event.target.value as PolicyCheckpoint)}>
          {policyCheckpoints.map((value) => (
            <option key={value} value={value}>
              {checkpointLabels[value]}
            </option>
          ))}
        </Select>
      </FormField>
      <FormField
        label="Condition"
        id="rule-condition"
        required
        className="md:col-span-2"
        description="Characteristic names and, on supervision ticks, cpu (percent of requested CPU), replicas and readyReplicas; compare with == != < <= > >=, combine with and, or, not, and test lists with in [..]."
      >
        <Input name="condition" maxLength={1000} placeholder="replicas > 5" className="font-mono" />
      </FormField>
      <FormField label="Action" id="rule-action">
        <Select name="actionType" value={actionType} onChange={(event) => setActionType(event.target.value as PolicyActionType)}>
          {allowed.map((value) => (
            <option key={value} value={value}>
              {actionLabels[value]}
            </option>
          ))}
        </Select>
      </FormField>
      {actionType === "reject" || actionType === "notify" ? (
        <FormField label="Message" id="rule-message" required>
          <Input name="message" maxLength={500} placeholder={actionType === "reject" ? "At most 5 replicas" : "CPU is high"} />
        </FormField>
      ) : null}
      {actionType === "scale" ? (
        <FormField label="Replicas" id="rule-replicas" required>
          <Input name="replicas" type="number" min={0} max={100} step={1} placeholder="3" />
        </FormField>
      ) : null}
      {actionType === "setCharacteristic" ? (
        <>
          <FormField label="Characteristic" id="rule-characteristic-name" required>
            <Input name="characteristicName" maxLength={100} placeholder="replicas" />
          </FormField>
          <FormField label="Value" id="rule-characteristic-value" description="A number, true, false or text.">
            <Input name="characteristicValue" maxLength={500} />
          </FormField>
        </>
      ) : null}
      <div className="flex flex-col gap-3 md:col-span-2">
        {state.error ? <Alert variant="error">{state.error}</Alert> : null}
        {state.created && !pending ? <Alert variant="success">Rule “{state.created}” added.</Alert> : null}
        <Button type="submit" disabled={pending} className="self-start">
          {pending ? "Adding…" : "Add rule"}
        </Button>
      </div>
    </form>
  );
}

/** Box that evaluates a condition against sample values without storing anything. */
export function TestRuleForm() {
  const [state, action, pending] = useActionState<RuleTestState, FormData>(testRule, {});
  return (
    <form action={action} className="flex flex-col gap-4">
      <FormField label="Condition" id="test-condition">
        <Input name="condition" maxLength={1000} placeholder="cpu > 80" className="font-mono" />
      </FormField>
      <FormField label="Sample values" id="test-samples" description='One "name = value" per line; quote text that looks like a number.'>
        <Textarea name="samples" rows={4} className="font-mono" placeholder={"cpu = 90\nreplicas = 1"} />
      </FormField>
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      {state.result !== undefined && !state.error ? (
        <Alert variant={state.result ? "warning" : "info"}>{state.result ? "The condition holds: the rule fires." : "The condition does not hold: the rule does not fire."}</Alert>
      ) : null}
      <Button type="submit" variant="outline" disabled={pending} className="self-start">
        {pending ? "Evaluating…" : "Test condition"}
      </Button>
    </form>
  );
}
