#!/usr/bin/env bash
# Runs every test of Secure AI Chat on a fresh machine: installs what the tests need when it is missing
# (Debian chromium and Japanese fonts, the pinned local dotnet tools, npm packages of test peers),
# builds, regenerates the SQL Server migration script, starts a throwaway PostgreSQL cluster, runs the tests
# and prints one summary line.
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

step "System packages"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Japanese glyphs for readable screenshots (the UI is Japanese first).
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
# The Japanese TrueType font embedded in invoice and quote PDFs (Billing:FontPath; PDFsharp cannot read Noto CJK's .ttc).
[ -f /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf ] || missing+=(fonts-ipaexfont-gothic)
# The PostgreSQL provider's tests run on a real server (a throwaway cluster below; the package's own cluster is not used).
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
# The multi-instance suite runs three published instances behind HAProxy (deploy/local-cluster).
command -v haproxy >/dev/null || missing+=(haproxy)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "chromium, fonts, postgresql and haproxy present"
fi

step "Local dotnet tools"
dotnet tool restore

if [ -f SecureAiChat.Tests/peers/package.json ]; then
  step "npm packages of test peers"
  (cd SecureAiChat.Tests/peers && npm ci --no-audit --no-fund --loglevel=error)
fi

step "Build"
dotnet build SecureAiChat.sln --nologo -v quiet

step "Publish (the app the multi-instance suite runs)"
# The multi-instance tests (E2E/Cluster) run this output as three Production instances behind HAProxy
# (deploy/local-cluster/cluster.sh), the way production runs the app.
cluster_app=$(mktemp -d "${TMPDIR:-/tmp}/sac-app.XXXXXX")
trap 'rm -rf "$cluster_app"' EXIT
dotnet publish SecureAiChat.Web -c Release -o "$cluster_app" --nologo -v quiet
export SECUREAICHAT_CLUSTER_APP=$cluster_app

step "Azure deployment (Bicep build and lint)"
# The Bicep CLI comes from NuGet (a native binary in a package); any diagnostic, warning included, fails the run.
dotnet restore deploy/azure/BicepCli.csproj --nologo -v quiet
packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')
bicep="$packages/azure.bicep.commandline.linux-x64/0.49.2/tools/bicep"
chmod +x "$bicep"
bicep_out=$(mktemp -d)
diagnostics=$("$bicep" build deploy/azure/main.bicep --outdir "$bicep_out" 2>&1 && "$bicep" lint deploy/azure/main.bicep 2>&1) \
  || { echo "$diagnostics" >&2; exit 1; }
rm -rf "$bicep_out"
if [ -n "$diagnostics" ]; then echo "$diagnostics" >&2; echo "deploy/azure/main.bicep has diagnostics" >&2; exit 1; fi
echo "deploy/azure/main.bicep builds and lints clean"

step "SQL Server migration script (idempotent)"
script=deploy/sqlserver/migrations.sql
dotnet ef migrations script --idempotent --no-build --context SqlServerAppDbContext \
  --project SecureAiChat.Core --startup-project SecureAiChat.Web --output "$script" >/dev/null
for migration in SecureAiChat.Core/Data/Migrations/SqlServer/*_*.cs; do
  case "$migration" in *.Designer.cs) continue ;; esac
  id=$(basename "$migration" .cs)
  grep -q "$id" "$script" || { echo "the script lacks migration $id" >&2; exit 1; }
done
if [ "${CI:-}" = "true" ] && ! git diff --quiet -- "$script"; then
  echo "$script was stale: run ./test.sh and commit the regenerated file." >&2
  exit 1
fi
echo "$script is current"

step "PostgreSQL test cluster"
# A cluster of our own in a temporary folder, on loopback only, removed on exit (also when tests fail).
# PostgreSQL refuses to run as root, so as root it runs as the package's unprivileged user "postgres".
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/sac-pg.XXXXXX")
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres: "$pg_dir"
stop_postgres() {
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap 'stop_postgres; rm -rf "$cluster_app"' EXIT
pg_port=
for candidate in $(shuf -i 54000-54999 -n 50); do
  if ! (echo >"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then pg_port=$candidate; break; fi
done
[ -n "$pg_port" ] || { echo "no free port for PostgreSQL in 54000-54999" >&2; exit 1; }
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log"
# Durability settings off: the cluster is thrown away, and the tests create and drop many databases.
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w start \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
export SECUREAICHAT_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"

step "Tests"
results=$(mktemp -d)
set +e
dotnet test SecureAiChat.Tests --no-build --nologo --logger "trx;LogFileName=results.trx" --results-directory "$results" 2>&1 | tee "$results/out.txt"
status=${PIPESTATUS[0]}
set -e

summary=$(grep -E "^(Passed|Failed)!" "$results/out.txt" | tail -1)
passed=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.*Failed: +([0-9]+),.*/\1/p' <<<"$summary")
skipped=$(sed -nE 's/.*Skipped: +([0-9]+).*/\1/p' <<<"$summary")
tests_summary="Tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
echo
echo "$tests_summary"
if [ "$status" -ne 0 ] || [ -z "$summary" ]; then exit 1; fi

# The benchmarks run once in quick mode so they cannot rot: a crash fails the script, a timing never does
# (the Debug build's figures are a smoke reading; docs/benchmarks.md comes from the full Release run).
step "Benchmarks (quick smoke run)"
bench_out="$results/benchmarks-quick.md"
dotnet run --project SecureAiChat.Benchmarks --no-build -- --quick --out "$bench_out" >"$results/benchmarks.log" 2>&1 \
  || { tail -40 "$results/benchmarks.log" >&2; echo "the benchmark program crashed (log: $results/benchmarks.log)" >&2; exit 1; }
cat "$bench_out"
echo
echo "$tests_summary"
