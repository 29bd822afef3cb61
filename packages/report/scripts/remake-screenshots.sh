#!/usr/bin/env bash
# Remakes docs/report-overview.png and docs/report-chart.png, the pictures in the READMEs, from the
# demo's data (seed 7, 30 days of 5m, 90 live minutes ending 2026-01-15 13:31 UTC), so anyone can
# make them again: ./pnpmw --filter @oi/report screenshots
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# A fixed name, because the page's header shows the data directory.
data="${TMPDIR:-/tmp}/oi-report-demo"
rm -rf "$data"
trap 'rm -rf "$data"' EXIT
node --conditions=@oi/source -- ../../apps/cli/src/main.ts demo --data-dir "$data" --days 30 --minutes 90
now=2026-01-15T13:31:00Z
node --conditions=@oi/source scripts/screenshot.ts --data-dir "$data" --now "$now" \
  --height 1000 --out docs/report-overview.png
node --conditions=@oi/source scripts/screenshot.ts --data-dir "$data" --now "$now" \
  --height 560 --scroll-to '#chart-BTCUSDT' --out docs/report-chart.png
