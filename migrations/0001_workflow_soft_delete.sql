DROP INDEX `n8n_workflows_name_unique`;--> statement-breakpoint
ALTER TABLE `n8n_workflows` ADD `deleted_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `n8n_workflows_name_unique` ON `n8n_workflows` (`workflow_name`) WHERE deleted_at is null;