#!/usr/bin/env bash
# Runs the whole product locally: installs the pinned Azurite, starts it (data kept in .azurite/),
# starts the Host on http://localhost:7071 with the sample configuration. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x node_modules/.bin/azurite ]]; then
  echo "== installing pinned npm tools (azurite)"
  npm ci --no-audit --no-fund --loglevel=error
fi

mkdir -p .azurite
node_modules/.bin/azurite --silent --location .azurite --skipApiVersionCheck --disableTelemetry --loose \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  --blobPort 10000 --queuePort 10001 --tablePort 10002 &
azurite_pid=$!
trap 'kill "$azurite_pid" 2>/dev/null || true; wait "$azurite_pid" 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 100); do
  if (echo > /dev/tcp/127.0.0.1/10002) 2>/dev/null && (echo > /dev/tcp/127.0.0.1/10001) 2>/dev/null; then break; fi
  sleep 0.2
done

key="devstoreaccount1"
secret="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export ConnectionStrings__Storage="DefaultEndpointsProtocol=http;AccountName=${key};AccountKey=${secret};BlobEndpoint=http://127.0.0.1:10000/${key};QueueEndpoint=http://127.0.0.1:10001/${key};TableEndpoint=http://127.0.0.1:10002/${key};"
export Host__SamplesPath="$PWD/samples"
function_key="${Host__FunctionKey:-dev-function-key}"

cat <<INFO
== FunnelAutomation is starting on http://localhost:7071
   Dashboard      http://localhost:7071/?key=${function_key}
   API            http://localhost:7071/api   (protected routes need header x-functions-key: ${function_key})
   OpenAPI        http://localhost:7071/openapi/v1.json   UI: http://localhost:7071/docs
   Dev outbox     http://localhost:7071/api/outbox?code=${function_key}
   Try:           curl -i -X POST http://localhost:7071/api/leads -H 'content-type: application/json' \\
                    -d '{"email":"ann@contoso.de","firstName":"Ann","company":"Contoso","country":"DE","employees":"1500"}'
INFO
dotnet run --project src/FunnelAutomation.Host -c Release --urls http://localhost:7071
