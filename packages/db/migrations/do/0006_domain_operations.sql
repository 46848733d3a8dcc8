CREATE TABLE "deployment_usage_sample" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deployment_usage_sample_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"sampled_at" timestamp with time zone NOT NULL,
	"namespace" text NOT NULL,
	"deployment_name" text NOT NULL,
	"service_id" text,
	"service_specification_id" text,
	"replicas" integer NOT NULL,
	"ready_replicas" integer NOT NULL,
	"cpu_millicores" double precision,
	"memory_bytes" double precision,
	"healthy" boolean NOT NULL,
	"probe_latency_ms" double precision
);
--> statement-breakpoint
CREATE TABLE "domain_party" (
	"party_id" text PRIMARY KEY NOT NULL,
	"party_type" text NOT NULL,
	"roles" jsonb NOT NULL,
	"state" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domain_sla" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"service_specification_id" text,
	"service_id" text,
	"availability_target_percent" double precision,
	"latency_target_ms" double precision,
	"window_minutes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "node_usage_sample" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "node_usage_sample_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"sampled_at" timestamp with time zone NOT NULL,
	"node" text NOT NULL,
	"cpu_used_millicores" double precision,
	"cpu_allocatable_millicores" double precision NOT NULL,
	"memory_used_bytes" double precision,
	"memory_allocatable_bytes" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_breach" (
	"id" text PRIMARY KEY NOT NULL,
	"sla_id" text NOT NULL,
	"service_id" text NOT NULL,
	"metric" text NOT NULL,
	"target" double precision NOT NULL,
	"worst_value" double precision NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "sla_breach" ADD CONSTRAINT "sla_breach_sla_id_domain_sla_id_fk" FOREIGN KEY ("sla_id") REFERENCES "public"."domain_sla"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deployment_usage_sample_sampled_at_index" ON "deployment_usage_sample" USING btree ("sampled_at");--> statement-breakpoint
CREATE INDEX "deployment_usage_sample_service_id_sampled_at_index" ON "deployment_usage_sample" USING btree ("service_id","sampled_at");--> statement-breakpoint
CREATE INDEX "domain_party_state_index" ON "domain_party" USING btree ("state");--> statement-breakpoint
CREATE INDEX "domain_sla_service_specification_id_index" ON "domain_sla" USING btree ("service_specification_id");--> statement-breakpoint
CREATE INDEX "domain_sla_service_id_index" ON "domain_sla" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "node_usage_sample_sampled_at_index" ON "node_usage_sample" USING btree ("sampled_at");--> statement-breakpoint
CREATE INDEX "node_usage_sample_node_sampled_at_index" ON "node_usage_sample" USING btree ("node","sampled_at");--> statement-breakpoint
CREATE INDEX "sla_breach_sla_id_started_at_index" ON "sla_breach" USING btree ("sla_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_breach_open" ON "sla_breach" USING btree ("sla_id","service_id","metric") WHERE ended_at is null;