import { Parser } from 'htmlparser2'

export interface HtmlLink {
  href: string
  /** The words the reader clicks. */
  label: string
}

export interface HtmlAsText {
  /** What a reader sees, a paragraph a line; markup, styles and scripts left out. */
  text: string
  links: HtmlLink[]
  /** The text outside the links: where a bare web address is a link of its own. */
  textOutsideLinks: string
  /** Images loaded from elsewhere (a tracking pixel, say), never fetched here. */
  remoteImages: number
}

const BLOCKS = new Set(['p', 'div', 'br', 'li', 'tr', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'section', 'article', 'header', 'footer', 'hr', 'ul', 'ol'])
const UNSEEN = new Set(['script', 'style', 'head', 'title', 'template', 'noscript'])

/** Does a text look like HTML markup rather than words? */
export const looksLikeHtml = (text: string): boolean => /<\/?(html|body|p|div|br|a|table|span|img|h[1-6]|ul|ol|li|strong|em|b|i)\b[^>]*>/i.test(text)

/**
 * An e-mail's HTML read as text, with its links and images counted: parsed, never rendered, so
 * nothing in it runs or loads.
 */
export function htmlAsText(html: string): HtmlAsText {
  const chunks: string[] = []
  const outsideLinks: string[] = []
  const links: HtmlLink[] = []
  let unseenDepth = 0
  let openLink: { href: string; words: string[] } | null = null
  let remoteImages = 0
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (UNSEEN.has(name)) unseenDepth++
        if (BLOCKS.has(name)) chunks.push('\n')
        if (name === 'a' && attributes.href) openLink = { href: attributes.href.trim(), words: [] }
        if (name === 'img' && /^(https?:)?\/\//i.test(attributes.src ?? '')) remoteImages++
      },
      ontext(text) {
        if (unseenDepth > 0) return
        // Line breaks in the source are spaces to a reader; only the markup breaks lines.
        text = text.replace(/\s+/g, ' ')
        chunks.push(text)
        if (openLink) openLink.words.push(text)
        else outsideLinks.push(text)
      },
      onclosetag(name) {
        if (UNSEEN.has(name)) unseenDepth = Math.max(0, unseenDepth - 1)
        if (BLOCKS.has(name) && name !== 'br') chunks.push('\n')
        if (name === 'a' && openLink) {
          links.push({ href: openLink.href, label: squeeze(openLink.words.join('')) })
          openLink = null
        }
      },
    },
    { decodeEntities: true },
  )
  parser.end(html)
  return { text: paragraphs(chunks.join('')), links, textOutsideLinks: outsideLinks.join(' '), remoteImages }
}

const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim()

/** Runs of spaces as one, and at most one empty line between paragraphs. */
const paragraphs = (text: string) =>
  text
    .split('\n')
    .map(squeeze)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
