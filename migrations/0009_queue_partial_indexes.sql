DROP INDEX `webhook_queue_workflow_idx`;--> statement-breakpoint
DROP INDEX `webhook_queue_dedupe_unique`;--> statement-breakpoint
CREATE INDEX `webhook_queue_workflow_idx` ON `webhook_queue` (`workflow_id`,`id`) WHERE workflow_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_queue_dedupe_unique` ON `webhook_queue` (`dedupe_key`) WHERE dedupe_key is not null;