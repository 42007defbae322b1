import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, type ReactNode } from 'react'

interface VirtualListProps<T> {
  items: T[]
  /** All rows the server has; more are fetched when the end of the loaded ones comes near. */
  total: number
  rowHeight: number
  keyOf: (item: T) => number | string
  renderRow: (item: T, index: number) => ReactNode
  onEndReached?: () => void
  /** Kept in view when it changes (keyboard navigation). */
  activeIndex?: number
  label: string
}

/** Only the rows in view are in the DOM, so 100k rows scroll like 100. */
export function VirtualList<T>({ items, total, rowHeight, keyOf, renderRow, onEndReached, activeIndex, label }: VirtualListProps<T>) {
  const scroller = useRef<HTMLDivElement>(null)
  // TanStack Virtual returns fresh functions each render; the React Compiler leaves this component as is.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 12 })
  const rows = virtualizer.getVirtualItems()
  const lastShown = rows[rows.length - 1]?.index ?? -1

  useEffect(() => {
    if (onEndReached && items.length < total && lastShown >= items.length - 20) onEndReached()
  }, [lastShown, items.length, total, onEndReached])

  useEffect(() => {
    if (activeIndex !== undefined && activeIndex < items.length) virtualizer.scrollToIndex(activeIndex, { align: 'auto' })
  }, [activeIndex, items.length, virtualizer])

  return (
    <div ref={scroller} className="virtual-list" role="listbox" aria-label={label} data-total={total}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {rows.map((row) => {
          const item = items[row.index] as T
          return (
            <div key={keyOf(item)} className="virtual-row" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${row.start}px)` }}>
              {renderRow(item, row.index)}
            </div>
          )
        })}
      </div>
    </div>
  )
}
