//! An OpenAI client gets `choices[].logprobs` and `message.refusal` (the spec requires both, null or not) whether
//! its answer was written by Switchyard (an Anthropic upstream) or forwarded from an upstream that left them out.

mod harness;
#[path = "../../core/tests/support/mod.rs"]
mod support;

use harness::Gateway;
use serde_json::{json, Value};
use support::capture::{Captured, Reply};

fn openai(_: &Captured) -> Reply {
    Reply::json(
        r#"{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}"#,
    )
}

fn anthropic(_: &Captured) -> Reply {
    Reply::json(
        r#"{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":2}}"#,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn written_and_forwarded_answers_carry_logprobs_and_refusal() {
    let gw = Gateway::start(openai, anthropic).await;
    for model in ["oa/m", "an/m"] {
        let body = json!({ "model": model, "messages": [{ "role": "user", "content": "hello" }] });
        let v: Value = gw.post("/v1/chat/completions", &body, &[]).await.json().await.unwrap();
        let choice = v["choices"][0].as_object().unwrap();
        assert_eq!(choice.get("logprobs"), Some(&Value::Null), "{model}: {v}");
        assert_eq!(choice["message"].get("refusal"), Some(&Value::Null), "{model}: {v}");
        assert_eq!(choice["message"]["content"], "Hi", "{model}");
    }
}
