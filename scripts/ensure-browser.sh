#!/usr/bin/env bash
# Install Debian's Chromium when it is missing: the briefs' PDFs and the browser tests need it (no browser
# is ever downloaded at run time). As root (CI on a fresh machine) it installs the package; otherwise it
# says how to install it and leaves the decision to the caller (PDFs then fail with the same advice,
# browser tests are skipped).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "chromium is not installed; run: sudo apt-get install -y chromium" \
       "(needed to print PDFs; browser tests are skipped without it)" >&2
  exit 0
fi
echo "installing Debian's chromium (for PDFs and browser tests) ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null
