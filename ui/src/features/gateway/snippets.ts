// Copy-paste snippets that point other tools at the running gateway.

export type Snippets = { openai: string; anthropic: string; claudeCode: string; curl: string };

export const KEY_PLACEHOLDER = "<your Switchyard access key>";
export const MODEL_PLACEHOLDER = "<provider>/<model>";

/** A model name the gateway resolves: the first provider's default (or first listed) model. */
export function exampleModel(providers: { name: string; default_model: string | null; models: string[] }[]): string {
  for (const p of providers) {
    const model = p.default_model ?? p.models[0];
    if (model) return `${p.name}/${model}`;
  }
  return MODEL_PLACEHOLDER;
}

export function snippets(address: string, key: string = KEY_PLACEHOLDER, model: string = MODEL_PLACEHOLDER): Snippets {
  return {
    openai: `from openai import OpenAI\n\nclient = OpenAI(base_url="${address}/v1", api_key="${key}")\nr = client.chat.completions.create(model="${model}", messages=[{"role": "user", "content": "hello"}])\nprint(r.choices[0].message.content)`,
    anthropic: `from anthropic import Anthropic\n\nclient = Anthropic(base_url="${address}", api_key="${key}")\nr = client.messages.create(model="${model}", max_tokens=1024, messages=[{"role": "user", "content": "hello"}])\nprint(r.content[0].text)`,
    claudeCode: `export ANTHROPIC_BASE_URL=${address}\nexport ANTHROPIC_AUTH_TOKEN=${key}\nexport ANTHROPIC_MODEL=${model}\nclaude`,
    curl: `curl ${address}/v1/models -H "Authorization: Bearer ${key}"`,
  };
}
