ALTER TABLE `n8n_workflows` ADD `calls_held` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `workflow_id` integer;--> statement-breakpoint
CREATE INDEX `outbox_workflow_idx` ON `outbox` (`workflow_id`,`status`);--> statement-breakpoint
UPDATE `outbox` SET `workflow_id` = coalesce((SELECT `workflow_id` FROM `workflow_executions` e WHERE e.`id` = `outbox`.`execution_id`), (SELECT `workflow_id` FROM `workflow_approvals` a WHERE a.`id` = `outbox`.`approval_id`));
