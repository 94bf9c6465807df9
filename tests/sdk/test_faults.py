"""Faults injected by llmock (PyPI) upstream of the gateway: retries, fallback, the idle deadline, and streams cut,
stalled or garbled mid-answer — each must end in an answer or a clear error, never a hang or a quiet truncation."""

import json
import os
import sys
import time

import httpx
import pytest

from conftest import ACCESS_KEY, Process, free_port, start_gateway


def llmock(*flags) -> tuple[str, Process]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    args = [os.path.join(os.path.dirname(sys.executable), "llmock"), "serve", "--port", str(port), "--host", "127.0.0.1",
            "--log-level", "warning", *flags]
    return base, Process(args, dict(os.environ), f"{base}/health")


def provider(name, base):
    return f"""
[[providers]]
name = "{name}"
wire = "openai"
base_url = "{base}/v1"
models = ["gpt-4o-mini"]
"""


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    started = {
        "always429": llmock("--error-rate", "429=1.0"),
        "always503": llmock("--error-rate", "503=1.0"),
        "healthy": llmock(),
        "cut": llmock("--stream-fault", "disconnect=1.0"),
        "truncated": llmock("--stream-fault", "truncate=1.0"),
        "garbled": llmock("--stream-fault", "malformed=1.0"),
        "stalled": llmock("--stream-fault", "stall=1.0", "--stream-stall-seconds", "20"),
    }
    providers = "".join(provider(name, base) for name, (base, _) in started.items())
    # Routes that fall back from a failing target to a healthy one.
    route = "".join(f"""
[[routes]]
name = "{first}-then-healthy"
targets = [{{ provider = "{first}", model = "gpt-4o-mini" }}, {{ provider = "healthy", model = "gpt-4o-mini" }}]
""" for first in ["always429", "always503", "cut"])
    base, gw = start_gateway(tmp_path_factory.mktemp("faults"), providers + route,
                             "idle_timeout_ms = 1500\nfirst_byte_timeout_ms = 5000\nmax_retries = 1")
    yield base
    gw.stop()
    for _, proc in started.values():
        proc.stop()


def post(base, model, stream=False, timeout=30):
    body = {"model": model, "stream": stream, "messages": [{"role": "user", "content": "hello"}]}
    return httpx.post(f"{base}/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {ACCESS_KEY}"},
                      timeout=timeout)


@pytest.mark.parametrize("first", ["always429", "always503", "cut"])
@pytest.mark.parametrize("stream", [False, True])
def test_falls_back_to_the_next_target(servers, first, stream):
    r = post(servers, f"{first}-then-healthy", stream=stream)
    assert r.status_code == 200, r.text
    if stream and first == "cut":
        # llmock cuts after a random number of chunks: before any content the gateway falls back; after, it must
        # not switch, and the cut surfaces as an error. Either way never both an error and [DONE].
        finished = r.text.rstrip().endswith("data: [DONE]")
        assert finished != ('"error"' in r.text), r.text[-300:]
    elif stream:
        assert r.text.rstrip().endswith("data: [DONE]") and '"error"' not in r.text
    else:
        assert r.json()["choices"][0]["message"]["content"]


def test_a_healthy_upstream_answers(servers):
    r = post(servers, "healthy/gpt-4o-mini")
    assert r.status_code == 200
    assert r.json()["choices"][0]["message"]["content"]


@pytest.mark.parametrize("name,status", [("always429", 429), ("always503", 502)])
def test_persistent_upstream_errors_come_back_fast_in_openai_shape(servers, name, status):
    started = time.time()
    r = post(servers, f"{name}/gpt-4o-mini")
    assert r.status_code == status
    body = r.json()
    assert body["error"]["trace_id"] and body["error"]["type"]
    assert time.time() - started < 15, "retries are bounded"


@pytest.mark.parametrize("name", ["cut", "truncated", "garbled"])
def test_a_stream_broken_mid_answer_never_looks_complete(servers, name):
    # llmock breaks each stream after a random number of chunks. Broken before any content, the gateway retries
    # (and the retry may be broken later, or not at all); broken after content, it cannot retry and must say so.
    # A stream only ends with [DONE] when the upstream finished it, so: an error, or [DONE], never both or neither.
    r = post(servers, f"{name}/gpt-4o-mini", stream=True)
    if r.status_code != 200:
        assert r.json()["error"]["type"], "failed before the first byte: an HTTP error"
        return
    events = [line[6:] for line in r.text.splitlines() if line.startswith("data: ")]
    chunks = [json.loads(e) for e in events if e != "[DONE]"]
    errored = any("error" in c for c in chunks)
    finished = events[-1] == "[DONE]"
    assert errored != finished, f"error={errored} done={finished}: {r.text[-300:]}"
    if finished:
        assert any(c["choices"] and c["choices"][0]["finish_reason"] for c in chunks), "a finished stream has a finish reason"


def test_a_stalled_stream_hits_the_idle_deadline_instead_of_hanging(servers):
    started = time.time()
    r = post(servers, "stalled/gpt-4o-mini", stream=True, timeout=15)
    elapsed = time.time() - started
    assert elapsed < 10, f"took {elapsed:.1f}s: the 1.5 s idle deadline did not fire"
    if r.status_code == 200:
        assert '"error"' in r.text and "[DONE]" not in r.text
    else:
        assert r.status_code == 504
