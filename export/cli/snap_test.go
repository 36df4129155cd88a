package cli

import (
	"fmt"
	"image/color"
	"math"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/slidereel/slidereel/internal/testmedia"

	"github.com/slidereel/slidereel/internal/beatgen"
	"github.com/slidereel/slidereel/project"
)

// solidPhotos writes n photos of distinct flat colours.
func solidPhotos(t *testing.T, dir string, n int) []string {
	var out []string
	for i := range n {
		v := uint8(20 + 200*(i%2) + (i*7)%30)
		path := testmedia.WritePNG(t, filepath.Join(dir, fmt.Sprintf("%02d.png", i)), testmedia.Solid(64, 48, color.Gray{Y: v}))
		out = append(out, path)
	}
	return out
}

// changes decodes the video to one grey value per frame and returns the
// frames where the picture changes.
func changes(t *testing.T, video string) (cuts []int, n int) {
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", video, "-vf", "scale=2:2", "-f", "rawvideo", "-pix_fmt", "gray", "-").Output()
	if err != nil {
		t.Fatalf("decode %s: %v", video, err)
	}
	n = len(out) / 4
	for i := 1; i < n; i++ {
		if math.Abs(float64(out[4*i])-float64(out[4*(i-1)])) > 40 {
			cuts = append(cuts, i)
		}
	}
	return cuts, n
}

// TestRenderSnapBeats: photos with cuts on generated music, --snap beats:
// every slide change within 1.5 frames of a true beat, the video exactly
// as long as the music.
func TestRenderSnapBeats(t *testing.T) {
	needFFmpeg(t)
	for i, bpm := range []float64{72, 126, 175} {
		dir := t.TempDir()
		tr := beatgen.Beat(bpm, 0.31+0.1*float64(i), 14, uint64(i))
		music := filepath.Join(dir, "m.wav")
		if err := tr.WriteWAV(music); err != nil {
			t.Fatal(err)
		}
		photos := solidPhotos(t, dir, 12)
		out := filepath.Join(dir, "out.mp4")
		args := append([]string{"render", "--audio", music, "--snap", "beats", "--transition", "0",
			"--resolution", "64x36", "--fps", "24", "-q", "-o", out, "--images"}, photos...)
		if code, _, stderr := run(t, args...); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		cuts, n := changes(t, out)
		if want := int(math.Round(tr.Seconds() * 24)); n != want {
			t.Errorf("%v BPM: %d frames, want %d (the music's length)", bpm, n, want)
		}
		if len(cuts) != 11 {
			t.Fatalf("%v BPM: %d slide changes seen, want 11: %v", bpm, len(cuts), cuts)
		}
		worst := 0.0
		for _, c := range cuts {
			d := math.Inf(1)
			for _, b := range tr.Beats {
				d = math.Min(d, math.Abs(float64(c)/24-b)*24)
			}
			worst = math.Max(worst, d)
		}
		t.Logf("%v BPM: worst change %.2f frames from a beat", bpm, worst)
		if worst > 1.5 {
			t.Errorf("%v BPM: a slide change %.2f frames from the nearest beat", bpm, worst)
		}
	}
}

func TestNewDirectionAndSnap(t *testing.T) {
	dir := t.TempDir()
	photos := solidPhotos(t, dir, 2)
	out := filepath.Join(dir, "x.project")
	args := append([]string{"new", "--direction", "subject", "--snap", "bars", "-o", out, "--images"}, photos...)
	if code, _, stderr := run(t, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	p, err := project.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if p.Defaults.Direction != project.DirSubject || p.Snap != project.SnapBars {
		t.Errorf("direction %q snap %q", p.Defaults.Direction, p.Snap)
	}
	args = append([]string{"new", "--snap", "often", "-o", out, "--images"}, photos...)
	if code, _, stderr := run(t, args...); code != ExitUsage {
		t.Errorf("--snap often: exit %d (%s)", code, stderr)
	}
}
