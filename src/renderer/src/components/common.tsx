import type { ReactNode } from 'react'
import { pretty } from '../lib/format'

export function ErrorNote({ error }: { error: string | null | undefined }) {
  if (!error) return null
  return (
    <p className="error" role="alert">
      {error}
    </p>
  )
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty" data-testid="empty-state">
      <strong>{title}</strong>
      {children && <p className="muted">{children}</p>}
    </div>
  )
}

export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <pre className="json" aria-label={label}>
      {pretty(value) || 'null'}
    </pre>
  )
}

export function StatusPill({ status }: { status: string }) {
  return <span className={`pill pill-${status}`}>{status}</span>
}

export function ScreenHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="screen-head">
      <h2>{title}</h2>
      <div className="toolbar">{children}</div>
    </div>
  )
}

export interface Outcome {
  tone: 'ok' | 'error'
  text: string
}

/** The result of the operator's last action, where it happened. */
export function OutcomeNote({ outcome, testId }: { outcome: Outcome | null; testId: string }) {
  if (!outcome) return null
  return (
    <p className={outcome.tone === 'error' ? 'error' : 'notice'} role={outcome.tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {outcome.text}
    </p>
  )
}

interface ListRowProps {
  testId: string
  title: ReactNode
  subtitle: ReactNode
  status: string
  /** Before the text: a tick box, a priority. */
  leading?: ReactNode
}

/**
 * A row's tick for a bulk action: only its picture and mouse target, since the list itself
 * announces which rows are ticked (and Space ticks from the keyboard).
 */
export function TickBox({ ticked, onToggle }: { ticked: boolean; onToggle(): void }) {
  return (
    <span
      className={`tick${ticked ? ' ticked' : ''}`}
      aria-hidden="true"
      onClick={(event) => {
        event.stopPropagation()
        onToggle()
      }}
    />
  )
}

/** One row of a virtualized list: what it is, a line of detail, its status. */
export function ListRow({ testId, title, subtitle, status, leading }: ListRowProps) {
  return (
    <div className="row" data-testid={testId}>
      {leading}
      <span className="row-main">
        <span className="row-title" title={typeof title === 'string' ? title : undefined}>
          {title}
        </span>
        <span className="muted small row-subtitle" title={typeof subtitle === 'string' ? subtitle : undefined}>
          {subtitle}
        </span>
      </span>
      <StatusPill status={status} />
    </div>
  )
}

/** Asks before something that cannot be taken back: what will happen, then do it or keep things as they are. */
export function Confirmation({
  testId,
  children,
  confirm,
  keep,
  onConfirm,
  onKeep,
  tone = 'danger',
}: {
  testId: string
  children: ReactNode
  confirm: string
  keep: string
  onConfirm: () => void
  onKeep: () => void
  tone?: 'danger' | 'primary'
}) {
  return (
    <div className="warning" role="alert" data-testid={testId}>
      <p>{children}</p>
      <div className="toolbar">
        <button type="button" className={tone} onClick={onConfirm}>
          {confirm}
        </button>
        <button type="button" onClick={onKeep}>
          {keep}
        </button>
      </div>
    </div>
  )
}
