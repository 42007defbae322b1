DROP INDEX `workflow_executions_workflow_idx`;--> statement-breakpoint
CREATE INDEX `workflow_executions_workflow_idx` ON `workflow_executions` (`workflow_id`,`created_at`,`status`);--> statement-breakpoint
CREATE INDEX `workflow_approvals_n8n_execution_idx` ON `workflow_approvals` (`n8n_execution_id`) WHERE n8n_execution_id is not null;