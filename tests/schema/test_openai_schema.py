"""schemathesis against OpenAI's API description (trimmed to the gateway's endpoints: openai-chat-models.json) for
POST /v1/chat/completions, GET /v1/models and GET /v1/models/{model}: the real gateway binary over aimock in both wire
formats, as tests/sdk starts them. Bounded by examples per operation and a time budget; no answer may be a 5xx, and
every documented answer (200, whole or streamed) must match its schema."""

import importlib.util
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("sdk_conftest", HERE.parent / "sdk" / "conftest.py")
sdk = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sdk)

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "150"))
MAX_SECONDS = int(os.environ.get("SCHEMATHESIS_MAX_SECONDS", "180"))


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    port = sdk.free_port()
    aimock = subprocess.Popen(
        ["node", str(sdk.ROOT / "node_modules/@copilotkit/aimock/dist/cli.js"), "--port", str(port), "--host",
         "127.0.0.1", "--fixtures", str(HERE / "fixtures.json"), "--log-level", "warn"],
        env=dict(os.environ, AIMOCK_API_KEYS=sdk.UPSTREAM_KEY),
        stdout=subprocess.DEVNULL,
    )
    try:
        upstream = f"http://127.0.0.1:{port}"
        sdk.wait_for(f"{upstream}/health")
        providers = "\n".join(
            f'[[providers]]\nname = "{name}"\nwire = "{wire}"\nbase_url = "{upstream}/v1"\n'
            f'api_key_env = "UPSTREAM_KEY"\nmodels = ["{model}"]\n'
            for name, wire, model in [("oa", "openai", "gpt-4o-mini"), ("an", "anthropic", "claude-sonnet-4-5")]
        )
        base, proc = sdk.start_gateway(tmp_path_factory.mktemp("schema"), providers)
        try:
            yield base
        finally:
            proc.stop()
    finally:
        aimock.terminate()
        aimock.wait(10)


def test_no_server_errors_and_every_answer_matches_the_spec(gateway, tmp_path):
    st = Path(sys.executable).parent / "st"
    args = [
        str(st), "run", str(HERE / "openai-chat-models.json"), "--url", f"{gateway}/v1",
        "-H", f"Authorization: Bearer {sdk.ACCESS_KEY}",
        "--checks", "not_a_server_error,response_schema_conformance,content_type_conformance",
        "--max-examples", str(MAX_EXAMPLES), "--max-time", str(MAX_SECONDS),
        "--seed", os.environ.get("SCHEMATHESIS_SEED", "15"),
        # `{model}` is any string: a negative example is hard to draw, and that is not a fault of the gateway.
        "--suppress-health-check", "filter_too_much",
        "--workers", "2", "--request-timeout", "30", "--generation-database", "none", "--no-color",
        "--report", "junit", "--report-dir", str(tmp_path),
    ]
    env = dict(os.environ, SCHEMATHESIS_HOOKS="hooks", PYTHONPATH=str(HERE))
    started = time.time()
    run = subprocess.run(args, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=MAX_SECONDS + 120)
    took = time.time() - started
    print(run.stdout, run.stderr, sep="\n")
    cases = re.search(r"(\d+) generated", run.stdout)
    print(f"schemathesis: {cases.group(1) if cases else '?'} cases in {took:.0f} s")
    assert run.returncode == 0, "schemathesis found failures (above)"
    assert cases and int(cases.group(1)) > 0, "schemathesis generated no case"
