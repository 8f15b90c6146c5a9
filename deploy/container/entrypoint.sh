#!/bin/sh
# The image's entry point: the first argument names what to run.
#   gateway | catalog | stock | cmdb | approvals   a long-running service
#   migrate                                         applies pending migrations, then exits
#   apikey create|list|revoke ...                   manages API keys, then exits
#   healthcheck                                     asks this container's service for /readyz
# `exec` hands PID 1 to Node, so SIGTERM reaches the service and it drains.
set -eu
cd /app
command="${1:-}"
[ $# -gt 0 ] && shift

# Each service's default port, exported so the health check can find it.
serve() {
  : "${PORT:=$1}"
  export PORT
  exec node "$2"
}

case "$command" in
  gateway) serve 4000 gateway/src/index.ts ;;
  catalog) serve 4001 subgraphs/catalog/src/index.ts ;;
  stock) serve 4002 subgraphs/stock/src/index.ts ;;
  cmdb) serve 4003 subgraphs/cmdb/src/index.ts ;;
  approvals) serve 4004 subgraphs/approvals/src/index.ts ;;
  migrate) exec node scripts/migrate.ts "$@" ;;
  apikey) exec node scripts/apikey.ts "$@" ;;
  healthcheck) exec node deploy/container/healthcheck.ts "$@" ;;
  *)
    echo "usage: gateway | catalog | stock | cmdb | approvals | migrate | apikey create|list|revoke ... | healthcheck" >&2
    exit 64
    ;;
esac
