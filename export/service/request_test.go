package service

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slidereel/slidereel/project"
)

func TestRootsResolve(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "media")
	other := filepath.Join(base, "media2") // shares the root's name as a prefix
	outside := filepath.Join(base, "secret")
	for _, d := range []string{root, other, outside, filepath.Join(root, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{filepath.Join(root, "a.jpg"), filepath.Join(root, "sub", "b.jpg"),
		filepath.Join(other, "x.jpg"), filepath.Join(outside, "s.jpg")} {
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A symlink inside the root that escapes it, and one that stays inside.
	if err := os.Symlink(filepath.Join(outside, "s.jpg"), filepath.Join(root, "escape.jpg")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "escdir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "sub", "b.jpg"), filepath.Join(root, "inside.jpg")); err != nil {
		t.Fatal(err)
	}
	// The root itself reached through a symlink.
	link := filepath.Join(base, "link")
	if err := os.Symlink(root, link); err != nil {
		t.Fatal(err)
	}
	r := mustRoots(t, link)
	realRoot, _ := filepath.EvalSymlinks(root)

	tests := []struct {
		path   string
		status int // 0: accepted
		want   string
	}{
		{filepath.Join(link, "a.jpg"), 0, filepath.Join(realRoot, "a.jpg")},
		{filepath.Join(root, "a.jpg"), 0, filepath.Join(realRoot, "a.jpg")}, // the real path of the root
		{"a.jpg", 0, filepath.Join(realRoot, "a.jpg")},
		{"sub/b.jpg", 0, filepath.Join(realRoot, "sub", "b.jpg")},
		{"sub/../a.jpg", 0, filepath.Join(realRoot, "a.jpg")},
		{"inside.jpg", 0, filepath.Join(realRoot, "sub", "b.jpg")},
		{"../secret/s.jpg", http.StatusForbidden, ""},
		{"sub/../../secret/s.jpg", http.StatusForbidden, ""},
		{filepath.Join(outside, "s.jpg"), http.StatusForbidden, ""},
		{filepath.Join(other, "x.jpg"), http.StatusForbidden, ""},
		{filepath.Join(outside, "missing.jpg"), http.StatusForbidden, ""}, // no existence probe outside
		{"escape.jpg", http.StatusForbidden, ""},
		{"escdir/s.jpg", http.StatusForbidden, ""},
		{"missing.jpg", http.StatusNotFound, ""},
		{"sub", http.StatusBadRequest, ""},
		{"", http.StatusBadRequest, ""},
		{"/etc/passwd", http.StatusForbidden, ""},
	}
	for _, tc := range tests {
		got, err := r.Resolve("image_paths[0]", tc.path)
		if tc.status == 0 {
			if err != nil || got != tc.want {
				t.Errorf("Resolve(%q) = %q, %v; want %q", tc.path, got, err, tc.want)
			}
			continue
		}
		var re *RequestError
		if !errors.As(err, &re) || re.Status != tc.status || re.Field != "image_paths[0]" {
			t.Errorf("Resolve(%q) = %q, %v; want status %d for image_paths[0]", tc.path, got, err, tc.status)
		}
	}
}

func TestNewRootsErrors(t *testing.T) {
	if _, err := NewRoots(); err == nil {
		t.Error("no roots accepted")
	}
	if _, err := NewRoots(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("missing root accepted")
	}
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, nil, 0o644)
	if _, err := NewRoots(f); err == nil {
		t.Error("file as root accepted")
	}
}

func TestParseRequestDefaultsAndUnknownFields(t *testing.T) {
	root, _ := media(t)
	r, err := ParseRequest([]byte(`{"image_paths":["a.jpg","b.jpg"],"audio_path":"voice.wav","callback_url":"http://x","extra":{"a":[1]}}`))
	if err != nil {
		t.Fatal(err)
	}
	p, err := BuildProject(r, mustRoots(t, root))
	if err != nil {
		t.Fatal(err)
	}
	if p.Output.FPS != 24 || p.Output.Width != 1920 || p.Output.Height != 1080 {
		t.Errorf("output = %+v, want the old defaults 24 fps 1920x1080", p.Output)
	}
	d := p.Defaults
	if d.Duration != 3.0 || d.Transition.Duration != 0.5 || !d.KenBurns || d.Zoom != 1.1 {
		t.Errorf("defaults = %+v, want 3.0 / 0.5 / Ken Burns on / 1.1", d)
	}
	if p.Timing != project.TimingFitAudio || len(p.Soundtrack.Music) != 1 || !filepath.IsAbs(p.Soundtrack.Music[0].Path) {
		t.Errorf("audio: timing %q music %+v", p.Timing, p.Soundtrack.Music)
	}
	if len(p.Slides) != 2 || !strings.HasSuffix(p.Slides[1].Image.Path, "b.jpg") || !filepath.IsAbs(p.Slides[1].Image.Path) {
		t.Errorf("slides = %+v", p.Slides)
	}
}

func TestParseRequestErrors(t *testing.T) {
	root, _ := media(t)
	roots := mustRoots(t, root)
	tests := []struct {
		body   string
		status int
		field  string
		msg    string
	}{
		{``, 400, "", "empty"},
		{`{"image_paths":["a.jpg"]`, 400, "", "JSON"},
		{`{"image_paths":["a.jpg"]} {}`, 400, "", "extra data"},
		{`[1,2]`, 400, "", "object"},
		{`{"image_paths":["a.jpg"],"fps":"24"}`, 400, "fps", "want a whole number"},
		{`{"image_paths":["a.jpg"],"fps":24.5}`, 400, "fps", "number"},
		{`{"image_paths":"a.jpg"}`, 400, "image_paths", "want a list"},
		{`{"image_paths":["a.jpg"],"enable_ken_burns":"yes"}`, 400, "enable_ken_burns", "true or false"},
		{`{"image_paths":["a.jpg"],"resolution":[1920]}`, 400, "resolution", "[width, height]"},
		{`{"image_paths":[]}`, 400, "image_paths", "at least one image"},
		{`{}`, 400, "image_paths", "at least one image"},
		{`{"image_paths":["a.jpg"],"fps":0}`, 422, "fps", "from 1 to 120"},
		{`{"image_paths":["a.jpg"],"resolution":[1921,1080]}`, 422, "resolution", "even"},
		{`{"image_paths":["a.jpg"],"zoom_factor":9}`, 422, "zoom_factor", "from 1 to 4"},
		{`{"image_paths":["a.jpg"],"slide_duration":-1}`, 422, "slide_duration", "more than 0"},
		{`{"image_paths":["a.jpg"],"transition_duration":-1}`, 422, "transition_duration", "from 0 to 60"},
		{`{"image_paths":["a.jpg",""]}`, 400, "image_paths[1]", "empty"},
		{`{"image_paths":["a.jpg"],"audio_path":" "}`, 400, "audio_path", "empty"},
		{`{"image_paths":["a.jpg","nope.jpg"]}`, 404, "image_paths[1]", "nope.jpg does not exist"},
		{`{"image_paths":["../x.jpg"]}`, 403, "image_paths[0]", "outside the media roots"},
		{`{"image_paths":["a.jpg"],"audio_path":"/etc/passwd"}`, 403, "audio_path", "outside"},
		{`{"image_paths":["a.jpg"],"audio_path":"gone.wav"}`, 404, "audio_path", "gone.wav"},
	}
	for _, tc := range tests {
		r, err := ParseRequest([]byte(tc.body))
		if err == nil {
			_, err = BuildProject(r, roots)
		}
		var re *RequestError
		if !errors.As(err, &re) || re.Status != tc.status || re.Field != tc.field || !strings.Contains(re.Msg, tc.msg) {
			t.Errorf("%s: got %#v; want %d field %q containing %q", tc.body, re, tc.status, tc.field, tc.msg)
		}
	}
}

func TestOutputName(t *testing.T) {
	dir := t.TempDir()
	if got := outputName(dir, "task-1.a_b"); got != filepath.Join(dir, "video-task-1.a_b.mp4") {
		t.Errorf("safe id: %s", got)
	}
	for _, id := range []string{"../../etc/x", "a/b", ".hidden", "", strings.Repeat("x", 200)} {
		got := outputName(dir, id)
		if filepath.Dir(got) != dir || !strings.HasPrefix(filepath.Base(got), "video-h") {
			t.Errorf("outputName(%q) = %s", id, got)
		}
		if outputName(dir, id) != got {
			t.Errorf("outputName(%q) not stable", id)
		}
	}
	if outputName(dir, "a/b") == outputName(dir, "a/c") {
		t.Error("different ids share a file")
	}
}
