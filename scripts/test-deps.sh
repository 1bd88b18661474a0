#!/usr/bin/env bash
# System packages the integration and browser tests use: a real PostgreSQL and Redis, and
# Debian's chromium for Playwright (no browser downloads). Installs only what is missing.
set -euo pipefail
need=()
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing test packages from Debian: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # The tests start their own servers on free ports; the package's default ones are not needed.
  $SUDO service postgresql stop >/dev/null 2>&1 || true
  $SUDO service redis-server stop >/dev/null 2>&1 || true
fi
if [ -f tests/browser/package-lock.json ] && [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
  echo "Installing axe-core for the accessibility scans (npm registry, exact lock)"
  npm ci --prefix tests/browser --no-audit --no-fund --silent
fi
