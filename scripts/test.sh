#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what the tests need, then runs every test project.
# Usage: scripts/test.sh [extra dotnet test args, e.g. --filter …; a --logger of your own replaces the TRX files]
# Every test project runs even when another fails; each writes TestResults/<project>.trx. Exits non-zero when a
# test failed, a project failed to build, or a test project in the solution left no results.
set -euo pipefail
cd "$(dirname "$0")/.."

# Azurite (pinned in package-lock.json): the integration tests start their own instance from node_modules.
if [[ -f package-lock.json ]]; then
  if [[ ! -x node_modules/.bin/azurite ]]; then
    echo "== installing pinned npm tools (azurite)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  node scripts/patch-azurite.js   # Azurite scaling fixes (postinstall does it too)
fi

# Chromium for the browser tests: installed when we may (root); otherwise those tests say loudly why they did not run.
if [[ -f scripts/install-chromium.sh ]]; then
  bash scripts/install-chromium.sh || echo "!! chromium could not be installed; browser tests will report that they did not run"
fi

mkdir -p TestResults
rm -f TestResults/*.trx

# One run over the solution: MSBuild goes on to the other projects when one fails to build or has failing tests.
echo "== dotnet test FunnelAutomation.sln"
status=0
dotnet test FunnelAutomation.sln --configuration Release -p:TrxPerProject=true --results-directory TestResults "$@" || status=$?

# A project that did not build, or whose test host crashed, writes no TRX; say which, so the counts do not hide it.
while read -r project; do
  name=$(basename "$project" .csproj)
  if [[ ! -f "TestResults/$name.trx" ]]; then
    echo "!! $name left no test results (TestResults/$name.trx): it did not build, or its test run aborted"
    status=1
  fi
done < <(dotnet sln FunnelAutomation.sln list | tr '\\' '/' | grep -E '^tests/.*\.Tests\.csproj$')

exit "$status"
