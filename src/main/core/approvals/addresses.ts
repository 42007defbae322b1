import { linkifyit } from 'linkify-it'

/** Links written out (https://…, //…), bare domains (competitor.io/offer) and e-mail addresses. */
const finder = linkifyit({ fuzzyLink: true, fuzzyEmail: true })

export interface Address {
  /** As the text writes it. */
  address: string
  /** Lower case, international names in their ASCII form. */
  host: string
}

/** The host of a link linkify normalized: `mailto:` for e-mail addresses, a scheme (or `//`) for the rest. */
function hostOf(url: string): string | null {
  const absolute = url.startsWith('mailto:') ? `http://${url.slice(url.lastIndexOf('@') + 1)}` : url.startsWith('//') ? `http:${url}` : url
  return URL.canParse(absolute) ? new URL(absolute).hostname : null
}

/** Every web or e-mail address a text mentions, with its host. */
export function addressesIn(text: string): Address[] {
  if (!finder.test(text)) return []
  return (finder.match(text) ?? []).flatMap(({ text: address, url }) => {
    const host = hostOf(url)
    return host ? [{ address, host }] : []
  })
}

/** The blocked domain a host is, itself or a subdomain of it. */
export const blockedDomainOf = (host: string, domains: string[]): string | null =>
  domains.find((blocked) => host === blocked || host.endsWith(`.${blocked}`)) ?? null
