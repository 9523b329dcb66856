#!/usr/bin/env bash
# Validates docs/openapi.yaml against the OpenAPI 3.0 JSON Schema with an independent validator
# (@seriousme/openapi-schema-validator, which carries the OpenAPI Initiative's published schemas), installed
# from the npm registry into build/openapi-validator on first use. tst_service's route check compares the
# spec's paths with the service's; this catches what that cannot see: a spec that is not valid OpenAPI
# (an unquoted description with a comma inside a flow mapping reads as an extra key). Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

version=2.11.0
dir=build/openapi-validator
validator="$dir/node_modules/.bin/validate-api"
if [[ ! -x "$validator" ]] || ! grep -q "\"version\": \"$version\"" \
    "$dir/node_modules/@seriousme/openapi-schema-validator/package.json" 2>/dev/null; then
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
        "@seriousme/openapi-schema-validator@$version" >/dev/null
fi
if ! report=$("$validator" docs/openapi.yaml 2>&1) || ! grep -q '"valid": true' <<<"$report"; then
    echo "check-openapi: docs/openapi.yaml is not valid OpenAPI 3.0:" >&2
    echo "$report" | grep -E '"(instancePath|message|additionalProperty|missingProperty)"' | head -n 20 >&2
    exit 1
fi
echo "check-openapi: docs/openapi.yaml is valid OpenAPI $(sed -n 's/^openapi: //p' docs/openapi.yaml)"
