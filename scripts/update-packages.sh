#!/usr/bin/env bash
# The updater test's packages (tests/e2e/tests/update.rs), in DIR:
#   - a key pair made now (test.key), and another nobody trusts (attacker.key);
#   - Switchyard 0.1.0 and 0.2.0 as debug .debs that trust test.key and, for this test only, an http:// endpoint
#     (the signature is what the test is about; a release keeps https);
#   - package.deb (0.2.0) with good.sig (test.key, bound to 0.2.0), attacker.sig (attacker.key) and replayed.sig
#     (test.key, bound to 0.1.5: a genuine signature a tampered manifest could pair with another version);
# then installs 0.1.0 with apt, as a person would, which also proves the package's dependencies resolve.
#   scripts/update-packages.sh DIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
dir="$1"
mkdir -p "$dir"
sign() { # key version file -> signature text
  TAURI_SIGNING_PRIVATE_KEY_PASSWORD="" npx tauri signer sign -f "$1" --app-version "$2" "$3" >/dev/null
  cat "$3.sig" && rm "$3.sig"
}
for key in test attacker; do
  npx tauri signer generate --ci -p "" -f -w "$dir/$key.key" >/dev/null
done
pubkey="$(cat "$dir/test.key.pub")"
for version in 0.2.0 0.1.0; do
  say "Building Switchyard $version (.deb, trusting the test key)"
  config="$(printf '{"version":"%s","plugins":{"updater":{"pubkey":"%s","endpoints":["http://127.0.0.1:9/latest.json"],"dangerousInsecureTransportProtocol":true}}}' "$version" "$pubkey")"
  npx tauri build --debug --bundles deb --config "$config" -- --locked
  cp "$CARGO_TARGET_DIR/debug/bundle/deb/Switchyard_${version}_amd64.deb" "$dir/"
  check_deb "$dir/Switchyard_${version}_amd64.deb"
done
cp "$dir/Switchyard_0.2.0_amd64.deb" "$dir/package.deb"
sign "$dir/test.key" 0.2.0 "$dir/package.deb" > "$dir/good.sig"
sign "$dir/attacker.key" 0.2.0 "$dir/package.deb" > "$dir/attacker.sig"
sign "$dir/test.key" 0.1.5 "$dir/package.deb" > "$dir/replayed.sig"
echo good > "$dir/mode"
say "Installing Switchyard 0.1.0 with apt"
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --allow-downgrades \
  "$dir/Switchyard_0.1.0_amd64.deb"
[ "$(dpkg-query -W -f='${Version}' switchyard)" = "0.1.0" ]
