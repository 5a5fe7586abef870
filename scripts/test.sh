#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what the tests need, then runs every test project.
# Usage: scripts/test.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")/.."

# Azurite (pinned in package-lock.json): the integration tests start their own instance from node_modules.
if [[ -f package-lock.json ]]; then
  if [[ ! -x node_modules/.bin/azurite ]]; then
    echo "== installing pinned npm tools (azurite)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi

# Chromium for the browser tests: installed when we may (root); otherwise those tests say loudly why they did not run.
if [[ -f scripts/install-chromium.sh ]]; then
  bash scripts/install-chromium.sh || echo "!! chromium could not be installed; browser tests will report that they did not run"
fi

echo "== dotnet test"
dotnet test FunnelAutomation.sln --configuration Release --logger "trx" --results-directory TestResults "$@"

# The Functions app and its tests are kept out of the solution: they need the Functions worker and Durable
# Task packages, and the Worker SDK's build restores a generated "WorkerExtensions" project that pulls the
# host-side Microsoft.Azure.WebJobs.Extensions.* packages. Where the feed has them all, they are built and
# tested like everything else (a failure fails this script); where it does not, one line says so.
echo "== Functions app (outside the solution)"
functions_log=$(mktemp)
first_error() { grep -m1 -E ': error [A-Z]+[0-9]+' "$functions_log" | sed -E 's/^ +//; s/ \[[^]]*\]$//' || true; }
if ! dotnet restore tests/FunnelAutomation.Functions.Tests/FunnelAutomation.Functions.Tests.csproj >"$functions_log" 2>&1; then
  echo "SKIPPED Functions app: its NuGet packages cannot be restored here ($(first_error))"
elif ! dotnet build tests/FunnelAutomation.Functions.Tests/FunnelAutomation.Functions.Tests.csproj --configuration Release --no-restore >"$functions_log" 2>&1; then
  if grep -qE 'WorkerExtensions\.csproj : error NU[0-9]+' "$functions_log"; then
    echo "SKIPPED Functions app: its NuGet packages cannot be restored here (WorkerExtensions: $(first_error))"
  else
    cat "$functions_log"
    echo "!! the Functions app or its tests failed to build"
    rm -f "$functions_log"
    exit 1
  fi
else
  dotnet test tests/FunnelAutomation.Functions.Tests/FunnelAutomation.Functions.Tests.csproj --configuration Release --no-build \
    --logger "trx" --results-directory TestResults "$@"
fi
rm -f "$functions_log"
