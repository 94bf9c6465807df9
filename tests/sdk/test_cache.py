"""The response cache through the official SDKs: a repeated request is answered from the cache (whole, and
streamed as a replay the SDK parses like a live stream), in both dialects, from both upstreams."""

import uuid

import anthropic
import openai
import pytest


ANSWER = "Hello from aimock! How can I help you today?"
UPSTREAMS = {"openai-upstream": "oa/gpt-4o-mini", "anthropic-upstream": "an/claude-sonnet-4-5"}
models = pytest.mark.parametrize("model", UPSTREAMS.values(), ids=UPSTREAMS.keys())


def own_namespace():
    """Each test keeps its answers apart from the others' (the session shares one gateway)."""
    return {"x-switchyard-cache-namespace": f"sdk-{uuid.uuid4()}"}


@models
def test_openai_sdk_gets_a_cached_answer_whole_and_streamed(oa, model):
    headers = own_namespace()
    ask = dict(model=model, temperature=0, messages=[{"role": "user", "content": "hello"}], extra_headers=headers)
    live = oa.chat.completions.with_raw_response.create(**ask)
    assert live.headers["x-switchyard-cache"] == "miss"
    hit = oa.chat.completions.with_raw_response.create(**ask)
    assert hit.headers["x-switchyard-cache"] == "hit"
    assert hit.parse().choices[0].message.content == live.parse().choices[0].message.content == ANSWER
    assert hit.parse().choices[0].finish_reason == "stop"

    with oa.chat.completions.with_streaming_response.create(stream=True, stream_options={"include_usage": True},
                                                            **ask) as r:
        assert r.headers["x-switchyard-cache"] == "hit"
        chunks = list(r.parse())
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == ANSWER
    assert [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason] == ["stop"]
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0


@models
def test_anthropic_sdk_gets_a_cached_answer_whole_and_streamed(an, model):
    headers = own_namespace()
    # This SDK no longer takes `temperature` as an argument; the API still does.
    ask = dict(model=model, max_tokens=256, messages=[{"role": "user", "content": "hello"}],
               extra_headers=headers, extra_body={"temperature": 0})
    live = an.messages.with_raw_response.create(**ask)
    assert live.headers["x-switchyard-cache"] == "miss"
    hit = an.messages.with_raw_response.create(**ask)
    assert hit.headers["x-switchyard-cache"] == "hit"
    assert hit.parse().content[0].text == live.parse().content[0].text == ANSWER

    with an.messages.stream(**ask) as s:
        assert s.response.headers["x-switchyard-cache"] == "hit"
        text = "".join(s.text_stream)
        final = s.get_final_message()
    assert text == ANSWER
    assert final.stop_reason == "end_turn"
    assert final.usage.output_tokens > 0


def test_only_is_a_clear_error_in_each_sdk(oa, an):
    headers = {**own_namespace(), "x-switchyard-cache": "only"}
    with pytest.raises(openai.NotFoundError) as e:
        oa.chat.completions.create(model="oa/gpt-4o-mini", temperature=0, extra_headers=headers,
                                   messages=[{"role": "user", "content": "hello"}])
    assert e.value.code == "cache_miss"
    with pytest.raises(anthropic.NotFoundError) as e:
        an.messages.create(model="an/claude-sonnet-4-5", max_tokens=64, extra_headers=headers,
                           messages=[{"role": "user", "content": "hello"}])
    assert "cache" in str(e.value)
