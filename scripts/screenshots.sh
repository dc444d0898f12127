#!/bin/sh
# The README's two screenshots of a day's digest, at 1280 px (desktop) and 390 px (phone), made with
# headless Chromium from the golden page of the day around midnight (a continuing outage, a
# 12-source card, deals, themes; see Tests/DigestTests). Regenerate that page first if the renderer
# changed: VEILLE_UPDATE_GOLDEN=1 swift test --filter DigestTests. Needs Debian's `chromium`
# (apt-get install chromium). Usage: scripts/screenshots.sh [PAGE.html] [OUTDIR]
set -eu
cd "$(dirname "$0")/.."
page=${1:-Tests/DigestTests/Fixtures/fixture-midnight.html}
out=${2:-docs}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "screenshots: no Chromium; install it with: apt-get install chromium" >&2; exit 1; }
mkdir -p "$out"
url="file://$(realpath "$page")"
# A throw-away profile, so that nothing of the user's browser is read or written.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
shot() {  # width height file
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --force-device-scale-factor=1 --window-size="$1,$2" --screenshot="$out/$3" "$url" 2>/dev/null
  echo "wrote $out/$3 (${1}x${2})"
}
# Tall enough to show the top stories, the folded continuing event and the start of the themes.
shot 1280 2000 digest-1280.png
shot 390 2400 digest-390.png
