import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react'

interface VirtualListProps<T> {
  items: T[]
  /** All rows the server has; more are fetched when the end of the loaded ones comes near. */
  total: number
  rowHeight: number
  keyOf: (item: T) => number | string
  renderRow: (item: T, index: number) => ReactNode
  onEndReached?: () => void
  /** The row that is open: marked, announced, and kept in view when it changes. */
  activeIndex: number
  /** A click on a row, or the arrow keys, Home and End while the list has the focus. */
  onOpen: (item: T, index: number) => void
  /** For a list whose rows are ticked for a bulk action: which are, and Space ticks the open one. */
  isSelected?: (item: T) => boolean
  onToggle?: (item: T) => void
  label: string
}

const keySteps: Record<string, (index: number, length: number) => number> = {
  ArrowDown: (index) => index + 1,
  ArrowUp: (index) => index - 1,
  Home: () => 0,
  End: (_index, length) => length - 1,
}

/**
 * Only the rows in view are in the DOM, so 100k rows scroll like 100. A listbox for assistive
 * technology: the list takes the focus, the open row is its active descendant.
 */
export function VirtualList<T>({ items, total, rowHeight, keyOf, renderRow, onEndReached, activeIndex, onOpen, isSelected, onToggle, label }: VirtualListProps<T>) {
  const scroller = useRef<HTMLDivElement>(null)
  const idPrefix = useId()
  // TanStack Virtual returns fresh functions each render; the React Compiler leaves this component as is.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 12 })
  const rows = virtualizer.getVirtualItems()
  const lastShown = rows[rows.length - 1]?.index ?? -1
  const active = items[activeIndex]
  const optionId = (item: T) => `${idPrefix}-${keyOf(item)}`

  useEffect(() => {
    if (onEndReached && items.length < total && lastShown >= items.length - 20) onEndReached()
  }, [lastShown, items.length, total, onEndReached])

  useEffect(() => {
    if (activeIndex >= 0 && activeIndex < items.length) virtualizer.scrollToIndex(activeIndex, { align: 'auto' })
  }, [activeIndex, items.length, virtualizer])

  const onKeyDown = (event: KeyboardEvent) => {
    const step = keySteps[event.key]
    const toggle = event.key === ' ' && onToggle && active !== undefined
    if ((!step && !toggle) || items.length === 0) return
    event.preventDefault()
    // The list's own keys; a screen's window-wide shortcuts must not act on them a second time.
    event.stopPropagation()
    if (!step) return onToggle?.(active as T)
    const index = Math.min(items.length - 1, Math.max(0, step(activeIndex, items.length)))
    onOpen(items[index] as T, index)
  }

  return (
    <div
      ref={scroller}
      className="virtual-list"
      role="listbox"
      tabIndex={0}
      aria-label={label}
      aria-multiselectable={isSelected ? true : undefined}
      aria-activedescendant={active ? optionId(active) : undefined}
      data-total={total}
      onKeyDown={onKeyDown}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {rows.map((row) => {
          const item = items[row.index] as T
          const open = row.index === activeIndex
          return (
            <div
              key={keyOf(item)}
              id={optionId(item)}
              role="option"
              aria-selected={isSelected ? isSelected(item) : open}
              className={`virtual-row${open ? ' active' : ''}`}
              onClick={() => onOpen(item, row.index)}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${row.start}px)` }}
            >
              {renderRow(item, row.index)}
            </div>
          )
        })}
      </div>
    </div>
  )
}
