#!/usr/bin/env bash
# Azurite stopped mid-load, then restarted on the same ports with its data (--location): every lead the Host
# answered 202 for must exist afterwards; requests during the outage must be 202 or 503 (+ Retry-After).
# Not a test (needs fixed ports, a persistent Azurite and real waiting); run by hand from the repo root:
#   bash bench/FunnelAutomation.Bench.Intake/azurite-restart.sh [LEADS=60] [OUTAGE_POSTS=10]
# A post during the outage gets its 503 after the intake put's short retry policy (3 tries, QueueClients.RequestPath),
# about a second against a stopped emulator; the script prints each outage post's answer time.
# Azurite is stopped with SIGTERM (it flushes its LokiJS files on exit); a SIGKILL can lose its last seconds
# of writes, which real Azure Storage never does, so it would measure the emulator, not the Host.
set -euo pipefail
LEADS=${1:-60}
OUTAGE_POSTS=${2:-10}
ROOT=$(pwd)
WORK=$(mktemp -d)
BLOB=21000; QUEUE=21001; TABLE=21002; HTTP=21080
KEY=bench-key
CS="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$BLOB/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$QUEUE/devstoreaccount1;TableEndpoint=http://127.0.0.1:$TABLE/devstoreaccount1;"
AZ_PID=""; HOST_PID=""
cleanup() {
  for pid in $HOST_PID $AZ_PID; do kill "$pid" 2>/dev/null || true; done
  for pid in $HOST_PID $AZ_PID; do wait "$pid" 2>/dev/null || true; done # Azurite flushes its files on exit
  rm -rf "$WORK"
}
trap cleanup EXIT

start_azurite() {
  "$ROOT/node_modules/.bin/azurite" --location "$WORK/azurite" --skipApiVersionCheck --disableTelemetry --loose --silent \
    --blobHost 127.0.0.1 --blobPort $BLOB --queueHost 127.0.0.1 --queuePort $QUEUE --tableHost 127.0.0.1 --tablePort $TABLE \
    > "$WORK/azurite.log" 2>&1 &
  AZ_PID=$!
  for _ in $(seq 1 60); do (exec 3<>/dev/tcp/127.0.0.1/$TABLE) 2>/dev/null && return 0; sleep 0.5; done
  echo "Azurite did not start"; exit 1
}

start_azurite
dotnet build -c Release src/FunnelAutomation.Host -v q -nologo > "$WORK/build.log"
env ConnectionStrings__Storage="$CS" Host__SamplesPath="$ROOT/samples" Host__StoragePrefix=restart Host__FunctionKey=$KEY \
    Host__LeadPostsPerMinute=100000 Host__QueueLeaseSeconds=5 Funnel__SendWindowStartHour=0 Funnel__SendWindowEndHour=24 \
    Funnel__MaxEmailsPerDay=1000 Logging__LogLevel__Default=Warning ASPNETCORE_URLS=http://127.0.0.1:$HTTP \
    dotnet src/FunnelAutomation.Host/bin/Release/net10.0/FunnelAutomation.Host.dll > "$WORK/host.log" 2>&1 &
HOST_PID=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$HTTP/api/health" > /dev/null && break; sleep 0.5; done

: > "$WORK/results"
for i in $(seq 1 "$LEADS"); do
  if [ "$i" -eq $((LEADS / 3)) ]; then kill -TERM "$AZ_PID"; wait "$AZ_PID" 2>/dev/null || true; echo "azurite stopped at post $i"; fi
  if [ "$i" -eq $((LEADS / 3 + OUTAGE_POSTS)) ]; then start_azurite; echo "azurite restarted at post $i"; fi
  out=$(curl -s -m 60 -o "$WORK/body" -w '%{http_code} %{time_total}' -D "$WORK/headers" -H 'Content-Type: application/json' \
        -d "{\"email\":\"restart$i@buyer$((i % 13)).test\",\"country\":\"DE\"}" "http://127.0.0.1:$HTTP/api/leads" || echo 000)
  id=$(grep -o '"leadId":"[^"]*"' "$WORK/body" 2>/dev/null | cut -d'"' -f4 || true)
  retry=$(grep -i '^retry-after:' "$WORK/headers" | tr -d '\r' | cut -d' ' -f2 || true)
  set -- $out
  echo "$1 ${id:--} ${retry:--} $2" >> "$WORK/results"
done

echo "statuses:"; cut -d' ' -f1 "$WORK/results" | sort | uniq -c
echo "503 without Retry-After: $(awk '$1==503 && $3=="-"' "$WORK/results" | wc -l)"
echo "seconds to each 503: $(awk '$1==503 {printf "%s ", $4}' "$WORK/results")"
accepted=$(awk '$1==202 {print $2}' "$WORK/results")
deadline=$((SECONDS + 300)); missing=1
while [ $SECONDS -lt $deadline ]; do
  missing=0
  for id in $accepted; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "x-functions-key: $KEY" "http://127.0.0.1:$HTTP/api/leads/$id")
    [ "$code" = 200 ] || missing=$((missing + 1))
  done
  [ $missing -eq 0 ] && break
  sleep 5
done
echo "accepted: $(echo "$accepted" | wc -w), missing after restart: $missing"
[ $missing -eq 0 ]
