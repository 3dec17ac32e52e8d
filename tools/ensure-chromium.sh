#!/bin/sh
# The browser tests drive /usr/bin/chromium (tests/e2e). When it is missing: install it if we
# may (root, with apt-get, as on CI), otherwise stop and say the one command that installs it.
# Used by `make test` and .ci/run.
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing Chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null || exit 1
  [ -x "$CHROMIUM" ] && exit 0
fi
echo "The browser tests need Chromium at $CHROMIUM. Install it with:" >&2
echo "  sudo apt-get install chromium chromium-driver" >&2
exit 1
