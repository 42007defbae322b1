import { describe, expect, it } from 'vitest'
import { previewOf, previewWarnings } from '../../src/renderer/src/lib/approval-preview'
import { htmlAsText, looksLikeHtml } from '../../src/renderer/src/lib/html-text'

const offerHtml = `<html><head><title>Offer</title><style>p { color: red }</style></head><body>
  <h1>Hello&nbsp;Ada</h1><p>Your   offer is <b>ready</b>.<br>See it here:
  <a href="https://acme.com/offer?id=7">acme.com/offer</a></p>
  <p>Log in at <a href="http://login.acme-secure.example.net/x">www.paypal.com</a></p>
  <img src="https://track.mailer.example/p.gif" width="1"><img src="data:image/png;base64,AAAA">
  <script>alert('never')</script></body></html>`

describe('an HTML e-mail read as text', () => {
  it('keeps what a reader sees, a paragraph a line, with its links and remote images', () => {
    const read = htmlAsText(offerHtml)
    expect(read.text).toBe('Hello Ada\n\nYour offer is ready.\nSee it here: acme.com/offer\n\nLog in at www.paypal.com')
    expect(read.links).toEqual([
      { href: 'https://acme.com/offer?id=7', label: 'acme.com/offer' },
      { href: 'http://login.acme-secure.example.net/x', label: 'www.paypal.com' },
    ])
    expect(read.textOutsideLinks).not.toContain('paypal')
    expect(read.remoteImages).toBe(1)
  })

  it('tells markup from words that only mention a sign', () => {
    expect(looksLikeHtml('<p>Hi</p>')).toBe(true)
    expect(looksLikeHtml('<a href="x">y</a>')).toBe(true)
    expect(looksLikeHtml('score < 70 and > 20')).toBe(false)
    expect(looksLikeHtml('Use <name> here')).toBe(false)
  })
})

describe('the preview of what an approval sends', () => {
  it('finds the recipients, sender, subject and body in the usual fields, and flags links whose words name another site', () => {
    const preview = previewOf({ to: 'ada@acme.com, bob@acme.com', from: 'sales@flowgate.test', subject: 'Your offer', html: offerHtml, lead_score: 90 })
    expect(preview).toMatchObject({
      to: ['ada@acme.com', 'bob@acme.com'],
      recipientCount: null,
      from: 'sales@flowgate.test',
      subject: 'Your offer',
      bodyWasHtml: true,
      remoteImages: 1,
    })
    expect(preview!.body).toContain('Your offer is ready.')
    // The misleading one first; the image source is no link to follow.
    expect(preview!.links).toEqual([
      { href: 'http://login.acme-secure.example.net/x', host: 'login.acme-secure.example.net', label: 'www.paypal.com', misleading: true },
      { href: 'https://acme.com/offer?id=7', host: 'acme.com', label: 'acme.com/offer', misleading: false },
    ])
  })

  it('reads a message kept one level down, recipients as a list of objects, and a count', () => {
    const preview = previewOf({
      lead: 'Acme',
      recipient_count: 1240,
      email: { recipients: [{ email: 'a@x.io' }, { address: 'b@y.io' }, 'a@x.io', 'not an address'], subject: 'Launch', body: 'Plain words.\nSee https://acme.com/launch' },
    })
    expect(preview).toMatchObject({ to: ['a@x.io', 'b@y.io'], recipientCount: 1240, subject: 'Launch', body: 'Plain words.\nSee https://acme.com/launch', bodyWasHtml: false })
    expect(preview!.links).toEqual([{ href: 'https://acme.com/launch', host: 'acme.com', label: null, misleading: false }])
  })

  it('lists the links anywhere in other data (a deploy, a video), each once', () => {
    const preview = previewOf({ site: 'demo.acme.com', repo: 'https://github.com/acme/site', notes: ['mirror of https://github.com/acme/site'], branch: 'main' })
    expect(preview!.links.map((link) => link.href)).toEqual(['http://demo.acme.com', 'https://github.com/acme/site'])
    expect(preview).toMatchObject({ to: [], subject: null, body: null })
  })

  it('a word and its subdomain are the same site; relative links have none', () => {
    const preview = previewOf({ html: '<p><a href="https://www.acme.com/a">acme.com</a> <a href="/unsubscribe">Unsubscribe</a> <a href="mailto:help@acme.com">help@acme.com</a></p>' })
    expect(preview!.links).toEqual([
      { href: 'https://www.acme.com/a', host: 'www.acme.com', label: 'acme.com', misleading: false },
      { href: '/unsubscribe', host: null, label: 'Unsubscribe', misleading: false },
      { href: 'mailto:help@acme.com', host: 'acme.com', label: 'help@acme.com', misleading: false },
    ])
  })

  it('names the n8n expressions sent unevaluated anywhere in the data', () => {
    expect(previewOf({ subject: 'Hi {{ $json.first_name }}', html: '<p>Dear *|FNAME|*, your [object Object]</p>', meta: { note: 'ok' } })!.unevaluated).toEqual(['{{ $json.first_name }}', '[object Object]'])
    expect(previewOf({ subject: 'Hi Ada' })!.unevaluated).toEqual([])
    expect(previewOf({ note: 'for {{ $json.name }}' })).toMatchObject({ unevaluated: ['{{ $json.name }}'], subject: null, body: null })
  })

  it("warns in the inbox row of a misleading link or an unevaluated expression, reading each request's data once", () => {
    const risky = { html: '<a href="https://evil.example.net">paypal.com</a>', subject: 'Hi {{ $json.name }}' }
    expect(previewWarnings(risky)).toEqual(['a link leads elsewhere than it says', 'n8n expression unevaluated'])
    expect(previewWarnings(risky)).toBe(previewWarnings(risky))
    expect(previewWarnings({ subject: 'Hi Ada', url: 'https://acme.com' })).toEqual([])
    expect(previewWarnings(null)).toEqual([])
  })

  it('is nothing for data with nothing to preview', () => {
    expect(previewOf({ lead_score: 90, email_verified: true })).toBeNull()
    expect(previewOf(null)).toBeNull()
    expect(previewOf(['a'])).toBeNull()
  })
})
