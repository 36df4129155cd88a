// Command beats is the beat snapping benchmark (make bench-beats): it
// tracks the beat of generated music at 70-180 BPM and of the sox-made
// files in the folder given, lays out a 12-photo fit-to-audio show with
// snap off and with snap beats, and prints per track the tempo found and
// the worst distance of a slide change from a true beat in frames at
// 24 fps (the target: 1.5), and whether the show lasts exactly as
// long as the music.
package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/slidereel/slidereel/internal/beatgen"
	"github.com/slidereel/slidereel/project"
	"github.com/slidereel/slidereel/sound"
)

type track struct {
	name, path string
	beats      []float64 // the truth (none: no beat)
	seconds    float64
}

func main() {
	dir := os.TempDir()
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	tracks, err := tracksIn(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "beats:", err)
		os.Exit(1)
	}
	fmt.Printf("%-24s %6s %6s %9s %13s %13s %s\n", "track", "true", "found", "beat ms", "snap off: fr", "snap on: fr", "length")
	fail := false
	for _, tr := range tracks {
		fail = report(tr) || fail
	}
	if fail {
		os.Exit(1)
	}
}

func report(tr track) bool {
	bt, err := sound.TrackBeats(context.Background(), tr.path)
	if err != nil {
		fmt.Println(tr.name, err)
		return true
	}
	trueBPM := "none"
	if len(tr.beats) > 1 {
		trueBPM = fmt.Sprintf("%.1f", 60/(tr.beats[1]-tr.beats[0]))
	}
	found := "none"
	if bt.Clear {
		found = fmt.Sprintf("%.1f", bt.Tempo)
	}
	off, _ := layout(tr, bt, project.SnapOff)
	on, exact := layout(tr, bt, project.SnapBeats)
	length := "exact"
	if !exact {
		length = "WRONG"
	}
	fmt.Printf("%-24s %6s %6s %9s %13s %13s %s\n", tr.name, trueBPM, found, beatError(tr, bt), off, on, length)
	return !exact || (len(tr.beats) > 1) != bt.Clear
}

// beatError is the worst distance of a found beat from a true one, in
// milliseconds (the first and last second left out).
func beatError(tr track, bt *sound.BeatTrack) string {
	if len(tr.beats) == 0 || !bt.Clear {
		return "-"
	}
	worst := 0.0
	for _, b := range bt.Beats {
		if b < 1 || b > tr.seconds-1 {
			continue
		}
		d := math.Inf(1)
		for _, x := range tr.beats {
			d = math.Min(d, math.Abs(b-x))
		}
		worst = math.Max(worst, d)
	}
	return fmt.Sprintf("%.0f", worst*1000)
}

// layout returns the worst change error in frames and whether the show is
// exactly as long as the music.
func layout(tr track, bt *sound.BeatTrack, snap project.Snap) (string, bool) {
	p := project.New()
	p.Timing = project.TimingFitAudio
	p.Snap = snap
	p.Defaults.Transition = project.Transition{Kind: project.Cut}
	for i := range 12 {
		p.AddImages(fmt.Sprintf("%d.jpg", i))
	}
	tl := p.Timeline(project.MediaDurations{Music: tr.seconds, Beats: bt.Beats})
	exact := tl.Frames == int(math.Round(tr.seconds*24))
	if len(tr.beats) == 0 {
		return "-", exact
	}
	worst := 0.0
	for i := 1; i < len(tl.Spans); i++ {
		at := tl.FPS.Seconds(tl.Spans[i].Start)
		d := math.Inf(1)
		for _, b := range tr.beats {
			d = math.Min(d, math.Abs(at-b)*24)
		}
		worst = math.Max(worst, d)
	}
	return fmt.Sprintf("%.2f", worst), exact
}

func tracksIn(dir string) ([]track, error) {
	var out []track
	for i, bpm := range []float64{70, 80, 90, 100, 110, 120, 126, 140, 150, 160, 170, 180} {
		g := beatgen.Beat(bpm, 0.2+0.05*float64(i%7), 40, uint64(i))
		path := filepath.Join(dir, fmt.Sprintf("gen_%v.wav", bpm))
		if err := g.WriteWAV(path); err != nil {
			return nil, err
		}
		out = append(out, track{name: fmt.Sprintf("generated %v", bpm), path: path, beats: g.Beats, seconds: g.Seconds()})
	}
	nb := beatgen.NoBeat(40, 5)
	path := filepath.Join(dir, "gen_nobeat.wav")
	if err := nb.WriteWAV(path); err != nil {
		return nil, err
	}
	out = append(out, track{name: "generated no beat", path: path, seconds: nb.Seconds()})
	files, _ := filepath.Glob(filepath.Join(dir, "sox_*"))
	for _, f := range files {
		tr, err := soxTrack(f)
		if err != nil {
			return nil, err
		}
		out = append(out, tr)
	}
	return out, nil
}

// soxTrack reads the truth from a name sox_BPM_FIRST.ext and the length
// from the decoded file.
func soxTrack(path string) (track, error) {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	parts := strings.Split(base, "_")
	if len(parts) != 3 {
		return track{}, fmt.Errorf("%s: name is not sox_BPM_FIRST", path)
	}
	bpm, err1 := strconv.ParseFloat(parts[1], 64)
	first, err2 := strconv.ParseFloat(parts[2], 64)
	if err1 != nil || err2 != nil {
		return track{}, fmt.Errorf("%s: name is not sox_BPM_FIRST", path)
	}
	p := project.New()
	p.Soundtrack.Music = []project.MediaRef{{Path: path}}
	d, err := sound.Durations(context.Background(), p)
	if err != nil {
		return track{}, err
	}
	var beats []float64
	for t := first; t < d.Music; t += 60 / bpm {
		beats = append(beats, t)
	}
	return track{name: "sox " + filepath.Base(path), path: path, beats: beats, seconds: d.Music}, nil
}
