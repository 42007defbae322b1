export interface Bounds {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  bounds: Bounds
  maximized: boolean
}

const MIN_VISIBLE = 100

/**
 * The saved window placement if it still fits a connected display (a monitor may have been
 * unplugged since), else null so the window opens at its default place.
 */
export function restorableState(saved: unknown, displays: Bounds[], minimum: { width: number; height: number }): WindowState | null {
  const candidate = saved as Partial<WindowState> | null
  const b = candidate?.bounds
  if (!b || ![b.x, b.y, b.width, b.height].every((n) => Number.isFinite(n))) return null
  const visible = displays.some(
    (d) => b.x + MIN_VISIBLE <= d.x + d.width && b.x + b.width - MIN_VISIBLE >= d.x && b.y >= d.y - 10 && b.y + MIN_VISIBLE <= d.y + d.height,
  )
  if (!visible) return null
  return { bounds: { ...b, width: Math.max(minimum.width, b.width), height: Math.max(minimum.height, b.height) }, maximized: candidate.maximized === true }
}
