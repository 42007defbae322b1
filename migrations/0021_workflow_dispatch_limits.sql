ALTER TABLE `n8n_workflows` ADD `max_per_hour` integer CONSTRAINT "n8n_workflows_max_per_hour_check" CHECK("max_per_hour" is null or "max_per_hour" >= 1);--> statement-breakpoint
ALTER TABLE `n8n_workflows` ADD `send_window` text CONSTRAINT "n8n_workflows_send_window_json" CHECK("send_window" is null or json_valid("send_window"));--> statement-breakpoint
CREATE INDEX `outbox_dispatched_idx` ON `outbox` (`workflow_id`,`updated_at`) WHERE kind = 'dispatch' and status in ('done', 'sending');
