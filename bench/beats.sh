#!/usr/bin/env bash
# Beat snapping benchmark: generated tracks across 70-180 BPM plus tracks
# made with sox (drum loops of sox's own synthesis, mixed with a chord,
# encoded to MP3 and Ogg by ffmpeg). For each: the tempo found and the worst
# distance of a slide change from a true beat, in frames at 24 fps, for a
# 12-photo fit-to-audio show with snap off (the reference) and snap beats.
set -euo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# name: sox_BPM_FIRSTBEAT.ext (the benchmark reads the truth from the name)
make_sox() { # bpm first ext
	local bpm=$1 first=$2 ext=$3 b h
	b=$(awk -v t="$bpm" 'BEGIN{printf "%.6f", 60/t}')
	h=$(awk -v t="$bpm" 'BEGIN{printf "%.6f", 30/t}')
	sox -n -r 44100 -c 1 "$dir/k.wav" synth 0.14 sine 130-45 fade 0 0.14 0.12 vol 0.9
	sox -n -r 44100 -c 1 "$dir/s.wav" synth 0.09 whitenoise vol 0.3 highpass 6000 fade 0 0.09 0.08
	sox "$dir/k.wav" "$dir/k2.wav" pad 0 "$(awk -v h="$h" 'BEGIN{print h-0.14}')"
	sox "$dir/s.wav" "$dir/s2.wav" pad 0 "$(awk -v h="$h" 'BEGIN{print h-0.09}')"
	sox "$dir/k2.wav" "$dir/s2.wav" "$dir/unit.wav"
	sox "$dir/unit.wav" "$dir/loop.wav" repeat 80 pad "$first" 0
	sox -n -r 44100 -c 1 "$dir/pad.wav" synth 30 sine 220 sine 277 vol 0.1
	sox -m "$dir/loop.wav" "$dir/pad.wav" "$dir/mix.wav" trim 0 28
	ffmpeg -v error -y -i "$dir/mix.wav" "$dir/sox_${bpm}_${first}.$ext"
}
make_sox 96 0.40 mp3
make_sox 128 0.25 ogg
make_sox 150 0.60 mp3
go run ./bench/cmd/beats "$dir"
