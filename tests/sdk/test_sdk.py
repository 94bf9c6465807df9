"""The official OpenAI and Anthropic Python SDKs against the gateway, with aimock upstream in both formats:
every client x upstream combination."""

import base64
import json

import anthropic
import openai
import pytest

from conftest import UPSTREAM_KEY

ANSWER = "Hello from aimock! How can I help you today?"
UPSTREAMS = {"openai-upstream": "oa/gpt-4o-mini", "anthropic-upstream": "an/claude-sonnet-4-5"}
# A 1x1 red PNG.
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
    "53de0000000c4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082")).decode()
WEATHER_TOOL_OPENAI = {"type": "function", "function": {"name": "get_weather", "description": "Weather for a city",
                       "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
WEATHER_TOOL_ANTHROPIC = {"name": "get_weather", "description": "Weather for a city",
                          "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}

models = pytest.mark.parametrize("model", UPSTREAMS.values(), ids=UPSTREAMS.keys())


def check_reached_upstream(upstream, model, *needles):
    """aimock's journal keeps OpenAI-format bodies as sent but normalises Anthropic ones (dropping images and
    stop_sequences), so the upstream side is checked here for the OpenAI upstream; the Anthropic mapping of the
    same fields is covered by the translator tests in crates/core."""
    if model.startswith("oa/"):
        sent = json.dumps(upstream.last_body())
        for needle in needles:
            assert needle in sent, f"{needle[:20]}… did not reach the upstream"


def upstream_system(body):
    if "system" in body:
        return " ".join(p["text"] for p in body["system"]) if isinstance(body["system"], list) else body["system"]
    return " ".join(m["content"] for m in body["messages"] if m["role"] == "system")


# ---- OpenAI SDK

@models
def test_openai_plain_with_system_prompt(oa, upstream, model):
    r = oa.chat.completions.create(model=model, messages=[
        {"role": "system", "content": "You are terse."}, {"role": "user", "content": "hello"}])
    assert r.choices[0].message.content == ANSWER
    assert r.choices[0].finish_reason == "stop"
    assert r.usage.prompt_tokens > 0 and r.usage.completion_tokens > 0
    assert "You are terse." in upstream_system(upstream.last_body())


@models
def test_openai_streaming_with_usage(oa, model):
    stream = oa.chat.completions.create(model=model, stream=True, stream_options={"include_usage": True},
                                        messages=[{"role": "user", "content": "hello"}])
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == ANSWER
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0


@models
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_openai_parallel_tool_call_round_trip(oa, model, stream):
    messages = [{"role": "user", "content": "What is the weather in paris and rome?"}]
    if stream:
        calls = {}
        finish = None
        for c in oa.chat.completions.create(model=model, messages=messages, tools=[WEATHER_TOOL_OPENAI], stream=True):
            if not c.choices:
                continue
            finish = c.choices[0].finish_reason or finish
            for d in c.choices[0].delta.tool_calls or []:
                entry = calls.setdefault(d.index, {"id": None, "name": None, "args": ""})
                entry["id"] = entry["id"] or d.id
                entry["name"] = entry["name"] or (d.function.name if d.function else None)
                entry["args"] += (d.function.arguments or "") if d.function else ""
        tool_calls = [{"id": v["id"], "type": "function", "function": {"name": v["name"], "arguments": v["args"]}}
                      for _, v in sorted(calls.items())]
    else:
        r = oa.chat.completions.create(model=model, messages=messages, tools=[WEATHER_TOOL_OPENAI])
        finish = r.choices[0].finish_reason
        tool_calls = [tc.model_dump() for tc in r.choices[0].message.tool_calls]
    assert finish == "tool_calls"
    assert [json.loads(tc["function"]["arguments"])["city"] for tc in tool_calls] == ["Paris", "Rome"]
    assert all(tc["function"]["name"] == "get_weather" and tc["id"] for tc in tool_calls)
    messages.append({"role": "assistant", "content": None, "tool_calls": tool_calls})
    for tc, temp in zip(tool_calls, ["18C", "22C"]):
        messages.append({"role": "tool", "tool_call_id": tc["id"], "content": temp})
    final = oa.chat.completions.create(model=model, messages=messages, tools=[WEATHER_TOOL_OPENAI])
    assert final.choices[0].message.content == "Paris is 18°C and Rome is 22°C."


@models
def test_openai_image_input_and_stop_sequence(oa, upstream, model):
    r = oa.chat.completions.create(model=model, stop=["STOP"], messages=[{"role": "user", "content": [
        {"type": "text", "text": "describe this image"},
        {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}}]}])
    assert r.choices[0].message.content == "A small red square."
    check_reached_upstream(upstream, model, PNG, '"stop": ["STOP"]')


# ---- Anthropic SDK

@models
def test_anthropic_plain_with_system_prompt(an, upstream, model):
    r = an.messages.create(model=model, max_tokens=256, system="You are terse.",
                           messages=[{"role": "user", "content": "hello"}])
    assert r.content[0].text == ANSWER
    assert r.stop_reason == "end_turn"
    assert r.usage.input_tokens > 0 and r.usage.output_tokens > 0
    assert "You are terse." in upstream_system(upstream.last_body())


@models
def test_anthropic_streaming_with_usage(an, upstream, model):
    with an.messages.stream(model=model, max_tokens=256, messages=[{"role": "user", "content": "hello"}]) as s:
        text = "".join(s.text_stream)
        final = s.get_final_message()
    assert text == ANSWER
    assert final.stop_reason == "end_turn"
    if model.startswith("an/"):
        # Same dialect: the upstream's stream as it came, usage included (aimock reports its own numbers).
        direct = anthropic.Anthropic(base_url=upstream.base, api_key=UPSTREAM_KEY, max_retries=0)
        with direct.messages.stream(model="claude-sonnet-4-5", max_tokens=256,
                                    messages=[{"role": "user", "content": "hello"}]) as d:
            "".join(d.text_stream)
            assert final.usage == d.get_final_message().usage
    else:
        # Across dialects the usage is translated, and estimated when the upstream reported none.
        assert final.usage.output_tokens > 0 and final.usage.input_tokens > 0


@models
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_anthropic_parallel_tool_call_round_trip(an, model, stream):
    messages = [{"role": "user", "content": "What is the weather in paris and rome?"}]
    kwargs = dict(model=model, max_tokens=256, tools=[WEATHER_TOOL_ANTHROPIC], messages=messages)
    if stream:
        with an.messages.stream(**kwargs) as s:
            r = s.get_final_message()
    else:
        r = an.messages.create(**kwargs)
    assert r.stop_reason == "tool_use"
    uses = [b for b in r.content if b.type == "tool_use"]
    assert [u.input["city"] for u in uses] == ["Paris", "Rome"]
    messages.append({"role": "assistant", "content": [b.model_dump() for b in r.content]})
    messages.append({"role": "user", "content": [
        {"type": "tool_result", "tool_use_id": u.id, "content": t} for u, t in zip(uses, ["18C", "22C"])]})
    final = an.messages.create(model=model, max_tokens=256, tools=[WEATHER_TOOL_ANTHROPIC], messages=messages)
    assert final.content[0].text == "Paris is 18°C and Rome is 22°C."


@models
def test_anthropic_image_input_and_stop_sequence(an, upstream, model):
    r = an.messages.create(model=model, max_tokens=256, stop_sequences=["STOP"], messages=[{"role": "user", "content": [
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
        {"type": "text", "text": "describe this image"}]}])
    assert r.content[0].text == "A small red square."
    check_reached_upstream(upstream, model, PNG, '"stop": ["STOP"]')


def test_errors_reach_the_sdks_as_their_own_exceptions(gateway):
    bad = openai.OpenAI(base_url=f"{gateway}/v1", api_key="sy-wrong-key-000000000", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        bad.chat.completions.create(model="oa/gpt-4o-mini", messages=[{"role": "user", "content": "hello"}])
    bad = anthropic.Anthropic(base_url=gateway, api_key="sy-wrong-key-000000000", max_retries=0)
    with pytest.raises(anthropic.AuthenticationError):
        bad.messages.create(model="an/claude-sonnet-4-5", max_tokens=10, messages=[{"role": "user", "content": "hello"}])


def test_anthropic_count_tokens(an):
    short = an.messages.count_tokens(model="an/claude-sonnet-4-5", messages=[{"role": "user", "content": "hello"}])
    long = an.messages.count_tokens(model="an/claude-sonnet-4-5", system="Be brief.",
                                    messages=[{"role": "user", "content": "hello " * 200}])
    assert 0 < short.input_tokens < long.input_tokens
