ALTER TABLE `n8n_workflows` ADD `max_per_day` integer CONSTRAINT "n8n_workflows_max_per_day_check" CHECK("max_per_day" is null or "max_per_day" >= 1);
