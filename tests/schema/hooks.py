"""schemathesis hooks (SCHEMATHESIS_HOOKS=hooks): half the generated chat requests and model lookups name a model the
gateway serves, so answers are checked against the schema too, not only refusals of unknown models."""

import zlib

import schemathesis

MODELS = ["oa/gpt-4o-mini", "an/claude-sonnet-4-5"]


def _pick(value) -> str | None:
    """A served model for about half the values, the same for the same value (so shrinking stays stable)."""
    n = zlib.crc32(repr(value).encode("utf-8", "surrogatepass")) % 4
    return MODELS[n] if n < len(MODELS) else None


@schemathesis.hook
def map_body(ctx, body):
    if isinstance(body, dict) and "model" in body and ctx.operation.path == "/chat/completions":
        model = _pick(body)
        if model:
            body["model"] = model
    return body


@schemathesis.hook
def map_path_parameters(ctx, params):
    if isinstance(params, dict) and "model" in params:
        model = _pick(params)
        if model:
            params["model"] = model
    return params
