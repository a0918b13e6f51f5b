#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests when it is missing (CI calls this; root needed).
# Playwright drives this browser through executable_path; never run `playwright install`.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "Installing Debian's chromium for the browser tests"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
