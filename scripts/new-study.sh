#!/usr/bin/env bash
# Writes the skeleton of a study in its own folder: the CSV copied beside a study.cs whose header uses the package
# route (scripts/pack-local.sh first) and whose [Panel] declaration names the CSV, its unit and its time column.
#
# Usage: scripts/new-study.sh <folder> <data.csv> <unit-column> <time-column> [feed-folder]
# Then:  cd <folder> && dotnet run study.cs
set -euo pipefail
if [ $# -lt 4 ]; then
  echo "usage: $0 <folder> <data.csv> <unit-column> <time-column> [feed-folder]" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
folder="$1" csv="$2" unit="$3" time="$4"
feed="${5:-${MODELDSL_FEED:-}}"
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -n 1)"
[ -f "$csv" ] || { echo "no such CSV file: $csv" >&2; exit 1; }
header="$(head -n 1 "$csv" | tr -d '\r"' | sed 's/^\xEF\xBB\xBF//')"
for column in "$unit" "$time"; do
  case ",$header," in *",$column,"*) ;; *) echo "'$column' is not a column of $csv (header: $header)" >&2; exit 1;; esac
done
[ -e "$folder/study.cs" ] && { echo "$folder/study.cs exists; not overwritten" >&2; exit 1; }

# The type's name: the file name in PascalCase (cities_cbec.csv -> CitiesCbec), prefixed when it starts with a digit.
name="$(basename "$csv")"
name="${name%.*}"
type="$(echo "$name" | sed -E 's/[^A-Za-z0-9]+/ /g; s/(^| )([a-z])/\1\u\2/g; s/ //g')"
case "$type" in [0-9]*|"") type="Data$type";; esac
if [ -n "$feed" ]; then source_line="#:property RestoreAdditionalProjectSources=$feed"; else source_line='#:property RestoreAdditionalProjectSources=$(HOME)/.modeldsl/feed'; fi

mkdir -p "$folder"
cp "$csv" "$folder/"
cat > "$folder/study.cs" <<STUDY
#:package ModelDsl@$version
$source_line
using ModelDsl;
using ModelDsl.Reporting;
using static $type;  // typed columns and the model verbs

var data = $type.Load();  // loader generated from the CSV header
Console.WriteLine(data.Data.Structure.Describe());  // units, periods, balance

// A first model, e.g.: var fit = Regress(Y).On(X).Fe(Unit, Time).Cluster(Unit).Fit(data);
//                      Console.WriteLine(RegressionTable.Of(fit).ToText());

[Panel("$(basename "$csv")", Unit = "$unit", Time = "$time")]
partial class $type;
STUDY
echo "wrote $folder/study.cs ($type from $(basename "$csv")); run it with: cd $folder && dotnet run study.cs"
