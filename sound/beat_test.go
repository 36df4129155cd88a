package sound

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/slidereel/slidereel/internal/beatgen"
)

// nearest returns the distance from t to the nearest of beats.
func nearest(t float64, beats []float64) float64 {
	d := math.Inf(1)
	for _, b := range beats {
		d = math.Min(d, math.Abs(b-t))
	}
	return d
}

func TestTrackBeatsGenerated(t *testing.T) {
	needFFmpeg(t)
	for i, bpm := range []float64{70, 84, 100, 126, 140, 160, 180} {
		tr := beatgen.Beat(bpm, 0.23+0.07*float64(i), 30, uint64(i))
		path := filepath.Join(t.TempDir(), fmt.Sprintf("b%v.wav", bpm))
		if err := tr.WriteWAV(path); err != nil {
			t.Fatal(err)
		}
		bt, err := TrackBeats(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		if !bt.Clear || math.Abs(bt.Tempo-bpm)/bpm > 0.02 {
			t.Errorf("%v BPM: found clear=%v tempo %.1f (strength %.2f)", bpm, bt.Clear, bt.Tempo, bt.Strength)
			continue
		}
		worst, missed := 0.0, 0
		for _, b := range bt.Beats {
			if b > 1 && b < tr.Seconds()-1 {
				worst = math.Max(worst, nearest(b, tr.Beats))
			}
		}
		for _, b := range tr.Beats {
			if b > 1 && b < tr.Seconds()-1 && nearest(b, bt.Beats) > 0.025 {
				missed++
			}
		}
		t.Logf("%v BPM: tempo %.2f, %d beats, worst %.1f ms, %d missed", bpm, bt.Tempo, len(bt.Beats), worst*1000, missed)
		if worst > 0.025 || missed > 0 {
			t.Errorf("%v BPM: a beat %.1f ms off, %d true beats missed", bpm, worst*1000, missed)
		}
	}
}

func TestTrackBeatsNoBeat(t *testing.T) {
	needFFmpeg(t)
	for seed := uint64(1); seed <= 3; seed++ {
		path := filepath.Join(t.TempDir(), "nobeat.wav")
		if err := beatgen.NoBeat(30, seed).WriteWAV(path); err != nil {
			t.Fatal(err)
		}
		bt, err := TrackBeats(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		if bt.Clear || len(bt.Beats) > 0 {
			t.Errorf("seed %d: a beat at %.1f BPM (strength %.2f) in music without one", seed, bt.Tempo, bt.Strength)
		}
	}
}

// TestTrackBeatsSwing: a swung groove made with sox (bench/make_swing.sh:
// hi-hats on every swung sixteenth, a syncopated bass, a ghost kick, a
// chord; 100 BPM, the first beat at 0.5 s) encoded to Ogg Vorbis. The main
// pulse must be found, not the hi-hats' or the bar's.
func TestTrackBeatsSwing(t *testing.T) {
	needFFmpeg(t)
	bt, err := TrackBeats(context.Background(), filepath.Join("testdata", "swing100.ogg"))
	if err != nil {
		t.Fatal(err)
	}
	if !bt.Clear || math.Abs(bt.Tempo-100)/100 > 0.02 {
		t.Fatalf("found clear=%v tempo %.1f (strength %.2f), want 100 BPM", bt.Clear, bt.Tempo, bt.Strength)
	}
	var truth []float64
	for b := 0.5; b < 24; b += 0.6 {
		truth = append(truth, b)
	}
	worst, missed := 0.0, 0
	for _, b := range bt.Beats {
		if b > 1 && b < 23 {
			worst = math.Max(worst, nearest(b, truth))
		}
	}
	for _, b := range truth {
		if b > 1 && b < 23 && nearest(b, bt.Beats) > 0.025 {
			missed++
		}
	}
	t.Logf("tempo %.2f, %d beats, worst %.1f ms, %d missed", bt.Tempo, len(bt.Beats), worst*1000, missed)
	if worst > 0.025 || missed > 0 {
		t.Errorf("a beat %.1f ms off, %d true beats missed", worst*1000, missed)
	}
}
