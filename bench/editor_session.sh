#!/usr/bin/env bash
# A scripted editor session under Xvfb, as a user would drive it:
#   bench/editor_session.sh BINARY PROJECT OUTDIR
# Opens PROJECT, waits for the window and the first preview frame, then plays
# 5 s, seeks by clicking the timeline, zooms the timeline from the whole show
# to the closest zoom and back (Ctrl+wheel), plays zoomed in, selects all
# slides, deletes them and undoes. It prints the time to the window and to the
# first preview frame (SLIDEREEL_TRACE), the peak and final RSS, the number of
# "Fyne call thread" lines in the log, and saves OUTDIR/whole.png and
# OUTDIR/zoomed.png (the timeline at two zoom levels) and OUTDIR/app.log.
set -euo pipefail
bin=$(realpath "$1"); proj=$(realpath "$2"); out=$3
mkdir -p "$out"; out=$(realpath "$out")
home=$(mktemp -d); rss_log=$home/rss
disp=:$((150 + RANDOM % 100))
Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
trap 'kill $sampler $app $xvfb 2>/dev/null; rm -rf "$home"' EXIT
sleep 1
export DISPLAY=$disp
now() { date +%s.%N; }
t0=$(now)
HOME=$home XDG_CACHE_HOME=$home/cache XDG_CONFIG_HOME=$home/config LANG=en_US.UTF-8 SLIDEREEL_TRACE=1 \
  "$bin" "$proj" >"$out/app.log" 2>&1 & app=$!
( while kill -0 "$app" 2>/dev/null; do ps -o rss= -p "$app" >>"$rss_log" || true; sleep 0.5; done ) & sampler=$!
until wid=$(xdotool search --name Slidereel 2>/dev/null | head -1) && [ -n "$wid" ]; do sleep 0.02; done
t_win=$(now)
for _ in $(seq 600); do grep -q "first preview frame" "$out/app.log" && break; sleep 0.05; done
first=$(sed -n 's/.*first preview frame \([0-9.]*\) s.*/\1/p' "$out/app.log")
eval "$(xdotool getwindowgeometry --shell "$wid")"   # X Y WIDTH HEIGHT
wave_y=$((Y + HEIGHT - 240)); mid_x=$((X + WIDTH / 2))
xdotool mousemove $mid_x $((Y + 300)) click 1; sleep 0.5          # focus: click the preview
xdotool key space; sleep 5; xdotool key space; sleep 0.5          # play 5 s
for f in 20 50 80 35; do xdotool mousemove $((X + WIDTH * f / 100)) $wave_y click 1; sleep 0.5; done
import -window root -crop "${WIDTH}x150+$X+$((Y + HEIGHT - 270))" "$out/whole.png"
xdotool mousemove $mid_x $wave_y keydown ctrl
for _ in $(seq 30); do xdotool click 4; sleep 0.05; done
xdotool keyup ctrl; sleep 1
import -window root -crop "${WIDTH}x150+$X+$((Y + HEIGHT - 270))" "$out/zoomed.png"
xdotool mousemove $mid_x $((Y + 300)) click 1
xdotool key space; sleep 5; xdotool key space; sleep 0.5          # play zoomed in (page-wise follow)
xdotool mousemove $mid_x $wave_y keydown ctrl
for _ in $(seq 30); do xdotool click 5; sleep 0.05; done
xdotool keyup ctrl; sleep 1
xdotool mousemove $mid_x $((Y + 300)) click 1
xdotool key ctrl+a; sleep 1; xdotool key Delete; sleep 2; xdotool key ctrl+z; sleep 3
t_end=$(now)
peak=$(sort -n "$rss_log" | tail -1); last=$(tail -1 "$rss_log")
calls=$(grep -c "Fyne call thread" "$out/app.log" || true)
slides=$(grep -o '"image"' "$proj" | wc -l)
printf 'editor session: %s slides; window %.2f s after start; first preview frame %s s after start; session %.0f s; RSS peak %d MB, end %d MB; Fyne call thread lines: %s\n' \
  "$slides" "$(echo "$t_win - $t0" | bc)" "${first:-none}" "$(echo "$t_end - $t0" | bc)" $((peak / 1024)) $((last / 1024)) "$calls"
