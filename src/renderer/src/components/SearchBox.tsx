interface SearchBoxProps {
  label: string
  placeholder: string
  /** The search in force; the field shows it again whenever it changes elsewhere. */
  value: string | undefined
  /** The search as typed, trimmed; undefined for none. */
  onSearch: (text: string | undefined) => void
}

/**
 * A search field for a server-side list: it searches on Enter (each search is a query, not
 * a keystroke's worth of work), clearing it shows everything again, Escape leaves it.
 */
export function SearchBox({ label, placeholder, value, onSearch }: SearchBoxProps) {
  return (
    <input
      key={value ?? ''}
      type="search"
      placeholder={placeholder}
      aria-label={label}
      defaultValue={value ?? ''}
      onChange={(e) => {
        if (e.currentTarget.value === '' && value) onSearch(undefined)
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onSearch(e.currentTarget.value.trim() || undefined)
        if (e.key === 'Escape') e.currentTarget.blur()
      }}
    />
  )
}
