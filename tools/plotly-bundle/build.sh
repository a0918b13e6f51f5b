#!/bin/sh
# Build the portal's plotly.js bundle from the npm package, reproducibly: pinned versions and
# package-lock.json, `npm ci` into var/plotly-bundle (never committed), esbuild with the options of
# plotly.js's own esbuild-config.js (iife, global Plotly, global → window, es2016), minified.
# Output: static/vendor/plotly-portal-<version>.min.js and its sha256 in the .sha256 file beside it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work="$root/var/plotly-bundle"
mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/entry.js" "$work/"
cd "$work"
# --ignore-scripts: nothing of plotly.js's dependency tree runs at install; node 20 is enough to bundle
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error --engine-strict=false
version=$(node -p 'require("plotly.js/package.json").version')
name="plotly-portal-$version.min.js"
./node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=Plotly \
  --define:global=window --define:define.amd=false --target=es2016 --legal-comments=none \
  --log-level=warning --outfile="$work/$name"
# A banner naming what the file is (esbuild strips plotly's own licence comment with the rest).
{
  printf '/**\n* plotly.js (portal bundle: bar, scatter; shapes, annotations, legend, hover) v%s\n' "$version"
  printf '* Copyright 2012-2026, Plotly, Inc.\n* All rights reserved.\n* Licensed under the MIT license\n*/\n'
  cat "$work/$name"
} > "$root/static/vendor/$name"
rm -f "$root"/static/vendor/plotly-portal-*.min.js.sha256
find "$root/static/vendor" -name 'plotly-portal-*.min.js' ! -name "$name" -delete
cd "$root/static/vendor"
sha256sum "$name" > "$name.sha256"
cat "$name.sha256"
