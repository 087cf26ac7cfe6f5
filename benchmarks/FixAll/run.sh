#!/usr/bin/env bash
# Fix All at scale: generates a project with FILES files of LISTENERS flagged listeners each (lambdas, anonymous
# methods, method groups, event handlers), runs `dotnet format analyzers` once, checks the result builds with no
# SNAP001 left, then checks a second run changes nothing. Prints the timings.
# Usage: benchmarks/FixAll/run.sh [FILES] [LISTENERS]
set -euo pipefail
files=${1:-200}
per_file=${2:-5}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build "$repo/src/CodeFixes" -c Release -v q -nologo >/dev/null

mkdir -p "$work/Generated"
cat > "$work/Generated/Generated.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <Analyzer Include="$repo/src/Analyzer/bin/Release/netstandard2.0/StaleSnapshot.Analyzers.dll" />
    <Analyzer Include="$repo/src/CodeFixes/bin/Release/netstandard2.0/StaleSnapshot.CodeFixes.dll" />
  </ItemGroup>
</Project>
XML
cat > "$work/Generated/Manager.cs" <<'CS'
using System;
using System.Collections.Generic;
namespace Generated;
public enum State { NotReady, Ok }
public class Manager
{
    public void RegisterPluginStatusListener(string name, Action<IReadOnlyDictionary<string, State>> listener) { }
    public IReadOnlyDictionary<string, State> PluginStatus() => new Dictionary<string, State>();
    public event Action<IReadOnlyDictionary<string, State>>? Changed;
    public void Raise() => Changed?.Invoke(PluginStatus());
}
CS
for f in $(seq 1 "$files"); do
  {
    echo "using System.Collections.Generic;"
    echo "using System.Linq;"
    echo "namespace Generated;"
    echo "public class Engine$f"
    echo "{"
    for l in $(seq 1 "$per_file"); do echo "    private int _count$l;"; done
    echo "    public Engine$f(Manager manager)"
    echo "    {"
    methods=""
    for l in $(seq 1 "$per_file"); do
      # Every shape the fix rewrites, spread over the files.
      case $(((f + l) % 6)) in
        0) echo "        manager.RegisterPluginStatusListener(\"l$l\", statuses => _count$l = statuses.Count);" ;;
        1) echo "        // listener $l counts the ready plugins"
           echo "        manager.RegisterPluginStatusListener(\"l$l\", statuses =>"
           echo "        {"
           echo "            var ready = statuses.Values.Count(s => s == State.Ok);"
           echo "            _count$l = ready;"
           echo "        });" ;;
        2) echo "        manager.RegisterPluginStatusListener(\"l$l\", delegate (IReadOnlyDictionary<string, State> statuses) { _count$l = statuses.Count; });" ;;
        3) echo "        manager.RegisterPluginStatusListener(\"l$l\", (statuses) => _count$l = statuses.Count + statuses.Count);" ;;
        4) echo "        manager.RegisterPluginStatusListener(\"l$l\", OnStatus$l);"
           methods+="    private void OnStatus$l(IReadOnlyDictionary<string, State> statuses) => _count$l = statuses.Count;"$'\n' ;;
        5) echo "        manager.Changed += statuses => _count$l = statuses.Count;" ;;
      esac
    done
    echo "    }"
    printf '%s' "$methods"
    echo "}"
  } > "$work/Generated/Engine$f.cs"
done

count_warnings() { dotnet build "$work/Generated" --no-incremental -v q -nologo 2>&1 | { grep -o "warning SNAP001" || true; } | wc -l; }
before=$(( $(count_warnings) ))
start=$(date +%s.%N)
dotnet format analyzers "$work/Generated" --diagnostics SNAP001 --severity warn
first=$(echo "$(date +%s.%N) - $start" | bc)
after=$(( $(count_warnings) ))
dotnet build "$work/Generated" -v q -nologo >/dev/null  # the fixed code must compile
start=$(date +%s.%N)
second_changes=0
dotnet format analyzers "$work/Generated" --diagnostics SNAP001 --severity warn --verify-no-changes >/dev/null 2>&1 || second_changes=1
second=$(echo "$(date +%s.%N) - $start" | bc)

echo "listeners flagged before: $((before / 2)) in $files files"   # msbuild repeats each warning in its summary
echo "first dotnet format run: ${first}s; SNAP001 left after it: $((after / 2)); fixed code builds: yes"
echo "second run: ${second}s; changed anything: $([ $second_changes -eq 0 ] && echo no || echo yes)"
[ "$after" -eq 0 ] && [ "$second_changes" -eq 0 ]
