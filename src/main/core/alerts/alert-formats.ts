import type { AlertFormat } from '../../../shared/schemas/settings'
import type { AlertMessage } from './alert-rules'

export type { AlertFormat }
type Format = Exclude<AlertFormat, 'auto'>

/** 'auto' reads the service from the address: Slack's and Discord's webhooks, ntfy.sh; anything else gets JSON. */
export function resolvedFormat(url: URL, format: AlertFormat): Format {
  if (format !== 'auto') return format
  if (url.hostname === 'hooks.slack.com') return 'slack'
  if (/(^|\.)discord(app)?\.com$/.test(url.hostname) && url.pathname.startsWith('/api/webhooks/')) return 'discord'
  if (url.hostname === 'ntfy.sh') return 'ntfy'
  return 'json'
}

export interface AlertRequest {
  url: string
  headers: Record<string, string>
  body: string
}

/** Slack reads &, < and > as markup. */
const slackText = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
const DISCORD_LIMIT = 2000

/**
 * The HTTP request that posts a message in each service's own shape. Credentials written in the
 * address (https://user:token@ntfy.example.com/topic) travel as an Authorization header.
 */
export function alertRequest(address: string, format: AlertFormat, message: AlertMessage): AlertRequest {
  const url = new URL(address)
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (url.username || url.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
    url.username = ''
    url.password = ''
  }
  const text = message.lines.join('\n')
  switch (resolvedFormat(url, format)) {
    case 'slack':
      return { url: url.href, headers, body: JSON.stringify({ text: `*${slackText(message.title)}*\n${slackText(text)}` }) }
    case 'discord':
      // Nothing in an error's text may ping a channel.
      return { url: url.href, headers, body: JSON.stringify({ content: `**${message.title}**\n${text}`.slice(0, DISCORD_LIMIT), allowed_mentions: { parse: [] } }) }
    case 'ntfy': {
      // ntfy's JSON publishing (UTF-8 safe, unlike its title header) goes to the server with the topic in the body.
      const topic = url.pathname.split('/').filter(Boolean).pop() ?? ''
      const server = new URL(url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1), url)
      const body = { topic, title: message.title, message: text, priority: message.urgent ? 4 : 3, tags: [message.urgent ? 'rotating_light' : 'warning'] }
      return { url: server.href, headers, body: JSON.stringify(body) }
    }
    case 'json':
      return { url: url.href, headers, body: JSON.stringify({ source: 'flowgate', title: message.title, text, lines: message.lines, urgent: message.urgent }) }
  }
}
