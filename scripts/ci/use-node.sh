# Source this file (`. scripts/ci/use-node.sh`) to run on a Node release that
# the pinned Backstage release supports (22 or 24: its create-app refuses
# others, and node-gyp 13, which its apps build better-sqlite3 with, needs
# 22). When the Node on PATH is older, Node READINESS_NODE_VERSION (default
# below) comes from the npm package node-linux-<arch>, which carries the
# binary and its headers, so nothing is fetched beyond the npm registry. It is
# unpacked once under ${XDG_CACHE_HOME:-$HOME/.cache}/readiness and reused.
# Afterwards `node` is that release, first on PATH, and npm_config_nodedir
# points at its headers, so native modules build against it without a
# download.

readiness_use_node() {
  local supported='^(22|24)\.' version arch cache dir tmp
  if node --version 2>/dev/null | sed 's/^v//' | grep -Eq "$supported"; then
    dir=$(dirname "$(dirname "$(command -v node)")")
  else
    version=${READINESS_NODE_VERSION:-22.23.5}
    case "$(uname -m)" in
      x86_64) arch=x64 ;;
      aarch64) arch=arm64 ;;
      *)
        echo "use-node: no node-linux package for $(uname -m); install Node 22 or 24" >&2
        return 1
        ;;
    esac
    cache=${XDG_CACHE_HOME:-$HOME/.cache}/readiness
    dir=$cache/node-linux-$arch-$version
    if [ ! -x "$dir/bin/node" ]; then
      echo "use-node: fetching node-linux-$arch@$version from the npm registry" >&2
      mkdir -p "$cache" || return 1
      tmp=$(mktemp -d "$cache/.node-XXXXXX") || return 1
      # Unpacked aside and moved into place, so an interrupted run leaves no
      # half-unpacked Node behind to be reused.
      if ! (cd "$tmp" && npm pack --silent "node-linux-$arch@$version" >/dev/null &&
        tar xzf "node-linux-$arch-$version.tgz" && mv package "$dir"); then
        rm -rf "$tmp"
        echo "use-node: could not fetch node-linux-$arch@$version" >&2
        return 1
      fi
      rm -rf "$tmp"
    fi
    export PATH="$dir/bin:$PATH"
  fi
  # Headers for node-gyp (better-sqlite3), when this Node ships them.
  if [ -f "$dir/include/node/node_api.h" ]; then
    export npm_config_nodedir="$dir"
  fi
  echo "use-node: Node $(node --version) from $(command -v node)" >&2
}
readiness_use_node
