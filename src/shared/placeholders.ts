/**
 * Merge fields a message still holds unfilled — an n8n expression that never ran
 * (`{{ $json.first_name }}`), `${name}`, Mailchimp's `*|FNAME|*`, `%FIRSTNAME%`, `{first_name}` —
 * the classic way a bulk e-mail goes out wrong to everyone at once.
 */
const PLACEHOLDERS = [
  /\{\{[^{}\n]{1,100}\}\}/g,
  /\$\{[^{}\n]{1,100}\}/g,
  /\*\|[A-Z][A-Z0-9_]{0,39}\|\*/g,
  /%[A-Z][A-Z0-9_]{2,39}%/g,
  // A lone name in single braces; not `{{`, `${` or CSS (`{color: red}` has a colon).
  /(?<![{$])\{[A-Za-z_][A-Za-z0-9_.]{1,40}\}(?!\})/g,
]

/** The unfilled placeholders in these texts, each once, in the order found (at most `most`). */
export function unfilledPlaceholders(texts: string[], most = 10): string[] {
  const found = new Set<string>()
  for (const text of texts) {
    for (const pattern of PLACEHOLDERS) for (const match of text.matchAll(pattern)) found.add(match[0])
    if (found.size >= most) break
  }
  return [...found].slice(0, most)
}
