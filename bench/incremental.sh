#!/usr/bin/env bash
# bench/incremental.sh [--runs N]
#
# The incremental export benchmark (issue 16). The show: 40 slides (the 20
# corpus photos, each used twice as separate files), the 60 s narration,
# 1280x720 at 30 fps, 0.5 s crossfades, Ken Burns zoom 1.1, slides fitted
# to the sound (1.99 s each), libx264 veryfast crf 20 (the standard
# quality). Each run, in order:
#
#   1. first export into an empty segment cache (every segment encoded);
#   2. the same export again, nothing changed (target <= 0.15 of 1);
#   3. one photo (slide 17) replaced by another picture, export again
#      (target <= 0.25 of 1);
#
# and it checks that the frames of 3 outside the re-encoded segments decode
# bit-identical to those of 1 (framemd5), and that 3 has the same frame
# count as 1. The ratios of the median times over --runs (default 3) are
# printed. The machine's load average is printed with each run: wall times
# are only comparable on an otherwise idle machine.
#
# Environment: CORPUS (default /tmp/corpus), WORK (default
# /tmp/slidereel-incr).
set -euo pipefail

. "$(dirname "$0")/lib.sh"
CORPUS=${CORPUS:-/tmp/corpus}
WORK=${WORK:-/tmp/slidereel-incr}
RUNS=3
bench_options 2,24 runs:RUNS -- "$@"
bench_need ffmpeg ffprobe go

mkdir -p "$WORK"
bench_corpus "$CORPUS"
echo "== building the command line"
(cd "$ROOT" && go build -o "$WORK/bin/" ./bench/cmd/slidereel-cli)
CLI="$WORK/bin/slidereel-cli"

# 40 photo files: the corpus twice, as distinct files.
rm -rf "$WORK/photos"; mkdir -p "$WORK/photos"
i=0
for round in 1 2; do
  for f in "$CORPUS"/photos/photo_*.jpg; do
    i=$((i + 1)); cp "$f" "$WORK/photos/$(printf 'slide_%02d.jpg' $i)"
  done
done
CHANGED="$WORK/photos/slide_17.jpg"
cp "$CHANGED" "$WORK/slide_17.orig.jpg"
"$CLI" new --audio "$CORPUS/audio/narration.wav" --images "$WORK"/photos/slide_*.jpg \
  --fps 30 --resolution 1280x720 --transition 0.5 --zoom 1.1 -o "$WORK/show.project" >/dev/null

now() { date +%s.%N; }
# render OUT: one export through the benchmark's cache; prints seconds.
render() {
  local t0; t0=$(now)
  "$CLI" render "$WORK/show.project" -o "$1" --quality standard --cache-dir "$WORK/segcache" 2>"$1.log" >/dev/null
  awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'
}
reused() { grep -o '[0-9]* of [0-9]* segments reused' "$1.log" | tail -1; }
md5s() { ffmpeg -v error -i "file:$1" -map 0:v -f framemd5 - | grep -v '^#' | awk -F, '{print $NF}'; }
median() { sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

: >"$WORK/t1"; : >"$WORK/t2"; : >"$WORK/t3"
echo "  run  first     unchanged        one photo replaced   load average"
for r in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/segcache"
  cp "$WORK/slide_17.orig.jpg" "$CHANGED"
  LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
  T1=$(render "$WORK/first.mp4")
  T2=$(render "$WORK/again.mp4")
  R2=$(reused "$WORK/again.mp4")
  cp "$CORPUS/photos/photo_05.jpg" "$CHANGED" # a different picture
  T3=$(render "$WORK/changed.mp4")
  R3=$(reused "$WORK/changed.mp4")
  printf '  %3d  %6.2f s  %6.2f s (%s)  %6.2f s (%s)  %s\n' "$r" "$T1" "$T2" "$R2" "$T3" "$R3" "$LOAD"
  echo "$T1" >>"$WORK/t1"; echo "$T2" >>"$WORK/t2"; echo "$T3" >>"$WORK/t3"
done
cp "$WORK/slide_17.orig.jpg" "$CHANGED"

md5s "$WORK/first.mp4" >"$WORK/first.md5"
md5s "$WORK/changed.mp4" >"$WORK/changed.md5"
N1=$(wc -l <"$WORK/first.md5"); N3=$(wc -l <"$WORK/changed.md5")
# The differing frames must be one run around slide 17 (its segments).
DIFF=$(paste -d' ' "$WORK/first.md5" "$WORK/changed.md5" | awk '$1 != $2 {print NR - 1}')
ND=$(echo "$DIFF" | grep -c . || true)
FIRST=$(echo "$DIFF" | head -1); LAST=$(echo "$DIFF" | tail -1)
CONTIG=$(awk -v a="${FIRST:-0}" -v b="${LAST:-0}" -v n="$ND" 'BEGIN { print (n == 0 || b - a + 1 == n) ? "yes" : "no" }')

M1=$(median <"$WORK/t1"); M2=$(median <"$WORK/t2"); M3=$(median <"$WORK/t3")
echo
echo "== incremental export: 40 slides, $N1 frames 1280x720@30, libx264 veryfast crf 20 ($(nproc) cores)"
printf '  first export (empty cache)  %7.2f s (median of %d)\n' "$M1" "$RUNS"
printf '  nothing changed             %7.2f s   ratio %s  (target <= 0.15)\n' "$M2" "$(awk -v a="$M2" -v b="$M1" 'BEGIN { printf "%.3f", a / b }')"
printf '  one photo replaced          %7.2f s   ratio %s  (target <= 0.25)\n' "$M3" "$(awk -v a="$M3" -v b="$M1" 'BEGIN { printf "%.3f", a / b }')"
printf '  frames: first %d, after the change %d; %d differ, frames %s-%s (%.2f-%.2f s), one run: %s\n' \
  "$N1" "$N3" "$ND" "${FIRST:--}" "${LAST:--}" "$(awk -v f="${FIRST:-0}" 'BEGIN{print f/30}')" "$(awk -v f="${LAST:-0}" 'BEGIN{print f/30}')" "$CONTIG"
echo "  slide 17 is on screen around $(awk 'BEGIN { printf "%.1f-%.1f", 16 * 1.4875, 17 * 1.4875 + 0.5 }') s"
[ "$N1" = "$N3" ] && [ "$CONTIG" = yes ] && [ "$ND" -gt 0 ] || { echo "  CHECK FAILED: frames outside the changed segments differ or counts differ" >&2; exit 1; }
echo "  unchanged frames bit-identical: yes"
