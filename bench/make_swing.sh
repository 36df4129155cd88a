#!/usr/bin/env bash
# Makes sound/testdata/swing100.ogg, the beat tracker's "real-ish music"
# fixture (TestTrackBeatsSwing): 24 s at 100 BPM, the first beat at 0.5 s,
# of sox's own synthesis: kick on 1 and 3 with a ghost kick on the swung
# sixteenth before 3, snare on 2 and 4, hi-hats on every swung sixteenth
# (2:1 swing, accented on the beats), a syncopated bass (on 1, the swung
# sixteenth after 2, the "and" of 3, and anticipating the next bar) and a
# sustained chord. Run from the repository root; needs sox and ffmpeg.
set -euo pipefail
out=${1:-sound/testdata/swing100.ogg}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
R=44100
beat=0.6 # 100 BPM
bar=2.4
sox -n -r $R -c 1 "$d/kick.wav" synth 0.25 sine 120-45 fade 0 0.25 0.2 vol 0.9
sox -n -r $R -c 1 "$d/snare.wav" synth 0.18 whitenoise vol 0.5 bandpass 1800 1.2q fade 0 0.18 0.15
sox -n -r $R -c 1 "$d/hat.wav" synth 0.05 whitenoise vol 0.25 highpass 7000 fade 0 0.05 0.045
sox -n -r $R -c 1 "$d/bassA.wav" synth 0.35 sine 55 fade 0.01 0.35 0.2 vol 0.6
sox -n -r $R -c 1 "$d/bassD.wav" synth 0.25 sine 73.4 fade 0.01 0.25 0.15 vol 0.6
hits=()
place() { # file at vol
	local f=$1 at=$2 v=$3 n=${#hits[@]}
	sox -V1 -v "$v" "$d/$f.wav" "$d/h$n.wav" pad "$at" 0
	sox -V1 "$d/h$n.wav" "$d/p$n.wav" pad 0 "$(awk -v b=$bar -v a="$at" 'BEGIN{print b+0.5-a}')" trim 0 "$bar"
	hits+=("$d/p$n.wav")
}
place kick 0 1
place kick 1.2 1
place kick 1.1 0.5 # ghost: the swung sixteenth before beat 3
place snare 0.6 1
place snare 1.8 1
for k in 0 1 2 3 4 5 6 7; do # hats: swung sixteenths, 2:1 within each eighth
	for s in 0 0.2; do
		at=$(awk -v k=$k -v s=$s 'BEGIN{print k*0.3+s}')
		v=0.45
		[ "$s" = 0 ] && [ $((k % 2)) = 0 ] && v=1
		place hat "$at" "$v"
	done
done
place bassA 0 1
place bassD 1.1 1 # the swung sixteenth after 2
place bassA 1.5 0.9 # the "and" of 3
place bassD 2.3 0.8 # anticipating the next bar's 1
sox -m "${hits[@]}" "$d/bar.wav" vol 2
sox "$d/bar.wav" "$d/loop.wav" repeat 10 pad 0.5 0
sox -n -r $R -c 1 "$d/chord.wav" synth 27 sine 220 sine 261.6 sine 329.6 vol 0.06
sox -m "$d/loop.wav" "$d/chord.wav" "$d/mix.wav" trim 0 24 norm -1
ffmpeg -v error -y -i "$d/mix.wav" -ac 1 -ar 22050 -c:a libvorbis -q:a 2 "$out"
