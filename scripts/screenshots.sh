#!/usr/bin/env bash
# Takes the README's screenshots of the web inbox (docs/screenshots/*.png) with the browser tests' Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-tools.sh
dotnet build tests/DeferredOrleans.BrowserTests -c Release -nologo -v quiet
DEFERRED_ORLEANS_SCREENSHOTS=docs/screenshots PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
  dotnet test tests/DeferredOrleans.BrowserTests -c Release --no-build -nologo --filter "FullyQualifiedName~ScreenshotTests"
ls -l docs/screenshots
