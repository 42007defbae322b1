CREATE TABLE `n8n_workflows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workflow_name` text NOT NULL,
	`workflow_description` text,
	`n8n_workflow_id` text,
	`webhook_url` text,
	`trigger_events` text DEFAULT '[]' NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`requires_approval` integer DEFAULT false NOT NULL,
	`auto_approval_enabled` integer DEFAULT false NOT NULL,
	`default_approval_type` text DEFAULT 'workflow_execution' NOT NULL,
	`default_priority` text DEFAULT 'medium' NOT NULL,
	`timeout_seconds` integer,
	`webhook_secret` text,
	`execution_count` integer DEFAULT 0 NOT NULL,
	`success_count` integer DEFAULT 0 NOT NULL,
	`failure_count` integer DEFAULT 0 NOT NULL,
	`total_duration_seconds` real DEFAULT 0 NOT NULL,
	`last_run_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "n8n_workflows_trigger_events_json" CHECK(json_valid("n8n_workflows"."trigger_events") and json_type("n8n_workflows"."trigger_events") = 'array'),
	CONSTRAINT "n8n_workflows_priority_check" CHECK("n8n_workflows"."default_priority" in ('high', 'medium', 'low')),
	CONSTRAINT "n8n_workflows_counts_check" CHECK("n8n_workflows"."execution_count" >= 0 and "n8n_workflows"."success_count" >= 0 and "n8n_workflows"."failure_count" >= 0),
	CONSTRAINT "n8n_workflows_timeout_check" CHECK("n8n_workflows"."timeout_seconds" is null or "n8n_workflows"."timeout_seconds" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `n8n_workflows_name_unique` ON `n8n_workflows` (`workflow_name`);--> statement-breakpoint
CREATE INDEX `n8n_workflows_active_idx` ON `n8n_workflows` (`is_active`);--> statement-breakpoint
CREATE INDEX `n8n_workflows_n8n_id_idx` ON `n8n_workflows` (`n8n_workflow_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`target_url` text NOT NULL,
	`method` text DEFAULT 'POST' NOT NULL,
	`headers` text,
	`body` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`last_status` integer,
	`execution_id` integer,
	`approval_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`execution_id`) REFERENCES `workflow_executions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approval_id`) REFERENCES `workflow_approvals`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "outbox_kind_check" CHECK("outbox"."kind" in ('dispatch', 'resume', 'stop')),
	CONSTRAINT "outbox_status_check" CHECK("outbox"."status" in ('pending', 'sending', 'done', 'failed')),
	CONSTRAINT "outbox_headers_json" CHECK("outbox"."headers" is null or json_valid("outbox"."headers")),
	CONSTRAINT "outbox_body_json" CHECK("outbox"."body" is null or json_valid("outbox"."body"))
);
--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_execution_idx` ON `outbox` (`execution_id`);--> statement-breakpoint
CREATE INDEX `outbox_approval_idx` ON `outbox` (`approval_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`sealed` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhook_queue` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workflow_id` integer,
	`kind` text DEFAULT 'trigger' NOT NULL,
	`webhook_payload` text NOT NULL,
	`headers` text,
	`source` text,
	`dedupe_key` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`retry_count` integer DEFAULT 0 NOT NULL,
	`next_retry_at` integer,
	`last_error` text,
	`attempts` text DEFAULT '[]' NOT NULL,
	`received_at` integer NOT NULL,
	`processed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workflow_id`) REFERENCES `n8n_workflows`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "webhook_queue_status_check" CHECK("webhook_queue"."status" in ('queued', 'processing', 'completed', 'failed')),
	CONSTRAINT "webhook_queue_kind_check" CHECK("webhook_queue"."kind" in ('execution_callback', 'approval_request', 'trigger', 'generic_event')),
	CONSTRAINT "webhook_queue_payload_json" CHECK(json_valid("webhook_queue"."webhook_payload")),
	CONSTRAINT "webhook_queue_headers_json" CHECK("webhook_queue"."headers" is null or json_valid("webhook_queue"."headers")),
	CONSTRAINT "webhook_queue_attempts_json" CHECK(json_valid("webhook_queue"."attempts")),
	CONSTRAINT "webhook_queue_retry_check" CHECK("webhook_queue"."retry_count" >= 0)
);
--> statement-breakpoint
CREATE INDEX `webhook_queue_due_idx` ON `webhook_queue` (`status`,`next_retry_at`);--> statement-breakpoint
CREATE INDEX `webhook_queue_workflow_idx` ON `webhook_queue` (`workflow_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_queue_dedupe_unique` ON `webhook_queue` (`dedupe_key`);--> statement-breakpoint
CREATE TABLE `workflow_approvals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`execution_id` integer,
	`n8n_execution_id` text,
	`resume_url` text,
	`approval_type` text NOT NULL,
	`approval_title` text NOT NULL,
	`approval_description` text,
	`approval_data` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`priority` text DEFAULT 'medium' NOT NULL,
	`auto_approval_confidence` integer,
	`auto_approval_reasoning` text,
	`expires_at` integer,
	`decided_by` text,
	`decided_at` integer,
	`decision_reason` text,
	`decision_source` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`execution_id`) REFERENCES `workflow_executions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "workflow_approvals_status_check" CHECK("workflow_approvals"."status" in ('pending', 'approved', 'rejected', 'expired')),
	CONSTRAINT "workflow_approvals_priority_check" CHECK("workflow_approvals"."priority" in ('high', 'medium', 'low')),
	CONSTRAINT "workflow_approvals_source_check" CHECK("workflow_approvals"."decision_source" is null or "workflow_approvals"."decision_source" in ('window', 'tray', 'notification', 'bulk', 'auto', 'expiry', 'api')),
	CONSTRAINT "workflow_approvals_confidence_check" CHECK("workflow_approvals"."auto_approval_confidence" is null or "workflow_approvals"."auto_approval_confidence" between 0 and 100),
	CONSTRAINT "workflow_approvals_data_json" CHECK("workflow_approvals"."approval_data" is null or json_valid("workflow_approvals"."approval_data"))
);
--> statement-breakpoint
CREATE INDEX `workflow_approvals_inbox_idx` ON `workflow_approvals` (`status`,`priority`,`created_at`);--> statement-breakpoint
CREATE INDEX `workflow_approvals_expiry_idx` ON `workflow_approvals` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `workflow_approvals_execution_idx` ON `workflow_approvals` (`execution_id`);--> statement-breakpoint
CREATE TABLE `workflow_executions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workflow_id` integer NOT NULL,
	`n8n_execution_id` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`input_data` text,
	`output_data` text,
	`duration_seconds` real,
	`error_message` text,
	`trigger_event` text,
	`trigger_source` text,
	`attempt` integer DEFAULT 1 NOT NULL,
	`retry_of` integer,
	`started_at` integer,
	`finished_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workflow_id`) REFERENCES `n8n_workflows`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`retry_of`) REFERENCES `workflow_executions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "workflow_executions_status_check" CHECK("workflow_executions"."status" in ('pending', 'running', 'completed', 'failed', 'cancelled')),
	CONSTRAINT "workflow_executions_input_json" CHECK("workflow_executions"."input_data" is null or json_valid("workflow_executions"."input_data")),
	CONSTRAINT "workflow_executions_output_json" CHECK("workflow_executions"."output_data" is null or json_valid("workflow_executions"."output_data")),
	CONSTRAINT "workflow_executions_duration_check" CHECK("workflow_executions"."duration_seconds" is null or "workflow_executions"."duration_seconds" >= 0)
);
--> statement-breakpoint
CREATE INDEX `workflow_executions_workflow_idx` ON `workflow_executions` (`workflow_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `workflow_executions_status_idx` ON `workflow_executions` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `workflow_executions_created_idx` ON `workflow_executions` (`created_at`);--> statement-breakpoint
CREATE INDEX `workflow_executions_n8n_id_idx` ON `workflow_executions` (`n8n_execution_id`);--> statement-breakpoint
CREATE TABLE `workflow_monitoring` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workflow_id` integer,
	`execution_id` integer,
	`event_type` text NOT NULL,
	`severity` text DEFAULT 'info' NOT NULL,
	`event_data` text,
	`timestamp` integer NOT NULL,
	CONSTRAINT "workflow_monitoring_severity_check" CHECK("workflow_monitoring"."severity" in ('info', 'warning', 'error', 'critical')),
	CONSTRAINT "workflow_monitoring_data_json" CHECK("workflow_monitoring"."event_data" is null or json_valid("workflow_monitoring"."event_data"))
);
--> statement-breakpoint
CREATE INDEX `workflow_monitoring_time_idx` ON `workflow_monitoring` (`timestamp`);--> statement-breakpoint
CREATE INDEX `workflow_monitoring_severity_idx` ON `workflow_monitoring` (`severity`,`timestamp`);--> statement-breakpoint
CREATE INDEX `workflow_monitoring_workflow_idx` ON `workflow_monitoring` (`workflow_id`,`timestamp`);--> statement-breakpoint
CREATE INDEX `workflow_monitoring_execution_idx` ON `workflow_monitoring` (`execution_id`);