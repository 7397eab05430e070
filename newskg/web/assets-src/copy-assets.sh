#!/bin/sh
# Copies the built files of the pinned npm packages into newskg/web/static/vendor (run by `make assets`
# after `npm ci`); the licences go with them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../static/vendor"
mkdir -p "$out"
cp "$here/node_modules/@zazuko/yasgui/build/yasgui.min.js" "$out/yasgui.min.js"
cp "$here/node_modules/@zazuko/yasgui/build/yasgui.min.css" "$out/yasgui.min.css"
cp "$here/node_modules/cytoscape/dist/cytoscape.min.js" "$out/cytoscape.min.js"
cp "$here/node_modules/cytoscape/LICENSE" "$out/cytoscape.LICENSE"
printf "@zazuko/yasgui %s: MIT licence (package.json of the npm package; it ships no licence file)\n" "$(node -p "require(\"$here/node_modules/@zazuko/yasgui/package.json\").version")" > "$out/yasgui.LICENSE"
# the sourcemap comments point at files that are not shipped: drop them (the browser would ask for them)
sed -i -e 's|//# sourceMappingURL=.*$||' "$out/yasgui.min.js" "$out/cytoscape.min.js"
sed -i -e 's|/\*# sourceMappingURL=.*\*/||' "$out/yasgui.min.css"
node -e '
const lock = require(process.argv[1]);
const pick = n => lock.packages["node_modules/" + n].version;
console.log(JSON.stringify({"@zazuko/yasgui": pick("@zazuko/yasgui"), "cytoscape": pick("cytoscape")}, null, 2));
' "$here/package-lock.json" > "$out/VERSIONS.json"
echo "assets copied to $out"
