#!/usr/bin/env bash
# bench/export.sh [--runs N] [--audio wav|mp3] [--keep] [--large N] [--no-standard]
#
# The export benchmark (issue 5). In one run it times:
#
#   1. slidereel: `slidereel render` of the standard job (the 20 corpus photos
#      of 4000x3000 in order, the 60 s narration, 1920x1080 at 30 fps, 3 s
#      slides, 0.5 s crossfades, Ken Burns zoom 1.1, video length = audio
#      length, libx264 veryfast crf 20, AAC 192k);
#   2. the encoder ceiling: ffmpeg alone encoding the same number of raw
#      yuv420p 1080p frames piped into its stdin with the same x264 settings
#      (no audio). The frames are the job's own frames, rendered once to a
#      file before timing, so the encoder sees the same content; `cat` from
#      the page cache feeds them.
#
# The two alternate --runs times (default 3), so a slow moment of the
# machine hits both, and the medians are compared.
#
# It prints both wall times, their ratio (target <= 1.15), peak memory
# (target <= 600 MB): the summed RSS of slidereel and its ffmpeg child,
# sampled by bench/cmd/treerss, and /usr/bin/time -v's maximum RSS (largest
# single process).
#
# --large N also renders N photos of 6000x4000 (1 s slides, no audio) and
# compares the peak memory with a 20-photo run of the same kind: memory must
# not grow with the number of photos. Making the large corpus costs ~2.5 s
# of CPU per photo.
#
# Environment: CORPUS (default /tmp/corpus), LARGE_CORPUS (default
# /tmp/corpus-large), WORK (default /tmp/slidereel-bench). The corpus is made with ../shared/bench/make_corpus.sh
# when missing. The raw reference frames (~5.6 GB) are deleted at the end
# unless --keep.
set -euo pipefail

. "$(dirname "$0")/lib.sh"
CORPUS=${CORPUS:-/tmp/corpus}
WORK=${WORK:-/tmp/slidereel-bench}
AUDIO_KIND=mp3
KEEP=0
LARGE=0
STANDARD=1
RUNS=3
bench_options 2,35 audio:AUDIO_KIND keep:KEEP=1 runs:RUNS large:LARGE no-standard:STANDARD=0 -- "$@"

bench_need "ffmpeg(apt-get install ffmpeg)" "ffprobe(apt-get install ffmpeg)" "go(https://go.dev/dl)"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is required (apt-get install time)" >&2; exit 1; }

mkdir -p "$WORK"
bench_corpus "$CORPUS"
AUDIO="$CORPUS/audio/narration.$AUDIO_KIND"

echo "== building the command line (bench/cmd: no editor, no Fyne)"
(cd "$ROOT" && go build -o "$WORK/bin/" ./bench/cmd/...)
BIN="$WORK/bin"

# result LABEL LOGFILE: echoes "wall peak_tree" from treerss's line.
result() { grep "^$1 wall_s=" "$2" | tail -1 | sed -E 's/.*wall_s=([0-9.]+) peak_tree_mb=([0-9.]+).*/\1 \2/'; }
atpeak() { grep "^$1 wall_s=" "$2" | tail -1 | sed -E 's/.*at_peak=\[(.*)\].*/\1/'; }
maxrss() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$1"; }
cpusec() { awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$1"; }

if [ "$STANDARD" = 1 ]; then
echo "== the standard job"
"$BIN/slidereel-cli" new --audio "$AUDIO" --images "$CORPUS"/photos/photo_*.jpg \
  --fps 30 --resolution 1920x1080 --slide-duration 3 --transition 0.5 --ken-burns=true --zoom 1.1 \
  -o "$WORK/job.project" >/dev/null


# ours N / ceiling N: one timed run each; results go to $WORK/*_N files.
ours() {
  echo "== run $1/$RUNS: slidereel render (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  rm -rf "$WORK/ours.mp4" "$WORK/segcache"
  # An empty segment cache each run: every segment is encoded.
  "$BIN/treerss" -label "slidereel$1" -- /usr/bin/time -v -o "$WORK/time_ours_$1.txt" \
    "$BIN/slidereel-cli" render "$WORK/job.project" -o "$WORK/ours.mp4" -q --cache-dir "$WORK/segcache" \
    --crf 20 --x264-preset veryfast --encoder libx264 --audio-bitrate 192k 2> >(tee "$WORK/ours_$1.log" >&2)
  sleep 0.2 # let tee finish
}
ceiling() {
  echo "== run $1/$RUNS: encoder ceiling, ffmpeg encoding $FRAMES raw frames from stdin (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  "$BIN/treerss" -label "ceiling$1" -- /usr/bin/time -v -o "$WORK/time_ref_$1.txt" sh -c '
    cat "$1" | ffmpeg -hide_banner -nostdin -loglevel error -f rawvideo -pix_fmt yuv420p \
      -video_size 1920x1080 -framerate 30 -i pipe:0 -c:v libx264 -preset veryfast -crf 20 \
      -pix_fmt yuv420p -colorspace bt709 -color_primaries bt709 -color_trc bt709 -color_range tv \
      -movflags +faststart -y "$2"' sh "$WORK/ref.yuv" "$WORK/ref.mp4" 2> >(tee "$WORK/ref_$1.log" >&2)
  sleep 0.2
}
median() { sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

for i in $(seq 1 "$RUNS"); do
  ours "$i"
  if [ "$i" = 1 ]; then
    FRAMES=$(ffprobe -v error -select_streams v:0 -show_entries stream=nb_frames -of csv=p=0 "$WORK/ours.mp4")
    VDUR=$(ffprobe -v error -select_streams v:0 -show_entries stream=duration -of csv=p=0 "$WORK/ours.mp4")
    ADUR=$(ffprobe -v error -select_streams a:0 -show_entries stream=duration -of csv=p=0 "$WORK/ours.mp4")
    echo "== rendering the job's $FRAMES frames to raw yuv420p (not part of the ceiling; its CPU time is the renderer's share)"
    /usr/bin/time -v -o "$WORK/time_frames.txt" "$BIN/rawframes" -o "$WORK/ref.yuv" "$WORK/job.project" >/dev/null
    FRAMES_CPU=$(cpusec "$WORK/time_frames.txt")
    cat "$WORK/ref.yuv" >/dev/null # into the page cache
  fi
  ceiling "$i"
done
REF_FRAMES=$(ffprobe -v error -select_streams v:0 -show_entries stream=nb_frames -of csv=p=0 "$WORK/ref.mp4")
[ "$KEEP" = 1 ] || rm -f "$WORK/ref.yuv"

echo
echo "== export benchmark: standard job, $FRAMES frames 1920x1080@30 (video ${VDUR}s, audio ${ADUR}s), libx264 veryfast crf 20"
echo "  run  slidereel   ceiling   ratio   CPU slidereel  CPU ceiling   peak memory slidereel / ceiling"
for i in $(seq 1 "$RUNS"); do
  read -r O OT < <(result "slidereel$i" "$WORK/ours_$i.log")
  read -r R RT < <(result "ceiling$i" "$WORK/ref_$i.log")
  OC=$(cpusec "$WORK/time_ours_$i.txt"); RC=$(cpusec "$WORK/time_ref_$i.txt")
  printf '  %3d  %7.2f s %7.2f s   %5.3f   %7.1f s    %7.1f s     %6.1f MB / %6.1f MB\n' "$i" "$O" "$R" \
    "$(awk -v a="$O" -v b="$R" 'BEGIN { print a / b }')" "$OC" "$RC" "$OT" "$RT"
  echo "$O" >>"$WORK/o.txt"; echo "$R" >>"$WORK/r.txt"; echo "$OT" >>"$WORK/ot.txt"
  echo "$OC" >>"$WORK/oc.txt"; echo "$RC" >>"$WORK/rc.txt"
done
OURS=$(median <"$WORK/o.txt"); REF=$(median <"$WORK/r.txt")
OURS_CPU=$(median <"$WORK/oc.txt"); REF_CPU=$(median <"$WORK/rc.txt")
OURS_TREE=$(sort -g "$WORK/ot.txt" | tail -1)
OURS_MAX=$(maxrss "$WORK/time_ours_1.txt")
REF_MAX=$(maxrss "$WORK/time_ref_1.txt")
rm -f "$WORK"/{o,r,ot,oc,rc}.txt
RATIO=$(awk -v a="$OURS" -v b="$REF" 'BEGIN { printf "%.3f", a / b }')
echo
printf '  slidereel render      %7.2f s   (median of %d)   peak memory %7.1f MB (slidereel+ffmpeg, sampled, highest run); max RSS of one process %s MB\n' "$OURS" "$RUNS" "$OURS_TREE" "$OURS_MAX"
printf '                                   at the peak of run 1: %s\n' "$(atpeak slidereel1 "$WORK/ours_1.log")"
printf '  encoder ceiling       %7.2f s   (median of %d)   max RSS %s MB (%s frames)\n' "$REF" "$RUNS" "$REF_MAX" "$REF_FRAMES"
printf '  ratio                 %7s     (target <= 1.15)\n' "$RATIO"
CPU_RATIO=$(awk -v a="$OURS_CPU" -v b="$REF_CPU" 'BEGIN { printf "%.3f", a / b }')
printf '  CPU time (user+sys)   slidereel %s s, ceiling %s s (medians), ratio %s; rendering the frames alone: %s s\n' "$OURS_CPU" "$REF_CPU" "$CPU_RATIO" "$FRAMES_CPU"
echo "  (wall times are only comparable on an otherwise idle machine; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
awk -v r="$RATIO" -v m="$OURS_TREE" 'BEGIN {
  printf "  speed target  %s\n", (r <= 1.15 ? "met" : "NOT met");
  printf "  memory target %s\n", (m <= 600 ? "met" : "NOT met") }'
fi

if [ "$LARGE" -gt 0 ]; then
  # A corpus of its own: make_corpus.sh rewrites the standard files too,
  # which others may be reading from $CORPUS.
  LCORPUS=${LARGE_CORPUS:-/tmp/corpus-large}
  if [ "$(ls "$LCORPUS"/large/large_*.jpg 2>/dev/null | wc -l)" -lt "$LARGE" ]; then
    echo "== making $LARGE large photos in $LCORPUS (slow)"
    bash "$SHARED/bench/make_corpus.sh" "$LCORPUS" --large --large-count "$LARGE"
  fi
  echo "== memory scale: 20 vs $LARGE photos of 6000x4000, 1 s slides"
  for n in 20 "$LARGE"; do
    mapfile -t imgs < <(ls "$LCORPUS"/large/large_*.jpg | head -n "$n")
    "$BIN/treerss" -label "large$n" -- "$BIN/slidereel-cli" render --images "${imgs[@]}" \
      --fps 30 --resolution 1920x1080 --slide-duration 1 --transition 0.25 --zoom 1.1 \
      --quality draft -q -o "$WORK/large$n.mp4" 2> >(tee "$WORK/large$n.log" >&2)
    sleep 0.2
    read -r W M < <(result "large$n" "$WORK/large$n.log")
    printf '  %4d photos  %7.2f s   peak memory %7.1f MB\n' "$n" "$W" "$M"
  done
fi
