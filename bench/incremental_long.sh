#!/usr/bin/env bash
# bench/incremental_long.sh [--minutes 60] [--slides 1000] [--size 640x360]
#
# The long-show half of the incremental export benchmark (issue 16): the
# long show of bench/longshow.sh (a MINUTES-long MP3 under SLIDES photos,
# ../shared/bench/make_long_show.sh, fitted to the music, loudness
# normalisation on), rendered at SIZE at the standard quality (libx264 veryfast crf 20):
#
#   1. first export into an empty segment cache;
#   2. one photo (the middle slide) replaced by another picture, export
#      again (target: < 0.05 of 1).
#
# It prints both wall times and CPU times (ours + ffmpeg's, from getrusage:
# SLIDEREEL_BENCH_RUSAGE), their ratios, the segments reused and the
# durations of the result's streams. Wall times are only comparable on an
# otherwise idle machine (the load average is printed with each export);
# the CPU ratio holds on a shared one.
#
# Environment: CORPUS (default /tmp/corpus), WORK (default
# /tmp/slidereel-incr-long).
set -euo pipefail

. "$(dirname "$0")/lib.sh"
CORPUS=${CORPUS:-/tmp/corpus}
WORK=${WORK:-/tmp/slidereel-incr-long}
MIN=60; SLIDES=1000; SIZE=640x360
bench_options 2,19 minutes:MIN slides:SLIDES size:SIZE -- "$@"
bench_need ffmpeg ffprobe go sox
bench_corpus "$CORPUS" >/dev/null
mkdir -p "$WORK"
bench_long_show "$WORK/show" "$MIN" "$SLIDES"
bin="$WORK/slidereel"
(cd "$ROOT" && go build -o "$bin" ./bench/cmd/slidereel-cli)
cache="$WORK/cache"; out="$WORK/long.mp4"
rm -rf "$cache" "$out"
# shellcheck disable=SC2046
"$bin" new --audio "$WORK/show/long.mp3" --images $(cat "$WORK/show/images.txt") --fit-audio \
  -o "$WORK/long.project" >/dev/null 2>&1
sed -i 's/"normalize": false/"normalize": true/' "$WORK/long.project"

export_once() { # label
  local t0 t1 log="$WORK/$1.log"
  echo "== $1 (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  t0=$(date +%s.%N)
  SLIDEREEL_BENCH_RUSAGE=1 "$bin" render "$WORK/long.project" -o "$out" --resolution "$SIZE" \
    --cache-dir "$cache" >"$log" 2>&1
  t1=$(date +%s.%N)
  grep '^wrote' "$log" | tail -1
  grep -o '[0-9]* of [0-9]* segments reused' "$log" | tail -1 || true
  local ru; ru=$(grep '^rusage' "$log" | tail -1)
  local self=${ru#*self_cpu_s=}; self=${self%% *}
  local kids=${ru#*children_cpu_s=}; kids=${kids%% *}
  echo "$t0 $t1 $self $kids" | awk '{printf "   wall %.1f s, CPU %.1f s (ours %.1f, ffmpeg %.1f)\n", $2 - $1, $3 + $4, $3, $4}'
  echo "$t0 $t1" | awk '{print $2 - $1}' >"$WORK/$1.secs"
  echo "$self $kids" | awk '{print $1 + $2}' >"$WORK/$1.cpu"
}
export_once first
mid=$(printf '%04d' $((SLIDES / 2)))
photo="$WORK/show/img/$mid.jpg"
other=$(ls "$CORPUS"/photos/*.jpg | sed -n 7p)
rm -f "$photo" && cp "$other" "$photo" # a new file: the old one is a hard link into the corpus
touch "$photo"
export_once one-photo
ffprobe -v error -show_entries stream=codec_type,duration -of compact=p=0 "$out"
awk -v a="$(cat "$WORK/first.secs")" -v b="$(cat "$WORK/one-photo.secs")" \
  'BEGIN { printf "one photo replaced / first export, wall: %.1f s / %.1f s = %.3f (target < 0.05)\n", b, a, b / a }'
awk -v a="$(cat "$WORK/first.cpu")" -v b="$(cat "$WORK/one-photo.cpu")" \
  'BEGIN { printf "one photo replaced / first export, CPU: %.1f s / %.1f s = %.3f\n", b, a, b / a }'
