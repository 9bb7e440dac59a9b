#!/usr/bin/env bash
# Builds and runs a Spring Boot application that lives outside this project (outside-app/, written from
# docs/spring-boot.md alone) against this project's starter, installed into a private local repository,
# on an embedded MariaDB; checks that Tandem migrated, tagged the app's sessions and reports. Takes a few
# minutes, so CI does not run it: run it after changing the starter.
#   TANDEM_IT_REPO  the private local repository (default /tmp/m2-outside-app, seeded from ~/.m2 once)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
repo=${TANDEM_IT_REPO:-/tmp/m2-outside-app}
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
fail() { echo "outside-app: FAILED: $*"; [ -f "$work/app.log" ] && tail -40 "$work/app.log"; exit 1; }

[ -d "$repo" ] || { echo "outside-app: seeding $repo from ~/.m2"; cp -r ~/.m2/repository "$repo"; }
cd "$root"
echo "outside-app: installing the starter and what it needs into $repo"
./mvnw -B -q -Dmaven.repo.local="$repo" -DskipTests -Djapicmp.skip install -pl spring-boot-starter -am

echo "outside-app: starting an embedded MariaDB"
cp=$(./mvnw -B -q -o -Dmaven.repo.local="$repo" -pl testing dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
java -cp "testing/target/classes:$cp" "$here/EmbeddedServer.java" > "$work/server.out" 2> "$work/server.err" &
pids+=($!)
for _ in $(seq 120); do grep -q '^password=' "$work/server.out" && break; sleep 1; done
grep -q '^password=' "$work/server.out" || { cat "$work/server.err"; fail "the server did not start"; }
export SPRING_DATASOURCE_URL=$(sed -n 's/^url=//p' "$work/server.out")
export SPRING_DATASOURCE_USERNAME=$(sed -n 's/^user=//p' "$work/server.out")
export SPRING_DATASOURCE_PASSWORD=$(sed -n 's/^password=//p' "$work/server.out")

echo "outside-app: building it with plain Maven (spring-boot-starter-parent 4.0.7)"
cp -r "$here/outside-app/." "$work/app"
./mvnw -B -q -f "$work/app/pom.xml" -Dmaven.repo.local="$repo" package
flyway=$(unzip -l "$work/app/target/shop-1.0.0.jar" | grep -o 'flyway-core-[0-9.]*jar')
echo "outside-app: the application's jar carries $flyway"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java -jar "$work/app/target/shop-1.0.0.jar" --server.port="$port" > "$work/app.log" 2>&1 &
app=$!
pids+=($app)
for _ in $(seq 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/health/readiness")" = 200 ] && break
  kill -0 "$app" 2>/dev/null || fail "the application exited"
  sleep 1
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/health/readiness")" = 200 ] || fail "never ready"

status=$(curl -s "http://127.0.0.1:$port/actuator/tandem")
customers=$(curl -s "http://127.0.0.1:$port/customers")
echo "outside-app: /actuator/tandem: $status"
echo "outside-app: /customers: $customers"
echo "$status" | grep -q '"appVersion":"1.0.0"' || fail "the app version is not the build info's"
echo "$status" | grep -q '"version":"2","description":"email","script":"V2__email.sql","state":"READY"' || fail "V2 is not READY"
echo "$customers" | grep -q 'ada.lovelace@example.com' || fail "the backfill did not run"
echo "$customers" | grep -q '"tag":"[0-9]' || fail "the application's sessions carry no tag"
curl -s "http://127.0.0.1:$port/actuator/metrics/tandem.migrations?tag=state:READY" | grep -q '"value":2.0' || fail "meters"

kill "$app"; wait "$app" || true
grep -q 'Deregistered instance' "$work/app.log" || fail "the instance did not leave the fleet on shutdown"
echo "outside-app: OK"
