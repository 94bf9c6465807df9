"""Every request field of both dialects, as the official SDKs define them today, is classified in the gateway's
field table (`switchyard-gateway fields`), and a request carrying every one of them reaches each kind of upstream
with each field forwarded, mapped, or named in x-switchyard-dropped-fields. A new SDK field fails here until the
table says what becomes of it."""

import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import anthropic
import openai
import pytest
from anthropic.types import message_create_params as anthropic_params
from anthropic.types.beta import message_create_params as anthropic_beta_params
from openai.types.chat import completion_create_params as openai_params

from conftest import ACCESS_KEY, gateway_binary, start_gateway


def sdk_fields(*typed_dicts) -> set:
    return {k for t in typed_dicts for k in (t.__required_keys__ | t.__optional_keys__)}


OPENAI_FIELDS = sdk_fields(openai_params.CompletionCreateParamsNonStreaming, openai_params.CompletionCreateParamsStreaming)
ANTHROPIC_FIELDS = sdk_fields(anthropic_params.MessageCreateParamsNonStreaming,
                              anthropic_params.MessageCreateParamsStreaming,
                              anthropic_beta_params.MessageCreateParamsNonStreaming)


@pytest.fixture(scope="module")
def table():
    out = subprocess.run([str(gateway_binary()), "fields"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_every_sdk_request_field_is_in_the_table(table):
    for dialect, fields in [("openai", OPENAI_FIELDS), ("anthropic", ANTHROPIC_FIELDS)]:
        classified = {f["name"] for f in table[dialect]}
        assert fields - classified == set(), f"{dialect} fields with no rule in crates/core/src/translate/fields.rs"
        for f in table[dialect]:
            assert f["rule"] in ("mapped", "handled", "lost"), f


# ---- a capturing upstream of both dialects

OPENAI_ANSWER = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "m",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}}
ANTHROPIC_ANSWER = {"id": "msg_1", "type": "message", "role": "assistant", "model": "m",
                    "content": [{"type": "text", "text": "ok"}], "stop_reason": "end_turn", "stop_sequence": None,
                    "usage": {"input_tokens": 3, "output_tokens": 1}}


class Capture:
    def __init__(self):
        self.seen = []
        seen = self.seen

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
                answer = OPENAI_ANSWER if self.path.endswith("/chat/completions") else ANTHROPIC_ANSWER
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def last(self):
        return self.seen[-1]


@pytest.fixture(scope="module")
def capture():
    c = Capture()
    yield c
    c.server.shutdown()


@pytest.fixture(scope="module")
def gateway(capture, tmp_path_factory):
    providers = f"""
[[providers]]
name = "co"
wire = "openai"
base_url = "{capture.base}/v1"
api_key_env = "UPSTREAM_KEY"
models = ["gpt-4o"]

[[providers]]
name = "ca"
wire = "anthropic"
base_url = "{capture.base}/v1"
api_key_env = "UPSTREAM_KEY"
models = ["claude-sonnet-4-5"]
"""
    base, proc = start_gateway(tmp_path_factory.mktemp("fields"), providers)
    yield base
    proc.stop()


# ---- every OpenAI field, with a value an SDK would send

OPENAI_VALUES = {
    "messages": [{"role": "developer", "content": "Be terse."}, {"role": "user", "content": "hi"}],
    "audio": {"voice": "alloy", "format": "wav"},
    "frequency_penalty": 0.25,
    "function_call": "auto",
    "functions": [{"name": "legacy", "parameters": {"type": "object"}}],
    "logit_bias": {"50256": -100},
    "logprobs": True,
    "max_completion_tokens": 4000,
    "max_tokens": 4000,
    "metadata": {"k": "v"},
    "modalities": ["text"],
    "n": 1,
    "parallel_tool_calls": False,
    "prediction": {"type": "content", "content": "x"},
    "presence_penalty": 0.5,
    "reasoning_effort": "low",
    "response_format": {"type": "json_schema", "json_schema": {"name": "a", "schema": {"type": "object"}, "strict": True}},
    "safety_identifier": "sid-1",
    "seed": 42,
    "service_tier": "flex",
    "stop": ["END"],
    "store": False,
    "stream_options": {"include_usage": True},
    "temperature": 0.2,
    "tool_choice": "auto",
    "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}, "strict": True}}],
    "top_logprobs": 2,
    "top_p": 0.9,
    "user": "u-1",
    "verbosity": "low",
    "web_search_options": {},
}

# What an Anthropic upstream must have received for each mapped OpenAI field.
OPENAI_TO_ANTHROPIC = {
    "messages": lambda b: b["system"][0]["text"] == "Be terse." and b["messages"][0]["content"][0]["text"] == "hi",
    "max_completion_tokens": lambda b: b["max_tokens"] == 4000,
    "max_tokens": lambda b: b["max_tokens"] == 4000,
    "temperature": lambda b: b["temperature"] == 0.2,
    "top_p": lambda b: b["top_p"] == 0.9,
    "stop": lambda b: b["stop_sequences"] == ["END"],
    "tools": lambda b: b["tools"][0]["name"] == "f" and b["tools"][0]["strict"] is True,
    "tool_choice": lambda b: b["tool_choice"]["type"] == "auto",
    "parallel_tool_calls": lambda b: b["tool_choice"]["disable_parallel_tool_use"] is True,
    "user": lambda b: b["metadata"]["user_id"] == "u-1",
    "safety_identifier": lambda b: b["metadata"]["user_id"] in ("u-1", "sid-1"),
    "n": lambda b: "n" not in b,
    "response_format": lambda b: b["output_config"]["format"] == {"type": "json_schema", "schema": {"type": "object"}},
    "reasoning_effort": lambda b: b["thinking"] == {"type": "enabled", "budget_tokens": 2048},
}


def every_openai_field():
    unknown = OPENAI_FIELDS - set(OPENAI_VALUES) - {"model", "stream"}
    # Fields newer than this test get a plain value: they must still be forwarded or reported.
    return {**OPENAI_VALUES, **{k: "x" for k in unknown}}


@pytest.mark.parametrize("target", ["co/gpt-4o", "ca/claude-sonnet-4-5"], ids=["openai-upstream", "anthropic-upstream"])
def test_every_openai_field_is_forwarded_mapped_or_reported(gateway, capture, table, target):
    sent = every_openai_field()
    client = openai.OpenAI(base_url=f"{gateway}/v1", api_key=ACCESS_KEY, max_retries=0)
    raw = client.chat.completions.with_raw_response.create(model=target, extra_body=sent, messages=sent["messages"])
    assert raw.parse().choices[0].message.content == "ok"
    dropped = {f.strip() for f in raw.headers.get("x-switchyard-dropped-fields", "").split(",") if f.strip()}
    got = capture.last()["body"]
    handled = {f["name"] for f in table["openai"] if f["rule"] == "handled"}
    if target.startswith("co/"):
        assert dropped == set()
        for field, value in sent.items():
            if field not in handled:
                assert got[field] == value, field
        assert "stream_options" not in got, "a whole request carries no stream options"
        return
    lost = {f["name"] for f in table["openai"] if f["rule"] == "lost"}
    for field in sent:
        top = {d.split(".")[0].split("[")[0] for d in dropped}
        if field in lost or field not in {f["name"] for f in table["openai"]}:
            assert field in top, f"{field} was lost without being reported"
            assert got.get(field) != sent[field], f"{field} reached the Anthropic upstream"
        elif field in OPENAI_TO_ANTHROPIC:
            assert OPENAI_TO_ANTHROPIC[field](got), f"{field} not mapped: {got}"
        else:
            assert field == "stream_options", field
    assert dropped - {d for d in dropped if d.split(".")[0].split("[")[0] in sent} == set(), dropped


# ---- every Anthropic field

ANTHROPIC_VALUES = {
    "max_tokens": 2000,
    "messages": [{"role": "user", "content": [{"type": "text", "text": "hi", "cache_control": {"type": "ephemeral"}}]}],
    "system": [{"type": "text", "text": "Be terse.", "cache_control": {"type": "ephemeral"}}],
    "stop_sequences": ["END"],
    "temperature": 0.2,
    "top_p": 0.9,
    "top_k": 5,
    "metadata": {"user_id": "u-1"},
    "thinking": {"type": "enabled", "budget_tokens": 1024},
    "output_config": {"effort": "high", "format": {"type": "json_schema", "schema": {"type": "object"}}},
    "tool_choice": {"type": "auto", "disable_parallel_tool_use": True},
    "tools": [{"name": "f", "input_schema": {"type": "object"}, "strict": True}],
    "cache_control": {"type": "ephemeral"},
    "container": "c-1",
    "context_management": {"edits": []},
    "inference_geo": "us",
    "mcp_servers": [{"type": "url", "url": "https://mcp.example", "name": "m"}],
    "service_tier": "auto",
    "speed": "fast",
}

ANTHROPIC_TO_OPENAI = {
    "max_tokens": lambda b: b["max_tokens"] == 2000,
    "messages": lambda b: b["messages"][-1] == {"role": "user", "content": "hi"},
    "system": lambda b: b["messages"][0] == {"role": "system", "content": "Be terse."},
    "stop_sequences": lambda b: b["stop"] == ["END"],
    "temperature": lambda b: b["temperature"] == 0.2,
    "top_p": lambda b: b["top_p"] == 0.9,
    "metadata": lambda b: b["user"] == "u-1",
    "thinking": lambda b: b["reasoning_effort"] == "high",
    "output_config": lambda b: b["reasoning_effort"] == "high" and b["response_format"]["type"] == "json_schema",
    "tool_choice": lambda b: b["tool_choice"] == "auto" and b["parallel_tool_calls"] is False,
    "tools": lambda b: b["tools"][0]["function"]["name"] == "f" and b["tools"][0]["function"]["strict"] is True,
}


def every_anthropic_field():
    unknown = ANTHROPIC_FIELDS - set(ANTHROPIC_VALUES) - {"model", "stream", "betas"}
    return {**ANTHROPIC_VALUES, **{k: "x" for k in unknown}}


@pytest.mark.parametrize("target", ["ca/claude-sonnet-4-5", "co/gpt-4o"], ids=["anthropic-upstream", "openai-upstream"])
def test_every_anthropic_field_is_forwarded_mapped_or_reported(gateway, capture, table, target):
    sent = every_anthropic_field()
    client = anthropic.Anthropic(base_url=gateway, api_key=ACCESS_KEY, max_retries=0)
    raw = client.messages.with_raw_response.create(
        model=target, max_tokens=sent["max_tokens"], messages=sent["messages"],
        extra_body={k: v for k, v in sent.items() if k not in ("max_tokens", "messages")},
        extra_headers={"anthropic-beta": "context-management-2025-06-27"})
    assert raw.parse().content[0].text == "ok"
    dropped = {f.strip() for f in raw.headers.get("x-switchyard-dropped-fields", "").split(",") if f.strip()}
    upstream = capture.last()
    got = upstream["body"]
    if target.startswith("ca/"):
        assert dropped == set()
        assert upstream["headers"].get("anthropic-beta") == "context-management-2025-06-27"
        for field, value in sent.items():
            assert got[field] == value, field
        return
    assert "anthropic-beta (header)" in dropped
    names = {f["name"] for f in table["anthropic"]}
    lost = {f["name"] for f in table["anthropic"] if f["rule"] == "lost"}
    top = {d.split(".")[0].split("[")[0] for d in dropped}
    for field in sent:
        if field in lost or field not in names:
            assert field in top, f"{field} was lost without being reported"
            assert got.get(field) != sent[field], f"{field} reached the OpenAI upstream"
        else:
            assert ANTHROPIC_TO_OPENAI[field](got), f"{field} not mapped: {got}"
    # Parts of mapped fields that OpenAI has no place for are named too.
    assert {"system[].cache_control", "messages[].content[].cache_control"} <= dropped, dropped
