ALTER TABLE `n8n_workflows` ADD `n8n_credential_id` text;--> statement-breakpoint
ALTER TABLE `n8n_workflows` ADD `n8n_credential_secret` text;