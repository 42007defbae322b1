import { useEffect, useRef } from 'react'
import { goKeys } from '../stores/global-keys'
import { screenTitles } from '../stores/navigation'

const groups: { title: string; keys: [string, string][] }[] = [
  {
    title: 'Anywhere',
    keys: [...Object.entries(goKeys).map(([key, screen]): [string, string] => [`g ${key}`, screenTitles[screen]]), ['Ctrl K / ⌘K', 'Find anything: a screen, workflow, #number, n8n id, e-mail, error — or a command (pause calls, back up…)'], ['/', "The screen's search"], ['?', 'This list']],
  },
  {
    title: 'Lists',
    keys: [
      ['↑ ↓ Home End', 'Open the previous, next, first, last row'],
      ['Space', 'Tick the open row for a bulk action'],
    ],
  },
  {
    title: 'Approvals',
    keys: [
      ['j / k', 'Next / previous approval'],
      ['a / r', 'Approve / reject the open one'],
      ['e', 'Change its data before approving'],
      ['u', 'Undo the last decision while its window lasts'],
      ['x', 'Tick the open one'],
    ],
  },
  {
    title: 'Executions',
    keys: [
      ['j / k', 'Next / previous execution'],
      ['r', 'Retry the open one (failed or cancelled)'],
      ['e', 'Change its input, then retry it'],
      ['s', 'Send the open one to n8n now, past its workflow’s limits'],
      ['d', 'Dismiss the open failure as needing no retry'],
      ['w', 'Open its workflow'],
    ],
  },
  {
    title: 'Webhook queue',
    keys: [
      ['j / k', 'Next / previous webhook'],
      ['r', 'Replay the open one'],
      ['e', 'Change its body, then replay it (a finished one)'],
      ['x', 'Tick the open one'],
      ['w', 'Open its workflow'],
    ],
  },
]

/** The keyboard shortcuts, as a modal dialog (Escape or the button closes it). */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const element = dialog.current
    if (element && !element.open) element.showModal()
  }, [])
  return (
    <dialog ref={dialog} className="shortcuts" aria-labelledby="shortcuts-title" onClose={onClose} data-testid="shortcuts-help">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      {groups.map((group) => (
        <section key={group.title}>
          <h3>{group.title}</h3>
          <dl>
            {group.keys.map(([keys, does]) => (
              <div key={keys} className="shortcut">
                <dt>
                  <kbd>{keys}</kbd>
                </dt>
                <dd>{does}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <button type="button" onClick={() => dialog.current?.close()}>
        Close
      </button>
    </dialog>
  )
}
