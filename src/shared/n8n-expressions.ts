/**
 * What n8n sends when an expression did not do its job: the expression itself as text — a field
 * left in fixed mode (`{{ $json.first_name }}`) — or `[object Object]`, an object where text was
 * meant. In a message, every recipient would read it as written. Other template languages
 * (`*|FNAME|*`, `{{first_name}}`) are left alone: a mail service fills those after approval.
 */
const MISTAKES = [/\{\{\s*\$[^{}\n]{0,200}\}\}/g, /\[object Object\]/g]

/** The unevaluated n8n expressions in these texts, each once, in the order found (at most `most`). */
export function unevaluatedExpressions(texts: string[], most = 10): string[] {
  const found = new Set<string>()
  for (const text of texts) {
    for (const pattern of MISTAKES) for (const match of text.matchAll(pattern)) found.add(match[0])
    if (found.size >= most) break
  }
  return [...found].slice(0, most)
}
