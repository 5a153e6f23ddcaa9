#!/usr/bin/env bash
# Regenerates the committed fixtures: good/ from five real writers and crafted packages, bad/
# from make_malformed.py. CI does not run this - the committed files are the fixtures - but
# anyone can, on Debian 12 as root (it installs its writers):
#
#   tests/capstone/data/make_fixtures.sh
#
# Writers: Debian's python3-openpyxl, python3-xlsxwriter and LibreOffice (libreoffice-calc-nogui),
# npm's exceljs and xlsx (SheetJS). Debian's python3 is used on purpose (/usr/bin/python3):
# that is where python3-openpyxl and python3-xlsxwriter install.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

missing=()
for package in python3-openpyxl python3-xlsxwriter libreoffice-calc-nogui; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# node and npm may come from elsewhere than Debian (a newer nodejs bundles npm): any will do.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && npm init -y >/dev/null && npm install --silent exceljs@4.4.0 xlsx@0.18.5 >/dev/null)

rm -rf "$here/good" "$here/bad"
mkdir -p "$here/good" "$here/bad"
cd "$here"
/usr/bin/python3 make_fixtures.py good
NODE_PATH="$scratch/node_modules" node make_fixtures_npm.js good
/usr/bin/python3 make_malformed.py good bad
echo "make_fixtures: $(ls good/*.xlsx | wc -l) good and $(ls bad/*.xlsx | wc -l) bad fixtures written"
