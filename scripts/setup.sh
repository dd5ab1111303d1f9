#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build and test the project:
# the C toolchain pieces for -sys crates, tshark (the Wireshark referee for our messages),
# and the pinned Rust toolchain. Safe to run again: it skips what is already there.
set -euo pipefail

need=()
command -v tshark >/dev/null || need+=(tshark)
command -v clang >/dev/null || need+=(clang)
dpkg -s libclang-dev >/dev/null 2>&1 || need+=(libclang-dev)
command -v cc >/dev/null || need+=(build-essential)
command -v pkg-config >/dev/null || need+=(pkg-config)

if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
    echo "setup: cargo not found; install Rust with rustup (https://rustup.rs) first" >&2
    exit 1
fi
# rust-toolchain.toml pins the version; this fetches it (and rustfmt, clippy) if missing.
rustup show active-toolchain >/dev/null
