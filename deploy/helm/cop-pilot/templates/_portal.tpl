{{/*
A portal: Deployment and Service of one Next.js app. Takes a dict with root,
component (e.g. do-lulea), image (do-portal, eso-portal, bmp), host, database,
resources, extraEnv (a YAML list as text), and optional volumes/volumeMounts.
*/}}
{{- define "cop-pilot.portal" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "cop-pilot.name" . }}
  labels:
    {{- include "cop-pilot.labels" . | nindent 4 }}
spec:
  replicas: 1
  # One process owns a component's background loops; a second replica would poll twice.
  strategy: { type: Recreate }
  selector:
    matchLabels:
      {{- include "cop-pilot.selector" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "cop-pilot.labels" . | nindent 8 }}
    spec:
      securityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000 }
      initContainers:
        {{- include "cop-pilot.waitForDatabase" . | nindent 8 }}
      containers:
        - name: {{ .image }}
          image: {{ include "cop-pilot.image" . }}
          imagePullPolicy: {{ .root.Values.image.pullPolicy }}
          ports:
            - { name: http, containerPort: 3000 }
          env:
            {{- include "cop-pilot.databaseEnv" . | nindent 12 }}
            {{- include "cop-pilot.componentEnv" . | nindent 12 }}
            {{- with .extraEnv }}
            {{- . | nindent 12 }}
            {{- end }}
          {{- include "cop-pilot.probes" . | nindent 10 }}
          resources:
            {{- toYaml .resources | nindent 12 }}
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: false }
          {{- with .volumeMounts }}
          volumeMounts:
            {{- . | nindent 12 }}
          {{- end }}
      {{- with .volumes }}
      volumes:
        {{- . | nindent 8 }}
      {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "cop-pilot.name" . }}
  labels:
    {{- include "cop-pilot.labels" . | nindent 4 }}
spec:
  selector:
    {{- include "cop-pilot.selector" . | nindent 4 }}
  ports:
    - { name: http, port: 80, targetPort: http }
{{- end -}}
