CREATE TABLE `undoable_decisions` (
	`approval_id` integer PRIMARY KEY NOT NULL,
	`decision` text NOT NULL,
	`approver` text NOT NULL,
	`reason` text,
	`source` text NOT NULL,
	`decided_at` integer NOT NULL,
	`takes_effect_at` integer NOT NULL,
	FOREIGN KEY (`approval_id`) REFERENCES `workflow_approvals`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "undoable_decisions_decision_check" CHECK("undoable_decisions"."decision" in ('approved', 'rejected')),
	CONSTRAINT "undoable_decisions_source_check" CHECK("undoable_decisions"."source" in ('window', 'tray', 'notification', 'bulk', 'auto', 'expiry', 'api'))
);
--> statement-breakpoint
CREATE INDEX `undoable_decisions_due_idx` ON `undoable_decisions` (`takes_effect_at`);