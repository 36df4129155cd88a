package project

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files and the fuzz seed corpus in testdata/")

// fullProject uses every field of the format. root is the folder that holds
// the project folder "show" and the music folder "music".
func fullProject(root string) *Project {
	p := New()
	p.Output = Output{Width: 1280, Height: 720, FPS: 30}
	p.Background.Color = "#202020"
	p.Defaults.Easing = EaseInOut
	p.Defaults.Fit = FitColor
	p.Defaults.Direction = DirIn
	p.Timing = TimingStory
	p.Caption.Position = CaptionTop
	show := filepath.Join(root, "show")
	p.AddImages(filepath.Join(show, "photos", "a.jpg"), filepath.Join(show, "photos", "b b.jpg"), filepath.Join(show, "c.png"))
	p.Soundtrack.Music = []MediaRef{{Path: filepath.Join(root, "music", "one.mp3")}, {Path: filepath.Join(root, "music", "two.flac")}}
	p.Soundtrack.MusicGainDB = -3
	p.Soundtrack.FadeIn = 1.5
	p.Soundtrack.Normalize = true
	s := &p.Slides[1]
	s.Duration = new(4.25)
	s.Transition = &Transition{Kind: WipeLeft, Duration: 0.75}
	s.KenBurns = new(false)
	s.Zoom = new(1.3)
	s.Easing = new(EaseOut)
	s.Fit = new(FitCrop)
	s.Direction = new(DirOut)
	s.Caption = "Grandma's \"garden\" & <roses>, 1962 — été"
	s.Narration = &MediaRef{Path: filepath.Join(show, "voice", "b.wav")}
	p.Slides[2].Motion = &Motion{Start: Rect{0, 0, 1, 1}, End: Rect{X: 0.25, Y: 0.125, W: 0.5, H: 0.5}}
	return p
}

// placeholder stands for the test's temporary folder in the golden files.
const placeholder = "@ROOT@"

func jsonEscaped(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

func goldenCases(root string) map[string]*Project {
	return map[string]*Project{
		"minimal.project": New(),
		"full.project":    fullProject(root),
	}
}

// readGolden returns the golden file's text, first rewriting it with got
// when the test runs with -update.
func readGolden(t *testing.T, path, got string) string {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	return string(want)
}

// TestGoldenFiles: the golden files are what Save writes; loading one and
// saving it again gives the same bytes.
func TestGoldenFiles(t *testing.T) {
	root := t.TempDir()
	show := filepath.Join(root, "show")
	if err := os.MkdirAll(show, 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(show, "show.project")
	for name, p := range goldenCases(root) {
		golden := filepath.Join("testdata", name)
		data, err := Marshal(p, target)
		if err != nil {
			t.Fatal(err)
		}
		portable := strings.ReplaceAll(string(data), jsonEscaped(root), placeholder)
		want := readGolden(t, golden, portable)
		if portable != want {
			t.Errorf("%s: Marshal differs from the golden file:\n%s", name, portable)
		}
		// Load the golden file, save it, compare bytes.
		local := []byte(strings.ReplaceAll(want, placeholder, jsonEscaped(root)))
		if err := os.WriteFile(target, local, 0o644); err != nil {
			t.Fatal(err)
		}
		loaded, err := Load(target)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(loaded, p) {
			t.Errorf("%s: loaded project differs:\n got %+v\nwant %+v", name, loaded, p)
		}
		if err := Save(loaded, target); err != nil {
			t.Fatal(err)
		}
		again, _ := os.ReadFile(target)
		if string(again) != string(local) {
			t.Errorf("%s: load+save changed the bytes:\n%s", name, again)
		}
	}
}

func TestGoldenServiceRequestMigrates(t *testing.T) {
	root := t.TempDir()
	show := filepath.Join(root, "show")
	if err := os.MkdirAll(show, 0o755); err != nil {
		t.Fatal(err)
	}
	in, err := os.ReadFile(filepath.Join("testdata", "service-v0.json"))
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(show, "job.json")
	if err := os.WriteFile(src, []byte(strings.ReplaceAll(string(in), placeholder, jsonEscaped(root))), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Load(src)
	if err != nil {
		t.Fatal(err)
	}
	if p.Output != (Output{Width: 1280, Height: 720, FPS: 30}) || p.Defaults.Duration != 4 ||
		p.Defaults.Transition != (Transition{Kind: Crossfade, Duration: 1}) || p.Defaults.KenBurns ||
		p.Defaults.Zoom != 1.2 || p.Timing != TimingFitAudio || len(p.Slides) != 2 ||
		p.Slides[0].Image.Path != filepath.Join(show, "photos", "1.jpg") ||
		p.Slides[1].Image.Path != filepath.Join(root, "elsewhere", "2.jpg") ||
		len(p.Soundtrack.Music) != 1 || p.Soundtrack.Music[0].Path != filepath.Join(root, "music", "song.mp3") {
		t.Fatalf("migrated project wrong: %+v", p)
	}
	data, err := Marshal(p, filepath.Join(show, "show.project"))
	if err != nil {
		t.Fatal(err)
	}
	portable := strings.ReplaceAll(string(data), jsonEscaped(root), placeholder)
	golden := filepath.Join("testdata", "service-v0.project")
	if want := readGolden(t, golden, portable); portable != want {
		t.Errorf("migrated project differs from %s:\n%s", golden, portable)
	}
	// Defaults of the old service when the request leaves them out.
	q, err := Parse([]byte(`{"image_paths": ["/a.jpg"]}`), "/x/job.json")
	if err != nil {
		t.Fatal(err)
	}
	if q.Output != (Output{Width: 1920, Height: 1080, FPS: 24}) || q.Defaults.Duration != 3 || q.Defaults.Transition.Duration != 0.5 ||
		!q.Defaults.KenBurns || q.Defaults.Zoom != 1.1 || q.Timing != TimingFixed || q.Soundtrack.Music != nil {
		t.Errorf("service defaults wrong: %+v", q)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSaveLoadRoundTripAndPaths(t *testing.T) {
	root := t.TempDir()
	p := fullProject(root)
	for _, m := range append(append([]MediaRef{}, p.Soundtrack.Music...), p.Slides[0].Image, p.Slides[1].Image, p.Slides[2].Image, *p.Slides[1].Narration) {
		writeFile(t, m.Path, "media")
	}
	file := filepath.Join(root, "show", "show.project")
	if err := Save(p, file); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(file)
	for _, want := range []string{`"path": "photos/a.jpg"`, `"path": "../music/one.mp3"`, `"abs": ` + fmt.Sprintf("%q", filepath.Join(root, "music", "one.mp3"))} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("saved file lacks %s:\n%s", want, raw)
		}
	}
	if !strings.HasPrefix(string(raw), "{\n  \"format\": \"slidereel-project\",\n  \"version\": 1,\n  \"output\": {") {
		t.Errorf("format and version must come first:\n%.80s", raw)
	}
	got, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, p) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, p)
	}
	if m := got.MissingMedia(); len(m) != 0 {
		t.Errorf("nothing should be missing: %+v", m)
	}

	// Move the whole folder (project, photos and music): relative paths win.
	moved := t.TempDir()
	for _, d := range []string{"show", "music"} {
		if err := os.Rename(filepath.Join(root, d), filepath.Join(moved, d)); err != nil {
			t.Fatal(err)
		}
	}
	got, err = Load(filepath.Join(moved, "show", "show.project"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Slides[0].Image.Path != filepath.Join(moved, "show", "photos", "a.jpg") || got.Soundtrack.Music[1].Path != filepath.Join(moved, "music", "two.flac") {
		t.Errorf("moved folder: paths not resolved against the new place: %+v", got.Slides[0].Image)
	}
	if m := got.MissingMedia(); len(m) != 0 {
		t.Errorf("moved folder: nothing should be missing: %+v", m)
	}

	// Copy only the project file elsewhere: the relative target is missing,
	// the absolute path (in the moved folder? no: the original) is used.
	data, _ := os.ReadFile(filepath.Join(moved, "show", "show.project"))
	other := filepath.Join(t.TempDir(), "copy.project")
	writeFile(t, other, strings.ReplaceAll(string(data), jsonEscaped(root), jsonEscaped(moved)))
	got, err = Load(other)
	if err != nil {
		t.Fatal(err)
	}
	if got.Slides[0].Image.Path != filepath.Join(moved, "show", "photos", "a.jpg") {
		t.Errorf("relative target missing: want the absolute fallback, got %s", got.Slides[0].Image.Path)
	}
	// Delete the relative target while the absolute one exists.
	rel := filepath.Join(filepath.Dir(other), "photos", "a.jpg")
	writeFile(t, rel, "copy")
	if got, _ = Load(other); got.Slides[0].Image.Path != rel {
		t.Errorf("relative target present: want %s, got %s", rel, got.Slides[0].Image.Path)
	}
	os.Remove(rel)
	if got, _ = Load(other); got.Slides[0].Image.Path != filepath.Join(moved, "show", "photos", "a.jpg") {
		t.Errorf("relative target deleted: want the absolute fallback, got %s", got.Slides[0].Image.Path)
	}

	// Missing media is reported, not fatal; Relink finds files by name.
	os.Remove(filepath.Join(moved, "show", "photos", "a.jpg"))
	os.Remove(filepath.Join(moved, "music", "two.flac"))
	got, err = Load(other)
	if err != nil {
		t.Fatalf("missing media must not fail the load: %v", err)
	}
	missing := got.MissingMedia()
	wantMissing := []Missing{
		{Field: "soundtrack.music[1]", Path: filepath.Join(filepath.Dir(filepath.Dir(other)), "music", "two.flac")},
		{Field: "slides[0].image", Path: rel},
	}
	if !reflect.DeepEqual(missing, wantMissing) {
		t.Errorf("MissingMedia = %+v, want %+v", missing, wantMissing)
	}
	found := t.TempDir()
	writeFile(t, filepath.Join(found, "a.jpg"), "found")
	if n := got.Relink(found); n != 1 || got.Slides[0].Image.Path != filepath.Join(found, "a.jpg") {
		t.Errorf("Relink fixed %d, slide 0 at %s", n, got.Slides[0].Image.Path)
	}
	if m := got.MissingMedia(); len(m) != 1 || m[0].Field != "soundtrack.music[1]" {
		t.Errorf("after relink: %+v", m)
	}
	if n := got.Relink(t.TempDir()); n != 0 {
		t.Errorf("Relink in an empty folder fixed %d", n)
	}
}

func TestSaveIsAtomic(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "show.project")
	p := New()
	p.AddImages(filepath.Join(dir, "a.jpg"))
	if err := Save(p, file); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(file)
	onlyFile := func(label string) {
		t.Helper()
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 || entries[0].Name() != "show.project" {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("%s: folder holds %v, want only show.project", label, names)
		}
		if now, _ := os.ReadFile(file); string(now) != string(before) {
			t.Errorf("%s: previous file changed:\n%s", label, now)
		}
	}
	if st, _ := os.Stat(file); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
	onlyFile("after a good save")

	changed := p.Clone()
	changed.AddImages(filepath.Join(dir, "b.jpg"))

	// The rename fails: the old file stays, the temp file is removed.
	rename = func(string, string) error { return errors.New("disk on fire") }
	err := Save(changed, file)
	rename = os.Rename
	if err == nil || !strings.Contains(err.Error(), "replace "+file+": disk on fire") {
		t.Errorf("failed rename: err = %v", err)
	}
	onlyFile("after a failed rename")

	// A value JSON cannot hold: nothing written, the field named.
	changed.Defaults.Duration = nanValue()
	err = Save(changed, file)
	if err == nil || !strings.Contains(err.Error(), "defaults.duration") || !strings.Contains(err.Error(), "NaN") {
		t.Errorf("NaN save: err = %v", err)
	}
	onlyFile("after a NaN save")

	// The target is a folder: rename fails, nothing left behind.
	sub := filepath.Join(dir, "sub")
	if err := os.MkdirAll(filepath.Join(sub, "x.project", "inner"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Save(p, filepath.Join(sub, "x.project")); err == nil {
		t.Error("saving over a folder should fail")
	}
	if entries, _ := os.ReadDir(sub); len(entries) != 1 {
		t.Errorf("temp file left in %s: %v", sub, entries)
	}
	os.RemoveAll(sub)

	// A read-only folder (root ignores permissions, so only as a user).
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		err := Save(changed, file)
		os.Chmod(dir, 0o755)
		if err == nil {
			t.Error("saving into a read-only folder should fail")
		}
		onlyFile("after a read-only save")
	}
	// A folder that does not exist.
	if err := Save(p, filepath.Join(dir, "nope", "x.project")); err == nil || !strings.Contains(err.Error(), "create temporary file") || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing folder: err = %v", err)
	}
}

func nanValue() float64 { z := 0.0; return z / z }

// pos returns "line L col C" of the first occurrence of marker in s.
func pos(s, marker string) string {
	i := strings.Index(s, marker)
	if i < 0 {
		panic("marker not found: " + marker)
	}
	l, c := lineCol([]byte(s), int64(i))
	return fmt.Sprintf("line %d col %d", l, c)
}

const validHead = "{\n  \"format\": \"slidereel-project\",\n  \"version\": 1,\n"

func TestLoadErrorMessages(t *testing.T) {
	slides := validHead + `  "slides": [
    {"image": {"path": "a.jpg"}},
    {"image": {"path": "b.jpg"}, "duration": -2},
    {"image": {"path": "c.jpg"}, "duration": "long"}
  ]
}`
	cases := []struct {
		name, data string
		want       []string
	}{
		{"empty", "  \n", []string{"file is empty"}},
		{"syntax", validHead + "  \"timing\": \"fixed\"\n  \"slides\": []\n}", []string{"invalid JSON", "line 5 col 3", "after object key:value pair"}},
		{"truncated", validHead + `  "slides": [`, []string{"invalid JSON", "unexpected end", "line 4"}},
		{"wrong type with index", slides, []string{"slides[2].duration", pos(slides, `"long"`), "wrong type: got JSON string, want a number"}},
		{"wrong nested type", validHead + "  \"output\": {\"fps\": 24.5}\n}", []string{"output.fps", "line 4 col 21", "got JSON number 24.5, want a whole number"}},
		{"list expected", validHead + "  \"slides\": {}\n}", []string{"slides: wrong type: got JSON object, want a list", "line 4 col 13"}},
		{"top level", "[1, 2]", []string{"(top level)", "want an object"}},
		{"not a project", `{"hello": 1}`, []string{"format: not a Slidereel project"}},
		{"version type", `{"format": "slidereel-project", "version": "1"}`, []string{"version: missing or not a whole number", "line 1 col 44"}},
		{"version zero", `{"format": "slidereel-project", "version": 0}`, []string{"invalid format version 0"}},
		{"newer", `{"format": "slidereel-project", "version": 7}`, []string{"format version 7 was written by a newer version of Slidereel", "reads up to 1", "please update"}},
		{"negative duration", validHead + "  \"defaults\": {\"duration\": -1}\n}", []string{"defaults.duration: must be more than 0", "got -1", "line 4 col 28"}},
		{"zero duration", validHead + "  \"defaults\": {\"duration\": 0}\n}", []string{"defaults.duration: must be more than 0", "got 0"}},
		{"unknown transition", validHead + `  "slides": [{"image": {"path": "a.jpg"}, "transition": {"kind": "spin", "duration": 1}}]` + "\n}",
			[]string{"slides[0].transition.kind: unknown transition kind \"spin\"", "crossfade", "line 4 col 66"}},
		{"several", validHead + `  "slides": [{"image": {"path": ""}, "zoom": 9}]` + "\n}",
			[]string{"2 problems", "slides[0].image.path: is empty", "slides[0].zoom: must be from 1 to 4 (got 9)", "line 4 col 33", "line 4 col 46"}},
		{"column in characters", validHead + `  "slides": [{"caption": "été", "image": {"path": "a.jpg"}, "zoom": 0}]` + "\n}", []string{"slides[0].zoom", "line 4 col 69"}},
		{"missing image", validHead + `  "slides": [{"caption": "x"}]` + "\n}", []string{"slides[0].image.path: is empty", "line 4 col 14"}},
		{"service bad resolution", `{"image_paths": ["a.jpg"], "resolution": [1, 2, 3]}`, []string{"resolution: must be [width, height]", "line 1 col 42"}},
		{"service bad fps", `{"image_paths": ["a.jpg"], "fps": 0}`, []string{"fps: must be from 1 to 120 (got 0)", "line 1 col 35"}},
		{"service type", `{"image_paths": "a.jpg"}`, []string{"image_paths: wrong type: got JSON string, want a list"}},
	}
	for _, c := range cases {
		file := filepath.Join(t.TempDir(), "my show.project")
		writeFile(t, file, c.data)
		_, err := Load(file)
		if err == nil {
			t.Errorf("%s: loaded without error", c.name)
			continue
		}
		var le *LoadError
		if !errors.As(err, &le) || le.File != file || len(le.Problems) == 0 {
			t.Errorf("%s: want a *LoadError naming the file, got %#v", c.name, err)
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, file+": ") {
			t.Errorf("%s: message does not start with the file name: %s", c.name, msg)
		}
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: message lacks %q:\n%s", c.name, w, msg)
			}
		}
	}
	_, err := Parse([]byte(`{"format": "slidereel-project", "version": 2}`), "x.project")
	if !errors.Is(err, ErrNewerVersion) {
		t.Errorf("newer version: errors.Is(ErrNewerVersion) false: %v", err)
	}
	_, err = Load(filepath.Join(t.TempDir(), "gone.project"))
	if err == nil || !strings.Contains(err.Error(), "gone.project: file does not exist") || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	_, err = Load(t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("folder: %v", err)
	}
}

func TestLoadDefaultsForMissingFields(t *testing.T) {
	p, err := Parse([]byte(validHead+`  "slides": [{"image": {"path": "a.jpg"}}]`+"\n}"), "/shows/x.project")
	if err != nil {
		t.Fatal(err)
	}
	want := New()
	want.AddImages(filepath.FromSlash("/shows/a.jpg"))
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got %+v\nwant %+v", p, want)
	}
	// null and empty lists are the same empty project.
	for _, in := range []string{`"slides": null, "soundtrack": {"music": null}`, `"slides": [], "soundtrack": {"music": []}`} {
		p, err := Parse([]byte(validHead+"  "+in+"\n}"), "/x.project")
		if err != nil {
			t.Fatal(err)
		}
		if p.Slides != nil || p.Soundtrack.Music != nil {
			t.Errorf("%s: want nil lists, got %#v %#v", in, p.Slides, p.Soundtrack.Music)
		}
	}
	// An empty project saves lists as [] (never null).
	data, err := Marshal(New(), "/x.project")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"slides": []`) || !strings.Contains(string(data), `"music": []`) || strings.Contains(string(data), "null") {
		t.Errorf("empty project:\n%s", data)
	}
}

func TestSaveKeepsModeAndSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.project")
	link := filepath.Join(dir, "link.project")
	p := New()
	if err := Save(p, real); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(real, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.project", link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	p.AddImages(filepath.Join(dir, "a.jpg"))
	if err := Save(p, link); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file")
	}
	got, err := Load(real)
	if err != nil || len(got.Slides) != 1 {
		t.Errorf("the link's target was not updated: %v %+v", err, got)
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the existing 0600 kept", st.Mode().Perm())
	}
}

// BenchmarkParseManyProblems: every problem is located in one pass over
// the file, so a broken 2000-slide project reports quickly.
func BenchmarkParseManyProblems(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(validHead + `  "slides": [`)
	for i := range 2000 {
		if i > 0 {
			sb.WriteString(",\n")
		}
		sb.WriteString(`{"image": {"path": "a.jpg"}, "duration": -1}`)
	}
	sb.WriteString("]}")
	data := []byte(sb.String())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, err := Parse(data, "/x.project")
		var le *LoadError
		if !errors.As(err, &le) || len(le.Problems) != 2000 || le.Problems[1999].Line == 0 {
			b.Fatalf("unexpected: %v", err)
		}
	}
}

// TestSaveRemembersWhereMissingMediaWas: opening a moved project while its
// media is unavailable and saving it keeps the old absolute path, so the
// media is found again once it is back.
func TestSaveRemembersWhereMissingMediaWas(t *testing.T) {
	root := t.TempDir()
	media := filepath.Join(root, "media", "x.jpg")
	p := New()
	p.AddImages(media)
	if err := Save(p, filepath.Join(root, "a", "show.project")); err == nil {
		t.Fatal("saving into a missing folder should fail")
	}
	data, err := Marshal(p, filepath.Join(root, "a", "show.project"))
	if err != nil {
		t.Fatal(err)
	}
	moved := filepath.Join(root, "b", "c", "show.project") // "../media/x.jpg" is now root/b/media/x.jpg
	writeFile(t, moved, string(data))
	got, err := Load(moved)
	if err != nil {
		t.Fatal(err)
	}
	if m := got.Slides[0].Image; m.Path != filepath.Join(root, "b", "media", "x.jpg") || m.Abs != media {
		t.Fatalf("missing media: %+v, want the relative path and the remembered absolute one", m)
	}
	if err := Save(got, moved); err != nil {
		t.Fatal(err)
	}
	writeFile(t, media, "back")
	if got, err = Load(moved); err != nil || got.Slides[0].Image != (MediaRef{Path: media}) {
		t.Fatalf("media back at its old place: %+v %v", got.Slides[0].Image, err)
	}
}

func TestServiceFieldSpellsTheOldParameters(t *testing.T) {
	for in, want := range map[string]string{
		"output.width":                 "resolution",
		"output.fps":                   "fps",
		"defaults.duration":            "slide_duration",
		"defaults.transition.duration": "transition_duration",
		"defaults.zoom":                "zoom_factor",
		"soundtrack.music[0].path":     "audio_path",
		"slides[12].image.path":        "image_paths[12]",
		"slides[1].image.path.x":       "slides[1].image.path.x",
		"caption_style.size":           "caption_style.size",
	} {
		if got := ServiceField(in); got != want {
			t.Errorf("ServiceField(%q) = %q, want %q", in, got, want)
		}
	}
}
