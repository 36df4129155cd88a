package project

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fuzzPath is where fuzzed files pretend to live; media paths resolve
// against its folder (which does not exist, so only absolute fallbacks to
// real files can change a path).
var fuzzPath = filepath.FromSlash("/nonexistent-slidereel-fuzz/shows/in.project")

// fuzzSeeds are written to testdata/fuzz/FuzzParse by go test -update.
func fuzzSeeds(t *testing.T) map[string]string {
	seeds := map[string]string{
		"service-v0":       `{"audio_path": "/music/song.mp3", "image_paths": ["a.jpg", "/b.jpg"], "fps": 30, "resolution": [1280, 720], "slide_duration": 2.5, "transition_duration": 0.25, "enable_ken_burns": true, "zoom_factor": 1.3}`,
		"service-bad":      `{"image_paths": [""], "resolution": [1, 2, 3], "fps": -1}`,
		"newer":            `{"format": "slidereel-project", "version": 99}`,
		"truncated":        validHead + `  "slides": [{"image": {"path": "a`,
		"wrong-type":       validHead + `  "slides": [{"image": {"path": "a.jpg"}, "duration": "3"}]}`,
		"abs-fallback":     validHead + `  "slides": [{"image": {"path": "missing/x.jpg", "abs": "/etc/hostname"}}, {"image": {"path": "../../../a/./b/../c.jpg", "abs": "relative.jpg"}}]}`,
		"motion":           validHead + `  "slides": [{"image": {"path": "/a.jpg"}, "motion": {"start": {"x": -0.5, "y": 0, "w": 2, "h": 1e-300}, "end": {"x": 0, "y": 0, "w": 1, "h": 1}}}]}`,
		"nulls":            validHead + `  "slides": null, "output": null, "soundtrack": {"music": null}, "defaults": {"transition": null}}`,
		"unknown-fields":   validHead + `  "future": {"x": [1, 2]}, "slides": [{"image": {"path": "a.jpg"}, "sparkle": true}]}`,
		"story-narration":  validHead + `  "timing": "story", "slides": [{"image": {"path": "a.jpg"}, "narration": {"path": "v.wav"}}, {"image": {"path": "b.jpg"}, "narration": {"path": ""}}]}`,
		"not-object":       `"just a string"`,
		"deep":             strings.Repeat("[", 200) + strings.Repeat("]", 200),
		"negative-version": `{"format": "slidereel-project", "version": -3}`,
	}
	for _, name := range []string{"minimal.project", "full.project"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		seeds[strings.TrimSuffix(name, ".project")] = string(data)
	}
	return seeds
}

func TestFuzzSeedCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzParse")
	seeds := fuzzSeeds(t)
	for name, data := range seeds {
		file := filepath.Join(dir, name)
		content := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := os.ReadFile(file); err != nil || string(got) != content {
			t.Errorf("seed %s missing or stale (go test -run TestFuzzSeedCorpus -update): %v", file, err)
		}
	}
}

// FuzzParse: Parse never panics; what it refuses it explains with a
// *LoadError naming the file; what it accepts saves and loads back equal,
// and saving again gives the same bytes.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data, fuzzPath)
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) || le.File != fuzzPath || len(le.Problems) == 0 || !strings.HasPrefix(err.Error(), fuzzPath+": ") {
				t.Fatalf("error is not a useful *LoadError: %#v", err)
			}
			return
		}
		if probs := p.Validate(); len(probs) > 0 {
			t.Fatalf("Parse accepted an invalid project: %v", probs)
		}
		out, err := Marshal(p, fuzzPath)
		if err != nil {
			t.Fatalf("Marshal of a parsed project: %v", err)
		}
		q, err := Parse(out, fuzzPath)
		if err != nil {
			t.Fatalf("saved project does not load: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(p, q) {
			t.Fatalf("round trip differs:\n got %#v\nwant %#v\n%s", q, p, out)
		}
		again, err := Marshal(q, fuzzPath)
		if err != nil || string(again) != string(out) {
			t.Fatalf("second save differs (%v):\n%s\n%s", err, out, again)
		}
		// The timeline of any loadable project is sane.
		tl := p.Timeline(MediaDurations{Music: 10, Narration: []float64{1, 0, 2}})
		if len(tl.Spans) != len(p.Slides) || tl.Frames < 0 {
			t.Fatalf("timeline: %+v", tl)
		}
		if tl.Frames > 0 {
			tl.At(0)
			tl.At(tl.Frames - 1)
		}
	})
}
