package export

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestRunsOf(t *testing.T) {
	segs := []Segment{{0, 25, "a"}, {25, 45, "b"}, {65, 85, "d"}, {85, 105, "e"}, {125, 130, "g"}}
	lens := func(runs [][]Segment) (n []int) {
		for _, r := range runs {
			n = append(n, len(r))
		}
		return n
	}
	if got := lens(runsOf(segs, EncoderX264)); !equalInts(got, []int{2, 2, 1}) {
		t.Errorf("libx264 runs %v, want [2 2 1] (a gap ends a run)", got)
	}
	if got := lens(runsOf(segs, EncoderNVENC)); !equalInts(got, []int{1, 1, 1, 1, 1}) {
		t.Errorf("nvenc runs %v, want runs of one", got)
	}
	if got := runsOf(nil, EncoderX264); len(got) != 0 {
		t.Errorf("no segments: %d runs", len(got))
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestRunSegmentsLikeAlone: an empty cache is filled by one ffmpeg, and each
// of its files is a whole segment, as if encoded alone: its own frames
// from time 0, an IDR frame first, and pictures that match the segment
// encoded alone to within the encoder's noise.
func TestRunSegmentsLikeAlone(t *testing.T) {
	dir, p, runCache, s := segSetup(t, 6, "run.mp4")
	s.X264Preset = "veryfast" // B-frames and lookahead, as in a real export
	runs := runEncodes.Load()
	if err := ExportSegments(context.Background(), p, s, SegmentOptions{Cache: runCache}, nil); err != nil {
		t.Fatal(err)
	}
	if n := runEncodes.Load() - runs; n != 1 {
		t.Fatalf("an export with an empty cache ran %d runs, want 1", n)
	}
	segs, _, _, err := PlanSegments(context.Background(), p, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	aloneCache := openCache(t, filepath.Join(dir, "alone"))
	alone := s
	alone.Output = filepath.Join(dir, "alone.mp4")
	encodeInRuns = false
	err = ExportSegments(context.Background(), p, alone, SegmentOptions{Cache: aloneCache}, nil)
	encodeInRuns = true
	if err != nil {
		t.Fatal(err)
	}
	for _, sg := range segs {
		path := runCache.Path(sg.Key)
		checkTimestamps(t, path, sg.Frames(), s.FPS)
		out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=flags",
			"-of", "csv=p=0", "file:"+path).Output()
		if err != nil {
			t.Fatal(err)
		}
		if first, _, _ := strings.Cut(string(out), "\n"); !strings.HasPrefix(first, "K") {
			t.Errorf("segment %d-%d starts with packet flags %q, want a keyframe", sg.Start, sg.End, first)
		}
		db := psnr(t, path, aloneCache.Path(sg.Key))
		t.Logf("segment %d-%d: %.1f dB", sg.Start, sg.End, db)
		if db < 35 {
			t.Errorf("segment %d-%d: PSNR %.1f dB against the segment encoded alone, want >= 35", sg.Start, sg.End, db)
		}
	}
	if a, b := frameMD5s(t, s.Output), frameMD5s(t, alone.Output); len(a) != len(b) || len(a) != 125 {
		t.Errorf("%d and %d frames, want 125", len(a), len(b))
	}
}

var psnrAverage = regexp.MustCompile(`average:([0-9.]+|inf)`)

// psnr returns the average PSNR of a's frames against b's.
func psnr(t *testing.T, a, b string) float64 {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-hide_banner", "-i", "file:"+a, "-i", "file:"+b, "-lavfi", "psnr", "-f", "null", "-").CombinedOutput()
	if err != nil {
		t.Fatalf("psnr: %v: %s", err, out)
	}
	m := psnrAverage.FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("no PSNR in %s", out)
	}
	if m[1] == "inf" {
		return 100
	}
	return atof(t, m[1])
}

// The harvester reads only what the muxer appended since its last look,
// and only whole lines: a line being written is read once it is finished.
func TestRunHarvestReadsTheListIncrementally(t *testing.T) {
	h := &runHarvest{list: filepath.Join(t.TempDir(), "list.csv")}
	if err := h.readList(); err != nil || len(h.listed) != 0 {
		t.Fatalf("no list yet: %v %v", h.listed, err)
	}
	appendTo := func(s string) {
		t.Helper()
		f, err := os.OpenFile(h.list, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(s)
		f.Close()
	}
	appendTo(".run-1-00000.mp4,0.000000,1.041667\n\"a,b.mp4\",1.041667,2.5\n.run-1-00002.mp4,2.5,")
	if err := h.readList(); err != nil || len(h.listed) != 2 || h.listed[1] != [2]float64{1.041667, 2.5} {
		t.Fatalf("after two whole lines and a part: %v %v", h.listed, err)
	}
	appendTo("3.75\n")
	if err := h.readList(); err != nil || len(h.listed) != 3 || h.listed[2] != [2]float64{2.5, 3.75} {
		t.Fatalf("after the line was finished: %v %v", h.listed, err)
	}
	if err := h.readList(); err != nil || len(h.listed) != 3 {
		t.Fatalf("nothing new was read twice: %v %v", h.listed, err)
	}
}
