import { linkifyit } from 'linkify-it'
import { unevaluatedExpressions } from '../../../shared/n8n-expressions'
import { textsIn } from '../../../shared/text'
import { htmlAsText, looksLikeHtml, type HtmlAsText, type HtmlLink } from './html-text'

export interface PreviewLink {
  href: string
  /** Where it goes; null for a link with no site of its own (a relative one). */
  host: string | null
  /** The words shown for it in an HTML body. */
  label: string | null
  /** The words name a site other than the one the link goes to: "paypal.com" leading elsewhere. */
  misleading: boolean
}

/** What an approval would send, as a person reads it, found in the usual fields of its data. */
export interface MessagePreview {
  to: string[]
  recipientCount: number | null
  from: string | null
  subject: string | null
  body: string | null
  bodyWasHtml: boolean
  /** Images in an HTML body that would load from elsewhere; never fetched here. */
  remoteImages: number
  /** Every link in the data, once each, those that mislead first. */
  links: PreviewLink[]
  /** n8n expressions sent unevaluated anywhere in the data (`{{ $json.first_name }}`, `[object Object]`). */
  unevaluated: string[]
}

const TO_FIELDS = ['to', 'recipients', 'recipient', 'emails', 'email']
const FROM_FIELDS = ['from', 'sender']
const SUBJECT_FIELDS = ['subject', 'email_subject']
const BODY_FIELDS = ['html', 'body_html', 'html_body', 'email_html', 'body', 'text', 'message', 'content', 'email_body']
/** Where a workflow may keep the message itself, one level down. */
const MESSAGE_FIELDS = ['email', 'message', 'mail']

const webLinks = linkifyit({ fuzzyLink: true, fuzzyEmail: false })

type Data = Record<string, unknown>
const isObject = (value: unknown): value is Data => value !== null && typeof value === 'object' && !Array.isArray(value)
const firstText = (data: Data, fields: string[]) => fields.map((field) => data[field]).find((value): value is string => typeof value === 'string' && value.trim() !== '') ?? null

/** The data itself, or the message object inside it when the fields sit there. */
function messageFields(data: Data): Data {
  const holdsMessage = (candidate: Data) => firstText(candidate, [...SUBJECT_FIELDS, ...BODY_FIELDS]) !== null
  if (holdsMessage(data)) return data
  return MESSAGE_FIELDS.map((field) => data[field]).find((value): value is Data => isObject(value) && holdsMessage(value)) ?? data
}

/** Addresses as written: a list, a comma-separated text, or objects with an `email` or `address`. */
function addressesOf(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[,;]/).map((part) => part.trim()).filter(Boolean)
  if (Array.isArray(value)) return value.flatMap(addressesOf)
  if (isObject(value)) return addressesOf(value.email ?? value.address ?? null)
  return []
}

const recipientsIn = (fields: Data) => [...new Set(TO_FIELDS.flatMap((field) => addressesOf(fields[field])).filter((address) => address.includes('@')))]

/** Where a link goes: its host, the domain of a `mailto:`, or null for a relative link or another scheme. */
function hostOf(href: string): string | null {
  if (/^mailto:/i.test(href)) return href.slice(href.lastIndexOf('@') + 1).toLowerCase() || null
  const absolute = href.startsWith('//') ? `https:${href}` : href
  return URL.canParse(absolute) && /^(https?|ftp):$/.test(new URL(absolute).protocol) ? new URL(absolute).hostname : null
}

/** Does one site contain the other (www.acme.com and acme.com are the same site)? */
const sameSite = (a: string, b: string) => a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`)

function previewLink({ href, label }: { href: string; label: string | null }): PreviewLink {
  const host = hostOf(href)
  const named = label ? webLinks.match(label)?.[0] : null
  const namedHost = named ? hostOf(named.url) : null
  return { href, host, label, misleading: host !== null && namedHost !== null && !sameSite(host, namedHost) }
}

/** The links of every text in the data: an HTML text's anchors with their words, and links written out in plain text. */
function linksIn(data: Data, read: (html: string) => HtmlAsText): PreviewLink[] {
  const found: (HtmlLink | { href: string; label: null })[] = textsIn(data).flatMap((text) => {
    const html = looksLikeHtml(text) ? read(text) : null
    const plain = (webLinks.match(html ? html.textOutsideLinks : text) ?? []).map((match) => ({ href: match.url, label: null }))
    return [...(html?.links ?? []), ...plain]
  })
  const once = new Map<string, PreviewLink>()
  for (const link of found.map(previewLink)) {
    const seen = once.get(link.href)
    if (!seen || (link.misleading && !seen.misleading) || (!seen.label && link.label)) once.set(link.href, link)
  }
  return [...once.values()].sort((a, b) => Number(b.misleading) - Number(a.misleading))
}

/** The preview of an approval's data, or null when it holds nothing to preview. */
export function previewOf(data: unknown): MessagePreview | null {
  if (!isObject(data)) return null
  const message = messageFields(data)
  const body = firstText(message, BODY_FIELDS)
  // The body is also one of the data's texts: each HTML text is parsed once.
  const parsed = new Map<string, HtmlAsText>()
  const read = (text: string) => parsed.get(text) ?? parsed.set(text, htmlAsText(text)).get(text)!
  const html = body !== null && looksLikeHtml(body) ? read(body) : null
  const count = [message.recipient_count, data.recipient_count].find((value): value is number => typeof value === 'number' && Number.isFinite(value)) ?? null
  const preview: MessagePreview = {
    to: recipientsIn(message).length ? recipientsIn(message) : recipientsIn(data),
    recipientCount: count,
    from: firstText(message, FROM_FIELDS),
    subject: firstText(message, SUBJECT_FIELDS),
    body: html ? html.text : body,
    bodyWasHtml: html !== null,
    remoteImages: html?.remoteImages ?? 0,
    links: linksIn(data, read),
    unevaluated: unevaluatedExpressions(textsIn(data)),
  }
  const empty = !preview.to.length && preview.recipientCount === null && !preview.from && !preview.subject && !preview.body && !preview.links.length && !preview.unevaluated.length
  return empty ? null : preview
}

const warningsRead = new WeakMap<object, string[]>()

/**
 * What an inbox row warns of before it is opened: a misleading link, an expression n8n sent
 * unevaluated. Read once per data object, since rows are drawn again as the list scrolls.
 */
export function previewWarnings(data: unknown): string[] {
  if (!isObject(data)) return []
  const known = warningsRead.get(data)
  if (known) return known
  const preview = previewOf(data)
  const warnings = [
    preview?.links.some((link) => link.misleading) ? 'a link leads elsewhere than it says' : null,
    preview?.unevaluated.length ? 'n8n expression unevaluated' : null,
  ].filter((warning): warning is string => warning !== null)
  warningsRead.set(data, warnings)
  return warnings
}
