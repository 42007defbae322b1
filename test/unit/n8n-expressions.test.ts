import { describe, expect, it } from 'vitest'
import { unevaluatedExpressions } from '../../src/shared/n8n-expressions'

describe('n8n expressions that reached Flowgate unevaluated', () => {
  it('finds an expression sent as text and an object turned into text, each once', () => {
    expect(
      unevaluatedExpressions(['Hi {{ $json.first_name }}, your {{$json["plan"]}} is ready', "Dear {{ $('Lead').item.json.name }}: [object Object]", 'Hi {{$json["plan"]}}']),
    ).toEqual(['{{ $json.first_name }}', '{{$json["plan"]}}', "{{ $('Lead').item.json.name }}", '[object Object]'])
  })

  it('leaves other template languages, which a mail service fills later, and ordinary text alone', () => {
    const fine = ['Dear *|FNAME|*, see %COMPANY%', 'Hi {{first_name}}, {first_name}', '<style>p { color: red }</style>', '{"lead": "Ada"}', 'A 20% discount, $5 each']
    expect(unevaluatedExpressions(fine)).toEqual([])
  })

  it('stops at the most asked for', () => expect(unevaluatedExpressions(['{{ $a }} {{ $b }} {{ $c }}'], 2)).toEqual(['{{ $a }}', '{{ $b }}']))
})
