CREATE TABLE `model_calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`approval_id` integer,
	`asked_at` integer NOT NULL,
	`model` text NOT NULL,
	`outcome` text NOT NULL,
	`prompt_tokens` integer,
	`completion_tokens` integer,
	`cost` real,
	FOREIGN KEY (`approval_id`) REFERENCES `workflow_approvals`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "model_calls_outcome_check" CHECK("model_calls"."outcome" in ('answered', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `model_calls_asked_idx` ON `model_calls` (`asked_at`);--> statement-breakpoint
CREATE INDEX `model_calls_approval_idx` ON `model_calls` (`approval_id`);