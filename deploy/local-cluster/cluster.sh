#!/usr/bin/env bash
# A local cluster the way production runs: PostgreSQL, three instances of the published app (Production
# settings, a shared Data Protection key ring protected by a certificate, a Hangfire server each) and HAProxy in
# front (TLS, cookie stickiness, WebSockets), all on loopback.
#
#   deploy/local-cluster/cluster.sh start            # migrate once, start the instances and the balancer
#   deploy/local-cluster/cluster.sh stop             # stop everything this script started, remove its state
#   deploy/local-cluster/cluster.sh status           # which processes run
#   deploy/local-cluster/cluster.sh migrate          # the app's `migrate` command with the cluster's settings
#   deploy/local-cluster/cluster.sh start-instance N # start instance N (1-3) again, e.g. after it was killed
#
# Settings (environment):
#   SAC_CLUSTER_DIR        state folder (default ${TMPDIR:-/tmp}/sac-cluster): pids, logs, certificates, settings
#   SAC_CLUSTER_DATABASE   Npgsql connection string of an existing database; empty: a throwaway PostgreSQL
#                          cluster is started in the state folder (Debian's postgresql) and removed by `stop`
#   SAC_CLUSTER_APP        folder of `dotnet publish SecureAiChat.Web -c Release` output; empty: published into
#                          the state folder first
#   SAC_CLUSTER_PORT       the balancer's port (https://localhost:PORT/, workspaces https://{id}.localhost:PORT/);
#                          default 8443
#   SAC_CLUSTER_INSTANCE_PORTS  three instance ports, space separated (default PORT+1 PORT+2 PORT+3)
# Any app setting can be given as an environment variable too (`__` for `:`), e.g. AI__SystemDefault__Provider,
# AI__SystemDefault__Endpoint, AI__SystemDefault__ApiKey for a real model; without them the offline demo model
# answers.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${SAC_CLUSTER_DIR:-${TMPDIR:-/tmp}/sac-cluster}
port=${SAC_CLUSTER_PORT:-8443}
read -r -a instance_ports <<<"${SAC_CLUSTER_INSTANCE_PORTS:-$((port + 1)) $((port + 2)) $((port + 3))}"
[ ${#instance_ports[@]} -eq 3 ] || { echo "SAC_CLUSTER_INSTANCE_PORTS needs three ports" >&2; exit 2; }

as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
port_free() { ! (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Waits until a URL answers 200 (Host header given), or fails after $3 seconds.
wait_healthy() {
  local url=$1 host=$2 seconds=$3 pidfile=${4:-}
  for _ in $(seq 1 $((seconds * 4))); do
    if curl -ksf -o /dev/null -m 5 -H "Host: $host" "$url"; then return 0; fi
    if [ -n "$pidfile" ] && ! alive "$pidfile"; then return 1; fi
    sleep 0.25
  done
  return 1
}

start_postgres() {
  local pg_bin pg_port=
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$pg_bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql) and SAC_CLUSTER_DATABASE is empty" >&2; exit 1; }
  mkdir -p "$dir/pg"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pg"
  for candidate in $(shuf -i 55000-55999 -n 50); do
    if port_free "$candidate"; then pg_port=$candidate; break; fi
  done
  [ -n "$pg_port" ] || { echo "no free port for PostgreSQL in 55000-55999" >&2; exit 1; }
  as_pg "$pg_bin/initdb" -D "$dir/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/logs/initdb.log"
  as_pg "$pg_bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w start \
    -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 -c max_connections=300" >/dev/null
  echo "$pg_bin" >"$dir/pg/bin"
  as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE secureaichat" >/dev/null
  echo "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=secureaichat"
}

# The settings every instance (and `migrate`) runs with, written once to a file only the owner can read.
write_settings() {
  local database=$1 app=$2 password
  password=$(openssl rand -hex 24)
  # Data Protection: production refuses to start without a key ring certificate (RSA, with its private key).
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=Secure AI Chat key ring (local cluster)" \
    -keyout "$dir/certs/keyring.key" -out "$dir/certs/keyring.crt" 2>/dev/null
  openssl pkcs12 -export -inkey "$dir/certs/keyring.key" -in "$dir/certs/keyring.crt" \
    -out "$dir/certs/keyring.pfx" -passout "pass:$password"
  # TLS at the balancer, as in production; browsers warn about this self-signed certificate.
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,DNS:*.localhost" \
    -keyout "$dir/certs/tls.key" -out "$dir/certs/tls.crt" 2>/dev/null
  cat "$dir/certs/tls.crt" "$dir/certs/tls.key" >"$dir/certs/haproxy.pem"
  rm -f "$dir/certs/keyring.key" "$dir/certs/tls.key"
  chmod 600 "$dir/certs/"*

  local model=()
  # Production never falls back to the demo model silently: name it when no model is configured.
  [ -n "${AI__SystemDefault__Provider:-}" ] || model+=("AI__SystemDefault__Provider=Demo")
  {
    echo "ASPNETCORE_ENVIRONMENT=Production"
    echo "Database__Provider=PostgreSql"
    echo "ConnectionStrings__Default=$database"
    echo "DataProtection__Certificate__Path=$dir/certs/keyring.pfx"
    echo "DataProtection__Certificate__Password=$password"
    # Workspaces are {id}.localhost; links in mail point at the balancer.
    echo "Tenancy__RootDomain=localhost"
    echo "Tenancy__PublicScheme=https"
    echo "Tenancy__PublicPort=$port"
    # The balancer is on loopback: only its X-Forwarded-For/-Proto are honoured (the scheme is https there).
    echo "ForwardedHeaders__KnownProxies__0=127.0.0.1"
    echo "Email__PickupDirectory=$dir/mail"
    # A stopped instance gives its running answers 5 s (production: 20 s) before it saves them as interrupted.
    echo "Chat__ShutdownGrace=${SAC_CLUSTER_SHUTDOWN_GRACE:-00:00:05}"
    [ ${#model[@]} -eq 0 ] || printf '%s\n' "${model[@]}"
  } >"$dir/app.env"
  chmod 600 "$dir/app.env"
  echo "$app" >"$dir/app.path"
}

# Runs the published app with the cluster's settings (and whatever the caller's environment adds); with
# SAC_SESSION=1 in a session of its own, so a signal meant for the caller's process group does not reach it.
run_app() {
  local app settings
  app=$(cat "$dir/app.path")
  mapfile -t settings < <(grep -v '^$' "$dir/app.env")
  local session=()
  [ "${SAC_SESSION:-}" = 1 ] && session=(setsid)
  # The content root is the publish folder (wwwroot, appsettings.json). exec keeps the pid: `stop` ends it by pid.
  cd "$app" && exec "${session[@]}" env "${settings[@]}" dotnet "$app/SecureAiChat.Web.dll" "$@"
}

start_instance() {
  local n=$1 instance_port=${instance_ports[$(($1 - 1))]}
  alive "$dir/instance-$n.pid" && { echo "instance $n already runs" >&2; return 0; }
  port_free "$instance_port" || { echo "port $instance_port is taken" >&2; exit 1; }
  (ASPNETCORE_URLS="http://127.0.0.1:$instance_port" SAC_SESSION=1 run_app) >>"$dir/logs/instance-$n.log" 2>&1 </dev/null &
  echo $! >"$dir/instance-$n.pid"
}

wait_instance() {
  local n=$1
  if ! wait_healthy "http://127.0.0.1:${instance_ports[$((n - 1))]}/health/ready" localhost 180 "$dir/instance-$n.pid"; then
    echo "instance $n did not become ready; the end of its log:" >&2
    tail -30 "$dir/logs/instance-$n.log" >&2
    return 1
  fi
}

write_haproxy_config() {
  cat >"$dir/haproxy.cfg" <<EOF
global
    maxconn 4096

defaults
    mode http
    option forwardfor
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    # Blazor circuits are WebSockets: once upgraded the connection is a tunnel, idle between messages.
    timeout tunnel 1h
    timeout http-request 15s
    # A loaded instance stays in: only a check that fails three times (a dead one is refused at once) takes it
    # out. Taking out a slow but live instance would move its sessions and break their circuits.
    timeout check 30s
    # A session whose instance is down (or refuses the connection) goes to another instance.
    option redispatch
    retries 2

frontend www
    bind 127.0.0.1:$port ssl crt $dir/certs/haproxy.pem alpn http/1.1
    # The Host header passes through unchanged: it names the workspace ({id}.localhost).
    http-request set-header X-Forwarded-Proto https
    default_backend app

backend app
    balance roundrobin
    # Sticky sessions: the circuit lives in one instance's memory.
    cookie SACNODE insert indirect nocache httponly secure
    option httpchk
    http-check send meth GET uri /health/ready ver HTTP/1.1 hdr Host localhost
    default-server check inter 2s fall 3 rise 2
    server app1 127.0.0.1:${instance_ports[0]} cookie app1
    server app2 127.0.0.1:${instance_ports[1]} cookie app2
    server app3 127.0.0.1:${instance_ports[2]} cookie app3
EOF
}

stop_pid() {
  local pidfile=$1 pid
  alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

cmd_start() {
  if alive "$dir/haproxy.pid" || alive "$dir/instance-1.pid"; then echo "a cluster already runs in $dir (stop it first)" >&2; exit 1; fi
  command -v haproxy >/dev/null || { echo "HAProxy is not installed (apt-get install haproxy)" >&2; exit 1; }
  port_free "$port" || { echo "port $port is taken" >&2; exit 1; }
  mkdir -p "$dir/logs" "$dir/certs" "$dir/mail"
  # Any failure from here on stops what was started.
  trap 'status=$?; if [ $status -ne 0 ]; then echo "start failed; stopping what was started" >&2; cmd_stop >/dev/null; fi' EXIT

  local database=${SAC_CLUSTER_DATABASE:-}
  if [ -z "$database" ]; then
    echo "starting a throwaway PostgreSQL cluster"
    database=$(start_postgres)
  fi

  local app=${SAC_CLUSTER_APP:-}
  if [ -z "$app" ]; then
    app="$dir/app"
    echo "publishing SecureAiChat.Web (Release) to $app"
    dotnet publish "$root/SecureAiChat.Web" -c Release -o "$app" --nologo -v quiet >"$dir/logs/publish.log" 2>&1 \
      || { tail -30 "$dir/logs/publish.log" >&2; exit 1; }
  fi
  [ -f "$app/SecureAiChat.Web.dll" ] || { echo "no SecureAiChat.Web.dll in $app" >&2; exit 1; }
  app=$(cd "$app" && pwd)

  write_settings "$database" "$app"
  echo "migrating the database (once, before any instance starts)"
  (run_app migrate) >"$dir/logs/migrate.log" 2>&1 || { tail -30 "$dir/logs/migrate.log" >&2; exit 1; }

  for n in 1 2 3; do start_instance "$n"; done
  for n in 1 2 3; do wait_instance "$n" || exit 1; done

  write_haproxy_config
  haproxy -c -q -f "$dir/haproxy.cfg"
  haproxy -D -f "$dir/haproxy.cfg" -p "$dir/haproxy.pid"
  wait_healthy "https://127.0.0.1:$port/health/ready" localhost 30 \
    || { echo "the balancer does not answer on $port" >&2; exit 1; }

  {
    echo "SAC_CLUSTER_PORT=$port"
    echo "SAC_CLUSTER_INSTANCE_PORTS=\"${instance_ports[*]}\""
    for n in 1 2 3; do echo "SAC_CLUSTER_INSTANCE_${n}_PID=$(cat "$dir/instance-$n.pid")"; done
  } >"$dir/cluster.env"
  echo "cluster ready: https://localhost:$port/ (workspaces: https://{id}.localhost:$port/), instances on ${instance_ports[*]}"
}

cmd_stop() {
  stop_pid "$dir/haproxy.pid"
  for n in 1 2 3; do stop_pid "$dir/instance-$n.pid"; done
  if [ -f "$dir/pg/bin" ]; then
    as_pg "$(cat "$dir/pg/bin")/pg_ctl" -D "$dir/pg/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  # Secrets and the throwaway database go; the logs stay for a look after a failure.
  rm -rf "$dir/pg" "$dir/certs" "$dir/app.env" "$dir/cluster.env" "$dir/haproxy.cfg"
  if [ -z "${SAC_CLUSTER_APP:-}" ]; then rm -rf "$dir/app"; fi
  echo "cluster stopped"
}

cmd_status() {
  for name in haproxy instance-1 instance-2 instance-3; do
    if alive "$dir/$name.pid"; then echo "$name: running (pid $(cat "$dir/$name.pid"))"; else echo "$name: stopped"; fi
  done
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  migrate) [ -f "$dir/app.env" ] || { echo "no cluster settings in $dir: run start first" >&2; exit 1; }; (run_app migrate) ;;
  start-instance)
    [[ "${2:-}" =~ ^[123]$ ]] || { echo "usage: $0 start-instance 1|2|3" >&2; exit 2; }
    [ -f "$dir/app.env" ] || { echo "no cluster settings in $dir: run start first" >&2; exit 1; }
    start_instance "$2"
    wait_instance "$2" || exit 1
    sed -i "s/^SAC_CLUSTER_INSTANCE_$2_PID=.*/SAC_CLUSTER_INSTANCE_$2_PID=$(cat "$dir/instance-$2.pid")/" "$dir/cluster.env"
    echo "instance $2 ready (pid $(cat "$dir/instance-$2.pid"))"
    ;;
  *) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
