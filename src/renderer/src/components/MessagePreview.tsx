import { useMemo } from 'react'
import { plural } from '../../../shared/text'
import { previewOf, type PreviewLink } from '../lib/approval-preview'

const SHOWN_RECIPIENTS = 5
const SHOWN_LINKS = 20

/**
 * What the approval would send, as its reader would see it: recipients, subject, the body as
 * text and every link with where it really goes. Nothing in it is rendered, loaded or clickable.
 */
export function MessagePreview({ data }: { data: unknown }) {
  const preview = useMemo(() => previewOf(data), [data])
  if (!preview) return null
  const { to, recipientCount, links } = preview
  const moreRecipients = Math.max(0, (recipientCount ?? to.length) - Math.min(to.length, SHOWN_RECIPIENTS))
  const misleading = links.filter((link) => link.misleading).length
  return (
    <section className="message-preview" data-testid="message-preview" aria-label="What it sends">
      <h4>What it sends</h4>
      {preview.unevaluated.length > 0 && (
        <p className="warning" data-testid="preview-unevaluated">
          n8n sent {preview.unevaluated.join(', ')} as text: an expression that was never evaluated — every recipient would read it as written
        </p>
      )}
      <dl className="facts">
        {(to.length > 0 || recipientCount !== null) && (
          <>
            <dt>To</dt>
            <dd data-testid="preview-to">
              {to.slice(0, SHOWN_RECIPIENTS).join(', ')}
              {to.length > 0 && moreRecipients > 0 && ` and ${moreRecipients.toLocaleString()} more`}
              {to.length === 0 && plural(recipientCount!, 'recipient')}
            </dd>
          </>
        )}
        {preview.from && (
          <>
            <dt>From</dt>
            <dd>{preview.from}</dd>
          </>
        )}
        {preview.subject && (
          <>
            <dt>Subject</dt>
            <dd data-testid="preview-subject">{preview.subject}</dd>
          </>
        )}
      </dl>
      {preview.body && (
        <>
          <pre className="message-body" aria-label="Message" data-testid="preview-body">
            {preview.body}
          </pre>
          {preview.bodyWasHtml && (
            <p className="muted small">
              HTML shown as text{preview.remoteImages > 0 && `; ${plural(preview.remoteImages, 'image')} from elsewhere not loaded`}
            </p>
          )}
        </>
      )}
      {links.length > 0 && (
        <>
          <p className={misleading ? 'warning' : 'muted'} data-testid="preview-links-summary">
            {plural(links.length, 'link')}
            {misleading > 0 && `: ${misleading} whose words name another site than where ${misleading === 1 ? 'it goes' : 'they go'}`}
          </p>
          <ul className="preview-links" data-testid="preview-links">
            {links.slice(0, SHOWN_LINKS).map((link) => (
              <LinkLine key={link.href} link={link} />
            ))}
            {links.length > SHOWN_LINKS && <li className="muted">and {links.length - SHOWN_LINKS} more in the payload</li>}
          </ul>
        </>
      )}
    </section>
  )
}

/** A link as text, never followed from here: its words, where it goes, and a warning when those differ. */
function LinkLine({ link }: { link: PreviewLink }) {
  return (
    <li className={link.misleading ? 'warning' : undefined}>
      {link.label && <span>“{link.label}” → </span>}
      <span className="code">{link.href}</span>
      {link.misleading && <strong> — goes to {link.host}, not where its words say</strong>}
    </li>
  )
}
