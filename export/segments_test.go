package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slidereel/slidereel/project"
)

// segProject makes a project of n photos of 5 s each with 1 s crossfades
// at 5 fps in dir. Its segments (MinSegmentSeconds = 4) are [0,25),
// [25,45), [45,65), ...: segment k shows slide k alone and the
// crossfade into slide k+1, so slide j (0 < j < n-1) is in segments j-1
// and j.
// segSetup makes a project of n slides in a temporary folder, an empty
// segment cache there and the tiny settings (5 fps) of an export to name
// in that folder. It needs ffmpeg.
func segSetup(t *testing.T, n int, name string) (dir string, p *project.Project, cache *SegmentCache, s Settings) {
	t.Helper()
	needFFmpeg(t)
	dir = t.TempDir()
	p = segProject(t, dir, n)
	cache = openCache(t, filepath.Join(dir, "cache"))
	s = tinySettings(filepath.Join(dir, name))
	s.FPS = 5
	return dir, p, cache, s
}

// openCache opens an unbounded-by-default segment cache in dir.
func openCache(t *testing.T, dir string) *SegmentCache {
	t.Helper()
	c, err := OpenSegmentCache(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func segProject(t *testing.T, dir string, n int) *project.Project {
	t.Helper()
	p := project.New()
	p.Output = project.Output{Width: 160, Height: 90, FPS: 5}
	p.Defaults.Duration = 5
	p.Defaults.Transition = project.Transition{Kind: project.Crossfade, Duration: 1}
	for i := range n {
		path := filepath.Join(dir, fmt.Sprintf("p%d.jpg", i))
		writePhoto(t, path, 64, 48, i+1)
		p.AddImages(path)
	}
	music := filepath.Join(dir, "tone.wav")
	writeWAV(t, music, 44100, 3)
	p.Soundtrack.Music = []project.MediaRef{{Path: music}}
	return p
}

func segmentKeys(t *testing.T, p *project.Project, s Settings) []string {
	t.Helper()
	tl := p.Timeline(project.MediaDurations{Music: 3})
	segs, err := Segments(p, tl, s, NewContentHashes())
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, len(segs))
	for i, sg := range segs {
		keys[i] = sg.Key
	}
	return keys
}

func TestSegmentPlan(t *testing.T) {
	p := segProject(t, t.TempDir(), 6)
	tl := p.Timeline(project.MediaDurations{Music: 3})
	s := tinySettings("x.mp4")
	s.FPS = 5
	segs, err := Segments(p, tl, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]int
	for _, sg := range segs {
		got = append(got, [2]int{sg.Start, sg.End})
	}
	want := [][2]int{{0, 25}, {25, 45}, {45, 65}, {65, 85}, {85, 105}, {105, 125}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("segments %v, want %v", got, want)
	}
}

// TestSegmentKeysChangeExactly changes each input of the frames, one at a
// time, and checks that exactly the segments showing it get a new key.
func TestSegmentKeysChangeExactly(t *testing.T) {
	dir := t.TempDir()
	base := segProject(t, dir, 6)
	s := tinySettings("x.mp4")
	s.FPS = 5
	ref := segmentKeys(t, base, s)
	all := []int{0, 1, 2, 3, 4, 5}
	f := func(v float64) *float64 { return &v }
	cases := []struct {
		name   string
		edit   func(p *project.Project, s *Settings)
		change []int
	}{
		{"nothing", func(*project.Project, *Settings) {}, nil},
		{"photo content, same size and mtime", func(p *project.Project, _ *Settings) {
			path := p.Slides[2].Image.Path
			st, _ := os.Stat(path)
			writePhoto(t, path, 64, 48, 7)
			os.Chtimes(path, st.ModTime(), st.ModTime())
		}, []int{1, 2}},
		{"photo path", func(p *project.Project, _ *Settings) {
			np := filepath.Join(dir, "other.jpg")
			writePhoto(t, np, 64, 48, 8)
			p.Slides[3].Image.Path = np
		}, []int{2, 3}},
		{"motion rectangles", func(p *project.Project, _ *Settings) {
			p.Slides[2].Motion = &project.Motion{Start: project.Rect{X: 0, Y: 0, W: 0.5, H: 0.5}, End: project.Rect{X: 0.5, Y: 0.5, W: 0.5, H: 0.5}}
		}, []int{1, 2}},
		{"zoom", func(p *project.Project, _ *Settings) { p.Slides[4].Zoom = f(1.5) }, []int{3, 4}},
		{"caption", func(p *project.Project, _ *Settings) { p.Slides[2].Caption = "hello" }, []int{1, 2}},
		{"fit", func(p *project.Project, _ *Settings) { ft := project.FitColor; p.Slides[2].Fit = &ft }, []int{1, 2}},
		{"transition kind out of slide 2", func(p *project.Project, _ *Settings) {
			p.Slides[2].Transition = &project.Transition{Kind: project.FadeBlack, Duration: 1}
		}, []int{2}},
		{"first slide", func(p *project.Project, _ *Settings) { p.Slides[0].Caption = "first" }, []int{0}},
		{"last slide", func(p *project.Project, _ *Settings) { p.Slides[5].Caption = "last" }, []int{4, 5}},
		{"background", func(p *project.Project, _ *Settings) { p.Background.Color = "#ff0000" }, all},
		{"caption style", func(p *project.Project, _ *Settings) { p.Caption.Size = 0.1 }, all},
		{"crf", func(_ *project.Project, s *Settings) { s.CRF++ }, all},
		{"preset", func(_ *project.Project, s *Settings) { s.X264Preset = "veryfast" }, all},
		{"size", func(p *project.Project, s *Settings) { s.Width, p.Output.Width = 192, 192 }, all},
		{"renderer version", func(*project.Project, *Settings) { rendererVersion++ }, all},
		{"ffmpeg version", func(*project.Project, *Settings) { ffmpegVersion = func() string { return "9.9-other" } }, all},
		{"fallback font of a caption", func(*project.Project, *Settings) {
			captionFonts = func(text string) string {
				if strings.ContainsRune(text, '猫') {
					return "/usr/share/fonts/other-cjk.ttf#0:123:456"
				}
				return ""
			}
		}, []int{0, 1}},
		{"sound only", func(p *project.Project, s *Settings) { p.Soundtrack.MusicGainDB = -6; s.AudioBitrate = "128k" }, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func(v int, f func() string, c func(string) string) {
				rendererVersion, ffmpegVersion, captionFonts = v, f, c
			}(rendererVersion, ffmpegVersion, captionFonts)
			captionFonts = func(string) string { return "" }
			p := segProject(t, dir, 6) // rewrites the photos as they were
			// Slide 1 needs a fallback font, slide 4 does not.
			p.Slides[1].Caption, p.Slides[4].Caption = "猫", "plain"
			for _, sl := range p.Slides {
				os.Chtimes(sl.Image.Path, time.Unix(1e9, 0), time.Unix(1e9, 0))
			}
			ref = segmentKeys(t, p, s)
			s2 := s
			c.edit(p, &s2)
			got := segmentKeys(t, p, s2)
			if len(got) != len(ref) {
				t.Fatalf("%d segments, want %d", len(got), len(ref))
			}
			var changed []int
			for i := range got {
				if got[i] != ref[i] {
					changed = append(changed, i)
				}
			}
			if !reflect.DeepEqual(changed, c.change) {
				t.Errorf("segments with a new key %v, want %v", changed, c.change)
			}
		})
	}
}

func TestSegmentKeyFollowsMovedSlides(t *testing.T) {
	// Lengthening slide 1 moves every later slide on the timeline; the
	// segments after the change keep their keys (absolute frame numbers
	// are not in the key).
	p := segProject(t, t.TempDir(), 6)
	s := tinySettings("x.mp4")
	s.FPS = 5
	ref := segmentKeys(t, p, s)
	d := 6.0
	p.Slides[1].Duration = &d
	got := segmentKeys(t, p, s)
	if got[0] == ref[0] || got[1] == ref[1] {
		t.Errorf("segments 0 and 1 show the changed slide but kept their keys")
	}
	for i := 2; i < len(ref); i++ {
		if got[i] != ref[i] {
			t.Errorf("segment %d changed key after a move", i)
		}
	}
}

func TestSegmentCacheTrimLRU(t *testing.T) {
	dir := t.TempDir()
	c, err := OpenSegmentCache(dir, 250)
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	for i, k := range []string{"a", "b", "c"} {
		if err := os.WriteFile(c.Path(k), make([]byte, 100), 0o644); err != nil {
			t.Fatal(err)
		}
		tm := old.Add(time.Duration(i) * time.Minute)
		os.Chtimes(c.Path(k), tm, tm)
	}
	// a temporary file of a running export is kept; a stale one goes
	running := filepath.Join(dir, ".x.slidereel-tmp-1.mp4")
	stale := filepath.Join(dir, ".y.slidereel-tmp-2.mp4")
	os.WriteFile(running, make([]byte, 1000), 0o644)
	os.WriteFile(stale, make([]byte, 10), 0o644)
	os.Chtimes(stale, old, old)
	if _, ok := c.Lookup("a"); !ok { // a becomes the most recently used
		t.Fatal("a not found")
	}
	if err := c.Trim(nil); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]bool{"a": true, "b": false, "c": true} {
		if _, ok := c.Lookup(k); ok != want {
			t.Errorf("after trim, %s present = %v, want %v", k, ok, want)
		}
	}
	if _, err := os.Stat(running); err != nil {
		t.Errorf("running export's temp file removed: %v", err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("stale temp file kept")
	}
	// keep protects the current export's segments
	c.max = 0
	if err := c.Trim(map[string]bool{"c": true}); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Lookup("c"); !ok {
		t.Error("kept segment evicted")
	}
	if _, ok := c.Lookup("a"); ok {
		t.Error("a survived a trim to 0")
	}
	// the folder may be removed at any time
	os.RemoveAll(dir)
	if _, ok := c.Lookup("c"); ok {
		t.Error("lookup in a removed cache found a segment")
	}
}

// frameMD5s returns the MD5 of every decoded video frame of path.
func frameMD5s(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", "file:"+path, "-map", "0:v", "-f", "framemd5", "-").Output()
	if err != nil {
		t.Fatalf("framemd5 %s: %v", path, err)
	}
	var sums []string
	for line := range strings.SplitSeq(string(out), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, ",")
		sums = append(sums, strings.TrimSpace(f[len(f)-1]))
	}
	return sums
}

// checkTimestamps checks with ffprobe's frame list that the video has
// frames frames at exactly one frame apart, in order, from 0.
func checkTimestamps(t *testing.T, path string, frames, fps int) {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=best_effort_timestamp_time",
		"-of", "csv=p=0", "file:"+path).Output()
	if err != nil {
		t.Fatalf("ffprobe frames of %s: %v", path, err)
	}
	var ts []float64
	for line := range strings.FieldsSeq(string(out)) {
		line = strings.Trim(line, ",")
		if line == "" {
			continue
		}
		ts = append(ts, atof(t, line))
	}
	if len(ts) != frames {
		t.Fatalf("%d frames, want %d", len(ts), frames)
	}
	for i, v := range ts {
		if want := float64(i) / float64(fps); math.Abs(v-want) > 0.5/float64(fps)/10 {
			t.Fatalf("frame %d at %.6f s, want %.6f (gap, duplicate or reorder)", i, v, want)
		}
	}
}

func TestExportSegmentsReusesUnchanged(t *testing.T) {
	_, p, cache, s := segSetup(t, 6, "out.mp4")
	opt := SegmentOptions{Cache: cache}
	export := func() Progress {
		var last Progress
		if err := ExportSegments(context.Background(), p, s, opt, func(pr Progress) { last = pr }); err != nil {
			t.Fatal(err)
		}
		return last
	}
	encodes := soundEncodes.Load()
	first := export()
	if n := soundEncodes.Load() - encodes; n != 1 {
		t.Fatalf("the first export encoded the sound %d times, want 1", n)
	}
	if first.Segments != 6 || first.Reused != 0 || first.Frame != 125 {
		t.Fatalf("first export progress %+v", first)
	}
	// 125 frames at 5 fps: 25 s, and exactly 25 s of sound
	checkVideo(t, s.Output, 160, 90, 5, 125, 25*48000)
	checkTimestamps(t, s.Output, 125, 5)
	pr := ffprobe(t, s.Output)
	ref := frameMD5s(t, s.Output)

	again := export()
	if again.Reused != 6 {
		t.Fatalf("unchanged export reused %d of %d segments", again.Reused, again.Segments)
	}
	if got := frameMD5s(t, s.Output); !reflect.DeepEqual(got, ref) {
		t.Fatal("unchanged export decodes to different frames")
	}

	// Replacing photo 3 encodes segments 2 and 3 (frames [45, 85)) again;
	// every other frame decodes bit-identical.
	writePhoto(t, p.Slides[3].Image.Path, 64, 48, 5)
	changed := export()
	if n := soundEncodes.Load() - encodes; n != 1 {
		t.Errorf("the sound was encoded %d times in three exports of the same sound, want 1", n)
	}
	if changed.Reused != 4 {
		t.Fatalf("after one photo, reused %d of %d segments, want 4", changed.Reused, changed.Segments)
	}
	got := frameMD5s(t, s.Output)
	if len(got) != len(ref) {
		t.Fatalf("%d frames, want %d", len(got), len(ref))
	}
	for i := range got {
		if (i < 45 || i >= 85) && got[i] != ref[i] {
			t.Errorf("frame %d outside the changed segments differs", i)
		}
	}
	if got[70] == ref[70] {
		t.Error("frame 70 (photo 3 alone) did not change")
	}
	checkTimestamps(t, s.Output, 125, 5)
	if p2 := ffprobe(t, s.Output); p2.Streams[0].ColorSpace != pr.Streams[0].ColorSpace {
		t.Errorf("colour tags changed")
	}
}

func TestExportSegmentsMatchesOnePass(t *testing.T) {
	dir, p, cache, seg := segSetup(t, 3, "seg.mp4")
	one := seg
	one.Output = filepath.Join(dir, "one.mp4")
	if err := ExportSegments(context.Background(), p, seg, SegmentOptions{Cache: cache}, nil); err != nil {
		t.Fatal(err)
	}
	if err := Export(context.Background(), p, one, nil); err != nil {
		t.Fatal(err)
	}
	a, b := ffprobe(t, seg.Output), ffprobe(t, one.Output)
	if len(a.Streams) != 2 || len(b.Streams) != 2 {
		t.Fatalf("streams: %d and %d", len(a.Streams), len(b.Streams))
	}
	for i := range a.Streams {
		x, y := a.Streams[i], b.Streams[i]
		if x.NbFrames != y.NbFrames || x.Duration != y.Duration || x.ColorSpace != y.ColorSpace || x.ColorRange != y.ColorRange ||
			x.ColorPrimaries != y.ColorPrimaries || x.ColorTransfer != y.ColorTransfer || x.PixFmt != y.PixFmt {
			t.Errorf("stream %d differs: segmented %+v, one pass %+v", i, x, y)
		}
	}
	if decodedSamples(t, seg.Output) != decodedSamples(t, one.Output) {
		t.Error("sample counts differ")
	}
}

func TestExportSegmentsResumesAfterCancel(t *testing.T) {
	_, p, cache, s := segSetup(t, 6, "out.mp4")
	// Frames large enough that the pipe to ffmpeg holds only a few: the
	// frames written are (nearly) the frames encoded when it is stopped.
	s.Width, s.Height = 640, 360
	ctx, cancel := context.WithCancel(context.Background())
	err := ExportSegments(ctx, p, s, SegmentOptions{Cache: cache}, func(pr Progress) {
		if pr.Frame >= 80 { // within segment 3
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled export: %v", err)
	}
	if _, err := os.Stat(s.Output); err == nil {
		t.Fatal("a cancelled export left an output")
	}
	var last Progress
	if err := ExportSegments(context.Background(), p, s, SegmentOptions{Cache: cache}, func(pr Progress) { last = pr }); err != nil {
		t.Fatal(err)
	}
	if last.Reused < 3 {
		t.Errorf("resumed export reused %d segments, want at least 3", last.Reused)
	}
	checkTimestamps(t, s.Output, 125, 5)
}

// TestRenderSegmentMatchesExport: a farm worker's segment is the same file,
// byte for byte, as the one the local export encodes under that key.
func TestRenderSegmentMatchesExport(t *testing.T) {
	needFFmpeg(t)
	dir := t.TempDir()
	p := segProject(t, dir, 3)
	subj := project.DirSubject
	p.Slides[1].Direction = &subj
	local, farm := openCache(t, filepath.Join(dir, "local")), openCache(t, filepath.Join(dir, "farm"))
	// A worker encodes each segment alone; so must the export here for
	// the files to be equal byte for byte (a run's rate control carries
	// over from segment to segment).
	encodeInRuns = false
	t.Cleanup(func() { encodeInRuns = true })
	s := tinySettings(filepath.Join(dir, "out.mp4"))
	s.FPS = 5
	// The worker goes first: nothing (the photos' subjects included) is
	// known to the process yet.
	segs, _, _, err := PlanSegments(context.Background(), p, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	paths := map[string]string{}
	for _, sg := range segs {
		if paths[sg.Key], err = RenderSegment(context.Background(), p, s, sg.Key, farm, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := ExportSegments(context.Background(), p, s, SegmentOptions{Cache: local}, nil); err != nil {
		t.Fatal(err)
	}
	for _, sg := range segs {
		a, errA := os.ReadFile(local.Path(sg.Key))
		b, errB := os.ReadFile(paths[sg.Key])
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("segment %d-%d: the worker's file differs from the export's (%v, %v)", sg.Start, sg.End, errA, errB)
		}
	}
}
