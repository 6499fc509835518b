#!/usr/bin/env bash
# Packs ModelDsl (runtime, source generator under analyzers/dotnet/cs, build props/targets, README, XML docs,
# symbols) and ModelDsl.Interactive (its notebook extension) into a fixed local feed, so that a study in any folder can use it with two lines:
#
#   #:package ModelDsl@0.1.0
#   #:property RestoreAdditionalProjectSources=$(HOME)/.modeldsl/feed
#
# Usage: scripts/pack-local.sh [feed-folder]     (default: $MODELDSL_FEED, else ~/.modeldsl/feed)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
feed="${1:-${MODELDSL_FEED:-$HOME/.modeldsl/feed}}"
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -n 1)"

mkdir -p "$feed"
dotnet pack "$root/src/ModelDsl/ModelDsl.csproj" -c Release -o "$feed" --nologo -v quiet
# The notebook companion (#!panel, display of results and figures), for '#r "nuget: ModelDsl.Interactive, <version>"'.
dotnet pack "$root/src/ModelDsl.Interactive/ModelDsl.Interactive.csproj" -c Release -o "$feed" --nologo -v quiet
# The DuckDB companion (native DuckDB inside, ~300 MB of packages for all platforms) only when asked:
#   MODELDSL_PACK_DUCKDB=1 scripts/pack-local.sh   then   #:package ModelDsl.DuckDb@<version>
if [ "${MODELDSL_PACK_DUCKDB:-0}" = "1" ]; then
  dotnet pack "$root/src/ModelDsl.DuckDb/ModelDsl.DuckDb.csproj" -c Release -o "$feed" --nologo -v quiet
  rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/modeldsl.duckdb/$version"
fi

# A repack keeps the version number, and NuGet never extracts a version again once its packages folder has it:
# drop the extracted copy of this version so the next restore takes the package just built.
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/modeldsl/$version" "${NUGET_PACKAGES:-$HOME/.nuget/packages}/modeldsl.interactive/$version"

echo "ModelDsl $version packed into $feed"
echo "Script header for a study in any folder:"
echo "  #:package ModelDsl@$version"
if [ "$feed" = "$HOME/.modeldsl/feed" ]; then echo "  #:property RestoreAdditionalProjectSources=\$(HOME)/.modeldsl/feed"; else echo "  #:property RestoreAdditionalProjectSources=$feed"; fi
echo "First cell of a notebook or dotnet-repl session (the kernel wants the feed's absolute path):"
echo "  #i \"nuget: $(cd "$feed" && pwd)\""
echo "  #r \"nuget: ModelDsl.Interactive, $version\""
