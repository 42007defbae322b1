ALTER TABLE `n8n_workflows` ADD `max_running` integer CONSTRAINT "n8n_workflows_max_running_check" CHECK("max_running" is null or "max_running" >= 1);--> statement-breakpoint
CREATE INDEX `workflow_executions_running_idx` ON `workflow_executions` (`workflow_id`) WHERE status = 'running';
