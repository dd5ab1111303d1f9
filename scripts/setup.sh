#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build and test the project:
# the C toolchain pieces for -sys crates, tshark (the Wireshark referee for our messages),
# Chromium (the API UI's browser check), a Python venv with the OpenAPI validator, and the
# pinned Rust toolchain. Safe to run again: it skips what is already there.
set -euo pipefail

need=()
command -v tshark >/dev/null || need+=(tshark)
command -v clang >/dev/null || need+=(clang)
dpkg -s libclang-dev >/dev/null 2>&1 || need+=(libclang-dev)
command -v cc >/dev/null || need+=(build-essential)
command -v pkg-config >/dev/null || need+=(pkg-config)
# api/tests/docs_browser.rs drives the API UI (/docs) in headless Chromium.
command -v chromium >/dev/null || need+=(chromium)
# api/tests/openapi.rs validates /openapi.json with openapi-spec-validator, from a venv.
command -v python3 >/dev/null || need+=(python3)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)

if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# The OpenAPI validator, in a venv of its own (HSS_TOOLS_VENV; the test looks there too).
venv="${HSS_TOOLS_VENV:-$HOME/.cache/hss/venv}"
if ! "$venv/bin/python" -c 'import openapi_spec_validator' 2>/dev/null; then
    echo "setup: installing openapi-spec-validator into $venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q 'openapi-spec-validator==0.7.*'
fi

if ! command -v cargo >/dev/null; then
    echo "setup: cargo not found; install Rust with rustup (https://rustup.rs) first" >&2
    exit 1
fi
# rust-toolchain.toml pins the version; this fetches it (and rustfmt, clippy) if missing.
rustup show active-toolchain >/dev/null
