/**
 * Marks the oldest due items processing and returns them. Run on the writer thread (handed over
 * as text); the claim index lets it walk queued items in id order and stop after `limit`,
 * so a claim costs the same with 10 or 100,000 items waiting.
 */
export const CLAIM_DUE_ITEMS_SQL = `update webhook_queue set status = 'processing', updated_at = ?
  where id in (select id from webhook_queue where status = 'queued' and (next_retry_at is null or next_retry_at <= ?)
               order by id limit ?)
  returning id, workflow_id, kind, webhook_payload, retry_count, attempts`
