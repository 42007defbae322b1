import { describe, expect, it } from 'vitest'
import { describeFieldRule, describeInputProblems, FIELD_PATH, inputProblems, parseFieldRule, suggestFieldRules, addSuggestedRules, valueAt } from '../../src/shared/input-fields'
import { workflowFieldsSchema } from '../../src/shared/schemas/workflows'

describe('required input fields', () => {
  const input = { email: 'ada@example.com', name: '  ', lead: { phone: null, score: 0, tags: ['vip'] }, items: [{ sku: 'A1' }], ok: false }
  const missingOf = (value: unknown, rules: string[]) => inputProblems(value, rules).filter((p) => p.missing).map((p) => p.path)

  it('reads a value by path through objects and lists', () => {
    expect(valueAt(input, 'lead.score')).toBe(0)
    expect(valueAt(input, 'items[0].sku')).toBe('A1')
    expect(valueAt(input, 'lead.tags[0]')).toBe('vip')
    expect(valueAt(input, 'items[3].sku')).toBeUndefined()
    expect(valueAt(input, 'email.domain')).toBeUndefined()
    expect(valueAt(null, 'email')).toBeUndefined()
  })

  it('names the fields missing, null or blank, and counts 0 and false as given', () => {
    expect(missingOf(input, ['email', 'name', 'lead.phone', 'lead.score', 'ok', 'items[0].sku', 'address.city'])).toEqual(['name', 'lead.phone', 'address.city'])
    expect(inputProblems(input, [])).toEqual([])
    expect(missingOf('not an object', ['email'])).toEqual(['email'])
  })

  it('accepts paths as a person writes them, and nothing else', () => {
    expect(['email', 'lead.email', 'items[0].sku', '$json', 'first-name', 'a_b.c1'].every((path) => FIELD_PATH.test(path))).toBe(true)
    expect(['', '.email', 'lead..email', 'items[x]', 'a b', '1abc', 'lead.'].some((path) => FIELD_PATH.test(path))).toBe(false)
  })

  it('reads a rule as a path, optionally with the kind its value must be', () => {
    expect(parseFieldRule('lead.email')).toEqual({ path: 'lead.email', kind: null })
    expect(parseFieldRule(' lead.email : Email ')).toEqual({ path: 'lead.email', kind: 'email' })
    expect(['email: mail', 'email:', 'a: text: number', 'lead..x: text', ': text'].map(parseFieldRule)).toEqual([null, null, null, null, null])
    expect(['site: url', 'lead.email'].map(describeFieldRule)).toEqual(['site (an http or https address)', 'lead.email'])
  })

  it.each([
    ['text', 'Ada', 42],
    ['number', 0, '42'],
    ['boolean', false, 'false'],
    ['email', ' ada@example.com ', 'ada@'],
    ['email', 'a.b+c@mail.example.org', 'ada example.com'],
    ['url', 'https://example.com/v/1', 'ftp://example.com/file'],
    ['url', 'http://localhost:5678', 'example.com'],
    ['list', ['a'], []],
    ['list', [0], { 0: 'a' }],
    ['object', { a: 1 }, ['a']],
  ])('checks the kind %s: %j holds it, %j does not', (kind, good, bad) => {
    expect(inputProblems({ field: good }, [`field: ${kind}`])).toEqual([])
    expect(inputProblems({ field: bad }, [`field: ${kind}`])).toMatchObject([{ path: 'field', missing: false, kind }])
  })

  it('says what is wrong, the missing ones together, then each of the wrong kind', () => {
    const problems = inputProblems({ email: 'ada', amount: '12', phone: ' ', site: 7, items: [] }, ['name', 'email: email', 'amount: number', 'phone: text', 'tags: list', 'site: url', 'items: list'])
    expect(describeInputProblems(problems)).toBe(
      'name, phone, tags are missing or empty; email must be an e-mail address; amount must be a number (it is text); site must be an http or https address (it is a number); items must be a list with at least one item (it is an empty list)',
    )
  })

  it('stores rules one way in the workflow, and refuses unknown kinds and a field asked two kinds', () => {
    const rules = (value: string[]) => workflowFieldsSchema.pick({ required_input_fields: true }).safeParse({ required_input_fields: value })
    expect(rules(['email:EMAIL', ' lead.phone ']).data).toEqual({ required_input_fields: ['email: email', 'lead.phone'] })
    expect(rules(['email: mail']).error?.issues[0]?.message).toMatch(/optionally followed by ": kind" \(text, number, boolean, email, url, list, object\)/)
    expect(rules(['email', 'email: number']).error?.issues[0]?.message).toBe('email is listed with different kinds (any, number); keep one')
    expect(rules(['email: email', 'email:email']).success).toBe(true)
  })
})

describe('rules suggested from an input that worked', () => {
  it('names each filled top-level field with the narrowest kind it holds, leaving out blanks and odd names', () => {
    const worked = { email: 'ada@example.com', site: 'https://ada.dev', name: 'Ada', score: 80, vip: false, tags: ['a'], lead: { id: 1 }, notes: ' ', gone: null, empty: [], 'odd key': 'x' }
    const rules = suggestFieldRules(worked)
    expect(rules).toEqual(['email: email', 'site: url', 'name: text', 'score: number', 'vip: boolean', 'tags: list', 'lead: object'])
    expect(inputProblems(worked, rules)).toEqual([])
    expect([null, 'text', ['a']].map(suggestFieldRules)).toEqual([[], [], []])
  })

  it('adds suggestions only for fields the operator does not name yet, keeping theirs as written', () => {
    expect(addSuggestedRules(['email', 'score: text'], ['email: email', 'score: number', 'site: url'])).toEqual(['email', 'score: text', 'site: url'])
    expect(addSuggestedRules([], ['email: email'])).toEqual(['email: email'])
  })
})
