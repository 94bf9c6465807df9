"""Starts aimock (the upstream, in both wire formats) and the real switchyard-gateway binary from a config file."""

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import anthropic
import openai
import pytest

ROOT = Path(__file__).resolve().parents[2]
ACCESS_KEY = "sy-sdk-tests-0123456789abcdef"
UPSTREAM_KEY = "sk-upstream-aimock-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except Exception:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


class Upstream:
    def __init__(self, base: str):
        self.base = base

    def journal(self) -> list:
        request = urllib.request.Request(f"{self.base}/__aimock/journal", headers={"Authorization": f"Bearer {UPSTREAM_KEY}"})
        with urllib.request.urlopen(request) as r:
            return json.load(r)

    def last_body(self) -> dict:
        entries = self.journal()
        entries = entries if isinstance(entries, list) else entries.get("entries", [])
        chat = [e for e in entries if e.get("path", "").endswith(("/chat/completions", "/messages"))]
        return chat[-1]["body"]


@pytest.fixture(scope="session")
def upstream():
    port = free_port()
    env = dict(os.environ, AIMOCK_API_KEYS=UPSTREAM_KEY)
    proc = subprocess.Popen(
        ["node", str(ROOT / "node_modules/@copilotkit/aimock/dist/cli.js"), "--port", str(port), "--host", "127.0.0.1",
         "--fixtures", str(Path(__file__).parent / "fixtures.json"), "--log-level", "warn"],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/health")
    yield Upstream(base)
    proc.terminate()
    proc.wait(10)


def gateway_binary() -> Path:
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    binary = Path(os.environ.get("SWITCHYARD_GATEWAY_BIN", target / "debug" / "switchyard-gateway"))
    assert binary.exists(), f"build the gateway first: cargo build -p switchyard-gateway ({binary} missing)"
    return binary


class Process:
    """A server started for a test module, stopped when it ends."""

    def __init__(self, args, env, health):
        self.proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL)
        wait_for(health)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


def start_gateway(directory: Path, providers_toml: str, gateway_toml: str = "") -> tuple[str, Process]:
    config = directory / "switchyard.toml"
    config.write_text(f"""
[gateway]
{gateway_toml}

{providers_toml}

[[access_keys]]
name = "sdk-tests"
key_env = "SWITCHYARD_ACCESS_KEY"
scopes = ["chat", "models"]
""")
    port = free_port()
    env = dict(os.environ, UPSTREAM_KEY=UPSTREAM_KEY, SWITCHYARD_ACCESS_KEY=ACCESS_KEY)
    base = f"http://127.0.0.1:{port}"
    proc = Process([str(gateway_binary()), "serve", "--config", str(config), "--port", str(port)], env, f"{base}/health")
    return base, proc


@pytest.fixture(scope="session")
def gateway(upstream, tmp_path_factory):
    providers = "\n".join(
        f"""
[[providers]]
name = "{name}"
wire = "{wire}"
base_url = "{upstream.base}/v1"
api_key_env = "UPSTREAM_KEY"
models = ["{model}"]
"""
        for name, wire, model in [("oa", "openai", "gpt-4o-mini"), ("an", "anthropic", "claude-sonnet-4-5")]
    )
    base, proc = start_gateway(tmp_path_factory.mktemp("gw"), providers)
    yield base
    proc.stop()


# The official SDKs against the session's gateway, without retries (a retry would hide what the first answer was).
@pytest.fixture
def oa(gateway):
    return openai.OpenAI(base_url=f"{gateway}/v1", api_key=ACCESS_KEY, max_retries=0)


@pytest.fixture
def an(gateway):
    return anthropic.Anthropic(base_url=gateway, api_key=ACCESS_KEY, max_retries=0)
