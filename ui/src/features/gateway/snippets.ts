// Copy-paste snippets that point other tools at the running gateway.

export type Snippets = { openai: string; anthropic: string; claudeCode: string; curl: string };

export const KEY_PLACEHOLDER = "<your Switchyard access key>";

export function snippets(address: string, key: string = KEY_PLACEHOLDER): Snippets {
  return {
    openai: `from openai import OpenAI\n\nclient = OpenAI(base_url="${address}/v1", api_key="${key}")\nclient.chat.completions.create(model="<provider>/<model>", messages=[{"role": "user", "content": "hello"}])`,
    anthropic: `from anthropic import Anthropic\n\nclient = Anthropic(base_url="${address}", api_key="${key}")\nclient.messages.create(model="<provider>/<model>", max_tokens=1024, messages=[{"role": "user", "content": "hello"}])`,
    claudeCode: `export ANTHROPIC_BASE_URL=${address}\nexport ANTHROPIC_AUTH_TOKEN=${key}\nclaude`,
    curl: `curl ${address}/v1/models -H "Authorization: Bearer ${key}"`,
  };
}
