#!/usr/bin/env bash
# KubeAtlas launcher: benchmarks and fault tests.
# Sourced by ./kubeatlas, which sets ROOT, STATE and the ports; not run on its own.

# ---------------------------------------------------------------------------------------------------------------
# Benchmarks: gateway overhead (wrk, side by side in one run), service start time and idle memory
# ---------------------------------------------------------------------------------------------------------------
wrk_latency() { # url token -> "p50_ms p99_ms requests_per_s"
  wrk -t2 -c16 -d"${KUBEATLAS_BENCH_SECONDS:-10}"s --latency -H "Authorization: Bearer $2" "$1" \
    | awk '
      function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
      /^ +50%/ {p50=ms($2)} /^ +99%/ {p99=ms($2)} /^Requests\/sec/ {rps=$2}
      END {printf "%.3f %.3f %s\n", p50, p99, rps}'
}

cmd_bench() {
  http_ok "http://127.0.0.1:$GATEWAY_PORT/q/health/ready" || die "Start the stack first: ./kubeatlas up"
  command -v wrk >/dev/null || die "wrk is needed for the gateway benchmark (apt-get install wrk)"
  local tok direct via bytes
  say "Restarting the gateway without its per-user rate limit for the measurement"
  stop_one gateway
  ( export KUBEATLAS_RATE_LIMIT_RPS=1000000 KUBEATLAS_RATE_LIMIT_BURST=1000000; start_service gateway "$GATEWAY_PORT" )
  wait_service gateway "$GATEWAY_PORT"
  tok=$(token viewer)
  bytes=$(curl -s -H "Authorization: Bearer $tok" "http://127.0.0.1:8081/api/v1/clusters" | wc -c)
  say "Gateway overhead: GET /api/v1/clusters (${bytes} B), wrk 2 threads x 16 connections, ${KUBEATLAS_BENCH_SECONDS:-10}s each"
  wrk_latency "http://127.0.0.1:8081/api/v1/clusters" "$tok" > /dev/null   # warm-up
  wrk_latency "http://127.0.0.1:$GATEWAY_PORT/api/v1/clusters" "$tok" > /dev/null
  direct=$(wrk_latency "http://127.0.0.1:8081/api/v1/clusters" "$tok")
  via=$(wrk_latency "http://127.0.0.1:$GATEWAY_PORT/api/v1/clusters" "$tok")
  read -r d50 d99 drps <<<"$direct"; read -r g50 g99 grps <<<"$via"
  printf '%-28s %10s %10s %12s\n' "" "p50 ms" "p99 ms" "req/s"
  printf '%-28s %10s %10s %12s\n' "cluster-service direct" "$d50" "$d99" "$drps" "through gateway" "$g50" "$g99" "$grps"
  awk -v a="$g50" -v b="$d50" -v c="$g99" -v d="$d99" 'BEGIN {printf "gateway adds: p50 %+.3f ms (target < 1), p99 %+.3f ms (target < 3)\n", a-b, c-d}'
  say "Service start time (each restarted alone) and idle RSS (10 s after ready)"
  printf '%-22s %12s %10s\n' SERVICE "start s" "RSS MB"
  local s name port started rss
  for s in "${SERVICES[@]}"; do
    name=${s%%:*}; port=${s##*:}
    stop_one "$name"; start_service "$name" "$port"
    wait_for "$name" 120 http_ok "http://127.0.0.1:$port/q/health/ready" 2>/dev/null || die "$name did not restart"
    started=$(sed -n 's/.* started in \([0-9.]*\)s.*/\1/p' "$LOGS/$name.log" | tail -1)
    sleep 10
    rss=$(ps -o rss= -p "$(cat "$RUN/$name.pid")" | awk '{printf "%.0f", $1/1024}')
    printf '%-22s %12s %10s\n' "$name" "$started" "$rss"
  done
}

heap_used_mb() { # pid -> heap in use after a full GC, MB
  jcmd "$1" GC.run >/dev/null 2>&1; sleep 2
  jcmd "$1" GC.heap_info 2>/dev/null | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K,?","",v); s+=v}} END {printf "%.1f", s/1024}'
}

percentile() { # p, values on stdin (one per line) -> value
  sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int((NR*p+99)/100); if (i<1) i=1; printf "%.1f", a[i]}'
}

cmd_bench_workload() { # [clusters] [pods]: search, cached lists and informer heap at scale
  local clusters=${1:-10} pods=${2:-10000} port=16443 i
  http_ok "http://127.0.0.1:$GATEWAY_PORT/q/health/ready" || die "Start the platform first: ./kubeatlas up"
  command -v jcmd >/dev/null || die "jcmd (from the JDK) is needed to read the heap"
  local tok
  tok=$(token admin)   # leftovers of an interrupted run
  for ((i = 1; i <= clusters; i++)); do curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $tok" "http://127.0.0.1:$GATEWAY_PORT/api/v1/clusters/bench-$i"; done
  stop_one bench-sandbox
  port_open "$port" && die "Port $port is taken; the benchmark cluster needs it"
  rm -f "$STATE/bench-search.ms" "$STATE/bench-list.ms" "$STATE/bench-direct.ms"
  say "Benchmark cluster: $pods pods (creating them takes about a minute)"
  start_bg bench-sandbox java -Xmx1g -XX:+UseSerialGC -jar "$ROOT/sandbox/target/kubeatlas-sandbox.jar" \
    --port "$port" --no-seed --pods "$pods" --kubeconfig "$STATE/bench.kubeconfig"
  wait_for "benchmark cluster" 600 grep -q "serving at" "$LOGS/bench-sandbox.log" || die "The benchmark cluster did not start"
  say "Restarting workload-service with room for $clusters x $pods cached pods (-Xmx2g)"
  stop_one workload-service
  ( SERVICE_JVM_OPTS="-Xms64m -Xmx2g -XX:+UseSerialGC"; start_service workload-service 8082 )
  wait_service workload-service 8082
  local pid before after
  pid=$(cat "$RUN/workload-service.pid")
  sleep 5; before=$(heap_used_mb "$pid")
  for ((i = 1; i <= clusters; i++)); do register_cluster "bench-$i" "$STATE/bench.kubeconfig" "" '"tags":{"bench":"true"}' >/dev/null; done
  say "Waiting for $clusters informer caches to fill"
  local hits=0 deadline=$((SECONDS + 900))
  while (( SECONDS < deadline )); do
    tok=$(token viewer)
    hits=$(curl -s -H "Authorization: Bearer $tok" "http://127.0.0.1:$GATEWAY_PORT/api/v1/search?q=bench-pod-$(printf %05d $((pods - 1)))&kinds=pods&limit=100" \
      | { grep -o '"cluster":"bench-[0-9]*"' || true; } | sort -u | wc -l)
    (( hits >= clusters )) && break
    sleep 5
  done
  (( hits >= clusters )) || die "Only $hits of $clusters clusters were cached in time"
  after=$(heap_used_mb "$pid")
  tok=$(token viewer)
  local q n=200 url
  for ((i = 0; i < 20; i++)); do curl -s -o /dev/null -H "Authorization: Bearer $tok" "http://127.0.0.1:$GATEWAY_PORT/api/v1/search?q=svc-$i"; done
  for ((i = 0; i < n; i++)); do
    case $((i % 4)) in
      0) q="bench-pod-$(printf %05d $((RANDOM % pods)))";;
      1) q="svc-$((RANDOM % 200))";;
      2) q="kubeatlas-bench/svc-$((RANDOM % 200)):1.$((RANDOM % 10))";;
      3) q="pod-0$((RANDOM % 10))";;
    esac
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $tok" "http://127.0.0.1:$GATEWAY_PORT/api/v1/search?q=$q&limit=50"
  done | awk '{printf "%.3f\n", $1*1000}' > "$STATE/bench-search.ms"
  local pages=$(( (pods + 999) / 1000 )) round cont page
  for ((round = 0; round < 5; round++)); do
    cont=""
    for ((page = 0; page < pages; page++)); do
      url="http://127.0.0.1:$GATEWAY_PORT/api/v1/clusters/bench-1/resources/pods?namespace=bench&limit=1000"
      [[ -n "$cont" ]] && url+="&continue=$cont"
      curl -s -o "$STATE/bench-page.json" -w '%{time_total}\n' -H "Authorization: Bearer $tok" "$url" | awk '{printf "%.3f\n", $1*1000}' >> "$STATE/bench-list.ms"
      cont=$({ grep -o '"continue":"[^"]*"' "$STATE/bench-page.json" || true; } | sed 's/"continue":"//; s/"$//')
    done
  done
  for ((round = 0; round < 5; round++)); do
    curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/api/v1/namespaces/bench/pods" | awk '{printf "%.3f\n", $1*1000}'
  done > "$STATE/bench-direct.ms"
  echo
  printf 'Search over %d clusters x %d pods (plus their other cached kinds), %d queries through the gateway:\n' "$clusters" "$pods" "$n"
  printf '  p50 %s ms   p95 %s ms   (target p95 < 100 ms)\n' "$(percentile 50 < "$STATE/bench-search.ms")" "$(percentile 95 < "$STATE/bench-search.ms")"
  printf 'Listing %d pods of one cluster through the gateway from the informer cache, 1,000 per page, %d pages:\n' "$pods" "$(wc -l < "$STATE/bench-list.ms")"
  printf '  p50 %s ms   p99 %s ms per page   (target p99 < 300 ms)\n' "$(percentile 50 < "$STATE/bench-list.ms")" "$(percentile 99 < "$STATE/bench-list.ms")"
  printf 'Direct LIST of all %d pods from the same mock API server (no gateway, no auth, one response):\n' "$pods"
  printf '  p50 %s ms   max %s ms\n' "$(percentile 50 < "$STATE/bench-direct.ms")" "$(percentile 100 < "$STATE/bench-direct.ms")"
  awk -v b="$before" -v a="$after" -v n=$((clusters * pods)) 'BEGIN {printf "Informer heap: %.1f MB before, %.1f MB after caching %d pods: %.2f KB per cached pod (target <= 10 KB)\n", b, a, n, (a-b)*1024/n}'
  rm -f "$STATE/bench-search.ms" "$STATE/bench-list.ms" "$STATE/bench-direct.ms" "$STATE/bench-page.json"
  say "Cleaning up: removing the benchmark clusters, restarting workload-service as before"
  tok=$(token admin)
  for ((i = 1; i <= clusters; i++)); do curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $tok" "http://127.0.0.1:$GATEWAY_PORT/api/v1/clusters/bench-$i"; done
  stop_one bench-sandbox
  stop_one workload-service; start_service workload-service 8082; wait_service workload-service 8082
}

bench_classpath() { # module -> its test classpath (dependencies resolved once per build)
  local module=$1 file="$STATE/$1.classpath"
  if [[ ! -s "$file" || "$file" -ot "$STATE/build.stamp" || "$file" -ot "$ROOT/$module/pom.xml" ]]; then
    mvn -B -q -f "$ROOT/pom.xml" -pl "$module" dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$file" >&2 || die "Could not resolve the classpath of $module"
  fi
  printf '%s/target/test-classes:%s/target/classes:%s' "$ROOT/$module" "$ROOT/$module" "$(cat "$file")"
}

history_bench() { # HistoryBench arguments...
  java -Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$(bench_classpath e2e-tests)" dev.kubeatlas.bench.HistoryBench "$@"
}

require_running() {
  http_ok "http://127.0.0.1:$GATEWAY_PORT/q/health/ready" && pid_alive yaml-history-service \
    || die "The platform is not running; start it with ./kubeatlas up"
}

db_url() { printf 'jdbc:postgresql://%s:%s/%s' "$(db_host)" "$(db_port)" "$(db_name)"; }

cmd_bench_history() { # [rate] [seconds]: ingest rate and latency, storage per version, diff time
  local rate=${1:-1200} seconds=${2:-30}
  require_running
  [[ -f "$ROOT/e2e-tests/target/test-classes/dev/kubeatlas/bench/HistoryBench.class" ]] || build
  say "Ingest: the change stream at $rate/s for $seconds s into the running yaml-history-service"
  history_bench ingest "127.0.0.1:$KAFKA_PORT" "$(db_url)" "$rate" "$seconds" 500
  say "Diff: two 5,000-line manifests"
  java -cp "$(bench_classpath yaml-history-service)" dev.kubeatlas.history.bench.DiffBench 5000 50 300
}

cmd_bench_metrics() { # [nodes] [pods]: one collection of a large cluster, in a 256 MiB heap, and storing it
  local nodes=${1:-1000} pods=${2:-30000} port=6451
  require_running
  [[ -f "$ROOT/metrics-service/target/test-classes/dev/kubeatlas/metrics/CollectionBench.class" ]] || build
  stop_one bench-metrics-sandbox
  port_open "$port" && die "Port $port is taken; the benchmark cluster needs it"
  say "Starting a mock API server answering with $nodes nodes, $pods pods and their metrics"
  start_bg bench-metrics-sandbox java -Xmx3g -XX:+UseSerialGC -jar "$ROOT/sandbox/target/kubeatlas-sandbox.jar" \
    --port "$port" --no-seed --scale-nodes "$nodes" --pods "$pods" --kubeconfig "$STATE/bench-metrics.kubeconfig"
  wait_for "benchmark cluster" 1200 grep -q "serving at" "$LOGS/bench-metrics-sandbox.log" \
    || { stop_one bench-metrics-sandbox; die "The benchmark cluster did not start; see $LOGS/bench-metrics-sandbox.log"; }
  grep "^Serving" "$LOGS/bench-metrics-sandbox.log" >&2 || true
  java -Xmx256m -XX:+UseSerialGC -Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$(bench_classpath metrics-service)" dev.kubeatlas.metrics.CollectionBench \
    "$STATE/bench-metrics.kubeconfig" "${KUBEATLAS_DB_HOST:-127.0.0.1}" "${KUBEATLAS_DB_PORT:-5432}" \
    "$(db_name)" "${KUBEATLAS_DB_USER:-postgres}" 5 || { stop_one bench-metrics-sandbox; die "The benchmark failed"; }
  stop_one bench-metrics-sandbox
}

cmd_fault_history() { # the consumer killed mid-burst; Kafka away for a minute
  require_running
  [[ -f "$ROOT/e2e-tests/target/test-classes/dev/kubeatlas/bench/HistoryBench.class" ]] || build
  local cluster="fault-$RANDOM$RANDOM" failed=0
  say "1. A burst of 1,000 changes (100 resources x 10 versions, 250/s); yaml-history-service killed in the middle"
  history_bench burst "127.0.0.1:$KAFKA_PORT" "$cluster" 1000 100 250 &
  local burst=$!
  local stored=0
  for _ in $(seq 1 200); do
    stored=$(versions_of "$cluster"); (( stored >= 200 )) && break; sleep 0.1
  done
  kill -KILL -- "-$(cat "$RUN/yaml-history-service.pid")" 2>/dev/null || kill -KILL "$(cat "$RUN/yaml-history-service.pid")"
  say "   killed yaml-history-service (SIGKILL) with $(versions_of "$cluster") of 1,000 versions stored"
  rm -f "$RUN/yaml-history-service.pid"
  wait "$burst" || die "The burst could not be published"
  say "   restarting it"
  start_service yaml-history-service 8083; wait_service yaml-history-service 8083
  history_bench verify "$(db_url)" "$cluster" 1000 100 120 || failed=1

  say "2. Kafka stopped for 60 s while three changes are made through KubeAtlas"
  local tok history before after
  tok=$(token operator)
  history="http://127.0.0.1:$GATEWAY_PORT/api/v1/history/sandbox/deployments.apps/shop/cart"
  before=$(curl -fsS -H "Authorization: Bearer $tok" "$history" | sed -n 's/.*"latestVersion":\([0-9]*\).*/\1/p')
  [[ -n "$before" ]] || die "No history for shop/cart on the sandbox cluster"
  stop_one kafka
  local r
  for r in 4 5 6; do
    curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' -d "{\"replicas\":$r}" \
      "http://127.0.0.1:$GATEWAY_PORT/api/v1/clusters/sandbox/resources/deployments/cart/scale?namespace=shop" \
      || die "Scaling failed while Kafka was down"
    sleep 5
  done
  sleep 45
  say "   starting Kafka again"
  start_kafka kafka "$KAFKA_PORT" 9093 "$STATE/data/kafka"
  wait_for "the three versions in the history" 120 history_has "$history" "$tok" $((before + 3)) || true
  after=$(curl -fsS -H "Authorization: Bearer $tok" "$history" | sed -n 's/.*"latestVersion":\([0-9]*\).*/\1/p')
  printf '  versions of shop/cart before %s, after %s: %s\n' "$before" "$after" \
    "$([[ $after -eq $((before + 3)) ]] && echo "all three changes kept" || echo "LOST $((before + 3 - after))")"
  [[ $after -eq $((before + 3)) ]] || failed=1
  curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' -d '{"replicas":2}' \
    "http://127.0.0.1:$GATEWAY_PORT/api/v1/clusters/sandbox/resources/deployments/cart/scale?namespace=shop" || true
  (( failed == 0 )) || die "Fault test failed"
  say "Both faults passed"
}

versions_of() { # cluster -> versions the history service has stored for it
  PGPASSWORD="${KUBEATLAS_DB_PASSWORD:-}" psql -h "${KUBEATLAS_DB_HOST:-127.0.0.1}" -p "${KUBEATLAS_DB_PORT:-5432}" \
    -U "${KUBEATLAS_DB_USER:-postgres}" -d "$(db_name)" -qtA -c "select count(*) from
    yaml_history_service.resource_version v join yaml_history_service.tracked_resource t on t.id = v.tracked_id
    where t.cluster = '$1'"
}

history_has() { # url token min-version
  local v
  v=$(curl -fsS -H "Authorization: Bearer $2" "$1" 2>/dev/null | sed -n 's/.*"latestVersion":\([0-9]*\).*/\1/p')
  [[ -n "$v" && $v -ge $3 ]]
}
