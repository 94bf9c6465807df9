#!/usr/bin/env python3
"""The update server of the updater's end-to-end test (tests/e2e/tests/update.rs).

  server.py PORT DIR

DIR holds the signed package (package.deb), its signatures (good.sig: the test key; attacker.sig: another key;
replayed.sig: the test key, signed for another version) and a file `mode` the test writes before each check:
  good            the manifest offers package.deb for linux-x86_64-deb with its good signature
  bad-signature   the same package with a signature made by a key the app does not trust
  replayed        a genuine signature of the test key, bound to another version than the manifest announces
  truncated       the package's download announces its full length and stops halfway
  other-platform  the manifest offers packages for macOS and Windows only
Every request is appended to DIR/requests.log, so the test can tell what the app asked for.
"""

import http.server
import json
import os
import sys

PORT, DIR = int(sys.argv[1]), sys.argv[2]
VERSION = os.environ.get("UPDATE_VERSION", "0.2.0")
NOTES = "Switchyard 0.2.0\n- The tray shows today's spend\n- 托盘显示今日花费"


def read(name, mode="r"):
    with open(os.path.join(DIR, name), mode) as f:
        return f.read()


def manifest(mode):
    base = f"http://127.0.0.1:{PORT}"
    signature = {"bad-signature": "attacker.sig", "replayed": "replayed.sig"}.get(mode, "good.sig")
    url = f"{base}/truncated.deb" if mode == "truncated" else f"{base}/package.deb"
    entry = {"url": url, "signature": read(signature).strip()}
    if mode == "other-platform":
        platforms = {"darwin-aarch64": entry, "windows-x86_64": entry}
    else:
        platforms = {"linux-x86_64-deb": entry}
    return {"version": VERSION, "notes": NOTES, "pub_date": "2026-12-03T08:00:00Z", "platforms": platforms}


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        with open(os.path.join(DIR, "requests.log"), "a") as log:
            log.write(self.path + "\n")
        mode = read("mode").strip()
        if self.path.startswith("/latest.json"):
            body = json.dumps(manifest(mode)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path in ("/package.deb", "/truncated.deb"):
            body = read("package.deb", "rb")
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.path == "/truncated.deb":
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)
        else:
            self.send_error(404)


http.server.ThreadingHTTPServer.allow_reuse_address = True
server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
print("listening", flush=True)
server.serve_forever()
