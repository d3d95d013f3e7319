#!/usr/bin/env sh
# Rolls the given version out to production, one instance at a time.
set -eu
version="$1"
echo "deploying inventory-api ${version}"
