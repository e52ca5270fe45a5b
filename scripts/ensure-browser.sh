#!/usr/bin/env bash
# Install Debian's Chromium when it is missing: the briefs' PDFs are printed by its headless shell
# (chromium-headless-shell, lighter) and the browser tests open pages in it (chromium). No browser is
# ever downloaded at run time. As root (CI on a fresh machine) it installs the packages; otherwise it
# says how to install them and leaves the decision to the caller (PDFs then fail with the same advice,
# browser tests are skipped).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromium-headless-shell >/dev/null 2>&1 || missing+=(chromium-headless-shell)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "not installed: ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" \
       "(needed to print PDFs; browser tests are skipped without chromium)" >&2
  exit 0
fi
echo "installing Debian's ${missing[*]} (for PDFs and browser tests) ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null
