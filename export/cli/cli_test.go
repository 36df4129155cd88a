package cli

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/slidereel/slidereel/internal/testmedia"

	"github.com/slidereel/slidereel/export"
	"github.com/slidereel/slidereel/project"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = Main(args, &o, &e)
	return code, o.String(), e.String()
}

// mustRun runs Main with args and fails t unless it exits ExitOK.
func mustRun(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	code, stdout, stderr := run(t, args...)
	if code != ExitOK {
		t.Fatalf("%q: exit %d: %s", args, code, stderr)
	}
	return stdout, stderr
}

// renderArgs is `render --audio audio --images imgs...` at 160x90 with
// the fastest x264 preset, then extra.
func renderArgs(imgs []string, audio string, extra ...string) []string {
	args := append([]string{"render", "--audio", audio, "--images"}, imgs...)
	args = append(args, "--resolution", "160x90", "--x264-preset", "ultrafast")
	return append(args, extra...)
}

// needFFmpeg is the shared helper: skip without ffmpeg/ffprobe, fail under CI=true.
var needFFmpeg = testmedia.NeedFFmpeg

// media writes three small photos and a 2 s WAV into a new temporary
// folder, dir.
func media(t *testing.T) (dir string, images []string, audio string) {
	t.Helper()
	dir = t.TempDir()
	for i := 1; i <= 3; i++ {
		path := filepath.Join(dir, "photo "+strconv.Itoa(i)+".jpg")
		images = append(images, testmedia.WriteJPEG(t, path, testmedia.Photo(64, 48, uint8(i*70)), 75))
	}
	audio = filepath.Join(dir, "sound track.wav")
	writeWAV(t, audio, 2)
	return dir, images, audio
}

// writeWAV writes a 440 Hz stereo sine of the given length as 16-bit WAV.
func writeWAV(t *testing.T, path string, seconds float64) {
	testmedia.WAV{Rate: 44100, Seconds: seconds}.Write(t, path)
}

func frames(t *testing.T, path string) (n int, w, h int) {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
		"-show_entries", "stream=nb_read_frames,width,height", "-of", "csv=p=0", "file:"+path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	f := strings.Split(strings.TrimSpace(string(out)), ",")
	if len(f) != 3 {
		t.Fatalf("ffprobe output %q", out)
	}
	w, _ = strconv.Atoi(f[0])
	h, _ = strconv.Atoi(f[1])
	n, _ = strconv.Atoi(f[2])
	return n, w, h
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{
		{"render", "--help"}, {"render", "-h"}, {"new", "--help"}, {"help", "render"}, {"help", "new"},
	} {
		code, out, _ := run(t, args...)
		if code != ExitOK {
			t.Errorf("%v: exit %d", args, code)
		}
		for _, want := range []string{"Usage:", "--images", "--fps", "vertical", "portrait", "square", "4k", "720p"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: help lacks %q", args, want)
			}
		}
	}
	code, out, _ := run(t, "--help")
	if code != ExitOK || !strings.Contains(out, "slidereel render") || !strings.Contains(out, "slidereel new") {
		t.Errorf("--help: exit %d, %q", code, out)
	}
	if code, _, errOut := run(t); code != ExitUsage || !strings.Contains(errOut, "Usage") {
		t.Errorf("no args: exit %d", code)
	}
	if code, _, _ := run(t, "frobnicate"); code != ExitUsage {
		t.Errorf("unknown command: exit %d", code)
	}
	code, out, _ = run(t, "render", "--help")
	if code != ExitOK {
		t.Errorf("render --help: exit %d", code)
	}
	for _, want := range []string{"--crf", "--encoder", "--quality", "draft", "high"} {
		if !strings.Contains(out, want) {
			t.Errorf("render help lacks %q", want)
		}
	}
}

// TestServiceCommandsDispatch checks that serve and worker reach the
// service's own flag sets through the one entry point main uses.
func TestServiceCommandsDispatch(t *testing.T) {
	for cmd, want := range map[string][]string{
		"serve":  {"-addr", "-media-root", "-output-dir"},
		"worker": {"REDIS_HOST", "OUTPUT_DIR"},
	} {
		for _, args := range [][]string{{cmd, "--help"}, {"help", cmd}} {
			code, out, errOut := run(t, args...)
			if code != ExitOK {
				t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
			}
			for _, w := range want {
				if !strings.Contains(out+errOut, w) {
					t.Errorf("%v: help lacks %q", args, w)
				}
			}
		}
	}
	code, out, _ := run(t, "--help")
	if code != ExitOK || !strings.Contains(out, "slidereel serve") || !strings.Contains(out, "slidereel worker") {
		t.Errorf("--help does not list serve and worker: %q", out)
	}
}

func TestIsCommand(t *testing.T) {
	for _, a := range []string{"render", "new", "serve", "worker", "--help", "help"} {
		if !IsCommand(a) {
			t.Errorf("IsCommand(%q) = false", a)
		}
	}
	for _, a := range []string{"", "x.project", "-render", "Render"} {
		if IsCommand(a) {
			t.Errorf("IsCommand(%q) = true", a)
		}
	}
}

func TestExpandImages(t *testing.T) {
	got, err := expandImages([]string{"--audio", "a.mp3", "--images", "1.jpg", "2 two.jpg", "-o", "x", "--images=-3.jpg", "-images", "4.jpg",
		"--narration", "n1.wav", "-", "n3.wav", "--gap", "1", "--", "--images", "p"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"--audio", "a.mp3", "--images=1.jpg", "--images=2 two.jpg", "-o", "x", "--images=-3.jpg", "--images=4.jpg",
		"--narration=n1.wav", "--narration=-", "--narration=n3.wav", "--gap", "1", "--", "--images", "p"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("expandImages\n got %q\nwant %q", got, want)
	}
}

func TestNewServiceDefaults(t *testing.T) {
	dir, imgs, audio := media(t)
	out := filepath.Join(dir, "show.project")
	args := append([]string{"new", "--audio", audio, "--images"}, imgs...)
	args = append(args, "-o", out)
	code, stdout, stderr := run(t, args...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, out) {
		t.Errorf("stdout %q does not name the file", stdout)
	}
	p, err := project.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if p.Output.Width != 1920 || p.Output.Height != 1080 || p.Output.FPS != 24 {
		t.Errorf("output %+v, want 1920x1080 at 24", p.Output)
	}
	d := p.Defaults
	if d.Duration != 3 || d.Transition.Duration != 0.5 || d.Transition.Kind != project.Crossfade || !d.KenBurns || d.Zoom != 1.1 {
		t.Errorf("defaults %+v, want the service's (3 s, 0.5 s crossfade, Ken Burns 1.1)", d)
	}
	if p.Timing != project.TimingFitAudio {
		t.Errorf("timing %q, want fit-audio with --audio", p.Timing)
	}
	if len(p.Soundtrack.Music) != 1 || p.Soundtrack.Music[0].Path != audio {
		t.Errorf("music %+v, want %s", p.Soundtrack.Music, audio)
	}
	if len(p.Slides) != 3 {
		t.Fatalf("%d slides", len(p.Slides))
	}
	for i, s := range p.Slides {
		if s.Image.Path != imgs[i] {
			t.Errorf("slide %d is %s, want %s", i, s.Image.Path, imgs[i])
		}
	}
}

func TestNewFlags(t *testing.T) {
	dir, imgs, audio := media(t)
	out := filepath.Join(dir, "flags") // extension added
	code, _, stderr := run(t, "new", "--images", imgs[0], imgs[1], "--audio", audio, "--fps", "30",
		"--resolution", "1280x720", "--slide-duration", "2", "--transition", "0.25", "--ken-burns=false",
		"--zoom", "1.3", "--fit-audio=false", "-o", out)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	p, err := project.Load(out + project.Ext)
	if err != nil {
		t.Fatal(err)
	}
	if p.Output.Width != 1280 || p.Output.Height != 720 || p.Output.FPS != 30 {
		t.Errorf("output %+v", p.Output)
	}
	d := p.Defaults
	if d.Duration != 2 || d.Transition.Duration != 0.25 || d.KenBurns || d.Zoom != 1.3 {
		t.Errorf("defaults %+v", d)
	}
	if p.Timing != project.TimingFixed {
		t.Errorf("timing %q, want fixed with --fit-audio=false", p.Timing)
	}
	if len(p.Slides) != 2 {
		t.Errorf("%d slides, want 2", len(p.Slides))
	}

	// Without audio the timing is fixed; presets set the size.
	out2 := filepath.Join(dir, "vertical.project")
	if code, _, stderr := run(t, "new", "--preset", "vertical", "--images", imgs[0], "-o", out2); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	p, err = project.Load(out2)
	if err != nil {
		t.Fatal(err)
	}
	if p.Output.Width != 1080 || p.Output.Height != 1920 || p.Timing != project.TimingFixed {
		t.Errorf("output %+v timing %q", p.Output, p.Timing)
	}
}

func TestUsageErrors(t *testing.T) {
	dir, imgs, audio := media(t)
	proj := filepath.Join(dir, "p.project")
	if code, _, stderr := run(t, "new", "--images", imgs[0], "-o", proj); code != ExitOK {
		t.Fatalf("new: %s", stderr)
	}
	out := filepath.Join(dir, "x.mp4")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"render", "--bogus", proj, "-o", out}, "bogus"},
		{[]string{"render", proj}, "-o"},
		{[]string{"render", "-o", out}, "--images"},
		{[]string{"render", proj, "--images", imgs[0], "-o", out}, "project file"},
		{[]string{"render", proj, "--audio", audio, "-o", out}, "project file"},
		{[]string{"render", proj, proj, "-o", out}, "at most one"},
		{[]string{"render", proj, "--preset", "cinema", "-o", out}, "cinema"},
		{[]string{"render", proj, "--preset", "720p", "--resolution", "640x360", "-o", out}, "not both"},
		{[]string{"render", "--images", imgs[0], "--resolution", "wide", "-o", out}, "1920x1080"},
		{[]string{"render", "--images", imgs[0], "--resolution", "641x360", "-o", out}, "even"},
		{[]string{"render", "--images", imgs[0], "--zoom", "9", "-o", out}, "zoom"},
		{[]string{"render", proj, "--quality", "ultra", "-o", out}, "ultra"},
		{[]string{"render", proj, "--crf", "99", "-o", out}, "crf"},
		{[]string{"render", proj, "--encoder", "h265", "-o", out}, "h265"},
		{[]string{"render", proj, "--fps", "abc", "-o", out}, "fps"},
		{[]string{"render", proj, "-o", proj}, "project file name"},
		{[]string{"new", "--images", imgs[0]}, "-o"},
		{[]string{"new", "--images", imgs[0], imgs[1], "-o", imgs[1]}, "input files"},
		{[]string{"new", proj, "-o", out}, "unexpected"},
		{[]string{"new", "--images", "-o", out}, "images"},
	} {
		code, _, stderr := run(t, c.args...)
		if code != ExitUsage {
			t.Errorf("%q: exit %d, want %d (stderr %q)", c.args, code, ExitUsage, stderr)
		}
		if !strings.Contains(stderr, c.want) {
			t.Errorf("%q: stderr %q lacks %q", c.args, stderr, c.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a usage error wrote %s", out)
	}
}

func TestRenderServiceFlags(t *testing.T) {
	needFFmpeg(t)
	dir, imgs, audio := media(t)
	out := filepath.Join(dir, "-out video.mp4")
	_, stderr := mustRun(t, renderArgs(imgs, audio, "-o", out)...)
	// fit-audio on by default: 2 s of sound at the default 24 fps.
	if n, w, h := frames(t, out); n != 48 || w != 160 || h != 90 {
		t.Errorf("%d frames %dx%d, want 48 at 160x90", n, w, h)
	}
	if !strings.Contains(stderr, "rendering") || !strings.Contains(stderr, "48/48 frames") || !strings.Contains(stderr, "wrote") {
		t.Errorf("stderr lacks plain progress lines: %q", stderr)
	}
	if strings.Contains(stderr, "\r") {
		t.Errorf("bar redraws on a non-terminal: %q", stderr)
	}
}

func TestRenderProjectFile(t *testing.T) {
	needFFmpeg(t)
	dir, imgs, _ := media(t)
	proj := filepath.Join(dir, "show.project")
	if code, _, stderr := run(t, "new", "--images", imgs[0], imgs[1], "--slide-duration", "1", "--transition", "0.5", "-o", proj); code != ExitOK {
		t.Fatalf("new: %s", stderr)
	}
	out := filepath.Join(dir, "show.mp4")
	// Positional argument after the options; fps and size overridden.
	code, _, stderr := run(t, "render", "-o", out, "--resolution", "90x160", "--fps", "30", "--quality", "draft", "-q", proj)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("--quiet printed %q", stderr)
	}
	// Two 1 s slides with a 0.5 s crossfade: 1.5 s at 30 fps.
	if n, w, h := frames(t, out); n != 45 || w != 90 || h != 160 {
		t.Errorf("%d frames %dx%d, want 45 at 90x160", n, w, h)
	}
}

func TestRenderMissingImage(t *testing.T) {
	dir, imgs, _ := media(t)
	gone := filepath.Join(dir, "vanished photo.jpg")
	out := filepath.Join(dir, "x.mp4")
	code, _, stderr := run(t, "render", "--images", imgs[0], gone, "-o", out)
	if code != ExitFailure {
		t.Errorf("exit %d, want %d", code, ExitFailure)
	}
	if !strings.Contains(stderr, gone) {
		t.Errorf("stderr %q does not name %s", stderr, gone)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("output written")
	}
}

func TestRenderWithoutFFmpeg(t *testing.T) {
	dir, imgs, _ := media(t)
	t.Setenv("PATH", t.TempDir())
	t.Setenv("SLIDEREEL_FFMPEG", "")
	code, _, stderr := run(t, "render", "--images", imgs[0], "-o", filepath.Join(dir, "x.mp4"))
	if code != ExitFailure || !strings.Contains(stderr, "ffmpeg not found") || !strings.Contains(stderr, "install") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestEncoderList(t *testing.T) {
	needFFmpeg(t)
	code, out, _ := run(t, "render", "--encoder", "list")
	if code != ExitOK || !strings.HasPrefix(out, export.EncoderX264+"\n") {
		t.Errorf("exit %d, out %q", code, out)
	}
}

func TestProgressLines(t *testing.T) {
	pr := export.Progress{Frame: 812, Total: 1800, FPS: 63.2, ETA: 15_600_000_000}
	if got := plainLine(pr); got != "812/1800 frames (45%), 63.2 fps, ETA 0:16" {
		t.Errorf("plainLine = %q", got)
	}
	if got := barLine(pr, 10); got != "[####......]  45%  812/1800 frames  63.2 fps  ETA 0:16" {
		t.Errorf("barLine = %q", got)
	}
	done := export.Progress{Frame: 10, Total: 10, FPS: 5, Elapsed: 3723_000_000_000}
	if got := plainLine(done); got != "10/10 frames (100%), 5.0 fps, done in 1:02:03" {
		t.Errorf("plainLine = %q", got)
	}
}

// TestNewStory: --narration gives each photo its clip and story timing,
// with --audio as the music under it (the old story compiler's workflow).
func TestNewStory(t *testing.T) {
	dir, imgs, music := media(t)
	n1, n3 := filepath.Join(dir, "one.wav"), filepath.Join(dir, "three.wav")
	out := filepath.Join(dir, "story.project")
	args := append([]string{"new", "--audio", music, "--music-gain", "-6", "--gap", "0.75", "--images"}, imgs...)
	args = append(args, "--narration", n1, "-", n3, "-o", out)
	if code, _, stderr := run(t, args...); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	p, err := project.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if p.Timing != project.TimingStory || p.Soundtrack.NarrationGap != 0.75 || p.Soundtrack.MusicGainDB != -6 || !p.Soundtrack.Loop {
		t.Errorf("story settings: timing %q gap %v gain %v loop %v", p.Timing, p.Soundtrack.NarrationGap, p.Soundtrack.MusicGainDB, p.Soundtrack.Loop)
	}
	if len(p.Soundtrack.Music) != 1 || p.Soundtrack.Music[0].Path != music {
		t.Errorf("music %+v, want %s", p.Soundtrack.Music, music)
	}
	got := []string{"", "", ""}
	for i, s := range p.Slides {
		if s.Narration != nil {
			got[i] = s.Narration.Path
		}
	}
	if want := []string{n1, "", n3}; !reflect.DeepEqual(got, want) {
		t.Errorf("narration %q, want %q", got, want)
	}
}

func TestStoryUsageErrors(t *testing.T) {
	dir, imgs, _ := media(t)
	proj := filepath.Join(dir, "p.project")
	if code, _, stderr := run(t, append(append([]string{"new", "--images"}, imgs...), "-o", proj)...); code != ExitOK {
		t.Fatal(stderr)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{append(append([]string{"new", "--images"}, imgs...), "--narration", "a.wav", "-o", "x.project"), "one clip per photo: 3 photos, 1 clips"},
		{append(append([]string{"new", "--images"}, imgs...), "--gap", "1", "-o", "x.project"), "--gap only applies with --narration"},
		{[]string{"render", proj, "--narration", "a.wav", "-o", "x.mp4"}, "--narration cannot be combined with a project file"},
		{append(append([]string{"new", "--images"}, imgs...), "--narration", "-o", "x.project"), "--narration needs at least one file"},
	} {
		code, _, stderr := run(t, tc.args...)
		if code != ExitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want usage error containing %q", tc.args, code, stderr, tc.want)
		}
	}
}

// TestRenderStory renders a story headless: each photo lasts its narration
// plus the gap, so 1.0 s and 0.5 s clips with a 0.5 s gap make 2.5 s.
func TestRenderStory(t *testing.T) {
	needFFmpeg(t)
	dir, imgs, music := media(t)
	n1, n2 := filepath.Join(dir, "n1.wav"), filepath.Join(dir, "n2.wav")
	writeWAV(t, n1, 1.0)
	writeWAV(t, n2, 0.5)
	out := filepath.Join(dir, "story.mp4")
	args := []string{"render", "--images", imgs[0], imgs[1], "--narration", n1, n2, "--audio", music,
		"--resolution", "160x90", "--x264-preset", "ultrafast", "-q", "-o", out}
	if code, _, stderr := run(t, args...); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n, _, _ := frames(t, out); n != 60 {
		t.Errorf("%d frames, want 60 (2.5 s at 24 fps)", n)
	}
	o, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=duration",
		"-of", "csv=p=0", "file:"+out).Output()
	if err != nil {
		t.Fatal(err)
	}
	if d, err := strconv.ParseFloat(strings.TrimSpace(string(o)), 64); err != nil || math.Abs(d-2.5) > 0.001 {
		t.Errorf("audio lasts %q, want 2.5 s", o)
	}
}

// TestRenderRefusesOverLimit: the parameters of the 578-byte request (50
// photos of an hour each) are refused by --max-length before any work,
// instead of the sound mix running the process out of memory.
func TestRenderRefusesOverLimit(t *testing.T) {
	dir, imgs, _ := media(t)
	var many []string
	for len(many) < 50 {
		many = append(many, imgs...)
	}
	out := filepath.Join(dir, "x.mp4")
	args := append([]string{"render", "-q", "--slide-duration", "3600", "-o", out, "--images"}, many[:50]...)
	code, _, stderr := run(t, args...)
	if code != ExitFailure || !strings.Contains(stderr, "max-length") {
		t.Fatalf("exit %d, stderr %q; want a failure naming max-length", code, stderr)
	}
	code, _, stderr = run(t, "render", "-q", "--max-slides", "1", "-o", out, "--images", imgs[0], imgs[0])
	if code != ExitFailure || !strings.Contains(stderr, "max-slides") {
		t.Fatalf("exit %d, stderr %q; want a failure naming max-slides", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("output written")
	}
}

// A truncated MP3 renders with a warning naming it; --strict refuses it
// and writes nothing.
func TestRenderDamagedSound(t *testing.T) {
	needFFmpeg(t)
	dir, imgs, _ := media(t)
	mp3 := filepath.Join(dir, "song.mp3")
	if out, err := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=f=440:d=5", "-ac", "2",
		"-c:a", "libmp3lame", "-b:a", "128k", filepath.Join(dir, "whole.mp3")).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v: %s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "whole.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(mp3, data[:len(data)*40/100], 0o644)
	base := append([]string{"render", "--audio", mp3, "--images"}, imgs...)
	base = append(base, "--resolution", "160x90", "--x264-preset", "ultrafast", "-q")

	out := filepath.Join(dir, "strict.mp4")
	code, _, stderr := run(t, append(base, "--strict", "-o", out)...)
	if code != ExitFailure || !strings.Contains(stderr, "song.mp3 is damaged: 2.") || !strings.Contains(stderr, "of its 5.0 s could be read") {
		t.Errorf("--strict: exit %d, stderr %q; want a failure naming song.mp3", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("--strict wrote %s", out)
	}

	out = filepath.Join(dir, "lenient.mp4")
	code, _, stderr = run(t, append(base, "-o", out)...)
	if code != ExitOK || !strings.Contains(stderr, "slidereel render: warning: song.mp3 is damaged: 2.") {
		t.Errorf("exit %d, stderr %q; want a warning naming song.mp3", code, stderr)
	}
	if n, _, _ := frames(t, out); n != 48 {
		t.Errorf("%d frames, want 48 (2 s of readable sound at 24 fps)", n)
	}
	newArgs := append([]string{"new", "--audio", mp3, "--images"}, imgs...)
	code, _, stderr = run(t, append(newArgs, "-o", filepath.Join(dir, "show.slidereel"))...)
	if code != ExitOK || !strings.Contains(stderr, "slidereel new: warning: song.mp3 is damaged: 2.") {
		t.Errorf("new: exit %d, stderr %q; want a warning naming song.mp3", code, stderr)
	}
}

// TestRenderTruncatedVideoFails: an ffmpeg that exits 0 but leaves an
// unreadable file (what a nearly full disk did) makes render fail, never
// print "wrote", and leave no file.
func TestRenderTruncatedVideoFails(t *testing.T) {
	needFFmpeg(t) // ffprobe checks the result
	dir, imgs, _ := media(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	testmedia.TruncatingFFmpeg(t)
	out := filepath.Join(dir, "x.mp4")
	code, _, stderr := run(t, "render", "--images", imgs[0], "--resolution", "160x90", "--slide-duration", "0.5", "-o", out)
	if code != ExitFailure || !strings.Contains(stderr, "damaged") || strings.Contains(stderr, "wrote") {
		t.Errorf("exit %d, stderr %q; want a failure naming the damaged video", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("output written")
	}
}
