#!/usr/bin/env bash
# Debian packages the browser and document tests need: Chromium (driven by Playwright; never
# `playwright install`), HarfBuzz subsetting for WeasyPrint, and poppler for PDF checks.
# Installs only what is missing; needs root (or sudo) only when something is missing.
set -euo pipefail
wanted=(chromium libharfbuzz-subset0 fonts-liberation poppler-utils)
missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Run as root, or install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
