# Shared by run.sh, test.sh and e2e.sh: install what is missing, idempotently.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/switchyard/target}"

BUILD_PACKAGES=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev pkg-config fonts-noto-cjk)
# python3-gi and python3-xlib drive the tray over DBus and the close button over X11; sudo is how the updater
# installs a .deb (after pkexec and a graphical prompt, which a test machine has not).
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver gnome-keyring libsecret-tools dbus dbus-x11 keyutils imagemagick python3 python3-venv
  python3-gi python3-xlib sudo)
SDK_VENV="${SWITCHYARD_SDK_VENV:-$HOME/.cache/switchyard/sdk-venv}"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root to run: $*  (install sudo or run as root)" >&2; return 1; fi
}

ensure_apt_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "This system has no apt-get. Install these packages (or your distribution's equivalents) and rerun:" >&2
    printf '  %s\n' "${missing[@]}" >&2
    return 1
  fi
  say "Installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

ensure_toolchains() {
  command -v cargo >/dev/null || { echo "Rust is missing: install it with rustup (https://rustup.rs) and rerun." >&2; return 1; }
  if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
    echo "Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))." >&2
    return 1
  fi
}

# `npm ci` (exactly what package-lock.json says, nothing resolved anew) whenever package.json or the lock changed
# since the last install. The locks list every platform's optional native packages (@tauri-apps/cli-*,
# @rolldown/binding-*, lightningcss-*, fsevents), so the same lock installs on Linux, macOS and Windows; a lock out
# of step with package.json makes `npm ci` fail, and so this does: there is no `npm install` fallback. After changing
# a package.json, run `npm install` there and commit the lock; `node scripts/check-lock.mjs` checks the locks.
ensure_npm_deps() {
  local dir="$1" stamp
  stamp="$dir/node_modules/.switchyard-lock-sha"
  local want; want="$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "npm ci in ${dir#"$ROOT"/}"
    if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error); then
      echo "npm ci failed in $dir: is package-lock.json in step with package.json? (npm install there, commit the lock)" >&2
      return 1
    fi
    echo "$want" > "$stamp"
  fi
}

ensure_tauri_driver() {
  export PATH="$HOME/.cargo/bin:$PATH"
  command -v tauri-driver >/dev/null && return 0
  say "Installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked --quiet
}

# The official OpenAI and Anthropic Python SDKs (and pytest), pinned in tests/sdk/requirements.txt.
ensure_sdk_venv() {
  local stamp="$SDK_VENV/.switchyard-req-sha" want
  want="$(sha256sum "$ROOT/tests/sdk/requirements.txt" | cut -d' ' -f1)"
  if [ ! -x "$SDK_VENV/bin/pytest" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "Installing the Python SDKs into $SDK_VENV"
    python3 -m venv "$SDK_VENV"
    "$SDK_VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/tests/sdk/requirements.txt"
    echo "$want" > "$stamp"
  fi
}

setup_build() {
  ensure_apt_packages "${BUILD_PACKAGES[@]}"
  ensure_toolchains
  ensure_npm_deps "$ROOT"
  ensure_npm_deps "$ROOT/ui"
}

setup_tests() {
  setup_build
  ensure_apt_packages "${TEST_PACKAGES[@]}"
  ensure_tauri_driver
  ensure_sdk_venv
}

# The app with the built UI embedded (what `tauri build` makes), at $CARGO_TARGET_DIR/debug/switchyard.
build_app() {
  say "Building the app"
  (cd "$ROOT" && npx tauri build --debug --no-bundle -- --locked)
}

# Runs "$@" on a private session bus with an unlocked gnome-keyring, as a desktop session would have.
with_keychain() {
  local tmp; tmp="$(mktemp -d)"
  mkdir -p "$tmp/data" "$tmp/runtime" && chmod 700 "$tmp/runtime"
  XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/runtime" dbus-run-session -- bash -c '
    printf "switchyard-test" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
    for _ in $(seq 1 100); do
      dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
      sleep 0.1
    done
    "$@"
  ' with_keychain "$@"
  local rc=$?
  # xdg-document-portal may leave a FUSE mount in the runtime dir; never let cleanup decide the result.
  fusermount -uz "$tmp/runtime/doc" 2>/dev/null || true
  rm -rf "$tmp" 2>/dev/null || true
  return $rc
}

# Fails unless the package at $1 holds the app, its desktop entry and icons, and declares what it needs to run.
check_deb() {
  local deb="$1" info contents
  info="$(dpkg-deb --info "$deb")"
  contents="$(dpkg-deb --contents "$deb")"
  local want
  for want in "Package: switchyard" "libwebkit2gtk-4.1-0" "libgtk-3-0" "libayatana-appindicator3-1" "fonts-noto-cjk" \
    "gnome-keyring | kwalletmanager | keepassxc"; do
    grep -qF -- "$want" <<<"$info" || { echo "$deb: the control file lacks '$want':" >&2; echo "$info" >&2; return 1; }
  done
  for want in "usr/bin/switchyard" "usr/share/applications/Switchyard.desktop" \
    "usr/share/icons/hicolor/32x32/apps/switchyard.png" "usr/share/icons/hicolor/128x128/apps/switchyard.png" \
    "usr/share/icons/hicolor/512x512/apps/switchyard.png"; do
    grep -qF -- "$want" <<<"$contents" || { echo "$deb: the package lacks $want" >&2; return 1; }
  done
  local desktop; desktop="$(dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards "*usr/share/applications/Switchyard.desktop")"
  for want in "Exec=switchyard" "Icon=switchyard" "Name=Switchyard"; do
    grep -qxF -- "$want" <<<"$desktop" || { echo "$deb: the desktop entry lacks '$want'" >&2; return 1; }
  done
  echo "$deb: binary, desktop entry, icons and dependencies as declared"
}
