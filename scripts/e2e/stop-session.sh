# Sourced by the end-to-end scripts. `stop_session SID` stops every process in
# the session SID (a server started with setsid), including children that
# moved to process groups of their own: TERM, up to 10 s, then KILL.
stop_session() {
  pkill -TERM -s "$1" 2>/dev/null || true
  for _ in $(seq 10); do
    pgrep -s "$1" >/dev/null || break
    sleep 1
  done
  pkill -KILL -s "$1" 2>/dev/null || true
}
