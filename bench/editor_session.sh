#!/usr/bin/env bash
# A scripted editor session under Xvfb, as a user would drive it (issue 13):
#   bench/editor_session.sh BINARY PROJECT OUTDIR
# The 1000-slide, 60-minute fit-to-music project of the issue is made with
#   ../shared/bench/make_corpus.sh C && ../shared/bench/make_long_show.sh C L 60 1000
#   slidereel new --audio L/long.mp3 --images $(cat L/images.txt) --fit-audio -o long.project
# (12 200 for the 200-slide one). Loudness normalisation is switched on in a
# copy of PROJECT (the issue's heavier case) unless NORMALIZE=0.
#
# It opens the project, waits for the window and the first preview frame, then
# drives the window with bench/editor_latency.c (XTest input, Damage-timed):
# play 5 s, pause, End, Home, four seeks by clicking the timeline, Ctrl+wheel
# from the whole show to ~5 s across the window (29 notches of 1.25x), play
# zoomed in, back out to the whole show, Select All, Delete, Undo, then opens
# the export dialog, starts the export and cancels it after 10 s.
# It prints the time to the window and from the window to the first preview
# frame (SLIDEREEL_TRACE), the peak and final RSS (sampled every 0.2 s), the
# "Fyne call thread" lines in the log, the latency of every interaction (input
# to first drawing, and to the last drawing of what it started) and the load
# average; it saves OUTDIR/whole.png and OUTDIR/zoomed.png (the timeline at two
# zoom levels), OUTDIR/latency.txt and OUTDIR/app.log.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "$1"); proj=$(realpath "$2"); out=$3
mkdir -p "$out"; out=$(realpath "$out")
home=$(mktemp -d); rss_log=$home/rss; mkdir -p "$home/cache" "$home/config"
gcc -O2 -o "$home/editor_latency" "$ROOT/bench/editor_latency.c" -lX11 -l:libXdamage.so.1 -l:libXtst.so.6
# The copy sits next to PROJECT so its relative photo paths still resolve.
run=$(dirname "$proj")/.session-$$.project
if [ "${NORMALIZE:-1}" = 1 ]; then sed 's/"normalize": false/"normalize": true/' "$proj" >"$run"; else cp "$proj" "$run"; fi
disp=:$((150 + RANDOM % 100))
${NICE:+nice -n "$NICE"} Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
trap 'kill $sampler $app 2>/dev/null; wait $app 2>/dev/null; kill $xvfb; rm -rf "$home" "$run"' EXIT
sleep 1
export DISPLAY=$disp
now() { date +%s.%N; }
t0=$(now)
SLIDEREEL_CPUPROFILE=${CPUPROFILE:-} HOME=$home XDG_CACHE_HOME=$home/cache XDG_CONFIG_HOME=$home/config LANG=en_US.UTF-8 SLIDEREEL_TRACE=1 \
  ${NICE:+nice -n "$NICE"} "$bin" "$run" >"$out/app.log" 2>&1 & app=$!
( while kill -0 "$app" 2>/dev/null; do ps -o rss= -p "$app" >>"$rss_log" || true; sleep 0.2; done ) & sampler=$!
until wid=$(xdotool search --onlyvisible --name Slidereel 2>/dev/null | head -1) && [ -n "$wid" ]; do
  kill -0 "$app" 2>/dev/null || { echo "editor session: the app exited:" >&2; cat "$out/app.log" >&2; exit 1; }
  sleep 0.01
done
t_win=$(now)
for _ in $(seq 600); do grep -q "first preview frame" "$out/app.log" && break; sleep 0.05; done
first=$(sed -n 's/.*first preview frame \([0-9.]*\) s.*/\1/p' "$out/app.log")
started=$(sed -n 's/.*trace: app started \([0-9.]*\) s.*/\1/p' "$out/app.log")
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
eval "$(xdotool getwindowgeometry --shell "$wid")"   # WIDTH HEIGHT
wave_y=$((HEIGHT - 240)); mid=$((WIDTH / 2)); pv_y=300
lat() { "$home/editor_latency" "$wid" | tee -a "$out/latency.txt"; }
shot() { import -window "$wid" -crop "${WIDTH}x105+0+$((HEIGHT - 280))" +repage "$out/$1.png"; }
: >"$out/latency.txt"
sleep 2
lat <<EOF
click focus $mid $pv_y
key play space
sleep 5000
key pause space
key end End
key home Home
click seek-20% $((WIDTH * 20 / 100)) $wave_y
click seek-50% $((WIDTH * 50 / 100)) $wave_y
click seek-80% $((WIDTH * 80 / 100)) $wave_y
click seek-35% $((WIDTH * 35 / 100)) $wave_y
EOF
lat < <(for i in $(seq 29); do echo "wheel zoom-in-$i $mid $wave_y up ctrl"; done)
sleep 1; shot zoomed
lat <<EOF
click focus $mid $pv_y
key play-zoomed space
sleep 5000
key pause-zoomed space
EOF
lat < <(for i in $(seq 29); do echo "wheel zoom-out-$i $mid $wave_y down ctrl"; done)
sleep 1; shot whole
lat <<EOF
click focus $mid $pv_y
key select-all ctrl+a
key delete Delete
key undo ctrl+z
key export-dialog ctrl+e
EOF
# The dialog's Export button, by its place in the 1280x800 window.
lat <<EOF
click export-start $((WIDTH / 2 + 45)) $((HEIGHT / 2 + 155))
sleep 10000
EOF
import -window "$wid" "$out/export.png"
# Cancel the export with the progress panel's Cancel button (bottom right).
lat <<<"click export-cancel $((WIDTH - 45)) $((HEIGHT - 60))"
sleep 2
t_end=$(now)
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
peak=$(sort -n "$rss_log" | tail -1); last=$(tail -1 "$rss_log")
calls=$(grep -c "Fyne call thread" "$out/app.log" || true)
slides=$(grep -o '"image"' "$proj" | wc -l)
win_s=$(echo "$t_win - $t0" | bc)
# The first preview frame is timed by the app (SLIDEREEL_TRACE) from its
# start; against the window it is given two ways: from the event loop's
# start (the window has been shown and painted once) on the app's clock, and
# from when xdotool first found the window mapped (polled, so late under load).
f2() { if [ -n "$1" ] && [ -n "$2" ]; then printf '%.2f' "$(echo "$1 - $2" | bc)"; else echo none; fi; }
printf 'editor session: %s slides; window mapped %.2f s after start (xdotool), event loop %s s; first preview frame %s s after start, %s s after the loop started, %s s after the window was found; session %.0f s; RSS peak %d MB, end %d MB; Fyne call thread lines: %s; load %s at start, %s at end\n' \
  "$slides" "$win_s" "${started:-none}" "${first:-none}" "$(f2 "$first" "$started")" "$(f2 "$first" "$win_s")" \
  "$(echo "$t_end - $t0" | bc)" $((peak / 1024)) $((last / 1024)) "$calls" "$load_start" "$load_end"
# The "focus" clicks (on the preview, to give the window the keyboard)
# change nothing on screen, so the first drawing after one is whatever
# comes next (a waveform or thumbnail arriving, up to a second later): they
# are listed in latency.txt but not counted.
awk '/first=/ && $2 != "focus" { split($3, a, "="); v = a[2] + 0; n++; s += v; if (v > m) { m = v; w = $2 } if (v > 100) slow = slow " " $2 "=" a[2] }
     END { if (n) printf "interactions: %d timed, mean %.0f ms, worst %s %.0f ms; over 100 ms:%s\n", n, s / n, w, m, slow ? slow : " none" }' "$out/latency.txt"
