ALTER TABLE `workflow_executions` ADD `deadline_at` integer;--> statement-breakpoint
CREATE INDEX `workflow_executions_deadline_idx` ON `workflow_executions` (`status`,`deadline_at`);