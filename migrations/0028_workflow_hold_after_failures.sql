ALTER TABLE `n8n_workflows` ADD `calls_held_reason` text;--> statement-breakpoint
ALTER TABLE `n8n_workflows` ADD `hold_after_failures` integer;