"""Cuts OpenAI's API description down to what the gateway serves, for schemathesis and the required-field tests.

    python3 tests/schema/trim_spec.py ../shared/specs/openai-openapi.yaml tests/schema/openai-chat-models.json

Keeps the paths below (only their listed methods) and every component they reference, directly or not; drops the
operations' `x-oaiMeta` (documentation examples). Written as JSON so Rust tests read it with serde_json.

One change of form, not of meaning: OpenAI gives the chunk schema as the `schema` of `text/event-stream`, while
OpenAPI (and schemathesis) read that `schema` as the schema of each event (`data`, `event`, `id`). It is written out
as the event OpenAI describes: `data` is the closing `[DONE]` or a chunk as JSON.
"""

import json
import sys

import yaml

PATHS = {"/chat/completions": ["post"], "/models": ["get"], "/models/{model}": ["get"]}


def refs(node, found):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/"):
            found.add(tuple(ref[len("#/components/"):].split("/", 1)))
        for value in node.values():
            refs(value, found)
    elif isinstance(node, list):
        for value in node:
            refs(value, found)


def as_events(paths):
    for item in paths.values():
        for operation in item.values():
            for response in operation.get("responses", {}).values():
                media = response.get("content", {}).get("text/event-stream")
                if media and "schema" in media:
                    chunk = media["schema"]
                    media["schema"] = {
                        "type": "object",
                        "required": ["data"],
                        "properties": {"data": {"anyOf": [
                            {"const": "[DONE]"},
                            {"contentMediaType": "application/json", "contentSchema": chunk},
                        ]}},
                    }


def trim(spec):
    paths = {}
    for path, methods in PATHS.items():
        item = spec["paths"][path]
        paths[path] = {m: {k: v for k, v in item[m].items() if k != "x-oaiMeta"} for m in methods}
    as_events(paths)
    components, seen, todo = {}, set(), set()
    refs(paths, todo)
    while todo:
        kind, name = todo.pop()
        if (kind, name) in seen:
            continue
        seen.add((kind, name))
        node = spec["components"][kind][name]
        components.setdefault(kind, {})[name] = node
        refs(node, todo)
    components["securitySchemes"] = {"ApiKeyAuth": spec["components"]["securitySchemes"]["ApiKeyAuth"]}
    return {
        "openapi": spec["openapi"],
        "info": {**spec["info"], "description": "Trimmed by tests/schema/trim_spec.py: " + ", ".join(PATHS)},
        "servers": spec.get("servers", []),
        "security": [{"ApiKeyAuth": []}],
        "paths": paths,
        "components": {kind: dict(sorted(items.items())) for kind, items in sorted(components.items())},
    }


if __name__ == "__main__":
    source, target = sys.argv[1], sys.argv[2]
    with open(source) as f:
        spec = yaml.safe_load(f)
    with open(target, "w") as f:
        json.dump(trim(spec), f, indent=1, ensure_ascii=False)
        f.write("\n")
