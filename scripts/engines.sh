#!/usr/bin/env bash
# Start or stop a real Docker Engine and a real Podman API service on private sockets, for
# integration tests, benchmarks and CI. Touches nothing outside $CCR_ENGINE_DIR.
#
#   scripts/engines.sh start   # prints the export lines for both sockets
#   scripts/engines.sh stop
#   scripts/engines.sh env     # prints the export lines only
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${CCR_ENGINE_DIR:-/tmp/ccr-engines}
docker_sock="$dir/docker/docker.sock"
podman_sock="$dir/podman/podman.sock"

print_env() {
  echo "export CCR_TEST_DOCKER_HOST=unix://$docker_sock"
  echo "export CCR_TEST_PODMAN_HOST=unix://$podman_sock"
  echo "export CONTAINERS_CONF=$here/engines/containers.conf"
}

wait_for_socket() { # $1 socket, $2 name, $3 log
  for _ in $(seq 1 120); do
    if curl -sf --unix-socket "$1" http://d/_ping >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "$2 did not come up on $1; its log:" >&2
  tail -n 40 "$3" >&2 || true
  return 1
}

start() {
  mkdir -p "$dir/docker" "$dir/podman"
  if ! curl -sf --unix-socket "$docker_sock" http://d/_ping >/dev/null 2>&1; then
    command -v dockerd >/dev/null || { echo "dockerd not installed: apt-get install -y --no-install-recommends docker.io" >&2; exit 1; }
    # No bridge and no iptables: this machine has neither to spare; containers get network "none".
    nohup dockerd --host "unix://$docker_sock" --data-root "$dir/docker/data" \
      --exec-root "$dir/docker/exec" --pidfile "$dir/docker/dockerd.pid" \
      --iptables=false --bridge=none >"$dir/docker/dockerd.log" 2>&1 &
  fi
  if ! curl -sf --unix-socket "$podman_sock" http://d/_ping >/dev/null 2>&1; then
    command -v podman >/dev/null || { echo "podman not installed: apt-get install -y podman runc" >&2; exit 1; }
    # Private storage too, so tests never see (or reuse) the machine's own Podman images.
    # registries.conf lets tests pull from plain-HTTP registries on 127.0.0.1.
    CONTAINERS_CONF="$here/engines/containers.conf" \
      CONTAINERS_REGISTRIES_CONF="$here/engines/registries.conf" nohup podman \
      --root "$dir/podman/storage" --runroot "$dir/podman/run" \
      system service --time=0 "unix://$podman_sock" >"$dir/podman/podman.log" 2>&1 &
    echo $! >"$dir/podman/podman.pid"
  fi
  wait_for_socket "$docker_sock" dockerd "$dir/docker/dockerd.log"
  wait_for_socket "$podman_sock" podman "$dir/podman/podman.log"
  print_env
}

stop() {
  for pidfile in "$dir/docker/dockerd.pid" "$dir/podman/podman.pid"; do
    if [ -f "$pidfile" ]; then
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      rm -f "$pidfile"
    fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
