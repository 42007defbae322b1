ALTER TABLE `workflow_approvals` ADD `workflow_id` integer;--> statement-breakpoint
ALTER TABLE `workflow_approvals` ADD `auto_outcome` text;--> statement-breakpoint
ALTER TABLE `workflow_approvals` ADD `auto_reason` text;--> statement-breakpoint
ALTER TABLE `workflow_approvals` ADD `auto_model` text;--> statement-breakpoint
ALTER TABLE `workflow_approvals` ADD `auto_latency_ms` integer;--> statement-breakpoint
ALTER TABLE `workflow_approvals` ADD `auto_prompt_tokens` integer;--> statement-breakpoint
ALTER TABLE `workflow_approvals` ADD `auto_completion_tokens` integer;