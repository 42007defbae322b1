import { describe, expect, it } from 'vitest'
import { unfilledPlaceholders } from '../../src/shared/placeholders'

describe('unfilled placeholders in a message', () => {
  it('finds the merge fields of n8n, template strings, Mailchimp and the usual spellings, each once', () => {
    expect(unfilledPlaceholders(['Hi {{ $json.first_name }}, your {{plan}} is ready', 'Dear *|FNAME|*, see %COMPANY% and {first_name} or ${lead.name}', 'Hi {{plan}}'])).toEqual([
      '{{ $json.first_name }}',
      '{{plan}}',
      '${lead.name}',
      '*|FNAME|*',
      '%COMPANY%',
      '{first_name}',
    ])
  })

  it('leaves alone what only looks a little like one', () => {
    const filled = [
      'Hi Ada, your Pro plan is ready',
      '<style>p { color: red } a{color:blue}</style>',
      '{"lead": "Ada", "score": 90}',
      'A 20% discount, 100% sure; 50%OFF',
      '[URGENT] Spring offer',
      'Use {x} or {} in math, $5 each',
    ]
    expect(unfilledPlaceholders(filled)).toEqual([])
  })

  it('stops at the most asked for', () => expect(unfilledPlaceholders(['{{a}} {{b}} {{c}}'], 2)).toEqual(['{{a}}', '{{b}}']))
})
