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
