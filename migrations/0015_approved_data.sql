ALTER TABLE `workflow_approvals` ADD `approved_data` text CONSTRAINT "workflow_approvals_approved_data_json" CHECK("approved_data" is null or json_valid("approved_data"));--> statement-breakpoint
ALTER TABLE `undoable_decisions` ADD `approved_data` text CONSTRAINT "undoable_decisions_approved_data_json" CHECK("approved_data" is null or json_valid("approved_data"));
