#!/usr/bin/env bash
# bench/longshow.sh [--minutes 60] [--slides 1000] [--sizes "640x360 1920x1080"] [--preset veryfast]
#
# The long-show benchmark (issue 12). For each frame size it renders, with
# loudness normalisation on and the music fitted to the show:
#
#   1. the long show: a MINUTES-long MP3 (default 60) under SLIDES photos
#      (default 1000), made by ../shared/bench/make_long_show.sh from the
#      corpus;
#   2. the reference: a 3-minute show of the same density (3-minute MP3,
#      SLIDES*3/MINUTES photos), in the same run.
#
# It prints for each the wall time, the peak of the summed RSS of slidereel
# and its ffmpeg children (bench/cmd/treerss), the video and audio stream
# durations (ffprobe; the long show's must both be exactly MINUTES*60 s),
# and the ratio long/short of the peak RSS (target: <= 1.15, and the long
# show <= 600 MB). The PCM cache is emptied before each long run, so its
# decode is part of the figure.
#
# Environment: CORPUS (default /tmp/corpus), WORK (default /tmp/slidereel-longshow),
# SHARED (default ../shared: make_corpus.sh and make_long_show.sh).
set -euo pipefail

. "$(dirname "$0")/lib.sh"
CORPUS=${CORPUS:-/tmp/corpus}
WORK=${WORK:-/tmp/slidereel-longshow}
MINUTES=60
SLIDES=1000
SIZES="640x360 1920x1080"
PRESET=veryfast
bench_options 2,22 minutes:MINUTES slides:SLIDES sizes:SIZES preset:PRESET -- "$@"

bench_need ffmpeg ffprobe sox go python3
mkdir -p "$WORK"
bench_corpus "$CORPUS"
SHORT_SLIDES=$((SLIDES * 3 / MINUTES))
echo "== the shows: $MINUTES min / $SLIDES slides and 3 min / $SHORT_SLIDES slides"
bench_long_show "$WORK/long" "$MINUTES" "$SLIDES"
bench_long_show "$WORK/short" 3 "$SHORT_SLIDES"

echo "== building the command line (bench/cmd: no editor, no Fyne)"
(cd "$ROOT" && go build -o "$WORK/bin/" ./bench/cmd/...)
BIN="$WORK/bin"
export SLIDEREEL_CACHE_DIR="$WORK/cache"

# project NAME SIZE: a fit-to-music project of show NAME with loudness
# normalisation on.
project() {
  "$BIN/slidereel-cli" new --audio "$WORK/$1/long.mp3" --images $(cat "$WORK/$1/images.txt") \
    --fit-audio --resolution "$2" -o "$WORK/$1-$2.project" >/dev/null 2>"$WORK/$1-$2.new.log"
  python3 - "$WORK/$1-$2.project" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
d["soundtrack"]["normalize"] = True
json.dump(d, open(p, "w"))
PY
}

# run NAME SIZE: render; prints "wall peak_tree_mb vdur adur".
run() {
  local out="$WORK/$1-$2.mp4"
  rm -rf "$out" "$WORK/cache" "$WORK/segcache"
  "$BIN/treerss" -label "$1-$2" -- "$BIN/slidereel-cli" render "$WORK/$1-$2.project" -o "$out" -q \
    --cache-dir "$WORK/segcache" --x264-preset "$PRESET" >"$WORK/$1-$2.log" 2>&1 ||
    { cat "$WORK/$1-$2.log" >&2; exit 1; }
  local line; line=$(grep "wall_s=" "$WORK/$1-$2.log" | tail -1)
  local wall=${line#*wall_s=}; wall=${wall%% *}
  local peak=${line#*peak_tree_mb=}; peak=${peak%% *}
  local v a
  v=$(ffprobe -v error -select_streams v:0 -show_entries stream=duration -of csv=p=0 "$out")
  a=$(ffprobe -v error -select_streams a:0 -show_entries stream=duration -of csv=p=0 "$out")
  rm -f "$out"
  echo "$wall $peak $v $a"
}

printf '%-10s %-6s %9s %12s %12s %12s\n' size show wall_s peak_rss_mb video_s audio_s
for size in $SIZES; do
  project long "$size"
  project short "$size"
  read -r sw sp sv sa < <(run short "$size")
  printf '%-10s %-6s %9s %12s %12s %12s\n' "$size" "3min" "$sw" "$sp" "$sv" "$sa"
  read -r lw lp lv la < <(run long "$size")
  printf '%-10s %-6s %9s %12s %12s %12s\n' "$size" "${MINUTES}min" "$lw" "$lp" "$lv" "$la"
  awk -v l="$lp" -v s="$sp" -v sz="$size" 'BEGIN { printf "%-10s long/short peak RSS ratio %.2f (target <= 1.15; long <= 600 MB)\n", sz, l / s }'
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
