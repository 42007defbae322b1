import { useNavigation } from '../stores/navigation'

/** " · <words> webhook #12", opening that webhook: where an execution or an approval came from. */
export function WebhookLink({ id, words, testId }: { id: number | null; words: string; testId: string }) {
  const go = useNavigation((s) => s.go)
  if (id === null) return null
  return (
    <>
      {` · ${words} `}
      <button type="button" className="link" data-testid={testId} onClick={() => go({ screen: 'queue', id })}>
        webhook #{id}
      </button>
    </>
  )
}
