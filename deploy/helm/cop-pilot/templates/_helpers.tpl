{{/* Name of a component's objects: <release>-<component>. */}}
{{- define "cop-pilot.name" -}}
{{- printf "%s-%s" .root.Release.Name .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "cop-pilot.labels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: cop-pilot
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "cop-pilot.selector" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "cop-pilot.image" -}}
{{- printf "%s/%s:%s" .root.Values.image.repository .image .root.Values.image.tag -}}
{{- end -}}

{{/* `do-central-macedonia` → `DO_CENTRAL_MACEDONIA`, the prefix of a component's keys in the credentials secret. */}}
{{- define "cop-pilot.secretPrefix" -}}
{{- . | upper | replace "-" "_" -}}
{{- end -}}

{{- define "cop-pilot.postgresHost" -}}
{{- if .Values.postgresql.enabled -}}
{{- printf "%s-postgres" .Release.Name -}}
{{- else -}}
{{- required "postgresql.host is required when postgresql.enabled is false" .Values.postgresql.host -}}
{{- end -}}
{{- end -}}

{{/* Environment giving POSTGRES_PASSWORD and DATABASE_URL for database .database. */}}
{{- define "cop-pilot.databaseEnv" -}}
- name: POSTGRES_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ .root.Values.credentialsSecret }}, key: POSTGRES_PASSWORD }
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(POSTGRES_PASSWORD)@%s:%v/%s" .root.Values.postgresql.user (include "cop-pilot.postgresHost" .root) .root.Values.postgresql.port .database | quote }}
{{- end -}}

{{/* Environment every portal shares: its token, session secret and public URL. */}}
{{- define "cop-pilot.componentEnv" -}}
{{- $prefix := include "cop-pilot.secretPrefix" .component -}}
- name: API_TOKEN
  valueFrom:
    secretKeyRef: { name: {{ .root.Values.credentialsSecret }}, key: {{ printf "%s_API_TOKEN" $prefix }} }
- name: BETTER_AUTH_SECRET
  valueFrom:
    secretKeyRef: { name: {{ .root.Values.credentialsSecret }}, key: {{ printf "%s_AUTH_SECRET" $prefix }} }
- name: PUBLIC_URL
  value: {{ printf "%s://%s" .root.Values.publicScheme .host | quote }}
- name: COP_PILOT_COMPONENT
  value: {{ .component }}
{{- end -}}

{{/* Waits until the init job has created the component's database. */}}
{{- define "cop-pilot.waitForDatabase" -}}
- name: wait-for-database
  image: {{ .root.Values.postgresql.image }}
  command: ["sh", "-c", "until psql \"$DATABASE_URL\" -c 'select 1' >/dev/null 2>&1; do echo waiting for the database; sleep 3; done"]
  env:
    {{- include "cop-pilot.databaseEnv" . | nindent 4 }}
{{- end -}}

{{/* Probes: /readyz checks the database and its migrations, /healthz only that the process serves. */}}
{{- define "cop-pilot.probes" -}}
startupProbe:
  httpGet: { path: /readyz, port: http }
  periodSeconds: 5
  failureThreshold: 60
readinessProbe:
  httpGet: { path: /readyz, port: http }
  periodSeconds: 10
livenessProbe:
  httpGet: { path: /healthz, port: http }
  periodSeconds: 20
  failureThreshold: 3
{{- end -}}
