#!/usr/bin/env bash
# Runs the whole product locally: installs the pinned Azurite, starts it (data kept in .azurite/), builds and
# starts the Host on http://localhost:7071 with the sample configuration, and prints one line starting
# "== ready:" with the URLs once the Host answers. Ctrl-C stops both.
#
# Environment (all optional): FUNNEL_PORT (7071), FUNNEL_AZURITE_LOCATION (.azurite), FUNNEL_AZURITE_PORT (10000,
# the blob port; queue and table take the next two), FUNNEL_READY_SECONDS (300: how long the Host may take to answer).
set -euo pipefail
cd "$(dirname "$0")/.."

port="${FUNNEL_PORT:-7071}"
azurite_dir="${FUNNEL_AZURITE_LOCATION:-.azurite}"
blob_port="${FUNNEL_AZURITE_PORT:-10000}"
queue_port=$((blob_port + 1))
table_port=$((blob_port + 2))
ready_seconds="${FUNNEL_READY_SECONDS:-300}"
base="http://localhost:${port}"
function_key="${Host__FunctionKey:-dev-function-key}"

say() { echo "== $*"; }

if [[ ! -x node_modules/.bin/azurite ]]; then
  say "installing the pinned Azurite (npm ci; about a minute on a first start)"
  npm ci --no-audit --no-fund --loglevel=error
fi
node scripts/patch-azurite.js   # Azurite scaling fixes (postinstall does it too)

say "building the Host (Release; a minute or two on a first start, seconds after that)"
dotnet build src/FunnelAutomation.Host -c Release -nologo -v quiet || { say "the build failed (see above)"; exit 1; }

azurite_pid=""
host_pid=""
stop() {
  [[ -n "$host_pid" ]] && kill "$host_pid" 2>/dev/null || true
  [[ -n "$azurite_pid" ]] && kill "$azurite_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

mkdir -p "$azurite_dir"
say "starting Azurite (data in ${azurite_dir}, ports ${blob_port}-${table_port})"
node_modules/.bin/azurite --silent --location "$azurite_dir" --skipApiVersionCheck --disableTelemetry --loose \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  --blobPort "$blob_port" --queuePort "$queue_port" --tablePort "$table_port" &
azurite_pid=$!

for ((i = 0; ; i++)); do
  if (echo > "/dev/tcp/127.0.0.1/${table_port}") 2>/dev/null && (echo > "/dev/tcp/127.0.0.1/${queue_port}") 2>/dev/null; then break; fi
  if ! kill -0 "$azurite_pid" 2>/dev/null || ((i >= 150)); then
    say "Azurite did not start on ports ${blob_port}-${table_port} (in use? set FUNNEL_AZURITE_PORT)"
    exit 1
  fi
  sleep 0.2
done

account="devstoreaccount1"
secret="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export ConnectionStrings__Storage="DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${secret};BlobEndpoint=http://127.0.0.1:${blob_port}/${account};QueueEndpoint=http://127.0.0.1:${queue_port}/${account};TableEndpoint=http://127.0.0.1:${table_port}/${account};"
export Host__SamplesPath="$PWD/samples"

say "starting the Host on ${base} (sample configuration on first start)"
dotnet run --project src/FunnelAutomation.Host -c Release --no-build --no-launch-profile --urls "http://localhost:${port}" &
host_pid=$!

for ((i = 0; ; i++)); do
  if curl -fsS -o /dev/null --max-time 2 "${base}/api/health" 2>/dev/null; then break; fi
  if ! kill -0 "$host_pid" 2>/dev/null; then
    say "the Host stopped before it answered (see its output above)"
    exit 1
  fi
  if ((i >= ready_seconds * 2)); then
    say "the Host did not answer ${base}/api/health within ${ready_seconds} s"
    exit 1
  fi
  sleep 0.5
done

say "ready: dashboard ${base}/?key=${function_key} | API ${base}/api (header x-functions-key: ${function_key}) | OpenAPI ${base}/openapi/v1.json, UI ${base}/docs | dev outbox ${base}/api/outbox?code=${function_key}"
wait "$host_pid"
