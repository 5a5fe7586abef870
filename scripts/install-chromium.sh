#!/usr/bin/env bash
# Installs the system Chromium used by the browser tests (tests/FunnelAutomation.Browser.Tests).
# Playwright's own browser download (`playwright install`) is never used: the tests launch /usr/bin/chromium.
# A small CJK font comes along: the sample pipelines name their stages in Chinese, and without one the
# screenshots the browser tests save show empty boxes.
# Never fails the caller: when Chromium cannot be installed it says why, and the browser tests report that
# they did not run (or fail, on CI as root, where this script should have succeeded).
set -uo pipefail

if [[ -x /usr/bin/chromium ]]; then
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  echo "!! /usr/bin/chromium is missing and this script is not running as root: cannot install it (run 'sudo apt-get install -y chromium'). Browser tests will not run."
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "!! /usr/bin/chromium is missing and apt-get is not available: install Chromium at /usr/bin/chromium by hand. Browser tests will not run."
  exit 0
fi

echo "== installing chromium (and a CJK font) with apt-get, for the browser tests"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -qq >/dev/null; then
  echo "!! apt-get update failed: cannot install chromium. Browser tests will not run."
  exit 0
fi
if ! apt-get install -y -qq --no-install-recommends chromium fonts-wqy-zenhei >/dev/null; then
  echo "!! apt-get install chromium failed. Browser tests will not run."
  exit 0
fi
if [[ -x /usr/bin/chromium ]]; then
  echo "== chromium installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
else
  echo "!! chromium package installed but /usr/bin/chromium is missing. Browser tests will not run."
fi
exit 0
