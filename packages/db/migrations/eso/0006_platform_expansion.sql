CREATE TABLE "domain_cluster" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"organization_id" text NOT NULL,
	"fabric_identity_id" text NOT NULL,
	"kind" text NOT NULL,
	"api_server_url" text,
	"sealed_kubeconfig" text,
	"version" text,
	"nodes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fabric_entities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'connected' NOT NULL,
	"last_checked_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domain_orchestrator_deployment" (
	"id" text PRIMARY KEY NOT NULL,
	"service_order_id" text NOT NULL,
	"order_item_id" text NOT NULL,
	"cluster_id" text NOT NULL,
	"domain_id" text NOT NULL,
	"domain_name" text NOT NULL,
	"name" text NOT NULL,
	"artifact" jsonb NOT NULL,
	"starter_catalog" text NOT NULL,
	"expires_at" timestamp with time zone,
	"state" text DEFAULT 'deploying' NOT NULL,
	"endpoint" text,
	"sealed_secrets" text NOT NULL,
	"peer_id" text,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fabric_identity" (
	"id" text PRIMARY KEY NOT NULL,
	"fabric_network_id" text NOT NULL,
	"remote_id" text NOT NULL,
	"name" text NOT NULL,
	"organization_id" text NOT NULL,
	"purpose" text DEFAULT 'domain' NOT NULL,
	"domain_name" text NOT NULL,
	"location_name" text,
	"latitude" double precision,
	"longitude" double precision,
	"status" text DEFAULT 'pendingEnrollment' NOT NULL,
	"enrolled" boolean DEFAULT false NOT NULL,
	"online" boolean DEFAULT false NOT NULL,
	"connected_at" timestamp with time zone,
	"last_checked_at" timestamp with time zone,
	"last_error" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fabric_network" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"controller_url" text NOT NULL,
	"organization_id" text NOT NULL,
	"sealed_credentials" text NOT NULL,
	"location_name" text,
	"latitude" double precision,
	"longitude" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fabric_network_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "simulated_fabric_record" (
	"key" text PRIMARY KEY NOT NULL,
	"record" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "simulated_cluster_record" (
	"key" text PRIMARY KEY NOT NULL,
	"record" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "domain_cluster" ADD CONSTRAINT "domain_cluster_fabric_identity_id_fabric_identity_id_fk" FOREIGN KEY ("fabric_identity_id") REFERENCES "public"."fabric_identity"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_orchestrator_deployment" ADD CONSTRAINT "domain_orchestrator_deployment_cluster_id_domain_cluster_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."domain_cluster"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fabric_identity" ADD CONSTRAINT "fabric_identity_fabric_network_id_fabric_network_id_fk" FOREIGN KEY ("fabric_network_id") REFERENCES "public"."fabric_network"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "domain_cluster_organization_id_name_index" ON "domain_cluster" USING btree ("organization_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "domain_orchestrator_deployment_service_order_id_order_item_id_index" ON "domain_orchestrator_deployment" USING btree ("service_order_id","order_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "domain_orchestrator_deployment_domain_id_index" ON "domain_orchestrator_deployment" USING btree ("domain_id");--> statement-breakpoint
CREATE INDEX "domain_orchestrator_deployment_next_attempt_at_index" ON "domain_orchestrator_deployment" USING btree ("next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "fabric_identity_fabric_network_id_name_index" ON "fabric_identity" USING btree ("fabric_network_id","name");--> statement-breakpoint
CREATE INDEX "fabric_identity_organization_id_index" ON "fabric_identity" USING btree ("organization_id");