import type OpenAI from 'openai'
import { z } from 'zod'
import type { ModelVerdict } from './auto-rules'

/** What a call used, as the answer said: tokens, and OpenRouter's cost in credits (US dollars). */
export interface ModelUsage {
  promptTokens: number | null
  completionTokens: number | null
  cost: number | null
}

export interface ModelAnswer extends ModelUsage {
  verdict: ModelVerdict
  model: string
  latencyMs: number
}

const verdictSchema = z.object({
  confidence: z.number().min(0).max(100),
  red_flags: z.array(z.string()),
  reasoning: z.string().min(1),
})

const jsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['confidence', 'red_flags', 'reasoning'],
  properties: {
    confidence: { type: 'number', minimum: 0, maximum: 100 },
    red_flags: { type: 'array', items: { type: 'string' } },
    reasoning: { type: 'string' },
  },
}

const SYSTEM_PROMPT = `You review actions a marketing automation wants to take (emails, videos, demo deploys).
Judge whether the action is safe and appropriate to approve without a human.
Answer only with JSON: {"confidence": 0-100, "red_flags": [strings], "reasoning": "one or two sentences"}.
Raise a red flag for anything unusual, risky, deceptive or unclear. When unsure, give low confidence.`

export class ModelError extends Error {
  override name = 'ModelError'
  /** An answer that was unusable still cost what it used; null when none came. */
  constructor(
    message: string,
    readonly usage: ModelUsage | null = null,
  ) {
    super(message)
  }
}

/** OpenRouter adds `cost` to the usage the OpenAI format has. */
type UsageWithCost = OpenAI.CompletionUsage & { cost?: unknown }

const usageOf = (usage: UsageWithCost | undefined): ModelUsage => ({
  promptTokens: usage?.prompt_tokens ?? null,
  completionTokens: usage?.completion_tokens ?? null,
  cost: typeof usage?.cost === 'number' && Number.isFinite(usage.cost) && usage.cost >= 0 ? usage.cost : null,
})

/** OpenRouter's chat-completions endpoint through the OpenAI SDK, asked for structured JSON. */
export async function askModel(
  connection: { apiKey: string; baseUrl: string; model: string; timeoutMs: number },
  request: { approvalType: string; title: string; description: string | null; data: unknown },
): Promise<ModelAnswer> {
  // Loaded on first use: the SDK costs ~10 MB of memory that most runs never need.
  const { default: OpenAIClient } = await import('openai')
  const client: OpenAI = new OpenAIClient({ apiKey: connection.apiKey, baseURL: connection.baseUrl, timeout: connection.timeoutMs, maxRetries: 0 })
  const started = performance.now()
  let completion
  try {
    completion = await client.chat.completions.create({
      model: connection.model,
      temperature: 0,
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: JSON.stringify({ approval_type: request.approvalType, title: request.title, description: request.description, data: request.data }) },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'approval_verdict', strict: true, schema: jsonSchema } },
    })
  } catch (error) {
    const status = (error as { status?: number }).status
    const kind = error instanceof OpenAIClient.APIConnectionTimeoutError ? 'timed out' : status ? `answered ${status}` : 'unreachable'
    throw new ModelError(`the model ${kind}: ${(error as Error).message.slice(0, 200)}`)
  }
  const latencyMs = Math.round(performance.now() - started)
  const usage = usageOf(completion.usage)
  const choice = completion.choices[0]
  if (!choice?.message.content) throw new ModelError(choice?.message.refusal ? `the model refused: ${choice.message.refusal}` : 'the model gave no answer', usage)
  let parsed: unknown
  try {
    parsed = JSON.parse(choice.message.content)
  } catch {
    throw new ModelError('the model did not answer JSON', usage)
  }
  const verdict = verdictSchema.safeParse(parsed)
  if (!verdict.success) throw new ModelError(`the model's JSON has the wrong shape: ${verdict.error.issues[0]?.message ?? ''}`, usage)
  return { verdict: verdict.data, model: completion.model ?? connection.model, latencyMs, ...usage }
}
